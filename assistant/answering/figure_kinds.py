"""Figures that are not what a question asks for: a birth year, and a date where a count is asked.

Court and police news give everyone's birth year ("Huỳnh Lâm Huân (sinh năm 1979) …", "bà A
(SN 1974)"): it must not answer "bị tạm giam bao nhiêu tháng?" or "gửi đơn ngày nào?"; only a
question about a birth ("sinh năm nào?", "năm sinh", "ra đời") takes one. And a date ("sáng
23-6", "ngày 3/4/2017", "năm 2017") or a year alone ("năm 2014 và 2015": Vietnamese writes a count
of two thousand "2.015") is no answer to "bao nhiêu tháng?" or "bao nhiêu lần?".
"""

from __future__ import annotations

import re

import numpy as np

from assistant.answering.lexicon import lexicon
from assistant.answering.question import Question
from indexing.vietnamese import fold

# "sinh năm 1979", "sinh 1979", "SN 1974", "NS: 1990" (accents may be missing: "sinh nam")
BIRTH_YEAR = re.compile(r"(?<!\w)(?:(?i:sinh(?:\s+n[aă]m)?)|SN|NS)\s*:?\s*((?:1\d|20)\d\d)(?!\d)")
# a date, not a count: a day and month after a time word ("sáng 23-6", "ngày 3/4"), a full date
# ("3/4/2017"), a month or a year after its word ("tháng 6/2017", "năm 2017"). A bare "1/3" may be
# a fraction and is left alone.
DATE = re.compile(
    r"(?i:sáng|chiều|tối|trưa|đêm|ngày|hôm|từ|đến)\s+\d{1,2}[-./]\d{1,2}(?:[-./]\d{2,4})?(?!\d|[.,/]\d)"
    r"|(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])"
    r"|(?i:tháng)\s+\d{1,2}(?:/\d{4})?(?!\d)"
    r"|(?i:năm)\s+(?:1\d|20)\d\d(?!\d)"
)
# a year standing alone ("năm 2014 và 2015"): counts of a thousand or more are written "2.015"
_BARE_YEAR = re.compile(r"(?<![\d.,/])(?:1[89]|20)\d\d(?![\d/]|[.,]\d)")
_DIGITS = re.compile(r"\d+")


def birth_years(text: str) -> list[tuple[int, int]]:
    """Character spans of the birth years (the digits) in ``text``."""
    return [m.span(1) for m in BIRTH_YEAR.finditer(text)]


def _dates(text: str) -> list[tuple[int, int]]:
    """Where ``text`` gives a date (``DATE``; a day above 31 or a month above 12 is none) or a year
    alone; neither when a unit or "%" follows ("từ 6-9%", "từ 10-12 tháng", "2015 người")."""
    units = lexicon().units

    def unit_after(end: int) -> bool:
        after = re.match(r"\s*([\w%]+)", text[end:])
        return bool(after) and (after.group(1) == "%" or fold(after.group(1)).lower() in units)

    spans = []
    for m in DATE.finditer(text):
        day_month = re.search(r"(?<!\d)(\d{1,2})[-./](\d{1,2})(?!\d)", m.group(0))
        if day_month and not (1 <= int(day_month.group(1)) <= 31 and 1 <= int(day_month.group(2)) <= 12):
            continue
        if not unit_after(m.end()):
            spans.append(m.span())
    spans += [m.span() for m in _BARE_YEAR.finditer(text) if not unit_after(m.end())]
    return spans


def _only_within(sentence: str, start: int, end: int, inside: list[tuple[int, int]]) -> bool:
    """Every figure of ``sentence[start:end]`` lies in one of the ``inside`` spans (and it has one)."""
    figures = [(start + m.start(), start + m.end()) for m in _DIGITS.finditer(sentence[start:end])]
    return bool(figures) and all(any(a <= s and e <= b for a, b in inside) for s, e in figures)


def _unasked(q: Question, text: str) -> list[tuple[int, int]]:
    """Where ``text`` gives figures ``q`` does not ask for: birth years unless a birth is asked,
    and, for a count, dates and lone years."""
    spans = [] if q.asks_birth else birth_years(text)
    return spans + _dates(text) if q.kind == "number" else spans


def not_asked_figures(q: Question, sentence: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which candidate spans (character ``starts``/``ends`` in ``sentence``) hold only figures
    ``q`` does not ask for (``_unasked``)."""
    inside = _unasked(q, sentence) if len(starts) else []
    barred = [bool(inside) and _only_within(sentence, int(a), int(b), inside) for a, b in zip(starts, ends)]
    return np.array(barred, bool)


def asked_figures_only(q: Question, text: str) -> str:
    """``text`` with the figures ``q`` does not ask for (``_unasked``) blanked, same length."""
    for a, b in _unasked(q, text):
        text = text[:a] + " " * (b - a) + text[b:]
    return text


YEAR = re.compile(r"(?<![\d.,])(1\d{3}|20\d{2})(?!\d|[.,]\d)")  # also "5/7/2017", not "1.500"
_YEAR_RANGE = re.compile(r"(?<!\d)(1\d{3}|20\d{2})\s*[-–]\s*(1\d{3}|20\d{2})(?!\d)")
_DOCUMENT_YEAR = re.compile(r"\d+/(?:1\d{3}|20\d{2})/[A-ZĐ]")
_PART_END = re.compile(r"[,;]\s|\s[-–]\s|\s(?:và|còn|nhưng|trong khi|so với)\s", re.IGNORECASE)


def names_years(years: tuple[str, ...], text: str, every: bool = True) -> bool | None:
    """Whether ``text`` names every year of ``years`` (``every=False``: one of them), itself or
    inside a range ("2021-2025"); None when it names no year at all. Birth years and document
    numbers ("100/2019/NĐ-CP") do not date a sentence's fact and do not count."""
    text = BIRTH_YEAR.sub(" ", _DOCUMENT_YEAR.sub(" ", text))
    named = set(YEAR.findall(text))
    if not named:
        return None
    ranges = [(int(a), int(b)) for a, b in _YEAR_RANGE.findall(text)]
    found = [y in named or any(a <= int(y) <= b for a, b in ranges) for y in years]
    return all(found) if every else any(found)


def of_other_years(q: Question, sentence: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For a count asked about a year ("tăng trưởng bao nhiêu trong tài khóa 2018-2019?"), the
    spans in a part of ``sentence`` (cut at commas, dashes and conjunctions) that names only other
    years, when another part names the asked year and holds a figure: of "7,2% trong tài khóa
    2017-2018 và 7,7% trong tài khóa 2018-2019", not 7,2%."""
    barred = np.zeros(len(starts), bool)
    if q.kind != "number" or not q.years or not len(starts):
        return barred
    cuts = [0, *(m.start() for m in _PART_END.finditer(sentence)), len(sentence)]
    parts = list(zip(cuts, cuts[1:]))
    verdict = [names_years(q.years, sentence[a:b]) for a, b in parts]
    asked = [
        (a, b)
        for (a, b), v in zip(parts, verdict)
        if v and any(not YEAR.fullmatch(m.group(0)) for m in _DIGITS.finditer(sentence[a:b]))
    ]
    if not asked:
        return barred
    other = [(a, b) for (a, b), v in zip(parts, verdict) if v is False]
    for i, s in enumerate(starts):
        barred[i] = any(a <= s < b for a, b in other) and not any(a <= s < b for a, b in asked)
    return barred
