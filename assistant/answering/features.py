"""Generic evidence features for (question, sentence) pairs: where evidence is scored.

Nothing here knows any particular article: dense similarity with the index's own embedding
model, IDF-weighted overlap from the index's own statistics, and answer-type cues from the
general lexicon.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from assistant.answering.acronyms import MIN_LETTERS, matched_terms
from assistant.answering.lexicon import lexicon
from assistant.answering.question import Question, capitalised_names, positions_after_cue
from assistant.answering.types import Sentence
from assistant.retrieval.passage import Passage
from indexing.vietnamese import fold, fold_word, nfc, syllables

Idf = Callable[[str], float]  # IDF of a BM25 token ("~" + folded syllable) in the index

NAMES = (
    "dense",
    "dense_gap",
    "dense_top",
    "overlap",
    "overlap_gap",
    "overlap_scope",
    "overlap_title",
    "bigram",
    "compound",
    "novelty",
    "length",
    "passage_rrf",
    "passage_top",
    "neighbour",
    "position",
    "first",
    "type_match",
    "has_number",
    "has_name",
    "names_cover",
    "years_cover",
    "numbers_cover",
    "negation_match",
    "same_doc_best",
    "overlap_next",
    "longest_match",
    "compactness",
    "answer_candidate",
    "dense_rank",
    "overlap_rank",
    "bigram_idf",
    "rare_missing",
    "focus_cover",
    "name_beside",
    "span_score",
    "span_share",
    "span_mass",
)
# the features that need sentence vectors: computed only for the sentences the prefilter keeps
DENSE = ("dense", "dense_gap", "dense_top", "dense_rank", "same_doc_best")
# the span scorer's view of each kept sentence (``short_answer.span_strength``): kept ones only too
SPAN = ("span_score", "span_share", "span_mass")
LEXICAL = tuple(n for n in NAMES if n not in DENSE and n not in SPAN)
SPAN_COLUMNS = np.array([NAMES.index(n) for n in SPAN])
LEXICAL_COLUMNS = np.array([NAMES.index(n) for n in LEXICAL])

_DATE = re.compile(
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b(?:ngày|ngay|tháng|thang|năm|nam|quý|quy)\s+\d{1,4}\b|"
    r"\b(?:hôm nay|hôm qua|sáng nay|chiều nay|tối qua|đêm qua|thứ hai|thứ ba|thứ tư|thứ năm|thứ sáu|thứ bảy|"
    r"chủ nhật)\b|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
_ACRONYM = re.compile(r"\b[A-ZĐ]{2,}\b")


class _LRU(OrderedDict):
    def __init__(self, size: int):
        super().__init__()
        self.size = size
        self._lock = threading.Lock()  # filled from the embedding thread (``EvidenceSelector``) too

    def put(self, key, value) -> None:
        with self._lock:
            self[key] = value
            self.move_to_end(key)
            while len(self) > self.size:
                self.popitem(last=False)


def folded_words(text: str) -> list[str]:
    return [fold_word(s) for s in syllables(text)]


def _cue_before_name(folded: list[str], names_at: set[int], cues: frozenset[str]) -> bool:
    """A cue phrase (one or two words) right before a capitalised name."""
    return bool(positions_after_cue(folded, cues) & names_at)


def _longest_match(q_words: list[str], words: list[str]) -> int:
    """Length of the longest run of consecutive question words found in the sentence."""
    best = 0
    joined = f" {' '.join(words)} "
    for i in range(len(q_words)):
        for j in range(i + best + 1, len(q_words) + 1):
            if f" {' '.join(q_words[i:j])} " in joined:
                best = j - i
            else:
                break
    return best


def _compactness(matched: set[str], words: list[str]) -> float:
    """Matched question words per word of the shortest stretch holding them all (approximately:
    from the first to the last match)."""
    at = [i for i, w in enumerate(words) if w in matched]
    if not at:
        return 0.0
    return len(set(words[i] for i in at)) / (at[-1] - at[0] + 1)


def _answer_candidate(q: Question, text: str) -> float:
    """The sentence holds a span of the asked type that is not just words of the question."""
    from assistant.answering.short_answer import candidates

    if q.kind not in ("number", "date", "person", "place", "organisation", "role"):
        return 1.0
    asked = set(q.terms) | set(q.years) | set(q.cue_words)
    for span in candidates(q.kind, text):
        words = [fold(w) for w in syllables(span.text)]
        if any(w not in asked for w in words):
            return 1.0
    return 0.0


_TOKEN = re.compile(r"\w+(?:[&.]\w+)*")
_SPACE = re.compile(r"\s+")
_PUNCT_GAP = re.compile(r"\s*[,(–-]\s*")


def name_beside(q: Question, text: str, weights: dict[str, float], q_words: list[str] | None = None) -> float:
    """For a person question ("Ngoại trưởng Mỹ là ai?"): the largest share of the question's
    term ``weights`` held by one unbroken run of question words that a new capitalised name
    directly follows or precedes ("… gặp Ngoại trưởng Mỹ Rex Tillerson"; "Ngoại trưởng Nga
    Sergei Lavrov" holds less of that question). Across a comma or dash the name must be a
    person's: after "ông"/"bà" ("Giám đốc Sở Y tế, ông Nguyễn Văn A") or, before the run, of two
    capitalised words ("Sergei Kislyak, đại sứ Nga tại Mỹ"), not a list ("Mỹ, Nhật Bản và …").
    The sentence's first word is never the name (it is capitalised anyway). A token that the
    question writes too, or an acronym of its words, is question words ("UBND TP.HCM",
    "GD&ĐT"). 0 for other kinds. ``q_words``: the question's folded syllables, if at hand."""
    if q.kind != "person" or not weights:
        return 0.0
    lex = lexicon()
    text = nfc(text)
    q_words = q_words if q_words is not None else folded_words(q.text)
    q_set = set(q_words)
    tokens = list(_TOKEN.finditer(text))
    held: list[tuple[str, ...]] = []  # the question words each token stands for (() if none)
    for m in tokens:
        parts = folded_words(m.group(0))
        if parts and all(w in q_set for w in parts):
            held.append(tuple(parts))
        elif sum(c.isupper() for c in m.group(0)) >= MIN_LETTERS or len(parts) >= MIN_LETTERS:
            held.append(tuple(matched_terms(q.text, q_words, m.group(0), parts)))
        else:  # too short to be or to spell an acronym
            held.append(())
    total = sum(weights.values()) or 1.0

    def gap(a: int, b: int) -> str:
        return text[tokens[a].end() : tokens[b].start()]

    def capital(i: int, first: bool = False) -> bool:  # a capitalised word the question does not hold
        t = tokens[i].group(0)
        return (i > 0 or first) and t[:1].isupper() and not t[:1].isdigit() and not held[i]

    def name_after(j: int) -> bool:  # right after token j (the run's last)
        k = j + 1
        if k >= len(tokens):
            return False
        if _SPACE.fullmatch(gap(j, k)):
            return capital(k)
        cue = fold_word(tokens[k].group(0)) in lex.person_cues and not held[k]
        return bool(_PUNCT_GAP.fullmatch(gap(j, k))) and cue and k + 1 < len(tokens) and capital(k + 1)

    def name_before(i: int) -> bool:  # right before token i (the run's first)
        if i < 1 or not capital(i - 1, first=True):
            return False
        if _SPACE.fullmatch(gap(i - 1, i)):
            return i > 1  # one capitalised word opening the sentence is no name
        two = i >= 2 and capital(i - 2, first=True) and bool(_SPACE.fullmatch(gap(i - 2, i - 1)))
        place = i >= 3 and fold_word(tokens[i - 3].group(0)) in lex.place_cues  # "Tại Hà Nội, …"
        return bool(_PUNCT_GAP.fullmatch(gap(i - 1, i))) and two and not place

    best, i = 0.0, 0
    while i < len(tokens):
        if not held[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and held[j + 1] and _SPACE.fullmatch(gap(j, j + 1)):
            j += 1
        if name_after(j) or name_before(i):
            best = max(best, sum(weights.get(w, 0.0) for w in {w for k in range(i, j + 1) for w in held[k]}) / total)
        i = j + 1
    return best


def type_match(kind: str, text: str) -> float:
    """Does the sentence hold the kind of fact asked for? (1/0; 1 for kinds with no cue)"""
    lex = lexicon()
    words = re.findall(r"[\w']+", text)
    folded = [fold(w) for w in words]
    joined = f" {' '.join(folded)} "
    names_at = {i for i, w in enumerate(words) if i and w[:1].isupper() and not w.isdigit()}
    if kind == "number":
        return float(bool(_NUMBER.search(text)) or any(f" {u} " in joined for u in ("mot", "hai", "ba", "muoi")))
    if kind == "date":
        return float(bool(_DATE.search(text)))
    if kind == "person":
        return float(_cue_before_name(folded, names_at, lex.person_cues) or len(capitalised_names(text)) > 0)
    if kind == "place":
        return float(_cue_before_name(folded, names_at, lex.place_cues) or len(capitalised_names(text)) > 0)
    if kind == "organisation":
        return float(_cue_before_name(folded, names_at, lex.organisation_cues) or bool(_ACRONYM.search(text)))
    if kind == "role":
        return float(bool(lex.phrase_pattern("role_cues").search(joined)))
    if kind == "why":
        return float(bool(lex.phrase_pattern("cause_cues").search(joined)))
    if kind == "how":
        return float(bool(lex.phrase_pattern("manner_cues").search(joined)))
    if kind == "list":
        return float(text.count(",") >= 2 or ":" in text)
    return 1.0


class EvidenceFeatures:
    """``features(question, sentences, passages) -> (n_sentences, len(NAMES))`` matrix."""

    def __init__(self, embed_model, idf: Idf, cache_size: int = 50_000):
        self.embed_model = embed_model
        self._idf = idf
        self._vectors: _LRU = _LRU(cache_size)
        self._query_vectors: _LRU = _LRU(cache_size)

    def idf(self, token: str) -> float:
        return self._idf(token)

    def clear_caches(self) -> None:
        """Forget every sentence and question vector computed so far."""
        self._vectors.clear()
        self._query_vectors.clear()

    def sentence_vectors(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            for t, v in zip(missing, self.embed_model.get_text_embedding_batch(missing)):
                self._vectors.put(t, np.asarray(v, dtype=np.float32))
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 1), np.float32)

    def embed(self, q: Question, sentences: list[Sentence]) -> None:
        """Embed ``sentences`` and the question into the caches ``with_dense`` reads."""
        self.sentence_vectors([s.text for s in sentences])
        self.query_vector(q.text)

    def query_vector(self, text: str) -> np.ndarray:
        if text not in self._query_vectors:
            self._query_vectors.put(text, np.asarray(self.embed_model.get_query_embedding(text), dtype=np.float32))
        return self._query_vectors[text]

    def __call__(
        self, q: Question, sentences: list[Sentence], passages: list[Passage], idf: Idf | None = None
    ) -> np.ndarray:
        """Every feature of every sentence (the dense ones relative to all of them) but the
        ``SPAN`` ones, which the selector adds (``with_spans``)."""
        return self.with_dense(q, sentences, self.lexical(q, sentences, passages, idf))

    def lexical(
        self, q: Question, sentences: list[Sentence], passages: list[Passage], idf: Idf | None = None
    ) -> np.ndarray:
        """The features that need no sentence vector (``DENSE`` and ``SPAN`` columns left 0); cheap enough
        for every window sentence."""
        if not sentences:
            return np.zeros((0, len(NAMES)), dtype=np.float32)
        lex = lexicon()
        idf = idf or self._idf
        weights = {t: max(0.1, idf("~" + t)) for t in q.terms}
        total = sum(weights.values()) or 1.0
        compounds = [" ".join(fold(c).split("_")) for c in q.compounds]
        k = max(1, sum(1 for p in passages if p.score > 0))  # top-k passages; neighbours score 0
        top_rrf = max((p.score for p in passages), default=1.0) or 1.0
        q_words = folded_words(q.text)
        name_words = {w for n in q.names for w in n}
        focus = {t: w for t, w in weights.items() if t not in name_words and not t.isdigit()}
        focus_total = sum(focus.values()) or 1.0
        bigram_w = {b: sum(weights.get(t, 0.1) for t in b.split()) for b in q.bigrams}
        bigram_total = sum(bigram_w.values()) or 1.0
        rows = []
        for s in sentences:
            words = folded_words(s.text)
            own = set(words) | matched_terms(q.text, q_words, s.text, words)  # "GD&ĐT" holds "giáo dục"
            scope = own | set(folded_words(s.previous)) | set(folded_words(s.title))
            title = set(folded_words(s.title))
            joined = f" {' '.join(words)} "
            passage = passages[s.n - 1]
            content = [w for w in words if w not in lex.stopwords]
            rows.append(
                [
                    0.0,
                    0.0,
                    0.0,
                    sum(w for t, w in weights.items() if t in own) / total,
                    0.0,
                    sum(w for t, w in weights.items() if t in scope) / total,
                    sum(w for t, w in weights.items() if t in title) / total,
                    sum(f" {b} " in joined for b in q.bigrams) / max(1, len(q.bigrams)),
                    sum(f" {c} " in joined for c in compounds) / len(compounds) if compounds else 0.0,
                    sum(w not in weights for w in content) / max(1, len(content)),
                    math.log1p(len(words)),
                    passage.score / top_rrf,
                    1.0 / (1 + min(s.rank, k)),
                    float(passage.score <= 0),
                    math.log1p(s.start / 200),
                    float(s.start < 5),
                    type_match(q.kind, s.text),
                    float(bool(_NUMBER.search(s.text))),
                    float(bool(capitalised_names(s.text))),
                    sum(set(n) <= scope for n in q.names) / len(q.names) if q.names else 1.0,
                    sum(y in scope for y in q.years) / len(q.years) if q.years else 1.0,
                    sum(x in own for x in q.numbers) / len(q.numbers) if q.numbers else 1.0,
                    float(q.negated == bool(own & lex.negations)),
                    0.0,
                    sum(w for t, w in weights.items() if t in set(folded_words(s.following))) / total,
                    _longest_match(q_words, words) / max(1, len(q_words)),
                    _compactness(set(weights) & own, words),
                    _answer_candidate(q, s.text),
                    0.0,
                    0.0,
                    sum(w for b, w in bigram_w.items() if f" {b} " in joined) / bigram_total,
                    max((w for t, w in weights.items() if t not in scope), default=0.0),
                    sum(w for t, w in focus.items() if t in own) / focus_total if focus else 1.0,
                    name_beside(q, s.text, weights, q_words),
                    *(0.0 for _ in SPAN),
                ]
            )
        x = np.asarray(rows, dtype=np.float32)
        i_overlap = NAMES.index("overlap")
        x[:, NAMES.index("overlap_gap")] = x[:, i_overlap] - x[:, i_overlap].max()
        x[:, NAMES.index("overlap_rank")] = _reciprocal_ranks(x[:, i_overlap])
        return x

    def with_dense(self, q: Question, sentences: list[Sentence], x: np.ndarray) -> np.ndarray:
        """``x`` (the sentences' lexical rows) with the ``DENSE`` columns filled, relative to
        these sentences only: the question–sentence cosine, its gap to the best, its rank, and
        whether the sentence is in the article of the best dense + overlap sentence."""
        x = x.copy()
        if not sentences:
            return x
        i_dense, i_overlap = NAMES.index("dense"), NAMES.index("overlap")
        x[:, i_dense] = self.sentence_vectors([s.text for s in sentences]) @ self.query_vector(q.text)
        x[:, NAMES.index("dense_gap")] = x[:, i_dense] - x[:, i_dense].max()
        x[:, NAMES.index("dense_top")] = (x[:, i_dense] >= x[:, i_dense].max()).astype(np.float32)
        x[:, NAMES.index("dense_rank")] = _reciprocal_ranks(x[:, i_dense])
        best_doc = sentences[int(np.argmax(x[:, i_dense] + x[:, i_overlap]))].doc_id
        x[:, NAMES.index("same_doc_best")] = [float(s.doc_id == best_doc) for s in sentences]
        return x


def with_spans(x: np.ndarray, strengths: list[tuple[float, float, float]]) -> np.ndarray:
    """``x`` with the ``SPAN`` columns set to each sentence's ``span_strength``."""
    x = x.copy()
    if len(x):
        x[:, SPAN_COLUMNS] = np.asarray(strengths, dtype=x.dtype).reshape(len(x), len(SPAN))
    return x


def _reciprocal_ranks(values: np.ndarray) -> np.ndarray:
    """1 / (1 + rank) of each value, the largest ranked 0."""
    order = np.argsort(-values)
    ranks = np.empty(len(order))
    ranks[order] = np.arange(len(order))
    return 1.0 / (1.0 + ranks)
