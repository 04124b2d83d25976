"""The BM25 side of the index: Vietnamese tokens per chunk and a persisted bm25s index.

Tokens per chunk live in Chroma (metadata ``lex``), the source of truth; the on-disk copy is a
cache keyed by a fingerprint of the chunk ids. It is built from the chunk table saved beside it
(``indexing/chunk_table.py``: every chunk's tokens as ids), which a change brings up to date by
reading only the chunks written, so adding one article does not read the whole archive again.
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
import scipy.sparse as sp
from bm25s.scoring import _select_idf_scorer, _select_tfc_scorer

from indexing.chunk_table import FOLDED, ChunkTable
from indexing.diacritics import DiacriticModel
from indexing.vietnamese import compound_words, fold, fold_word, has_diacritics, syllables

logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG: its notes reached the CLI's output

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


class _TableBM25(bm25s.BM25):
    """bm25s's index computed from a chunk table's (token, count) rows with a few array
    operations, not bm25s's Python loop over every chunk; the formulas are bm25s's own. Ends
    in the state :meth:`bm25s.BM25.index` leaves (scores, vocabulary, its empty token)."""

    def index_table(self, table: ChunkTable, df: np.ndarray) -> None:
        """``df``: each vocabulary token's number of chunks (``np.bincount(table.tok)``)."""
        if self.method not in ("robertson", "lucene", "atire"):  # those need no non-occurrence scores
            raise ValueError(f"index_table does not compute {self.method}")
        n_docs, n_vocab = len(table), len(table.vocab)
        lengths = table.lengths()
        idf_of = _select_idf_scorer(self.idf_method)
        present = df > 0
        seen = np.unique(df[present])  # idf per distinct frequency: a few hundred calls
        idf = np.zeros(n_vocab, dtype=self.dtype)
        idf[present] = np.array([idf_of(int(d), N=n_docs) for d in seen], dtype=self.dtype)[
            np.searchsorted(seen, df[present])
        ]
        doc = np.repeat(np.arange(n_docs, dtype=np.int32), np.diff(table.tok_off))  # each pair's chunk
        tfc = _select_tfc_scorer(self.method)(  # float32 throughout: ~17M pairs at 38k chunks
            tf_array=table.cnt.astype(self.dtype),
            l_d=lengths.astype(self.dtype)[doc],
            l_avg=float(lengths.mean()),
            k1=self.k1,
            b=self.b,
            delta=self.delta,
        )
        matrix = sp.csc_matrix((idf[table.tok] * tfc, (doc, table.tok)), shape=(n_docs, n_vocab), dtype=self.dtype)
        self.nonoccurrence_array = None
        self.scores = {"data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr, "num_docs": n_docs}
        self.vocab_dict = {t: i for i, t in enumerate(table.vocab)}
        self.vocab_dict.setdefault("", n_vocab)
        self.unique_token_ids_set = set(self.vocab_dict.values())


def build(table: ChunkTable) -> LexicalIndex:
    """The BM25 index, filters and statistics of the chunks in ``table``."""
    counts = np.bincount(table.tok, minlength=len(table.vocab))  # chunks per token: tokens are distinct per row
    bm25 = None
    if table.tok.size:
        bm25 = _TableBM25()
        bm25.index_table(table, counts)
    df = {t: c for t, c in zip(table.vocab, counts.tolist()) if c}
    diacritics = DiacriticModel.from_ids(table.syll, np.diff(table.syll_off), table.vocab)
    fields = table.fields
    dates = np.array([int(f.get("date") or 0) for f in fields], dtype=np.int64)
    sources = np.array([f.get("source") or "" for f in fields], dtype=object)
    doc_ids = [f.get("doc_id") or "" for f in fields]
    index = LexicalIndex(bm25, list(table.ids), dates, sources, fingerprint(table.ids), doc_ids, df)
    index._diacritics = diacritics
    return index


def save(index: LexicalIndex, folder: Path, table: ChunkTable | None = None) -> None:
    """Replace ``folder`` with this index (and the ``table`` it was built from) at once."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    if table is not None:
        table.save(tmp)
    if index.bm25 is not None:
        index.bm25.save(str(tmp / "bm25"))
    np.save(tmp / "dates.npy", index.dates)
    index.diacritics().save(tmp / DIACRITICS)
    (tmp / "meta.json").write_text(
        json.dumps(
            {
                "key": index.key,
                "has_bm25": index.bm25 is not None,
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
        has_bm25 = meta.get("has_bm25", bool(meta["ids"]))  # False when no chunk had a token
        bm25 = bm25s.BM25.load(str(folder / "bm25")) if has_bm25 else None
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
