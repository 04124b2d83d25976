"""Uploaded files into the index, with a per-file report of what was kept and what the cleaner removed."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from indexing.articles import Article, Skipped
from indexing.pipeline import Indexer
from indexing.readers import UNSUPPORTED, read_file, suffix_of
from indexing.settings import Settings
from indexing.sources import UPLOADS, uploads_dir
from indexing.uploads import add_uploads, file_digest, store_upload

__all__ = ["add_files", "uploads_dir"]


def _status(art: Article, stored: dict[str, str], by_hash: dict[str, str]) -> str:
    """added / updated / unchanged / duplicate, decided against what the index holds now."""
    if stored.get(art.doc_id) == art.content_hash:
        return "không đổi / unchanged"
    if art.content_hash in by_hash and by_hash[art.content_hash] != art.doc_id:
        return f"trùng nội dung với / same content as {by_hash[art.content_hash]} — không thêm / not added"
    return "cập nhật / updated" if art.doc_id in stored else "thêm mới / added"


def _article_line(art: Article, status: str) -> str:
    kept = len(art.text)
    raw = int(art.extra.get("raw_chars", kept))
    line = f"  • «{art.title[:70]}»: {status}"
    if "not added" in status:
        return line  # nothing of it is stored
    line += f"; giữ / kept {kept} ký tự/chars (tệp có / file had {raw})"
    cleaner = art.extra.get("cleaner")
    line += f"\n    bộ làm sạch đã bỏ / cleaner removed: {cleaner}" if cleaner else ""
    line += f"\n    {art.extra['font']}" if art.extra.get("font") else ""
    note = art.extra.get("note")  # what of the file could not be read (a PDF's scanned pages)
    return line + (f"\n    đọc một phần / partly read: {note}" if note else "")


def add_files(
    settings: Settings, retriever, paths: list[str] | None, progress: Callable[[float, str], None] | None = None
) -> str:
    """Keep each readable file in the index's managed uploads folder and ingest its articles;
    files that give no article are never kept. Reports per file what was kept and removed. A
    file whose name an earlier upload (or another file of this batch) already has, with other
    content, is kept beside it as "name (2).txt" and reported under that name; the same file
    twice is added once."""
    if not paths:
        return "Chưa chọn tệp nào. / No file selected."
    keep: list[Path] = []
    unique = {(Path(p).name, file_digest(Path(p))): Path(p) for p in paths}  # the same file twice: once
    fields = Indexer(settings).chunk_table().fields  # the saved table, not every chunk's metadata
    stored = {f.get("doc_id"): f.get("doc_hash") for f in fields}
    by_hash = {h: d for d, h in stored.items()}
    lines: list[str] = []
    for (name, _), src in unique.items():
        if not suffix_of(src):
            lines.append(f"✗ {name}: bị từ chối / rejected — {UNSUPPORTED}")
            continue
        items = list(read_file(src, name))
        good = [a for a in items if isinstance(a, Article)]
        bad = [s for s in items if isinstance(s, Skipped)]
        if not good:  # rejected: nothing of it is kept
            reasons = "; ".join(s.reason for s in bad) or "không có bài viết / no article"
            lines.append(f"✗ {name}: bị từ chối, không lưu tệp / rejected, file not kept — {reasons}")
            continue
        dest = store_upload(settings, src)  # its name in the uploads folder decides its articles' ids
        if dest.name != name:
            good = [a for a in read_file(dest, dest.name) if isinstance(a, Article)]
        keep.append(dest)
        shown = name if dest.name == name else f"{name} → {UPLOADS}/{dest.name}"
        lines.append(f"✓ {shown}: {len(good)} bài/article(s)" + (f", {len(bad)} bỏ qua/skipped" if bad else ""))
        for art in good:
            art.doc_id = f"{UPLOADS}/{art.doc_id}"
            status = _status(art, stored, by_hash)
            by_hash.setdefault(art.content_hash, art.doc_id)
            lines.append(_article_line(art, status))
        lines += [f"  • bỏ qua / skipped {s.name}: {s.reason}" for s in bad]
    started = time.perf_counter()

    def report(done: int, total: int) -> None:
        if progress:
            progress(done / max(1, total), f"Đang nhúng {done}/{total} bài")

    result = add_uploads(settings, keep, retriever.embed_model, report)
    retriever.reload()
    result.seconds = time.perf_counter() - started
    return "\n".join([*lines, "", result.summary()])
