"""Turn a follow-up ("Còn năm 2023 thì sao?", "Ông ấy giữ chức gì?") into a standalone question
by carrying the previous turn's names and subject (deterministic; used by every backend)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.lexicon import lexicon
from indexing.vietnamese import fold, has_diacritics, nfc

_CONTINUE = re.compile(
    r"^\s*(?:còn|con|vậy còn|vay con|thế còn|the con)\s+(.+?)\s*"
    r"(?:thì sao|thi sao|thì thế nào|thi the nao|như thế nào|nhu the nao|ra sao)?\s*\??\s*$",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"\b(?:ông|bà|anh|chị|người|vị|cậu|cô|ong|ba|anh|chi|nguoi|vi|cau|co)\s+(?:ấy|này|đó|ay|nay|do)\b", re.IGNORECASE
)
_DEICTIC = re.compile(r"\b(\w+(?:\s\w+)?)\s+(?:đó|này|ấy|kia|do|nay|ay)\b", re.IGNORECASE)


@dataclass
class Turn:
    question: str  # as the user typed it
    standalone: str  # as it was searched
    answer: str = ""


_TAILS = ("thi sao", "thi the nao", "nhu the nao", "the nao", "ra sao")


def _without_tail(subject: str) -> str:
    """``subject`` without a trailing "thì sao" however its accents were restored ("thị sao")."""
    words = subject.split()
    for tail in _TAILS:
        n = len(tail.split())
        if len(words) > n and fold(" ".join(words[-n:])) == tail:
            return " ".join(words[:-n])
    return subject


def _names(text: str) -> list[str]:
    """Runs of two or more capitalised words in reading order ("Nguyễn Văn An"), not at a
    sentence start."""
    text = nfc(re.sub(r"\*\*|\[\d+(?:,\s*\d+)*\]", " ", text))
    out: list[str] = []
    run: list[re.Match[str]] = []
    for m in [*re.finditer(r"[\w']+", text), None]:
        capital = m is not None and m.group(0)[0].isupper() and not m.group(0)[0].isdigit()
        if capital and (not run or text[run[-1].end() : m.start()] == " "):
            run.append(m)
            continue
        if len(run) >= 2:
            before = text[: run[0].start()].rstrip()
            name = text[run[0].start() : run[-1].end()]
            if before and before[-1] not in ".!?:—-" and name not in out:
                out.append(name)
        run = [m] if capital else []
    return out


def _persons(text: str) -> list[str]:
    """Names in ``text``, those right after a person word ("ông", "đồng chí") first."""
    cues = lexicon().person_cues
    folded = fold(text)

    def cued(name: str) -> bool:  # at any of its mentions ("**Hồ Văn Niên** — …, ông Hồ Văn Niên")
        starts = [m.start() for m in re.finditer(re.escape(fold(name)), folded)]
        return any(folded[:i].rstrip().endswith(" " + c) for i in starts for c in cues)

    named = [n for n in _names(text) if cued(n)]
    return named + [n for n in _names(text) if n not in named]


def _unit(text: str) -> str | None:
    """The place/organisation cue word a phrase starts with ("xã", "công ty"), folded."""
    lex = lexicon()
    words = fold(text).split()
    for n in (2, 1):
        if len(words) > n and " ".join(words[:n]) in lex.place_cues | lex.organisation_cues:
            return " ".join(words[:n])
    return None


def _swap(previous: str, subject: str) -> str | None:
    """Replace the previous question's phrase of the same kind ("xã A" -> "xã B", "2023" -> "2024",
    the noun counted: :func:`_swap_counted`)."""
    year = re.fullmatch(r"(?:năm|nam)?\s*((?:19|20)\d\d)", subject.strip(), re.IGNORECASE)
    if year and re.search(r"\b(?:19|20)\d\d\b", previous):
        return re.sub(r"\b(?:19|20)\d\d\b", year.group(1), previous, count=1)
    counted = fold(subject).startswith(("so luong ", "tong so ", "bao nhieu "))  # not "báo", "sở"
    unit = None if counted else _unit(subject)
    if unit and subject.split()[len(unit.split())][:1].isupper():  # a cue and a name: "xã Ia Piar"
        n_unit = len(unit.split())
        words = previous.split()
        folded = [fold(w) for w in words]
        cue = subject.lower().split()[:n_unit]  # typed with accents: the same word, not "báo" for "Bảo"
        for i in range(len(words) - n_unit):
            same = not has_diacritics(subject) or [w.lower() for w in words[i : i + n_unit]] == cue
            if " ".join(folded[i : i + n_unit]) == unit and same:
                j = i + n_unit
                while j < len(words) and words[j][:1].isupper():
                    j += 1
                lead = subject[:1].upper() + subject[1:] if i == 0 else subject
                return " ".join([*words[:i], lead, *words[j:]])
    return _swap_person(previous, subject) or _swap_counted(previous, subject)


def _name_run(words: list[str], i: int) -> int:
    """The end of the run of capitalised words (no digits) starting at ``words[i]``."""
    j = i
    while j < len(words) and words[j][:1].isupper() and not any(c.isdigit() for c in words[j]):
        j += 1
    return j


def _cue_before(words: list[str], i: int, cues: frozenset[str]) -> bool:
    """Whether the one or two words before ``words[i]`` are one of ``cues`` (folded)."""
    return any(i >= n and fold(" ".join(words[i - n : i])) in cues for n in (1, 2))


def _brand(word: str) -> bool:
    """A one-word name even at a question's start: a capital inside ("MobiFone") or an acronym
    ("VNPT")."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and (
        (any(c.isupper() for c in letters[1:]) and any(c.islower() for c in letters)) or word.isupper()
    )


