"""The ONNX Runtime encoders: same vectors as the fp32 model, chosen by HOIDAP_EMBED_BACKEND,
and a question path that never imports torch."""

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from indexing.backend_choice import choose_backend
from indexing.readers import read_folder
from indexing.settings import BUNDLED_CORPUS, Settings

QUESTIONS = [
    "Xã Vĩnh Quang đặt mục tiêu tăng trưởng bao nhiêu?",
    "Đảng ủy phường Hạc Thành triển khai nhiệm vụ năm 2026",
    "Giá vàng hôm nay tăng mạnh",
    "Có bao nhiêu đảng viên trong Đảng bộ xã?",
]


@pytest.fixture(scope="module")
def passages() -> list[str]:
    """Real Vietnamese passages: 300-word windows of the bundled articles, plus short lines."""
    arts, _ = read_folder(BUNDLED_CORPUS)
    out = []
    for art in arts:
        words = art.text.split()
        out += [" ".join(words[i : i + 200]) for i in range(0, min(len(words), 600), 200)]
    return [*out, "Toàn Đảng bộ có 32 chi, đảng bộ với 604 đảng viên.", "Giá vàng"]


@pytest.fixture(scope="module")
def fp32():
    from sentence_transformers import SentenceTransformer

    from indexing.embedding_model import resolve_model_path

    return SentenceTransformer(resolve_model_path(Settings()), device="cpu")


@pytest.mark.parametrize(("backend", "floor"), [("onnx-int8", 0.98), ("onnx", 0.999)])
def test_onnx_vectors_match_fp32(backend, floor, fp32, passages):
    from indexing.embedding_model import load_embed_model

    model = load_embed_model(Settings().with_(embed_backend=backend))
    ours_p = np.array(model.get_text_embedding_batch(passages))
    ours_q = np.array([model.get_query_embedding(q) for q in QUESTIONS])
    ref_p = fp32.encode(passages, prompt_name="passage", normalize_embeddings=True)
    ref_q = fp32.encode(QUESTIONS, prompt_name="query", normalize_embeddings=True)
    assert np.min(np.sum(ours_p * ref_p, axis=1)) >= floor
    assert np.min(np.sum(ours_q * ref_q, axis=1)) >= floor
    assert np.allclose(np.linalg.norm(ours_p, axis=1), 1.0, atol=1e-4)


def test_int8_queries_rank_an_fp32_index_like_fp32_queries(fp32, passages, embed_model):
    """An index built before (fp32 vectors) keeps working with int8 query vectors."""
    docs = fp32.encode(passages, prompt_name="passage", normalize_embeddings=True)
    for q in QUESTIONS:
        ref = fp32.encode([q], prompt_name="query", normalize_embeddings=True)[0]
        ours = np.array(embed_model.get_query_embedding(q))
        assert np.argmax(docs @ ours) == np.argmax(docs @ ref)


def test_batch_order_is_kept_when_sorted_by_length(embed_model, passages):
    """Length-sorted runs must hand each text its own vector."""
    mixed = [passages[-1], passages[0], passages[-2], passages[1]]
    batch = np.array(embed_model.get_text_embedding_batch(mixed))
    one_by_one = np.array([embed_model.get_text_embedding(t) for t in mixed])
    sims = batch @ one_by_one.T
    assert list(np.argmax(sims, axis=1)) == [0, 1, 2, 3]


@hsettings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_texts_vector_does_not_depend_on_the_texts_embedded_with_it(embed_model, passages, data):
    """The int8 graph scales its activations per run: a text must get the vector it gets
    alone, whatever it is embedded with and in what order (else the same question could be
    answered once and declined the next time)."""
    texts = data.draw(st.lists(st.sampled_from(passages), min_size=1, max_size=9))
    alone = {t: np.array(embed_model.get_text_embedding(t)) for t in set(texts)}
    together = np.array(embed_model.get_text_embedding_batch(texts))
    for t, v in zip(texts, together):
        assert np.array_equal(v, alone[t])


def test_backend_choice(monkeypatch):
    import indexing.backend_choice as enc

    monkeypatch.setattr(enc, "has_cuda", lambda: True)
    assert choose_backend("auto") == "torch"
    monkeypatch.setattr(enc, "has_cuda", lambda: False)
    assert choose_backend("auto") == "onnx-int8"
    assert choose_backend("torch") == "torch"
    with pytest.raises(ValueError, match="HOIDAP_EMBED_BACKEND"):
        choose_backend("tensorrt")


def test_torch_backend_stays_selectable():
    from indexing.embedding_model import load_embed_model

    model = load_embed_model(Settings().with_(embed_backend="torch"))
    assert type(model).__name__ == "HuggingFaceEmbedding"
    assert len(model.get_query_embedding("Giá vàng")) == 384


