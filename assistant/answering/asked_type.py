"""A number or a date asked for must stand in the evidence sentence.

"Con của sản phụ nặng bao nhiêu?" must not be answered with a sentence that holds no figure but
the question's own, nor "… vào ngày nào?" with a sentence without a date. The selector already
weighs this (``features._answer_candidate``) but a sentence close enough in words can outweigh it;
here it is required; a year asked ("… từ năm nào?") needs a year, not just a day and month
("ngày 8/2"). Only for numbers and dates: "ai …?" is often answered by a common noun
("các nhà địa tầng học") and a place or organisation by a lower-case phrase, so those kinds are
left to the selector.
"""

from __future__ import annotations

import re

from assistant.answering.lexicon import lexicon
from assistant.answering.question import Question
from assistant.answering.short_answer import FIGURE, candidates
from indexing.vietnamese import fold, has_diacritics, syllables

GATED = ("number", "date")
_DIGITS = re.compile(FIGURE)
_YEAR = re.compile(r"(?<![\d.,])(1\d{3}|20\d{2})(?!\d|[.,]\d)")  # also "5/7/2017", not "1.500"
_AFTER_YEAR_WORD = {True: re.compile(r"\bnăm\s+(\w+)"), False: re.compile(r"\bnam\s+(\w+)")}


def holds_year(q: Question, text: str) -> bool:
    """``text`` names a year other than the question's own: four digits, or "năm" with a number
    or a relative word ("năm 2019", "năm 90", "năm ngoái"); with accents when ``text`` has them
    ("Việt Nam tới" is no year)."""
    if any(y not in q.years for y in _YEAR.findall(text)):
        return True
    accents = has_diacritics(text)
    relative = set(lexicon().relative_years)
    if not accents:
        relative = {fold(w) for w in relative}
        text = fold(text)
    return any(
        w not in q.years and (w.isdigit() or w in relative) for w in _AFTER_YEAR_WORD[accents].findall(text.lower())
    )


# years that do not date the sentence's fact: a birth year, a document number ("100/2019/NĐ-CP")
_NOT_OF_THE_FACT = re.compile(
    r"\b(?:sinh(?:\s+năm)?|SN|sinh\s+nam)\s+(?:1\d{3}|20\d{2})\b|\d+/(?:1\d{3}|20\d{2})/[A-ZĐ]", re.IGNORECASE
)
_YEAR_RANGE = re.compile(r"(?<!\d)(1\d{3}|20\d{2})\s*[-–]\s*(1\d{3}|20\d{2})(?!\d)")


def of_asked_year(q: Question, text: str) -> bool:
    """False when ``q`` is about a year ("Năm 2025 … bao nhiêu?", not asking for a date) and
    ``text`` names other years and not that one: the figure of "năm 2026 tỉnh giao … 7,5%" is
    not 2025's. A period that spans it ("giai đoạn 2021-2025") names it."""
    if not q.years or q.kind == "date" or q.asks_year:
        return True
    text = _NOT_OF_THE_FACT.sub(" ", text)
    named = set(_YEAR.findall(text))
    if not named or named & set(q.years):
        return True
    spans = [(int(a), int(b)) for a, b in _YEAR_RANGE.findall(text)]
    return any(a <= int(y) <= b for y in q.years for a, b in spans)


def holds_asked_type(q: Question, text: str) -> bool:
    """False only when ``q`` asks a number or date and ``text`` holds none besides the question's
    (a year asked: no year besides the question's)."""
    if q.kind not in GATED:
        return True
    if q.asks_year:
        return holds_year(q, text)
    asked = set(q.terms) | set(q.years) | set(q.numbers) | set(q.cue_words)
    if any(m.group(0) not in asked for m in _DIGITS.finditer(text)):  # any figure the question lacks
        return True
    return any(any(fold(w) not in asked for w in syllables(s.text)) for s in candidates(q.kind, text))
