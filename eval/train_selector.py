"""`hoidap train-selector`: rebuild the evidence selector's weights reproducibly.

1. Index XQuAD-vi and the news set's articles (plus distractors) in their own cached folders.
2. Ask every question through the assistant's own retrieve and window steps; compute the
   features of every window sentence; label a sentence 1 when it is in a gold article and
   holds the gold answer.
3. Score the kept sentences with the short-answer span scorer too, each by a scorer that never
   saw its article fold (``span_folds.py``), and fit three models with folds split by
   article: the prefilter (logistic) on every sentence's lexical features; the ranker on pairs
   (a sentence holding the answer against one that does not, of the same question) of the
   sentences the prefilter keeps; the confidence model (boosted trees; the two sets weighing
   the same) on each question's best sentence as rankers trained without its fold score it. Pick
   the abstention threshold on out-of-fold confidences of the news questions for the stated
   precision, and write ``models/selector.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.answering.confidence import CONFIDENCE, RISING, ConfidenceTrees, confidence_features
from assistant.answering.features import LEXICAL, LEXICAL_COLUMNS, NAMES, EvidenceFeatures, with_spans
from assistant.answering.linear_weights import LinearWeights
from assistant.answering.selector import KEEP, WEIGHTS, EvidenceSelector, PrefilterWeights, SelectorWeights
from assistant.answering.short_answer import ShortAnswerWeights
from eval.matching import contains
from eval.qa_sets import QAItem, is_news, news_articles, news_items, xquad
from eval.span_folds import FoldSpanScorers
from eval.train_short_answer import examples as short_examples
from indexing.settings import Settings

PRECISION_TARGET = 0.82  # on the news questions, out of fold
C = 1.0
# the confidence trees: small, shallow and slow to learn, from ~1,800 questions' best sentences
TREES = {"max_iter": 200, "max_depth": 3, "learning_rate": 0.03, "min_samples_leaf": 50, "l2_regularization": 1.0}


@dataclass
class Collected:
    """Lexical feature rows for every window sentence of every question, and what the dense
    features of any subset of a question's sentences are computed from."""

    x: np.ndarray  # (rows, features): lexical rows, DENSE and SPAN columns 0
    y: np.ndarray  # (rows,) 1 = holds the gold answer in a gold article
    qrow: np.ndarray  # (rows,) question index
    items: list[QAItem]
    states: list  # each question's AnswerState (analysis, sentences)
    features: list[EvidenceFeatures]  # each question's (their vector caches hold every window sentence)
    spans: FoldSpanScorers | None = None  # the span columns' scorers (None: those columns stay 0)

    def __post_init__(self) -> None:
        self._starts = np.searchsorted(self.qrow, np.arange(len(self.items) + 1))  # rows are by question

    def rows_of(self, q: int) -> np.ndarray:
        return np.arange(self._starts[q], self._starts[q + 1])

    def question_folds(self) -> np.ndarray:
        return np.array([item.fold for item in self.items])

    def full_rows(self, q: int, kept: np.ndarray, held: int | None = None) -> np.ndarray:
        """Every feature of question ``q``'s sentences ``kept`` (indices within the question),
        the dense ones relative to those sentences, as the engine computes them; the span ones
        by a span scorer that saw neither ``q``'s fold nor the ``held`` one."""
        state, rows = self.states[q], self.rows_of(q)
        chosen = [state.sentences[i] for i in kept]
        x = self.features[q].with_dense(state.analysis, chosen, self.x[rows[kept]])
        if self.spans is None:
            return x
        return with_spans(x, self.spans.strengths(self.items[q], state.analysis, [s.text for s in chosen], held))


def bench_index(name: str, articles, settings: Settings | None = None):
    """An index of ``articles`` in its own cached folder (never the user's); built once."""
    from indexing.pipeline import Indexer

    base = settings or Settings()
    s = base.with_(index_dir=base.cache_dir / "bench-index" / name, collection=name)
    indexer = Indexer(s)
    indexer.sync(articles, [], prune=True)
    return s, indexer.embed_model


