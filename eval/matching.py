"""Deterministic answer matching: NFC, case, spacing and number formats are normalised."""

from __future__ import annotations

import re

from assistant.answering.citations import normalize_number
from indexing.vietnamese import nfc

_NUM = re.compile(r"\d+(?:[.,]\d+)*")


def normalise(text: str) -> str:
    text = nfc(text).lower()
    text = _NUM.sub(lambda m: normalize_number(m.group(0)), text)
    text = re.sub(r"\s*([-/%])\s*", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def contains(haystack: str, alias: str) -> bool:
    """Alias in text, numbers compared by value ("1.189" == "1189", "7,5%" == "7.5%")."""
    h, a = normalise(haystack), normalise(alias)
    pattern = re.escape(a)
    if a[:1].isdigit():  # "7.5%" must not match inside "17.5%"
        pattern = r"(?<![\d.])" + pattern
    if a[-1:].isdigit():  # "1189" must not match inside "11890" or "1189.5"
        pattern += r"(?!\d|\.\d)"
    return re.search(pattern, h) is not None
