"""The article library: adding never removes, each source mirrors only itself, remove/export,
eval on its own index, uploads that survive kill -9, and a consistent index during uploads."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from indexing import chunk_table, library, store
from indexing.pipeline import Indexer
from indexing.settings import BUNDLED_CORPUS, Settings
from tests.conftest import SEEDS


@pytest.fixture()
def hoidap(monkeypatch, capsys, embed_model):
    """``hoidap(settings, *args, input="")`` -> (exit code, stdout, stderr): the command line run
    in-process on the session's model (fast); the subprocess path is covered in test_ingest."""
    import assistant.retrieval.hybrid
    import indexing.pipeline
    from assistant.cli import main

    monkeypatch.setattr(indexing.pipeline, "load_embed_model", lambda _s: embed_model)
    monkeypatch.setattr(assistant.retrieval.hybrid, "load_embed_model", lambda _s: embed_model)

    def run(settings, *args, input=None, env=None):
        monkeypatch.setenv("HOIDAP_COLLECTION", settings.collection)
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        answers = iter((input or "").splitlines())
        monkeypatch.setattr("builtins.input", lambda _p="": next(answers, ""))
        capsys.readouterr()
        code = main(["--index-dir", str(settings.store_dir), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _folder(root: Path, name: str, seeds: list[Path]) -> Path:
    folder = root / name
    folder.mkdir()
    for seed in seeds:
        shutil.copy(seed, folder / seed.name)
    return folder


def _docs(settings) -> dict[str, Counter]:
    """doc id -> chunk count, straight from Chroma."""
    _, metas = store.all_metadata(store.collection(settings))
    return Counter(m["doc_id"] for m in metas)


def _index_fingerprint(settings) -> tuple:
    """Every chunk id with a hash of its text and metadata, and every file of the index folder."""
    got = store.collection(settings).get(include=["metadatas", "documents"])
    chunks = sorted(
        (i, hashlib.sha256((d + json.dumps(m, sort_keys=True)).encode()).hexdigest())
        for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
    )
    files = sorted(
        (str(p.relative_to(settings.store_dir)), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in settings.store_dir.rglob("*")
        if p.is_file()
    )
    return chunks, files


def test_a_second_folder_adds_and_mirroring_removes_only_its_own(settings, tmp_path, embed_model):
    a = _folder(tmp_path, "A", SEEDS[:2])
    b = _folder(tmp_path, "B", SEEDS[2:4])
    indexer = Indexer(settings, embed_model=embed_model)
    indexer.ingest(a)
    report = indexer.ingest(b)
    assert report.removed == 0 and report.added == 2
    assert set(_docs(settings)) == {p.name for p in SEEDS[:4]}  # A + B

    (b / SEEDS[3].name).unlink()
    again = indexer.ingest(b)
    assert (again.removed, again.unchanged, again.added) == (1, 1, 0)
    assert set(_docs(settings)) == {p.name for p in SEEDS[:3]}  # exactly that article went

    # the same file name in another folder is another article: both are kept
    c = tmp_path / "C"
    c.mkdir()
    (c / SEEDS[0].name).write_text(SEEDS[4].read_text(encoding="utf-8"), encoding="utf-8")
    indexer.ingest(c)
    docs = _docs(settings)
    assert set(docs) == {p.name for p in SEEDS[:3]} | {f"C/{SEEDS[0].name}"}
    assert indexer.ingest(a).unchanged == 2 and set(_docs(settings)) == set(docs)


def test_a_copy_skipped_as_a_duplicate_keeps_the_article_when_the_stored_one_is_deleted(
    settings, tmp_path, embed_model, hoidap
):
    """Folder B's copy of A's article is skipped ("already in the index"); deleting A's file
    and ingesting A again must leave the article in the index, now B's, without re-embedding."""
    a = _folder(tmp_path, "A", SEEDS[:2])
    b = tmp_path / "B"
    (b / "sub").mkdir(parents=True)
    shutil.copy(SEEDS[0], b / "sub" / "renamed.txt")
    indexer = Indexer(settings, embed_model=embed_model)
    indexer.ingest(a)
    skipped = indexer.ingest(b)
    assert skipped.added == 0 and [s.name for s in skipped.skipped] == ["sub/renamed.txt"]
    before = _docs(settings)

    (a / SEEDS[0].name).unlink()
    report = indexer.ingest(a)
    assert report.removed == 0 and report.chunks_removed == 0 and report.chunks_added == 0
    assert "sub/renamed.txt" in report.summary()
    assert _docs(settings) == before  # every chunk kept
    from indexing.library import entries

    owner = {e.id: (e.source, e.local_id) for e in entries(settings)}
    assert owner[SEEDS[0].name] == (str(b.resolve()), "sub/renamed.txt")
    # B owns it now: ingesting B again changes nothing; deleting B's copy then removes it
    assert indexer.ingest(b).unchanged == 1
    (b / "sub" / "renamed.txt").unlink()
    assert indexer.ingest(b).removed == 1
    assert set(_docs(settings)) == {SEEDS[1].name}


def test_a_deleted_duplicate_copy_does_not_keep_the_article(settings, tmp_path, embed_model):
    """The copy must still be on disk: with both files deleted the article goes."""
    a = _folder(tmp_path, "A", SEEDS[:2])
    b = _folder(tmp_path, "B", SEEDS[:1])
    indexer = Indexer(settings, embed_model=embed_model)
    indexer.ingest(a)
    indexer.ingest(b)
    (b / SEEDS[0].name).unlink()
    (a / SEEDS[0].name).unlink()
    assert indexer.ingest(a).removed == 1
    assert set(_docs(settings)) == {SEEDS[1].name}


def test_a_stale_chunk_table_never_removes_another_sources_article(settings, tmp_path, embed_model):
    """Another process gave an article to folder B (a copy there outlived A's) while this one
    held older chunk-table rows, and saved them after: ingesting A, whose file is gone, must
    check Chroma before deleting and leave B's article alone."""
    a = _folder(tmp_path, "A", SEEDS[:2])
    indexer = Indexer(settings, embed_model=embed_model)
    indexer.ingest(a)
    folder = settings.store_dir / "lexical"
    older = chunk_table.ChunkTable.load(folder)
    col = store.collection(settings)
    got = col.get(where={"doc_id": SEEDS[0].name}, include=["metadatas"])
    owner = {"origin": str((tmp_path / "B").resolve()), "local_id": SEEDS[0].name}
    col.update(ids=got["ids"], metadatas=[{**m, **owner} for m in got["metadatas"]])
    older.save(folder)  # the other process's change, then this one's older rows saved over it
    chunks = _docs(settings)[SEEDS[0].name]
    (a / SEEDS[0].name).unlink()
    report = indexer.ingest(a)
    assert (report.removed, report.unchanged) == (0, 1)
    assert _docs(settings)[SEEDS[0].name] == chunks


def test_index_from_before_sources_is_adopted_not_reembedded(settings, tmp_path, embed_model):
    a = _folder(tmp_path, "A", SEEDS[:2])
    indexer = Indexer(settings, embed_model=embed_model)
    indexer.ingest(a)
    col = store.collection(settings)
    got = col.get(include=["metadatas"])
    old = [{k: v for k, v in m.items() if k not in ("origin", "local_id")} for m in got["metadatas"]]
    col.update(ids=got["ids"], metadatas=[{**m, "origin": "", "local_id": ""} for m in old])  # an older index
    chunk_table.invalidate(settings.store_dir / "lexical")  # which kept no chunk table either
    report = indexer.ingest(a)
    assert (report.added, report.updated, report.unchanged, report.chunks_added) == (0, 0, 2, 0)
    from indexing.library import entries

    assert {e.source for e in entries(settings)} == {str(a.resolve())}


def test_another_processs_ingest_is_seen_by_the_next_question(settings, tmp_path, embed_model):
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever

    Indexer(settings, embed_model=embed_model).ingest(_folder(tmp_path, "A", SEEDS[:1]))
    bot = Assistant(settings, HybridRetriever(settings, embed_model=embed_model))
    assert bot.retriever.size[0] == 1
    Indexer(settings, embed_model=embed_model).ingest(_folder(tmp_path, "B", SEEDS[2:3]))  # `hoidap ingest B`
    assert bot.retriever.size[0] == 2  # no reload call: the snapshot follows the index on disk
    answer = bot.ask("Năm 2025 phường Hạc Thành có bao nhiêu chỉ tiêu vượt kế hoạch?")
    assert answer.found and answer.citations[0].passage.doc_id == SEEDS[2].name


def test_remove_by_id_and_by_source_asks_first(settings, tmp_path, embed_model, hoidap):
    a = _folder(tmp_path, "A", SEEDS[:2])
    b = _folder(tmp_path, "B", SEEDS[2:4])
    indexer = Indexer(settings, embed_model=embed_model)
    indexer.ingest(a)
    indexer.ingest(b)
    before = _docs(settings)

    listed = json.loads(hoidap(settings, "list", "--source", "B", "--json")[1])
    assert sorted(e["id"] for e in listed) == [p.name for p in SEEDS[2:4]]
    assert all(e["source"] == str(b.resolve()) and e["chunks"] == before[e["id"]] for e in listed)

    code, out, _ = hoidap(settings, "remove", "--source", "B", input="n")
    assert code == 1 and "Không xóa gì" in out
    assert _docs(settings) == before

    code, out, _ = hoidap(settings, "remove", SEEDS[0].name, "--yes")
    assert code == 0 and f"removed 1 bài/articles, {before[SEEDS[0].name]} đoạn/chunks" in out
    code, out, _ = hoidap(settings, "remove", "--source", str(b), input="y")
    assert code == 0 and f"{before[SEEDS[2].name] + before[SEEDS[3].name]} đoạn/chunks" in out
    assert set(_docs(settings)) == {SEEDS[1].name}
    assert hoidap(settings, "remove", "nope.txt", "--yes")[0] == 1


def test_export_then_rebuild_from_it_gives_the_same_library(settings, tmp_path, embed_model, hoidap):
    from indexing.uploads import add_uploads

    Indexer(settings, embed_model=embed_model).ingest(_folder(tmp_path, "A", SEEDS[:3]))
    add_uploads(settings, [SEEDS[4]], embed_model)
    before = _docs(settings)
    assert set(before) == {p.name for p in SEEDS[:3]} | {f"uploads/{SEEDS[4].name}"}
    export = tmp_path / "library.jsonl"
    assert "exported 4 bài" in hoidap(settings, "export", str(export))[1]

    moved = settings.with_(index_dir=tmp_path / "moved")
    code, out, _ = hoidap(moved, "ingest", "--rebuild", str(export))
    assert _docs(moved) == before  # same ids, same chunk count per article
    assert code == 0 and "4 bài/articles" in out
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in export.read_text().splitlines()}
    seed = SEEDS[1].read_text(encoding="utf-8")
    assert texts[SEEDS[1].name][-200:] in seed  # the cleaned text, not chunk fragments


def test_rebuild_rereads_every_source_and_refuses_when_one_is_gone(settings, tmp_path, embed_model, hoidap):
    from indexing.uploads import add_uploads

    a = _folder(tmp_path, "A", SEEDS[:1])
    b = _folder(tmp_path, "B", SEEDS[1:2])
    indexer = Indexer(settings, embed_model=embed_model)
    indexer.ingest(a)
    indexer.ingest(b)
    add_uploads(settings, [SEEDS[2]], embed_model)
    before = _docs(settings)
    assert hoidap(settings, "ingest", "--rebuild", str(a))[0] == 0
    assert _docs(settings) == before  # B and the upload are reread, not lost
    assert hoidap(settings, "ingest", "--rebuild")[0] == 0
    assert _docs(settings) == before  # no folder named: the library's own sources, not corpus/
    shutil.rmtree(b)
    code, _, err = hoidap(settings, "ingest", "--rebuild", str(a))
    assert code == 2 and str(b.resolve()) in err
    assert _docs(settings) == before


def test_eval_never_touches_the_user_index(settings, tmp_path, embed_model, hoidap):
    Indexer(settings, embed_model=embed_model).ingest(_folder(tmp_path, "mine", SEEDS[3:]))
    before = _index_fingerprint(settings)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "models").symlink_to(Settings().models_dir)
    items = (Path(__file__).parent.parent / "eval" / "sets" / "seeds.jsonl").read_text().splitlines()[:2]
    tiny = tmp_path / "tiny.jsonl"
    tiny.write_text("\n".join(items) + "\n", encoding="utf-8")
    env = {"HOIDAP_CACHE_DIR": str(cache)}
    args = ("eval", "--set", str(tiny), "--out", str(tmp_path / "report"))
    code, first, _ = hoidap(settings, *args, env=env)
    assert code == 0 and "5 bài, +5 nhúng/embedded" in first
    code, second, _ = hoidap(settings, *args, env=env)
    assert code == 0 and "5 bài, +0 nhúng/embedded" in second  # cached: nothing embedded again
    assert _index_fingerprint(settings) == before  # same ids, chunk hashes and files
    assert (cache / "eval-index").is_dir()


NEW = (
    "Hợp tác xã Tân Lập Chín thu hoạch vụ cà phê\n\n"
    "Ngày 12/3/2026, Hợp tác xã Tân Lập Chín cho biết vụ này hợp tác xã thu hoạch được 1.234 tấn cà phê nhân, "
    "tăng 17% so với năm trước nhờ áp dụng tưới nhỏ giọt trên toàn bộ diện tích."
)
QUESTION = "Hợp tác xã Tân Lập Chín thu hoạch được bao nhiêu tấn cà phê?"


def test_upload_during_ten_questions(tmp_path, embed_model):
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever
    from ui.handlers import ChatUI

    settings = Settings().with_(index_dir=tmp_path / "idx", collection="live")
    Indexer(settings, embed_model=embed_model).ingest(BUNDLED_CORPUS)
    bot = Assistant(settings, HybridRetriever(settings, embed_model=embed_model))
    ui = ChatUI(settings, bot)
    token = "~nho"  # "nhỏ giọt": an accent-folded syllable the seeds lack
    assert "1.234" not in bot.ask(QUESTION).text
    idf_before = bot.selector.features.idf(token)
    old_version = bot.retriever.snapshot().version
    new_file = tmp_path / "hop-tac-xa.txt"
    new_file.write_text(NEW, encoding="utf-8")

    questions = [
        "Xã Lơ Pang đặt mục tiêu tăng trưởng bao nhiêu?",
        "Năm 2025 phường Hạc Thành có bao nhiêu chỉ tiêu vượt kế hoạch?",
    ] * 5
    spans: list[tuple[float, float]] = []
    upload_span: list[float] = []

    def ask(q):
        start = time.perf_counter()
        answer = bot.ask(q)
        spans.append((start, time.perf_counter()))
        return answer

    def upload():
        upload_span.append(time.perf_counter())
        summary = ui.upload([str(new_file)])
        upload_span.append(time.perf_counter())
        return summary

    with ThreadPoolExecutor(max_workers=11) as pool:
        up = pool.submit(upload)
        answers = list(pool.map(ask, questions))
        summary = up.result()
    assert "+1 thêm/added" in summary
    assert len(answers) == 10 and all(a.found for a in answers)
    assert any(s < upload_span[1] and e > upload_span[0] for s, e in spans)  # they did overlap

    answer = bot.ask(QUESTION)
    assert "1.234" in answer.text and answer.citations[0].passage.doc_id == "uploads/hop-tac-xa.txt"
    assert bot.retriever.snapshot().version > old_version
    got = store.collection(settings).get(include=["metadatas"])
    df = sum(token in (m.get("lex") or "").split() for m in got["metadatas"])
    assert df > 0 and bot.selector.features.idf(token) < idf_before  # not the IDF captured at start
    import math

    assert bot.selector.features.idf(token) == pytest.approx(math.log((len(got["ids"]) + 1) / (df + 0.5)))
    assert (settings.store_dir / "uploads" / "hop-tac-xa.txt").read_text(encoding="utf-8") == NEW


def test_upload_killed_midway_is_finished_on_restart(tmp_path, embed_model):
    from indexing.uploads import recover

    settings = Settings().with_(index_dir=tmp_path / "idx", collection="killed")
    Indexer(settings, embed_model=embed_model).ingest(_folder(tmp_path, "A", SEEDS[:1]))
    files = []
    for v in range(3):
        for seed in SEEDS[1:4]:
            path = tmp_path / "up" / f"{v}-{seed.name}"
            path.parent.mkdir(exist_ok=True)
            head, body = seed.read_text(encoding="utf-8").split("\n\n", 1)
            extra = f"Bản tin này được cập nhật lần thứ {v} với số liệu mới nhất từ các địa phương."
            path.write_text(f"{head}\n\n{extra}\n\n{body}", encoding="utf-8")
            files.append(path)
    script = (
        "import logging, sys; from pathlib import Path\n"
        "logging.basicConfig(level=logging.INFO, format='%(message)s')\n"
        "from indexing.settings import Settings; from indexing.uploads import add_uploads\n"
        "add_uploads(Settings().with_(index_dir=Path(sys.argv[1]), collection='killed'), sys.argv[2:])\n"
    )
    env = {**os.environ, "HOIDAP_WRITE_BATCH": "8", "PYTHONPATH": str(Path(__file__).parent.parent)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(settings.store_dir), *map(str, files)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in proc.stderr:
        if line.startswith("wrote "):
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the upload finished before it could be interrupted"
    assert 1 < len(_docs(settings)) < 10

    report = recover(settings, embed_model)  # what `hoidap serve` does on start
    assert report is not None
    docs = _docs(settings)
    assert set(docs) == {SEEDS[0].name} | {f"uploads/{p.name}" for p in files}
    _, metas = store.all_metadata(store.collection(settings))
    assert all(docs[m["doc_id"]] == m["n_chunks"] for m in metas)  # complete, no duplicate chunks
    ids = store.all_metadata(store.collection(settings))[0]
    assert len(ids) == len(set(ids))
    assert recover(settings, embed_model) is None
    assert sorted(p.name for p in (settings.store_dir / "uploads").iterdir()) == sorted(p.name for p in files)


@pytest.mark.slow
def test_library_over_a_chroma_server(settings, tmp_path, embed_model, chroma_server):
    """CHROMA_HOST mode: two folders kept, mirroring, export and remove by source all work."""
    from indexing.export import write_export

    remote = settings.with_(chroma_host="127.0.0.1", chroma_port=chroma_server)
    a = _folder(tmp_path, "A", SEEDS[:1])
    b = _folder(tmp_path, "B", SEEDS[2:4])
    indexer = Indexer(remote, embed_model=embed_model)
    indexer.ingest(a)
    indexer.ingest(b)
    (b / SEEDS[3].name).unlink()
    assert indexer.ingest(b).removed == 1
    assert set(_docs(remote)) == {SEEDS[0].name, SEEDS[2].name}
    assert write_export(remote, tmp_path / "lib.jsonl") == 2
    library.remove(remote, library.select(library.entries(remote), source="B"))
    assert set(_docs(remote)) == {SEEDS[0].name}
    assert not (settings.store_dir / "chroma").exists()  # nothing was written to a local Chroma


def test_a_removed_upload_does_not_come_back_on_rebuild(settings, tmp_path, embed_model, hoidap):
    from indexing.uploads import add_uploads

    rows = [
        {"id": f"r{i}", "title": f"Tin số {i} về hợp tác xã", "text": SEEDS[i].read_text(encoding="utf-8")}
        for i in (2, 4)
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    add_uploads(settings, [feed, SEEDS[3]], embed_model)
    assert set(_docs(settings)) == {"uploads/feed.jsonl#r2", "uploads/feed.jsonl#r4", f"uploads/{SEEDS[3].name}"}
    gone = library.select(library.entries(settings), ids=["uploads/feed.jsonl#r2", f"uploads/{SEEDS[3].name}"])
    library.remove(settings, gone)
    assert not (settings.store_dir / "uploads" / SEEDS[3].name).exists()
    assert hoidap(settings, "ingest", "--rebuild")[0] == 0
    assert set(_docs(settings)) == {"uploads/feed.jsonl#r4"}  # what the user removed stays removed


@pytest.mark.parametrize(
    "meta, shown",
    [
        ({"date": 20260119}, "2026-01-19"),
        ({"date": 0, "date_text": "Sáng 21/11"}, "21/11/????"),  # no year written: none guessed
        ({"date_text": "chiều 5/3"}, "05/03/????"),
        ({"date_text": "Thứ hai"}, "Thứ hai"),
        ({}, ""),
    ],
)
def test_the_library_shows_a_date_not_a_time_of_day(meta, shown):
    assert library.entry_date(meta) == shown
