"""Turn a follow-up ("Còn năm 2023 thì sao?", "Ông ấy giữ chức gì?") into a standalone question
by carrying the previous turn's names and subject (deterministic; used by every backend)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.lexicon import lexicon
from indexing.vietnamese import fold, nfc

_CONTINUE = re.compile(
    r"^\s*(?:còn|con|vậy còn|vay con|thế còn|the con)\s+(.+?)\s*"
    r"(?:thì sao|thi sao|thì thế nào|thi the nao|như thế nào|nhu the nao|ra sao)?\s*\??\s*$",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"\b(?:ông|bà|anh|chị|người|vị|cậu|cô|ong|ba|anh|chi|nguoi|vi|cau|co)\s+(?:ấy|này|đó|ay|nay|do)\b", re.IGNORECASE
)
_DEICTIC = re.compile(r"\b(\w+(?:\s\w+)?)\s+(?:đó|này|ấy|kia|do|nay|ay)\b", re.IGNORECASE)
_NAME = re.compile(r"(?<![\w])((?:[A-ZĐÀ-Ỹ][\w']*)(?:\s+[A-ZĐÀ-Ỹ][\w']*){1,4})")


@dataclass
class Turn:
    question: str  # as the user typed it
    standalone: str  # as it was searched
    answer: str = ""


def _names(text: str) -> list[str]:
    """Capitalised multi-word names in reading order, not at a sentence start."""
    out = []
    for m in _NAME.finditer(nfc(re.sub(r"\*\*|\[\d+(?:,\s*\d+)*\]", " ", text))):
        before = text[: m.start()].rstrip()
        if before and before[-1] not in ".!?:—-" and m.group(1) not in out:
            out.append(m.group(1))
    return out


def _unit(text: str) -> str | None:
    """The place/organisation cue word a phrase starts with ("xã", "công ty"), folded."""
    lex = lexicon()
    words = fold(text).split()
    for n in (2, 1):
        if len(words) > n and " ".join(words[:n]) in lex.place_cues | lex.organisation_cues:
            return " ".join(words[:n])
    return None


def _swap(previous: str, subject: str) -> str | None:
    """Replace the previous question's phrase of the same kind ("xã A" -> "xã B", "2023" -> "2024")."""
    year = re.fullmatch(r"(?:năm|nam)?\s*((?:19|20)\d\d)", subject.strip(), re.IGNORECASE)
    if year and re.search(r"\b(?:19|20)\d\d\b", previous):
        return re.sub(r"\b(?:19|20)\d\d\b", year.group(1), previous, count=1)
    unit = _unit(subject)
    if unit:
        n_unit = len(unit.split())
        words = previous.split()
        folded = [fold(w) for w in words]
        for i in range(len(words) - n_unit):
            if " ".join(folded[i : i + n_unit]) == unit:
                j = i + n_unit
                while j < len(words) and words[j][:1].isupper():
                    j += 1
                return " ".join([*words[:i], subject, *words[j:]])
    return None


def condense(question: str, history: list[Turn]) -> str:
    """The standalone form of ``question`` given earlier turns (unchanged if not a follow-up)."""
    if not history:
        return question
    prev = history[-1]
    m = _CONTINUE.match(question)
    if m:
        subject = m.group(1).strip(" ,?")
        return _swap(prev.standalone, subject) or f"{prev.standalone} {subject}"
    if _PERSON.search(question):
        names = _names(prev.answer) or _names(prev.standalone)
        if names:
            return _PERSON.sub(names[0], question, count=1)
        return f"{question} ({prev.standalone})"
    deictic = _DEICTIC.search(question)
    if deictic and fold(deictic.group(1)).split()[-1] not in ("khi", "luc"):
        return f"{question} ({prev.standalone})"
    if re.search(r"\b(?:đó|do|đấy|day)\b\s*\??\s*$", question, re.IGNORECASE) or len(question.split()) <= 4:
        return f"{question} ({prev.standalone})"
    return question
