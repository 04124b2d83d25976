"""The offline default backend: picks the passage sentences that answer the question.

Deterministic and fast; every word of the answer is copied from a passage, so numbers can
never be invented. It declines (NOT_FOUND) when no sentence covers what the question asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from assistant.answering.base import NOT_FOUND
from assistant.answering.question import QuestionInfo, analyse, fits_kind
from assistant.retrieval.passage import Passage
from indexing.chunking import split_sentences
from indexing.vietnamese import compound_words, fold, syllables

Idf = Callable[[str], float]


def _units(text: str) -> set[str]:
    """Folded syllables plus accented compound words of a sentence."""
    return set(map(fold, syllables(text))) | set(compound_words(text))


class ExtractiveBackend:
    name = "extractive"

    def __init__(self, idf: Idf | None = None, min_coverage: float = 0.7, max_missing_idf: float = 2.5,
                 max_sentences: int = 3):
        self.idf = idf or (lambda _t: 1.0)
        self.min_coverage = min_coverage
        self.max_missing_idf = max_missing_idf
        self.max_sentences = max_sentences

    def _weights(self, q: QuestionInfo) -> dict[str, float]:
        """Folded syllables and compound words, weighted by how rare they are in the index."""
        weights = {t: max(0.2, self.idf("~" + t)) for t in dict.fromkeys(q.terms)}
        weights.update({c: max(0.2, self.idf(c)) for c in q.compounds})
        return weights

    def candidates(self, question: str, passages: list[Passage]) -> list[dict]:
        """Every passage sentence, scored against the question. A sentence's context is the
        article title and the sentences before it, read across chunk edges in article order."""
        q = analyse(question)
        weights = self._weights(q)
        total = sum(weights.values()) or 1.0
        by_doc: dict[str, list[tuple[int, int, str]]] = {}
        for rank, p in enumerate(passages):
            for s in split_sentences(p.text):
                by_doc.setdefault(p.doc_id, []).append((p.start + s.start, rank, p.text[s.start : s.end]))
        out = []
        for doc_id, items in by_doc.items():
            seen: dict[int, tuple[int, int, str]] = {}
            for item in sorted(items):
                seen.setdefault(item[0], item)  # overlapping chunks: keep the best-ranked copy
            sents = sorted(seen.values())
            units = [_units(t) for _, _, t in sents]
            title = _units(next(p.title for p in passages if p.doc_id == doc_id))
            for i, (_, rank, sent) in enumerate(sents):
                own = units[i]
                ctx = own | title | set().union(*units[max(0, i - 4) : i])
                joined = " ".join(fold(x) for x in syllables(sent))
                cov_s = sum(w for t, w in weights.items() if t in own) / total
                cov_c = sum(w for t, w in weights.items() if t in ctx) / total
                bigram = sum(b in joined for b in q.bigrams) / max(1, len(q.bigrams))
                fits = fits_kind(q.kind, sent)
                focus = float(bool(q.focus) and " ".join(q.focus) in joined)
                score = (0.55 * cov_s + 0.3 * cov_c + 0.25 * bigram + 0.15 * fits + 0.4 * focus
                         + 0.05 / (rank + 1))
                out.append({"n": rank + 1, "text": sent, "own": own, "ctx": ctx, "cov": cov_c,
                            "fits": fits, "score": score, "i": i, "doc": doc_id, "focus": focus})
        return sorted(out, key=lambda c: c["score"], reverse=True)

    def select(self, question: str, passages: list[Passage]) -> list[dict]:
        q = analyse(question)
        cands = self.candidates(question, passages)
        if not cands:
            return []
        weights = self._weights(q)
        if q.kind in ("number", "date", "person", "role"):
            cands = [c for c in cands if c["fits"]] or cands[:1]
        focused = [c for c in cands if c["focus"] and c["cov"] >= self.min_coverage]
        cands = focused or cands  # "bao nhiêu đảng viên": the sentence must name what is counted
        best = cands[0]
        missing_rare = [t for t, w in weights.items() if t not in best["ctx"] and w >= self.max_missing_idf]
        if best["cov"] < self.min_coverage or missing_rare or not best["fits"]:
            return []
        chosen = [best]
        covered = set(best["ctx"])
        for c in cands[1:]:
            if len(chosen) >= self.max_sentences:
                break
            gain = sum(w for t, w in weights.items() if t in c["own"] and t not in covered)
            gain /= sum(weights.values()) or 1.0
            adjacent = c["doc"] == best["doc"] and c["i"] == best["i"] + 1
            if (gain >= 0.15 and c["fits"] and c["cov"] >= self.min_coverage) or (
                adjacent and q.kind == "list" and c["score"] >= 0.6 * best["score"]
            ):
                chosen.append(c)
                covered |= c["own"]
        return chosen

    def generate(self, question: str, passages: list[Passage]) -> Iterator[str]:
        chosen = self.select(question, passages)
        if not chosen:
            yield NOT_FOUND
            return
        yield " ".join(f"{c['text'].rstrip()} [{c['n']}]" for c in chosen)
