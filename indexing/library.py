"""The article library as a user sees it: list, select by id or source, remove, and the
sources ``--rebuild`` rereads. Removal only ever happens here, on a user's request."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from indexing import store, uploads
from indexing.pipeline import Indexer, forget_stories
from indexing.settings import Settings
from indexing.sources import UPLOADS, matches


@dataclass
class Entry:
    """One indexed article."""

    id: str
    title: str
    date: str  # as written in the article, or YYYY-MM-DD
    outlet: str
    chunks: int
    source: str  # origin: folder / export file path, or "uploads"
    local_id: str

    def to_dict(self) -> dict:
        return asdict(self)


_DAY_MONTH = re.compile(r"\b(\d{1,2})/(\d{1,2})\b(?!/)")


def entry_date(meta: dict) -> str:
    """YYYY-MM-DD; a day without its year as "DD/MM/????" (the article's "Sáng 21/11" names no
    year, and none is guessed); other dates as written."""
    value = int(meta.get("date") or 0)
    if value:
        return f"{value // 10000:04d}-{value // 100 % 100:02d}-{value % 100:02d}"
    text = str(meta.get("date_text") or "")
    m = _DAY_MONTH.search(text)
    if m and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/????"
    return text


def _first_chunks(col, page: int = 5000) -> list[dict]:
    """The metadata of every article's first chunk (one row per article, not per chunk)."""
    metas: list[dict] = []
    offset = 0
    while True:
        got = col.get(where={"chunk_index": 0}, include=["metadatas"], limit=page, offset=offset)
        metas += got["metadatas"]
        if len(got["ids"]) < page:
            return metas
        offset += page


def entries(settings: Settings) -> list[Entry]:
    """Every article in the index, sorted by source then id."""
    out = [
        Entry(
            id=str(m["doc_id"]),
            title=str(m.get("title") or ""),
            date=entry_date(m),
            outlet=str(m.get("source") or ""),
            chunks=int(m.get("n_chunks") or 0),
            source=str(m.get("origin") or ""),
            local_id=str(m.get("local_id") or m["doc_id"]),
        )
        for m in _first_chunks(store.collection(settings))
        if m.get("doc_id")
    ]
    return sorted(out, key=lambda e: (e.source, e.id))


def select(items: list[Entry], ids: list[str] | None = None, source: str | None = None) -> list[Entry]:
    """The entries with one of ``ids`` and/or from ``source`` (a path, folder name or ``uploads``)."""
    if ids:
        wanted = set(ids)
        items = [e for e in items if e.id in wanted]
    if source:
        items = [e for e in items if e.source and matches(e.source, source)]
    return items


def remove(settings: Settings, items: list[Entry]) -> int:
    """Delete these articles (all their chunks); uploaded ones also leave the managed folder.
    Returns the number of chunks deleted."""
    if not items:
        return 0
    vstore = store.vector_store(settings)
    with uploads.WRITE_LOCK:
        for e in items:
            vstore.delete(e.id)
            if e.source == UPLOADS:
                uploads.forget(settings, e.local_id)
        forget_stories(settings, removed={e.id for e in items})
        Indexer(settings).refresh_lexical(force=True)
    return sum(e.chunks for e in items)


def origins(settings: Settings) -> list[str]:
    """The sources the index was built from (for ``--rebuild``), uploads last."""
    found = {e.source for e in entries(settings) if e.source}
    if uploads.uploads_dir(settings).is_dir():
        found.add(UPLOADS)
    return sorted(found, key=lambda o: (o == UPLOADS, o))


def _rebuild_file(settings: Settings) -> Path:
    return settings.store_dir / "rebuild-sources.json"


def rebuild_sources(settings: Settings, first: str | None = None) -> list[str]:
    """Drop the index for a rebuild and return the sources to reread: every source it held, then
    ``first``. Refuses (ValueError) when a source folder is gone: its articles would be lost. The
    list is saved first, so a rebuild cut short is finished by the next ``--rebuild``."""
    saved = _rebuild_file(settings)
    pending = json.loads(saved.read_text()) if saved.exists() else []
    todo = list(dict.fromkeys([*pending, *origins(settings), *([first] if first else [])]))
    missing = [o for o in todo if o != UPLOADS and not Path(o).exists()]
    if missing:
        raise ValueError(
            "Không thể dựng lại: nguồn không còn / cannot rebuild, these sources are gone: "
            + ", ".join(missing)
            + ". Dùng `hoidap export` để giữ bài, hoặc `hoidap remove --source …`. "
            "/ Use `hoidap export` to keep their articles, or `hoidap remove --source …`."
        )
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(todo, ensure_ascii=False))
    store.reset(settings)
    return todo


def rebuild_done(settings: Settings) -> None:
    _rebuild_file(settings).unlink(missing_ok=True)
