"""Incremental ingest into Chroma: what a user sees when re-running `hoidap ingest`."""

import os
import signal
import subprocess
import sys
from collections import Counter

import pytest

from indexing import lexical_index, store
from indexing.chunk_table import FIELDS, READ_KEYS, ChunkTable
from indexing.pipeline import Indexer
from indexing.readers import read_folder


def _chunks_per_doc(settings):
    _, metas = store.all_metadata(store.collection(settings))
    return Counter(m["doc_id"] for m in metas), metas


def test_incremental_ingest(settings, corpus, embed_model):
    indexer = Indexer(settings, embed_model=embed_model)
    first = indexer.ingest(corpus)
    assert (first.added, first.skipped) == (5, []) and first.chunks_added == first.total_chunks > 20

    again = indexer.ingest(corpus)
    assert (again.added, again.updated, again.removed, again.unchanged, again.chunks_added) == (0, 0, 0, 5, 0)

    seed = corpus / "002_65dc7c8ac4db1663.txt"
    seed.write_text(seed.read_text().replace("Hạc Thành", "Hạc Thành mới"), encoding="utf-8")
    (corpus / "004_600d685c44bc2969.txt").unlink()
    (corpus / "copy-of-000.txt").write_bytes((corpus / "000_23d4e14dfd3925d9.txt").read_bytes())
    third = indexer.ingest(corpus)
    assert (third.added, third.updated, third.removed, third.unchanged) == (0, 1, 1, 3)
    assert [s.name for s in third.skipped] == ["copy-of-000.txt"]  # identical content stored once
    report = third.summary()  # the report names what changed
    assert "cập nhật / updated: 002_65dc7c8ac4db1663.txt" in report
    assert "xóa / removed: 004_600d685c44bc2969.txt" in report
    counts, metas = _chunks_per_doc(settings)
    assert set(counts) == {
        "000_23d4e14dfd3925d9.txt",
        "001_75b48fcc7fd65f7e.txt",
        "002_65dc7c8ac4db1663.txt",
        "003_5ea9fd1e7cc910c7.txt",
    }
    assert all(counts[m["doc_id"]] == m["n_chunks"] for m in metas)  # old chunks gone
    assert any("Hạc Thành mới" in m["title"] + m.get("_node_content", "") for m in metas)
    assert third.total_chunks == sum(counts.values())

    _assert_lexical_is_as_built_from_scratch(settings)
    hits = _lexical(settings).search(lexical_index.query_tokens("Hạc Thành mới"), k=3)
    assert hits and _lexical(settings).doc_ids[_lexical(settings).ids.index(hits[0][0])] == "002_65dc7c8ac4db1663.txt"

    (corpus / "new.txt").write_text(
        "Cầu mới qua sông Lam thông xe\n\nSáng 2/12, cây cầu dài 1.200 m nối hai huyện ven sông Lam "
        "chính thức thông xe sau 30 tháng thi công, rút ngắn quãng đường đi lại khoảng 15 km.",
        encoding="utf-8",
    )
    fourth = indexer.ingest(corpus)
    assert (fourth.added, fourth.updated, fourth.removed) == (1, 0, 0)
    _assert_lexical_is_as_built_from_scratch(settings)
    hits = _lexical(settings).search(lexical_index.query_tokens("cầu sông Lam thông xe"), k=1)
    assert hits and _lexical(settings).doc_ids[_lexical(settings).ids.index(hits[0][0])] == "new.txt"


def _lexical(settings) -> lexical_index.LexicalIndex:
    col = store.collection(settings)
    saved = lexical_index.load(settings.store_dir / "lexical", lexical_index.fingerprint(store.all_ids(col)))
    assert saved is not None, "the saved BM25 index does not match the collection"
    return saved


def _assert_lexical_is_as_built_from_scratch(settings) -> None:
    """What ingest saved (reusing the fields it read to plan) equals a build from every chunk."""
    fresh = lexical_index.build(ChunkTable().plus(*store.all_fields(store.collection(settings), READ_KEYS)))
    saved = _lexical(settings)
    assert sorted(saved.ids) == sorted(fresh.ids) and saved.df == fresh.df

    def by_id(index):
        return {i: (d, int(t), s) for i, d, t, s in zip(index.ids, index.doc_ids, index.dates, index.sources)}

    assert by_id(saved) == by_id(fresh)
    a, b = saved.diacritics(), fresh.diacritics()
    assert (a.unigrams, a.bigrams, a.trigrams) == (b.unigrams, b.bigrams, b.trigrams)
    table = ChunkTable.load(settings.store_dir / "lexical")  # the next ingest plans from its rows
    ids, metas = store.all_metadata(store.collection(settings))
    assert dict(zip(table.ids, table.fields)) == {i: {k: m[k] for k in FIELDS if k in m} for i, m in zip(ids, metas)}


