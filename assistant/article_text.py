"""The full cleaned text of an article, rebuilt from its chunks (for "open the full article")."""

from __future__ import annotations

from indexing import store
from indexing.export import assemble
from indexing.settings import Settings


def article_text(settings: Settings, doc_id: str) -> tuple[str, str]:
    """(title, cleaned text) of ``doc_id``; chunks are placed at their offsets."""
    got = store.collection(settings).get(where={"doc_id": doc_id}, include=["metadatas", "documents"])
    return assemble(list(zip(got["metadatas"], got["documents"])))
