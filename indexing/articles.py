"""The article record every reader produces and the chunker consumes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass
class Article:
    """One cleaned article. ``text`` is the cleaned body all offsets refer to."""

    doc_id: str
    title: str
    text: str
    source: str = ""
    date: int = 0  # YYYYMMDD, 0 when unknown
    date_text: str = ""
    author: str = ""
    file: str = ""
    url: str = ""
    origin: str = ""  # the source it was read from: a folder's absolute path, an export file or "uploads"
    local_id: str = ""  # its id within that source (doc_id differs only when two sources share a name)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Hash of what is indexed: same title + text means the same article."""
        return hashlib.sha256(f"{self.title}\n{self.text}".encode()).hexdigest()[:24]


@dataclass
class Skipped:
    """An input that was not indexed, with a reason a user can act on."""

    name: str
    reason: str
