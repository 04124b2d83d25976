"""Chunks are sentence-aligned, sized in model tokens and point at exact spans."""

from hypothesis import given, settings
from hypothesis import strategies as st
from llama_index.core.schema import MetadataMode

from indexing.articles import Article
from indexing.chunking import chunk_article, split_sentences
from indexing.readers import read_folder
from indexing.settings import BUNDLED_CORPUS


def _count(texts):
    return [len(t.split()) + 2 for t in texts]


def test_sentence_split_respects_vietnamese_abbreviations_and_numbers():
    text = (
        "Ông Nguyễn Văn A, Bí thư TP. Pleiku cho biết. Tổng số 1.189 đảng viên, tăng 7,5% so với "
        "cùng kỳ. Ông N.H. Minh nói: “Đúng vậy”.\nQ. Ba Đình có 3 phường."
    )
    sents = [text[s.start : s.end] for s in split_sentences(text)]
    assert sents == [
        "Ông Nguyễn Văn A, Bí thư TP. Pleiku cho biết.",
        "Tổng số 1.189 đảng viên, tăng 7,5% so với cùng kỳ.",
        "Ông N.H. Minh nói: “Đúng vậy”.",
        "Q. Ba Đình có 3 phường.",
    ]


def test_a_sentence_ending_in_a_score_or_a_single_digit_ends_there():
    text = "Đội nhà thắng 4-0. Trận sau diễn ra ở Huế. Xếp hạng 3. Ông H. Nam dự khán."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "Đội nhà thắng 4-0.",
        "Trận sau diễn ra ở Huế.",
        "Xếp hạng 3.",
        "Ông H. Nam dự khán.",
    ]


def test_seed_chunks_are_exact_slices_within_size():
    from indexing.pipeline import Indexer
    from indexing.settings import Settings

    indexer = Indexer(Settings())
    for art in read_folder(BUNDLED_CORPUS)[0]:
        nodes = chunk_article(art, indexer.count_tokens, 280, 60)
        assert len(nodes) >= 3
        for node in nodes:
            assert art.text[node.start_char_idx : node.end_char_idx] == node.text
            embedded = node.get_content(MetadataMode.EMBED)
            assert embedded.startswith(art.title) and indexer.count_tokens([embedded])[0] <= 300
        for s in split_sentences(art.text):  # nothing lost: every sentence sits in a chunk
            assert any(n.start_char_idx <= s.start and s.end <= n.end_char_idx for n in nodes)


words = st.text(alphabet="abcdđêơ ", min_size=1, max_size=12).map(str.strip).filter(bool)
sentence = st.lists(words, min_size=1, max_size=30).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraphs = st.lists(st.lists(sentence, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(paragraphs, st.integers(20, 120), st.integers(0, 30))
def test_chunks_cover_every_sentence_in_order(paras, size, overlap):
    text = "\n\n".join(paras)
    art = Article(doc_id="x", title="T", text=text)
    nodes = chunk_article(art, _count, size, overlap)
    for node in nodes:
        assert text[node.start_char_idx : node.end_char_idx] == node.text
    starts = [n.start_char_idx for n in nodes]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for s in split_sentences(text):
        assert (
            any(n.start_char_idx <= s.start and s.end <= n.end_char_idx for n in nodes)
            or _count([text[s.start : s.end]])[0] > size - _count([art.title])[0]
        )  # only sentences that cannot fit beside the title are cut


def test_a_unit_before_the_full_stop_is_no_abbreviation():
    text = "Tàu đạt tốc độ tối đa 22km/h. Tàu chở được 140 lính. Trận đấu bắt đầu lúc 17h. Tại TP. Huế trời mưa."
    got = [text[s.start : s.end] for s in split_sentences(text)]
    assert got == [
        "Tàu đạt tốc độ tối đa 22km/h.",
        "Tàu chở được 140 lính.",
        "Trận đấu bắt đầu lúc 17h.",
        "Tại TP. Huế trời mưa.",
    ]


def test_a_heading_glued_to_the_next_sentence_is_cut_before_its_opener():
    """Crawled text often has a heading or photo credit with no full stop before the sentence."""
    text = (
        "Ca tử vong đầu tiên của Hà Nội Để kịp thời ngăn chặn, ngày 17/5 trung tâm phun thuốc. "
        "Kết quả khả quan Tuy nhiên, vẫn còn khó khăn. Ông Nguyễn Văn Hiện cho biết Theo Reuters tin này sai. "
        "Phim Để Mai tính được chiếu lại. Ông Hiện nói Theo Ủy ban thì đúng."
    )
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "Ca tử vong đầu tiên của Hà Nội",
        "Để kịp thời ngăn chặn, ngày 17/5 trung tâm phun thuốc.",
        "Kết quả khả quan",
        "Tuy nhiên, vẫn còn khó khăn.",
        "Ông Nguyễn Văn Hiện cho biết Theo Reuters tin này sai.",  # a name follows "Theo": not cut
        "Phim Để Mai tính được chiếu lại.",
        "Ông Hiện nói Theo Ủy ban thì đúng.",  # a capital with an accent is a capital too
    ]
