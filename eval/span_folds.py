"""Span-scorer features for the selector's training rows, stacked by article fold.

The evidence selector reads the short-answer span scorer's view of each sentence
(``short_answer.span_strength``). A scorer that was trained on a question's own gold sentence
would flatter that question's row, so each training row is scored by a span scorer that never
saw the row's article fold, nor the fold held out for evaluation: what the shipped scorer is to
a user's new question.
"""

from __future__ import annotations

from itertools import combinations

from assistant.answering.question import Question
from assistant.answering.short_answer import ShortAnswerWeights, span_table, table_strength
from eval.qa_sets import N_FOLDS, QAItem

Strength = tuple[float, float, float]


class FoldSpanScorers:
    """One span scorer per set of excluded folds ({g} and {f, g}); strengths cached per
    (question, sentence) for all of them at once (building a sentence's span table is the cost)."""

    def __init__(self, models: dict[frozenset[int], ShortAnswerWeights]):
        self.models = models
        self._cache: dict[tuple[str, str], dict[frozenset[int], Strength]] = {}

    @classmethod
    def train(cls, examples: list, folds: list[int] | None = None) -> FoldSpanScorers:
        """Fit the scorers on ``examples`` (``train_short_answer.Example``) without each fold
        and each pair of folds."""
        from eval.train_short_answer import fit

        folds = sorted(set(folds if folds is not None else range(N_FOLDS)))
        keys = [frozenset({g}) for g in folds] + [frozenset(p) for p in combinations(folds, 2)]
        return cls({k: fit([ex for ex in examples if ex.item.fold not in k]) for k in keys})

    def model(self, held: int) -> ShortAnswerWeights:
        """The scorer that never saw fold ``held``."""
        return self.models[frozenset({held})]

    def strengths(self, item: QAItem, q: Question, texts: list[str], held: int | None = None) -> list[Strength]:
        """``span_strength`` of each of ``texts`` (sentences of ``item``'s window) by the scorer
        that saw neither ``item``'s fold nor ``held``."""
        key = frozenset({item.fold} if held is None else {item.fold, held})
        out = []
        for text in texts:
            cached = self._cache.get((item.id, text))
            if cached is None:
                table = span_table(q, text)
                cached = {k: table_strength(q, table, w) for k, w in self.models.items()}
                self._cache[(item.id, text)] = cached
            out.append(cached[key])
        return out