def label(item: QAItem, doc_id: str, text: str) -> int:
    if not item.answers or doc_id not in item.gold:
        return 0
    return int(all(any(contains(text, a) for a in group) for group in item.answers))


def ask_history(assistant, item: QAItem):
    """Earlier turns of a follow-up, asked like a user would."""
    from assistant.followup import Turn

    history = []
    for q in item.history:
        prev = assistant.ask(q, history)
        history.append(Turn(q, prev.standalone_question, prev.text))
    return history


def windows(assistant, items: list[QAItem], k: int = 5) -> list:
    """Each question's state after the assistant's own retrieve and window steps."""
    states = []
    for qi, item in enumerate(items):
        history = ask_history(assistant, item) if item.history else []
        state = assistant.prepare(item.question, history, k=k, select=False)
        state.filters, state.found = None, []  # keep the cache small and picklable
        states.append(state)
        if (qi + 1) % 100 == 0:
            print(f"  {qi + 1}/{len(items)} questions", flush=True)
    return states


def featurise(features, items: list[QAItem], states: list, reanalyse: bool = True) -> Collected:
    """Lexical feature rows and labels for every window sentence, every sentence embedded (into
    ``features``' cache); each cached question is analysed again as the engine does now
    (``reanalyse``)."""
    from assistant.answering.window import SentenceWindow
    from assistant.engine import analyse_turn

    window = SentenceWindow()
    xs, ys, qs = [], [], []
    for qi, (item, state) in enumerate(zip(items, states)):
        # cheap, and either may have changed since the windows were cached
        state.sentences = window(state.passages)
        if reanalyse:
            state.analysis = analyse_turn(state.question, state.standalone)
        xs.append(features.lexical(state.analysis, state.sentences, state.passages))
        features.sentence_vectors([s.text for s in state.sentences])
        features.query_vector(state.analysis.text)
        ys.append(np.array([label(item, s.doc_id, s.text) for s in state.sentences], dtype=np.int8))
        qs.append(np.full(len(state.sentences), qi, dtype=np.int32))
    return Collected(np.concatenate(xs), np.concatenate(ys), np.concatenate(qs), items, states, [features] * len(items))


def fit(
    x: np.ndarray, y: np.ndarray, kind: type[LinearWeights] = SelectorWeights, weight: np.ndarray | None = None
) -> LinearWeights:
    """A logistic regression on standardised ``x`` (columns: ``kind.EXPECTED``; ``weight``: each
    row's)."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=C, max_iter=2000).fit((x - mean) / scale, y, sample_weight=weight)
    return kind(list(kind.EXPECTED), mean, scale, model.coef_[0], float(model.intercept_[0]), 0.5)


def fit_confidence(z: np.ndarray, c: np.ndarray, weight: np.ndarray | None = None) -> ConfidenceTrees:
    """The confidence model: gradient-boosted trees on the rows ``z`` (columns ``CONFIDENCE``),
    non-decreasing in ``RISING``; deterministic (no early stopping, no sampling)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    rising = [int(name in RISING) for name in CONFIDENCE]
    model = HistGradientBoostingClassifier(**TREES, monotonic_cst=rising, early_stopping=False, random_state=0).fit(
        z, c, sample_weight=weight
    )
    return ConfidenceTrees.from_sklearn(model)


def fit_pairs(xs: list[np.ndarray], ys: list[np.ndarray]) -> SelectorWeights:
    """The ranker: a logistic regression on differences of standardised rows, every pair (one
    sentence holding the answer, one not) of each question, each question weighing the same."""
    from sklearn.linear_model import LogisticRegression

    allx = np.concatenate(xs)
    mean, scale = allx.mean(axis=0), allx.std(axis=0)
    scale[scale < 1e-6] = 1.0
    diffs, weights = [], []
    for x, y in zip(xs, ys):
        if 0 < y.sum() < len(y):
            z = (x - mean) / scale
            d = (z[y == 1][:, None, :] - z[y == 0][None, :, :]).reshape(-1, z.shape[1])
            diffs.append(d)
            weights.append(np.full(len(d), 1.0 / len(d)))
    d, w = np.concatenate(diffs), np.concatenate(weights)
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=3000).fit(
        np.concatenate([d, -d]), np.r_[np.ones(len(d)), np.zeros(len(d))], sample_weight=np.r_[w, w]
    )
    return SelectorWeights(list(NAMES), mean, scale, model.coef_[0], 0.0, 0.5)


