"""General Vietnamese language data used by question analysis and evidence features (``vi.json``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexing.vietnamese import fold


@dataclass(frozen=True)
class Lexicon:
    answer_types: tuple[tuple[str, tuple[str, ...]], ...]  # (type, accented cue phrases), first match wins
    stopwords: frozenset[str]
    kept_short: frozenset[str]
    person_cues: frozenset[str]
    place_cues: frozenset[str]
    organisation_cues: frozenset[str]
    cause_cues: frozenset[str]
    consequence_openers: frozenset[str]  # with accents: "Vì vậy, …" follows from the sentence before
    consequence_openers_before_comma: frozenset[str]  # the same, only before a comma ("Vì thế, …")
    manner_cues: frozenset[str]
    role_cues: frozenset[str]
    deputy_prefixes: frozenset[str]  # with accents: a role after one is its deputy's ("phó chủ tịch")

    def is_deputy_prefix(self, word: str) -> bool:
        """``word`` (lower case) is a deputy prefix: itself, or typed without accents ("pho", not "phố")."""
        return word in self.deputy_prefixes or any(word == fold(p) for p in self.deputy_prefixes)

    date_words: frozenset[str]
    number_words: frozenset[str]  # numerals written as words ("ba", "mười", "triệu")
    units: frozenset[str]
    number_qualifiers: frozenset[str]  # words that bound a number ("hơn", "khoảng"): part of the claim
    numerals: frozenset[str]  # numbers written as words, with accents ("tám cái hòm")
    numerals_before_unit: frozenset[str]  # numerals only when a unit follows ("năm người", not "năm nay")
    follow_up_cues: tuple[str, ...]
    negations: frozenset[str]
    restore_phrases: frozenset[str]  # accented question phrases (diacritic restoration)
    year_cues: frozenset[str]  # date questions asking for a year ("năm nào")
    per_words: frozenset[str]  # before a year cue, "per" ("mỗi năm bao nhiêu"): no year asked
    birth_cues: frozenset[str]  # folded phrases of a question about a birth ("sinh năm", "ra đời")
    relative_years: frozenset[str]  # words after "năm" naming a year ("năm ngoái")
    count_phrase_ends: frozenset[str]  # with accents: words ending the noun counted after "bao nhiêu"
    count_phrase_ends_folded: frozenset[str]  # those safe to match accent-free
    not_counted_openers: frozenset[str]  # with accents: a follow-up subject starting so is not a counted noun

    def phrase_pattern(self, name: str) -> re.Pattern[str]:
        """A regex matching any cue phrase of ``name`` as whole folded words."""
        phrases = sorted(getattr(self, name), key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads((Path(__file__).parent / "vi.json").read_text(encoding="utf-8"))
    sets = {
        k: frozenset(v) for k, v in data.items() if isinstance(v, list) and k not in ("answer_types", "follow_up_cues")
    }
    return Lexicon(
        answer_types=tuple((t, tuple(cues)) for t, cues in data["answer_types"]),
        follow_up_cues=tuple(data["follow_up_cues"]),
        **sets,
    )
