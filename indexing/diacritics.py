"""Diacritic restoration for questions typed without accents, learnt from the index's own text.

Users often type "xa Vinh Quang co bao nhieu dang vien". Each accent-free syllable is mapped to
the accented forms the indexed articles use, and the most likely sequence is chosen with a
trigram model of those articles (Viterbi; Witten-Bell interpolation down to unigram counts). Nothing here is
written for a particular article: the counts are whatever the user indexed, plus a few common
question phrases (questions are rare in news text) from the lexicon.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import orjson

from indexing.vietnamese import fold, has_diacritics, nfc, with_case_of

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)  # words and numbers; punctuation is kept as typed
NUMBER = "<số>"  # every number is one symbol of the model ("quận 4", "năm 2017")
SAMPLE_TOKENS = 8_000_000  # syllables whose pairs and triples are counted (~14k news articles; beyond, a sample)
MAX_NGRAMS = 400_000  # bigrams / trigrams kept at most, the most frequent (memory of big archives)
CANDIDATES = 8  # accented forms considered per syllable
# How much a word of the general word list counts beside one occurrence in the archive: chosen on
# the XQuAD-vi questions (archives of 5 paragraphs and of all 240); reported on the held-out news set
WORD_LIST_WEIGHT = 0.01


def _grams(words: list[str], n: int) -> Iterable[str]:
    return (" ".join(words[i : i + n]) for i in range(len(words) - n + 1))


def _ngram_counts(
    ids: np.ndarray, ok: np.ndarray, n: int, symbols: list[str]
) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """Counts of the n-grams of symbol ids starting at the positions where ``ok`` holds (all
    n syllables in one sampled sequence), keyed by the symbols joined with spaces: the
    ``MAX_NGRAMS`` most frequent (ties at the cut dropped). Also, for each history (the first
    n-1 symbols) that keeps an n-gram, how often it was followed by a syllable and by how many
    different ones, counted *before* the cut: the Witten-Bell weights of the full counts."""
    starts = np.flatnonzero(ok)
    if starts.size == 0:
        return {}, {}
    cols = [ids[starts + j] for j in range(n)]
    size = len(symbols)
    if size**n < 2**62:  # one integer per n-gram
        code = cols[0]
        for col in cols[1:]:
            code = code * size + col
        uniq, counts = np.unique(code, return_counts=True)
        rows = [uniq // size ** (n - 1 - j) % size for j in range(n)]
        _, history = np.unique(uniq // size, return_inverse=True)
    else:  # a vocabulary too large to encode: unique rows
        uniq2, counts = np.unique(np.stack(cols, axis=1), axis=0, return_counts=True)
        rows = [uniq2[:, j] for j in range(n)]
        _, history = np.unique(uniq2[:, :-1], axis=0, return_inverse=True)
    history = history.reshape(-1)
    after = np.bincount(history, weights=counts).astype(np.int64)  # before the cut
    types = np.bincount(history)
    if counts.size > MAX_NGRAMS:
        keep = counts >= np.sort(counts)[::-1][MAX_NGRAMS] + 1
        rows, counts, history = [r[keep] for r in rows], counts[keep], history[keep]
    names = np.array(symbols, dtype=object)
    keys = list(map(" ".join, zip(*(names[r].tolist() for r in rows))))
    kept = {k.rsplit(" ", 1)[0]: h for k, h in zip(keys, history.tolist())}
    return dict(zip(keys, counts.tolist())), {k: (int(after[h]), int(types[h])) for k, h in kept.items()}


class DiacriticModel:
    """Unigram, bigram and trigram counts of lower-cased accented syllables, and for each
    history of one or two syllables how often it was followed by a syllable and by how many
    different ones (``histories``; computed from the n-grams given when not passed)."""

    def __init__(
        self,
        unigrams: dict[str, float],
        bigrams: dict[str, float],
        trigrams: dict[str, float] | None = None,
        histories: dict[str, tuple[float, float]] | None = None,
    ):
        self.unigrams, self.bigrams, self.trigrams = unigrams, bigrams, trigrams or {}
        self.total = sum(unigrams.values()) or 1
        if histories is None:
            after: Counter[str] = Counter()
            types: Counter[str] = Counter()
            for counts in (bigrams, self.trigrams):
                for gram, c in counts.items():
                    history = gram.rsplit(" ", 1)[0]
                    after[history] += c
                    types[history] += 1
            histories = {h: (after[h], types[h]) for h in after}
        self.histories = histories
        forms: dict[str, list[str]] = defaultdict(list)
        for w in unigrams:
            if w != NUMBER:
                forms[fold(w)].append(w)
        self.forms = {f: sorted(ws, key=lambda w: -unigrams[w])[:CANDIDATES] for f, ws in forms.items()}
        # the words of the archive and the question phrases, when a prior (the word list) added
        # others: only these may stand for a name typed with a capital (None: every word counted
        # is the archive's own)
        self.own_words: set[str] | None = None

    @classmethod
    def from_sequences(cls, sequences: Iterable[list[str]]) -> DiacriticModel:
        """Counts from syllable sequences (lower-cased, as the lexical index stores them); see
        :meth:`from_ids`."""
        words: dict[str, int] = {}  # first-seen order: the same ids on every run
        ids: list[int] = []
        lengths: list[int] = []
        for seq in sequences:
            ids.extend(words.setdefault(w, len(words)) for w in seq)
            lengths.append(len(seq))
        return cls.from_ids(np.array(ids, dtype=np.int64), np.array(lengths, dtype=np.int64), list(words))

    @classmethod
    def from_ids(cls, flat: np.ndarray, lengths: np.ndarray, words: list[str]) -> DiacriticModel:
        """Counts from syllable sequences given as ids into ``words``: ``flat`` holds the
        sequences one after the other, ``lengths`` their lengths. Single syllables are counted
        on all of them; word pairs and triples on every ``stride``-th sequence, for an even
        sample of at most ``SAMPLE_TOKENS`` syllables (bounded time and memory on big archives).
        Counted with numpy: counting tuples took most of the BM25 rebuild that follows adding
        even one article (11k chunks: that rebuild went from 5.6 s to 3.5 s)."""
        flat, lengths = np.asarray(flat, dtype=np.int64), np.asarray(lengths, dtype=np.int64)
        total = int(flat.size)
        if int(lengths.sum()) != total:
            raise ValueError(f"sequence lengths sum to {int(lengths.sum())}, not {total} ids")
        stride = max(1, math.ceil(total / SAMPLE_TOKENS))
        needed = np.flatnonzero(np.bincount(flat, minlength=len(words)))
        symbol_of: dict[str, int] = {}
        to_symbol = np.zeros(len(words), dtype=np.int64)
        for i in needed.tolist():
            to_symbol[i] = symbol_of.setdefault(_symbol(words[i]), len(symbol_of))
        symbols = list(symbol_of)
        ids = to_symbol[flat]
        # unigrams in the order each symbol first occurs (ties between accented forms keep it)
        counts = np.bincount(ids, minlength=len(symbols))
        first = np.full(len(symbols), total, dtype=np.int64)
        np.minimum.at(first, ids, np.arange(total, dtype=np.int64))
        order = np.argsort(first, kind="stable")
        unigrams = {symbols[i]: int(counts[i]) for i in order.tolist()}
        seq = np.repeat(np.arange(lengths.size), lengths)  # which sequence each position is in
        sampled = (seq % stride) == 0
        grams, histories = [], {}
        for n in (2, 3):
            ok = np.zeros(total, dtype=bool)
            if total >= n:
                ok[: total - n + 1] = (seq[: total - n + 1] == seq[n - 1 :]) & sampled[: total - n + 1]
            counts, seen = _ngram_counts(ids, ok, n, symbols)
            grams.append(counts)
            histories.update(seen)
        return cls(unigrams, grams[0], grams[1], histories)

    def with_phrases(self, phrases: Iterable[str], weight: int = 3) -> DiacriticModel:
        """A copy that also counts ``phrases`` (``weight`` times each): question words, which
        news text rarely contains."""
        return self.extended(phrases, weight)

    def extended(
        self,
        phrases: Iterable[str] = (),
        weight: int = 3,
        prior: DiacriticModel | None = None,
        prior_weight: float = 0.0,
    ) -> DiacriticModel:
        """A copy that also counts ``phrases`` (``weight`` times each) and every n-gram of
        ``prior`` (``prior_weight`` times its count, as a fraction of a follower in the
        Witten-Bell weights too, so that a prior of many words does not shift the archive's
        own estimates). One copy of the counts for both."""
        grams = [Counter(self.unigrams), Counter(self.bigrams), Counter(self.trigrams)]
        histories = dict(self.histories)

        def add(n: int, g: str, c: float, new_follower: float) -> None:
            if n > 1:
                h = g.rsplit(" ", 1)[0]
                after, types = histories.get(h, (0, 0))
                histories[h] = (after + c, types + new_follower * (g not in grams[n - 1]))
            grams[n - 1][g] += c

        for phrase in phrases:  # before the prior: a phrase the list also holds is a whole new follower
            words = [_symbol(w) for w in nfc(phrase).lower().split()]
            for n in (1, 2, 3):
                for g in _grams(words, n):
                    add(n, g, weight, 1)
        own = set(grams[0]) if self.own_words is None else self.own_words | (grams[0].keys() - self.unigrams.keys())
        if prior is not None and prior_weight > 0:
            for n, counts in enumerate((prior.unigrams, prior.bigrams, prior.trigrams), 1):
                for g, c in counts.items():
                    add(n, g, prior_weight * c, prior_weight)
        model = DiacriticModel(*(dict(c) for c in grams), histories)
        model.own_words = own if len(grams[0]) > len(own) else None  # own: a subset of the counted words
        return model

    def _logp(self, history: tuple[str, ...], w: str) -> float:
        """log P(w | history): trigram, bigram and unigram estimates interpolated Witten-Bell
        style. A history followed by many different syllables ("bao nhiêu" + any noun) leaves
        much weight to the lower order, so a continuation it was never seen with is not taken
        as unlikely; a fixed weight made "bão nhiều học sinh" beat "bao nhiêu học sinh"."""
        p = (self.unigrams.get(w, 0) + 0.1) / (self.total + 0.1 * len(self.unigrams))
        for n in range(1, len(history) + 1):
            h = " ".join(history[-n:])
            after, types = self.histories.get(h, (0, 0))
            if types:  # an unseen history keeps the lower-order estimate
                counts = self.bigrams if n == 1 else self.trigrams
                p = (counts.get(f"{h} {w}", 0) + types * p) / (after + types)
        return math.log(p)

    def restore_words(self, words: list[str], names: list[bool] | None = None) -> list[str]:
        """The most likely accented form of each lower-case accent-free word (unknown words stay).
        A word flagged in ``names`` (typed with a capital) takes only a form the archive or the
        question phrases use: a name the archive does not hold is left as typed, not given the
        accents of a common word ("Ha Noi" → "Hạ Nội")."""
        out: list[str] = []
        run: list[list[str]] = []

        def flush() -> None:
            if run:
                out.extend(self._viterbi(run))
                run.clear()

        for i, w in enumerate(words):
            options = [NUMBER] if w == NUMBER else self.forms.get(w, [])
            if names and names[i] and self.own_words is not None:
                options = [c for c in options if c in self.own_words]
            if options:
                run.append(options)
            else:
                flush()
                out.append(w)
        flush()
        return out

    def _viterbi(self, options: list[list[str]]) -> list[str]:
        """Best path over each position's candidate forms; a state is the last two syllables."""
        best: dict[tuple[str, ...], tuple[float, list[str]]] = {(c,): (self._logp((), c), [c]) for c in options[0]}
        for candidates in options[1:]:
            step: dict[tuple[str, ...], tuple[float, list[str]]] = {}
            for state, (score, path) in best.items():
                for c in candidates:
                    key = (state[-1], c)
                    s = score + self._logp(state[-2:], c)
                    if key not in step or s > step[key][0]:
                        step[key] = (s, [*path, c])
            best = step
        return max(best.values(), key=lambda t: t[0])[1]

    def restore(self, text: str) -> str:
        """``text`` with diacritics restored; text that already carries accents is returned as is."""
        text = nfc(text)
        if has_diacritics(text) or not self.unigrams:
            return text
        matches = list(_TOKEN.finditer(text))
        symbols = [_symbol(m.group(0).lower()) for m in matches]
        letters = [w for w, m in zip(symbols, matches) if m.group(0).isalpha()]
        if sum(w in self.forms for w in letters) * 2 < len(letters):  # mostly not Vietnamese ("What is the…")
            return text
        caps = [m.group(0)[:1].isupper() for m in matches]
        # a capital on the first word only is the sentence's, not a name's ("Sap nhap …")
        names = [c and (i > 0 or (len(caps) > 1 and caps[1])) for i, c in enumerate(caps)]
        restored = self.restore_words(symbols, names)
        pieces, at = [], 0
        for m, new in zip(matches, restored):
            old = m.group(0)
            kept = new == NUMBER or not old.isalpha() or len(new) != len(old)
            new = old if kept else with_case_of(old, new)  # the typed letter case, letter by letter
            pieces += [text[at : m.start()], new]
            at = m.end()
        pieces.append(text[at:])
        return "".join(pieces)

    def save(self, path: Path) -> None:
        data = {
            "unigrams": self.unigrams,
            "bigrams": self.bigrams,
            "trigrams": self.trigrams,
            "histories": self.histories,
        }
        path.write_bytes(orjson.dumps(data))  # orjson: a 10k-article model (19 MB) loads in 0.5 s, not 1.1 s

    @classmethod
    def load(cls, path: Path) -> DiacriticModel | None:
        try:
            data = orjson.loads(path.read_bytes())
            histories = data.get("histories")  # saved before 2026-12-07: computed from the counts
            if histories is not None:
                histories = {h: (a, t) for h, (a, t) in histories.items()}  # JSON lists to tuples
            return cls(data["unigrams"], data["bigrams"], data.get("trigrams"), histories)
        except (OSError, ValueError, KeyError, TypeError):
            return None


