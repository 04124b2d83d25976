"""What a Vietnamese question asks for: content terms, answer type, focus and named entities.

Everything is compared in accent-folded form because users often type without diacritics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexing.vietnamese import compound_words, fold, has_diacritics, nfc, syllables

# question words and fillers, accent-folded
_STOP = set(
    [
        "bao",
        "nhieu",
        "may",
        "gi",
        "nao",
        "ai",
        "la",
        "co",
        "cua",
        "duoc",
        "khong",
        "the",
        "nhu",
        "khi",
        "dau",
        "o",
        "tai",
        "sao",
        "vi",
        "thi",
        "con",
        "nhung",
        "cac",
        "va",
        "voi",
        "ve",
        "cho",
        "biet",
        "hay",
        "toi",
        "ban",
        "oi",
        "a",
        "vay",
        "ra",
        "nay",
        "do",
        "ay",
        "nhe",
        "ha",
        "mot",
        "loai",
        "hien",
        "trong",
        "tu",
        "den",
        "theo",
        "rang",
        "da",
        "se",
        "boi",
        "ma",
        "hoac",
        "cung",
        "nua",
        "ong",
        "anh",
        "tat",
        "ca",
        "tong",
        "khoang",
        "vua",
        "noi",
        "nhu",
        "the",
        "nao",
    ]
)
_KEEP = {"xa", "huyen", "tinh", "phuong", "nam"}
_FOCUS_STOP = _STOP | {"trong", "nam", "giai", "doan"}
_FOCUS_SKIP = {"xa", "huyen", "tinh", "phuong"}

TYPE_CUES: list[tuple[str, tuple[str, ...]]] = [
    (
        "date",
        (
            "khi nao",
            "ngay nao",
            "bao gio",
            "luc nao",
            "thoi gian nao",
            "ngay may",
            "thang nao",
            "hom nao",
            "thoi diem nao",
        ),
    ),
    ("percent", ("bao nhieu phan tram", "may phan tram", "ty le", "phan tram")),
    ("number", ("bao nhieu", "la may", "thu may", "so may", "may")),
    ("role", ("chuc vu gi", "chuc vu", "chuc gi", "giu chuc", "cuong vi", "vai tro gi")),
    ("person", ("la ai", "ai la", "nguoi nao", "dong chi nao", "ong nao", "ba nao", "ai")),
    (
        "place",
        ("o dau", "tai dau", "dia phuong nao", "xa nao", "huyen nao", "tinh nao", "phuong nao", "noi nao"),
    ),
    ("list", ("nhung gi", "gom nhung", "ke ten", "liet ke", "gom gi")),
]

_UNITS = {
    ("thi", "tran"),
    ("thi", "xa"),
    ("thanh", "pho"),
    ("to", "dan", "pho"),
    ("huyen", "uy"),
    ("tinh", "uy"),
    ("thanh", "uy"),
    ("xa",),
    ("phuong",),
    ("huyen",),
    ("tinh",),
    ("thon",),
    ("lang",),
    ("buon",),
    ("quan",),
}
# Vietnamese surnames and Central Highlands name prefixes: how a person's name starts
_SURNAMES = set(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "doan",
        "dao",
        "dinh",
        "lam",
        "mai",
        "trinh",
        "truong",
        "ha",
        "cao",
        "luu",
        "ta",
        "thai",
        "kieu",
        "quach",
        "tong",
        "chu",
        "kim",
        "nay",
        "ksor",
        "ro",
        "siu",
        "kpa",
        "rahlan",
        "puih",
        "rmah",
        "nie",
    ]
)
_ROLE = re.compile(
    r"(bí thư|chủ tịch|phó|giám đốc|trưởng|ủy viên|chánh|tổ trưởng|chi ủy viên|"
    r"bi thu|chu tich|pho|truong|uy vien)",
    re.IGNORECASE,
)
_DATE = re.compile(r"\d{1,2}/\d{1,2}|ngày \d{1,2}|tháng \d{1,2}|năm \d{4}", re.IGNORECASE)
_NUMBER = re.compile(r"\d|\b[IVXL]{2,}\b")
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Mention:
    unit: str  # folded unit for places ("xa", "tinh"), "" for persons
    words: tuple[str, ...]  # folded name syllables
    start: int
    end: int


def _capitalised_runs(text: str) -> list[list[re.Match]]:
    """Runs of consecutive capitalised words (proper names)."""
    runs: list[list[re.Match]] = []
    current: list[re.Match] = []
    for m in _WORD.finditer(text):
        gap = text[current[-1].end() : m.start()] if current else " "
        if m.group(0)[0].isupper() and not m.group(0).isdigit() and gap.strip() == "":
            current.append(m)
        else:
            if current:
                runs.append(current)
            current = [m] if m.group(0)[0].isupper() and not m.group(0).isdigit() else []
    if current:
        runs.append(current)
    return runs


def place_mentions(text: str) -> list[Mention]:
    """ "xã Vĩnh Quang", "huyện Bá Thước", "Huyện ủy Bình Đại": a unit word then a proper name.
    A name that starts with a surname is a person ("xã Nguyễn Kế Đấu" = the commune's Nguyễn Kế Đấu)."""
    text = nfc(text)
    words = list(_WORD.finditer(text))
    folded = [fold(w.group(0)) for w in words]
    out = []
    for i in range(len(words)):
        for unit in sorted(_UNITS, key=len, reverse=True):
            j = i + len(unit)
            if tuple(folded[i:j]) != unit or j >= len(words):
                continue
            name = []
            while (
                j < len(words)
                and len(name) < 3
                and words[j].group(0)[0].isupper()
                and not words[j].group(0).isdigit()
                and text[words[j - 1].end() : words[j].start()].strip() == ""
            ):
                name.append(words[j])
                j += 1
            if name and fold(name[0].group(0)) not in _SURNAMES:
                out.append(
                    Mention(
                        " ".join(unit),
                        tuple(fold(w.group(0)) for w in name),
                        words[i].start(),
                        name[-1].end(),
                    )
                )
            break
    # no unit word: "ở Vĩnh Quang", or a name opening the question ("Lơ Pang phấn đấu …")
    for run in _capitalised_runs(text):
        first = run[0]
        lead = fold(text[max(0, first.start() - 4) : first.start()].strip().split(" ")[-1]) if first.start() else ""
        at_start = first.start() == len(text) - len(text.lstrip())
        names = [fold(m.group(0)) for m in run]
        if names[0] in _SURNAMES or any(m.start <= first.start() < m.end for m in out):
            continue
        if lead in ("o", "tai") or (at_start and len(run) >= 2):
            out.append(Mention("", tuple(names[:3]), first.start(), run[min(3, len(run)) - 1].end()))
    return out


def places(text: str) -> list[list[str]]:
    return [list(m.words) for m in place_mentions(text)]


def person_names(text: str) -> list[str]:
    """Person names as written ("Nguyễn Văn Biện")."""
    text = nfc(text)
    out = []
    for run in _capitalised_runs(text):
        for k, m in enumerate(run):
            if fold(m.group(0)) in _SURNAMES and len(run) - k >= 2:
                out.append(text[m.start() : run[min(len(run), k + 4) - 1].end()])
                break
    return out


def persons(text: str) -> list[list[str]]:
    """Person names (folded syllables): capitalised runs of 2–4 words starting with a surname."""
    text = nfc(text)
    out = []
    for run in _capitalised_runs(text):
        names = [fold(m.group(0)) for m in run]
        for k, w in enumerate(names):
            if w in _SURNAMES and len(names) - k >= 2:
                out.append(names[k : k + 4])
                break
    return out


@dataclass
class QuestionInfo:
    text: str
    terms: list[str]  # folded content syllables
    bigrams: list[str]
    kind: str  # number, date, person, role, place, list, other
    compounds: list[str] = field(default_factory=list)  # pyvi words ("dân_số"), accented questions
    focus: list[str] = field(default_factory=list)  # what is asked about ("dan", "so")
    places: list[list[str]] = field(default_factory=list)
    provinces: list[list[str]] = field(default_factory=list)  # "tỉnh Gia Lai": the outlet may say it
    persons: list[list[str]] = field(default_factory=list)
    years: list[str] = field(default_factory=list)  # "năm 2025": the answer must be about that year
    counted: bool = False  # the focus is what "bao nhiêu"/"mấy" counts (then all of it must be named)


def _kind(folded_q: str) -> tuple[str, set[str]]:
    for name, cues in TYPE_CUES:
        hits = [c for c in cues if re.search(rf"\b{c}\b", folded_q)]
        if hits:
            return name, {w for c in hits for w in c.split()}
    return "other", set()


def _focus(sylls: list[str], cue_words: set[str], entity_words: set[str]) -> list[str]:
    """What is asked about: the counted thing after "bao nhiêu"/"mấy"; else the content words
    before the first named entity; else the last content words before the question word."""
    joined = " ".join(sylls)
    m = re.search(r"\b(?:bao nhieu|may)\b((?:\s+\w+){1,4})", joined)
    if m:
        after = []
        for w in m.group(1).split():
            if w == "khong" and after:  # "chỉ tiêu không đạt": the negation is part of what is counted
                after.append(w)
                continue
            if w in _FOCUS_STOP or (w in entity_words and w not in _FOCUS_SKIP):
                break
            if w not in cue_words and w not in _FOCUS_SKIP:
                after.append(w)
        if after:
            return after[:3]
    cue_at = next((i for i, w in enumerate(sylls) if w in cue_words), len(sylls))
    content = [(i, w) for i, w in enumerate(sylls) if w not in cue_words and w not in _STOP and w not in _FOCUS_SKIP]
    first_entity = next((i for i, w in enumerate(sylls) if w in entity_words - _FOCUS_SKIP), None)
    if first_entity is not None:
        before = [w for i, w in content if i < first_entity]
        if before:
            return before[:5]
        return [w for i, w in content if i > first_entity and w not in entity_words][:4]
    upto = [w for i, w in content if i < cue_at] or [w for _, w in content]
    return upto[-4:]


def analyse(question: str) -> QuestionInfo:
    question = nfc(question)
    sylls = [fold(s) for s in syllables(question)]
    kind, cue_words = _kind(" " + " ".join(sylls) + " ")
    mentions = place_mentions(question)
    q_places = [list(m.words) for m in mentions if m.unit != "tinh"]
    q_provinces = [list(m.words) for m in mentions if m.unit == "tinh"]
    q_persons = persons(question)
    entity_words = {w for p in q_places + q_provinces + q_persons for w in p} | {
        "xa",
        "phuong",
        "huyen",
        "tinh",
    }
    terms = [s for s in sylls if s not in cue_words and (s in _KEEP or (s not in _STOP and len(s) > 1) or s.isdigit())]
    bigrams = [f"{a} {b}" for a, b in zip(sylls, sylls[1:]) if a not in _STOP or b not in _STOP]
    compounds = []
    if has_diacritics(question):  # pyvi needs accents; names are covered by their syllables
        compounds = [
            c
            for c in compound_words(question)
            if not set(fold(c).split("_")) <= cue_words | _STOP and fold(c).split("_")[0] not in _SURNAMES
        ]
    focus = [] if kind == "role" else _focus(sylls, cue_words, entity_words)
    years = re.findall(r"\b(?:19|20)\d\d\b", question)
    counted = bool(focus) and bool(re.search(rf"\b(?:bao nhieu|may) {re.escape(focus[0])}\b", " ".join(sylls)))
    return QuestionInfo(
        question, terms, bigrams, kind, compounds, focus, q_places, q_provinces, q_persons, years, counted
    )


def fits_kind(kind: str, sentence: str) -> bool:
    """Does the sentence carry the kind of fact asked for?"""
    if kind == "number":
        return bool(_NUMBER.search(re.sub(r"\(\d+\)", " ", sentence)))  # "(4)" numbers a list item
    if kind == "percent":
        return bool(re.search(r"\d\s*%|phần trăm", sentence))
    if kind == "date":
        return bool(_DATE.search(sentence))
    if kind == "person":
        return bool(persons(sentence))
    if kind == "role":
        return bool(_ROLE.search(sentence))
    if kind == "place":
        return any(len(r) >= 2 or r[0].start() > 0 for r in _capitalised_runs(sentence))
    return True


def split_by_place(question: str) -> list[str]:
    """ "Đảng bộ xã A và xã B có bao nhiêu đảng viên?" -> one question per place."""
    question = nfc(question)
    found = place_mentions(question)
    if len(found) < 2 or not re.search(r"\b(và|va|với|voi|,)\b|,", question):
        return [question]
    subs = []
    for keep in found:
        text = question
        for other in sorted(found, key=lambda m: m.start, reverse=True):
            if other is not keep:
                text = text[: other.start] + text[other.end :]
        subs.append(re.sub(r"\s+", " ", text).strip())
    return subs