def _one_name(words: list[str], single: bool = False) -> tuple[int, int] | None:
    """Where the one name of a question is (two or more capitalised words, a leading person word
    or sentence-initial cue left out, not after a place or organisation cue; with ``single``
    also one word inside the question, or a brand-like one at its start: ``_brand``); None when
    it has none or several."""
    lex = lexicon()
    runs, i = [], 0
    while i < len(words):
        j = _name_run(words, i)
        if j == i:
            i += 1
            continue
        k = i
        while k < j and (k == 0 or _cue_before(words, k, lex.person_cues)) and fold(words[k]) in lex.person_cues:
            k += 1  # a sentence-initial or titled run: "Ông Nguyễn Văn A" names "Nguyễn Văn A"
        if k == 0 and j - k >= 2:
            k = 1 if fold(words[0]) in lex.place_cues | lex.organisation_cues else 0
        one = single and j - k == 1 and (k > 0 or _brand(words[k])) and fold(words[k]) not in lex.stopwords
        if (j - k >= 2 or one) and not _cue_before(words, k, lex.place_cues | lex.organisation_cues):
            runs.append((k, j))
        i = j
    return runs[0] if len(runs) == 1 else None


def _swap_person(previous: str, subject: str) -> str | None:
    """ "Còn Hao Yanjun thì sao?" after "Tòa tuyên Ping Sanshi bao nhiêu năm tù?": the one name
    of the previous question replaced by the name asked about (typed with capitals, a person
    word before it or not). A one-word name ("Còn Viettel thì sao?") replaces a one-word name
    (``_one_name(single=True)``: "MobiFone" of "MobiFone xây bao nhiêu trạm?")."""
    asked = subject.split()
    start = next((n for n in (2, 1) if len(asked) > n and fold(" ".join(asked[:n])) in lexicon().person_cues), 0)
    name = asked[start:]
    single = len(name) == 1 and start == 0  # "Còn Viettel thì sao?" after "MobiFone … bao nhiêu trạm 4G?"
    if not (len(name) >= 2 or single) or _name_run(name, 0) != len(name):
        return None
    words = previous.split()
    at = _one_name(words, single=single)
    if at is None:
        return None  # none, or several names: which one the user means is not clear
    return " ".join([*words[: at[0]], *name, *words[at[1] :]])


_WHO = re.compile(r"\b(?:ai|người nào|nguoi nao)\b")


def _person_meant(prev: Turn) -> str | None:
    """Whom "ông ấy" points to: the one name of the previous question ("Hà Văn Thắm sinh năm
    nào?"), unless it asked who (then the person its answer named), else the answer's person."""
    if not _WHO.search(prev.standalone.lower()):
        words = prev.standalone.rstrip(" ?").split()
        if at := _one_name(words):
            return " ".join(words[at[0] : at[1]])
    bold = re.match(r"\s*\*\*(.+?)\*\*", prev.answer)  # the short answer: for "ai …?", the person
    if bold and len(words := bold.group(1).split()) >= 2 and _name_run(words, 0) == len(words):
        return bold.group(1)
    names = _persons(prev.answer)
    return names[0] if names else None


def _is_end(word: str, accented: bool) -> bool:
    """``word`` ends the counted noun: a listed word (in an accent-free question, a listed accent-free form)."""
    lex = lexicon()
    return word.lower() in lex.count_phrase_ends if accented else word.lower() in lex.count_phrase_ends_folded


_QUESTION_WORDS = ("bao nhieu", "may", "ai", "gi", "nao", "dau", "sao")


def _plain_noun(subject: str) -> bool:
    """``subject`` reads as a common noun phrase that can be counted ("đảng viên", "số ca tử vong"):
    typed with accents (so its words can be told apart), short, no name, number, time, pronoun,
    preposition or question word."""
    words = subject.split()
    lex = lexicon()
    folded = fold(subject)
    return (
        0 < len(words) <= 5
        and has_diacritics(subject)
        and not any(w[:1].isupper() or any(ch.isdigit() for ch in w) for w in words)
        and words[0].lower() not in lex.not_counted_openers
        and folded.split()[0] not in lex.date_words
        and not _PERSON.search(subject)
        and not _DEICTIC.search(subject)
        and not any(re.search(rf"\b{w}\b", folded) for w in _QUESTION_WORDS)
    )


