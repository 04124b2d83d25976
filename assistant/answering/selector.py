"""The learned evidence selector: a logistic model over generic features, with a calibrated
abstention threshold. Weights live in ``models/selector.json`` and are rebuilt by
``hoidap train-selector``; scoring needs only numpy."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.answering.features import NAMES, EvidenceFeatures, Idf
from assistant.answering.question import Question
from assistant.answering.types import Sentence
from assistant.retrieval.passage import Passage

WEIGHTS = Path(__file__).parent / "models" / "selector.json"


@dataclass
class SelectorWeights:
    features: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float  # answer only when the best sentence's probability reaches this
    info: dict = field(default_factory=dict)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict:
        return {
            "features": self.features,
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "info": self.info,
        }

    @classmethod
    def from_dict(cls, d: dict) -> SelectorWeights:
        if list(d["features"]) != list(NAMES):
            raise ValueError("selector weights were trained on other features; run `hoidap train-selector`")
        arr = lambda k: np.asarray(d[k], dtype=np.float64)  # noqa: E731
        return cls(
            d["features"],
            arr("mean"),
            arr("scale"),
            arr("coef"),
            float(d["intercept"]),
            float(d["threshold"]),
            d.get("info", {}),
        )

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> SelectorWeights:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def save(self, path: Path = WEIGHTS) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


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
