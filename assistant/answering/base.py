"""What every answering backend takes and what an answer looks like."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from assistant.retrieval.passage import Passage

if TYPE_CHECKING:
    from assistant.answering.types import AnswerState

NOT_FOUND = "Không tìm thấy thông tin này trong tài liệu."


class BackendUnavailable(RuntimeError):
    """The backend cannot run here (model missing, server down); the message is for users."""


class Backend(Protocol):
    """Writes an answer with [n] markers from the request's state (passages numbered 1..n and
    the selector's ranked sentences); may stream pieces."""

    name: str

    def generate(self, state: AnswerState) -> Iterator[str]: ...


@dataclass
class Citation:
    n: int
    passage: Passage
    span: tuple[int, int]  # supporting sentence, offsets in the article's cleaned text
    quote: str

    def to_dict(self) -> dict:
        return {"n": self.n, "span": list(self.span), "quote": self.quote, **self.passage.to_dict()}


@dataclass
class Answer:
    question: str
    text: str
    found: bool
    backend: str
    standalone_question: str = ""
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    fallback: str = ""
    short: str = ""  # the short answer (number, date, name) shown in bold, "" when none
    confidence: float = 0.0  # the selector's probability for the best evidence sentence

    @property
    def understood_as(self) -> str:
        """The question as searched when it differs from what was typed (accents restored, a
        follow-up completed), else ""."""
        searched = " ".join(self.standalone_question.split())
        return searched if searched and searched != " ".join(self.question.split()) else ""

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "standalone_question": self.standalone_question,
            "answer": self.text,
            "short_answer": self.short,
            "confidence": round(self.confidence, 4),
            "found": self.found,
            "backend": self.backend,
            "fallback": self.fallback,
            "citations": [c.to_dict() for c in self.citations],
            "passages": [p.to_dict() for p in self.passages],
            "dropped_sentences": self.dropped,
            "timings": self.timings,
        }