def test_ask_does_not_import_torch(seed_index):
    """`hoidap ask` on a built index answers without torch, transformers, sentence-transformers
    or scikit-learn (the slow imports of a cold start)."""
    script = (
        "import json, sys\n"
        "from assistant.cli import main\n"
        f"q = {'Xã Lơ Pang đặt mục tiêu tăng trưởng bao nhiêu?'!r}\n"
        f"rc = main(['--index-dir', {str(seed_index.store_dir)!r}, 'ask', q])\n"
        "heavy = sorted(m for m in ('torch', 'transformers', 'sentence_transformers', 'sklearn') if m in sys.modules)\n"
        "print(json.dumps({'rc': rc, 'heavy': heavy}))\n"
    )
    env = {"HOIDAP_COLLECTION": seed_index.collection, "HOIDAP_EMBED_BACKEND": "onnx-int8"}
    import os

    out = subprocess.run(
        [sys.executable, "-c", script], env={**os.environ, **env}, capture_output=True, text=True, timeout=300
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"rc": 0, "heavy": []}, out.stderr[-2000:]
    assert "7,5%" in out.stdout


def test_word_segmentation_without_sklearn_matches_pyvi_with_it():
    """The light pyvi load (no scikit-learn) segments exactly as pyvi loaded the usual way."""
    script = (
        "import json, sys\n"
        "if sys.argv[1] == 'sklearn':\n"
        "    import sklearn  # noqa: F401  (pyvi then loads its model the usual way)\n"
        "from indexing.readers import read_folder\n"
        "from indexing.settings import BUNDLED_CORPUS\n"
        "from indexing.vietnamese import compound_words\n"
        "words = [compound_words(a.text) for a in read_folder(BUNDLED_CORPUS)[0]]\n"
        "print(json.dumps({'words': words, 'sklearn': 'sklearn' in sys.modules}))\n"
    )
    runs = {
        mode: json.loads(subprocess.run([sys.executable, "-c", script, mode], capture_output=True, text=True).stdout)
        for mode in ("sklearn", "light")
    }
    assert runs["sklearn"]["sklearn"] and not runs["light"]["sklearn"]
    assert runs["light"]["words"] == runs["sklearn"]["words"]
    assert sum(len(w) for w in runs["light"]["words"]) > 500


def test_the_encoder_takes_the_graph_preloaded_for_it(embed_model):
    """A cold start opens the graph in the background; the encoder built next uses it (nothing
    is left waiting, nothing is opened twice) and embeds as usual."""
    from indexing import background_load
    from indexing.embedding_model import load_embed_model, preload_onnx

    settings = Settings(embed_backend="onnx-int8")
    preload_onnx(settings)
    waiting = set(background_load._started)
    assert {k[0] for k in waiting} == {"onnx"}
    model = load_embed_model(settings)
    assert not waiting & set(background_load._started)
    got = np.asarray(model.get_query_embedding(QUESTIONS[0]))
    want = np.asarray(embed_model.get_query_embedding(QUESTIONS[0]))
    assert float(got @ want) > 0.999


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_after_an_ingest_the_encoder_gives_memory_back_and_still_embeds_the_same(embed_model):
    long = ["Toàn Đảng bộ có 32 chi, đảng bộ với 604 đảng viên. " * 40] * 16
    before = np.asarray(embed_model.get_text_embedding_batch(long))
    grown = _rss_mb()
    embed_model.release_memory()
    assert _rss_mb() < grown - 20, "the arena grown for 512-token batches should shrink"
    after = np.asarray(embed_model.get_text_embedding_batch(long))
    np.testing.assert_allclose(after, before, atol=1e-5)


def test_a_question_is_embedded_once_for_search_and_evidence(embed_model, monkeypatch):
    """Search and evidence scoring both embed the question: the second asks the cache."""
    if not hasattr(embed_model, "_encoder"):
        pytest.skip("torch backend")
    runs = []
    encode = embed_model._encoder.encode
    monkeypatch.setattr(embed_model._encoder, "encode", lambda texts, *a: runs.append(texts) or encode(texts, *a))
    question = "Cầu Rạch Miễu 2 được khởi công vào năm nào?"
    first = embed_model.get_query_embedding(question)
    first[0] += 1.0  # a caller changing its copy changes nothing cached
    second = embed_model.get_query_embedding(question)
    assert len(runs) == 1
    assert second[0] == pytest.approx(first[0] - 1.0)
    other = embed_model.get_query_embedding("Cầu Rạch Miễu 2 dài bao nhiêu mét?")
    assert len(runs) == 2 and other != second
