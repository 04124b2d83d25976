"""Vietnamese text helpers shared by indexing and retrieval: NFC, accent folding, tokens."""

from __future__ import annotations

import re
import sys
import types
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _FoldTable(dict):
    """``str.translate`` table filled on demand: combining marks (category Mn) dropped, "đ" -> "d"."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        value = None if unicodedata.category(ch) == "Mn" else ("d" if ch == "đ" else ch)
        self[code] = value
        return value


_FOLD = _FoldTable()


def with_case_of(typed: str, letters: str) -> str:
    """``letters`` (the same letters as ``typed``, other accents) in ``typed``'s case, letter by letter."""
    return "".join(n.upper() if o.isupper() else n for o, n in zip(typed, letters))


def fold(text: str) -> str:
    """Remove diacritics ("Vĩnh Quang" -> "vinh quang"); "đ" becomes "d"."""
    return unicodedata.normalize("NFD", text.lower()).translate(_FOLD)


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """:func:`fold` of one word, remembered (answering folds the same words over and over)."""
    return fold(word)


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese accent or "đ"."""
    return fold(text) != text.lower()


def syllables(text: str, keep_case: bool = False) -> list[str]:
    """Lower-cased syllables and numbers ("7,5%" -> "7,5"); one-letter words are kept."""
    return _WORD.findall(nfc(text) if keep_case else nfc(text).lower())


def syllable_ends(text: str) -> list[int]:
    """Where each of :func:`syllables` ends in ``nfc(text)``."""
    return [m.end() for m in _WORD.finditer(nfc(text))]


def _in_memory(crf: object) -> None:
    """Open a pickled ``sklearn_crfsuite.CRF``'s tagger now and delete the temp file it was
    unpickled to. Unpickling writes the model to ``/tmp/model*.crfsuite`` and relies on ``__del__``
    to remove it, which does not run at interpreter exit: every process leaked ~4.7 MB. crfsuite
    reads the whole file when it opens it, so tagging goes on without it."""
    resource = getattr(crf, "modelfile", None)
    if resource is None or getattr(crf, "tagger_", None) is None:
        return
    resource.cleanup()


@lru_cache(maxsize=1)
def _pyvi():
    """pyvi's segmenter. Its model is a pickled ``sklearn_crfsuite.CRF`` whose only use of
    scikit-learn is a base class; unless sklearn is already loaded, take sklearn_crfsuite's own
    no-sklearn fallback (``compat.BaseEstimator``) and save ~1.5 s of imports per process."""
    if "sklearn" not in sys.modules and "sklearn_crfsuite.compat" not in sys.modules:
        compat = types.ModuleType("sklearn_crfsuite.compat")
        compat.BaseEstimator = type("BaseEstimator", (), {})
        sys.modules["sklearn_crfsuite.compat"] = compat
    from pyvi import ViTokenizer

    _in_memory(ViTokenizer.ViTokenizer.model)
    return ViTokenizer


@lru_cache(maxsize=1)
def pos_tagger():
    """pyvi's part-of-speech tagger (``postagging(segmented_text) -> (words, tags)``)."""
    _pyvi()
    from pyvi import ViPosTagger

    _in_memory(ViPosTagger.ViPosTagger.model)
    return ViPosTagger


def compound_words(text: str) -> list[str]:
    """Multi-syllable words found by pyvi's segmenter ("đảng_viên"), lower-cased."""
    segmented = _pyvi().tokenize(nfc(text))
    return [w.lower() for w in segmented.split() if "_" in w and _WORD.match(w)]
