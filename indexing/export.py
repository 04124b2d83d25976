"""Export the library as JSONL (cleaned articles with their metadata) and read it back.

The export is what ``hoidap export`` writes; ``hoidap ingest FILE.jsonl`` (or ``--rebuild``)
reads it without cleaning again, so the same articles give the same chunks.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from indexing.articles import Article, Skipped
from indexing.settings import Settings

MARK = "hoidap_export"
FIELDS = ("title", "text", "source", "date", "date_text", "author", "file", "url", "origin")


def assemble(rows: list[tuple[dict, str]]) -> tuple[str, str]:
    """(title, cleaned text) of one article from its chunks' (metadata, text), placed at their offsets."""
    pieces: list[tuple[int, int, str]] = []
    title = ""
    for meta, text in rows:
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


def export_rows(settings: Settings, page: int = 2000) -> list[dict]:
    """One dict per stored article, in id order."""
    from indexing import store  # Chroma only when exporting: reading an export file must not need it

    col = store.collection(settings)
    chunks: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    offset = 0
    while True:
        got = col.get(include=["metadatas", "documents"], limit=page, offset=offset)
        for meta, text in zip(got["metadatas"], got["documents"]):
            chunks[meta.get("doc_id", "")].append((meta, text))
        if len(got["ids"]) < page:
            break
        offset += page
    rows = []
    for doc_id in sorted(d for d in chunks if d):
        meta = chunks[doc_id][0][0]
        title, text = assemble(chunks[doc_id])
        rows.append({MARK: 1, "id": doc_id, **{k: meta.get(k, "") for k in FIELDS}, "title": title, "text": text})
    return rows


def write_export(settings: Settings, path: Path) -> int:
    """Write the library to ``path`` (atomically); returns the number of articles."""
    rows = export_rows(settings)
    tmp = path.with_name(path.name + ".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return len(rows)


def is_export(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as fh:
            first = next((line for line in fh if line.strip()), "")
        return MARK in json.loads(first or "{}")
    except (OSError, ValueError):
        return False


def read_export(path: Path) -> tuple[list[Article], list[Skipped]]:
    """Articles exactly as exported (already cleaned: no second cleaning pass)."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            articles.append(
                Article(
                    doc_id=str(row["id"]),
                    title=str(row.get("title") or ""),
                    text=str(row["text"]),
                    source=str(row.get("source") or ""),
                    date=int(row.get("date") or 0),
                    date_text=str(row.get("date_text") or ""),
                    author=str(row.get("author") or ""),
                    file=str(row.get("file") or ""),
                    url=str(row.get("url") or ""),
                )
            )
        except (ValueError, KeyError, TypeError):
            skipped.append(Skipped(f"{path.name}:{lineno}", "dòng xuất không hợp lệ / invalid export line"))
    return articles, skipped
