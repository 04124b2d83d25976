"""Hybrid retrieval: an embedding retriever and a BM25 retriever joined by rank fusion."""

from __future__ import annotations

import time

from chromadb.errors import InternalError
from llama_index.core.schema import NodeWithScore, QueryBundle

from assistant.retrieval.filters import SearchFilters
from assistant.retrieval.fusion import names_first, reciprocal_rank_fusion
from assistant.retrieval.lexical import BM25Retriever
from assistant.retrieval.passage import Passage
from assistant.retrieval.snapshot import Snapshot, SnapshotOwner
from assistant.retrieval.stories import collapse_duplicates
from indexing.embedding_model import load_embed_model
from indexing.errors import IndexDamaged
from indexing.settings import Settings

MODES = ("hybrid", "dense", "bm25")


class HybridRetriever:
    """``retrieve(question, k, filters)`` -> scored passages; ``mode`` picks one side for benchmarks."""

    def __init__(self, settings: Settings, embed_model=None, candidates: int = 20):
        self.settings = settings
        self.embed_model = embed_model or load_embed_model(settings)
        self.candidates = candidates
        self.last_timing: dict[str, float] = {}
        self.snapshots = SnapshotOwner(settings, self.embed_model)

    def snapshot(self) -> Snapshot:
        """The index snapshot a question should use from start to end (take it once per question)."""
        return self.snapshots.current()

    def reload(self) -> Snapshot:
        """After an ingest, upload or removal: every reader sees the new index from now on."""
        return self.snapshots.refresh()

    def idf(self, token: str) -> float:
        """IDF from the current snapshot (never a stale copy captured at start)."""
        return self.snapshots.current().idf(token)

    @property
    def lexical(self):
        return self.snapshots.current().lexical

    @property
    def vector_store(self):
        return self.snapshots.current().vector_store

    @property
    def size(self) -> tuple[int, int]:
        """(articles, chunks) in the index."""
        snap = self.snapshots.current()
        return snap.articles, snap.chunks

    def retrieve(
        self,
        question: str,
        k: int = 5,
        filters: SearchFilters | None = None,
        mode: str = "hybrid",
        snapshot: Snapshot | None = None,
        names: tuple[tuple[str, ...], ...] = (),
    ) -> list[Passage]:
        """The top ``k`` passages for ``question``: :meth:`search`, then :meth:`top`."""
        return self.top(self.search(question, filters, mode, snapshot, k), k, names)

    def search(
        self,
        question: str,
        filters: SearchFilters | None = None,
        mode: str = "hybrid",
        snapshot: Snapshot | None = None,
        k: int = 0,
    ) -> list[Passage]:
        """Every candidate of the dense and BM25 retrievers (``candidates`` each, at least
        ``k``), joined by reciprocal rank fusion."""
        snap = snapshot or self.snapshot()
        filters = filters or SearchFilters()
        n = max(k, self.candidates)
        ranked = {}
        t0 = time.perf_counter()
        if mode in ("hybrid", "dense"):
            dense = snap.index.as_retriever(similarity_top_k=n, filters=filters.to_llama())
            try:
                ranked["dense"] = dense.retrieve(QueryBundle(question))
            except InternalError as exc:  # the embedded Chroma cannot read its vector index
                if self.settings.chroma_host:
                    raise
                raise IndexDamaged(str(exc)) from exc
        t1 = time.perf_counter()
        if mode in ("hybrid", "bm25"):
            ranked["bm25"] = BM25Retriever(snap.lexical, snap.vector_store, n, filters).retrieve(question)
        t2 = time.perf_counter()
        self.last_timing = {"dense_s": t1 - t0, "bm25_s": t2 - t1}
        passages = []
        for nws, raw in reciprocal_rank_fusion(ranked):
            p = Passage.from_node(nws)
            p.scores = raw
            passages.append(p)
        return passages

    @staticmethod
    def top(passages: list[Passage], k: int, names: tuple[tuple[str, ...], ...] = ()) -> list[Passage]:
        """``names``: the question's sure names (accent-folded syllables); passages holding
        them all are fused in as a third ranking (``fusion.names_first``); one passage per
        story, the best ``k``."""
        passages = names_first(passages, [f"{p.title}\n{p.text}" for p in passages], names)
        return collapse_duplicates(passages)[:k]

    def neighbours(self, passages: list[Passage], top: int = 3, snapshot: Snapshot | None = None) -> list[Passage]:
        """The chunks just before and after the top passages (a sentence window across chunk
        edges), not already in ``passages``."""
        have = {p.chunk_id for p in passages}
        wanted = []
        for p in passages[:top]:
            base, _, index = p.chunk_id.rpartition("::")
            if index.isdigit():
                for j in (int(index) - 1, int(index) + 1):
                    cid = f"{base}::{j}"
                    if j >= 0 and cid not in have and cid not in wanted:
                        wanted.append(cid)
        if not wanted:
            return []
        vstore = (snapshot or self.snapshot()).vector_store
        got = {n.node_id: n for n in vstore.get_nodes(node_ids=wanted)}
        return [Passage.from_node(NodeWithScore(node=got[c], score=0.0)) for c in wanted if c in got]
