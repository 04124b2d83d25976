"""The citation check run after every backend: [n] must resolve, numbers must be in the
cited passage, and each answer sentence is aligned to the span that supports it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.retrieval.passage import Passage
from indexing.chunking import split_sentences
from indexing.vietnamese import fold, syllables

CITE = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def normalize_number(token: str) -> str:
    """ "1.189" and "1189" -> "1189"; "7,5" and "7.5" -> "7.5"; "26,2" -> "26.2"."""
    token = token.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        return token.replace(".", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", token):
        return token.replace(",", "")
    token = token.replace(",", ".")
    if "." in token:
        token = token.rstrip("0").rstrip(".")
    return token.lstrip("0") or "0"


def numbers_in(text: str) -> set[str]:
    """Every number in the text, normalised; citation markers are ignored."""
    return {normalize_number(n) for n in _NUMBER.findall(CITE.sub(" ", text))}


def split_answer(text: str) -> list[str]:
    """Answer units: text up to and including its [n] markers (a marker cites what precedes it)."""
    parts = re.split(r"(?:(?<=\])|(?<=\][.!?…]))\s+(?!\[)", text.strip())
    return [p.strip() for p in parts if p.strip()]


def cited_numbers(sentence: str) -> list[int]:
    return [int(n) for group in CITE.findall(sentence) for n in re.split(r"\s*,\s*", group)]


def _overlap(a: str, b: str) -> float:
    """Share of ``a``'s folded syllables found in ``b``."""
    ta = [fold(t) for t in syllables(a)]
    if not ta:
        return 0.0
    tb = {fold(t) for t in syllables(b)}
    return sum(t in tb for t in ta) / len(ta)


def names_in(text: str) -> list[list[str]]:
    """Capitalised names in a claim (folded syllables), markup and markers removed."""
    from assistant.answering.question import capitalised_names

    return [list(n) for n in capitalised_names(CITE.sub(" ", text.replace("**", " ").replace(" — ", ". ")))]


def _number_in_context(number: str, claim: str, passages: list[Passage], cites: list[int]) -> bool:
    """The number stands in a cited sentence whose context (it and the two before) names every
    person and place the claim names: "100" from another commune's sentence does not count."""
    names = names_in(claim)
    for n in cites:
        p = passages[n - 1]
        sents = [p.text[s.start : s.end] for s in split_sentences(p.text)]
        for i, sent in enumerate(sents):
            if number not in numbers_in(sent):
                continue
            window = " " + " ".join(syllables(fold(" ".join([p.title, *sents[max(0, i - 2) : i + 1]])))) + " "
            if all(f" {' '.join(name)} " in window for name in names):
                return True
    return False


def _has_name(name: list[str], passages: list[Passage], cites: list[int]) -> bool:
    pool = " ".join(fold(f"{passages[n - 1].title} {passages[n - 1].text}") for n in cites)
    return f" {' '.join(name)} " in " " + " ".join(syllables(pool)) + " "


@dataclass
class Support:
    """One answer sentence and where it stands in the articles."""

    sentence: str
    cites: list[int]
    supported: bool
    reason: str = ""
    passage: int = 0  # 1-based index of the supporting passage
    span: tuple[int, int] = (0, 0)  # offsets in the article's cleaned text
    quote: str = ""


@dataclass
class CheckResult:
    kept: list[Support] = field(default_factory=list)
    dropped: list[Support] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.kept)

    def text(self) -> str:
        return " ".join(s.sentence for s in self.kept)


def best_span(sentence: str, passage: Passage) -> tuple[float, tuple[int, int], str]:
    """The passage sentence that best supports ``sentence`` (score, article offsets, text)."""
    claim = CITE.sub("", sentence)
    best = (0.0, (passage.start, passage.end), passage.text)
    for s in split_sentences(passage.text):
        quote = passage.text[s.start : s.end]
        score = _overlap(claim, quote) + 0.01 * _overlap(quote, claim)
        if score > best[0]:
            best = (score, (passage.start + s.start, passage.start + s.end), quote)
    return best


def check(answer: str, passages: list[Passage], min_overlap: float = 0.5) -> CheckResult:
    """Keep sentences whose citations resolve and whose numbers appear in a cited passage.
    Uncited sentences are attached to a passage that clearly contains them, else dropped."""
    result = CheckResult()
    for sentence in split_answer(answer):
        cites = cited_numbers(sentence)
        claim = CITE.sub("", sentence).strip()
        if not claim:
            continue
        bad = [n for n in cites if not 1 <= n <= len(passages)]
        if bad:
            result.dropped.append(Support(sentence, cites, False, f"trích dẫn không tồn tại {bad}"))
            continue
        if not cites:
            scored = [(best_span(claim, p)[0], i + 1) for i, p in enumerate(passages)]
            score, n = max(scored, default=(0.0, 0))
            if score < 0.8:
                result.dropped.append(Support(sentence, [], False, "không có trích dẫn"))
                continue
            cites = [n]
            sentence = f"{claim} [{n}]"
        missing = [x for x in sorted(numbers_in(claim)) if not _number_in_context(x, claim, passages, cites)]
        if missing:
            result.dropped.append(
                Support(sentence, cites, False, f"số không có trong đoạn trích: {', '.join(missing)}")
            )
            continue
        unknown = [" ".join(name) for name in names_in(claim) if not _has_name(name, passages, cites)]
        if unknown:
            result.dropped.append(Support(sentence, cites, False, f"tên không có trong đoạn trích: {unknown}"))
            continue
        spans = [(best_span(claim, passages[n - 1]), n) for n in cites]
        (score, span, quote), n = max(spans, key=lambda s: s[0][0])
        if score < min_overlap:
            result.dropped.append(Support(sentence, cites, False, "không khớp với đoạn trích"))
            continue
        result.kept.append(Support(sentence, cites, True, passage=n, span=span, quote=quote))
    return result
