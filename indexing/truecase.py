"""Capital letters for a question typed all in lower case, read from the text it is searched in.

"ong nguyen van thuy giu chuc vu gi" comes back from accent restoration as "ông nguyễn văn thùy
giữ chức vụ gì"; the articles write "ông Nguyễn Văn Thùy". Names are what the answer path keys
on (names must stand in the answer's article, passages naming them rank first, compound words),
so a question typed in lower case is given the casing its words have in the passages found for
it: each word takes the casing it has next to the same neighbour there ("Sở Giao thông Vận tải"),
else, for a word always capitalised there ("Apple"), that casing. Words at the start of a
sentence say nothing about casing and are not counted. Nothing here is a word list.

A name's accents come from there too (``name_accents``): the n-gram model restores rare names
from counts of other words ("Hồ Văn Dụng", "ở Tận Triệu"); the passages found write them
("Hồ Văn Dũng", "Tân Triều").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from indexing.vietnamese import fold, nfc, with_case_of

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# what may stand before a sentence's first word: an end mark and a space, a line break, an
# opening quote or bracket (a quotation starts there too); a dash joins names ("Bà Rịa - Vũng Tàu")
_SENTENCE_START = re.compile(r"[.!?…:;][\"”’')\]]*\s|\n|[\"“‘'(\[]\s*$")
MIN_ALONE = 2  # occurrences a word needs to be cased without a shared neighbour
SHARE_ALONE = 0.8  # and the share of them that must be capitalised


def _casing(word: str) -> str:
    """ "lower", "title", "upper", or the word itself when its capitals are inside ("VnExpress")."""
    if len(word) > 1 and word.isupper():
        return "upper"
    if word[1:] != word[1:].lower():
        return word
    return "title" if word[0].isupper() else "lower"


def _apply(word: str, casing: str) -> str:
    if casing == "upper":
        cased = word.upper()
    elif casing == "title":
        cased = word[0].upper() + word[1:]
    elif casing == "lower":
        cased = word
    else:
        cased = casing  # the spelling the passages use
    return cased if len(cased) == len(word) and cased.lower() == word.lower() else word  # only capitals change


class CaseCounts:
    """How the words of some texts are cased, next to each neighbour and alone (first words of
    sentences left out)."""

    def __init__(self, texts: Iterable[str], wanted: set[str] | None = None):
        """``wanted``: count only these (lower-case) words; None: all."""
        self.left: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (previous, word)
        self.right: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (word, next)
        self.alone: dict[str, Counter[str]] = defaultdict(Counter)
        for text in texts:
            matches = list(_WORD.finditer(text))
            for i, m in enumerate(matches):
                word = m.group(0).lower()
                if i == 0 or (wanted is not None and word not in wanted):
                    continue
                gap = text[matches[i - 1].end() : m.start()]
                if _SENTENCE_START.search(gap):
                    continue  # a sentence's first word is capitalised whatever it is
                casing = _casing(m.group(0))
                if casing == "lower" or not self._in_run(text, matches, i):
                    self.alone[word][casing] += 1  # "Apple" on its own; not "Ai" of "Ai Cập"
                if gap.isspace():  # "Hà Nội, ông": a comma breaks the pair
                    self.left[(matches[i - 1].group(0).lower(), word)][casing] += 1
                if i + 1 < len(matches) and text[m.end() : matches[i + 1].start()].isspace():
                    self.right[(word, matches[i + 1].group(0).lower())][casing] += 1

    @staticmethod
    def _in_run(text: str, matches: list[re.Match[str]], i: int) -> bool:
        """Word ``i`` is next to another capitalised word (part of a longer name)."""
        for j in (i - 1, i + 1):
            if 0 <= j < len(matches) and matches[j].group(0)[:1].isupper():
                if j == 0 or _SENTENCE_START.search(text[matches[j - 1].end() : matches[j].start()]):
                    continue  # capitalised for opening the sentence ("Có Apple")
                lo, hi = sorted((i, j))
                if text[matches[lo].end() : matches[hi].start()].isspace():
                    return True
        return False

    def casing(self, word: str, previous: str | None, following: str | None) -> str:
        """The casing of ``word`` between these neighbours (lower-case words, None at an edge)."""
        seen: Counter[str] = Counter()
        if previous:
            seen += self.left.get((previous, word), Counter())
        if following:
            seen += self.right.get((word, following), Counter())
        if seen:
            best, n = seen.most_common(1)[0]
            return best if n * 2 > sum(seen.values()) else "lower"  # a tie stays lower case
        alone = self.alone.get(word, Counter())
        total = sum(alone.values())
        capitalised = total - alone["lower"]
        if total >= MIN_ALONE and capitalised >= SHARE_ALONE * total:
            return max((c for c in alone if c != "lower"), key=lambda c: alone[c])
        return "lower"


def _joined(text: str, matches: list[re.Match[str]], i: int) -> bool:
    """Words ``i`` and ``i + 1`` are separated by spaces only."""
    return i + 1 < len(matches) and text[matches[i].end() : matches[i + 1].start()].isspace()


def _replaced(text: str, matches: list[re.Match[str]], words: list[str]) -> str:
    """``text`` with the word of each match replaced by the word of ``words`` at its place."""
    out, last = [], 0
    for m, new in zip(matches, words):
        out += [text[last : m.start()], new]
        last = m.end()
    return "".join([*out, text[last:]])


def truecase(text: str, sources: Iterable[str]) -> str:
    """``text`` with the casing its words have in ``sources``, when it has no capital letter
    (else unchanged: a user who typed capitals meant them)."""
    if text != text.lower():
        return text
    matches = list(_WORD.finditer(text))
    if not matches:
        return text
    counts = CaseCounts(sources, {m.group(0) for m in matches})
    words = []
    for i, m in enumerate(matches):
        previous = matches[i - 1].group(0) if i > 0 and _joined(text, matches, i - 1) else None
        following = matches[i + 1].group(0) if _joined(text, matches, i) else None
        words.append(_apply(m.group(0), counts.casing(m.group(0), previous, following)))
    return _replaced(text, matches, words)


NAME_WORDS = (2, 4)  # a name's words matched at least and at most (one word alone is too often a common word)


def _name_forms(sources: Iterable[str]) -> dict[tuple[str, ...], Counter[tuple[str, ...]]]:
    """Runs of 2–4 capitalised words (joined by spaces only, a sentence's first word left out)
    inside longer such runs of ``sources``, lower case, by their accent-free form."""
    lo, hi = NAME_WORDS
    forms: dict[tuple[str, ...], Counter[tuple[str, ...]]] = defaultdict(Counter)

    for text in sources:
        text = nfc(text)
        matches = list(_WORD.finditer(text))
        capitalised = [  # a sentence's first word says nothing
            m.group(0)[:1].isupper() and i > 0 and not _SENTENCE_START.search(text[matches[i - 1].end() : m.start()])
            for i, m in enumerate(matches)
        ]
        i = 0
        while i < len(matches):
            j = i
            while capitalised[i] and j + 1 < len(matches) and capitalised[j + 1] and _joined(text, matches, j):
                j += 1
            run = [m.group(0).lower() for m in matches[i : j + 1]]
            for a in range(len(run) if j > i else 0):
                for b in range(a + lo, min(len(run), a + hi) + 1):
                    forms[tuple(fold(w) for w in run[a:b])][tuple(run[a:b])] += 1
            i = j + 1
    return forms


def name_accents(text: str, sources: Iterable[str]) -> str:
    """``text`` (a question whose accents a model restored, then cased by :func:`truecase`) with
    the accents that ``sources`` give its names: 2–4 words joined by spaces, the first of them
    capitalised, that accent-free match capitalised words of a source take that source's accents
    (the most frequent spelling there; the longest match first). Only accents change, never a
    letter or its case; words in lower case ("cuốn sách ông viết năm nào") are never a name
    here, whatever the sources capitalise ("Việt Nam")."""
    text = nfc(text)
    forms = _name_forms(sources)
    matches = list(_WORD.finditer(text))
    words = [m.group(0) for m in matches]
    folded = [fold(w.lower()) for w in words]
    lo, hi = NAME_WORDS

    i = 0
    while i < len(words):
        for n in range(hi, lo - 1, -1):
            key = tuple(folded[i : i + n])
            spaced = all(_joined(text, matches, k) for k in range(i, i + n - 1))
            if len(key) == n and words[i][:1].isupper() and key in forms and spaced:
                best = forms[key].most_common(1)[0][0]
                for k, accented in enumerate(best):
                    if len(accented) == len(words[i + k]):
                        words[i + k] = with_case_of(words[i + k], accented)
                i += n
                break
        else:
            i += 1
    return _replaced(text, matches, words)
