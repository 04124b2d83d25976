"""The fast-loading Latin-script tokenizer gives exactly the full tokenizer's ids."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexing.latin_tokenizer import FastTokenizer, has_copy
from indexing.readers import read_folder
from indexing.settings import BUNDLED_CORPUS, Settings


@pytest.fixture(scope="module")
def folder(embed_model):  # the model cache is built (and the copy written) by the fixture
    from indexing.embedding_model import ensure_onnx

    folder = ensure_onnx(Settings())
    assert has_copy(folder)
    return folder


@pytest.fixture(scope="module")
def full(folder):
    """The reference: the whole 250k-piece tokenizer, loaded directly with ``tokenizers``."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


@pytest.fixture(scope="module")
def fast(folder):
    return FastTokenizer(folder)


def _ref(full, texts):
    return [e.ids for e in full.encode_batch(texts)]


def test_same_ids_on_vietnamese_articles_and_questions(fast, full):
    arts, _ = read_folder(BUNDLED_CORPUS)
    texts = [f"passage: {a.title}\n{a.text}" for a in arts] + [
        "query: xa Vinh Quang co bao nhieu dang vien",
        "query: Ai là Chủ tịch UBND tỉnh Gia Lai năm 2025?",
        "query: GDP tăng 7,5% — “kỷ lục” (theo VnExpress) …",
        "query: What did the Prime Minister say about FDI?",
        "QUERY: ĐẢNG ỦY XÃ",
    ]
    assert all(fast.covers(t) for t in texts)
    assert [list(ids) for ids in fast.encode(texts)] == _ref(full, texts)


def test_other_scripts_are_not_left_to_the_copy(fast):
    """The copy lacks these pieces; such text must go to the full tokenizer."""
    for text in ["Hội nghị APEC tại 北京", "Путин và Tập Cận Bình", "Chúc mừng năm mới 🎉", "東京"]:
        assert not fast.covers(text)


def test_long_texts_are_cut_where_the_full_tokenizer_cuts(folder, full):
    arts, _ = read_folder(BUNDLED_CORPUS)
    texts = [f"passage: {a.text}" for a in arts]
    full.enable_truncation(512)
    try:
        ref = _ref(full, texts)
    finally:
        full.no_truncation()
    assert max(len(r) for r in ref) == 512  # the bundled articles are longer than the window
    assert [list(ids) for ids in FastTokenizer(folder, 512).encode(texts)] == ref


_LATIN_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?%()-/\"'\n\t")
        + list("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĐ")
        + ["\u0301", "\u0303", "\u0309", "\u2013", "\u201c", "\u201d", "\u2026", "€", "ß", "ø"]
        # normalised (NFKC) into Latin script before tokenizing: fullwidth, ligature, ™, ①, ½
        + ["Ａ", "ｚ", "５", "ﬁ", "™", "①", "½", "\u00a0", "\u2007"]
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_LATIN_TEXT, min_size=1, max_size=4))
def test_any_latin_script_text_gets_the_full_tokenizers_ids(texts, fast, full):
    assert all(fast.covers(t) for t in texts)
    assert [list(ids) for ids in fast.encode(texts)] == _ref(full, texts)
