"""Decide what an ingest must do: the difference between a folder and the index.

Chroma is the single source of truth: every chunk carries its article's ``doc_id``,
``doc_hash`` and ``n_chunks``, so an article is stored completely or not at all, even after
a run was killed halfway.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from indexing.articles import Article, Skipped


@dataclass
class StoredDoc:
    doc_hash: str
    n_chunks: int
    present: int = 0

    @property
    def complete(self) -> bool:
        return self.present == self.n_chunks


@dataclass
class Plan:
    add: list[Article] = field(default_factory=list)
    update: list[Article] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[Skipped] = field(default_factory=list)


def stored_docs(metadatas: list[dict]) -> dict[str, StoredDoc]:
    """Group chunk metadata by article. Mixed hashes (a half-replaced article) count as incomplete."""
    docs: dict[str, StoredDoc] = {}
    hashes: dict[str, set[str]] = defaultdict(set)
    for meta in metadatas:
        doc_id = meta.get("doc_id")
        if not doc_id:
            continue
        hashes[doc_id].add(meta.get("doc_hash", ""))
        doc = docs.setdefault(doc_id, StoredDoc(meta.get("doc_hash", ""), int(meta.get("n_chunks", 0))))
        doc.present += 1
    for doc_id, hs in hashes.items():
        if len(hs) > 1:
            docs[doc_id].n_chunks = -1
    return docs


def make_plan(articles: list[Article], stored: dict[str, StoredDoc]) -> Plan:
    """Add new articles, replace changed or incomplete ones, remove vanished ones; identical
    articles under two names are kept once (the one already stored, else the first name)."""
    plan = Plan()
    by_hash: dict[str, list[Article]] = defaultdict(list)
    for art in sorted(articles, key=lambda a: a.doc_id):
        by_hash[art.content_hash].append(art)
    keep: list[Article] = []
    for group in by_hash.values():
        stored_first = sorted(group, key=lambda a: stored.get(a.doc_id, StoredDoc("", 0)).doc_hash != a.content_hash)
        keeper = stored_first[0]
        keep.append(keeper)
        for other in group:
            if other is not keeper:
                plan.duplicates.append(Skipped(other.doc_id, f"trùng nội dung với / same content as {keeper.doc_id}"))
    kept_ids = {a.doc_id for a in keep}
    for art in sorted(keep, key=lambda a: a.doc_id):
        old = stored.get(art.doc_id)
        if old is None:
            plan.add.append(art)
        elif old.doc_hash == art.content_hash and old.complete:
            plan.unchanged.append(art.doc_id)
        else:
            plan.update.append(art)
    plan.remove = sorted(d for d in stored if d not in kept_ids)
    return plan
