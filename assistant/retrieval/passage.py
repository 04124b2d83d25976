"""A retrieved passage: a chunk with its article's metadata and offsets."""

from __future__ import annotations

from dataclasses import dataclass, field

from llama_index.core.schema import NodeWithScore


@dataclass
class Passage:
    chunk_id: str
    doc_id: str
    title: str
    text: str
    start: int
    end: int
    date: int = 0
    source: str = ""
    file: str = ""
    score: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)
    story: str = ""  # near-duplicate story key (``doc_id`` of its first article); "" = its own
    also_in: list[dict] = field(default_factory=list)  # the same story in other outlets

    @property
    def also_in_label(self) -> str:
        """ "cũng đăng tại / also in: Outlet (dd/mm/yyyy), …" or ""."""
        if not self.also_in:
            return ""
        names = [
            " ".join(x for x in (o.get("source") or o.get("title", ""), o.get("date", "")) if x) for o in self.also_in
        ]
        return "cũng đăng tại / also in: " + "; ".join(names)

    @property
    def date_label(self) -> str:
        if not self.date:
            return ""
        return f"{self.date % 100:02d}/{self.date // 100 % 100:02d}/{self.date // 10000}"

    @classmethod
    def from_node(cls, nws: NodeWithScore) -> Passage:
        node, meta = nws.node, nws.node.metadata
        return cls(
            chunk_id=node.node_id,
            doc_id=meta.get("doc_id", ""),
            title=meta.get("title", ""),
            text=node.get_content(),
            start=int(node.start_char_idx or 0),
            end=int(node.end_char_idx or 0),
            date=int(meta.get("date") or 0),
            source=meta.get("source", ""),
            file=meta.get("file", ""),
            score=float(nws.score or 0.0),
            story=meta.get("story", ""),
        )

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}
