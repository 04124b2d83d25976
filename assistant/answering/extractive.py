"""The offline default composer: the short answer in bold, then the evidence sentence(s) copied
from the articles with their [n] marker. Every word comes from a passage, so numbers can never
be invented; with no evidence above the selector's threshold it declines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assistant.answering.base import NOT_FOUND
from assistant.answering.lexicon import lexicon
from assistant.answering.types import AnswerState, Sentence
from indexing.vietnamese import nfc

LIST_KINDS = ("list",)
CAUSE_KINDS = ("why",)


def _alternatives(phrases: frozenset[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=1)
def _consequence_opener() -> re.Pattern[str]:
    lex = lexicon()
    plain, comma = _alternatives(lex.consequence_openers), _alternatives(lex.consequence_openers_before_comma)
    return re.compile(rf"^\W*(?:(?:{plain})(?!\w)|(?:{comma})\s*,)", re.IGNORECASE)


def states_consequence(text: str) -> bool:
    """``text`` opens with a consequence connective ("Vì vậy, …", "Do đó, …"): what it follows
    from is the sentence before it."""
    return bool(_consequence_opener().match(nfc(text)))


def cause_before(state: AnswerState, s: Sentence) -> Sentence | None:
    """For a why-question answered by a sentence stating a consequence, the retrieved sentence
    just before it in its article, which states the cause; None otherwise."""
    if state.analysis is None or state.analysis.kind not in CAUSE_KINDS or not s.previous:
        return None
    if not states_consequence(s.text):
        return None
    return next(
        (p for p in state.sentences if p.doc_id == s.doc_id and p.end <= s.start and p.text == s.previous), None
    )


def pick(state: AnswerState, max_sentences: int = 2) -> list[Sentence]:
    """The best evidence, plus a second sentence when the question asks for a list or names
    several things and that sentence also clears the threshold; a why-question answered by a
    consequence ("Vì vậy, …") gets the sentence before it, the cause, first."""
    if not state.evidence:
        return []
    chosen = [state.evidence[0]]
    cause = cause_before(state, chosen[0])
    if cause is not None:
        return [cause, chosen[0]]
    if state.analysis.kind in LIST_KINDS or len(state.analysis.names) >= 2:
        chosen += [s for s in state.evidence[1:] if s.text != chosen[0].text][: max_sentences - 1]
    return chosen


class ExtractiveBackend:
    name = "extractive"

    def generate(self, state: AnswerState) -> Iterator[str]:
        chosen = pick(state)
        if not chosen:
            yield NOT_FOUND
            return
        body = " ".join(f"{s.text.rstrip()} [{s.n}]" for s in chosen)
        short = state.short
        if short and short.strip() != chosen[0].text.strip():
            yield f"**{short}** — {body}"
        else:
            yield body
