"""Text of Word (.docx) files, read from their XML so that what Word shows is what is indexed:
tracked insertions, content controls, fields and text boxes included, deleted and hidden text
left out, table rows one per line with their columns kept."""

from __future__ import annotations

import io
import re
from pathlib import Path

from lxml import etree

from indexing.documents import DocumentError, DocumentText

MAX_UNPACKED_XML = 50_000_000  # a Word file's XML unpacked (its parse takes several times this in memory)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE = b"\xd0\xcf\x11\xe0"  # the header of an old binary .doc (or .xls, .ppt)
OLD_WORD = "tệp Word cũ (.doc): hãy lưu lại thành .docx / an old Word (.doc) file: save it as .docx"
# a core title Word or a converter left, not the author's: "Microsoft Word - baocao.docx", "Document1"
_PLACEHOLDER_TITLE = re.compile(
    r"^(microsoft\s+\w+\s*-.*|(document|tài liệu|untitled|powerpoint presentation)\s*\d*|.*\.(docx?|pdf|txt|rtf))$",
    re.IGNORECASE,
)
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