def _swap_counted(previous: str, subject: str) -> str | None:
    """The previous census question ("X có bao nhiêu tổ chức đảng?") asked of another noun
    ("Còn đảng viên thì sao?" -> "X có bao nhiêu đảng viên?"); a follow-up that asks its own
    "bao nhiêu …" keeps the previous question's start ("… làm bao nhiêu người chết?", "Còn bao
    nhiêu người bị thương?"). Only after "có": "lĩnh bao nhiêu tháng tù?" then "Còn con trai ông
    ta thì sao?" asks about another person, not another noun."""
    words = subject.split()
    body = previous.rstrip(" ?")
    tokens = body.split()
    folded = [fold(t) for t in tokens]
    at = next((i for i in range(len(tokens) - 2) if folded[i : i + 2] == ["bao", "nhieu"]), None)
    if not words or not at:  # none, or the question starts with it: nothing before to keep
        return None
    mark = "?" if previous.rstrip().endswith("?") else ""
    subject_folded = [fold(w) for w in words]
    if subject_folded[:2] == ["bao", "nhieu"]:
        return " ".join([*tokens[:at], *words]) + mark
    lowered = [w.lower() for w in words]
    if lowered[:2] in (["số", "lượng"], ["tổng", "số"]):
        words = words[2:]
    elif lowered[0] == "số":
        words = words[1:]
    if folded[at - 1] != "co" or not _plain_noun(" ".join(words)):
        return None
    accented = has_diacritics(body)
    start = j = at + 2
    while j < len(tokens) and not _is_end(tokens[j].strip(",;"), accented) and not tokens[j - 1].endswith(","):
        j += 1
    if j == start or not words:
        return None
    return " ".join([*tokens[:start], *words, *tokens[j:]]) + mark


def unswapped_subject(question: str, history: list[Turn]) -> str:
    """The X of a "Còn X thì sao?" follow-up that ``condense`` could not put in place of anything
    of the previous question and appended to it instead ("" otherwise). Its evidence must name X:
    the previous answer's sentence, found again for the appended question, answers the old one."""
    m = _CONTINUE.match(question) if history else None
    if not m:
        return ""
    subject = _without_tail(m.group(1).strip(" ,?"))
    return "" if _swap(history[-1].standalone, subject) else subject


def names_subject(subject: str, sentence: str) -> bool:
    """Every content syllable of ``subject`` (not a stopword, accents folded) stands in
    ``sentence``; True for no subject."""
    lex = lexicon()
    wanted = {w for w in fold(subject).lower().split() if w not in lex.stopwords and (len(w) > 1 or w.isdigit())}
    have = set(re.findall(r"\w+", fold(sentence).lower()))
    return wanted <= have


def previous_short(history: list[Turn]) -> str:
    """The bold short answer the last turn opened with ("" if none)."""
    bold = re.match(r"\s*\*\*(.+?)\*\*", history[-1].answer) if history else None
    return bold.group(1) if bold else ""


def _named_by_cue(phrase: str, previous: str) -> str | None:
    """For "xã đó"/"công ty này": the previous question's one place or organisation of that cue
    with its name ("xã Ia Dom"), or None (no such cue before the demonstrative, none or several
    in the previous question)."""
    words = phrase.split()
    lex = lexicon()
    cue = next(
        (
            " ".join(words[-n:])
            for n in (2, 1)
            if len(words) >= n and fold(" ".join(words[-n:])).lower() in lex.place_cues | lex.organisation_cues
        ),
        None,
    )
    if cue is None:
        return None
    n = len(cue.split())
    tokens = previous.rstrip(" ?").split()
    found = []
    for i in range(len(tokens) - n):
        if fold(" ".join(tokens[i : i + n])).lower() == fold(cue).lower() and tokens[i + n][:1].isupper():
            j = _name_run(tokens, i + n)
            found.append(" ".join(tokens[i + n : j]).strip(",.;:"))
    names = list(dict.fromkeys(found))
    if len(names) != 1:
        return None
    lead = phrase[: len(phrase) - len(cue)]  # words of the phrase before the cue ("ở xã đó": "ở ")
    return f"{lead}{cue} {names[0]}"


def condense(question: str, history: list[Turn]) -> str:
    """The standalone form of ``question`` given earlier turns (unchanged if not a follow-up)."""
    if not history:
        return question
    prev = history[-1]
    m = _CONTINUE.match(question)
    if m:
        subject = _without_tail(m.group(1).strip(" ,?"))
        return _swap(prev.standalone, subject) or f"{prev.standalone} {subject}"
    if _PERSON.search(question):
        if person := _person_meant(prev):
            return _PERSON.sub(person, question, count=1)
        return f"{question} ({prev.standalone})"
    deictic = _DEICTIC.search(question)
    if deictic and fold(deictic.group(1)).split()[-1] not in ("khi", "luc"):
        if named := _named_by_cue(deictic.group(1), prev.standalone):  # "xã đó" -> "xã Ia Dom"
            return question[: deictic.start()] + named + question[deictic.end() :]
        return f"{question} ({prev.standalone})"
    if re.search(r"\b(?:đó|do|đấy|day)\b\s*\??\s*$", question, re.IGNORECASE):
        return f"{question} ({prev.standalone})"
    return question  # not recognisably a follow-up: searched as typed (a language model may still rewrite it)
