"""Text of PDF files. A PDF gives its text line by line, as laid out on the page: lines are joined
back into paragraphs, and page numbers and the repeats of a running header or footer are
dropped. Scans (no text layer), password-protected and damaged files raise
:class:`~indexing.documents.DocumentError` with a message for the user."""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from pathlib import Path

from indexing.documents import DocumentError, DocumentText
from indexing.metadata import source_line

_SENTENCE_END = ".!?…:;"
_CLOSERS = "\"'”’»)]"
_PAGE_MARK = re.compile(  # "- 3 -", "Trang 3", "Trang 3/10", "3/10", "Page 3 of 10"
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|(?:(?i:trang|page)\s*)?\d{1,4}\s*(?:/|(?i:of|trên))\s*\d{1,4}|(?i:trang|page)\s*\d{1,4})$"
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_ENDS_WITH_FIGURE, _STARTS_WITH_FIGURE = re.compile(r"(?:^|\s)[\d.,%]*\d%?$"), re.compile(r"^\d[\d.,]*\s")
_LIST_ITEM = re.compile(r"^(?:[-–•▪●◦*+]\s|(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVXLC]{1,6})[.)]\s)")
_MIN_TEXT_CHARS = 40  # less than this from a PDF: a scan
MIN_FULL_LINE = 40  # characters: a narrow newspaper column's line is longer
_EMPTY_PAGE_CHARS = 10  # a page giving less text than this has no text layer
_HEADER_PART = re.compile(r"\s[-–—|:]\s")  # "Báo Thanh Niên – Bản lưu trữ": the outlet before the dash

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damaged files are ours to report


def pdf_text(path: Path | io.BytesIO) -> DocumentText:
    """The text of a PDF with a text layer, paragraphs rebuilt from its lines; pages without
    text (scanned in) are counted in the note."""
    import pypdf

    try:
        reader = pypdf.PdfReader(path if isinstance(path, io.BytesIO) else str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("PDF có mật khẩu / the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise DocumentError(f"không đọc được tệp PDF / cannot read the PDF ({type(exc).__name__})") from exc
    text, headers = _reflow(_clean_pages([page.splitlines() for page in pages]))
    if len(text) < _MIN_TEXT_CHARS:
        raise DocumentError(
            "PDF không có lớp chữ (bản quét?), chưa hỗ trợ nhận dạng chữ / "
            "the PDF has no text layer (a scan?); OCR is not supported"
        )
    blank = sum(len(page.strip()) < _EMPTY_PAGE_CHARS for page in pages)
    note = (
        f"{blank}/{len(pages)} trang không có lớp chữ (bản quét?), không được đọc / "
        f"{blank} of {len(pages)} pages have no text layer (scans?) and were not read"
        if blank
        else ""
    )
    return DocumentText("", text, note, source=header_outlet(headers))


def header_outlet(headers: set[str]) -> str:
    """The outlet a running header names ("Báo Thanh Niên – Bản lưu trữ" → "Báo Thanh Niên", read
    as a closing source line is): a newsroom's printouts carry it on every page, often nowhere else."""
    parts = (_HEADER_PART.split(h)[0] for h in sorted(headers) if not h.isupper())  # "BÁO CÁO …" is a report
    return next(filter(None, (source_line([part]) for part in parts)), "")


def _clean_pages(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines with runs of spaces made one, empty lines dropped."""
    pages = [[" ".join(line.split()) for line in page] for page in pages]
    return [[line for line in page if line] for page in pages]


def reflow_pages(pages: list[list[str]]) -> str:
    """Paragraphs from the lines of each page. Dropped: page numbers at a page's top or bottom,
    and a running header or footer: a header (often the outlet's or the archive's name) is kept
    only where it first appears below a page's first line, as a table's header row does; a footer
    is kept where it last appears ("Theo TTXVN" ends the text). A line runs on into the next when
    it is about as long as the document's full lines and does not end a sentence; a list item
    ("- …", "2. …", "a) …") starts a paragraph, and one that has no full stop ends before a capital; a line
    ending in a figure ends before one starting with a figure (a table's rows)."""
    return _reflow(_clean_pages(pages))[0]


def _reflow(pages: list[list[str]]) -> tuple[str, set[str]]:
    """:func:`reflow_pages` of cleaned pages, and the running headers it dropped."""
    numbers = _page_numbers(pages)
    headers, footers = _running_lines(pages)
    full = _full_width([line for page in pages for line in page])
    paragraphs: list[str] = []
    current: list[str] = []
    seen: set[str] = set()
    for i, page in enumerate(pages):
        for j, line in enumerate(page):
            if (i, j) in numbers:
                continue
            if (line in headers and (line in seen or j == 0)) or (line in footers and footers[line] != i):
                continue
            seen.add(line)
            if current and (
                _LIST_ITEM.match(line)
                or (_LIST_ITEM.match(current[0]) and line[:1].isupper())
                or (_ENDS_WITH_FIGURE.search(current[-1]) and _STARTS_WITH_FIGURE.match(line))  # table rows
            ):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
            if len(line) < full or line.rstrip(_CLOSERS).endswith(tuple(_SENTENCE_END)):
                paragraphs.append(" ".join(current))
                current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs), headers


def _full_width(lines: list[str]) -> float:
    """Length from which a line counts as running the whole width: 80% of the document's long
    lines (the upper quartile of lines above 20 characters; tables and headings are shorter), and
    never under :data:`MIN_FULL_LINE` (a list or a poem of short lines is not run together)."""
    long = [len(line) for line in lines if len(line) > 20]
    if not long:
        return float("inf")
    typical = statistics.quantiles(long, n=4)[2] if len(long) > 1 else long[0]
    return max(0.8 * typical, MIN_FULL_LINE)


def _page_numbers(pages: list[list[str]]) -> set[tuple[int, int]]:
    """(page, line) of the page numbers: among a page's first or last two lines, one written as a
    page number ("- 3 -", "Trang 3", "3/10"), or a bare number that counts the pages as the
    others do (a table's last figure alone on a line is kept)."""
    marked, bare = set(), []
    for i, page in enumerate(pages):
        for j in {0, 1, len(page) - 2, len(page) - 1} & set(range(len(page))):
            if _PAGE_MARK.match(page[j]):
                marked.add((i, j))
            elif _BARE_NUMBER.match(page[j]):
                bare.append((i, j, int(page[j]) - i))
    offsets = Counter(offset for _, _, offset in bare)
    counting = {offset for offset, n in offsets.items() if n >= 2 or (len(pages) == 1 and offset == 1)}
    return marked | {(i, j) for i, j, offset in bare if offset in counting}


def _running_lines(pages: list[list[str]]) -> tuple[set[str], dict[str, int]]:
    """Lines among the first two (headers) or last two (footers) of a page that recur there on
    more than half of the pages (at least 3); for a footer, the last page it is on."""
    if len(pages) < 3:
        return set(), {}
    tops = Counter(line for page in pages for line in set(page[:2]))
    bottoms = Counter(line for page in pages for line in set(page[-2:]))
    headers = {line for line, n in tops.items() if n >= 3 and n * 2 > len(pages)}
    footers = {line for line, n in bottoms.items() if n >= 3 and n * 2 > len(pages)} - headers
    return headers, {line: max(i for i, page in enumerate(pages) if line in page[-2:]) for line in footers}
