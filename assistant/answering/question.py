"""What a Vietnamese question asks for: its content terms and its answer type."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexing.vietnamese import compound_words, fold, has_diacritics, syllables

# question words and fillers, accent-folded (questions often come without diacritics)
_STOP = set(
    """bao nhieu may gi nao ai la co cua duoc khong the nhu khi dau o tai sao vi thi con
    nhung cac va voi ve cho biet hay toi ban oi a a? vay ra nay do ay nhe chu ha
    mot loai hien trong tu den theo rang da dang se bi boi ma hoac cung nua
    ong ba anh chi dong chi""".split()
)
# kept even though short: they carry the topic
_KEEP = {"xa", "huyen", "tinh", "phuong", "dang", "nam"}

TYPE_CUES: list[tuple[str, tuple[str, ...]]] = [
    ("date", ("khi nao", "ngay nao", "bao gio", "luc nao", "thoi gian nao", "ngay may", "thang nao",
              "nam nao", "hom nao", "thoi diem nao")),
    ("number", ("bao nhieu", "may ", "ty le bao nhieu", "bao lau")),
    ("person", ("la ai", " ai ", "ai la", "nguoi nao", "dong chi nao", "ong nao", "ba nao", "ai chu tri",
                "ai ")),
    ("role", ("chuc vu", "chuc gi", "giu chuc", "cuong vi", "vai tro gi")),
    ("place", ("o dau", "tai dau", "dia phuong nao", "xa nao", "huyen nao", "tinh nao", "phuong nao",
               "noi nao", "dau?")),
    ("list", ("nhung gi", "gom nhung", "nhung giai phap", "cac giai phap", "nhung nhiem vu", "ke ten",
              "liet ke", "nhung noi dung", "cac nhiem vu", "gom gi", "gom nhung gi")),
]


@dataclass
class QuestionInfo:
    text: str
    terms: list[str]  # folded content syllables
    bigrams: list[str]
    kind: str  # number, date, person, role, place, list, other
    compounds: list[str]  # pyvi multi-syllable words ("dân_số"), accented questions only
    focus: list[str]  # what is counted: "bao nhiêu đảng viên" -> ["dang", "vien"]


def _is_name(compound: str, question: str) -> bool:
    words = compound.split("_")
    start = question.lower().find(" ".join(words))
    original = question[start : start + len(compound)] if start >= 0 else ""
    return bool(original) and all(w[:1].isupper() for w in original.split())


def analyse(question: str) -> QuestionInfo:
    folded_q = " " + " ".join(fold(s) for s in syllables(question)) + " "
    kind = "other"
    for name, cues in TYPE_CUES:
        if any(cue in folded_q or cue.strip() + "?" in folded_q for cue in cues):
            kind = name
            break
    cue_words: set[str] = set()
    for name, cues in TYPE_CUES:
        if name == kind:
            cue_words = {w for cue in cues if cue.strip() in folded_q for w in cue.split()}
    sylls = [fold(s) for s in syllables(question)]
    terms = [s for s in sylls if s not in cue_words and
             (s in _KEEP or (s not in _STOP and len(s) > 1) or s.isdigit())]
    bigrams = [f"{a} {b}" for a, b in zip(sylls, sylls[1:]) if a not in _STOP or b not in _STOP]
    compounds = []
    if has_diacritics(question):  # pyvi needs accents; names are covered by their syllables
        compounds = [c for c in compound_words(question)
                     if not set(fold(c).split("_")) <= cue_words | _STOP and not _is_name(c, question)]
    focus: list[str] = []
    m = re.search(r"\b(?:bao nhieu|may)\s+((?:\w+\s?){1,2})", " ".join(sylls))
    if m:
        focus = [w for w in m.group(1).split() if w not in _STOP or w in _KEEP]
    return QuestionInfo(question, terms, bigrams, kind, compounds, focus)


_NUMBER = re.compile(r"\d")
_DATE = re.compile(r"\d{1,2}/\d{1,2}|ngày \d{1,2}|tháng \d{1,2}|năm \d{4}", re.IGNORECASE)
_NAME = re.compile(r"(?:[A-ZĐ][a-zà-ỹđ]+\s){1,3}[A-ZĐ][a-zà-ỹđ]+")
_ROLE = re.compile(r"(Bí thư|Chủ tịch|Phó|Giám đốc|Trưởng|ủy viên|Tỉnh ủy viên)", re.IGNORECASE)


def fits_kind(kind: str, sentence: str) -> bool:
    """Does the sentence carry the kind of fact asked for?"""
    if kind == "number":
        return bool(_NUMBER.search(sentence))
    if kind == "date":
        return bool(_DATE.search(sentence))
    if kind in ("person", "role"):
        return bool(_NAME.search(sentence)) and bool(_ROLE.search(sentence) or kind == "person")
    if kind == "place":
        return bool(_NAME.search(sentence))
    return True
