"""Read a folder of articles (.txt, .md, .html, .docx, .pdf, .jsonl, .jsonl.gz) into cleaned Articles.

Bad inputs never stop a run: each becomes a :class:`Skipped` with a reason in Vietnamese
and English.
"""

from __future__ import annotations

import datetime
import gzip
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from indexing.articles import Article, Skipped
from indexing.cleaning import clean_text, clean_with_report
from indexing.documents import MAX_DOCUMENT_BYTES, MAX_DOCUMENT_TEXT, DocumentError, read_document
from indexing.legacy_fonts import to_unicode
from indexing.metadata import parse_header
from indexing.word_files import OLD_WORD

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".jsonl", ".jsonl.gz")
DOCUMENTS = (".docx", ".pdf")  # binary formats, read by their libraries
UNSUPPORTED = f"định dạng không hỗ trợ / unsupported file type (dùng / use {', '.join(SUFFIXES)})"
MAX_ARTICLE_BYTES = 2_000_000
MIN_ARTICLE_CHARS = 40


class Unreadable(Exception):
    """An input that cannot be turned into text; the message is shown to the user."""


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    return next((s for s in sorted(SUFFIXES, key=len, reverse=True) if name.endswith(s)), "")


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM or not), UTF-16 with BOM or NUL pattern, then detection (cp1258…)."""
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM says UTF-8: a bad byte is shown as "�", not refused
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    head = data[:4000]
    if head and head.count(b"\x00") > len(head) // 4:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even == 0:
            return data.decode("utf-16-le", errors="replace")
        if even > len(head) // 4 and odd == 0:
            return data.decode("utf-16-be", errors="replace")
    if b"\x00" in head or sum(b < 32 and b not in (9, 10, 12, 13, 27) for b in head) > len(head) // 20:
        raise Unreadable("tệp nhị phân, không phải văn bản / binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1258", "cp1252", "utf_16", "latin_1"]).best()
    if best is None or "\x00" in str(best):
        legacy = data.decode("latin-1")  # an old TCVN3 or VNI text: its bytes are the font's Latin-1 codes
        if to_unicode(legacy)[1]:
            return legacy
        raise Unreadable("không đọc được bảng mã / cannot detect the text encoding")
    return str(best)


def _html_to_text(html: str) -> tuple[str, str]:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    for node in tree.css("script, style, nav, header, footer, aside, form, noscript, figure"):
        node.decompose()
    title_node = tree.css_first("h1") or tree.css_first("title")
    title = title_node.text(strip=True) if title_node else ""
    root = tree.css_first("article") or tree.body or tree.root
    blocks = root.css("p, h1, h2, h3, h4, li, blockquote, figcaption, td") if root else []
    lines = [b.text(separator=" ", strip=True) for b in blocks]
    text = "\n\n".join(line for line in lines if line)
    if not text and root is not None:
        text = root.text(separator="\n", strip=True)
    if title and text.startswith(title):
        text = text[len(title) :]
    return title, text


def _markdown_to_text(md: str) -> tuple[str, str]:
    title = ""
    m = re.search(r"^#\s+(.+)$", md, re.MULTILINE)
    if m:
        title = m.group(1).strip()
        md = md[: m.start()] + md[m.end() :]
    md = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", md)  # images
    md = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", md)  # links keep their text
    md = re.sub(r"^#{1,6}\s*", "", md, flags=re.MULTILINE)
    md = re.sub(r"(\*\*|__|`)", "", md)
    return title, md


def make_article(
    doc_id: str, raw: str, *, file: str, title: str = "", source: str = "", date: int = 0, url: str = ""
) -> Article:
    """Clean raw text and parse its header into an Article (raises Unreadable if empty). Text
    typed in an old font (TCVN3 ".VnTime", VNI) is converted to Unicode first."""
    (raw, fonts), (title, title_fonts) = to_unicode(raw), to_unicode(title)
    fonts |= title_fonts
    cleaned, removed = clean_with_report(raw)
    header = parse_header(cleaned, title=clean_text(title), source=source, date=date)
    if len(header.body) < MIN_ARTICLE_CHARS:
        raise Unreadable("bài viết trống hoặc quá ngắn / empty or too short article")
    extra = {"raw_chars": str(len(raw))}
    if fonts:
        names = ", ".join(sorted(fonts))
        extra["font"] = f"chuyển từ phông {names} sang Unicode / converted from the {names} font to Unicode"
    if removed:  # for the upload report: what the cleaner dropped and why
        extra["cleaner"] = "; ".join(f"{r.chars} ký tự/chars: {r.reason}" for r in removed)
    return Article(
        doc_id=doc_id,
        title=header.title,
        text=header.body,
        source=header.source,
        date=header.date,
        date_text=header.date_text,
        author=header.author,
        file=file,
        url=url,
        extra=extra,
    )


def _date_int(value: object) -> int:
    """A JSONL row's date (20240305 or "2024-03-05…") as YYYYMMDD, 0 unless it is a real date."""
    if isinstance(value, int):
        y, m, d = value // 10000, value // 100 % 100, value % 100
    elif match := re.match(r"(\d{4})-(\d{2})-(\d{2})", str(value or "")):
        y, m, d = map(int, match.groups())
    else:
        return 0
    try:
        datetime.date(y, m, d)
    except ValueError:
        return 0
    return y * 10000 + m * 100 + d if 1900 <= y <= 2100 else 0


