"""Vietnamese text helpers shared by indexing and retrieval: NFC, accent folding, tokens."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Remove diacritics ("Vĩnh Quang" -> "vinh quang"); "đ" becomes "d"."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return stripped.replace("đ", "d")


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese accent or "đ"."""
    return fold(text) != text.lower()


def syllables(text: str) -> list[str]:
    """Lower-cased syllables and numbers ("7,5%" -> "7,5"); one-letter words are kept."""
    return _WORD.findall(nfc(text).lower())


@lru_cache(maxsize=1)
def _pyvi():
    from pyvi import ViTokenizer

    return ViTokenizer


def compound_words(text: str) -> list[str]:
    """Multi-syllable words found by pyvi's segmenter ("đảng_viên"), lower-cased."""
    segmented = _pyvi().tokenize(nfc(text))
    return [w.lower() for w in segmented.split() if "_" in w and _WORD.match(w)]
