"""The offline default composer: the short answer in bold, then the evidence sentence(s) copied
from the articles with their [n] marker. Every word comes from a passage, so numbers can never
be invented; with no evidence above the selector's threshold it declines."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.answering.base import NOT_FOUND
from assistant.answering.types import AnswerState, Sentence

LIST_KINDS = ("list",)


def pick(state: AnswerState, max_sentences: int = 2) -> list[Sentence]:
    """The best evidence, plus a second sentence when the question asks for a list or names
    several things and that sentence also clears the threshold."""
    if not state.evidence:
        return []
    chosen = [state.evidence[0]]
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
