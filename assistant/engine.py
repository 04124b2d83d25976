"""The one path from a question to a checked, cited answer (used by the CLI, UI and eval):

    search → understand → retrieve → window → select evidence → compose → check

Each step is a small class with one job; they pass one ``AnswerState`` along, and the
question is analysed once.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import replace

from assistant.answering.acronyms import acronym_letters
from assistant.answering.asked_role import about_asked_role
from assistant.answering.asked_type import articles_of_asked_year, holds_asked_type, of_asked_year
from assistant.answering.base import NOT_FOUND, Answer, Backend, BackendUnavailable, Citation
from assistant.answering.citations import CITE, CheckResult, check, numbers_in
from assistant.answering.extractive import ExtractiveBackend, pick
from assistant.answering.features import EvidenceFeatures
from assistant.answering.figure_kinds import names_years
from assistant.answering.names import articles_naming
from assistant.answering.question import Question, analyse, answer_type
from assistant.answering.selector import EvidenceSelector, SelectorWeights
from assistant.answering.short_answer import short_answer, span_table
from assistant.answering.types import AnswerState
from assistant.answering.window import SentenceWindow
from assistant.followup import Turn, condense, names_subject, previous_short, unswapped_subject
from assistant.question_input import InvalidQuestion, validate
from assistant.retrieval.filters import SearchFilters
from assistant.retrieval.hybrid import HybridRetriever
from indexing.settings import Settings
from indexing.truecase import name_accents, truecase
from indexing.vietnamese import fold, has_diacritics

log = logging.getLogger(__name__)
FALLBACK_NOTE = "dùng câu trả lời trích xuất / using the extractive answer."
CASE_PASSAGES = 10  # found passages whose casing a question typed in lower case takes


def analyse_turn(typed: str, standalone: str) -> Question:
    """The question analysed once: ``standalone`` (accents and capitals restored; a follow-up
    rewritten to stand alone), with the answer type of what this turn asks for, read from the
    words as ``typed`` (question words typed without accents are matched folded, not as
    restored; a word the restoration capitalised is a name, never a question word: "ai cập")."""
    analysis = analyse(standalone, typed_without_accents=not has_diacritics(typed))
    if standalone == typed:  # asked as typed: the type is already read from these words
        return analysis
    kind, _ = answer_type(_capitalised_like(typed, standalone))
    return replace(analysis, kind=kind) if kind != "other" else analysis


_WORD = re.compile(r"[^\W_]+")


def _capitalised_like(typed: str, standalone: str) -> str:
    """``typed`` with the capital letters ``standalone`` gives the same words (when only accents
    and capitals were restored; a rewritten follow-up is returned as typed)."""
    words, restored = list(_WORD.finditer(typed)), _WORD.findall(standalone)
    if len(words) != len(restored) or any(fold(m.group(0)).lower() != fold(r).lower() for m, r in zip(words, restored)):
        return typed
    out = list(typed)
    for m, r in zip(words, restored):
        if r[:1].isupper():
            out[m.start()] = out[m.start()].upper()
    return "".join(out)


class Search:
    """Every candidate passage for the standalone question, dense and BM25 fused (searched once)."""

    def __init__(self, retriever: HybridRetriever):
        self.retriever = retriever

    def __call__(self, state: AnswerState) -> None:
        state.snapshot = state.snapshot or self.retriever.snapshot()  # one snapshot for the whole question
        state.found = self.retriever.search(state.standalone, state.filters, snapshot=state.snapshot, k=state.k)


class Understand:
    """The question analysed once. Typed all in lower case, it first takes the capitals its words
    have in the passages found ("ông nguyễn văn thùy" -> "ông Nguyễn Văn Thùy"), so its names
    count; typed without accents, its capitalised names then take the accents those passages give
    them ("Hồ Văn Dụng" -> "Hồ Văn Dũng")."""

    def __call__(self, state: AnswerState) -> None:
        found = [p.text for p in state.found[:CASE_PASSAGES]]
        state.standalone = truecase(state.standalone, found)
        if not has_diacritics(state.question):
            state.standalone = name_accents(state.standalone, found)
        state.analysis = analyse_turn(state.question, state.standalone)


class Retrieve:
    """The top-k passages (those naming the question's places and people first), plus their
    neighbouring chunks."""

    def __init__(self, retriever: HybridRetriever):
        self.retriever = retriever

    def __call__(self, state: AnswerState) -> None:
        top = self.retriever.top(state.found, state.k, state.analysis.sure_names)
        state.passages = top + self.retriever.neighbours(top, top=state.k, snapshot=state.snapshot)


class Window:
    """Passages → candidate sentences in article order."""

    def __init__(self) -> None:
        self.window = SentenceWindow()

    def __call__(self, state: AnswerState) -> None:
        state.sentences = self.window(state.passages)


class SelectEvidence:
    """Scores the window with the learned selector; keeps what clears the calibrated threshold
    and takes the short answer from the best evidence."""

    def __init__(self, selector: EvidenceSelector):
        self.selector = selector

    def __call__(self, state: AnswerState) -> None:
        idf = state.snapshot.idf if state.snapshot is not None else None
        state.sentences = self.selector.score(state.analysis, state.sentences, state.passages, idf)
        named = articles_naming(state.analysis, state.sentences)  # no answer about another place or person
        dates = {p.doc_id: p.date for p in state.passages}
        of_year = articles_of_asked_year(state.analysis, state.sentences, dates)  # 2020 asked: not a 2025 article's
        state.evidence = [
            s
            for s in self.selector.evidence(state.sentences)
            if s.doc_id in named
            and holds_asked_type(state.analysis, s.text)  # a number asked: one stands there
            and of_asked_year(state.analysis, s.text)  # 2025 asked: not a sentence about 2026 only
            and (s.doc_id in of_year or names_years(state.analysis.years, s.text) is not None)  # undated: its article's
            and about_asked_role(state.analysis, s.text)  # the chairman asked: not the deputy chairman
            and names_subject(state.follow_subject, s.text)  # "Còn Viettel thì sao?": not MobiFone's sentence
        ]
        if state.evidence:
            state.short = short_answer(state.analysis, state.evidence[0].text, self.selector.span_weights)


class Compose:
    """Streams the backend's answer into ``state.draft``."""

    def __call__(self, state: AnswerState, backend: Backend) -> Iterator[str]:
        state.draft = ""
        for piece in backend.generate(state):
            state.draft += piece
            yield state.draft


class Check:
    """Citation check (markers resolve, numbers and names stand in the cited passage) and
    support check (the cited sentence must be evidence the selector accepts, and so must a
    sentence holding each number the claim gives: a figure borrowed from another sentence of the
    same passage is not supported)."""

    def __init__(self, selector: EvidenceSelector, support_ratio: float = 1.0):
        self.selector = selector
        self.support_ratio = support_ratio  # share of the threshold a model's cited sentence must reach

    def __call__(self, state: AnswerState, strict: bool) -> CheckResult | None:
        if not state.draft or state.draft.strip() == NOT_FOUND:
            return None
        result = check(state.draft, state.passages)
        if strict:  # language models: each kept sentence must rest on a sentence the selector accepts
            floor = self.selector.weights.threshold * self.support_ratio
            probs = {(s.n, s.start): s.prob for s in state.sentences}
            figures = [(s, numbers_in(s.text)) for s in state.sentences if s.prob > 0]  # scored sentences
            kept = []
            for sup in result.kept:
                p = max((v for (n, start), v in probs.items() if n == sup.passage and start == sup.span[0]), default=0)
                p = max(p, max((s.prob for s in state.sentences if s.span == sup.span), default=0.0))
                cited = {sup.passage, *sup.cites}
                for number in numbers_in(CITE.sub("", sup.sentence)):
                    holding = (s.prob for s, numbers in figures if s.n in cited and number in numbers)
                    p = min(p, max(holding, default=0.0))
                if p >= floor:
                    kept.append(sup)
                else:
                    sup.supported, sup.reason = False, f"câu làm căn cứ không đủ tin cậy ({p:.2f})"
                    result.dropped.append(sup)
            result.kept = kept
        return result


class Assistant:
    def __init__(
        self,
        settings: Settings | None = None,
        retriever: HybridRetriever | None = None,
        weights: SelectorWeights | None = None,
    ):
        self.settings = settings or Settings()
        self.retriever = retriever or HybridRetriever(self.settings)
        features = EvidenceFeatures(self.retriever.embed_model, self.retriever.idf)
        self.selector = EvidenceSelector(features, weights)
        self.search, self.understand = Search(self.retriever), Understand()
        self.steps_retrieve, self.steps_window = Retrieve(self.retriever), Window()
        self.select, self.compose, self.check = SelectEvidence(self.selector), Compose(), Check(self.selector)
        self.extractive = ExtractiveBackend()
        self._backends: dict[str, Backend] = {"extractive": self.extractive}

    def warm_up(self, delay_s: float = 0.0) -> None:
        """Load what the first question would otherwise wait for (the diacritic model, the word
        segmenter); for servers, in the background after start-up."""
        time.sleep(delay_s)
        try:
            self.retriever.snapshot().diacritics  # noqa: B018 - loads and caches
            analyse("khởi động")
        except Exception:  # a warm-up must never take the server down
            log.exception("warm-up failed")

    def clear_caches(self) -> None:
        """Forget what earlier questions computed about sentences and questions (sentence and
        question vectors, span tables, acronyms, restorations): the next question is answered as
        the first one about its articles would be (benchmarks measure that latency)."""
        self.selector.features.clear_caches()
        clear_queries = getattr(self.retriever.embed_model, "clear_query_cache", None)  # the ONNX encoder's
        if clear_queries is not None:
            clear_queries()
        span_table.cache_clear()
        acronym_letters.cache_clear()
        self.retriever.snapshot().forget_restorations()

    def register(self, backend: Backend) -> None:
        self._backends[backend.name] = backend

    def backend(self, name: str) -> Backend:
        if name in self._backends:
            return self._backends[name]
        from assistant.answering.registry import make_backend

        backend = make_backend(name, self.settings)
        self.register(backend)
        return backend

    def prepare(
        self,
        question: str,
        history: list[Turn] | None = None,
        k: int = 5,
        filters: SearchFilters | None = None,
        backend: str = "extractive",
        standalone: str | None = None,
        select: bool = True,
    ) -> AnswerState:
        """Retrieve, window and select evidence: everything before an answer is written."""
        question = validate(question)
        t0 = time.perf_counter()
        snapshot = self.retriever.snapshot()
        # typed without diacritics: searched and analysed with the accents the indexed articles use
        if not standalone:  # (``stream`` passes the one it already resolved)
            standalone = condense(snapshot.restore_diacritics(question), history or [])
        standalone = snapshot.restore_diacritics(standalone)
        state = AnswerState(question, standalone, None, backend, k, filters or SearchFilters())
        state.snapshot = snapshot
        state.follow_subject = unswapped_subject(snapshot.restore_diacritics(question), history or [])
        self.search(state)
        self.understand(state)
        self.steps_retrieve(state)
        t1 = time.perf_counter()
        self.steps_window(state)
        if select:
            self.select(state)
            if state.follow_subject and state.short == previous_short(history or []):
                state.short = ""  # "Còn tăng trưởng thì sao?": the previous bold figure answers the old question
        state.timings = {"retrieve_s": t1 - t0, "select_s": time.perf_counter() - t1}
        return state

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
        """Yields partial answers while the backend writes (unchecked, ``found`` False), then the
        final checked answer."""
        t0 = time.perf_counter()
        fallback = ""
        try:
            engine = self.backend(backend)
        except BackendUnavailable as exc:  # not configured or not installed: answer anyway, and say so
            engine, fallback = self.extractive, f"{exc} — {FALLBACK_NOTE}"
        typed = self.retriever.snapshot().restore_diacritics(validate(question))  # accents restored
        standalone = condense(typed, history or [])
        unresolved = standalone == typed or standalone.endswith(f"({history[-1].standalone})" if history else "\0")
        if history and unresolved and hasattr(engine, "condense") and len(question.split()) <= 8:
            try:  # a short follow-up the rules did not recognise: let the language model rewrite it
                standalone = engine.condense(question, [(t.question, t.answer) for t in history]) or question
            except BackendUnavailable:
                pass
        state = self.prepare(question, history, k, filters, backend, standalone=standalone)
        state.fallback = fallback
        yield from self.write(state, engine, t0)

    def write(self, state: AnswerState, engine: Backend | None = None, t0: float | None = None) -> Iterator[Answer]:
        """Compose and check an answer for a prepared state (streams like ``stream``)."""
        engine = engine or self.extractive
        backend = state.backend
        t0 = time.perf_counter() if t0 is None else t0
        if not state.passages:
            yield self._answer(state, None)
            return
        t1 = time.perf_counter()
        result = None
        if engine is not self.extractive:
            try:
                for text in self.compose(state, engine):
                    yield Answer(
                        question=state.question,
                        text=text,
                        found=False,
                        backend=backend,
                        standalone_question=state.standalone,
                        passages=state.passages,
                    )
                result = self.check(state, strict=True)
            except BackendUnavailable as exc:
                state.fallback = f"{exc} — {FALLBACK_NOTE}"
            failed = result is None or not result.ok
            if failed and state.evidence and not state.fallback and state.draft.strip() != NOT_FOUND:
                state.fallback = "Câu trả lời không qua kiểm tra trích dẫn; " + FALLBACK_NOTE
        if result is None or not result.ok:
            for _ in self.compose(state, self.extractive):
                pass
            result = self.check(state, strict=False)
        state.timings["answer_s"] = time.perf_counter() - t1
        state.timings["total_s"] = time.perf_counter() - t0
        yield self._answer(state, result)

    def _answer(self, state: AnswerState, result: CheckResult | None) -> Answer:
        base = dict(
            question=state.question,
            standalone_question=state.standalone,
            backend=state.backend,
            timings=state.timings,
            fallback=state.fallback,
        )
        if result is None or not result.ok:
            dropped = [f"{s.sentence} ({s.reason})" for s in (result.dropped if result else [])]
            return Answer(text=NOT_FOUND, found=False, passages=state.passages, dropped=dropped, **base)
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
        passages = state.passages
        ranked = [passages[n - 1] for n in order] + [p for i, p in enumerate(passages, 1) if i not in renum]
        citations: dict[int, Citation] = {}
        for sup in result.kept:
            new = renum[sup.passage]
            citations.setdefault(new, Citation(new, passages[sup.passage - 1], sup.span, sup.quote))
        return Answer(
            text=text,
            found=True,
            citations=[citations[n] for n in sorted(citations)],
            passages=ranked,
            dropped=[f"{s.sentence} ({s.reason})" for s in result.dropped],
            short=state.short,
            confidence=state.evidence[0].prob if state.evidence else 0.0,
            **base,
        )


__all__ = ["Assistant", "InvalidQuestion", "Turn", "pick", "validate"]