def test_adding_an_article_reads_only_its_own_chunks_from_the_store(settings, corpus, embed_model, monkeypatch):
    """A big archive is not read again to add one article (it took 35-42 s at 38k chunks):
    the plan and the BM25 index come from the saved chunk table plus the chunks just written."""
    indexer = Indexer(settings, embed_model=embed_model)
    indexer.ingest(corpus)
    before = set(store.all_ids(store.collection(settings)))

    def whole_read(*args, **kwargs):
        raise AssertionError("every chunk's metadata was read")

    fetched: list[str] = []
    real_get = type(store.collection(settings)).get

    def get(self, ids=None, **kwargs):
        fetched.extend(ids or [])
        return real_get(self, ids=ids, **kwargs)

    monkeypatch.setattr(store, "field_pages", whole_read)
    monkeypatch.setattr(type(store.collection(settings)), "get", get)
    (corpus / "new.txt").write_text(
        "Chợ đêm mở cửa\n\nTối 1/12, chợ đêm ven sông mở cửa với 120 gian hàng đặc sản của tỉnh.", encoding="utf-8"
    )
    report = indexer.ingest(corpus)
    assert (report.added, report.unchanged) == (1, 5)
    new = set(store.all_ids(store.collection(settings))) - before
    assert new and set(fetched) == new
    monkeypatch.undo()
    _assert_lexical_is_as_built_from_scratch(settings)


def test_killed_ingest_is_completed_by_the_next_run(settings, corpus, embed_model, tmp_path):
    """kill -9 halfway through writing; the next run adds what is missing, no duplicates."""
    big = tmp_path / "big"
    big.mkdir()
    for art in read_folder(corpus)[0]:
        for v in range(4):  # 20 distinct articles
            body = art.text.replace("năm", f"năm (bản {v})", 1)
            (big / f"{v}-{art.doc_id}").write_text(f"{art.title} {v}\n\n{body}", encoding="utf-8")
    env = {**os.environ, "HOIDAP_WRITE_BATCH": "8", "HOIDAP_COLLECTION": settings.collection}
    cmd = [
        sys.executable,
        "-m",
        "assistant.cli",
        "-v",
        "--index-dir",
        str(settings.store_dir),
        "ingest",
        str(big),
    ]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        if line.startswith("wrote ") and int(line.split()[1].split("/")[0]) >= 4:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be interrupted"
    partial, _ = _chunks_per_doc(settings)
    assert 0 < len(partial) < 20

    report = Indexer(settings, embed_model=embed_model).ingest(big)
    assert report.added + report.updated == 20 - report.unchanged
    counts, metas = _chunks_per_doc(settings)
    assert len(counts) == 20
    assert all(counts[m["doc_id"]] == m["n_chunks"] for m in metas)
    ids = store.all_metadata(store.collection(settings))[0]
    assert len(ids) == len(set(ids)) == report.total_chunks
    final = Indexer(settings, embed_model=embed_model).ingest(big)
    assert (final.added, final.updated, final.unchanged) == (0, 0, 20)


def test_bad_files_do_not_stop_the_run(settings, corpus, embed_model):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 10)
    report = Indexer(settings, embed_model=embed_model).ingest(corpus)
    assert report.added == 5
    assert {s.name for s in report.skipped} == {"empty.txt", "binary.txt"}
    assert "skipped empty.txt" in report.summary()


def test_cli_ingest_reports_and_refuses_missing_folder(settings, corpus, tmp_path, cli):
    out = cli(settings, "ingest", str(corpus), check=True).stdout
    assert "+5 thêm/added" in out and "5 bài/articles" in out and "Thời gian / time" in out
    missing = cli(settings, "ingest", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "không tìm thấy thư mục" in missing.stderr
    assert "Traceback" not in missing.stderr


@pytest.mark.slow
def test_against_a_real_chroma_server(settings, corpus, embed_model, tmp_path):
    """CHROMA_HOST/CHROMA_PORT switch to an HTTP client; a real `chroma run` on 127.0.0.1."""
    import shutil
    import socket
    import time

    chroma = shutil.which("chroma") or os.path.join(os.path.dirname(sys.executable), "chroma")
    if not os.path.exists(chroma):
        pytest.skip("the chroma CLI is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path / "srv"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        import httpx

        for _ in range(240):
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("chroma run did not start within 2 minutes")
        remote = settings.with_(chroma_host="127.0.0.1", chroma_port=port)
        report = Indexer(remote, embed_model=embed_model).ingest(corpus)
        assert report.added == 5
        from assistant.engine import Assistant
        from assistant.retrieval.hybrid import HybridRetriever

        bot = Assistant(remote, retriever=HybridRetriever(remote, embed_model=embed_model))
        answer = bot.ask("Xã Vĩnh Quang phấn đấu giảm bao nhiêu hộ nghèo?")
        assert "46 hộ nghèo" in answer.text
        assert not (tmp_path / "index" / "chroma").exists()  # nothing was written locally
    finally:
        server.terminate()
        server.wait(10)
