"""Text of Word (.docx) and PDF files, the formats newsroom and government archives keep.

A Word file is read from its XML, so that what Word shows is what is indexed: tracked
insertions, content controls, fields and text boxes included, deleted text left out. A PDF gives
its text line by line, as laid out on the page: lines are joined back into paragraphs, and page
numbers and the running header or footer repeated on most pages are dropped. Scans (no text
layer), password-protected and damaged files raise :class:`DocumentError` with a message for
the user.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import statistics
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MAX_DOCUMENT_BYTES = 50_000_000  # a Word or PDF file (images and fonts included)
MAX_DOCUMENT_TEXT = 10_000_000  # its text, in UTF-8 bytes (a yearbook, a compilation)
MAX_UNPACKED_XML = 50_000_000  # a Word file's XML unpacked (its parse takes several times this in memory)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE = b"\xd0\xcf\x11\xe0"  # the header of an old binary .doc (or .xls, .ppt)
OLD_WORD = "tệp Word cũ (.doc): hãy lưu lại thành .docx / an old Word (.doc) file: save it as .docx"
# a core title Word or a converter left, not the author's: "Microsoft Word - baocao.docx", "Document1"
_PLACEHOLDER_TITLE = re.compile(
    r"^(microsoft\s+\w+\s*-.*|(document|tài liệu|untitled|powerpoint presentation)\s*\d*|.*\.(docx?|pdf|txt|rtf))$",
    re.IGNORECASE,
)
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

_NS = {"w": _W[1:-1], "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
# a paragraph's own text: not its text boxes' (read as lines of their own), not the older copy of
# a text box Word also saves (mc:Fallback), not hidden text (an editor's note)
_TEXT_NODES = etree.XPath(
    "(.//w:t | .//w:tab | .//w:br | .//w:cr | .//w:noBreakHyphen)"
    "[not(ancestor::mc:Fallback)][not(ancestor::w:r[w:rPr/w:vanish[not(@w:val='0' or @w:val='false')]])]",
    namespaces=_NS,
)
_TEXT_BOXES = etree.XPath(".//w:txbxContent[not(ancestor::mc:Fallback)]", namespaces=_NS)
_SPACING = {f"{_W}tab": " ", f"{_W}br": " ", f"{_W}cr": " ", f"{_W}noBreakHyphen": "-"}

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damaged files are ours to report


_REMEMBERED = 4  # documents whose text is kept, by content
_RECENT: OrderedDict[str, DocumentText] = OrderedDict()
_LOCK = threading.Lock()


class DocumentError(Exception):
    """A Word or PDF file whose text cannot be read; the message is shown to the user."""


@dataclass
class DocumentText:
    """What a Word or PDF file gives: its title (when it names one), text and a note for the user."""

    title: str
    text: str
    note: str = ""


def read_document(path: Path, suffix: str) -> DocumentText:
    """The text of a ``.docx`` or ``.pdf`` file. The last few are remembered by content: an upload
    reads a file to check it, then again from the uploads folder to index it (a 100-page PDF
    takes ~3 s to parse)."""
    data = path.read_bytes()
    key = f"{suffix}:{hashlib.sha256(data).hexdigest()}"
    with _LOCK:
        if key in _RECENT:
            _RECENT.move_to_end(key)
            return _RECENT[key]
    document = (docx_text if suffix == ".docx" else pdf_text)(io.BytesIO(data))
    with _LOCK:
        _RECENT[key] = document
        while len(_RECENT) > _REMEMBERED:
            _RECENT.popitem(last=False)
    return document


def docx_text(path: Path | io.BytesIO) -> DocumentText:
    """A .docx's paragraphs and table rows in document order, one per line (a row's cells joined
    by "; ", each cell once, empty ones kept so columns stay in place); the title from the
    document's properties unless it is a placeholder ("Document1", a file name)."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        _check_unpacked_size(path)
        document = docx.Document(path if isinstance(path, io.BytesIO) else str(path))
        lines = [line for line in _block_lines(document.element.body) if line]
        title = " ".join((document.core_properties.title or "").split())
    except DocumentError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        head = path.getvalue()[:4] if isinstance(path, io.BytesIO) else Path(path).read_bytes()[:4]
        if head == _OLE:
            raise DocumentError(OLD_WORD) from exc
        raise DocumentError(f"không phải tệp Word đọc được / not a readable Word file ({type(exc).__name__})") from exc
    except Exception as exc:  # damaged XML and the like
        raise DocumentError(f"không đọc được tệp Word / cannot read the Word file ({type(exc).__name__})") from exc
    return DocumentText("" if _PLACEHOLDER_TITLE.match(title) else title, "\n".join(lines))


