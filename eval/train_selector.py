"""`hoidap train-selector`: rebuild the evidence selector's weights reproducibly.

1. Index XQuAD-vi and the news set's articles (plus distractors) in their own cached folders.
2. Ask every question through the assistant's own retrieve and window steps; compute the
   features of every window sentence; label a sentence 1 when it is in a gold article and
   holds the gold answer.
3. Fit a logistic regression with folds split by article, pick the abstention threshold on
   out-of-fold predictions for the stated precision, and write ``models/selector.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.answering.features import NAMES
from assistant.answering.selector import WEIGHTS, SelectorWeights
from eval.matching import contains
from eval.qa_sets import QAItem, news_articles, news_items, xquad
from indexing.settings import Settings

PRECISION_TARGET = 0.85
C = 1.0


@dataclass
class Collected:
    """Feature rows for every window sentence of every question."""

    x: np.ndarray  # (rows, features)
    y: np.ndarray  # (rows,) 1 = holds the gold answer in a gold article
    qrow: np.ndarray  # (rows,) question index
    items: list[QAItem]


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
        state.filters = None  # keep the cache small and picklable
        states.append(state)
        if (qi + 1) % 100 == 0:
            print(f"  {qi + 1}/{len(items)} questions", flush=True)
    return states


def featurise(features, items: list[QAItem], states: list, reanalyse: bool = True) -> Collected:
    """Feature rows and labels for every window sentence; each cached question is analysed
    again as the engine does now (``reanalyse``)."""
    from assistant.answering.window import SentenceWindow
    from assistant.engine import analyse_turn

    window = SentenceWindow()
    xs, ys, qs = [], [], []
    for qi, (item, state) in enumerate(zip(items, states)):
        # cheap, and either may have changed since the windows were cached
        state.sentences = window(state.passages)
        if reanalyse:
            state.analysis = analyse_turn(state.question, state.standalone)
        xs.append(features(state.analysis, state.sentences, state.passages))
        ys.append(np.array([label(item, s.doc_id, s.text) for s in state.sentences], dtype=np.int8))
        qs.append(np.full(len(state.sentences), qi, dtype=np.int32))
    return Collected(np.concatenate(xs), np.concatenate(ys), np.concatenate(qs), items)


def fit(x: np.ndarray, y: np.ndarray) -> SelectorWeights:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=C, max_iter=2000).fit((x - mean) / scale, y)
    return SelectorWeights(list(NAMES), mean, scale, model.coef_[0], float(model.intercept_[0]), 0.5)


def best_per_question(
    w: SelectorWeights, data: Collected, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """For each question among ``rows``: the best sentence's probability and whether it is correct."""
    probs = w.probabilities(data.x[rows])
    best: dict[int, tuple[float, int]] = {}
    for p, yv, q in zip(probs, data.y[rows], data.qrow[rows]):
        if q not in best or p > best[q][0]:
            best[q] = (float(p), int(yv))
    qs = sorted(best)
    return np.array([best[q][0] for q in qs]), np.array([best[q][1] for q in qs]), qs


def threshold_for(probs: np.ndarray, correct: np.ndarray, target: float = PRECISION_TARGET) -> float:
    """The lowest threshold whose answered questions reach ``target`` precision."""
    order = np.argsort(-probs)
    hits = np.cumsum(correct[order])
    precision = hits / np.arange(1, len(order) + 1)
    ok = np.where(precision >= target)[0]
    if not len(ok):
        return float(probs.max()) + 1e-6
    return float(probs[order][ok.max()])


def folds_of(data: Collected) -> np.ndarray:
    return np.array([data.items[q].fold for q in data.qrow])


def cross_validate(data: Collected, target: float = PRECISION_TARGET) -> dict[int, SelectorWeights]:
    """One model per held-out fold, trained and thresholded on the other folds only (the
    threshold comes from an inner cross-validation on those folds)."""
    folds = folds_of(data)
    models = {}
    for f in sorted(set(folds)):
        train = folds != f
        w = fit(data.x[train], data.y[train])
        inner_p, inner_c = [], []
        for g in sorted(set(folds[train])):
            inner_train, inner_test = train & (folds != g), np.where(train & (folds == g))[0]
            p, c, _ = best_per_question(fit(data.x[inner_train], data.y[inner_train]), data, inner_test)
            inner_p.append(p)
            inner_c.append(c)
        w.threshold = threshold_for(np.concatenate(inner_p), np.concatenate(inner_c), target)
        models[f] = w
    return models


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
    xs, ys, qs, items = [], [], [], []
    for part in parts:
        xs.append(part.x)
        ys.append(part.y)
        qs.append(part.qrow + len(items))
        items += part.items
    return Collected(np.concatenate(xs), np.concatenate(ys), np.concatenate(qs), items)


def main(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    settings = Settings()
    sets = datasets(settings, distractors=args.distractors, with_news=not args.xquad_only)
    data = merge([collected(name, *v) for name, v in sets.items()])
    models = cross_validate(data, args.precision)
    oof_p, oof_c, answerable = [], [], []
    folds = folds_of(data)
    for f, w in models.items():
        p, c, qs = best_per_question(w, data, np.where(folds == f)[0])
        oof_p.append(p)
        oof_c.append(c)
        answerable.append(np.array([bool(data.items[q].answers) for q in qs]))
    p, c = np.concatenate(oof_p), np.concatenate(oof_c)
    final = fit(data.x, data.y)
    final.threshold = threshold_for(p, c, args.precision)
    final.info = {
        "trained_on": {name: len(v[2]) for name, v in sets.items()},
        "rows": len(data.y),
        "positives": int(data.y.sum()),
        "precision_target": args.precision,
        "C": C,
        "fold_thresholds": {str(f): round(w.threshold, 4) for f, w in models.items()},
    }
    out = Path(args.weights) if getattr(args, "weights", None) else WEIGHTS
    final.save(out)
    answered = p >= final.threshold
    print(
        f"selector: {len(data.items)} questions, {len(data.y)} sentences; threshold {final.threshold:.3f} "
        f"(out-of-fold precision {c[answered].mean():.3f} at coverage {answered.mean():.3f}); "
        f"wrote {out} in {time.perf_counter() - started:.0f} s"
    )
    for name, coef in sorted(zip(NAMES, final.coef), key=lambda t: -abs(t[1])):
        print(f"  {name:16s} {coef:+.3f}")
    return 0
