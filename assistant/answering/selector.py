"""The learned evidence selector: a logistic model over generic features, with a calibrated
abstention threshold. Weights live in ``models/selector.json`` and are rebuilt by
``hoidap train-selector``; scoring needs only numpy."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.answering.features import NAMES, EvidenceFeatures, Idf
from assistant.answering.linear_weights import LinearWeights
from assistant.answering.question import Question
from assistant.answering.types import Sentence
from assistant.retrieval.passage import Passage

WEIGHTS = Path(__file__).parent / "models" / "selector.json"


class SelectorWeights(LinearWeights):
    """The selector's weights; ``threshold``: answer only when the best sentence's probability reaches it."""

    EXPECTED = NAMES
    PATH = WEIGHTS
    RETRAIN = "hoidap train-selector"

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.scores(x)))


class EvidenceSelector:
    """Scores every window sentence; the ones at or above the threshold are evidence, best first."""

    def __init__(self, features: EvidenceFeatures, weights: SelectorWeights | None = None):
        self.features = features
        self._weights = weights

    @property
    def weights(self) -> SelectorWeights:
        if self._weights is None:
            self._weights = SelectorWeights.load()
        return self._weights

    @weights.setter
    def weights(self, value: SelectorWeights) -> None:
        self._weights = value

    def score(
        self, q: Question, sentences: list[Sentence], passages: list[Passage], idf: Idf | None = None
    ) -> list[Sentence]:
        """Sets ``prob`` on each sentence; returns them best first (``idf``: the question's snapshot)."""
        if not sentences:
            return []
        probs = self.weights.probabilities(self.features(q, sentences, passages, idf))
        for s, p in zip(sentences, probs):
            s.prob = float(p)
        return sorted(sentences, key=lambda s: s.prob, reverse=True)

    def evidence(self, ranked: list[Sentence], threshold: float | None = None) -> list[Sentence]:
        t = self.weights.threshold if threshold is None else threshold
        return [s for s in ranked if s.prob >= t]
