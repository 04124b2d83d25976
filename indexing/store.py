"""Chroma, embedded on disk by default or a shared server when CHROMA_HOST is set."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from llama_index.vector_stores.chroma import ChromaVectorStore

from indexing.errors import IndexMismatch
from indexing.settings import Settings


@lru_cache(maxsize=8)
def _client(host: str | None, port: int, path: str):
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
    return chromadb.PersistentClient(path=path, settings=chroma_settings)


def client(settings: Settings):
    return _client(settings.chroma_host, settings.chroma_port, str(settings.store_dir / "chroma"))


REPAIRED = "chroma.repair"  # a repaired copy being built (``indexing/repair.py``)
READY = "chroma.repair.ready"  # written once that copy is checked: it must replace ``chroma``
DAMAGED = "chroma.damaged-"  # the prefix of a replaced store's folder, kept for the user


def kept_name(root: Path, wanted: str = "") -> str:
    """A free folder name for a replaced store: ``wanted`` when valid and free, else a new one."""
    if wanted.startswith(DAMAGED) and "/" not in wanted and not (root / wanted).exists():
        return wanted
    stamp = time.strftime("%Y%m%d-%H%M%S")
    n = 0
    while (root / f"{DAMAGED}{stamp}-{os.getpid()}-{n}").exists():
        n += 1
    return f"{DAMAGED}{stamp}-{os.getpid()}-{n}"


def mark_ready(root: Path, kept: str) -> None:
    """Say, atomically, that the checked copy must replace ``chroma`` (which goes to ``kept``)."""
    tmp = root / (READY + ".tmp")
    tmp.write_text(kept, encoding="utf-8")
    os.replace(tmp, root / READY)


def finish_swap(settings: Settings) -> bool:
    """Complete a repair's swap that was interrupted between its two renames (else the index
    would open empty); True when there was one. The replaced store is renamed, never deleted."""
    root = settings.store_dir
    ready, new, current = root / READY, root / REPAIRED, root / "chroma"
    if settings.chroma_host or not ready.exists():
        return False
    if new.exists():
        if current.exists():
            current.rename(root / kept_name(root, ready.read_text(encoding="utf-8").strip()))
        new.rename(current)
    ready.unlink()
    return True


def collection(settings: Settings):
    """The articles collection; never with Chroma's default (downloading) embedding function."""
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    finish_swap(settings)
    col = client(settings).get_or_create_collection(
        settings.collection,
        metadata={"hnsw:space": "cosine", "embed_model": settings.embed_model},
        embedding_function=None,
    )
    built_with = (col.metadata or {}).get("embed_model")
    if built_with and built_with != settings.embed_model:
        raise IndexMismatch(
            f"Chỉ mục được tạo bằng mô hình '{built_with}', không phải '{settings.embed_model}'. "
            f"Hãy dùng `hoidap ingest --rebuild`. / The index was built with '{built_with}'."
        )
    return col


def vector_store(settings: Settings) -> ChromaVectorStore:
    return ChromaVectorStore(chroma_collection=collection(settings))


def reset(settings: Settings) -> None:
    """Drop the collection (for --rebuild)."""
    try:
        client(settings).delete_collection(settings.collection)
    except Exception:
        pass


def _pages(col, include: list[str], page: int) -> Iterator[dict]:
    """``col.get`` results, ``page`` chunks at a time, until the collection is read."""
    offset = 0
    while True:
        got = col.get(include=include, limit=page, offset=offset)
        yield got
        if len(got["ids"]) < page:
            return
        offset += page


def all_ids(col, page: int = 20000) -> list[str]:
    """Every chunk id (no metadata: what a cache check needs)."""
    return [i for got in _pages(col, [], page) for i in got["ids"]]


def field_pages(col, keys: tuple[str, ...], page: int = 2000) -> Iterator[tuple[list[str], list[dict]]]:
    """Every chunk id with only ``keys`` of its metadata, ``page`` chunks at a time: the
    stored node text (the largest field) never accumulates."""
    for got in _pages(col, ["metadatas"], page):
        yield got["ids"], [{k: m[k] for k in keys if k in m} for m in got["metadatas"]]


def all_fields(col, keys: tuple[str, ...], page: int = 2000) -> tuple[list[str], list[dict]]:
    """Every chunk id with only ``keys`` of its metadata, read in pages (a 38k-chunk archive in
    ~0.1 GB, not ~1.1 GB)."""
    ids: list[str] = []
    metas: list[dict] = []
    for page_ids, page_metas in field_pages(col, keys, page):
        ids += page_ids
        metas += page_metas
    return ids, metas


def all_metadata(col, page: int = 5000) -> tuple[list[str], list[dict]]:
    """Every chunk id and its whole metadata, paged."""
    ids: list[str] = []
    metas: list[dict] = []
    for got in _pages(col, ["metadatas"], page):
        ids += got["ids"]
        metas += got["metadatas"]
    return ids, metas
