"""Every chunk's small fields and BM25 tokens, kept beside the BM25 index so that a change
reads from Chroma only the chunks it wrote.

Chroma stays the source of truth: a row is a copy of a chunk's metadata (planning fields,
date, source) and of its ``lex`` tokens as vocabulary ids. A chunk id names its content (article
id, content hash, position: ``indexing/chunking.py``), so a row stays right for as long as its
chunk exists; :meth:`ChunkTable.synced` drops the rows of chunks gone and reads the new ones.
The one in-place change of a chunk's metadata (a new source recorded by ``Indexer._adopt``)
first calls :func:`invalidate`.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexing import store
from indexing.sync import DOC_KEYS

log = logging.getLogger(__name__)

FOLDED = "~"  # the prefix of accent-folded tokens (``lexical_index.lexical_tokens``)
FIELDS = (*DOC_KEYS, "date", "source")  # the metadata a row keeps
READ_KEYS = (*FIELDS, "lex")  # what a row is made from
ROWS_FILE, ARRAYS_FILE = "table.json", "table.npz"


def _ragged_take(flat: np.ndarray, offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ragged rows ``rows`` of (``flat``, ``offsets``), as a new (flat, offsets)."""
    lengths = np.diff(offsets)[rows]
    new_offsets = np.zeros(rows.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=new_offsets[1:])
    starts = np.repeat(offsets[:-1][rows] - new_offsets[:-1], lengths)
    return flat[starts + np.arange(int(new_offsets[-1]), dtype=np.int64)], new_offsets


def _concat(parts: list[tuple[np.ndarray, np.ndarray]], dtype) -> tuple[np.ndarray, np.ndarray]:
    flats = [f for f, _ in parts]
    lengths = [np.diff(o) for _, o in parts]
    offsets = np.zeros(sum(len(x) for x in lengths) + 1, dtype=np.int64)
    if len(offsets) > 1:
        np.cumsum(np.concatenate(lengths), out=offsets[1:])
    return (np.concatenate(flats).astype(dtype, copy=False) if flats else np.zeros(0, dtype)), offsets


