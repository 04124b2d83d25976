"""What a Vietnamese question asks for, analysed once per request.

Everything is compared in accent-folded form because users often type without diacritics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answering.lexicon import lexicon
from indexing.vietnamese import (
    _pyvi,
    compound_words,
    fold,
    has_diacritics,
    nfc,
    pos_tagger,
    syllable_ends,
    syllables,
)

ANSWER_TYPES = ("number", "date", "person", "role", "place", "organisation", "why", "how", "list", "yesno", "other")
_WORD = re.compile(r"[\w']+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Question:
    """A question as the answer path sees it."""

    text: str  # as searched (after follow-up rewriting)
    kind: str  # one of ANSWER_TYPES
    terms: tuple[str, ...]  # folded content syllables, question words removed
    bigrams: tuple[str, ...]  # folded syllable pairs with at least one content word
    compounds: tuple[str, ...] = ()  # pyvi compound words (accented questions only)
    names: tuple[tuple[str, ...], ...] = ()  # capitalised names (folded syllables)
    # names that surely name something: 2+ syllables, or 1 right after a place/person/organisation cue
    sure_names: tuple[tuple[str, ...], ...] = ()
    roles: tuple[tuple[str, ...], ...] = ()  # roles named as themselves, not their deputy ("chu tich")
    years: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    negated: bool = False
    accents: bool = True
    cue_words: frozenset[str] = field(default_factory=frozenset)
    asks_year: bool = False  # a date question asking for a year ("năm nào"): a day and month is no answer
    asks_birth: bool = False  # about a birth ("sinh năm nào", "ra đời"): a birth year may answer


def _cue_at(cue: tuple[str, ...], words: list[str], folded: list[str], i: int) -> bool:
    """``cue`` (accented syllables) starts at word ``i``: a word typed with accents must be the
    cue's own word ("máy" is not "mấy"), a word typed without them is compared folded."""
    if i + len(cue) > len(words):
        return False
    for j, syl in enumerate(cue):
        w, f = words[i + j], folded[i + j]
        if w != syl and not (w == f and f == fold(syl)):
            return False
    after = i + len(cue)
    return after == len(words) or not words[after][:1].isdigit()  # "vào năm 2015" sets the scene


def _question_words(text: str, typed_without_accents: bool) -> tuple[list[str], list[str]]:
    """(words as cues are matched against, folded words) of a question; see :func:`answer_type`."""
    typed = syllables(text, keep_case=True)
    folded = [fold(w) for w in typed]
    words = folded if typed_without_accents else [w.lower() for w in typed]
    # a capitalised word inside the question is a name, never a question word ("bà May", "Ai Cập");
    # an abbreviation written as a word of a longer cue is not ("HLV nào", "CLB nào"; "AI" is a name)
    abbreviations = _cue_abbreviations()
    words = [
        w if i == 0 or not t[:1].isupper() or (len(t) > 1 and t.isupper() and t.lower() in abbreviations) else "\0"
        for i, (w, t) in enumerate(zip(words, typed))
    ]
    return words, folded


@lru_cache(maxsize=1)
def _cue_abbreviations() -> frozenset[str]:
    """Words without diacritics that stand in a cue of two or more words and are no cue alone
    ("hlv", "clb"; not "ai")."""
    cues = [c.split() for _, kind_cues in lexicon().answer_types for c in kind_cues]
    alone = {c[0] for c in cues if len(c) == 1}
    return frozenset(w for c in cues if len(c) > 1 for w in c if w == fold(w) and w not in alone)


def _matched(cues, words: list[str], folded: list[str]) -> list[str]:
    return [c for c in cues if any(_cue_at(tuple(c.split()), words, folded, i) for i in range(len(words)))]


def _asks_year(text: str, typed_without_accents: bool) -> bool:
    """A year cue stands in the question, not after "mỗi"/"một" (per year); "năm bao nhiêu" only
    where it ends the question or a clause ("năm bao nhiêu tuổi" asks an age)."""
    lex = lexicon()
    text = nfc(text)
    words, folded = _question_words(text, typed_without_accents)
    per = {fold(w) for w in lex.per_words}
    ends = syllable_ends(text)
    for cue in lex.year_cues:
        syls = tuple(cue.split())
        for i in range(len(words)):
            if not _cue_at(syls, words, folded, i) or (i and folded[i - 1] in per):
                continue
            after = text[ends[i + len(syls) - 1] :].lstrip()[:1]
            if syls[-1] == "nào" or after in ("", "?", ",", ";", ".", "!"):
                return True
    return False


