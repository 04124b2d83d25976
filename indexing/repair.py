"""Rebuild a Chroma store whose vector index cannot be read (a write killed half-way, a damaged
disk) from the chunks' own text and metadata, which Chroma keeps in SQLite.

Nothing is lost: the new store is built beside the old one, checked, and only then swapped in;
the damaged store is kept, renamed ``chroma.damaged-<time>``, for the user to delete. Vectors
that can still be read are reused; the others are embedded again from the chunk text exactly as
at ingest (same node content, same metadata; the int8 encoder quantises per batch, so a vector
differs from its first copy by batch noise only, cosine ~0.998).
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from indexing import store
from indexing.settings import Settings

log = logging.getLogger(__name__)

PAGE = 500  # chunks read, embedded and written at a time


class RepairImpossible(RuntimeError):
    """The store cannot be repaired here (a shared Chroma server, or its text is unreadable too)."""


@dataclass
class RepairReport:
    chunks: int
    reused: int  # vectors read back from the damaged index
    embedded: int  # vectors computed again from the chunk text
    kept: Path | None  # the damaged store, moved aside (None when nothing needed repair)
    seconds: float

    def summary(self) -> str:
        if self.kept is None:
            return f"Chỉ mục không hỏng / the index is not damaged ({self.chunks} đoạn/chunks)."
        return (
            f"Đã sửa chỉ mục / index repaired: {self.chunks} đoạn/chunks "
            f"({self.reused} vector giữ lại/reused, {self.embedded} tính lại/re-embedded) "
            f"trong/in {self.seconds:.0f} s.\n"
            f"Bản hỏng được giữ ở / the damaged copy is kept at: {self.kept} (xóa khi đã kiểm tra / "
            "delete it once you have checked). Khởi động lại `hoidap serve` nếu đang chạy / restart a "
            "running `hoidap serve`."
        )


def damage(settings: Settings, page: int = 2000) -> str | None:
    """Why the vector index cannot be searched, or None when every vector reads back and a
    search runs."""
    col = store.collection(settings)
    try:
        for _ in store._pages(col, ["embeddings"], page):  # every vector read back
            pass
    except Exception as exc:  # Chroma raises its InternalError (and others) from its Rust core
        return str(exc) or type(exc).__name__
    return searchable(settings)


def searchable(settings: Settings) -> str | None:
    """A quick probe (one search with a stored vector, milliseconds): why the index cannot be
    searched, or None. :func:`damage` also reads every vector; this is what ``ingest`` runs after a write."""
    col = store.collection(settings)
    try:
        got = col.get(limit=1, include=["embeddings"])
        if len(got["ids"]):
            col.query(query_embeddings=[[float(x) for x in got["embeddings"][0]]], n_results=1)
    except Exception as exc:  # Chroma raises its InternalError (and others) from its Rust core
        return str(exc) or type(exc).__name__
    return None


def _vectors(col, ids: list[str]) -> list[list[float]] | None:
    """The stored vectors of ``ids``, or None when any of them cannot be read."""
    try:
        got = col.get(ids=ids, include=["embeddings"])
    except Exception:
        return None
    by_id = {i: e for i, e in zip(got["ids"], got["embeddings"])}
    if any(by_id.get(i) is None for i in ids):
        return None
    return [[float(x) for x in by_id[i]] for i in ids]


def _embed_again(embed_model, metas: list[dict], docs: list[str]) -> list[list[float]]:
    """The vectors ingest computed: the node rebuilt from its stored metadata, embedded as a passage."""
    from llama_index.core.schema import MetadataMode
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    nodes = [metadata_dict_to_node(m, text=d) for m, d in zip(metas, docs)]
    texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
    return embed_model.get_text_embedding_batch(texts)


def _forget_clients() -> None:
    """Close every cached Chroma client, so the store folder can be swapped underneath."""
    from chromadb.api.client import SharedSystemClient

    store._client.cache_clear()
    SharedSystemClient.clear_system_cache()


def _load_model(settings: Settings):
    from indexing.embedding_model import load_embed_model  # torch/ONNX only when a vector is missing

    return load_embed_model(settings)


class _Copier:
    """Copies collections into the new store, reusing readable vectors and embedding the rest."""

    def __init__(self, settings: Settings, loader: Callable[[], object] | None, progress):
        self.settings = settings
        self.loader = loader or (lambda: _load_model(settings))
        self.model = None
        self.progress = progress
        self.reused = self.embedded = 0

    def copy(self, col, new_client) -> list[str]:
        """Every chunk of ``col`` into a same-named collection of ``new_client``; the ids copied."""
        ids = store.all_ids(col)
        new_col = new_client.get_or_create_collection(col.name, metadata=col.metadata, embedding_function=None)
        for at in range(0, len(ids), PAGE):  # a page at a time: a big archive's metadata never all in memory
            page_ids = ids[at : at + PAGE]
            try:
                got = col.get(ids=page_ids, include=["documents", "metadatas"])
            except Exception as exc:
                raise RepairImpossible(
                    f"Không đọc được nội dung các đoạn / the chunk text cannot be read either: {exc}. "
                    "Hãy giữ nguyên thư mục chỉ mục / keep the index folder as it is."
                ) from exc
            stored = {i: (d or "", m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])}
            if any(i not in stored for i in page_ids):
                raise _Changed()
            docs, metas = [stored[i][0] for i in page_ids], [stored[i][1] for i in page_ids]
            vectors = _vectors(col, page_ids)
            if vectors is None:
                vectors = self._embed(col, metas, docs)
            else:
                self.reused += len(page_ids)
            new_col.add(ids=page_ids, embeddings=vectors, documents=docs, metadatas=metas)
            if self.progress:
                self.progress(at + len(page_ids), len(ids))
        if new_col.count() != len(ids):
            raise RepairImpossible(
                f"Bản sửa thiếu đoạn / the rebuilt copy lacks chunks: {new_col.count()} / {len(ids)}"
            )
        return ids

    def _embed(self, col, metas: list[dict], docs: list[str]) -> list[list[float]]:
        built_with = (col.metadata or {}).get("embed_model")
        if built_with and built_with != self.settings.embed_model:
            raise RepairImpossible(
                f"Bộ sưu tập '{col.name}' được nhúng bằng '{built_with}': chạy lại với "
                f"HOIDAP_EMBED_MODEL={built_with}. / Collection '{col.name}' was embedded with "
                f"'{built_with}': rerun with that model."
            )
        if self.model is None:
            self.model = self.loader()
        self.embedded += len(docs)
        return _embed_again(self.model, metas, docs)


class _Changed(Exception):
    """The store changed while it was copied (another process wrote to it)."""


def repair(
    settings: Settings,
    embed_model_loader: Callable[[], object] | None = None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> RepairReport:
    """Rebuild the store of ``settings`` — every collection in it — when :func:`damage` finds it
    broken (always with ``force``). Stop other hoidap processes on this index first: a change
    made meanwhile is detected and the repair refused, the old store untouched."""
    if settings.chroma_host:
        raise RepairImpossible(
            "Chỉ mục nằm trên máy chủ Chroma; hãy sửa ở máy chủ. / The index is on a Chroma server: repair it there."
        )
    start = time.perf_counter()
    main = store.collection(settings)
    if not force and damage(settings) is None:
        return RepairReport(main.count(), 0, 0, None, time.perf_counter() - start)
    root = settings.store_dir
    new_dir = root / store.REPAIRED
    shutil.rmtree(new_dir, ignore_errors=True)  # a repair killed before its check: its own half-built copy
    old_client, new_client = store.client(settings), store._client(None, 0, str(new_dir))
    copier = _Copier(settings, embed_model_loader, progress)
    copied: dict[str, list[str]] = {}
    try:
        for c in old_client.list_collections():
            col = old_client.get_collection(c.name, embedding_function=None)
            copied[c.name] = copier.copy(col, new_client)
        changed = any(
            sorted(store.all_ids(old_client.get_collection(n, embedding_function=None))) != sorted(i)
            for n, i in copied.items()
        )
        if changed or sorted(c.name for c in old_client.list_collections()) != sorted(copied):
            raise _Changed()
    except (_Changed, RepairImpossible) as exc:
        _forget_clients()
        shutil.rmtree(new_dir, ignore_errors=True)
        if isinstance(exc, RepairImpossible):
            raise
        raise RepairImpossible(
            "Chỉ mục thay đổi trong khi sửa (đang nạp bài?): hãy chạy lại khi không còn tiến trình hoidap nào. "
            "/ The index changed during the repair (an ingest running?): run it again once no other hoidap runs."
        ) from None

    _forget_clients()
    kept = store.kept_name(root)
    store.mark_ready(root, kept)  # from here the checked copy must win: a kill is finished on the next open
    store.finish_swap(settings)
    _forget_clients()
    n = len(copied.get(settings.collection, []))
    log.info("repaired %s: %d chunks, %d re-embedded", root, n, copier.embedded)
    return RepairReport(n, copier.reused, copier.embedded, root / kept, time.perf_counter() - start)
