"""Decide what an ingest must do: the difference between one source and its part of the index.

Chroma is the single source of truth: every chunk carries its article's ``doc_id``,
``doc_hash``, ``n_chunks`` and ``origin`` (the folder, export file or upload area it was read
from), so an article is stored completely or not at all, even after a run was killed halfway,
and a source only ever adds, updates or removes its own articles.
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
    origin: str = ""
    local_id: str = ""

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
    adopt: list[str] = field(default_factory=list)  # unchanged articles indexed before sources were recorded
    copies: list[tuple[str, str]] = field(default_factory=list)  # (hash, local id) skipped as another source's


DOC_KEYS = ("doc_id", "doc_hash", "n_chunks", "origin", "local_id")  # what planning reads of a chunk


def stored_docs(metadatas: list[dict]) -> dict[str, StoredDoc]:
    """Group chunk metadata by article. Mixed hashes (a half-replaced article) count as incomplete."""
    docs: dict[str, StoredDoc] = {}
    hashes: dict[str, set[str]] = defaultdict(set)
    for meta in metadatas:
        doc_id = meta.get("doc_id")
        if not doc_id:
            continue
        hashes[doc_id].add(meta.get("doc_hash", ""))
        doc = docs.get(doc_id)
        if doc is None:
            doc = docs[doc_id] = StoredDoc(
                meta.get("doc_hash", ""),
                int(meta.get("n_chunks", 0)),
                origin=meta.get("origin") or "",
                local_id=meta.get("local_id") or doc_id,
            )
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


def assign_ids(articles: list[Article], stored: dict[str, StoredDoc], origin: str, label: str) -> None:
    """Give each article of ``origin`` its doc id: the one it already has in the index, else its
    local id, else (when another source holds that name) ``label/local id``."""
    mine: dict[str, str] = {d: d for d, s in stored.items() if not s.origin}  # legacy: claimed by name
    mine.update({s.local_id or d: d for d, s in stored.items() if s.origin == origin})
    taken = set(stored)
    for art in articles:
        local = art.local_id or art.doc_id
        art.origin, art.local_id = origin, local
        doc_id = mine.get(local)
        if doc_id is None:
            doc_id, n = local, 1
            while doc_id in taken:
                doc_id = f"{label}/{local}" if n == 1 else f"{label}-{n}/{local}"
                n += 1
        taken.add(doc_id)
        art.doc_id = doc_id


def plan_source(articles: list[Article], stored: dict[str, StoredDoc], origin: str, prune: bool) -> Plan:
    """The plan for one source: only its own stored articles can be updated or (``prune``) removed;
    an article whose content another source already holds is skipped, never stored twice."""
    ids = {a.doc_id for a in articles}
    own = {d: s for d, s in stored.items() if s.origin == origin or (not s.origin and d in ids)}
    elsewhere = {s.doc_hash: d for d, s in stored.items() if d not in own}
    fresh = [a for a in articles if a.content_hash not in elsewhere]
    plan = make_plan(fresh, own)
    held_elsewhere = [a for a in articles if a.content_hash in elsewhere]
    plan.duplicates += [
        Skipped(a.local_id, f"đã có trong chỉ mục / already in the index as {elsewhere[a.content_hash]}")
        for a in held_elsewhere
    ]
    plan.copies = [(a.content_hash, a.local_id) for a in held_elsewhere]
    if not prune:
        plan.remove = []
    plan.adopt = [d for d in plan.unchanged if own[d].origin != origin]
    return plan
