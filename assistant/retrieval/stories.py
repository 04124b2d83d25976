"""One passage per news story: near-duplicate articles (same dispatch, several outlets) collapse
into the best-ranked one, which lists the others as "cũng đăng tại / also in"."""

from __future__ import annotations

from assistant.retrieval.passage import Passage


def collapse_duplicates(passages: list[Passage]) -> list[Passage]:
    """Keep, for each story, only the passages of its best-ranked article; the other articles of
    that story go to the kept passages' ``also_in``. Order is kept; exact duplicates and
    passages without a story are untouched."""
    keeper: dict[str, str] = {}  # story -> doc_id shown
    others: dict[str, dict[str, dict]] = {}  # story -> doc_id -> outlet
    kept: list[Passage] = []
    for p in passages:
        story = p.story or p.doc_id
        shown = keeper.setdefault(story, p.doc_id)
        if p.doc_id == shown:
            kept.append(p)
        else:
            outlet = {"doc_id": p.doc_id, "title": p.title, "source": p.source, "date": p.date_label, "file": p.file}
            others.setdefault(story, {}).setdefault(p.doc_id, outlet)
    for p in kept:
        extra = others.get(p.story or p.doc_id)
        if extra:
            p.also_in = list(extra.values())
    return kept
