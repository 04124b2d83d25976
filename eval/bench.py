"""`hoidap bench …`: speed and quality figures, each with a baseline run in the same process.

- ingest: N news articles from ../shared/corpus -> chunks/s, peak RSS, index size with the int8
  ONNX encoder; baseline: the fp32 torch encoder on the same articles.
- xquad: XQuAD-vi paragraphs as articles, 1,190 questions -> hit@1/@5/MRR for BM25, dense, hybrid,
  with the int8 encoder and (baseline) fp32 torch; latency of retrieve and of answer.
- scale: the seeds hidden among N news articles -> ingest cost, query latency, seed-fact hit@5,
  title->article hit@1/@10 on 300 of the articles (hybrid vs BM25 vs dense).
- coldstart: wall time of a fresh `hoidap ask` process, ONNX vs (baseline) torch.
- concurrency: 20 gradio_client sessions against one server -> correctness, p50/p95.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

from eval.metrics import percentile
from indexing.settings import BUNDLED_CORPUS, Settings


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _write(out: Path, name: str, result: dict, lines: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    result["machine"] = _machine()
    (out / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / f"{name}.md").write_text("\n".join(lines) + f"\n\nMachine: {result['machine']}\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"\nreport: {out / name}.md, .json")


def _news_folder(shared: Path, n: int, dest: Path, with_seeds: bool = False) -> Path:
    """The first ``n`` articles of the shared news corpus as one .jsonl (plus the seeds)."""
    src = shared / "corpus" / "baomoi-news.jsonl.gz"
    if not src.exists():
        raise SystemExit(f"missing {src} (benchmarks read ../shared)")
    dest.mkdir(parents=True, exist_ok=True)
    with gzip.open(src, "rt", encoding="utf-8") as fh, open(dest / "news.jsonl", "w", encoding="utf-8") as out:
        for i, line in enumerate(fh):
            if i >= n:
                break
            out.write(line)
    if with_seeds:
        for seed in BUNDLED_CORPUS.glob("*.txt"):
            (dest / seed.name).write_bytes(seed.read_bytes())
    return dest


def _ingest_child(folder: str, index_dir: str, backend: str, queue) -> None:
    """One ingest in a fresh process, so each backend's peak RSS is its own."""
    from indexing.pipeline import Indexer

    settings = Settings().with_(index_dir=Path(index_dir), collection="bench", embed_backend=backend)
    indexer = Indexer(settings)
    t0 = time.perf_counter()
    _ = indexer.embed_model
    load_s = time.perf_counter() - t0
    report = indexer.ingest(folder)  # each slice is its own source: earlier slices stay
    again = indexer.ingest(folder)
    queue.put(
        {
            "backend": backend,
            "model_load_s": load_s,
            "articles": report.added,
            "chunks": report.chunks_added,
            "skipped": len(report.skipped),
            "seconds": report.seconds,
            "chunks_per_s": report.chunks_added / report.seconds,
            "peak_rss_mb": _rss_mb(),
            "index_mb": _dir_mb(settings.store_dir),
            "reingest_unchanged_s": again.seconds,
        }
    )


def _ingest_in_child(folder: Path, index_dir: Path, backend: str) -> dict:
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_ingest_child, args=(str(folder), str(index_dir), backend, queue))
    proc.start()
    while True:  # a child that dies must not leave the benchmark waiting for ever
        try:
            result = queue.get(timeout=5)
            break
        except Exception:
            if not proc.is_alive():
                raise SystemExit(f"ingest child failed ({backend}, exit code {proc.exitcode})") from None
    proc.join()
    return result


