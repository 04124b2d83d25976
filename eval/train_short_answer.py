"""`hoidap train-short-answer`: rebuild the short-answer scorer's weights reproducibly.

1. For every answerable question of XQuAD-vi and the hand-written news set, take the gold
   sentence: the sentence of the gold paragraph/article that holds the gold answer (the one
   sharing most question words when several do).
2. Every candidate span of that sentence gets its features (``short_answer.span_table``) and its
   token F1 to the best gold alias (the benchmark's F1). Positives: the sentence's best-F1 spans
   (F1 >= 0.5; weight 1 shared among them); negatives: every other span overlapping the answer
   and a fixed random sample of the rest, weighted to stand for all of them.
3. Logistic regression with folds split by article; the abstention threshold is picked on
   out-of-fold predictions of the training folds only (inner cross-validation) as the lowest
   confidence (``ShortAnswerWeights.best``) whose given short answers reach the precision
   target (a given answer is right when its F1 to the gold reaches 0.5). Out-of-fold EM/F1 are
   printed for each set next to the earlier rules on the same sentences, and
   ``models/short_answer.json`` is written.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.answering.lexicon import lexicon
from assistant.answering.question import Question
from assistant.answering.short_answer import (
    FEATURES,
    NO_SPAN_KINDS,
    WEIGHTS,
    ShortAnswerWeights,
    excluded_spans,
    fits_kind,
    rule_short_answer,
    span_table,
    unasked_figures,
)
from eval.answer_metrics import exact, f1
from eval.matching import contains
from eval.qa_sets import SHARED, QAItem, news_articles, news_items, xquad
from indexing.chunking import split_sentences
from indexing.diacritics import DiacriticModel, question_model
from indexing.vietnamese import fold, syllables

PRECISION_TARGET = 0.72
RIGHT_F1 = 0.5  # a given short answer counts as right from this token F1 on
NEGATIVES = 80  # zero-F1 spans kept per question for training
C = 0.5
SEED = 13


@dataclass
class Example:
    """One answerable question on its gold sentence."""

    item: QAItem
    source: str  # "xquad" | "news"
    q: Question
    sentence: str
    spans: list[str]
    x: np.ndarray
    starts: np.ndarray  # each span's character offsets in the sentence
    ends: np.ndarray
    f1: np.ndarray  # each span's best F1 to a gold alias
    em: np.ndarray


def gold_sentence(item: QAItem, text: str) -> str | None:
    """The sentence of ``text`` holding a gold alias (most question words first), or None."""
    aliases = item.answers[0]
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    holding = [s for s in sentences if any(contains(s, a) for a in aliases)]
    if not holding:
        return None
    words = {fold(w) for w in syllables(item.question)}
    return max(holding, key=lambda s: len(words & {fold(w) for w in syllables(s)}))


def analysed(item: QAItem, restore: Callable[[str], str]) -> Question:
    """The question as the engine analyses it: accents restored with the set's own index, a
    follow-up made standalone, the answer type of what this turn asks (``analyse_turn``)."""
    from assistant.engine import analyse_turn
    from assistant.followup import Turn, condense

    restored = restore(item.question)
    standalone = restore(condense(restored, [Turn(h, h) for h in item.history])) if item.history else restored
    return analyse_turn(item.question, standalone)


def examples(shared: Path = SHARED, with_news: bool = True) -> tuple[list[Example], dict[str, int]]:
    """Examples for both sets, and how many answerable questions had no gold sentence."""
    out: list[Example] = []
    skipped: dict[str, int] = {}
    articles, items = xquad(shared)
    texts = {a.doc_id: a.text for a in articles}
    sets = [("xquad", items, texts)]
    if with_news:
        news = [i for i in news_items() if i.answers]
        arts = news_articles({i.group for i in news}, 0, shared)
        sets.append(("news", news, {a.doc_id: a.text for a in arts}))
    for source, items, texts in sets:
        skipped[source] = 0
        # the restorer an index of these articles would hold (questions typed without accents)
        restorer = DiacriticModel.from_sequences(syllables(t) for t in texts.values())
        restore = question_model(restorer, lexicon().restore_phrases).restore
        for item in items:
            text = next((texts[d] for d in item.gold if d in texts), None)
            sentence = gold_sentence(item, text) if text and item.answers else None
            if sentence is None:
                skipped[source] += 1
                continue
            out.append(example(item, source, analysed(item, restore), sentence))
    return out, skipped


def example(item: QAItem, source: str, q: Question, sentence: str) -> Example:
    """``item``'s question ``q`` on its gold ``sentence``: every span scored against the aliases."""
    table = span_table(q, sentence)
    spans = [s.text.strip(" ,.;:") for s in table.spans]
    aliases = item.answers[0]
    f = np.array([max(f1(s, a) for a in aliases) for s in spans])
    em = np.array([max(exact(s, a) for a in aliases) for s in spans])
    return Example(item, source, q, table.sentence, spans, table.x, table.starts, table.ends, f, em)


