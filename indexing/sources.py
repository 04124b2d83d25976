"""Where articles come from: a folder, an export file, or the managed uploads folder.

Every article records its source (``origin``): a folder's or export file's absolute path, or
``uploads`` for files added in the UI (kept under the index so ``--rebuild`` can reread them).
"""

from __future__ import annotations

from pathlib import Path

from indexing.articles import Article, Skipped
from indexing.export import is_export, read_export
from indexing.readers import read_folder
from indexing.settings import Settings

UPLOADS = "uploads"


def uploads_dir(settings: Settings) -> Path:
    """The managed folder holding every uploaded file (part of the index folder)."""
    return settings.store_dir / UPLOADS


def origin_of(source: Path | str) -> str:
    """The origin recorded for a folder or export file: its absolute path."""
    return str(Path(source).expanduser().resolve())


def label_of(origin: str) -> str:
    """A short name for an origin (folder name), used to keep ids from two sources apart."""
    return UPLOADS if origin == UPLOADS else (Path(origin).name or "source")


def matches(origin: str, query: str) -> bool:
    """Whether ``query`` (a path, a folder name or ``uploads``) names ``origin``."""
    if query in (origin, label_of(origin)):
        return True
    return origin != UPLOADS and origin_of(query) == origin


def read_source(origin: str, settings: Settings) -> tuple[list[Article], list[Skipped]]:
    """The articles a source holds now, with ids local to that source."""
    if origin == UPLOADS:
        folder = uploads_dir(settings)
        if not folder.is_dir():
            return [], []
        articles, skipped = read_folder(folder)
        for art in articles:
            art.doc_id = f"{UPLOADS}/{art.doc_id}"
        return articles, [Skipped(f"{UPLOADS}/{s.name}", s.reason) for s in skipped]
    path = Path(origin)
    if path.is_file() and is_export(path):
        return read_export(path)
    if path.is_file():
        raise FileNotFoundError(
            f"Không phải tệp xuất của hoidap / not a hoidap export file: {path} (dùng một thư mục / use a folder)"
        )
    return read_folder(path)
