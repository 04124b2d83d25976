"""The typed objects the answer path passes between its steps
(retrieve → window → select evidence → compose → check)."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answering.question import Question
from assistant.retrieval.filters import SearchFilters
from assistant.retrieval.passage import Passage


@dataclass
class Sentence:
    """One candidate evidence sentence, read in article order across chunk edges."""

    n: int  # 1-based number of the passage it is cited from
    doc_id: str
    title: str
    text: str
    start: int  # offsets in the article's cleaned text
    end: int
    rank: int  # 0-based rank of the best retrieved passage holding it
    order: int  # position among the article's retrieved sentences
    previous: str = ""  # the sentence just before it in the article ("" when not retrieved)
    following: str = ""  # the sentence just after it ("" when not retrieved)
    prob: float = 0.0  # the selector's probability that it answers the question

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class AnswerState:
    """Everything one request produces, filled in step by step."""

    question: str  # as typed
    standalone: str  # after follow-up rewriting (and accents, then capitals, restored): what is answered
    analysis: Question | None = None  # the question analysed once (``Understand``)
    backend: str = "extractive"
    k: int = 5
    filters: SearchFilters = field(default_factory=SearchFilters)
    found: list[Passage] = field(default_factory=list)  # every search candidate, fused, before the top k
    passages: list[Passage] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)  # the window, best first after selection
    evidence: list[Sentence] = field(default_factory=list)  # sentences that clear the threshold
    short: str = ""  # the short answer (number, date, name, phrase) taken from the best evidence
    follow_subject: str = ""  # the X of a "Còn X thì sao?" appended to the previous question: evidence names it
    draft: str = ""  # the composed answer with [n] markers, before the check
    timings: dict[str, float] = field(default_factory=dict)
    fallback: str = ""
    snapshot: object | None = None  # the index snapshot every step of this question reads