def _slices(folder: Path, rounds: int) -> list[Path]:
    """The news file cut into ``rounds`` consecutive slices, one folder each."""
    lines = (folder / "news.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    size = -(-len(lines) // rounds)
    out = []
    for r in range(rounds):
        dest = folder.parent / f"slice-{r}"
        dest.mkdir()
        (dest / "news.jsonl").write_text("".join(lines[r * size : (r + 1) * size]), encoding="utf-8")
        out.append(dest)
    return out


def bench_ingest(args: argparse.Namespace) -> None:
    """int8 ONNX (the default) against the fp32 torch baseline on the same articles. Each backend
    grows its own index slice by slice, in a fresh process per slice (its own peak RSS), and
    the backends alternate slice by slice so that a change in machine load hits both."""
    backends = ["onnx-int8", "torch"] if not args.backend else [args.backend]
    rounds = 4
    per_round: dict[str, list[dict]] = {b: [] for b in backends}
    with tempfile.TemporaryDirectory() as tmp:
        folder = _news_folder(Path(args.shared), args.n, Path(tmp) / "news")
        for r, part in enumerate(_slices(folder, rounds)):
            for b in backends if r % 2 == 0 else backends[::-1]:
                per_round[b].append(_ingest_in_child(part, Path(tmp) / f"index-{b}", b))
    runs = []
    for b, rs in per_round.items():
        chunks, seconds = sum(r["chunks"] for r in rs), sum(r["seconds"] for r in rs)
        runs.append(
            {
                "backend": b,
                "articles": sum(r["articles"] for r in rs),
                "chunks": chunks,
                "seconds": seconds,
                "chunks_per_s": chunks / seconds,
                "per_slice_chunks_per_s": [r["chunks_per_s"] for r in rs],
                "peak_rss_mb": max(r["peak_rss_mb"] for r in rs),
                "index_mb": rs[-1]["index_mb"],
                "model_load_s": statistics.median(r["model_load_s"] for r in rs),
                "reingest_unchanged_s": rs[-1]["reingest_unchanged_s"],
            }
        )
    result = {"n": args.n, "rounds": rounds, "runs": runs}
    if len(runs) == 2:
        result["speedup"] = runs[0]["chunks_per_s"] / runs[1]["chunks_per_s"]
    lines = [
        f"# Ingest benchmark ({args.n} articles of baomoi-news, {runs[0]['chunks']} chunks, "
        f"{rounds} alternating slices)",
        "",
        "| backend | chunks/s | per slice | time | peak RSS | index on disk | model load | unchanged re-run |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        slices = ", ".join(f"{x:.1f}" for x in r["per_slice_chunks_per_s"])
        lines.append(
            f"| {r['backend']}{' (baseline)' if r['backend'] == 'torch' else ''} | {r['chunks_per_s']:.1f} | "
            f"{slices} | {r['seconds']:.0f} s | {r['peak_rss_mb']:.0f} MB | {r['index_mb']:.0f} MB | "
            f"{r['model_load_s']:.1f} s | {r['reingest_unchanged_s']:.1f} s |"
        )
    if "speedup" in result:
        lines += ["", f"int8 / fp32 speed-up: {result['speedup']:.2f}×"]
    _write(Path(args.out), "ingest", result, lines)


def _xquad_articles(shared: Path) -> tuple[list, list[tuple[str, str]]]:
    """XQuAD-vi paragraphs as articles, and (question, gold doc id) pairs."""
    from eval.qa_sets import xquad

    articles, items = xquad(shared)
    return articles, [(i.question, i.gold[0]) for i in items]


def _xquad_backend(articles, questions, backend: str, tmp: str) -> tuple[dict, dict, int]:
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever
    from indexing.pipeline import Indexer

    settings = Settings().with_(index_dir=Path(tmp) / f"index-{backend}", collection="xquad", embed_backend=backend)
    indexer = Indexer(settings)
    ingest = indexer.sync(articles, [], prune=True)
    retriever = HybridRetriever(settings, embed_model=indexer.embed_model)
    from assistant.answering.question import analyse

    names = {q: analyse(q).sure_names for q, _ in questions}
    rows = {}
    for mode in ("bm25", "dense", "hybrid", "hybrid+names"):  # the last: ranked as the engine ranks
        hits1 = hits5 = rr = 0.0
        times = []
        for q, gold in questions:
            t0 = time.perf_counter()
            found = retriever.retrieve(q, k=10, mode=mode.split("+")[0], names=names[q] if "+" in mode else ())
            ranked = list(dict.fromkeys(p.doc_id for p in found))
            times.append(time.perf_counter() - t0)
            rank = ranked.index(gold) + 1 if gold in ranked else 0
            hits1 += rank == 1
            hits5 += 0 < rank <= 5
            rr += 1 / rank if rank else 0
        n = len(questions)
        rows[mode] = {
            "hit@1": hits1 / n,
            "hit@5": hits5 / n,
            "mrr": rr / n,
            "p50_ms": 1000 * statistics.median(times),
            "p95_ms": 1000 * percentile(times, 0.95),
        }
    bot = Assistant(settings, retriever)
    answer_times = [bot.ask(q).timings["total_s"] for q, _ in questions[:200]]
    answer = {
        "p50_ms": 1000 * statistics.median(answer_times),
        "p95_ms": 1000 * percentile(answer_times, 0.95),
        "n": len(answer_times),
    }
    return rows, answer, ingest.chunks_added


def bench_xquad(args: argparse.Namespace) -> None:
    articles, questions = _xquad_articles(Path(args.shared))
    if args.n and args.n < len(questions):
        questions = questions[:: max(1, len(questions) // args.n)][: args.n]
    backends = ["onnx-int8", "torch"] if not args.backend else [args.backend]
    per_backend = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            rows, answer, chunks = _xquad_backend(articles, questions, backend, tmp)
            per_backend[backend] = {"retrieval": rows, "answer_extractive": answer}
    result = {
        "questions": len(questions),
        "paragraphs": len(articles),
        "chunks": chunks,
        "backends": per_backend,
    }
    lines = [
        f"# XQuAD-vi retrieval ({len(questions)} questions, {len(articles)} paragraphs as articles)",
        "",
        "| encoder | retriever | hit@1 | hit@5 | MRR@10 | retrieve p50 | retrieve p95 |",
        "|---|---|---|---|---|---|---|",
    ]
    for backend, res in per_backend.items():
        for mode, r in res["retrieval"].items():
            lines.append(
                f"| {backend}{' (baseline)' if backend == 'torch' else ''} | {mode} | {r['hit@1']:.3f} | "
                f"{r['hit@5']:.3f} | {r['mrr']:.3f} | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms |"
            )
    lines.append("")
    for backend, res in per_backend.items():
        a = res["answer_extractive"]
        lines.append(
            f"Answer with {backend} (extractive backend, retrieve + answer + citation check, {a['n']} questions): "
            f"p50 {a['p50_ms']:.0f} ms, p95 {a['p95_ms']:.0f} ms."
        )
    if len(per_backend) == 2:
        int8, fp32 = (per_backend[b]["retrieval"] for b in backends)
        diff = {m: int8[m]["hit@5"] - fp32[m]["hit@5"] for m in ("dense", "hybrid")}
        result["hit@5_int8_minus_fp32"] = diff
        lines.append(
            "hit@5 int8 − fp32: " + ", ".join(f"{m} {d:+.3f}" for m, d in diff.items()) + " (target: within ±0.005)"
        )
    _write(Path(args.out), "xquad", result, lines)


def _title_queries(folder: Path, count: int) -> list[tuple[str, str]]:
    """(title, doc_id) for ``count`` articles spread evenly over the news file."""
    rows = [json.loads(line) for line in (folder / "news.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if str(r.get("title") or "").strip()]
    step = max(1, len(rows) // count)
    return [(r["title"], f"news.jsonl#{r.get('id')}") for r in rows[::step][:count]]


def _title_hits(retriever, queries: list[tuple[str, str]]) -> dict[str, dict]:
    """title -> article hit@1/@10 per retriever mode; an article shown as "also in" of its
    near-duplicate story counts as found."""
    rows = {}
    for mode in ("hybrid", "bm25", "dense"):
        hit1 = hit10 = 0
        times = []
        for title, gold in queries:
            t0 = time.perf_counter()
            passages = retriever.retrieve(title, k=10, mode=mode)
            times.append(time.perf_counter() - t0)
            ranked = list(dict.fromkeys(p.doc_id for p in passages))
            found = [i for i, d in enumerate(ranked) if d == gold]
            found += [ranked.index(p.doc_id) for p in passages if any(o["doc_id"] == gold for o in p.also_in)]
            rank = min(found) + 1 if found else 0
            hit1 += rank == 1
            hit10 += 0 < rank <= 10
        rows[mode] = {
            "hit@1": hit1 / len(queries),
            "hit@10": hit10 / len(queries),
            "p50_ms": 1000 * statistics.median(times),
            "p95_ms": 1000 * percentile(times, 0.95),
        }
    return rows


def _scale_ingest(args: argparse.Namespace, settings: Settings, root: Path):
    """Ingest the news slice into the benchmark's own index (``root``), or with ``--reuse`` take
    the index and ingest figures a finished earlier run left there: the query phase can then be
    rerun without another hour of embedding."""
    from indexing.pipeline import Indexer

    record = root / "ingest.json"
    indexer = Indexer(settings)
    if args.reuse and record.exists():
        saved = json.loads(record.read_text(encoding="utf-8"))
        if saved.get("n") == args.n and saved.get("backend") == settings.embed_backend:
            print(f"reusing the index of {saved['date']} in {root} (ingest figures from that run)")
            return indexer, saved
    if root.exists():  # the benchmark's own folder, never a user's index
        import shutil

        shutil.rmtree(root)
    folder = _news_folder(Path(args.shared), args.n, root / "news", with_seeds=True)
    _ = indexer.embed_model
    report = indexer.ingest(folder)
    saved = {
        "n": args.n,
        "backend": settings.embed_backend,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "articles": report.total_articles,
        "chunks": report.total_chunks,
        "skipped": len(report.skipped),
        "ingest_s": report.seconds,
        "chunks_per_s": report.chunks_added / report.seconds,
        "peak_rss_mb_ingest": _rss_mb(),
    }
    record.write_text(json.dumps(saved, indent=2), encoding="utf-8")
    return indexer, saved


def bench_scale(args: argparse.Namespace) -> None:
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever
    from eval.metrics import summarise
    from eval.runner import load_set, run_item
    from indexing import store

    root = Settings().cache_dir / "bench-index" / f"scale-{args.n}"
    settings = Settings().with_(index_dir=root / "index", collection="scale")
    if args.backend:
        settings = settings.with_(embed_backend=args.backend)
    folder = root / "news"
    indexer, ing = _scale_ingest(args, settings, root)
    _, metas = store.all_metadata(store.collection(settings))
    stories = {m["doc_id"]: m.get("story") or m["doc_id"] for m in metas}
    in_shared = sum(1 for d, st in stories.items() if st != d)
    retriever = HybridRetriever(settings, embed_model=indexer.embed_model)
    queries = _title_queries(folder, 300)
    titles = _title_hits(retriever, queries)
    bot = Assistant(settings, retriever)
    items = [i for i in load_set() if i["answers"]]
    scores = summarise([run_item(bot, item) for item in items])
    result = {
        "distractor_articles": args.n,
        "ingested": ing["date"],
        "articles": ing["articles"],
        "chunks": ing["chunks"],
        "skipped": ing["skipped"],
        "encoder": type(indexer.embed_model).__name__ + " " + indexer.embed_model.model_name,
        "ingest_s": ing["ingest_s"],
        "chunks_per_s": ing["chunks_per_s"],
        "peak_rss_mb_ingest": ing["peak_rss_mb_ingest"],
        "peak_rss_mb": _rss_mb(),
        "index_mb": _dir_mb(settings.store_dir),
        "articles_in_a_near_duplicate_story": in_shared,
        "title_to_article": titles,
        "title_queries": len(queries),
        "seed_fact_hit@5": scores["hit@5"],
        "seed_fact_answer_accuracy": scores["answer_accuracy"],
        "query_p50_ms": 1000 * scores["latency_p50_s"],
        "query_p95_ms": 1000 * scores["latency_p95_s"],
        "questions": len(items),
    }
    lines = [
        f"# Scale: {args.n} news articles (+ the 5 seeds), encoder {result['encoder']}",
        "",
        "| measure | value |",
        "|---|---|",
        f"| articles / chunks indexed | {ing['articles']} / {ing['chunks']} ({ing['skipped']} skipped) |",
        f"| ingest (run of {ing['date']}) | {ing['ingest_s']:.0f} s ({ing['chunks_per_s']:.1f} chunks/s) |",
        f"| peak RSS (after ingest / whole run) | {ing['peak_rss_mb_ingest']:.0f} / {result['peak_rss_mb']:.0f} MB |",
        f"| index on disk | {result['index_mb']:.0f} MB |",
        f"| articles sharing a near-duplicate story | {in_shared} |",
        f"| seed-fact hit@5 ({len(items)} questions) | {result['seed_fact_hit@5']:.3f} |",
        f"| seed-fact answer accuracy | {result['seed_fact_answer_accuracy']:.3f} |",
        f"| question latency p50 / p95 (retrieve + answer) | {result['query_p50_ms']:.0f} / "
        f"{result['query_p95_ms']:.0f} ms |",
        "",
        f"Title → article on {len(queries)} of the articles (hybrid is the default; BM25 and dense are the baselines):",
        "",
        "| retriever | hit@1 | hit@10 | retrieve p50 | retrieve p95 |",
        "|---|---|---|---|---|",
    ]
    for mode, r in titles.items():
        lines.append(f"| {mode} | {r['hit@1']:.3f} | {r['hit@10']:.3f} | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms |")
    _write(Path(args.out), f"scale-{args.n}", result, lines)


def _ui_start_s(settings: Settings, env: dict, backend: str) -> tuple[float, float]:
    """Seconds from `hoidap serve` to the first HTTP 200 of its page, and to its "ready to
    answer" line (the engine opens in the background after the page is up)."""
    import socket
    import subprocess
    import sys
    import threading

    import httpx

    from ui.render import READY

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [sys.executable, "-m", "assistant.cli", "--index-dir", str(settings.store_dir), "serve", "--port", str(port)]
    t0 = time.perf_counter()
    server = subprocess.Popen(
        cmd,
        env={**env, "HOIDAP_EMBED_BACKEND": backend},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready: list[float] = []

    def watch() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            if READY in line and not ready:
                ready.append(time.perf_counter() - t0)

    threading.Thread(target=watch, daemon=True).start()
    page = None
    try:
        while time.perf_counter() - t0 < 300 and not (page and ready):
            if page is None:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                        page = time.perf_counter() - t0
                except httpx.HTTPError:
                    pass
            time.sleep(0.05)
        if page is None or not ready:
            raise SystemExit(f"`hoidap serve` did not start within 300 s ({backend})")
        return page, ready[0]
    finally:
        server.terminate()
        server.wait(15)


def bench_coldstart(args: argparse.Namespace) -> None:
    """A fresh `hoidap ask` process on a built seed index: ONNX int8 vs the torch baseline."""
    import subprocess
    import sys

    from indexing.pipeline import Indexer

    question = "Xã Vĩnh Quang có bao nhiêu đảng viên?"
    runs = max(1, min(args.n, 10))
    walls: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings().with_(index_dir=Path(tmp) / "index", collection="coldstart")
        Indexer(settings).ingest(BUNDLED_CORPUS)
        env = {**os.environ, "HOIDAP_COLLECTION": settings.collection}
        cmd = [sys.executable, "-m", "assistant.cli", "--index-dir", str(settings.store_dir), "ask", question]
        for backend in ("onnx-int8", "torch"):
            walls[backend] = []
            for _ in range(runs):
                t0 = time.perf_counter()
                out = subprocess.run(cmd, env={**env, "HOIDAP_EMBED_BACKEND": backend}, capture_output=True, text=True)
                walls[backend].append(time.perf_counter() - t0)
                if out.returncode != 0:  # answered or declined, the process must finish cleanly
                    raise SystemExit(f"`hoidap ask` failed with {backend}: {out.stderr[-500:]}")
        ui = {b: _ui_start_s(settings, env, b) for b in walls}
    result = {
        b: {"median_s": statistics.median(w), "min_s": min(w), "runs": w, "ui_start_s": ui[b][0]}
        | {"ui_ready_s": ui[b][1]}
        for b, w in walls.items()
    }
    lines = [
        f"# Cold start on the 5-article index: `hoidap ask` in a fresh process ({runs} runs each), "
        "`hoidap serve` until the page answers and until it prints that it is ready to answer (1 run each)",
        "",
        "| encoder | ask: median wall | ask: min wall | UI: page served | UI: ready to answer |",
        "|---|---|---|---|---|",
    ]
    for b, r in result.items():
        lines.append(
            f"| {b}{' (baseline)' if b == 'torch' else ''} | {r['median_s']:.2f} s | {r['min_s']:.2f} s | "
            f"{r['ui_start_s']:.1f} s | {r['ui_ready_s']:.1f} s |"
        )
    _write(Path(args.out), "coldstart", result, lines)


def bench_concurrency(args: argparse.Namespace) -> None:
    import socket
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    import httpx
    from gradio_client import Client

    from eval.matching import contains
    from eval.runner import load_set

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tempfile.mkdtemp()
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "--index-dir", tmp, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(1)
        items = [i for i in load_set() if i["answers"] and not i["history"]][:20]
        sessions = max(20, args.n if args.n <= 50 else 20)

        def one(i: int) -> tuple[bool, float]:
            item = items[i % len(items)]
            client = Client(url, verbose=False)
            t0 = time.perf_counter()
            out = client.predict(item["question"], "extractive", 5, api_name="/ask")
            ok = out.get("found") and all(any(contains(out["answer"], a) for a in g) for g in item["answers"])
            return bool(ok), time.perf_counter() - t0

        t0 = time.perf_counter()
        with ThreadPoolExecutor(sessions) as pool:
            results = list(pool.map(one, range(sessions)))
        wall = time.perf_counter() - t0
        # baseline: the same questions one after another through one client
        client = Client(url, verbose=False)
        serial = []
        for i in range(sessions):
            s0 = time.perf_counter()
            client.predict(items[i % len(items)]["question"], "extractive", 5, api_name="/ask")
            serial.append(time.perf_counter() - s0)
    finally:
        server.terminate()
        server.wait(15)
    lat = [r[1] for r in results]
    result = {
        "sessions": sessions,
        "correct": sum(r[0] for r in results),
        "wall_s": wall,
        "p50_s": statistics.median(lat),
        "p95_s": percentile(lat, 0.95),
        "serial_p50_s": statistics.median(serial),
        "serial_total_s": sum(serial),
    }
    lines = [
        f"# {sessions} concurrent chat sessions (gradio_client → one server)",
        "",
        "| run | correct | p50 | p95 | wall |",
        "|---|---|---|---|---|",
        f"| {sessions} concurrent | {result['correct']}/{sessions} | {result['p50_s']:.2f} s | "
        f"{result['p95_s']:.2f} s | {wall:.1f} s |",
        f"| baseline: one client, serial | – | {result['serial_p50_s']:.2f} s | – | {result['serial_total_s']:.1f} s |",
    ]
    _write(Path(args.out), "concurrency", result, lines)


def bench_answers(args: argparse.Namespace) -> int:
    from eval.answers_bench import main as answers_main

    return answers_main(args)


def bench_diacritics(args: argparse.Namespace) -> int:
    from eval.diacritics_bench import main as diacritics_main

    return diacritics_main(args)


def main(args: argparse.Namespace) -> int:
    benches = {
        "answers": bench_answers,
        "diacritics": bench_diacritics,
        "ingest": bench_ingest,
        "xquad": bench_xquad,
        "scale": bench_scale,
        "concurrency": bench_concurrency,
        "coldstart": bench_coldstart,
    }
    benches[args.which](args)
    return 0