def question_model(archive: DiacriticModel, phrases: Iterable[str]) -> DiacriticModel:
    """What accent-free questions are restored with: the archive's own counts, question
    ``phrases``, and a general Vietnamese word list weighing little (a small archive may not
    hold "bị thương" or "sáp nhập" yet; once it uses a word, its own counts decide)."""
    if not archive.unigrams:  # an empty index: nothing to restore towards
        return archive.extended(phrases)
    return archive.extended(phrases, prior=word_list(), prior_weight=WORD_LIST_WEIGHT)


@lru_cache(maxsize=1)
def word_list() -> DiacriticModel:
    """The ~31k words and compounds of pyvi's dictionary (``pyvi/models/words.txt``, installed
    with pyvi; read from disk), counted once each; an empty model when it cannot be read."""
    try:
        import pyvi

        text = (Path(pyvi.__file__).parent / "models" / "words.txt").read_text(encoding="utf-8")
    except (ImportError, OSError, UnicodeDecodeError):
        return DiacriticModel({}, {})
    entries = dict.fromkeys(nfc(line.strip()).lower() for line in text.splitlines())
    return DiacriticModel.from_sequences(e.split() for e in entries if e)


def _symbol(word: str) -> str:
    """What the model counts for a lower-cased word: numbers are one symbol."""
    return NUMBER if any(ch.isdigit() for ch in word) else word