def _check_unpacked_size(path: Path | io.BytesIO) -> None:
    """Refuse a Word file whose XML would unpack beyond :data:`MAX_UNPACKED_XML` (a small file
    can hold a huge, repetitive document: parsing it would take the machine's memory)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        unpacked = sum(i.file_size for i in archive.infolist() if i.filename.endswith(".xml"))
    if unpacked > MAX_UNPACKED_XML:
        raise DocumentError(
            f"tệp Word quá lớn khi giải nén / the Word file is too large unpacked "
            f"({unpacked / 1e6:.0f} MB of XML > {MAX_UNPACKED_XML / 1e6:.0f} MB): hãy tách tệp / split the file"
        )


def _block_lines(element) -> list[str]:
    """Lines of a body, cell or content control: a paragraph's text (every ``w:t`` inside it:
    runs, tracked insertions, fields, hyperlinks, text boxes), a table row per line, and the
    contents of anything that wraps blocks (content controls, custom XML)."""
    lines: list[str] = []
    for child in element:
        if child.tag == f"{_W}p":
            lines.append(_paragraph_text(child))
            for box in _TEXT_BOXES(child):  # a text box anchored in this paragraph, its lines after it
                if _owner(box) is child:
                    lines.extend(_block_lines(box))
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                if next(row.iterancestors(f"{_W}tbl")) is not child:  # a nested table's row: read with its cell
                    continue
                cells = [" ".join(t for t in _block_lines(cell) if t) for cell in row if cell.tag == f"{_W}tc"]
                lines.append("; ".join(cells).rstrip("; "))
        elif child.tag != f"{_W}sectPr":
            lines.extend(_block_lines(child))
    return lines


def _paragraph_text(p) -> str:
    """Text of a paragraph: its runs, tracked insertions, fields and hyperlinks (hidden text and
    its text boxes' paragraphs left out)."""
    parts = [_SPACING.get(node.tag) or node.text or "" for node in _TEXT_NODES(p) if _owner(node) is p]
    return " ".join("".join(parts).split())


def _owner(node):
    """The paragraph (or text box) a node belongs to: its nearest ``w:p`` or ``w:txbxContent``."""
    return next(node.iterancestors(f"{_W}p", f"{_W}txbxContent"), None)


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
    text = reflow_pages([page.splitlines() for page in pages])
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
    return DocumentText("", text, note)


def reflow_pages(pages: list[list[str]]) -> str:
    """Paragraphs from the lines of each page. Dropped: page numbers at a page's top or bottom,
    and the repeats of a running header or footer (a header is kept where it first appears: the
    document's title, a table's header row; a footer where it last appears: "Theo TTXVN" ends
    the text). A line runs on into the next when it is about as
    long as the document's full lines and does not end a sentence; a list item ("- …", "2. …",
    "a) …") starts a paragraph, and one that has no full stop ends before a capital; a line
    ending in a figure ends before one starting with a figure (a table's rows)."""
    pages = [[" ".join(line.split()) for line in page] for page in pages]
    pages = [[line for line in page if line] for page in pages]
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
            if (line in headers and line in seen) or (line in footers and footers[line] != i):
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
    return "\n".join(paragraphs)


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
