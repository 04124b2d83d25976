"""How sure the selector is that a sentence answers: a second logistic model over the ranker's
scores, calibrated on questions, not on sentences.

The ranker orders a window's sentences; its raw score says little about whether the best one
answers (a "who" question's best sentence scores lower than a "how many" question's). This
model reads, for each scored sentence, its score, its lead over the best other sentence, its
share of the window (softmax of the scores), its article's share, a few of its evidence
features, and the question's kind and size; it is trained on each question's best sentence out
of fold, so its output is the probability that an answer taken from that sentence is right.
"""

from __future__ import annotations

import numpy as np

from assistant.answering.features import NAMES
from assistant.answering.linear_weights import LinearWeights
from assistant.answering.question import ANSWER_TYPES, Question
from assistant.answering.types import Sentence

# evidence feature columns passed through as they are
SENTENCE = (
    "type_match",
    "answer_candidate",
    "names_cover",
    "dense",
    "overlap",
    "rare_missing",
    "focus_cover",
    "numbers_cover",
    "years_cover",
    "overlap_scope",
    "compactness",
    "passage_top",
    "same_doc_best",
)
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
_COLUMNS = np.array([NAMES.index(n) for n in SENTENCE])
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
    return np.column_stack([scores, lead, share, article, size, x[:, _COLUMNS], kind])


class ConfidenceWeights(LinearWeights):
    """The calibration model; the selector's ``threshold`` applies to its probabilities."""

    EXPECTED = CONFIDENCE
    RETRAIN = "hoidap train-selector"

    def probabilities(self, z: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.scores(z)))
