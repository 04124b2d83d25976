"""`hoidap eval`: ask every known-facts item through the assistant, score, report, check."""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

from eval.metrics import Record, summarise
from eval.report import write_reports
from indexing.settings import BUNDLED_CORPUS, Settings

SETS = Path(__file__).parent / "sets"
THRESHOLDS = Path(__file__).parent / "thresholds.json"


def load_set(path: Path | None = None) -> list[dict]:
    path = path or SETS / "seeds.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_item(assistant, item: dict, backend: str = "extractive", k: int = 5) -> Record:
    """Ask like a user: earlier turns first (their answers feed the follow-up), then the item."""
    from assistant.followup import Turn

    history: list[Turn] = []
    for q in item.get("history", []):
        prev = assistant.ask(q, history, backend=backend, k=k)
        history.append(Turn(q, prev.standalone_question, prev.text))
    start = time.perf_counter()
    answer = assistant.ask(item["question"], history, backend=backend, k=k)
    seconds = time.perf_counter() - start
    ranking = list(dict.fromkeys(p.doc_id for p in answer.passages[:k]))
    cited = [c.passage.text for c in answer.citations]
    return Record(item, answer.text, answer.found, ranking, cited, seconds, bool(answer.fallback))


def evaluate(assistant, items: list[dict], backend: str = "extractive") -> dict:
    records = [run_item(assistant, item, backend) for item in items]
    by_type: dict[str, dict] = {}
    for kind in sorted({r.item["type"] for r in records}):
        by_type[kind] = summarise([r for r in records if r.item["type"] == kind])
    failures = [
        {
            "id": r.item["id"],
            "type": r.item["type"],
            "question": r.item["question"],
            "expected": r.item["answers"],
            "gold": r.item["gold"],
            "answer": r.answer_text,
            "retrieved": r.doc_ranking[:3],
        }
        for r in records
        if _failed(r)
    ]
    return {"backend": backend, "overall": summarise(records), "by_type": by_type, "failures": failures}


def _failed(r: Record) -> bool:
    from eval.metrics import AnswerAccuracy, CitationAccuracy

    if not r.answerable:
        return r.found
    return not (AnswerAccuracy().score(r) and CitationAccuracy().score(r))


def check(overall: dict, thresholds: dict) -> list[str]:
    """The metrics below their threshold (maxima end in ``_max``)."""
    problems = []
    for name, limit in thresholds.items():
        if name.startswith("_") or isinstance(limit, dict):  # comments; other sets' sections
            continue
        if name.endswith("_max"):
            value = overall.get(name[:-4])
            if value is not None and value > limit:
                problems.append(f"{name[:-4]} = {value:.3f} > {limit}")
        else:
            value = overall.get(name)
            if value is not None and value < limit:
                problems.append(f"{name} = {value:.3f} < {limit}")
    return problems


def eval_settings(corpus: Path) -> Settings:
    """The eval's own index for ``corpus`` (under the cache dir, reused across runs): the user's
    index is never read or written."""
    base = Settings()
    key = hashlib.sha256(str(corpus.resolve()).encode()).hexdigest()[:8]
    folder = base.cache_dir / "eval-index" / f"{corpus.name}-{key}"
    return base.with_(index_dir=folder, collection="eval")


def main_slice(args: argparse.Namespace) -> int:
    """``--set xquad|news``: a held-out-fold slice of a labelled set (see eval/slices.py)."""
    from eval import slices

    result = slices.main(args.eval_set, Path(args.out), limit=getattr(args, "limit", 0) or 0)
    if args.check:
        limits = json.loads(THRESHOLDS.read_text()).get(args.eval_set, {})
        problems = check(result, limits)
        if problems:
            print("\nDƯỚI NGƯỠNG / BELOW THRESHOLD:\n  " + "\n  ".join(problems))
            return 1
        print("\nĐạt ngưỡng / thresholds met.")
    return 0


def main(args: argparse.Namespace) -> int:
    from assistant.engine import Assistant
    from indexing.pipeline import Indexer

    if args.eval_set in ("xquad", "news"):
        return main_slice(args)
    corpus = Path(getattr(args, "corpus", None) or BUNDLED_CORPUS)
    settings = eval_settings(corpus)
    ingest = Indexer(settings).ingest(corpus)  # unchanged articles are not embedded again
    print(
        f"Chỉ mục đánh giá / eval index: {settings.store_dir} ({ingest.total_articles} bài, "
        f"+{ingest.added + ingest.updated} nhúng/embedded)"
    )
    items = load_set(Path(args.eval_set) if args.eval_set else None)
    result = evaluate(Assistant(settings), items, backend=args.backend)
    paths = write_reports(result, Path(args.out))
    print(paths["table"])
    print(f"\nBáo cáo / report: {paths['md']}  {paths['json']}  {paths['png']}")
    if args.check:
        problems = check(result["overall"], json.loads(THRESHOLDS.read_text()))
        if problems:
            print("\nDƯỚI NGƯỠNG / BELOW THRESHOLD:\n  " + "\n  ".join(problems))
            return 1
        print("\nĐạt ngưỡng / thresholds met.")
    return 0
