"""The evidence selector: only the sentences the lexical prefilter keeps are embedded, read by the
span scorer and scored; the rest can never be evidence."""

import json

import numpy as np
import pytest

from assistant.answering.features import DENSE, LEXICAL, NAMES, SPAN, EvidenceFeatures
from assistant.answering.selector import WEIGHTS, EvidenceSelector, SelectorWeights
from assistant.answering.short_answer import ShortAnswerWeights, span_strength

QUESTIONS = [
    "Xã Lơ Pang đặt mục tiêu tăng trưởng bao nhiêu?",
    "Ai là Bí thư Đảng ủy phường Hạc Thành?",
    "Toàn Đảng bộ có bao nhiêu đảng viên?",
]


class CountingModel:
    """Wraps the real embedding model, recording every text embedded as a sentence."""

    def __init__(self, model):
        self.model, self.texts = model, []

    def get_text_embedding_batch(self, texts):
        self.texts += texts
        return self.model.get_text_embedding_batch(texts)

    def get_query_embedding(self, text):
        return self.model.get_query_embedding(text)


@pytest.fixture(scope="module")
def windows(assistant):
    """Each question's window (retrieved, not yet scored)."""
    return [assistant.prepare(q, select=False) for q in QUESTIONS]


def test_the_shipped_weights_have_a_prefilter_over_the_lexical_features():
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert data["features"] == list(NAMES)
    assert data["prefilter"]["features"] == [n for n in NAMES if n not in DENSE and n not in SPAN]
    assert 4 <= data["keep"] <= 30
    w = SelectorWeights.load()
    assert w.prefilter is not None and w.keep == data["keep"]


def test_weights_survive_a_round_trip(tmp_path):
    w = SelectorWeights.load()
    w.save(tmp_path / "w.json")
    again = SelectorWeights.load(tmp_path / "w.json")
    assert again.keep == w.keep and again.threshold == pytest.approx(w.threshold)
    np.testing.assert_allclose(again.prefilter.coef, w.prefilter.coef, atol=1e-6)


def test_only_the_prefiltered_sentences_are_embedded_and_can_be_evidence(assistant, embed_model, windows):
    w = SelectorWeights.load()
    for state in windows:
        assert len(state.sentences) > w.keep, "the window should be larger than what is kept"
        model = CountingModel(embed_model)
        selector = EvidenceSelector(EvidenceFeatures(model, assistant.retriever.idf), w)
        ranked = selector.score(state.analysis, list(state.sentences), state.passages)
        assert len(set(model.texts)) <= w.keep
        scored = [s for s in ranked if s.prob > 0]
        assert len(scored) <= w.keep and {s.text for s in scored} <= set(model.texts)
        # the kept ones are the prefilter's best, by its own weights applied here by hand
        x = selector.features.lexical(state.analysis, state.sentences, state.passages)
        cols = [NAMES.index(n) for n in LEXICAL]
        pre = w.prefilter
        by_hand = ((x[:, cols] - pre.mean) / pre.scale) @ pre.coef + pre.intercept
        best = {state.sentences[i].text for i in np.argsort(-by_hand)[: w.keep]}
        assert {s.text for s in scored} <= best
        assert all(s.prob >= w.threshold for s in selector.evidence(ranked))
        assert all(s.text in best for s in selector.evidence(ranked))


def test_full_features_are_the_lexical_ones_plus_the_dense_ones(assistant, windows):
    features = assistant.selector.features
    state = windows[0]
    full = features(state.analysis, state.sentences, state.passages)
    lexical = features.lexical(state.analysis, state.sentences, state.passages)
    dense_cols = [NAMES.index(n) for n in DENSE]
    lexical_cols = [NAMES.index(n) for n in LEXICAL]
    np.testing.assert_array_equal(full[:, lexical_cols], lexical[:, lexical_cols])
    assert not lexical[:, dense_cols].any()
    # the cosine of each sentence with the question, from the model directly
    q = np.asarray(assistant.retriever.embed_model.get_query_embedding(state.analysis.text))
    s = np.asarray(assistant.retriever.embed_model.get_text_embedding_batch([x.text for x in state.sentences]))
    np.testing.assert_allclose(full[:, NAMES.index("dense")], s @ q, atol=1e-5)
    assert full[:, NAMES.index("dense_top")].sum() >= 1


def test_a_question_is_scored_the_same_whatever_was_asked_before_it(assistant, embed_model):
    """Sentence vectors are cached across questions: a sentence first embedded for another
    question (about the same article: their kept sentences overlap) must score as it does when
    this question comes first (same probabilities, so the same answer or the same refusal)."""
    asked = [
        "Ai là Bí thư Đảng ủy phường Hạc Thành?",
        "Đồng chí Nguyễn Văn Biện giữ những chức vụ gì?",
        "Phường Hạc Thành tổ chức hội nghị Ban Chấp hành Đảng bộ khi nào?",
    ]
    windows = [assistant.prepare(q, select=False) for q in asked]
    w = SelectorWeights.load()
    first = EvidenceSelector(EvidenceFeatures(embed_model, assistant.retriever.idf), w)
    later = EvidenceSelector(EvidenceFeatures(embed_model, assistant.retriever.idf), w)
    for state in windows[1:]:  # the other questions warm the second selector's cache
        later.score(state.analysis, list(state.sentences), state.passages)
    state = windows[0]
    # (score sets ``prob`` on the sentences themselves: read each result before the next)
    a = [(s.text, s.prob) for s in first.score(state.analysis, list(state.sentences), state.passages)]
    b = [(s.text, s.prob) for s in later.score(state.analysis, list(state.sentences), state.passages)]
    assert a == b


