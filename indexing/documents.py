"""Text of Word (.docx) and PDF files, the formats newsroom and government archives keep: the
shared parts (what a file gives, its errors, the text remembered by content); the readers are
``indexing/word_files.py`` and ``indexing/pdf_files.py``."""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

MAX_DOCUMENT_BYTES = 50_000_000  # a Word or PDF file (images and fonts included)
MAX_DOCUMENT_TEXT = 10_000_000  # its text, in UTF-8 bytes (a yearbook, a compilation)

_REMEMBERED = 4  # documents whose text is kept, by content
_RECENT: OrderedDict[str, DocumentText] = OrderedDict()
_LOCK = threading.Lock()


class DocumentError(Exception):
    """A Word or PDF file whose text cannot be read; the message is shown to the user."""


@dataclass
class DocumentText:
    """What a Word or PDF file gives: its title and outlet (when it names them), text and a note
    for the user."""

    title: str
    text: str
    note: str = ""
    source: str = ""


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
    from indexing import pdf_files, word_files  # (they import this module's types)

    read = word_files.docx_text if suffix == ".docx" else pdf_files.pdf_text
    document = read(io.BytesIO(data))
    with _LOCK:
        _RECENT[key] = document
        while len(_RECENT) > _REMEMBERED:
            _RECENT.popitem(last=False)
    return document
