"""Vietnamese typed in the old TCVN3 (ABC) fonts, ".VnTime" and the like, back to Unicode.

Before Unicode, Vietnamese documents were typed in 8-bit fonts that draw Vietnamese letters
in place of Latin-1 symbols: such a file holds "Céng hoµ x· héi chñ nghÜa ViÖt Nam" where the
page showed "Cộng hoà xã hội chủ nghĩa Việt Nam". Many government archives are still like that.
Each line is converted only when it is clearly TCVN3: no Vietnamese Unicode letter of its own,
and converted it reads as Vietnamese syllables, more than before.
"""

from __future__ import annotations

import re

from indexing.vietnamese import fold

# TCVN3 (ABC) code -> Unicode letter, as the fonts draw them
_TCVN3 = dict(
    zip(
        "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦",
        "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
        strict=True,
    )
)
TCVN3_TABLE = str.maketrans(_TCVN3)
_UNICODE_VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăĂđĐơƠưƯĩĨũŨ]")
# a Vietnamese syllable, accents removed: onset, one to three vowels, final
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
_WORD = re.compile(r"[^\W\d_]+")
MIN_SYLLABLES = 0.8  # of the words, once converted (a Vietnamese text: acronyms and names aside)


def _syllable_share(text: str) -> float:
    """Share of the words that are Vietnamese syllables; 0 under two words of two letters ("£5")."""
    words = _WORD.findall(fold(text))
    if sum(len(w) > 1 for w in words) < 2:
        return 0.0
    return sum(bool(_SYLLABLE.fullmatch(w)) for w in words) / len(words)


def is_tcvn3(text: str) -> bool:
    """Whether ``text`` (a paragraph, a title) is Vietnamese typed in a TCVN3 font: it holds none
    of the letters only Unicode has (ă, đ, ơ, ư, ạ … ỹ), conversion changes it, and converted, at
    least 80% of its words are Vietnamese syllables and more than before (a Unicode "Cà phê" or a
    Norwegian "Bjørn Ødegård" is not TCVN3, a "X· héi" is)."""
    if _UNICODE_VIETNAMESE.search(text):
        return False
    converted = text.translate(TCVN3_TABLE)
    if converted == text:
        return False
    after = _syllable_share(converted)
    return after >= MIN_SYLLABLES and after > _syllable_share(text)


def from_tcvn3(text: str) -> str:
    """``text`` with each line that is TCVN3 (:func:`is_tcvn3`) in Unicode: a file may mix a
    retyped Unicode title with an old body, or hold an old appendix. Words typed in the capital
    font (".VnTimeH", capitals on the small letters' codes) come back in capitals."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if is_tcvn3(line):
            lines[i] = _CAPITAL_WORD.sub(lambda m: m.group(0).upper(), line.translate(TCVN3_TABLE))
    return "\n".join(lines)


# a word whose plain letters, two at least, are all capitals ("QUYếT" from ".VnTimeH"): the whole word is
_CAPITAL_WORD = re.compile(r"\b(?=(?:[^\W\d_]*[A-Z]){2})(?![^\W\d_]*[a-z])[^\W\d_]+\b")
