"""One owner of the index snapshot that answering reads: BM25 + its IDF + the vector store.

A :class:`Snapshot` never changes. :meth:`SnapshotOwner.refresh` builds the next one after an
ingest, upload or removal and swaps it in atomically: a question takes ``current()`` once and
finishes on it, so questions running during an upload end without error, and the next one
sees the new articles (retrieval, BM25 and IDF alike).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from llama_index.core import VectorStoreIndex
from llama_index.vector_stores.chroma import ChromaVectorStore

from indexing import store
from indexing.lexical_index import LexicalIndex
from indexing.pipeline import Indexer
from indexing.settings import Settings


@dataclass(frozen=True)
class Snapshot:
    version: int
    lexical: LexicalIndex
    vector_store: ChromaVectorStore
    index: VectorStoreIndex
    articles: int
    chunks: int

    def idf(self, token: str) -> float:
        """IDF over this snapshot's chunks (what the extractive ranking weighs terms by)."""
        return self.lexical.idf(token)


class SnapshotOwner:
    """Holds the current snapshot; ``refresh()`` replaces it, readers never wait on a build."""

    def __init__(self, settings: Settings, embed_model):
        self.settings = settings
        self.embed_model = embed_model
        self._lock = threading.Lock()  # one build at a time; reads take no lock
        self._current = self._build(1)

    def _build(self, version: int) -> Snapshot:
        vstore = store.vector_store(self.settings)
        index = VectorStoreIndex.from_vector_store(vstore, embed_model=self.embed_model)
        lexical = Indexer(self.settings, embed_model=self.embed_model).refresh_lexical()
        return Snapshot(version, lexical, vstore, index, len(set(lexical.doc_ids)), len(lexical.ids))

    def current(self) -> Snapshot:
        return self._current

    def refresh(self) -> Snapshot:
        """Build the snapshot of the index as it is now and make it current."""
        with self._lock:
            self._current = self._build(self._current.version + 1)
            return self._current
