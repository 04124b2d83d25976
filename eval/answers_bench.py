"""`hoidap bench answers`: answer quality on text the selector was not trained on.

For XQuAD-vi and the hand-written news set, every question is asked through ``Assistant.ask``
with a selector trained (and thresholded) only on the *other* folds (folds split by article).
In the same run, on the same retrieval: the previous rule-based engine, a naive baseline (the
top-1 passage's sentence sharing most syllables with the question), an unsupervised blend of
overlap and dense similarity, and the retrieval ceiling. Accent-free copies of the questions
measure the cost of typing without diacritics.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np

from eval.answer_metrics import Outcome, outcome, summary
from eval.metrics import percentile
from eval.qa_sets import QAItem
from eval.span_folds import FoldSpanScorers
from eval.train_selector import ask_history, collected, cross_validate, curve, datasets, out_of_fold
from indexing.vietnamese import fold, syllables


def _naive(question: str, passages) -> str:
    if not passages:
        return ""
    from indexing.chunking import split_sentences

    q = {fold(s) for s in syllables(question)}
    p = passages[0]
    sents = [p.text[s.start : s.end] for s in split_sentences(p.text)] or [p.text]
    return max(sents, key=lambda t: len(q & {fold(s) for s in syllables(t)}))


def _blend(state) -> str:
    """Unsupervised: IDF overlap + dense similarity, always answers."""
    if not state.sentences:
        return ""
    from assistant.answering.features import NAMES

    x = state.features
    score = x[:, NAMES.index("overlap")] + x[:, NAMES.index("dense")]
    return state.sentences[int(np.argmax(score))].text


def run_set(
    name: str,
    settings,
    model,
    items: list[QAItem],
    limit: int = 0,
    folded: bool = True,
    short_models: dict | None = None,
    others: list | None = None,
    data=None,
) -> dict:
    """Every question of one set through the engine, each with a selector trained on the set's
    other folds and on ``others`` (the other sets' collected data; ``data``: this set's, when
    already collected)."""
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever
    from eval.baselines.legacy_extractive import ExtractiveBackend as Legacy

    data = data if data is not None else collected(name, settings, model, items)
    if data.spans is None or short_models is None:
        raise ValueError("the benchmark needs span scorers by fold: FoldSpanScorers and the fold short-answer models")
    models = cross_validate(data, others=others)
    retriever = HybridRetriever(settings, embed_model=model)
    bot = Assistant(settings, retriever)
    legacy = Legacy(idf=retriever.lexical.idf)
    chosen = items if not limit or limit >= len(items) else items[:: max(1, len(items) // limit)][:limit]
    systems: dict[str, list[Outcome]] = {k: [] for k in ("hoidap", "legacy", "naive", "blend", "top1", "top5")}
    unaccented: list[Outcome] = []
    accented_pairs: list[Outcome] = []
    latencies = []
    records: list[dict] = []  # one per question, for reading the engine's errors
    for i, item in enumerate(chosen):
        bot.selector.weights = models[item.fold]
        bot.selector.span_weights = short_models[item.fold]  # span scorer not trained on this fold
        history = ask_history(bot, item) if item.history else []
        t0 = time.perf_counter()
        state = bot.prepare(item.question, history)
        *_, answer = bot.write(state, t0=t0)
        latencies.append(time.perf_counter() - t0)
        o = outcome(item.answers, answer.found, answer.text, answer.short, item.accents, latencies[-1])
        systems["hoidap"].append(o)
        records.append(_record(name, item, state, answer, o, bot.selector.weights.threshold))
        state.features = bot.selector.features(state.analysis, state.sentences, state.passages)
        top = [p for p in state.passages if p.score > 0]
        old = "".join(legacy.generate(state.standalone, state.passages))
        old_found = not old.startswith("Không tìm thấy")
        systems["legacy"].append(outcome(item.answers, old_found, old, "", item.accents))
        naive = _naive(state.standalone, top)
        systems["naive"].append(outcome(item.answers, bool(naive), naive, "", item.accents))
        blend = _blend(state)
        systems["blend"].append(outcome(item.answers, bool(blend), blend, "", item.accents))
        gold_top = [p for p in top if not item.gold or p.doc_id in item.gold]
        systems["top1"].append(
            outcome(item.answers, True, gold_top[0].text if top[:1] == gold_top[:1] and top else "", "")
        )
        systems["top5"].append(outcome(item.answers, True, " ".join(p.text for p in gold_top[:5]), ""))
        if folded and item.accents and not item.history and (len(chosen) < 700 or i % 3 == 0):
            plain = fold(item.question)
            a2 = bot.ask(plain)
            unaccented.append(outcome(item.answers, a2.found, a2.text, a2.short, False))
            accented_pairs.append(o)
        if (i + 1) % 100 == 0:
            print(f"  {name}: {i + 1}/{len(chosen)}", flush=True)
    cold, same = _cold_latencies(bot, chosen, records, models, short_models)
    oof_p, oof_c, oof_answerable = out_of_fold(models, data)  # the selector's coverage–precision curve
    hoidap = systems["hoidap"]
    result = {name: summary(rows) for name, rows in systems.items()}
    result["by_accents"] = {
        "accented": summary([r for r in hoidap if r.accents]),
        "unaccented": summary([r for r in hoidap if not r.accents]),
    }
    if unaccented:
        result["folded_copies"] = {
            "accented": summary(accented_pairs),
            "same_questions_unaccented": summary(unaccented),
        }
    result["latency_p50_s"] = statistics.median(latencies)
    result["latency_p95_s"] = percentile(latencies, 0.95)
    if cold:
        result["cold_latency"] = {
            "questions": len(cold),
            "p50_s": statistics.median(cold),
            "p95_s": percentile(cold, 0.95),
            "same_answers": same,
        }
    result["curve"] = curve(oof_p, oof_c, oof_answerable)
    result["thresholds"] = {str(f): w.threshold for f, w in models.items()}
    result["questions"] = len(chosen)
    result["records"] = records
    return result


def _cold_latencies(bot, chosen: list[QAItem], records: list[dict], models, short_models, every: int = 3):
    """Every ``every``-th question without history asked again with the answering caches emptied
    first (``Assistant.clear_caches``): the latency of a first question about its articles. The
    main pass shares sentence vectors between the questions of an article (several per article),
    so its figures are those of a user asking on about the same articles. Returns the latencies
    and how many answers were the same as in the main pass."""
    cold, same = [], 0
    for i, (item, record) in enumerate(zip(chosen, records)):
        if i % every or item.history:
            continue
        bot.selector.weights = models[item.fold]
        bot.selector.span_weights = short_models[item.fold]
        bot.clear_caches()
        t0 = time.perf_counter()
        state = bot.prepare(item.question, [])
        *_, answer = bot.write(state, t0=t0)
        cold.append(time.perf_counter() - t0)
        same += answer.found == record["answered"] and (answer.short if answer.found else "") == record["short"]
    return cold, same


def _record(name: str, item: QAItem, state, answer, o: Outcome, threshold: float) -> dict:
    """What a reader of the errors needs: the question, the answer, and the best sentence."""
    best = max(state.sentences, key=lambda s: s.prob, default=None)
    return {
        "set": name,
        "id": item.id,
        "fold": item.fold,
        "question": item.question,
        "kind": state.analysis.kind if state.analysis else "",
        "gold": item.answers[0] if item.answers else [],
        "answered": o.answered,
        "correct": o.correct,
        "short": answer.short if o.answered else "",
        "best_prob": round(best.prob, 4) if best else 0.0,
        "threshold": round(threshold, 4),
        "best_sentence": best.text if best else "",
    }


def _plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for name, r in results.items():
        pts = r["curve"]
        ax.plot([p["coverage"] for p in pts], [p["precision"] for p in pts], marker=".", label=name)
    ax.set_xlabel("coverage (share of questions answered)")
    ax.set_ylabel("precision (answered and correct)")
    ax.set_title("Evidence selector, out-of-fold")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


ROWS = [
    ("hoidap", "**hoidap (learned selector, held-out folds)**"),
    ("legacy", "previous rule-based engine"),
    ("naive", "naive: top-1 passage sentence sharing most syllables"),
    ("blend", "unsupervised blend: IDF overlap + dense"),
]


def main(args: argparse.Namespace) -> int:
    from eval.train_short_answer import PRECISION_TARGET as SHORT_TARGET
    from eval.train_short_answer import cross_validate as short_cross_validate
    from eval.train_short_answer import examples as short_examples
    from indexing.settings import Settings

    sets = datasets(Settings(), distractors=args.distractors)
    print("short-answer scorer, one model per held-out fold…", flush=True)
    exs = short_examples(Path(args.shared))[0]
    spans = FoldSpanScorers.train(exs)  # the selector's span columns, stacked by fold
    short_models = short_cross_validate(exs, SHORT_TARGET, spans.models)  # the same fits, thresholded
    data = {name: collected(name, *v) for name, v in sets.items()}
    for d in data.values():
        d.spans = spans
    results = {}
    for name, (settings, model, items) in sets.items():
        others = [d for other, d in data.items() if other != name]
        results[name] = run_set(
            name,
            settings,
            model,
            items,
            args.n if name == "xquad" else 0,
            not args.no_folded,
            short_models,
            others,
            data[name],
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    lines = ["# Answer benchmark (`hoidap bench answers`)", ""]
    for name, r in results.items():
        lines += [
            f"## {name} ({r['questions']} questions; selector cross-validated by article, 5 folds: "
            "each fold answered by a selector trained on the other folds and the other set)",
            "",
            "| system | contains gold | wrong | declined | short EM | short F1 | unanswerable answered |",
            "|---|---|---|---|---|---|---|",
        ]
        for key, label in ROWS:
            s = r[key]
            una = f"{s['unanswerable_answered']:.3f}" if "unanswerable_answered" in s else "–"
            lines.append(
                f"| {label} | {s['contains_gold']:.3f} | {s['wrong']:.3f} | {s['declined']:.3f} | "
                f"{s['short_em']:.3f} | {s['short_f1']:.3f} | {una} |"
            )
        lines.append(
            f"| retrieval ceiling: gold in top-1 / top-5 passages | {r['top1']['contains_gold']:.3f} / "
            f"{r['top5']['contains_gold']:.3f} | | | | | |"
        )
        acc, una = r["by_accents"]["accented"], r["by_accents"]["unaccented"]
        lines += ["", f"Accented questions: contains gold {acc['contains_gold']:.3f}"]
        if una["answerable"]:
            lines[-1] += f"; typed without diacritics: {una['contains_gold']:.3f} ({una['answerable']} answerable)"
        if "folded_copies" in r:
            fc = r["folded_copies"]
            lines[-1] += (
                f". Same questions with diacritics stripped: {fc['same_questions_unaccented']['contains_gold']:.3f}"
                f" vs {fc['accented']['contains_gold']:.3f}"
            )
        lines += [f"Latency (ask, extractive): p50 {r['latency_p50_s']:.3f} s, p95 {r['latency_p95_s']:.3f} s", ""]
        if "cold_latency" in r:
            c = r["cold_latency"]
            lines += [
                f"First question about its articles (every 3rd question again, the answering caches emptied "
                f"before each: {c['questions']} questions): p50 {c['p50_s']:.3f} s, p95 {c['p95_s']:.3f} s; "
                f"{c['same_answers']} of {c['questions']} answers as in the main pass",
                "",
            ]
    with (out / "questions.jsonl").open("w", encoding="utf-8") as f:
        for r in results.values():
            f.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in r.pop("records"))
    (out / "answers.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "answers.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _plot(results, out / "answers_curve.png")
    print("\n".join(lines))
    print(f"report: {out / 'answers.md'}, answers.json, answers_curve.png, questions.jsonl (each question)")
    return 0
