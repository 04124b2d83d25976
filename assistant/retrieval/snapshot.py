"""One owner of the index snapshot that answering reads: BM25 + its IDF + the vector store.

A :class:`Snapshot` never changes. :meth:`SnapshotOwner.refresh` builds the next one after an
ingest, upload or removal and swaps it in atomically: a question takes ``current()`` once and
finishes on it, so questions running during an upload end without error, and the next one
sees the new articles (retrieval, BM25 and IDF alike).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

from llama_index.core import VectorStoreIndex
from llama_index.vector_stores.chroma import ChromaVectorStore

from assistant.answering.lexicon import lexicon
from indexing import store
from indexing.diacritics import DiacriticModel, question_model
from indexing.lexical_index import LexicalIndex
from indexing.pipeline import Indexer
from indexing.settings import Settings

RESTORED_KEPT = 256  # questions whose restoration a snapshot keeps


@dataclass(frozen=True)
class Snapshot:
    version: int
    lexical: LexicalIndex
    vector_store: ChromaVectorStore
    index: VectorStoreIndex
    articles: int
    chunks: int
    stamp: int  # when the BM25 files on disk were written (ns); another process's ingest changes it

    def idf(self, token: str) -> float:
        """IDF over this snapshot's chunks (what the extractive ranking weighs terms by)."""
        return self.lexical.idf(token)

    @cached_property
    def diacritics(self) -> DiacriticModel:
        """Accent restoration learnt from this snapshot's chunks, common question phrases and a
        general word list (loaded on the first accent-free question)."""
        return question_model(self.lexical.diacritics(), lexicon().restore_phrases)

    @cached_property
    def _restored(self) -> dict[str, str]:
        return {}

    def forget_restorations(self) -> None:
        self._restored.clear()

    def restore_diacritics(self, text: str) -> str:
        """``text`` with accents restored when it has none ("xa Tan Lap" -> "xã Tân Lập"); the
        last questions' restorations are kept (a question is restored for search, for its
        follow-up subject and by the chat's stream: one Viterbi pass, ~5 ms on 1k articles)."""
        hit = self._restored.get(text)
        if hit is None:
            hit = self.diacritics.restore(text)
            if len(self._restored) >= RESTORED_KEPT:
                self._restored.clear()
            self._restored[text] = hit
        return hit


class SnapshotOwner:
    """Holds the current snapshot; ``refresh()`` replaces it, readers never wait on a build."""

    def __init__(self, settings: Settings, embed_model):
        self.settings = settings
        self.embed_model = embed_model
        self._lock = threading.Lock()  # one build at a time; reads take no lock
        self._current = self._build(1)

    def _stamp(self) -> int:
        try:
            return (self.settings.store_dir / "lexical" / "meta.json").stat().st_mtime_ns
        except OSError:  # being replaced right now, or no index yet
            return 0

    def _build(self, version: int) -> Snapshot:
        vstore = store.vector_store(self.settings)
        # chunks are made by indexing/chunking.py, so no node parser: llama-index's default
        # (a SentenceSplitter) would load tiktoken, 0.3 s of every cold start
        index = VectorStoreIndex.from_vector_store(
            vstore, embed_model=self.embed_model, transformations=[self.embed_model]
        )
        lexical = Indexer(self.settings, embed_model=self.embed_model).refresh_lexical()
        n_articles, n_chunks = len(set(lexical.doc_ids)), len(lexical.ids)
        return Snapshot(version, lexical, vstore, index, n_articles, n_chunks, self._stamp())

    def current(self) -> Snapshot:
        """The snapshot to answer with; picks up an ingest another process (``hoidap ingest``)
        finished since (one file stat per call)."""
        snap = self._current
        stamp = self._stamp()
        if stamp and stamp != snap.stamp and not self._lock.locked():
            return self.refresh(only_if_stale=True)
        return snap

    def refresh(self, only_if_stale: bool = False) -> Snapshot:
        """Build the snapshot of the index as it is now and make it current."""
        with self._lock:
            if only_if_stale and self._stamp() in (0, self._current.stamp):
                return self._current
            self._current = self._build(self._current.version + 1)
            return self._current
