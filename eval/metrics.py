"""One small evaluator per metric, each a pure function of the recorded results."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.citations import numbers_in
from eval.matching import contains


@dataclass
class Record:
    """What one eval item produced."""

    item: dict
    answer_text: str
    found: bool
    doc_ranking: list[str]  # retrieved articles, best first, unique
    cited_texts: list[str]  # passages the answer cites
    seconds: float
    fallback: bool = False  # a model's answer was replaced by the extractive one

    @property
    def answerable(self) -> bool:
        return bool(self.item["answers"])


def _facts_in(text: str, groups: list[list[str]]) -> bool:
    return all(any(contains(text, alias) for alias in group) for group in groups)


class RetrievalHit:
    def __init__(self, k: int):
        self.name, self.k = f"hit@{k}", k

    def applies(self, r: Record) -> bool:
        return r.answerable and bool(r.item["gold"])

    def score(self, r: Record) -> float:
        return float(all(g in r.doc_ranking[: self.k] for g in r.item["gold"]))


class MRR:
    name = "mrr"

    def applies(self, r: Record) -> bool:
        return r.answerable and bool(r.item["gold"])

    def score(self, r: Record) -> float:
        ranks = [r.doc_ranking.index(g) + 1 for g in r.item["gold"] if g in r.doc_ranking]
        return 1.0 / min(ranks) if ranks else 0.0


class AnswerAccuracy:
    """Every required fact (one alias per group) appears in the answer."""

    name = "answer_accuracy"

    def applies(self, r: Record) -> bool:
        return r.answerable

    def score(self, r: Record) -> float:
        return float(r.found and _facts_in(r.answer_text, r.item["answers"]))


class CitationAccuracy:
    """Every required fact appears in a passage the answer cites."""

    name = "citation_accuracy"

    def applies(self, r: Record) -> bool:
        return r.answerable

    def score(self, r: Record) -> float:
        return float(r.found and _facts_in(" ".join(r.cited_texts), r.item["answers"]))


class NumberFaithfulness:
    """Every number in a given answer appears in a cited passage."""

    name = "number_faithfulness"

    def applies(self, r: Record) -> bool:
        return r.found

    def score(self, r: Record) -> float:
        return float(numbers_in(r.answer_text) <= numbers_in(" ".join(r.cited_texts)))


class Abstention:
    """Unanswerable questions get the not-found answer."""

    name = "abstention_on_unanswerable"

    def applies(self, r: Record) -> bool:
        return not r.answerable

    def score(self, r: Record) -> float:
        return float(not r.found)


class FalseAnswerRate:
    name = "false_answer_rate"

    def applies(self, r: Record) -> bool:
        return not r.answerable

    def score(self, r: Record) -> float:
        return float(r.found)


class OverRefusal:
    """Answerable questions wrongly declined."""

    name = "refused_answerable"

    def applies(self, r: Record) -> bool:
        return r.answerable

    def score(self, r: Record) -> float:
        return float(not r.found)


class FallbackRate:
    """Given answers where the chosen backend's text failed the checks and was replaced."""

    name = "fallback_rate"

    def applies(self, r: Record) -> bool:
        return r.found

    def score(self, r: Record) -> float:
        return float(r.fallback)


ALL = [
    RetrievalHit(1),
    RetrievalHit(5),
    MRR(),
    AnswerAccuracy(),
    CitationAccuracy(),
    NumberFaithfulness(),
    Abstention(),
    FalseAnswerRate(),
    OverRefusal(),
    FallbackRate(),
]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (0.0 for no values)."""
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def summarise(records: list[Record]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for metric in ALL:
        scores = [metric.score(r) for r in records if metric.applies(r)]
        out[metric.name] = sum(scores) / len(scores) if scores else None
    secs = [r.seconds for r in records]
    if secs:
        out["latency_p50_s"] = percentile(secs, 0.5)
        out["latency_p95_s"] = percentile(secs, 0.95)
    out["n"] = len(records)
    return out