def _jsonl_articles(path: Path, rel: str, max_bytes: int) -> Iterator[Article | Skipped]:
    """Each line's article; a damaged or cut ``.gz`` gives the lines read before the damage and
    one skip saying so."""
    try:
        yield from _jsonl_rows(path, rel, max_bytes)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield Skipped(rel, f"tệp nén hỏng hoặc bị cắt / damaged or truncated compressed file ({type(exc).__name__})")
    except OSError as exc:
        yield Skipped(rel, f"không mở được tệp / cannot open file: {exc.strerror or exc}")


def _jsonl_rows(path: Path, rel: str, max_bytes: int) -> Iterator[Article | Skipped]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            name = f"{rel}:{lineno}"
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("not an object")
            except ValueError:
                yield Skipped(name, "dòng JSON không hợp lệ / invalid JSON line")
                continue
            text = row.get("text") or ""
            text = "\n\n".join(map(str, text)) if isinstance(text, list) else str(text)  # paragraphs as a list
            if len(text.encode()) > max_bytes:
                yield Skipped(name, f"bài quá lớn / article too large (> {max_bytes // 1_000_000} MB)")
                continue
            row_id = str(row.get("id") or lineno)
            try:
                yield make_article(
                    f"{rel}#{row_id}",
                    text,
                    file=rel,
                    title=str(row.get("title") or ""),
                    source=str(row.get("source") or ""),
                    date=_date_int(row.get("date")),
                    url=str(row.get("url") or ""),
                )
            except Unreadable as exc:
                yield Skipped(name, str(exc))


def read_file(path: Path, rel: str, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | Skipped]:
    """Articles (or skips) from one file; ``rel`` is its name relative to the corpus root."""
    suffix = suffix_of(path)
    if suffix in (".jsonl", ".jsonl.gz"):
        yield from _jsonl_articles(path, rel, max_bytes)
        return
    try:
        size = path.stat().st_size
        if size == 0:
            raise Unreadable("tệp rỗng / empty file")
        limit = MAX_DOCUMENT_BYTES if suffix in DOCUMENTS else max_bytes
        if size > limit:
            raise Unreadable(f"tệp quá lớn / file too large ({size / 1e6:.1f} MB > {limit / 1e6:.0f} MB)")
        title, note, source = "", "", ""
        if suffix in DOCUMENTS:
            document = read_document(path, suffix)
            title, text, note, source = document.title, document.text, document.note, document.source
            if (chars := len(text.encode())) > MAX_DOCUMENT_TEXT:
                raise Unreadable(
                    f"văn bản quá dài / text too long ({chars / 1e6:.1f} MB > {MAX_DOCUMENT_TEXT / 1e6:.0f} MB): "
                    "hãy tách tệp / split the file"
                )
        else:
            text = decode(path.read_bytes())
        if suffix in (".html", ".htm"):
            title, text = _html_to_text(text)
        elif suffix == ".md":
            title, text = _markdown_to_text(text)
        article = make_article(rel, text, file=rel, title=title, source=source)
        if note:
            article.extra["note"] = note
        yield article
    except (Unreadable, DocumentError) as exc:
        yield Skipped(rel, str(exc))
    except OSError as exc:
        yield Skipped(rel, f"không mở được tệp / cannot open file: {exc.strerror}")


def read_folder(folder: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> tuple[list[Article], list[Skipped]]:
    """Every article under ``folder`` (recursively), plus what was skipped and why."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"Không tìm thấy thư mục / folder not found: {folder}")
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or (p.is_symlink() and not p.exists())):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if not path.exists():
            skipped.append(Skipped(rel, "liên kết hỏng, tệp đích không còn / broken link, its target is gone"))
            continue
        if path.name.startswith("~$"):  # the lock file Word keeps beside an open document
            continue
        if not suffix_of(path):
            reason = OLD_WORD if path.suffix.lower() == ".doc" else UNSUPPORTED
            skipped.append(Skipped(rel, reason))
            continue
        for item in read_file(path, rel, max_bytes):
            (articles if isinstance(item, Article) else skipped).append(item)
    return articles, skipped
