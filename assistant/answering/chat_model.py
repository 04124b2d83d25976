"""Backends that write answers with a chat language model (local GGUF or an OpenAI-compatible
server). They share one prompt: the question and the best 2–3 sentences of the top passages,
numbered as the passages are, so the citation check can verify every [n]."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from assistant.answering.injection import REDACTED, looks_like_instruction
from assistant.answering.types import AnswerState, Sentence
from assistant.prompts import render, template
from assistant.retrieval.passage import Passage

Messages = list[dict[str, str]]
Complete = Callable[[Messages], Iterator[str]]


def context_lines(passages: list[Passage], ranked: list[Sentence], max_passages: int = 3, per_passage: int = 3) -> str:
    """The sentences the selector ranks highest, grouped under their passage number."""
    picked: dict[int, list[tuple[int, str]]] = {}
    for c in ranked:
        if c.n not in picked and len(picked) >= max_passages:
            continue
        group = picked.setdefault(c.n, [])
        if len(group) < per_passage:
            group.append((c.start, REDACTED if looks_like_instruction(c.text) else c.text))
    lines = []
    for n in sorted(picked):
        p = passages[n - 1]
        head = " — ".join(x for x in (p.title, p.date_label) if x)
        body = " ".join(t for _, t in sorted(picked[n]))
        lines.append(f"[{n}] ({head}) {body}")
    return "\n".join(lines)


def build_messages(question: str, passages: list[Passage], ranked: list[Sentence]) -> Messages:
    context = context_lines(passages, ranked)
    return [
        {"role": "system", "content": template("system.vi")},
        {"role": "user", "content": render("answer.vi", passages=context, question=question)},
    ]


class ChatModelBackend:
    """Any chat model behind a ``complete(messages) -> stream of text`` function."""

    def __init__(self, name: str, complete: Complete):
        self.name = name
        self.complete = complete

    def generate(self, state: AnswerState) -> Iterator[str]:
        yield from self.complete(build_messages(state.standalone, state.passages, state.sentences))

    def condense(self, question: str, history: list[tuple[str, str]]) -> str:
        """A standalone question from a follow-up (LLM rewrite)."""
        convo = "\n".join(f"Hỏi: {q}\nĐáp: {a}" for q, a in history[-3:])
        prompt = render("condense.vi", history=convo, question=question)
        return "".join(self.complete([{"role": "user", "content": prompt}])).strip().split("\n")[0]