@dataclass
class ChunkTable:
    """Rows in one order: ``ids``, ``fields`` (:data:`FIELDS`), each chunk's syllables in text
    order (``syll``, for the accent model) and its distinct tokens with their counts (``tok``,
    ``cnt``, for BM25), ragged arrays with ``*_off`` offsets, ids into ``vocab``."""

    ids: list[str] = field(default_factory=list)
    fields: list[dict] = field(default_factory=list)
    vocab: list[str] = field(default_factory=list)
    syll: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    syll_off: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    tok: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    cnt: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    tok_off: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    collection: str = ""  # the Chroma collection's id these rows were read from

    def __len__(self) -> int:
        return len(self.ids)

    def lengths(self) -> np.ndarray:
        """Each chunk's number of tokens (BM25's document length)."""
        sums = np.concatenate([[0], np.cumsum(self.cnt, dtype=np.int64)])
        return sums[self.tok_off[1:]] - sums[self.tok_off[:-1]]

    def take(self, rows: np.ndarray) -> ChunkTable:
        rows = np.asarray(rows, dtype=np.int64)
        syll, syll_off = _ragged_take(self.syll, self.syll_off, rows)
        tok, tok_off = _ragged_take(self.tok, self.tok_off, rows)
        cnt, _ = _ragged_take(self.cnt, self.tok_off, rows)
        picked = rows.tolist()
        ids, fields = [self.ids[i] for i in picked], [self.fields[i] for i in picked]
        return ChunkTable(ids, fields, self.vocab, syll, syll_off, tok, cnt, tok_off, self.collection)

    def without_docs(self, doc_ids: set[str]) -> ChunkTable:
        """The rows of every article but ``doc_ids``."""
        if not doc_ids:
            return self
        return self.take(np.array([i for i, f in enumerate(self.fields) if f.get("doc_id") not in doc_ids]))

    def plus(self, ids: list[str], metas: list[dict]) -> ChunkTable:
        """These rows added, from chunk metadata with ``lex`` (:data:`READ_KEYS`)."""
        if not ids:
            return self
        index = {t: i for i, t in enumerate(self.vocab)}
        flat: list[int] = []
        lengths = np.zeros(len(metas), dtype=np.int64)
        for r, meta in enumerate(metas):
            words = (meta.get("lex") or "").split()
            flat.extend(index.setdefault(w, len(index)) for w in words)
            lengths[r] = len(words)
        vocab = list(index)
        ids_ = np.array(flat, dtype=np.int64)
        row = np.repeat(np.arange(len(metas), dtype=np.int64), lengths)
        starts = np.concatenate([[0], np.cumsum(lengths)])
        # a chunk's syllables come first, as many as its accent-folded tokens (``lexical_tokens``)
        folded = np.fromiter((t.startswith(FOLDED) for t in vocab), dtype=bool, count=len(vocab))
        n_syll = np.bincount(row, weights=folded[ids_], minlength=len(metas)).astype(np.int64)
        position = np.arange(ids_.size, dtype=np.int64) - starts[row]
        new_syll = ids_[position < n_syll[row]]
        # each chunk's distinct tokens (ascending) and their counts
        keys, counts = np.unique(row * len(vocab) + ids_, return_counts=True)
        new_tok, tok_rows = keys % len(vocab), keys // len(vocab)

        def offsets(sizes: np.ndarray) -> np.ndarray:
            return np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)

        syll, syll_off = _concat([(self.syll, self.syll_off), (new_syll, offsets(n_syll))], np.int32)
        per_row = offsets(np.bincount(tok_rows, minlength=len(metas)))
        tok, tok_off = _concat([(self.tok, self.tok_off), (new_tok, per_row)], np.int32)
        cnt, _ = _concat([(self.cnt, self.tok_off), (counts, per_row)], np.int32)
        fields = [{k: m[k] for k in FIELDS if k in m} for m in metas]
        return ChunkTable(
            self.ids + list(ids), self.fields + fields, vocab, syll, syll_off, tok, cnt, tok_off, self.collection
        )

    def compacted(self) -> ChunkTable:
        """The vocabulary cut to the tokens some row uses (removals leave others behind)."""
        used = np.bincount(self.tok, minlength=len(self.vocab)) > 0
        if used.all():
            return self
        new_id = np.cumsum(used, dtype=np.int64) - 1
        vocab = [t for t, u in zip(self.vocab, used.tolist()) if u]
        return ChunkTable(
            self.ids,
            self.fields,
            vocab,
            new_id[self.syll].astype(np.int32),
            self.syll_off,
            new_id[self.tok].astype(np.int32),
            self.cnt,
            self.tok_off,
            self.collection,
        )

    def synced(self, col, ids: list[str] | None = None, page: int = 2000) -> ChunkTable:
        """This table made to hold exactly the collection's chunks (``ids``: its chunk ids, if
        just read): rows of chunks gone dropped, chunks it lacks read from Chroma, in pages."""
        ids = store.all_ids(col) if ids is None else ids
        table = self if self.collection == str(col.id) else ChunkTable(collection=str(col.id))
        if not table.ids:  # nothing saved: the whole collection, paged (faster than by id)
            for page_ids, metas in store.field_pages(col, READ_KEYS, page):
                table = table.plus(page_ids, metas)
        present = set(ids)
        if any(i not in present for i in table.ids):
            table = table.take(np.array([r for r, i in enumerate(table.ids) if i in present], dtype=np.int64))
        have = set(table.ids)
        missing = [i for i in ids if i not in have]
        for start in range(0, len(missing), page):
            got = col.get(ids=missing[start : start + page], include=["metadatas"])
            table = table.plus(got["ids"], [{k: m[k] for k in READ_KEYS if k in m} for m in got["metadatas"]])
        return table

    def matches(self, col, doc_ids: set[str], page: int = 500) -> bool:
        """Whether Chroma holds, for these articles, exactly the chunks and fields of these rows."""
        if not doc_ids:
            return True
        mine = {i: f for i, f in zip(self.ids, self.fields) if f.get("doc_id") in doc_ids}
        theirs: dict[str, dict] = {}
        docs = sorted(doc_ids)
        for start in range(0, len(docs), page):
            got = col.get(where={"doc_id": {"$in": docs[start : start + page]}}, include=["metadatas"])
            theirs.update((i, {k: m[k] for k in FIELDS if k in m}) for i, m in zip(got["ids"], got["metadatas"]))
        return mine == theirs

    def save(self, folder: Path) -> None:
        """Into ``folder``, beside the BM25 index. The two files carry one stamp and replace the
        old ones arrays first, rows last, so an interrupted save is never read as a table."""
        stamp = uuid.uuid4().hex
        arrays_tmp, rows_tmp = folder / (ARRAYS_FILE + ".tmp.npz"), folder / (ROWS_FILE + ".tmp")
        np.savez(arrays_tmp, stamp=np.array(stamp), **{k: getattr(self, k) for k in _ARRAYS})
        rows = {"stamp": stamp, "collection": self.collection, "ids": self.ids, "fields": self.fields}
        rows["vocab"] = self.vocab
        rows_tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        os.replace(arrays_tmp, folder / ARRAYS_FILE)
        os.replace(rows_tmp, folder / ROWS_FILE)

    @classmethod
    def load(cls, folder: Path) -> ChunkTable:
        """The saved table, or an empty one (missing, invalidated, unreadable or inconsistent:
        its rows are then read from Chroma again)."""
        try:
            rows = json.loads((folder / ROWS_FILE).read_text(encoding="utf-8"))
            with np.load(folder / ARRAYS_FILE) as arrays:
                if str(arrays["stamp"]) != rows["stamp"]:
                    raise ValueError("rows and arrays are from different saves")
                arrays_ = [arrays[k] for k in _ARRAYS]
            table = cls(rows["ids"], rows["fields"], rows["vocab"], *arrays_, rows["collection"])
        except FileNotFoundError:
            return cls()
        except Exception as err:  # damaged: cut short, not a zip, not JSON (a cache: never fatal)
            log.warning("chunk table unreadable, read again from the store: %s", err)
            return cls()
        n = len(table.ids)
        consistent = (
            len(table.fields) == n
            and table.syll_off.size == n + 1
            and table.tok_off.size == n + 1
            and int(table.syll_off[-1]) == table.syll.size
            and int(table.tok_off[-1]) == table.tok.size == table.cnt.size
            and (table.tok.size == 0 or int(table.tok.max()) < len(table.vocab))
        )
        if not consistent:
            log.warning("chunk table inconsistent, read again from the store")
        return table if consistent else cls()


_ARRAYS = ("syll", "syll_off", "tok", "cnt", "tok_off")


def saved(folder: Path) -> bool:
    return (folder / ROWS_FILE).exists()


def invalidate(folder: Path) -> None:
    """Forget the saved rows (before chunk metadata changes in place); the BM25 index stays."""
    (folder / ROWS_FILE).unlink(missing_ok=True)
