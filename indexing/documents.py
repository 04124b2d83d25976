"""Text of Word (.docx) and PDF files, the formats newsroom and government archives keep.

A PDF gives its text line by line, as laid out on the page: lines are joined back into
paragraphs, and page numbers and the running header or footer repeated on most pages are
dropped. Scans (no text layer), password-protected and damaged files raise
:class:`DocumentError` with a message for the user.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from pathlib import Path

MAX_DOCUMENT_BYTES = 50_000_000  # a Word or PDF file (images and fonts included)
_SENTENCE_END = '.!?…:;"”»)'
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:(?i:trang|page)\s*)?\d{1,4}(?:\s*(?:/|of|trên)\s*\d{1,4})?(?:\s*[-–—])?\s*$"
)
_MIN_TEXT_CHARS = 40  # less than this from a PDF: a scan


class DocumentError(Exception):
    """A Word or PDF file whose text cannot be read; the message is shown to the user."""


def docx_text(path: Path) -> tuple[str, str]:
    """(title, text) of a .docx: its paragraphs and table rows in document order, one per line
    (a row's cells joined by "; "); the title from the document's properties, when set."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        raise DocumentError(f"không đọc được tệp Word / cannot read the Word file ({type(exc).__name__})") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells))  # merged cells repeat
                lines.append("; ".join(c for c in cells if c))
        else:
            lines.append(block.text.strip())
    title = (document.core_properties.title or "").strip()
    return title, "\n".join(line for line in lines if line)


def pdf_text(path: Path) -> tuple[str, str]:
    """("", text) of a PDF with a text layer: paragraphs rebuilt from its lines."""
    import pypdf

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("PDF có mật khẩu / the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise DocumentError(f"không đọc được tệp PDF / cannot read the PDF ({type(exc).__name__})") from exc
    text = reflow_pages([page.splitlines() for page in pages])
    if len(text) < _MIN_TEXT_CHARS:
        raise DocumentError(
            "PDF không có lớp chữ (bản quét?), chưa hỗ trợ nhận dạng chữ / "
            "the PDF has no text layer (a scan?); OCR is not supported"
        )
    return "", text


def reflow_pages(pages: list[list[str]]) -> str:
    """Paragraphs from the lines of each page: page numbers and lines repeated at the top or
    bottom of most pages dropped; a line runs on into the next when it is about as long as the
    page's full lines and does not end a sentence (a heading or a paragraph's last line is short)."""
    pages = [[" ".join(line.split()) for line in page] for page in pages]
    pages = [[line for line in page if line] for page in pages]
    furniture = _running_lines(pages)
    paragraphs: list[str] = []
    current: list[str] = []
    for page in pages:
        lines = [line for line in page if not _PAGE_NUMBER.match(line) and line not in furniture]
        full = _full_width(lines)
        for line in lines:
            current.append(line)
            if len(line) < full or line.endswith(tuple(_SENTENCE_END)):
                paragraphs.append(" ".join(current))
                current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def _full_width(lines: list[str]) -> float:
    """Length from which a line counts as running the whole width: 80% of the page's typical
    long line (the median of lines above 20 characters)."""
    long = [len(line) for line in lines if len(line) > 20]
    return 0.8 * statistics.median(long) if long else float("inf")


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines among the first or last two of a page that recur so on more than half of the pages
    (at least 3): a running header or footer."""
    if len(pages) < 3:
        return set()
    edges = Counter(line for page in pages for line in set(page[:2] + page[-2:]))
    return {line for line, n in edges.items() if n >= 3 and n * 2 > len(pages)}