def train(data: Collected, questions: np.ndarray, keep: int = KEEP, held: int | None = None) -> SelectorWeights:
    """Prefilter and ranker on ``questions`` only (no confidence model): the prefilter on all
    their sentences' lexical features, then the ranker on the sentences that prefilter keeps
    (``held``: the fold held out for evaluation, which no span scorer of a row may have seen)."""
    rows = np.concatenate([data.rows_of(q) for q in questions])
    prefilter = fit(data.x[rows][:, LEXICAL_COLUMNS], data.y[rows], PrefilterWeights)
    xs, ys = [], []
    for q in questions:
        kept = prefilter.kept(data.x[data.rows_of(q)], keep)
        if len(kept):
            xs.append(data.full_rows(q, kept, held))
            ys.append(data.y[data.rows_of(q)[kept]])
    w = fit_pairs(xs, ys)
    w.prefilter, w.keep = prefilter, keep
    return w


def confidence_rows(
    w: SelectorWeights, data: Collected, questions: np.ndarray, held: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The confidence features of each question's best sentence by ``w``'s ranker, whether it
    holds the answer, and the question (one with nothing retrieved gives no row)."""
    zs, cs, qs = [], [], []
    for q in questions:
        rows = data.rows_of(q)
        if not len(rows):
            continue
        state = data.states[q]
        kept = w.kept(data.x[rows])
        x = data.full_rows(q, kept, held)
        scores = w.scores(x)
        z = confidence_features(state.analysis, [state.sentences[i] for i in kept], x, scores)
        best = int(np.argmax(scores))
        zs.append(z[best])
        cs.append(data.y[rows[kept[best]]])
        qs.append(q)
    return np.array(zs).reshape(-1, len(CONFIDENCE)), np.array(cs, dtype=np.int8), np.array(qs, dtype=int)


def train_selector(
    data: Collected, questions: np.ndarray, target: float = PRECISION_TARGET, held: int | None = None
) -> SelectorWeights:
    """All three stages on ``questions`` only, with the threshold. The ranker learns from every
    question. The confidence model learns from rankers that never saw the question's fold (inner
    folds of ``questions``), the news set and XQuAD-vi weighing the same (XQuAD-vi has twice the
    questions and none unanswerable: pooled as they come, it answered held-out news less surely).
    The threshold is set for ``target`` precision on the news questions (the product's domain;
    on all of them when there are none), from confidence models that never saw their fold.
    ``held``: the fold left out of ``questions`` for evaluation, if any."""
    folds = data.question_folds()[questions]
    w = train(data, questions, held=held)
    parts = {
        g: confidence_rows(train(data, questions[folds != g], held=held), data, questions[folds == g], held)
        for g in set(folds)
    }
    news = {g: np.array([is_news(data.items[q]) for q in p[2]], dtype=bool) for g, p in parts.items()}
    n_news = sum(m.sum() for m in news.values())
    n_other = sum((~m).sum() for m in news.values())
    news_weight = n_other / n_news if n_news and n_other else 1.0

    def fitted(groups) -> ConfidenceTrees:
        z = np.concatenate([parts[g][0] for g in groups])
        c = np.concatenate([parts[g][1] for g in groups])
        weight = np.where(np.concatenate([news[g] for g in groups]), news_weight, 1.0)
        return fit_confidence(z, c, weight)

    w.confidence = fitted(parts)
    probs, correct = [], []
    for g in parts:
        on = news[g] if n_news else np.ones(len(news[g]), dtype=bool)
        probs.append(fitted([h for h in parts if h != g]).probabilities(parts[g][0][on]))
        correct.append(parts[g][1][on])
    w.threshold = threshold_for(np.concatenate(probs), np.concatenate(correct), target)
    return w


def best_per_question(
    w: SelectorWeights, data: Collected, questions: np.ndarray, span_weights: ShortAnswerWeights | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``questions``: the best sentence's probability and whether it holds the
    answer, scored by all stages with the engine's own selector (reading ``span_weights``)."""
    probs, correct = np.zeros(len(questions)), np.zeros(len(questions), dtype=np.int8)
    for j, q in enumerate(questions):
        rows = data.rows_of(q)
        if not len(rows):
            continue
        state, selector = data.states[q], EvidenceSelector(data.features[q], w, span_weights)
        kept, p = selector.kept_probabilities(state.analysis, state.sentences, data.x[rows])
        probs[j], correct[j] = p.max(), data.y[rows[kept[int(np.argmax(p))]]]
    return probs, correct


