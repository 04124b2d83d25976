"""A vector index damaged on disk (an ingest killed mid-write) is rebuilt by `hoidap repair`
from the stored chunks, with every article kept and the damaged copy left in place."""

from __future__ import annotations

import json
import shutil

import pytest

from indexing import store
from indexing.pipeline import Indexer
from indexing.repair import RepairImpossible, _forget_clients, repair

QUESTION = "Xã Phú Thiện có bao nhiêu tổ chức đảng?"


def _ingest_persisted(settings, corpus, embed_model) -> None:
    """The seeds indexed with the HNSW graph written to disk every 10 chunks (Chroma's default is
    every 1,000, before which a small index is rebuilt from its log and cannot be damaged)."""
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    meta = {
        "hnsw:space": "cosine",
        "embed_model": settings.embed_model,
        "hnsw:sync_threshold": 10,
        "hnsw:batch_size": 10,
    }
    store.client(settings).get_or_create_collection(settings.collection, metadata=meta, embedding_function=None)
    Indexer(settings, embed_model=embed_model).ingest(corpus)


def _damage(settings) -> None:
    """Cut the HNSW graph file short, as a write killed half-way can leave it."""
    _forget_clients()  # no client of this process keeps the graph in memory
    graph = max((settings.store_dir / "chroma").glob("*/data_level0.bin"), key=lambda f: f.stat().st_size)
    graph.write_bytes(graph.read_bytes()[:1000])


def test_a_damaged_index_is_reported_then_rebuilt_with_every_article(settings, corpus, embed_model, cli):
    _ingest_persisted(settings, corpus, embed_model)
    listed = cli(settings, "list", "--json")
    asked = cli(settings, "ask", QUESTION)
    assert asked.returncode == 0 and "69" in asked.stdout
    notes = store.client(settings).get_or_create_collection("notes", embedding_function=None)
    notes.add(ids=["n1", "n2"], embeddings=[[0.1, 0.2], [0.3, 0.4]], documents=["ghi chú 1", "ghi chú 2"])
    _damage(settings)

    ingest = cli(settings, "ingest", str(corpus))  # the next ingest says so too, and keeps every article
    assert ingest.returncode == 1 and "hoidap repair" in ingest.stderr and "Traceback" not in ingest.stderr
    broken = cli(settings, "ask", QUESTION)
    assert broken.returncode == 2
    assert "hoidap repair" in broken.stderr and "Traceback" not in broken.stderr
    assert cli(settings, "repair", "--check").returncode == 1

    repaired = cli(settings, "repair")
    assert repaired.returncode == 0, repaired.stderr
    kept = list(settings.store_dir.glob("chroma.damaged-*"))
    assert len(kept) == 1 and (kept[0] / "chroma.sqlite3").exists()  # the damaged copy is not deleted
    assert cli(settings, "repair", "--check").returncode == 0
    assert json.loads(cli(settings, "list", "--json").stdout) == json.loads(listed.stdout)
    again = cli(settings, "ask", QUESTION)
    assert again.returncode == 0 and again.stdout == asked.stdout
    _forget_clients()
    kept_notes = store.client(settings).get_collection("notes", embedding_function=None)  # another collection
    assert kept_notes.get(include=["documents"])["documents"] == ["ghi chú 1", "ghi chú 2"]


def test_an_undamaged_index_is_left_alone(settings, corpus, embed_model):
    _ingest_persisted(settings, corpus, embed_model)
    report = repair(settings, embed_model_loader=lambda: embed_model)
    assert report.kept is None and report.embedded == 0 and report.chunks > 0
    assert sorted(p.name for p in settings.store_dir.iterdir() if p.name.startswith("chroma")) == ["chroma"]


@pytest.mark.parametrize("renamed_old, marker", [(False, "chroma.damaged-1"), (True, "chroma.damaged-1"), (False, "")])
def test_a_swap_cut_short_is_finished_on_the_next_open(settings, corpus, embed_model, cli, renamed_old, marker):
    """Killed between the checked copy and its swap: the next open puts the copy in place (the
    index must not open empty), and the old store is still kept."""
    Indexer(settings, embed_model=embed_model).ingest(corpus)
    listed = json.loads(cli(settings, "list", "--json").stdout)
    _forget_clients()
    root = settings.store_dir
    shutil.copytree(root / "chroma", root / "chroma.repair")  # the checked copy
    (root / "chroma.repair.ready").write_text(marker, encoding="utf-8")  # "": cut short while written
    if renamed_old:  # killed after the first rename
        (root / "chroma").rename(root / "chroma.damaged-1")

    assert json.loads(cli(settings, "list", "--json").stdout) == listed
    stores = sorted(p.name for p in root.iterdir() if p.name.startswith("chroma"))
    assert len(stores) == 2 and stores[0] == "chroma" and stores[1].startswith("chroma.damaged-")
    assert (root / stores[1] / "chroma.sqlite3").exists()  # the replaced store is kept, not deleted


def test_a_repair_that_sees_the_index_change_gives_up_and_leaves_it_as_it_was(settings, corpus, embed_model):
    _ingest_persisted(settings, corpus, embed_model)
    col = store.collection(settings)
    before = sorted(col.get()["ids"])
    dim = len(col.get(limit=1, include=["embeddings"])["embeddings"][0])

    def another_process_writes(done: int, total: int) -> None:  # an ingest running beside the repair
        if not col.get(ids=["late"])["ids"]:
            col.add(ids=["late"], embeddings=[[0.0] * dim], documents=["bài mới"], metadatas=[{"doc_id": "late"}])

    with pytest.raises(RepairImpossible, match="changed during the repair"):
        repair(settings, embed_model_loader=lambda: embed_model, force=True, progress=another_process_writes)
    assert not (settings.store_dir / "chroma.repair").exists()
    assert not list(settings.store_dir.glob("chroma.damaged-*"))
    _forget_clients()
    assert sorted(store.collection(settings).get()["ids"]) == sorted([*before, "late"])


def test_an_index_built_with_another_model_is_explained_not_a_stack_trace(settings, corpus, embed_model, cli):
    Indexer(settings, embed_model=embed_model).ingest(corpus)
    store.collection(settings).modify(metadata={"embed_model": "another-model"})
    _forget_clients()
    for command in (["ask", QUESTION], ["list"], ["repair", "--check"]):
        done = cli(settings, *command)
        assert done.returncode == 2 and "another-model" in done.stderr and "Traceback" not in done.stderr, command
