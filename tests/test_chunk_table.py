"""The chunk table kept beside the BM25 index: what is built from it equals what bm25s builds
from every chunk's tokens, however the table got there (rows added, removed, saved, loaded)."""

import bm25s
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from indexing import lexical_index
from indexing.chunk_table import ChunkTable, invalidate

WORDS = ["cầu", "sông", "lam", "giá", "lúa", "tăng", "xã", "huyện", "đồng", "nước"]


def _meta(doc: int, words: list[str]) -> dict:
    """A chunk's metadata as ingest stores it: syllables, two-syllable words, folded syllables."""
    pairs = [f"{a}_{b}" for a, b in zip(words, words[1:])][::2]
    folded = ["~" + w.encode("ascii", "ignore").decode() for w in words]  # any distinct marked token
    return {"lex": " ".join(words + pairs + folded), "doc_id": f"d{doc}", "date": 20240100 + doc, "source": "X"}


chunks = st.lists(st.tuples(st.integers(0, 5), st.lists(st.sampled_from(WORDS), max_size=12)), max_size=14)


def _reference_scores(metas: list[dict], query: list[str]) -> np.ndarray:
    """bm25s's own index of the chunks' token lists."""
    ref = bm25s.BM25()
    ref.index([m["lex"].split() for m in metas], show_progress=False)
    return ref.get_scores(query)


@settings(max_examples=40, deadline=None)
@given(
    first=chunks,
    second=chunks,
    dropped=st.sets(st.integers(0, 5)),
    query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
)
def test_a_table_changed_step_by_step_scores_as_bm25s_scores_what_is_left(
    first, second, dropped, query, tmp_path_factory
):
    metas = [_meta(d, w) for d, w in first] + [_meta(d, w) for d, w in second]
    ids = [f"c{i}" for i in range(len(metas))]
    n = len(first)
    table = ChunkTable().plus(ids[:n], metas[:n])
    folder = tmp_path_factory.mktemp("lex")
    table.save(folder)
    table = ChunkTable.load(folder).plus(ids[n:], metas[n:]).without_docs({f"d{d}" for d in dropped})
    left = [(i, m) for i, m in zip(ids, metas) if int(m["doc_id"][1:]) not in dropped]
    assert table.ids == [i for i, _ in left]
    index = lexical_index.build(table)
    if not any(m["lex"] for _, m in left):  # no chunk, or none with a token
        assert index.bm25 is None and index.search(query, k=3) == []
        return
    got = index.bm25.get_scores(query)
    np.testing.assert_allclose(got, _reference_scores([m for _, m in left], query), rtol=1e-6, atol=1e-7)
    expected_df: dict[str, int] = {}
    for _, m in left:
        for token in set(m["lex"].split()):
            expected_df[token] = expected_df.get(token, 0) + 1
    assert index.df == expected_df
    assert index.doc_ids == [m["doc_id"] for _, m in left] and index.dates.tolist() == [m["date"] for _, m in left]
    accents = index.diacritics()  # syllables only, not the word pairs or folded tokens
    assert sum(accents.unigrams.values()) == sum(len(m["lex"].split()) for _, m in left) - sum(
        m["lex"].count("_") + m["lex"].count("~") for _, m in left
    )


def test_a_table_saved_halfway_or_invalidated_is_not_trusted(tmp_path):
    table = ChunkTable().plus(["a", "b"], [_meta(0, ["cầu", "sông"]), _meta(1, ["giá", "lúa"])])
    table.save(tmp_path)
    assert ChunkTable.load(tmp_path).ids == ["a", "b"]
    rows = (tmp_path / "table.json").read_text(encoding="utf-8")
    ChunkTable().plus(["c"], [_meta(2, ["xã"])]).save(tmp_path)
    (tmp_path / "table.json").write_text(rows, encoding="utf-8")  # rows of one save, arrays of another
    assert ChunkTable.load(tmp_path).ids == []
    table.save(tmp_path)
    invalidate(tmp_path)
    assert ChunkTable.load(tmp_path).ids == []
    assert ChunkTable.load(tmp_path / "missing").ids == []
