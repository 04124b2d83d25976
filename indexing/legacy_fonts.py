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
MIN_SHARE = 0.02  # of the letters, at least, for a text to be read as TCVN3
MIN_MARKERS = 10


def is_tcvn3(text: str) -> bool:
    """Whether ``text`` is Vietnamese typed in a TCVN3 font: its symbols make up at least 2% of
    the letters (a Vietnamese text in such a font has one in most words) and letters only
    Unicode has are far fewer (a foreign name's "ñ" or "ø" in a Unicode text is not enough)."""
    markers = len(_MARKERS.findall(text))
    letters = sum(ch.isalpha() for ch in text) or 1
    return (
        markers >= MIN_MARKERS
        and markers >= MIN_SHARE * letters
        and len(_UNICODE_VIETNAMESE.findall(text)) * 10 < markers
    )


def from_tcvn3(text: str) -> str:
    """``text`` in Unicode if it is TCVN3 (:func:`is_tcvn3`), else unchanged."""
    return text.translate(TCVN3_TABLE) if is_tcvn3(text) else text
