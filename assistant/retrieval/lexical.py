"""BM25 retriever (bm25s) over Vietnamese syllables, compound words and accent-folded forms."""

from __future__ import annotations

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle
from llama_index.vector_stores.chroma import ChromaVectorStore

from assistant.retrieval.filters import SearchFilters
from indexing.lexical_index import LexicalIndex, query_tokens


class BM25Retriever(BaseRetriever):
    def __init__(
        self,
        index: LexicalIndex,
        vector_store: ChromaVectorStore,
        top_k: int = 10,
        filters: SearchFilters | None = None,
    ):
        super().__init__()
        self.index = index
        self.vector_store = vector_store
        self.top_k = top_k
        self.filters = filters or SearchFilters()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        f = self.filters
        mask = self.index.mask(f.date_from, f.date_to, list(f.sources))
        hits = self.index.search(query_tokens(query_bundle.query_str), self.top_k, mask)
        if not hits:
            return []
        nodes = {n.node_id: n for n in self.vector_store.get_nodes(node_ids=[h[0] for h in hits])}
        return [NodeWithScore(node=nodes[cid], score=score) for cid, score in hits if cid in nodes]
