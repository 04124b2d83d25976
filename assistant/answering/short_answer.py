"""The short answer: the span of the evidence sentence that answers (a number with its unit, a
date, a name, a role). Candidates are typed spans; the one nearest the words the sentence
shares with the question, and not already in the question, wins."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.lexicon import lexicon
from assistant.answering.question import Question
from indexing.vietnamese import fold, nfc

_WORD = re.compile(r"[\w']+(?:[.,]\d+)*%?")
_DATE = re.compile(
    r"(?:(?:sáng|chiều|tối|trưa|đêm)\s+)?(?:(?:ngày|hôm)\s+)?\d{1,2}/\d{1,2}(?:/\d{2,4})?|"
    r"(?:ngày\s+\d{1,2}\s+)?tháng\s+\d{1,2}(?:\s*(?:/|năm)\s*\d{4})?|"
    r"(?:năm|cuối năm|đầu năm|giữa năm)\s+\d{4}|\b(?:19|20)\d\d\b|"
    r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)(?:\s*\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\))?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_NUMBER = re.compile(r"(?:khoảng|gần|hơn|trên|dưới|tới|đến)?\s*\d+(?:[.,]\d+)*(?:\s*%)?")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def _name_runs(sentence: str) -> list[Span]:
    """Runs of capitalised words separated by single spaces ("Phạm Quốc Bảo")."""
    runs: list[Span] = []
    start = end = -1
    for m in re.finditer(r"[\w']+", sentence):
        capital = m.group(0)[0].isupper() and not m.group(0)[0].isdigit()
        if capital and start >= 0 and sentence[end : m.start()] == " ":
            end = m.end()
            continue
        if start >= 0:
            runs.append(Span(start, end, sentence[start:end]))
        start, end = (m.start(), m.end()) if capital else (-1, -1)
    if start >= 0:
        runs.append(Span(start, end, sentence[start:end]))
    return runs


def _unit_after(sentence: str, end: int) -> int:
    """Extend a number over the unit words after it ("1.250 tỷ đồng", "15 người")."""
    units = lexicon().units
    pos = end
    for _ in range(3):
        m = re.match(r"\s+([\w%]+)", sentence[pos:])
        if not m or fold(m.group(1)) not in units:
            break
        pos += m.end()
    return pos


def candidates(kind: str, sentence: str) -> list[Span]:
    spans: list[Span] = []
    if kind == "date":
        spans = [Span(m.start(), m.end(), m.group(0)) for m in _DATE.finditer(sentence)]
    elif kind == "number":
        for m in _NUMBER.finditer(sentence):
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            end = _unit_after(sentence, m.end())
            spans.append(Span(start, end, sentence[start:end]))
    elif kind in ("person", "place", "organisation"):
        lex = lexicon()
        cues = {"person": lex.person_cues, "place": lex.place_cues, "organisation": lex.organisation_cues}[kind]
        for m in _name_runs(sentence):
            start = m.start
            before = sentence[:start].rstrip()
            words = fold(before).split()
            cue = next((n for n in (2, 1) if len(words) >= n and " ".join(words[-n:]) in cues), 0)
            if not before and not cue:
                continue
            if cue and kind != "person":  # "tỉnh Gia Lai", "Công ty ABC": the cue is part of the name
                start = len(before) - len(" ".join(before.split()[-cue:]))
            spans.append(Span(start, m.end, sentence[start : m.end]))
    elif kind == "role":
        pattern = lexicon().phrase_pattern("role_cues")
        folded = fold(nfc(sentence))  # same length as the sentence for Vietnamese letters
        for m in pattern.finditer(folded):
            end = m.end()
            nxt = re.match(r"(?:\s+[a-zđà-ỹ][\w']*){0,6}", sentence[end:])
            end += nxt.end() if nxt else 0
            spans.append(Span(m.start(), end, sentence[m.start() : end].rstrip(" ,")))
    return [s for s in spans if s.text.strip()]


def short_answer(q: Question, sentence: str) -> str:
    """The best typed span of ``sentence`` for ``q``, or "" when the type has no span."""
    spans = candidates(q.kind, sentence)
    if not spans:
        return ""
    asked = set(q.terms) | set(q.years)
    anchors = [m.start() for m in _WORD.finditer(sentence) if fold(m.group(0)) in asked]

    def cost(s: Span) -> tuple[bool, bool, int]:
        words = [fold(w) for w in _WORD.findall(s.text)]
        repeated = sum(w in asked for w in words) / max(1, len(words))  # mostly words of the question
        bare_year = q.kind == "number" and bool(_YEAR.fullmatch(s.text.strip()))  # "năm 2026" is a date
        dist = min((abs(a - s.start) for a in anchors), default=0)
        return (repeated >= 0.99, bare_year, dist)

    best = min(spans, key=cost)
    return best.text.strip(" ,.;:")