def threshold_for(probs: np.ndarray, correct: np.ndarray, target: float = PRECISION_TARGET) -> float:
    """The lowest threshold whose answered questions reach ``target`` precision."""
    order = np.argsort(-probs)
    hits = np.cumsum(correct[order])
    precision = hits / np.arange(1, len(order) + 1)
    ok = np.where(precision >= target)[0]
    if not len(ok):
        return float(probs.max()) + 1e-6
    return float(probs[order][ok.max()])


def cross_validate(
    data: Collected, target: float = PRECISION_TARGET, others: list[Collected] | None = None
) -> dict[int, SelectorWeights]:
    """One selector per held-out fold of ``data``, trained and thresholded on its other folds
    and on every question of ``others`` (sets about other articles), as the shipped selector is
    trained on every set."""
    both = merge([data, *others]) if others else data
    folds, n = both.question_folds(), len(data.items)
    held = np.arange(len(both.items)) < n
    return {
        f: train_selector(both, np.where(~(held & (folds == f)))[0], target, held=f) for f in sorted(set(folds[:n]))
    }


def out_of_fold(models: dict[int, SelectorWeights], data: Collected) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each question scored by the model of its held-out fold, reading the span scorer that never
    saw that fold: (best probability, correct, answerable)."""
    if data.spans is None:
        raise ValueError("out_of_fold needs the span scorers by fold (Collected.spans)")
    folds = data.question_folds()
    ps, cs, ans = [], [], []
    for f, w in models.items():
        qs = np.where(folds == f)[0]
        p, c = best_per_question(w, data, qs, data.spans.model(f))
        ps.append(p)
        cs.append(c)
        ans.append(np.array([bool(data.items[q].answers) for q in qs]))
    return np.concatenate(ps), np.concatenate(cs), np.concatenate(ans)


def curve(probs: np.ndarray, correct: np.ndarray, answerable: np.ndarray) -> list[dict]:
    """Coverage–precision points over thresholds (coverage of answerable questions)."""
    out = []
    for t in np.linspace(0.0, 0.95, 39):
        answered = probs >= t
        out.append(
            {
                "threshold": float(t),
                "coverage": float(answered.mean()) if len(answered) else 0.0,
                "precision": float(correct[answered].mean()) if answered.any() else 1.0,
                "correct": float((answered & (correct == 1)).sum() / max(1, answerable.sum())),
            }
        )
    return out


def datasets(settings: Settings, distractors: int = 300, with_news: bool = True) -> dict[str, tuple]:
    """(settings, embed model, items) per labelled set, each on its own cached index."""
    out = {}
    articles, items = xquad()
    s, model = bench_index("xquad", articles, settings)
    out["xquad"] = (s, model, items)
    news = news_items() if with_news else []
    if news:
        arts = news_articles({i.group for i in news}, distractors)
        s2, _ = bench_index("news", arts, settings.with_() if settings else None)
        out["news"] = (s2, model, news)
    return out


def collected(name: str, settings: Settings, model, items: list[QAItem]) -> Collected:
    """Feature rows for one set. Retrieval windows and sentence vectors are cached on disk, so a
    feature change only recomputes features."""
    import pickle

    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever

    key = hashlib.sha256(json.dumps([i.id + i.question for i in items]).encode()).hexdigest()[:12]
    folder = settings.cache_dir / "selector-data"
    folder.mkdir(parents=True, exist_ok=True)
    states_path, vectors_path = folder / f"{name}-{key}-windows.pkl", folder / f"{name}-vectors.pkl"
    assistant = Assistant(settings, HybridRetriever(settings, embed_model=model))
    features = assistant.selector.features
    if vectors_path.exists():
        cached = pickle.loads(vectors_path.read_bytes())
        for text, v in cached["sentences"].items():
            features._vectors.put(text, v)
        for text, v in cached["queries"].items():
            features._query_vectors.put(text, v)
    if states_path.exists():
        states = pickle.loads(states_path.read_bytes())
    else:
        print(f"retrieval windows for {name} ({len(items)} questions)…", flush=True)
        states = windows(assistant, items)
        states_path.write_bytes(pickle.dumps(states))
    data = featurise(features, items, states)
    vectors_path.write_bytes(
        pickle.dumps({"sentences": dict(features._vectors), "queries": dict(features._query_vectors)})
    )
    return data


def merge(parts: list[Collected]) -> Collected:
    xs, ys, qs, items, states, features = [], [], [], [], [], []
    spans = next((p.spans for p in parts if p.spans is not None), None)
    for part in parts:
        xs.append(part.x)
        ys.append(part.y)
        qs.append(part.qrow + len(items))
        items += part.items
        states += part.states
        features += part.features
    return Collected(np.concatenate(xs), np.concatenate(ys), np.concatenate(qs), items, states, features, spans)


def main(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    settings = Settings()
    sets = datasets(settings, distractors=args.distractors, with_news=not args.xquad_only)
    data = merge([collected(name, *v) for name, v in sets.items()])
    print("span scorers without each fold and pair of folds…", flush=True)
    data.spans = FoldSpanScorers.train(short_examples(with_news=not args.xquad_only)[0])
    models = cross_validate(data, args.precision)
    p, c, _ = out_of_fold(models, data)
    final = train_selector(data, np.arange(len(data.items)), args.precision)
    final.info = {
        "trained_on": {name: len(v[2]) for name, v in sets.items()},
        "rows": len(data.y),
        "positives": int(data.y.sum()),
        "keep": final.keep,
        "precision_target": args.precision,
        "C": C,
        "fold_thresholds": {str(f): round(w.threshold, 4) for f, w in models.items()},
    }
    out = Path(args.weights) if getattr(args, "weights", None) else WEIGHTS
    final.save(out)
    folds = data.question_folds()
    answered = p >= np.concatenate([np.full((folds == f).sum(), w.threshold) for f, w in models.items()])
    news = np.array([is_news(data.items[q]) for f in models for q in np.where(folds == f)[0]], dtype=bool)
    print(
        f"selector: {len(data.items)} questions, {len(data.y)} sentences; threshold {final.threshold:.3f}; "
        f"out of fold, each fold's own model and threshold: precision {c[answered].mean():.3f} "
        f"at coverage {answered.mean():.3f} (news: {c[answered & news].mean():.3f} at "
        f"{answered[news].mean():.3f}); wrote {out} in {time.perf_counter() - started:.0f} s"
    )
    from sklearn.metrics import roc_auc_score

    for name, on in (("news", news), ("XQuAD-vi", ~news)):
        if on.any() and 0 < c[on].sum() < on.sum():
            auc = roc_auc_score(c[on], p[on])
            print(f"out of fold, {name}: best sentences ranked by confidence, ROC AUC {auc:.3f}")
    print("ranker:")
    for name, coef in sorted(zip(NAMES, final.coef), key=lambda t: -abs(t[1]))[:12]:
        print(f"  {name:16s} {coef:+.3f}")
    print(f"confidence: {final.confidence.feature.shape[0]} trees of depth ≤ {TREES['max_depth']}")
    print("prefilter:")
    for name, coef in sorted(zip(LEXICAL, final.prefilter.coef), key=lambda t: -abs(t[1]))[:8]:
        print(f"  {name:16s} {coef:+.3f}")
    return 0
