"""The learned evidence selector: linear models and boosted trees over generic features, with a
calibrated abstention threshold. Weights live in ``models/selector.json`` and are rebuilt by
``hoidap train-selector``; scoring needs only numpy.

It runs in three stages. A logistic prefilter over the lexical features (no vectors) ranks every
window sentence; only the best ``keep`` of them are embedded. A ranker (a linear model trained on
pairs: the sentence that answers against one that does not, of the same question) scores those
with all the features. A calibration model (``confidence.py``, boosted trees) turns each score,
read against the others, the sentence's evidence and the question's kind, into the probability
that an answer from that sentence is right; the threshold applies to it. Besides the evidence
features, the ranker reads the short-answer span scorer's view of each kept sentence (``SPAN``):
how clearly some span of it answers. Out of fold, keeping 8 of a window's ~30 sentences loses no
correct first choice against keeping 12 or all, and embedding and reading the kept sentences is
most of a question's time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.answering.confidence import ConfidenceTrees, confidence_features
from assistant.answering.features import LEXICAL, LEXICAL_COLUMNS, NAMES, EvidenceFeatures, Idf, with_spans
from assistant.answering.linear_weights import LinearWeights
from assistant.answering.question import Question
from assistant.answering.short_answer import ShortAnswerWeights, span_strength
from assistant.answering.types import Sentence
from assistant.retrieval.passage import Passage

WEIGHTS = Path(__file__).parent / "models" / "selector.json"
KEEP = 8
# embeds the kept sentences (ONNX Runtime, which releases the GIL) while the span scorer, plain
# Python, reads them: the two were ~50 and ~45 ms of a question, one after the other
_EMBEDDING = ThreadPoolExecutor(4, thread_name_prefix="evidence-embed")  # a few questions at once


class PrefilterWeights(LinearWeights):
    """The first stage: which sentences are worth embedding (scored on ``LEXICAL`` columns)."""

    EXPECTED = LEXICAL
    PATH = WEIGHTS
    RETRAIN = "hoidap train-selector"

    def kept(self, x: np.ndarray, keep: int) -> np.ndarray:
        """Indices of the ``keep`` best rows of ``x`` (full feature rows), in their order."""
        if len(x) <= keep:
            return np.arange(len(x))
        return np.sort(np.argsort(-self.scores(x[:, LEXICAL_COLUMNS]), kind="stable")[:keep])


@dataclass
class SelectorWeights(LinearWeights):
    """The ranker's weights, with the stages around it: ``prefilter`` (None: every sentence is
    scored) keeps ``keep`` sentences; ``confidence`` (None, in weights older than it: the logistic
    of the score) gives each its probability; ``threshold``: answer only when the best sentence's
    probability reaches it."""

    prefilter: PrefilterWeights | None = None
    keep: int = KEEP
    confidence: ConfidenceTrees | None = None

    EXPECTED = NAMES
    PATH = WEIGHTS
    RETRAIN = "hoidap train-selector"

    def probabilities(self, q: Question, sentences: list[Sentence], x: np.ndarray) -> np.ndarray:
        """Each sentence's probability of answering (``x``: the full feature rows of one
        question's scored ``sentences``)."""
        scores = self.scores(x)
        if self.confidence is None:
            return 1.0 / (1.0 + np.exp(-scores))
        return self.confidence.probabilities(confidence_features(q, sentences, x, scores))

    def kept(self, x: np.ndarray) -> np.ndarray:
        return np.arange(len(x)) if self.prefilter is None else self.prefilter.kept(x, self.keep)

    def to_dict(self) -> dict:
        d = super().to_dict()
        if self.prefilter is not None:
            d["keep"] = self.keep
            d["prefilter"] = self.prefilter.to_dict()
        if self.confidence is not None:
            d["confidence"] = self.confidence.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict):
        w = super().from_dict(d)
        if "prefilter" in d:
            w.prefilter = PrefilterWeights.from_dict(d["prefilter"])
            w.keep = int(d["keep"])
        if "confidence" in d:
            w.confidence = ConfidenceTrees.from_dict(d["confidence"])
        return w


class EvidenceSelector:
    """Scores the window sentences; the ones at or above the threshold are evidence, best first.
    ``span_weights``: the span scorer it reads (and the short answer is taken with); None: the
    shipped one."""

    def __init__(
        self,
        features: EvidenceFeatures,
        weights: SelectorWeights | None = None,
        span_weights: ShortAnswerWeights | None = None,
    ):
        self.features = features
        self._weights = weights
        self.span_weights = span_weights

    @property
    def weights(self) -> SelectorWeights:
        if self._weights is None:
            self._weights = SelectorWeights.load()
        return self._weights

    @weights.setter
    def weights(self, value: SelectorWeights) -> None:
        self._weights = value

    def kept_probabilities(
        self, q: Question, sentences: list[Sentence], x_lexical: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(indices of the sentences the prefilter keeps, their probabilities)."""
        kept = self.weights.kept(x_lexical)
        chosen = [sentences[i] for i in kept]
        embedding = _EMBEDDING.submit(self.features.embed, q, chosen)
        spans = [span_strength(q, s.text, self.span_weights) for s in chosen]
        embedding.result()
        x = with_spans(self.features.with_dense(q, chosen, x_lexical[kept]), spans)
        return kept, self.weights.probabilities(q, chosen, x)

    def score(
        self, q: Question, sentences: list[Sentence], passages: list[Passage], idf: Idf | None = None
    ) -> list[Sentence]:
        """Sets ``prob`` on each sentence (0 for those the prefilter drops); returns them best
        first (``idf``: the question's snapshot)."""
        if not sentences:
            return []
        x = self.features.lexical(q, sentences, passages, idf)
        kept, probs = self.kept_probabilities(q, sentences, x)
        for s in sentences:
            s.prob = 0.0
        for i, p in zip(kept, probs):
            sentences[i].prob = float(p)
        return sorted(sentences, key=lambda s: s.prob, reverse=True)

    def evidence(self, ranked: list[Sentence], threshold: float | None = None) -> list[Sentence]:
        t = self.weights.threshold if threshold is None else threshold
        return [s for s in ranked if s.prob >= t]
