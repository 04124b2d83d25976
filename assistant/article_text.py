"""The full cleaned text of an article, rebuilt from its chunks (for "open the full article")."""

from __future__ import annotations

import json

from indexing import store
from indexing.settings import Settings


def article_text(settings: Settings, doc_id: str) -> tuple[str, str]:
    """(title, cleaned text) of ``doc_id``; chunks are placed at their offsets."""
    got = store.collection(settings).get(where={"doc_id": doc_id}, include=["metadatas", "documents"])
    pieces: list[tuple[int, int, str]] = []
    title = ""
    for meta, text in zip(got["metadatas"], got["documents"]):
        title = meta.get("title", title)
        node = json.loads(meta.get("_node_content", "{}"))
        pieces.append((int(node.get("start_char_idx") or 0), int(node.get("end_char_idx") or 0), text or ""))
    pieces.sort()
    out, end = [], 0
    for start, stop, text in pieces:
        if start > end:
            out.append("\n\n" if start - end > 1 else " ")
            end = start
        if stop > end:
            out.append(text[end - start :])
            end = stop
    return title, "".join(out)