def training_rows(exs: list[Example], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positives: the spans closest to the gold (best F1 of their sentence, at least
    ``RIGHT_F1``); negatives: every other overlapping span and a sample of the rest, weighted
    to stand for all of them."""
    xs, ys, ws = [], [], []
    for ex in exs:
        top = ex.f1.max()
        best = (ex.f1 >= top - 1e-9) & (top >= RIGHT_F1)
        pos = np.where(best)[0]
        near = np.where(~best & (ex.f1 > 0))[0]
        zero = np.where(ex.f1 == 0)[0]
        zero_w = len(zero) / max(1, min(len(zero), NEGATIVES))
        if len(zero) > NEGATIVES:
            zero = rng.choice(zero, NEGATIVES, replace=False)
        xs += [ex.x[pos], ex.x[near], ex.x[zero]]
        ys += [np.ones(len(pos)), np.zeros(len(near)), np.zeros(len(zero))]
        ws += [np.full(len(pos), 1.0 / max(1, len(pos))), np.ones(len(near)), np.full(len(zero), zero_w)]
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)


def fit(exs: list[Example], seed: int = SEED) -> ShortAnswerWeights:
    from sklearn.linear_model import LogisticRegression

    x, y, w = training_rows(exs, np.random.default_rng(seed))
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    w = w * len(w) / w.sum()
    model = LogisticRegression(C=C, max_iter=3000).fit((x - mean) / scale, y, sample_weight=w)
    return ShortAnswerWeights(list(FEATURES), mean, scale, model.coef_[0], float(model.intercept_[0]), 0.5)


@dataclass
class Pick:
    """The best span of one example under one model, and its confidence."""

    text: str
    prob: float
    em: float
    f1: float


def pick(w: ShortAnswerWeights, ex: Example) -> Pick:
    barred, unchosen = excluded_spans(ex.q, ex.x, ex.spans)
    barred = barred | unasked_figures(ex.q, ex.sentence, ex.starts, ex.ends, ex.spans)
    i, confidence = w.best(ex.x, ex.starts, ex.ends, barred, unchosen)
    return Pick(ex.spans[i], confidence, float(ex.em[i]), float(ex.f1[i]))


def eligible(ex: Example, p: Pick | None = None) -> bool:
    """Would ``short_answer`` give this pick at all (threshold aside)?"""
    return ex.q.kind not in NO_SPAN_KINDS and (p is None or fits_kind(ex.q.kind, p.text))


def threshold_for(picks: list[Pick], exs: list[Example], target: float = PRECISION_TARGET) -> float:
    """The lowest threshold whose given short answers reach ``target`` precision."""
    rows = [(p.prob, p.f1 >= RIGHT_F1) for p, ex in zip(picks, exs) if eligible(ex, p)]
    if not rows:
        return 1.0
    probs, right = np.array([r[0] for r in rows]), np.array([r[1] for r in rows], float)
    order = np.argsort(-probs)
    precision = np.cumsum(right[order]) / np.arange(1, len(order) + 1)
    ok = np.where(precision >= target)[0]
    if not len(ok):
        return float(probs.max()) + 1e-6
    return float(probs[order][ok.max()])


def cross_validate(
    exs: list[Example], target: float, fitted: dict[frozenset[int], ShortAnswerWeights] | None = None
) -> dict[int, ShortAnswerWeights]:
    """One model per held-out fold (by article), its threshold from an inner cross-validation
    on the training folds only. ``fitted``: models already fitted on ``exs`` without a set of
    folds (``span_folds.FoldSpanScorers.models``), reused rather than fitted again."""
    folds = np.array([ex.item.fold for ex in exs])

    def without(*excluded: int) -> ShortAnswerWeights:
        key = frozenset(int(g) for g in excluded)
        if fitted is not None and key in fitted:
            return replace(fitted[key])  # a copy: the threshold set below is this model's own
        return fit([ex for ex, h in zip(exs, folds) if h not in key])

    models = {}
    for f in sorted(set(folds)):
        w = without(f)
        inner_picks, inner_exs = [], []
        for g in sorted(set(folds) - {f}):
            inner = without(f, g)
            held = [ex for ex, h in zip(exs, folds) if h == g]
            inner_picks += [pick(inner, ex) for ex in held]
            inner_exs += held
        w.threshold = threshold_for(inner_picks, inner_exs, target)
        models[int(f)] = w
        print(f"  fold {f}: threshold {w.threshold:.3f}", flush=True)
    return models


def scores(preds: list[tuple[str, bool]], exs: list[Example]) -> dict:
    """EM/F1 as the benchmark counts them (no short answer: the sentence itself is scored),
    the short answers' own EM/F1 (none = 0), coverage and precision of the given ones."""
    n = max(1, len(exs))
    em = f = em_short = f_short = given = right = 0.0
    for (text, give), ex in zip(preds, exs):
        aliases = ex.item.answers[0]
        pred = text if give and text else ex.sentence
        em += max(exact(pred, a) for a in aliases)
        f += max(f1(pred, a) for a in aliases)
        if give and text:
            best_f1 = max(f1(text, a) for a in aliases)
            em_short += max(exact(text, a) for a in aliases)
            f_short += best_f1
            given += 1
            right += best_f1 >= RIGHT_F1
    return {
        "n": len(exs),
        "em": em / n,
        "f1": f / n,
        "short_em": em_short / n,
        "short_f1": f_short / n,
        "coverage": given / n,
        "precision": right / max(1, given),
        "given_em": em_short / max(1, given),
    }


def report(name: str, s: dict) -> str:
    return (
        f"  {name:34s} n={s['n']:4d}  EM {s['em']:.3f}  F1 {s['f1']:.3f}  | short only: EM {s['short_em']:.3f} "
        f"F1 {s['short_f1']:.3f}  coverage {s['coverage']:.3f}  precision {s['precision']:.3f} "
        f"(exact {s['given_em']:.3f})"
    )


def main(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    shared = Path(args.shared) if getattr(args, "shared", None) else SHARED
    exs, skipped = examples(shared, with_news=not args.xquad_only)
    print(
        f"short answer: {len(exs)} gold sentences ({', '.join(f'{k}: {v} without one' for k, v in skipped.items())}), "
        f"{sum(len(ex.spans) for ex in exs)} spans, {len(FEATURES)} features; "
        f"oracle F1 {np.mean([ex.f1.max() for ex in exs]):.3f}",
        flush=True,
    )
    models = cross_validate(exs, args.precision)
    oof = [pick(models[ex.item.fold], ex) for ex in exs]
    thresholds = [models[ex.item.fold].threshold for ex in exs]
    print("out of fold, on gold sentences (no short answer: the sentence is scored, as in `bench answers`):")
    for source in sorted({ex.source for ex in exs}):
        idx = [i for i, ex in enumerate(exs) if ex.source == source]
        sub = [exs[i] for i in idx]
        rules = [(rule_short_answer(ex.q, ex.sentence), True) for ex in sub]
        always = [(oof[i].text, eligible(exs[i], oof[i])) for i in idx]
        learned = [(oof[i].text, eligible(exs[i], oof[i]) and oof[i].prob >= thresholds[i]) for i in idx]
        print(f" {source}:")
        print(report("rules (earlier short_answer)", scores(rules, sub)))
        print(report("learned, never abstaining", scores([(t, True) for t, _ in always], sub)))
        print(report("learned, no why/how/yesno/off-type", scores(always, sub)))
        print(report("learned + threshold (shipped)", scores(learned, sub)))
    eligible_rows = [i for i, ex in enumerate(exs) if eligible(ex, oof[i])]
    conf = np.array([oof[i].prob for i in eligible_rows])
    right = np.array([oof[i].f1 >= RIGHT_F1 for i in eligible_rows])
    print("out-of-fold confidence curve (no why/how/yesno, no off-type span): threshold coverage precision")
    for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        given = conf >= t
        print(f"  {t:.2f}  {given.mean():.3f}  {right[given].mean() if given.any() else 1.0:.3f}")
    final = fit(exs)
    final.threshold = threshold_for(oof, exs, args.precision)
    final.info = {
        "trained_on": {s: sum(ex.source == s for ex in exs) for s in sorted({ex.source for ex in exs})},
        "spans": int(sum(len(ex.spans) for ex in exs)),
        "precision_target": args.precision,
        "right_f1": RIGHT_F1,
        "C": C,
        "negatives_per_question": NEGATIVES,
        "threshold_rule": "lowest out-of-fold confidence whose given answers reach the precision target",
        "fold_thresholds": {str(f): round(w.threshold, 4) for f, w in models.items()},
    }
    out = Path(args.weights) if getattr(args, "weights", None) else WEIGHTS
    final.save(out)
    print(f"threshold {final.threshold:.3f}; wrote {out} in {time.perf_counter() - started:.0f} s")
    if args.verbose_weights:
        for name, coef in sorted(zip(FEATURES, final.coef), key=lambda t: -abs(t[1]))[:40]:
            print(f"  {name:24s} {coef:+.3f}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(p)
    return p


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--precision", type=float, default=PRECISION_TARGET, help="precision the threshold aims at")
    p.add_argument("--weights", default=None, help="where to write the weights (default: the shipped file)")
    p.add_argument("--xquad-only", action="store_true", help="train on XQuAD-vi alone")
    p.add_argument("--shared", default=None, help="the shared data folder (default: ../shared)")
    p.add_argument("--verbose-weights", action="store_true", help="print the largest coefficients")


if __name__ == "__main__":
    raise SystemExit(main(parser().parse_args()))
