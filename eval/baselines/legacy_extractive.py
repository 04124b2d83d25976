"""The offline default backend: picks the passage sentences that answer the question.

Deterministic and fast; every word of the answer is copied from a passage, so numbers can
never be invented. It declines (NOT_FOUND) unless a sentence names what is asked about (the
focus), about the place and person asked about, with the kind of fact asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.answering.base import NOT_FOUND
from assistant.answering.injection import looks_like_instruction
from assistant.retrieval.passage import Passage
from eval.baselines.legacy_question import QuestionInfo, analyse, fits_kind, persons, places, split_by_place
from indexing.chunking import split_sentences
from indexing.vietnamese import compound_words, fold, syllables

Idf = Callable[[str], float]


def _units(text: str) -> set[str]:
    """Folded syllables plus accented compound words of a sentence."""
    return set(map(fold, syllables(text))) | set(compound_words(text))


@dataclass
class Candidate:
    n: int  # 1-based passage number
    text: str
    doc: str
    index: int  # position among the article's retrieved sentences
    own: set[str]
    scope: set[str]  # the sentence plus what it is about (back to the last place named)
    coverage: float
    focus: float
    entities_ok: bool
    fits: bool
    score: float


def _phrase_cover(focus: list[str], own: set[str], joined: str) -> float:
    """How much of the focus phrase the sentence holds: half its words, half its word pairs."""
    if not focus:
        return 1.0
    words = sum(f in own for f in focus) / len(focus)
    if len(focus) == 1:
        return words
    pairs = [f"{a} {b}" for a, b in zip(focus, focus[1:])]
    return 0.5 * words + 0.5 * sum(f" {p} " in f" {joined} " for p in pairs) / len(pairs)


class ExtractiveBackend:
    name = "extractive"

    def __init__(
        self,
        idf: Idf | None = None,
        min_coverage: float = 0.45,
        min_focus: float = 0.55,
        max_sentences: int = 3,
    ):
        self.idf = idf or (lambda _t: 1.0)
        self.min_coverage = min_coverage
        self.min_focus = min_focus
        self.max_sentences = max_sentences

    def weights(self, q: QuestionInfo) -> dict[str, float]:
        """Folded syllables and compound words, weighted by how rare they are in the index."""
        weights = {t: max(0.2, self.idf("~" + t)) for t in dict.fromkeys(q.terms)}
        weights.update({c: max(0.2, min(3.0, self.idf(c))) for c in q.compounds})
        return weights

    def candidates(self, question: str, passages: list[Passage]) -> list[Candidate]:
        """Every passage sentence, scored; sentences are read per article in text order so a
        sentence's scope can reach back across chunk edges."""
        q = analyse(question)
        weights = self.weights(q)
        total = sum(weights.values()) or 1.0
        by_doc: dict[str, dict[int, tuple[int, str]]] = {}
        for rank, p in enumerate(passages):
            sents = by_doc.setdefault(p.doc_id, {})
            for s in split_sentences(p.text):
                sents.setdefault(p.start + s.start, (rank, p.text[s.start : s.end]))  # overlap: best rank
        out = []
        for doc_id, sents in by_doc.items():
            ordered = [sents[k] for k in sorted(sents)]
            units = [_units(t) for _, t in ordered]
            named = [bool(places(t)) for _, t in ordered]
            p0 = next(p for p in passages if p.doc_id == doc_id)
            header = _units(f"{p0.title} {p0.source} {p0.date // 10000 if p0.date else ''}")
            for i, (rank, sent) in enumerate(ordered):
                j = i
                while j > 0 and not named[j]:
                    j -= 1
                scope = set().union(*units[j : i + 1])
                if not named[j]:  # no place named yet: the article's title and outlet set the scope
                    scope |= header
                cand = self._score(q, weights, total, rank, doc_id, i, sent, units[i], scope, header)
                cand.entities_ok = cand.entities_ok and all(set(p) <= scope | header for p in q.provinces)
                out.append(cand)
        return sorted(out, key=lambda c: c.score, reverse=True)

    def _score(
        self,
        q: QuestionInfo,
        weights: dict[str, float],
        total: float,
        rank: int,
        doc: str,
        i: int,
        sent: str,
        own: set[str],
        scope: set[str],
        header: set[str],
    ) -> Candidate:
        joined = " ".join(fold(x) for x in syllables(sent))
        cov_own = sum(w for t, w in weights.items() if t in own) / total
        coverage = sum(w for t, w in weights.items() if t in scope or t in header) / total
        bigram = sum(b in joined for b in q.bigrams) / max(1, len(q.bigrams))
        focus = _phrase_cover(q.focus, own, joined)
        entities_ok = all(set(p) <= scope for p in q.places) and all(set(p) <= own for p in q.persons)
        entities_ok = entities_ok and all(y in scope or y in header for y in q.years)
        if q.counted and not set(q.focus) <= own:
            focus = 0.0  # a count is only an answer if the sentence names everything counted
        fits = fits_kind(q.kind, sent)
        if q.kind == "person" and q.persons:  # "X là ai?": the sentence must say more than the name
            fits = (fits and any(set(p) != set(q.persons[0]) for p in persons(sent))) or fits_kind("role", sent)
        score = (
            0.45 * cov_own
            + 0.3 * coverage
            + 0.2 * bigram
            + 0.15 * fits
            + 0.5 * focus * bool(q.focus)
            + 0.05 / (rank + 1)
        )
        return Candidate(rank + 1, sent, doc, i, own, scope, coverage, focus, entities_ok, fits, score)

    def acceptable(self, c: Candidate) -> bool:
        return (
            c.entities_ok
            and c.fits
            and c.focus >= self.min_focus
            and c.coverage >= self.min_coverage
            and not looks_like_instruction(c.text)
        )

    def select(self, question: str, passages: list[Passage]) -> list[Candidate]:
        q = analyse(question)
        good = [c for c in self.candidates(question, passages) if self.acceptable(c)]
        if not good:
            return []
        best = good[0]
        chosen = [best]
        if q.kind == "list":  # a list often runs on into the next sentence
            chosen += [c for c in good if c.doc == best.doc and c.index == best.index + 1][:1]
        return chosen[: self.max_sentences]

    def generate(self, question: str, passages: list[Passage]) -> Iterator[str]:
        """One answer per place when the question asks about several ("xã A và xã B …")."""
        chosen: list[Candidate] = []
        for sub in split_by_place(question):
            for c in self.select(sub, passages):
                if all(c.text != o.text for o in chosen):
                    chosen.append(c)
        if not chosen:
            yield NOT_FOUND
            return
        yield " ".join(f"{c.text.rstrip()} [{c.n}]" for c in chosen)
