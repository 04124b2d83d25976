"""Vietnamese typed in the old 8-bit fonts, TCVN3 (".VnTime") and VNI ("VNI-Times"), back to Unicode.

Before Unicode, Vietnamese documents were typed in fonts that draw Vietnamese letters in place
of Latin-1 symbols. A TCVN3 file holds "Céng hoµ x· héi" where the page showed "Cộng hoà xã
hội" (one symbol per letter); a VNI file holds "Coäng hoøa xaõ hoäi" (a letter, then a symbol
for its marks). Many government archives are still like that. Each line is converted only when
it is clearly one of them: no Vietnamese Unicode letter of its own, and converted it reads as
Vietnamese syllables, more than before.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (ABC) code -> Unicode letter, as the fonts draw them
_TCVN3 = dict(
    zip(
        "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦",
        "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
        strict=True,
    )
)
_TCVN3_TABLE = str.maketrans(_TCVN3)

# VNI: a vowel followed by the symbol of its marks (small symbols after small letters)
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_VNI_TONES = {"ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_HAT = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}  # â ê ô and their tones
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}  # ă and its tones
_VNI_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ó": "ĩ", "æ": "ỉ", "ò": "ị", "î": "ỵ"}  # one symbol each (ì, í as such)
_VNI_LETTERS_BACK = {"ơ": "ô", "ư": "ö"}  # ơ and ư are typed as one symbol, then their tone


def _vni_table() -> dict[str, str]:
    """Every VNI sequence (a symbol, or a vowel and the symbol of its marks), small and capital,
    and the Unicode letter it draws."""
    table: dict[str, str] = {}
    for case in (str.lower, str.upper):
        for sym, letter in _VNI_LETTERS.items():
            table[case(sym)] = case(letter)
        for base in "aeiouy" + "ơư":
            for sym, tone in _VNI_TONES.items():
                key = (_VNI_LETTERS_BACK.get(base, base)) + sym
                table[case(key)] = case(unicodedata.normalize("NFC", base + tone))
        for base in "aeo":
            for sym, tone in _VNI_HAT.items():
                table[case(base + sym)] = case(unicodedata.normalize("NFC", base + _CIRCUMFLEX + tone))
        for sym, tone in _VNI_BREVE.items():
            table[case("a" + sym)] = case(unicodedata.normalize("NFC", "a" + _BREVE + tone))
    return table


_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))

_UNICODE_VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăĂđĐơƠưƯĩĨũŨ]")
# a Vietnamese syllable, tone marks removed (letters' hats, breves and horns kept): onset, vowels, final
_NUCLEI = (  # noqa: SIM905 (a list of 50 short strings reads better as one)
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ươ "
    "ưi ưu yê iêu yêu oai oay oeo uây uôi ươi ươu uya uyê uyu"
).split()
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    f"(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_WORD = re.compile(r"[^\W\d_]+")
MIN_SYLLABLES = 0.8  # of the words, once converted (a Vietnamese text: acronyms and names aside)
# a word whose plain letters, two at least, are all capitals ("QUYếT" from ".VnTimeH"): the whole word is
_CAPITAL_WORD = re.compile(r"\b(?=(?:[^\W\d_]*[A-Z]){2})(?![^\W\d_]*[a-z])[^\W\d_]+\b")


def _syllable_share(text: str) -> float:
    """Share of the words that are Vietnamese syllables; 0 under two words of two letters ("£5")."""
    plain = unicodedata.normalize("NFC", unicodedata.normalize("NFD", text.lower()).translate(_TONES))
    words = _WORD.findall(plain)
    if sum(len(w) > 1 for w in words) < 2:
        return 0.0
    return sum(bool(_SYLLABLE.fullmatch(w)) for w in words) / len(words)


def _tcvn3(line: str) -> str:
    return _CAPITAL_WORD.sub(lambda m: m.group(0).upper(), line.translate(_TCVN3_TABLE))


def _vni(line: str) -> str:
    return _VNI_PATTERN.sub(lambda m: _VNI[m.group(0)], line)


FONTS = {"TCVN3": _tcvn3, "VNI": _vni}


def legacy_line(line: str) -> tuple[str, str]:
    """(the line in Unicode, the old font it was typed in) when it is clearly TCVN3 or VNI: it
    holds none of the letters only Unicode has (ă, đ, ơ, ư, ạ … ỹ), and converted, at least 80%
    of its words are Vietnamese syllables and more than before (a Unicode "Cà phê" or a
    Norwegian "Bjørn Ødegård" is neither); else (line, "")."""
    if _UNICODE_VIETNAMESE.search(line):
        return line, ""
    before, best = _syllable_share(line), (line, "", 0.0)
    for font, convert in FONTS.items():
        converted = convert(line)
        share = _syllable_share(converted) if converted != line else 0.0
        if share >= MIN_SYLLABLES and share > before and share > best[2]:
            best = (converted, font, share)
    return best[0], best[1]


def to_unicode(text: str) -> tuple[str, set[str]]:
    """``text`` with each line typed in an old font (:func:`legacy_line`) in Unicode, and the
    fonts found: a file may mix a retyped Unicode title with an old body, or hold an old
    appendix. Words typed in the TCVN3 capital font (".VnTimeH") come back in capitals."""
    lines, fonts = text.split("\n"), set()
    for i, line in enumerate(lines):
        lines[i], font = legacy_line(line)
        fonts.add(font)
    return "\n".join(lines), fonts - {""}
