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

from assistant.answering.figure_kinds import YEAR, asked_figures_only, names_years
from assistant.answering.lexicon import lexicon
from assistant.answering.question import Question
from assistant.answering.short_answer import FIGURE, candidates
from assistant.answering.types import Sentence
from indexing.vietnamese import fold, has_diacritics, syllables

GATED = ("number", "date")
_DIGITS = re.compile(FIGURE)
_AFTER_YEAR_WORD = {True: re.compile(r"\bnăm\s+(\w+)"), False: re.compile(r"\bnam\s+(\w+)")}


def holds_year(q: Question, text: str) -> bool:
    """``text`` names a year other than the question's own: four digits, or "năm" with a number
    or a relative word ("năm 2019", "năm 90", "năm ngoái"); with accents when ``text`` has them
    ("Việt Nam tới" is no year)."""
    if any(y not in q.years for y in YEAR.findall(text)):
        return True
    accents = has_diacritics(text)
    relative = set(lexicon().relative_years)
    if not accents:
        relative = {fold(w) for w in relative}
        text = fold(text)
    return any(
        w not in q.years and (w.isdigit() or w in relative) for w in _AFTER_YEAR_WORD[accents].findall(text.lower())
    )


def of_asked_year(q: Question, text: str) -> bool:
    """False when ``q`` is about a year ("Năm 2025 … bao nhiêu?", not asking for a date) and
    ``text`` names other years and not that one: the figure of "năm 2026 tỉnh giao … 7,5%" is
    not 2025's. A period that spans it ("giai đoạn 2021-2025") names it."""
    if not q.years or q.kind == "date" or q.asks_year:
        return True
    return names_years(q.years, text, every=False) is not False


def articles_of_asked_year(q: Question, sentences: list[Sentence], dates: dict[str, int]) -> set[str]:
    """The ``doc_id`` of each article that may answer a question about a year ("… bao nhiêu đảng
    viên năm 2020?") from a sentence naming no year: its date (yyyymmdd, 0 unknown) is of that
    year, or it has none, or its retrieved text (title and sentences) names the year. A 2025
    article that never mentions 2020 gives its own day's figures, not 2020's."""
    docs = {s.doc_id for s in sentences}
    if not q.years or q.kind == "date" or q.asks_year:
        return docs
    titles = {s.doc_id: s.title for s in sentences}  # one per article
    named = {d for d, title in titles.items() if names_years(q.years, title, every=False)}
    named |= {s.doc_id for s in sentences if s.doc_id not in named and names_years(q.years, s.text, every=False)}
    return {d for d in docs if d in named or not dates.get(d) or str(dates[d] // 10000) in q.years}


def holds_asked_type(q: Question, text: str) -> bool:
    """False only when ``q`` asks a number or date and ``text`` holds none besides the question's
    (a year asked: no year besides the question's). A birth year counts only when a birth is
    asked, a date never for a count (``figure_kinds``)."""
    if q.kind not in GATED:
        return True
    text = asked_figures_only(q, text)  # "SN 1974" answers no "ngày nào?", "sáng 23-6" no "bao nhiêu tháng?"
    if q.asks_year:
        return holds_year(q, text)
    asked = set(q.terms) | set(q.years) | set(q.numbers) | set(q.cue_words)
    if any(m.group(0) not in asked for m in _DIGITS.finditer(text)):  # any figure the question lacks
        return True
    return any(any(fold(w) not in asked for w in syllables(s.text)) for s in candidates(q.kind, text))
