"""The one path from a question to a checked, cited answer (used by the CLI, UI and eval)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from itertools import zip_longest

from assistant.answering.base import NOT_FOUND, Answer, Backend, BackendUnavailable, Citation
from assistant.answering.citations import CITE, check
from assistant.answering.extractive import ExtractiveBackend
from assistant.answering.question import split_by_place
from assistant.followup import Turn, condense
from assistant.retrieval.filters import SearchFilters
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.passage import Passage
from indexing.settings import Settings

MAX_QUESTION_CHARS = 2000


def _consistent(question: str, answer: str, support: list) -> bool:
    """For number and date questions a model's answer must carry a number from the supporting
    sentence the extractive analysis found (it may not answer a different figure)."""
    from assistant.answering.citations import numbers_in
    from assistant.answering.question import analyse

    if analyse(question).kind not in ("number", "percent", "date"):
        return True
    return bool(numbers_in(answer) & numbers_in(" ".join(c.text for c in support)))


class InvalidQuestion(ValueError):
    """A question that cannot be asked; the message is for users (Vietnamese / English)."""


def validate(question: str) -> str:
    question = (question or "").strip()
    if not question:
        raise InvalidQuestion("Vui lòng nhập câu hỏi. / Please type a question.")
    if len(question) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(
            f"Câu hỏi quá dài ({len(question)} ký tự, tối đa {MAX_QUESTION_CHARS}). "
            f"/ Question too long (max {MAX_QUESTION_CHARS} characters)."
        )
    return question


class Assistant:
    def __init__(self, settings: Settings | None = None, retriever: HybridRetriever | None = None):
        self.settings = settings or Settings()
        self.retriever = retriever or HybridRetriever(self.settings)
        self.extractive = ExtractiveBackend(idf=self.retriever.idf)
        self._backends: dict[str, Backend] = {"extractive": self.extractive}

    def register(self, backend: Backend) -> None:
        if hasattr(backend, "selector"):  # language models get the same sentence ranking as extractive
            backend.selector = self.extractive
        self._backends[backend.name] = backend

    def backend(self, name: str) -> Backend:
        if name in self._backends:
            return self._backends[name]
        from assistant.answering.registry import make_backend

        backend = make_backend(name, self.settings)
        self.register(backend)
        return backend

    def _retrieve(self, question: str, k: int, filters: SearchFilters | None) -> list[Passage]:
        """Top-k passages (interleaved per place for multi-place questions) plus their neighbours."""
        subs = split_by_place(question)
        snap = self.retriever.snapshot()  # one index snapshot for the whole question
        ranked = [self.retriever.retrieve(q, k=k, filters=filters, snapshot=snap) for q in subs]
        passages: list[Passage] = []
        for group in zip_longest(*ranked):
            for p in group:
                if p is not None and all(p.chunk_id != o.chunk_id for o in passages):
                    passages.append(p)
        limit = k * len(subs)
        return passages[:limit] + self.retriever.neighbours(passages[:limit], top=limit, snapshot=snap)

    def ask(
        self,
        question: str,
        history: list[Turn] | None = None,
        backend: str = "extractive",
        k: int = 5,
        filters: SearchFilters | None = None,
    ) -> Answer:
        *_, final = self.stream(question, history, backend, k, filters)
        return final

    def stream(
        self,
        question: str,
        history: list[Turn] | None = None,
        backend: str = "extractive",
        k: int = 5,
        filters: SearchFilters | None = None,
    ) -> Iterator[Answer]:
        """Yields partial answers while the backend writes (unchecked, ``found`` False), then
        the final checked answer."""
        question = validate(question)
        t0 = time.perf_counter()
        fallback = ""
        try:
            engine = self.backend(backend)
        except BackendUnavailable as exc:  # not configured or not installed: answer anyway, and say so
            engine, fallback = self.extractive, f"{exc} — dùng câu trả lời trích xuất / using the extractive answer."
        standalone = condense(question, history or [])
        if history and standalone == question and len(question.split()) <= 8 and hasattr(engine, "condense"):
            try:  # a short follow-up the rules did not recognise: let the language model rewrite it
                standalone = engine.condense(question, [(t.question, t.answer) for t in history]) or question
            except BackendUnavailable:
                pass
        passages = self._retrieve(standalone, k, filters)
        t1 = time.perf_counter()
        timings = {"retrieve_s": t1 - t0}
        base = dict(question=question, standalone_question=standalone, passages=passages, timings=timings)
        if not passages:
            yield Answer(text=NOT_FOUND, found=False, backend=backend, **base)
            return
        text = ""
        support: list = []
        if engine is not self.extractive:
            # answerability gate: a language model is only asked when the deterministic analysis finds
            # a supported answer; it may phrase the answer, never decide that one exists
            support = [c for sub in split_by_place(standalone) for c in self.extractive.select(sub, passages)]
            if not support:
                engine = self.extractive
        try:
            for piece in engine.generate(standalone, passages):
                text += piece
                yield Answer(text=text, found=False, backend=backend, **base)
        except BackendUnavailable as exc:
            fallback = f"{exc} — dùng câu trả lời trích xuất / using the extractive answer."
            text = ""
        timings["answer_s"] = time.perf_counter() - t1
        result = check(text, passages) if text and text.strip() != NOT_FOUND else None
        if (
            result is not None
            and result.ok
            and engine is not self.extractive
            and not _consistent(standalone, result.text(), support)
        ):
            result, fallback = None, "Câu trả lời không khớp với câu làm căn cứ; dùng câu trả lời trích xuất."
        if (result is None or not result.ok) and engine is not self.extractive:
            if not fallback and text.strip() != NOT_FOUND:
                fallback = "Câu trả lời không qua kiểm tra trích dẫn; dùng câu trả lời trích xuất."
            text = "".join(self.extractive.generate(standalone, passages))
            result = check(text, passages) if text.strip() != NOT_FOUND else None
        timings["total_s"] = time.perf_counter() - t0
        if result is None or not result.ok:
            dropped = [f"{s.sentence} ({s.reason})" for s in (result.dropped if result else [])]
            yield Answer(text=NOT_FOUND, found=False, backend=backend, dropped=dropped, fallback=fallback, **base)
            return
        order: list[int] = []  # passages in the order the answer cites them, renumbered 1..m
        for sup in result.kept:
            for n in [sup.passage, *sup.cites]:
                if n not in order:
                    order.append(n)
        renum = {old: new for new, old in enumerate(order, 1)}
        text = CITE.sub(
            lambda m: " [" + ", ".join(str(renum[int(x)]) for x in re.split(r"\s*,\s*", m.group(1))) + "]",
            result.text(),
        )
        ranked = [passages[n - 1] for n in order] + [p for i, p in enumerate(passages, 1) if i not in renum]
        citations = {}
        for sup in result.kept:
            new = renum[sup.passage]
            citations.setdefault(new, Citation(new, passages[sup.passage - 1], sup.span, sup.quote))
        yield Answer(
            text=text,
            found=True,
            backend=backend,
            citations=[citations[n] for n in sorted(citations)],
            dropped=[f"{s.sentence} ({s.reason})" for s in result.dropped],
            fallback=fallback,
            **{**base, "passages": ranked},
        )
