"""Labelled QA data for training and benchmarks: XQuAD-vi and the hand-written news set.

Both are read from ``../shared`` at run time (never committed, except the news questions,
which reference articles by id). Every item carries ``group`` (its source article) so folds
are split by article.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from indexing.articles import Article
from indexing.settings import REPO_ROOT

SHARED = REPO_ROOT.parent / "shared"
SETS = Path(__file__).parent / "sets"
N_FOLDS = 5


@dataclass
class QAItem:
    id: str
    question: str
    answers: list[list[str]]  # every group must be matched by one of its aliases; [] = unanswerable
    gold: list[str]  # doc ids holding the answer
    group: str  # the source article (folds never split one)
    type: str = "other"
    history: list[str] = field(default_factory=list)
    accents: bool = True
    evidence: str = ""
    topic: str = ""

    @property
    def fold(self) -> int:
        return fold_of(self.group)


NEWS = "baomoi#"  # the group (article id) prefix of the news set's questions


def is_news(item: QAItem) -> bool:
    """A question of the news set (the product's domain), not of XQuAD-vi (Wikipedia)."""
    return item.group.startswith(NEWS)


def fold_of(group: str, n: int = N_FOLDS) -> int:
    """A stable fold per article (hash of its id)."""
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % n


def xquad(shared: Path = SHARED) -> tuple[list[Article], list[QAItem]]:
    """XQuAD-vi paragraphs as articles; one item per question (group = the Wikipedia article)."""
    data = json.loads((shared / "bench" / "xquad.vi.json").read_text(encoding="utf-8"))["data"]
    articles, items = [], []
    for a_i, art in enumerate(data):
        for p_i, para in enumerate(art["paragraphs"]):
            doc_id = f"xquad-{a_i:02d}-{p_i:02d}"
            articles.append(Article(doc_id=doc_id, title=art.get("title", ""), text=para["context"]))
            for qa in para["qas"]:
                aliases = list(dict.fromkeys(a["text"] for a in qa["answers"]))
                items.append(QAItem(qa["id"], qa["question"], [aliases], [doc_id], f"xquad-{a_i:02d}"))
    return articles, items


def news_items(path: Path | None = None) -> list[QAItem]:
    """The hand-written news QA set (``eval/sets/news*.jsonl``)."""
    paths = [path] if path else sorted(SETS.glob("news_part*.jsonl"))
    items = []
    for p in paths:
        for line in p.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            doc = f"{NEWS}{row['article']}"
            items.append(
                QAItem(
                    id=row["id"],
                    question=row["question"],
                    answers=row["answers"],
                    gold=[doc] if row["answers"] else [],
                    group=doc,
                    type=row.get("type", "other"),
                    history=row.get("history", []),
                    accents=row.get("accents", True),
                    evidence=row.get("evidence", ""),
                    topic=row.get("topic", ""),
                )
            )
    return items


def news_articles(ids: set[str], distractors: int, shared: Path = SHARED) -> list[Article]:
    """The set's articles plus the first ``distractors`` other articles of the shared corpus."""
    from indexing.readers import Unreadable, make_article

    out = []
    extra = 0
    with gzip.open(shared / "corpus" / "baomoi-news.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            doc = f"{NEWS}{row['id']}"
            wanted = doc in ids
            if not wanted and extra >= distractors:
                if len(out) - extra >= len(ids):
                    break
                continue
            try:
                out.append(make_article(doc, row.get("text", ""), file="baomoi", title=row.get("title", "")))
            except Unreadable:
                continue
            extra += not wanted
    return out
