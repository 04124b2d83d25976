"""How sure the selector is that a sentence answers: gradient-boosted trees over the ranker's
scores and the sentence's evidence, calibrated on questions, not on sentences.

The ranker orders a window's sentences; its raw score says little about whether the best one
answers (a "who" question's best sentence scores lower than a "how many" question's). This
model reads, for each scored sentence, its score, its lead over the best other sentence, its
share of the window (softmax of the scores), its article's share, every evidence feature, and
the question's kind and size; it is trained on each question's best sentence out of fold, so its
output is the probability that an answer taken from that sentence is right. Trees, because what
a feature says depends on the others (a full name in the sentence is strong for a "who" question
and says little for a "how many" one): out of fold (``hoidap train-selector``) they rank the best
sentences of held-out questions by whether they answer with ROC AUC 0.81 on news and 0.85 on
XQuAD-vi; the logistic model over 30 of these columns they replaced, on the same rows, 0.79 /
0.82. They are scikit-learn's, exported to plain arrays and walked with numpy here; the model
is made non-decreasing in the score, the lead and the share.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from assistant.answering.features import NAMES
from assistant.answering.question import ANSWER_TYPES, Question
from assistant.answering.types import Sentence

# every evidence feature of the sentence, passed through as it is
SENTENCE = NAMES
CONFIDENCE = (
    "score",
    "lead",
    "share",
    "article_share",
    "question_terms",
    "question_names",
    *SENTENCE,
    *(f"kind_{k}" for k in ANSWER_TYPES),
)
ALONE_LEAD = 5.0  # the lead of a sentence with no rival


def confidence_features(q: Question, sentences: list[Sentence], x: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One row per scored sentence: ``x`` its evidence features, ``scores`` the ranker's scores."""
    n = len(scores)
    if not n:
        return np.zeros((0, len(CONFIDENCE)))
    order = np.sort(scores)[::-1]
    best_other = np.where(scores >= order[0], order[1] if n > 1 else -np.inf, order[0])
    lead = np.where(np.isfinite(best_other), scores - best_other, ALONE_LEAD)
    e = np.exp(scores - scores.max())
    share = e / e.sum()
    docs = np.array([s.doc_id for s in sentences])
    article = np.array([share[docs == d].sum() for d in docs])
    kind = np.zeros((n, len(ANSWER_TYPES)))
    kind[:, ANSWER_TYPES.index(q.kind if q.kind in ANSWER_TYPES else "other")] = 1.0
    size = np.tile([float(len(q.terms)), float(len(q.names))], (n, 1))
    return np.column_stack([scores, lead, share, article, size, x, kind])


# the confidence may only rise with these (the rest are free)
RISING = ("score", "lead", "share")


@dataclass
class ConfidenceTrees:
    """The calibration model: a sum of regression trees on the log-odds scale. Node ``i`` of
    tree ``t`` sends a row left when its ``feature`` value is at most ``cut`` (a missing value
    goes where ``missing_left`` says); a leaf adds its ``value``. The selector's threshold
    (``SelectorWeights.threshold``) applies to its probabilities."""

    features: list[str]
    baseline: float
    feature: np.ndarray  # (trees, nodes) int
    cut: np.ndarray  # (trees, nodes) float
    left: np.ndarray  # (trees, nodes) int
    right: np.ndarray  # (trees, nodes) int
    value: np.ndarray  # (trees, nodes) float, leaves only
    leaf: np.ndarray  # (trees, nodes) bool; padding nodes are leaves worth 0
    missing_left: np.ndarray  # (trees, nodes) bool

    EXPECTED: ClassVar[tuple[str, ...]] = CONFIDENCE
    RETRAIN: ClassVar[str] = "hoidap train-selector"

    def log_odds(self, z: np.ndarray) -> np.ndarray:
        trees = np.arange(self.feature.shape[0])[None, :]
        rows = np.arange(len(z))[:, None]
        node = np.zeros((len(z), self.feature.shape[0]), dtype=np.int64)
        for _ in range(self.feature.shape[1]):
            at_leaf = self.leaf[trees, node]
            if at_leaf.all():
                break
            v = z[rows, self.feature[trees, node]]
            go_left = np.where(np.isnan(v), self.missing_left[trees, node], v <= self.cut[trees, node])
            node = np.where(at_leaf, node, np.where(go_left, self.left[trees, node], self.right[trees, node]))
        return self.baseline + self.value[trees, node].sum(axis=1)

    def probabilities(self, z: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.log_odds(z)))

    @classmethod
    def from_sklearn(cls, model, features: list[str] | tuple[str, ...] = CONFIDENCE) -> ConfidenceTrees:
        """Exported from a fitted binary ``HistGradientBoostingClassifier``."""
        tables = [tree[0].nodes for tree in model._predictors]
        width = max(len(t) for t in tables)

        def grid(field_name: str, dtype, pad) -> np.ndarray:
            out = np.full((len(tables), width), pad, dtype=dtype)
            for i, t in enumerate(tables):
                out[i, : len(t)] = t[field_name]
            return out

        leaf = grid("is_leaf", bool, True)
        return cls(
            list(features),
            float(np.ravel(model._baseline_prediction)[0]),
            grid("feature_idx", np.int64, 0),
            grid("num_threshold", np.float64, 0.0),
            grid("left", np.int64, 0),
            grid("right", np.int64, 0),
            np.where(leaf, grid("value", np.float64, 0.0), 0.0),
            leaf,
            grid("missing_go_to_left", bool, False),
        )

    def to_dict(self) -> dict:
        # one line per tree in the file: [feature, cut, left, right, value, leaf, missing_left] per node
        trees = []
        for t in range(self.feature.shape[0]):
            nodes = [
                [int(f), float(c), int(a), int(b), round(float(v), 8), int(lf), int(m)]
                for f, c, a, b, v, lf, m in zip(
                    self.feature[t],
                    self.cut[t],
                    self.left[t],
                    self.right[t],
                    self.value[t],
                    self.leaf[t],
                    self.missing_left[t],
                )
            ]
            trees.append(json.dumps(nodes, separators=(",", ":")))
        return {
            "features": list(self.features),
            "baseline": float(self.baseline),
            "trees": trees,
        }

    @classmethod
    def from_dict(cls, d: dict) -> ConfidenceTrees:
        if list(d["features"]) != list(cls.EXPECTED) or "trees" not in d:
            raise ValueError(f"the confidence model was trained on other features; run `{cls.RETRAIN}`")
        nodes = np.array([json.loads(t) for t in d["trees"]], dtype=np.float64)  # (trees, nodes, 7)
        i = lambda k: nodes[:, :, k].astype(np.int64)  # noqa: E731
        return cls(
            list(d["features"]),
            float(d["baseline"]),
            i(0),
            nodes[:, :, 1],
            i(2),
            i(3),
            nodes[:, :, 4],
            nodes[:, :, 5] > 0,
            nodes[:, :, 6] > 0,
        )