def answer_type(text: str, typed_without_accents: bool = False) -> tuple[str, set[str]]:
    """The answer type and the (folded) question words that signalled it, matched word by word:
    accented words against the accented cues ("nhà máy" does not ask "mấy", "đầu tư" not
    "đâu"), words typed without accents folded. ``typed_without_accents``: ``text`` had its
    accents restored by a model, so every word is compared folded (a restoration slip such as
    "bảo nhiều" must not hide the question word). A cue followed by a number sets the scene
    rather than asks ("… vào năm 2015?" asks what happened then, not when)."""
    words, folded = _question_words(text, typed_without_accents)
    types = lexicon().answer_types
    for kind, cues in types:
        hits = _matched(cues, words, folded)
        if hits:
            return kind, {fold(w) for c in hits for w in c.split()}
        if kind == SPREAD_KINDS[-1]:  # after every contiguous cue of these kinds, before lists and yes/no
            spread = _spread_match(text, typed_without_accents)
            if spread:
                return spread
    return "other", set()


SPREAD_KINDS = ("person", "place", "organisation")
MAX_SPREAD = 3  # words between a head noun and "nào"
_NOMINAL = frozenset({"N", "Np", "Nc", "Ny", "Nu", "A", "X"})  # pyvi tags a noun phrase is made of


@lru_cache(maxsize=2)
def _spread_heads(typed_without_accents: bool) -> dict[tuple[str, ...], tuple[str, str]]:
    """The head of each "<head> nào" cue of ``SPREAD_KINDS`` (lower case, or folded for a question
    typed without accents) → (its kind, the cue)."""
    same = fold if typed_without_accents else str.lower
    return {
        tuple(same(w) for w in cue.split()[:-1]): (kind, cue)
        for kind, cues in lexicon().answer_types
        if kind in SPREAD_KINDS
        for cue in cues
        if cue.endswith(" nào") and " " in cue
    }


def _spread_match(text: str, typed_without_accents: bool) -> tuple[str, set[str]] | None:
    """A "<head> nào" cue of a person, place or organisation whose head opens a run of nouns and
    adjectives of up to ``MAX_SPREAD`` more words before "nào" ("công ty chứng khoán nào",
    "trường đại học nào"). The words and tags are pyvi's, so a head that is part of a longer word
    ("bộ phận nào", "tòa nhà nào"), a classifier ("bộ phim nào") or a phrase with a verb ("ông
    Minh ký hợp đồng nào") is no match; nor is a head inside the run ("sinh viên trường đại học
    nào", "thứ trưởng Bộ GD-ĐT nào": which noun "nào" asks about is left open). Returns the kind
    and the head's and "nào"'s folded words."""
    same = fold if typed_without_accents else str.lower
    if "nao" not in {fold(w) for w in syllables(text)}:
        return None
    heads = _spread_heads(typed_without_accents)
    words, tags = pos_tagger().postagging(_pyvi().tokenize(text))
    for k, word in enumerate(words):
        if same(word) != same("nào"):
            continue
        start = k
        while start > 0 and tags[start - 1] in _NOMINAL:
            start -= 1
        if not 2 <= k - start <= MAX_SPREAD + 1 or tags[start] == "Nc":  # "bộ phim nào": a classifier
            continue
        hit = heads.get(tuple(same(w) for w in words[start].split("_")))
        if hit:
            return hit[0], {fold(w) for w in hit[1].split()}
    return None


def positions_after_cue(folded: list[str], cues: frozenset[str]) -> set[int]:
    """Positions of the words right after a cue of one or two (folded) words."""
    return {
        i
        for i in range(1, len(folded))
        if folded[i - 1] in cues or (i >= 2 and f"{folded[i - 2]} {folded[i - 1]}" in cues)
    }


def lower_words(text: str) -> list[str]:
    """The words of ``text`` cut as :func:`capitalised_names` cuts names, lower case, accents
    kept: "No.6" gives "no" and "6", so a ship, model or team name with a number is found in an
    article."""
    return [w.lower() for w in _WORD.findall(nfc(text))]


