"""`hoidap eval --set xquad|news`: a regression slice of a labelled public/news set, asked through
the assistant on its own cached index, scored with contains-gold / wrong / declined /
unanswerable-answered / short-answer F1, and checked against ``thresholds.json``.

The slice is one held-out fold (folds split by article). The shipped selector was trained on
all folds, so these figures guard against regressions; the honest held-out figures come from
``hoidap bench answers``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from eval.answer_metrics import outcome, summary
from eval.qa_sets import news_articles, news_items, xquad
from eval.train_selector import ask_history, bench_index
from indexing.settings import Settings

SLICE_FOLD = 0


def slice_items(name: str, limit: int = 0):
    """(articles, items) of the slice: fold ``SLICE_FOLD`` and the articles it needs."""
    if name == "xquad":
        articles, items = xquad()
        items = [i for i in items if i.fold == SLICE_FOLD]
        if limit:
            items = items[:: max(1, len(items) // limit)][:limit]
        return articles, items  # all paragraphs stay: retrieval must still find the right one
    items = [i for i in news_items() if i.fold == SLICE_FOLD]
    if limit:
        items = items[:limit]
    return news_articles({i.group for i in items}, distractors=0), items


def run(name: str, limit: int = 0, settings: Settings | None = None) -> dict:
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever

    articles, items = slice_items(name, limit)
    s, model = bench_index("xquad" if name == "xquad" else "slice-news", articles, settings)  # xquad: same index
    bot = Assistant(s, HybridRetriever(s, embed_model=model))
    rows, failures = [], []
    for item in items:
        history = ask_history(bot, item) if item.history else []
        t0 = time.perf_counter()
        answer = bot.ask(item.question, history)
        o = outcome(item.answers, answer.found, answer.text, answer.short, item.accents, time.perf_counter() - t0)
        rows.append(o)
        if o.answered != o.answerable or (o.answerable and not o.correct):
            failures.append({"id": item.id, "question": item.question, "expected": item.answers, "answer": answer.text})
    result = summary(rows)
    result["failures"] = failures
    return result


def table(name: str, r: dict) -> str:
    una = f"{r['unanswerable_answered']:.3f}" if "unanswerable_answered" in r else "–"
    return "\n".join(
        [
            "| set | n | contains gold | wrong | declined | short F1 | unanswerable answered |",
            "|---|---|---|---|---|---|---|",
            f"| {name} (fold {SLICE_FOLD}) | {r['n']} | {r['contains_gold']:.3f} | {r['wrong']:.3f} | "
            f"{r['declined']:.3f} | {r['short_f1']:.3f} | {una} |",
        ]
    )


def main(name: str, out: Path, limit: int = 0) -> dict:
    result = run(name, limit)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    text = table(name, result)
    (out / f"{name}.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return result
