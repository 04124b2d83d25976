"""The managed uploads folder: files added in the UI are kept under the index, so that
``hoidap ingest --rebuild`` can reread them, and a journal finishes an upload cut short."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from indexing.articles import Article, Skipped
from indexing.pipeline import Indexer, IngestReport
from indexing.readers import UNSUPPORTED, read_file, suffix_of
from indexing.settings import Settings
from indexing.sources import UPLOADS, uploads_dir

PENDING = ".pending.json"  # dot-files are never read as articles
WRITE_LOCK = threading.Lock()  # one upload or removal at a time in this process (UI users share it)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_upload(settings: Settings, path: Path | str) -> Path:
    """Copy an uploaded file into the managed folder (atomically) and return where it now lives.
    A different file with the same name is kept beside it as ``name (2).txt``, never replaced."""
    src = Path(path)
    folder = uploads_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    if src.parent.resolve() == folder.resolve():
        return src  # already kept there (the chat stores a file first to learn its name)
    suffix = suffix_of(src) or src.suffix
    stem = src.name[: len(src.name) - len(suffix)] if suffix else src.name
    dest, n = folder / src.name, 1
    while dest.exists() and file_digest(dest) != file_digest(src):
        n += 1
        dest = folder / f"{stem} ({n}){suffix}"
    if not dest.exists():
        tmp = folder / f".{dest.name}.part"
        shutil.copyfile(src, tmp)
        tmp.replace(dest)
    return dest


def _read(folder: Path, names: list[str]) -> tuple[list[Article], list[Skipped]]:
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for name in names:
        for item in read_file(folder / name, name):
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                item.doc_id = f"{UPLOADS}/{item.doc_id}"
                articles.append(item)
    return articles, skipped


def add_uploads(
    settings: Settings,
    paths: list[str | Path],
    embed_model=None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Keep the readable files and index their articles; nothing already indexed is removed."""
    with WRITE_LOCK:
        return _add(settings, paths, embed_model, progress)


def _add(
    settings: Settings, paths: list[str | Path], embed_model, progress: Callable[[int, int], None] | None
) -> IngestReport:
    stored: list[str] = []
    skipped: list[Skipped] = []
    for raw in paths:
        src = Path(raw)
        if not suffix_of(src):
            skipped.append(Skipped(src.name, UNSUPPORTED))
            continue
        items = list(read_file(src, src.name))
        skipped += [i for i in items if isinstance(i, Skipped)]
        if any(isinstance(i, Article) for i in items):
            stored.append(store_upload(settings, src).name)
    journal = uploads_dir(settings) / PENDING
    if stored:
        journal.write_text(json.dumps(stored, ensure_ascii=False))
    articles, more = _read(uploads_dir(settings), stored)
    report = Indexer(settings, embed_model=embed_model).sync(
        articles, skipped + more, origin=UPLOADS, prune=False, progress=progress
    )
    journal.unlink(missing_ok=True)
    return report


def recover(settings: Settings, embed_model=None) -> IngestReport | None:
    """Finish an upload that was cut short (killed process): index what its journal lists."""
    journal = uploads_dir(settings) / PENDING
    if not journal.exists():
        return None
    try:
        names = [n for n in json.loads(journal.read_text()) if (uploads_dir(settings) / n).exists()]
    except ValueError:
        names = []
    articles, skipped = _read(uploads_dir(settings), names)
    report = Indexer(settings, embed_model=embed_model).sync(articles, skipped, origin=UPLOADS, prune=False)
    journal.unlink(missing_ok=True)
    return report


def forget(settings: Settings, local_id: str) -> None:
    """After an uploaded article is removed, drop it from the managed folder too (so a rebuild does
    not bring it back): the whole file, or its line of a JSONL file (blanked, keeping line numbers)."""
    rel = local_id.removeprefix(f"{UPLOADS}/")
    name, _, row_id = rel.partition("#")
    path = uploads_dir(settings) / name
    if not path.is_file():
        return
    if not row_id:
        path.unlink()
        return
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
        lines = fh.read().splitlines()
    for i, line in enumerate(lines):
        try:
            row = json.loads(line) if line.strip() else None
        except ValueError:
            continue
        if isinstance(row, dict) and str(row.get("id") or i + 1) == row_id:
            lines[i] = ""
    tmp = path.with_name(f".{path.name}.part")
    with opener(tmp, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    tmp.replace(path)
    if not any(line.strip() for line in lines):
        path.unlink()
