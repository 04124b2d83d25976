"""Vietnamese typed in the old TCVN3 (ABC) fonts, ".VnTime" and the like, back to Unicode.

Before Unicode, Vietnamese documents were typed in 8-bit fonts that draw Vietnamese letters
in place of Latin-1 symbols: such a file holds "Céng hoµ x· héi chñ nghÜa ViÖt Nam" where the
page showed "Cộng hoà xã hội chủ nghĩa Việt Nam". Many government archives are still like that.
A text is converted only when it is clearly TCVN3: many of the symbols that font uses and no
Vietnamese Unicode letter of its own. Capitals typed in the matching capital font (".VnTimeH")
use the small letters' codes, so they come back in lower case.
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
# codes that are no Vietnamese letter and are rare in Unicode text (foreign names aside)
_MARKERS = re.compile("[µ¶¸¹¨¾¼½ÆÇËÎÏÑªÖØÜÞßåæçëîïñöøûþ¬¡¢§£¤¥¦]")
_UNICODE_VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăĂđĐơƠưƯĩĨũŨ]")
# a Vietnamese syllable, accents removed: onset, one to three vowels, final
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
_WORD = re.compile(r"[^\W\d_]+")
MIN_MARKERS = 3
MIN_SYLLABLES = 0.8  # of the words, once converted (a Vietnamese text: acronyms and names aside)


def is_tcvn3(text: str) -> bool:
    """Whether ``text`` is Vietnamese typed in a TCVN3 font: it holds some of that font's
    symbols and far fewer of the letters only Unicode has (a foreign name's "ñ" or "ø" in a
    Unicode text is not enough), and converted, most of its words are Vietnamese syllables (a
    Norwegian "Bjørn Ødegård" is not)."""
    markers = len(_MARKERS.findall(text))
    if markers < MIN_MARKERS or len(_UNICODE_VIETNAMESE.findall(text)) * 10 >= markers:
        return False
    words = _WORD.findall(fold(text.translate(TCVN3_TABLE)))
    return sum(bool(_SYLLABLE.fullmatch(w)) for w in words) >= MIN_SYLLABLES * len(words)


def from_tcvn3(text: str) -> str:
    """``text`` in Unicode if it is TCVN3 (:func:`is_tcvn3`), else unchanged."""
    return text.translate(TCVN3_TABLE) if is_tcvn3(text) else text