def test_the_ranker_reads_the_span_scorer_on_the_kept_sentences(assistant, windows):
    """A ranker that reads only the span score (no confidence model: probability = logistic of
    the score) gives each kept sentence the logistic of its best span's score, computed here with
    the span scorer directly; another span scorer (one preferring the worst span) changes them."""
    w = SelectorWeights.load()
    only_span = SelectorWeights(list(NAMES), np.zeros(len(NAMES)), np.ones(len(NAMES)), np.zeros(len(NAMES)), 0.0, 0.0)
    only_span.coef[NAMES.index("span_score")] = 1.0
    only_span.prefilter, only_span.keep = w.prefilter, w.keep
    state = windows[0]
    selector = EvidenceSelector(assistant.selector.features, only_span)
    lexical = selector.features.lexical(state.analysis, state.sentences, state.passages)
    kept, probs = selector.kept_probabilities(state.analysis, state.sentences, lexical)
    by_hand = np.array([span_strength(state.analysis, state.sentences[i].text)[0] for i in kept])
    np.testing.assert_allclose(probs, 1 / (1 + np.exp(-by_hand)), rtol=1e-4)
    shipped = ShortAnswerWeights.load()
    flipped = ShortAnswerWeights(list(shipped.features), shipped.mean, shipped.scale, -shipped.coef, 0.0, 0.5)
    selector.span_weights = flipped
    _, again = selector.kept_probabilities(state.analysis, state.sentences, lexical)
    assert not np.allclose(probs, again)


def test_a_new_name_beside_the_whole_asked_role_counts_more_than_beside_part_of_it():
    from assistant.answering.features import name_beside
    from assistant.answering.question import analyse

    def beside(question: str, terms: str, sentence: str) -> float:
        return name_beside(analyse(question), sentence, {t: 1.0 for t in terms.split()})  # terms weighed alike

    q, terms = "Ngoại trưởng Mỹ là ai?", "ngoai truong my"
    assert beside(q, terms, "Ông đã gặp Ngoại trưởng Mỹ Rex Tillerson tại Moscow.") == pytest.approx(1.0)
    # the role of another country: two of the three terms beside a name
    assert beside(q, terms, "Ông Putin bắt tay Ngoại trưởng Nga Sergei Lavrov.") == pytest.approx(2 / 3)
    # no new name beside the question's words; the sentence's capitalised first word is no name
    assert beside(q, terms, 'Ngoại trưởng Mỹ nhấn mạnh: "Chúng tôi sẽ tiếp tục đàm phán".') == 0.0
    assert beside(q, terms, "“Theo ngoại trưởng Mỹ, cuộc gặp diễn ra tốt đẹp.") == 0.0
    # across a comma or dash only a person's name: not a list of countries
    assert beside(q, terms, "Ngoại trưởng Mỹ, Nhật Bản và Hàn Quốc đã họp tại Tokyo.") == 0.0
    assert beside(q, terms, "Rex Tillerson, Ngoại trưởng Mỹ, phát biểu tại Hamburg.") == pytest.approx(1.0)
    q, terms = "Ai là đại sứ Nga tại Mỹ?", "dai su nga my"
    assert beside(q, terms, "Sergei Kislyak, đại sứ Nga tại Mỹ, cho biết như vậy.") == pytest.approx(1.0)
    assert beside(q, terms, "Tại Hà Nội, đại sứ Nga tại Mỹ cho biết như vậy.") == 0.0  # a place
    q, terms = "Ai là Giám đốc Sở Y tế?", "giam doc so y te"
    assert beside(q, terms, "Giám đốc Sở Y tế, ông Nguyễn Văn An, cho biết.") == pytest.approx(1.0)
    # an acronym stands for the words it spells; one the question writes too is the question's
    q, terms = "Bộ trưởng Bộ Giáo dục và Đào tạo là ai?", "bo truong giao duc dao tao"
    assert beside(q, terms, "Bộ trưởng GD&ĐT Phùng Xuân Nhạ phát biểu tại hội nghị.") == pytest.approx(1.0)
    q, terms = "Ai là Chủ tịch UBND TP.HCM?", "chu tich ubnd tp hcm"
    assert beside(q, terms, "Chủ tịch UBND TP.HCM Phan Văn Mãi ký quyết định.") == pytest.approx(1.0)
    assert beside(q, terms, "Chủ tịch UBND TP.HCM cho biết sẽ xử lý nghiêm.") == 0.0
    # other kinds of question: 0
    q = "Ngoại trưởng Mỹ đến Moscow khi nào?"
    assert beside(q, "ngoai truong my", "Ông đã gặp Ngoại trưởng Mỹ Rex Tillerson tại Moscow.") == 0.0
