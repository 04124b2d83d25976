"""The BM25 side of the index: Vietnamese tokens per chunk and a persisted bm25s index.

Tokens per chunk live in Chroma (metadata ``lex``), so the BM25 index is always rebuilt from
the same source of truth; the on-disk copy is only a cache keyed by a fingerprint of the ids.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from indexing.diacritics import DiacriticModel
from indexing.vietnamese import compound_words, fold, fold_word, has_diacritics, syllables

logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG: its notes reached the CLI's output

FOLDED = "~"
DIACRITICS = "diacritics.json"


def lexical_tokens(title: str, text: str) -> str:
    """What BM25 indexes for a chunk: syllables, pyvi compound words, accent-folded syllables."""
    body = f"{title}\n{text}"
    sylls = syllables(body)
    return " ".join(sylls + compound_words(body) + [FOLDED + fold_word(s) for s in sylls])


def query_tokens(question: str) -> list[str]:
    """Accented questions match syllables and compound words; accent-free questions
    ("xa Vinh Quang co bao nhieu dang vien") match the accent-folded field."""
    if has_diacritics(question):
        return syllables(question) + compound_words(question)
    return [FOLDED + fold(s) for s in syllables(question)]


def fingerprint(ids: list[str]) -> str:
    digest = hashlib.sha256()
    for chunk_id in sorted(ids):
        digest.update(chunk_id.encode() + b"\n")
    return digest.hexdigest()[:32]


@dataclass
class LexicalIndex:
    """BM25 over all chunks, with per-chunk date and source for filtering."""

    bm25: bm25s.BM25 | None
    ids: list[str]
    dates: np.ndarray
    sources: np.ndarray
    key: str
    doc_ids: list[str]
    df: dict[str, int]
    folder: Path | None = None  # where the saved copy lives (the diacritic model loads lazily from it)
    _diacritics: DiacriticModel | None = None

    def diacritics(self) -> DiacriticModel:
        """Syllable counts of these chunks, for restoring accents of accent-free questions."""
        if self._diacritics is None:
            loaded = DiacriticModel.load(self.folder / DIACRITICS) if self.folder else None
            self._diacritics = loaded or DiacriticModel({}, {})
        return self._diacritics

    def idf(self, token: str) -> float:
        """Inverse document frequency over chunks (high for tokens the corpus lacks)."""
        return math.log((len(self.ids) + 1) / (self.df.get(token, 0) + 0.5))

    def search(self, tokens: list[str], k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        if self.bm25 is None or not tokens or not self.ids:
            return []
        k = min(k, len(self.ids))
        docs, scores = self.bm25.retrieve([tokens], k=k, show_progress=False, weight_mask=mask)
        return [(self.ids[d], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    def mask(self, date_from: int = 0, date_to: int = 0, sources: list[str] | None = None) -> np.ndarray | None:
        if not (date_from or date_to or sources):
            return None
        keep = np.ones(len(self.ids), dtype=bool)
        if date_from:
            keep &= self.dates >= date_from
        if date_to:
            keep &= (self.dates <= date_to) & (self.dates > 0)
        if sources:
            keep &= np.isin(self.sources, sources)
        return keep.astype(np.float32)


META_KEYS = ("lex", "date", "source", "doc_id")  # the chunk metadata an index is built from


def _token_ids(metas: list[dict]) -> tuple[list[list[int]], dict[str, int], dict[str, int]]:
    """Each chunk's tokens as vocabulary ids, the vocabulary, and each token's document
    frequency. Ids share the vocabulary's int objects, so 38k chunks take ~0.2 GB instead of
    the ~1.7 GB their token strings did."""
    vocab: dict[str, int] = {}
    docs: list[list[int]] = []
    for m in metas:
        tokens = (m.get("lex") or "").split()
        docs.append([vocab.setdefault(t, len(vocab)) for t in tokens or ["<empty>"]])
    counts = np.zeros(len(vocab), dtype=np.int64)
    for doc in docs:
        counts[np.unique(np.asarray(doc, dtype=np.int64))] += 1
    df = {t: int(counts[i]) for t, i in vocab.items() if t != "<empty>"}
    return docs, vocab, df


def _diacritic_model(docs: list[list[int]], vocab: dict[str, int]) -> DiacriticModel:
    """The accent model of the chunks' syllables: each chunk's first tokens, as many as the
    accent-folded ones at its end (see :func:`lexical_tokens`)."""
    words = list(vocab)  # in id order
    folded = np.fromiter((w.startswith(FOLDED) for w in words), dtype=bool, count=len(words))
    parts = []
    for doc in docs:
        ids = np.asarray(doc, dtype=np.int64)
        parts.append(ids[: int(folded[ids].sum())])
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return DiacriticModel.from_ids(flat, lengths, words)


def build(ids: list[str], metas: list[dict]) -> LexicalIndex:
    """The BM25 index, filters and statistics of the chunks ``ids`` (metadata: :data:`META_KEYS`)."""
    docs, vocab, df = _token_ids(metas)
    diacritics = _diacritic_model(docs, vocab)
    bm25 = None
    if ids:
        bm25 = bm25s.BM25()
        bm25.index((docs, dict(vocab)), show_progress=False)
    del docs
    dates = np.array([int(m.get("date") or 0) for m in metas], dtype=np.int64)
    sources = np.array([m.get("source") or "" for m in metas], dtype=object)
    doc_ids = [m.get("doc_id") or "" for m in metas]
    index = LexicalIndex(bm25, list(ids), dates, sources, fingerprint(ids), doc_ids, df)
    index._diacritics = diacritics
    return index


def save(index: LexicalIndex, folder: Path) -> None:
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    if index.bm25 is not None:
        index.bm25.save(str(tmp / "bm25"))
    np.save(tmp / "dates.npy", index.dates)
    index.diacritics().save(tmp / DIACRITICS)
    (tmp / "meta.json").write_text(
        json.dumps(
            {
                "key": index.key,
                "ids": index.ids,
                "sources": index.sources.tolist(),
                "doc_ids": index.doc_ids,
                "df": index.df,
            },
            ensure_ascii=False,
        )
    )
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)


def load(folder: Path, key: str) -> LexicalIndex | None:
    """The cached index if it matches ``key`` (the current ids' fingerprint), else None."""
    try:
        meta = json.loads((folder / "meta.json").read_text())
        if meta["key"] != key:
            return None
        bm25 = bm25s.BM25.load(str(folder / "bm25")) if meta["ids"] else None
        return LexicalIndex(
            bm25,
            meta["ids"],
            np.load(folder / "dates.npy"),
            np.array(meta["sources"], dtype=object),
            key,
            meta["doc_ids"],
            meta["df"],
            folder,
        )
    except (OSError, ValueError, KeyError):
        return None