def capitalised_names(text: str) -> list[tuple[str, ...]]:
    """Runs of capitalised words that are not just the sentence's first word (folded)."""
    text = nfc(text)
    names: list[tuple[str, ...]] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        if run:
            at_start = text[: run[0].start()].strip(" \"'“(-–") == "" or text[: run[0].start()].rstrip()[-1:] in ".:?!"
            if len(run) >= 2 or not at_start:
                names.append(tuple(fold(m.group(0)) for m in run))
        run.clear()

    for m in _WORD.finditer(text):
        word = m.group(0)
        joined = not run or text[run[-1].end() : m.start()].strip() == ""
        if word[0].isupper() and not word.isdigit() and joined:
            run.append(m)
        else:
            flush()
            if word[0].isupper() and not word.isdigit():
                run.append(m)
    flush()
    return names


def roles_named(words: list[str]) -> tuple[tuple[str, ...], ...]:
    """The lexicon's roles of two or more syllables (folded) that ``words`` (lower case) name
    without a deputy prefix before them ("Chủ tịch UBND xã …", not "Phó Chủ tịch …")."""
    lex = lexicon()
    folded = [fold(w) for w in words]
    found = []
    for role in sorted({tuple(r.split()) for r in lex.role_cues}, key=len, reverse=True):
        n = len(role)
        if n < 2 or fold(role[0]) in {fold(p) for p in lex.deputy_prefixes}:
            continue
        if any(
            tuple(folded[i : i + n]) == role and not (i and lex.is_deputy_prefix(words[i - 1]))
            for i in range(len(folded) - n + 1)
        ):
            found.append(role)
    return tuple(found)


def analyse(text: str, typed_without_accents: bool = False) -> Question:
    """``typed_without_accents``: ``text`` is a question whose accents were restored by a model."""
    text = nfc(text).strip()
    lex = lexicon()
    sylls = [fold(s) for s in syllables(text)]
    kind, cue_words = answer_type(text, typed_without_accents)
    asks_year = kind == "date" and _asks_year(text, typed_without_accents)
    # a name is kept though each of its syllables, folded, is a stopword ("Hà Nội": "hà"/"hả",
    # "nội"/"nói"); a one-syllable one is not ("Nay" opening a question). Its syllables stay out
    # of the overlap terms: folded, they match "nói" and "nơi" everywhere
    names = tuple(
        n for n in capitalised_names(text) if not set(n) <= cue_words and (len(n) >= 2 or not set(n) <= lex.stopwords)
    )
    terms = tuple(
        s
        for s in sylls
        if s not in cue_words and (s.isdigit() or s in lex.kept_short or (s not in lex.stopwords and len(s) > 1))
    )
    bigrams = tuple(
        f"{a} {b}"
        for a, b in zip(sylls, sylls[1:])
        if not ({a, b} & cue_words) and (a not in lex.stopwords or b not in lex.stopwords)
    )
    compounds: tuple[str, ...] = ()
    if has_diacritics(text):
        compounds = tuple(
            c for c in dict.fromkeys(compound_words(text)) if not set(fold(c).split("_")) <= cue_words | lex.stopwords
        )
    after_cue = {sylls[i] for i in positions_after_cue(sylls, lex.place_cues | lex.person_cues | lex.organisation_cues)}
    return Question(
        text=text,
        kind=kind,
        terms=tuple(dict.fromkeys(terms)),
        bigrams=tuple(dict.fromkeys(bigrams)),
        compounds=compounds,
        names=names,
        sure_names=tuple(n for n in names if len(n) >= 2 or n[0] in after_cue),
        roles=roles_named(syllables(text)),
        years=tuple(_YEAR.findall(text)),
        numbers=tuple(s for s in sylls if any(ch.isdigit() for ch in s) and not _YEAR.fullmatch(s)),
        negated=any(s in lex.negations for s in sylls if s not in cue_words),
        accents=has_diacritics(text),
        cue_words=frozenset(cue_words),
        asks_year=asks_year,
        asks_birth=bool(lex.phrase_pattern("birth_cues").search(" ".join(sylls))),
    )
