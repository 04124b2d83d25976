"""The BM25 side of the index: what it is built from a chunk's metadata."""

from indexing import lexical_index
from indexing.chunk_table import ChunkTable
from indexing.diacritics import DiacriticModel
from indexing.vietnamese import syllables

CHUNKS = [
    ("Cầu mới qua sông Lam", "Cây cầu dài 1.200 m nối hai huyện ven sông Lam đã thông xe."),
    ("Giá lúa tăng", "Giá lúa tại đồng bằng tăng 200 đồng mỗi kg so với tuần trước."),
    ("", ""),
]


def test_the_accent_model_counts_each_chunks_syllables_in_text_order():
    """Built from the stored tokens, it equals a model of each chunk's title and text syllables;
    a chunk without tokens (empty or missing) adds nothing."""
    metas = [{"lex": lexical_index.lexical_tokens(t, x), "doc_id": f"d{i}"} for i, (t, x) in enumerate(CHUNKS)]
    metas.append({"doc_id": "no-lex"})
    built = lexical_index.build(ChunkTable().plus([f"c{i}" for i in range(len(metas))], metas)).diacritics()
    expected = DiacriticModel.from_sequences([[w.lower() for w in syllables(f"{t}\n{x}")] for t, x in CHUNKS])
    assert (built.unigrams, built.bigrams, built.trigrams) == (expected.unigrams, expected.bigrams, expected.trigrams)
    assert built.unigrams["sông"] == 2 and built.bigrams["sông lam"] == 2 and built.unigrams["<số>"] == 2
