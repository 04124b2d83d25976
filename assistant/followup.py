"""Turn a follow-up ("Còn xã Lơ Pang thì sao?", "Ông ấy giữ chức gì?") into a standalone
question by carrying the previous turn's entities (used by every backend; deterministic)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.question import person_names, place_mentions
from indexing.vietnamese import fold

_UNITS_F = r"(?:xa|phuong|huyen|tinh|thi tran|thi xa|thanh pho|thon|lang|buon|to dan pho|quan)"
_CONTINUE = re.compile(
    r"^\s*(còn|con|vậy còn|vay con|thế còn|the con)\s+(.+?)\s*(thì sao|thi sao|thì thế nào|"
    r"thi the nao|như thế nào|nhu the nao|ra sao)?\s*\??\s*$",
    re.IGNORECASE,
)
_PERSON_PRONOUN = re.compile(
    r"\b(ông ấy|bà ấy|anh ấy|chị ấy|người này|người đó|ông này|bà này|vị này|"
    r"đồng chí này|đồng chí đó|ong ay|ba ay|nguoi nay|nguoi do|dong chi nay)\b",
    re.IGNORECASE,
)
_PLACE_PRONOUN = re.compile(
    r"\b(ở đó|nơi đó|nơi này|xã này|xã đó|phường này|phường đó|huyện này|huyện đó|"
    r"địa phương này|địa phương đó|o do|noi do|xa nay|xa do)\b",
    re.IGNORECASE,
)


@dataclass
class Turn:
    question: str  # as the user typed it
    standalone: str  # as it was searched
    answer: str = ""


def _places(text: str) -> list[str]:
    return [text[m.start : m.end] for m in place_mentions(text)]


def _names(text: str) -> list[str]:
    return person_names(text)


def _replace_place(previous: str, new_place: str) -> str:
    """Swap the previous question's place for the new one ("xã Vĩnh Quang" -> "xã Lơ Pang")."""
    for old in _places(previous):
        return previous.replace(old, new_place + " ", 1).replace("  ", " ")
    unit = re.match(rf"\s*({_UNITS_F})\s+", fold(new_place))
    if unit:  # accent-free previous question: match by folded unit + same syllable count
        n = len(new_place.split())
        words = previous.split()
        folded = [fold(w) for w in words]
        for i, w in enumerate(folded):
            if w == unit.group(1).split()[0]:
                return " ".join([*words[:i], new_place, *words[i + n :]])
    return f"{new_place} {previous}"


def condense(question: str, history: list[Turn]) -> str:
    """The standalone form of ``question`` given earlier turns (unchanged if not a follow-up)."""
    if not history:
        return question
    prev = history[-1]
    m = _CONTINUE.match(question)
    if m:
        subject = m.group(2).strip(" ,")
        if _places(subject) or re.match(rf"\s*{_UNITS_F}\s", fold(subject)):
            return _replace_place(prev.standalone, subject)
        return f"{prev.standalone} {subject}"
    if _PERSON_PRONOUN.search(question):
        names = _names(prev.answer) or _names(prev.standalone)
        if names:
            return _PERSON_PRONOUN.sub(names[0], question, count=1)
        return f"{question} {prev.standalone}"
    if _PLACE_PRONOUN.search(question):
        places = _places(prev.standalone) or _places(prev.answer)
        if places:
            return _PLACE_PRONOUN.sub(places[0], question, count=1)
        return f"{question} {prev.standalone}"
    return question
