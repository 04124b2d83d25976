"""Acronyms read against the words they stand for, with no list of acronyms.

News writes "UBND", "GD&ĐT", "TP.HCM", "THPT" where a question spells the words out ("Bộ Giáo
dục và Đào tạo"), and the other way round. An acronym of at least ``MIN_LETTERS`` capitals
stands for a run of syllables whose first letters, accents folded, are its letters ("ĐT" is
"Đào tạo"); "và" inside the run may be left out of the letters ("GD&ĐT").
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering.lexicon import lexicon
from indexing.vietnamese import fold, syllables

MIN_LETTERS = 3  # two letters ("TP", "GD") stand for too many pairs of syllables
MAX_LETTERS = 8
MIN_CONTENT = 2  # words of a spelled-out run that are not stopwords
_ACRONYM = re.compile(r"(?<![\wĐ])[A-ZĐ](?:[A-ZĐ]|[&.\-](?=[A-ZĐ]))+(?![\wđ])")
_CONNECTORS = frozenset({"va"})


@lru_cache(maxsize=8192)
def acronym_letters(text: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(the acronym's folded syllables as a question's terms are cut: "GD&ĐT" is "gd", "dt";
    its folded letters) for each acronym of ``text``."""
    out = []
    for m in _ACRONYM.finditer(text):
        letters = re.sub(r"[^a-z]", "", fold(m.group(0)).lower())
        if MIN_LETTERS <= len(letters) <= MAX_LETTERS:
            out.append((tuple(fold(w).lower() for w in syllables(m.group(0))), letters))
    return tuple(out)


def spelled_out(letters: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of the folded ``words`` whose initials are ``letters``; a
    connector ("va") inside the run may be skipped."""
    runs = []
    for i, w in enumerate(words):
        if not w or w[0] != letters[0] or w in _CONNECTORS:
            continue
        k, j = 0, i
        while j < len(words) and k < len(letters):
            if words[j] and words[j][0] == letters[k]:
                k, j = k + 1, j + 1
            elif words[j] in _CONNECTORS and k:
                j += 1
            else:
                break
        if k == len(letters):
            runs.append((i, j))
    return runs


def matched_terms(question: str, q_words: list[str], text: str, words: list[str]) -> set[str]:
    """Folded question words that ``text`` holds under another form: the syllables of a
    question run an acronym of ``text`` stands for, and an acronym of ``question`` whose words
    ``text`` spells out. A run needs ``MIN_CONTENT`` words that are not stopwords ("KCN" is not
    "không có người"), and a negation is never matched (it would flip the negation feature).
    ``q_words`` / ``words``: the folded syllables of each."""
    lex = lexicon()

    def content(run: list[str]) -> bool:
        return sum(w not in lex.stopwords and w not in _CONNECTORS for w in run) >= MIN_CONTENT

    found: set[str] = set()
    for _, letters in acronym_letters(text):
        for a, b in spelled_out(letters, q_words):
            if content(q_words[a:b]):
                found.update(w for w in q_words[a:b] if w not in _CONNECTORS and w not in lex.negations)
    for acronym, letters in acronym_letters(question):
        if any(content(words[a:b]) for a, b in spelled_out(letters, words)):
            found.update(acronym)
    return found
