"""The confidence stage: each scored sentence read against the others of its window, and the
shipped calibration model that turns that into the probability the threshold applies to."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.answering.confidence import ALONE_LEAD, CONFIDENCE, SENTENCE, ConfidenceTrees, confidence_features
from assistant.answering.features import NAMES
from assistant.answering.question import analyse
from assistant.answering.selector import SelectorWeights
from assistant.answering.types import Sentence

Q = analyse("Tỉnh Quảng Trị có bao nhiêu học sinh đạt giải?")
col = CONFIDENCE.index


def window(docs) -> list[Sentence]:
    return [Sentence(n=1, doc_id=d, title="", text="", start=0, end=0, rank=0, order=i) for i, d in enumerate(docs)]


def rows(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((n, len(NAMES)))


def test_lead_share_and_article_share_by_hand():
    scores = np.array([2.0, 0.5, 1.0])
    z = confidence_features(Q, window(["a", "b", "a"]), rows(3), scores)
    assert z[:, col("lead")].tolist() == pytest.approx([1.0, -1.5, -1.0])  # 2 - 1, 0.5 - 2, 1 - 2
    e = [np.e**2, np.e**0.5, np.e**1]
    share = [v / sum(e) for v in e]
    assert z[:, col("share")].tolist() == pytest.approx(share)
    assert z[:, col("article_share")].tolist() == pytest.approx([share[0] + share[2], share[1], share[0] + share[2]])


def test_question_kind_and_size_and_sentence_columns():
    x = rows(2, seed=1)
    z = confidence_features(Q, window(["a", "b"]), x, np.array([0.3, 0.1]))
    assert Q.kind == "number"
    kinds = [n for n in CONFIDENCE if n.startswith("kind_")]
    assert [n for n in kinds if z[0, col(n)] == 1.0] == ["kind_number"]
    assert sum(z[0, col(n)] for n in kinds) == 1.0
    assert z[1, col("question_terms")] == len(Q.terms) and z[1, col("question_names")] == len(Q.names)
    for name in SENTENCE:
        assert z[:, col(name)].tolist() == x[:, NAMES.index(name)].tolist()


def test_a_sentence_with_no_rival_and_an_empty_window():
    z = confidence_features(Q, window(["a"]), rows(1), np.array([-3.0]))
    assert z[0, col("lead")] == ALONE_LEAD and z[0, col("share")] == pytest.approx(1.0)
    assert confidence_features(Q, window([]), rows(0), np.array([])).shape == (0, len(CONFIDENCE))


@given(st.lists(st.floats(-20, 20), min_size=2, max_size=15), st.randoms(use_true_random=False))
def test_invariants_under_any_scores_and_order(scores, rnd):
    scores = np.array(scores)
    docs = [rnd.choice("abc") for _ in scores]
    z = confidence_features(Q, window(docs), rows(len(scores)), scores)
    assert z[:, col("share")].sum() == pytest.approx(1.0)
    assert np.all(z[:, col("article_share")] >= z[:, col("share")] - 1e-12)
    best = int(np.argmax(scores))
    second = np.sort(scores)[-2]
    assert z[best, col("lead")] == pytest.approx(scores[best] - second)
    assert np.all(np.delete(z[:, col("lead")], best) <= 0)  # only the best can lead
    # the rows follow their sentences when the window is reordered
    perm = np.array(rnd.sample(range(len(scores)), len(scores)))
    z2 = confidence_features(Q, window([docs[i] for i in perm]), rows(len(scores))[perm], scores[perm])
    np.testing.assert_allclose(z2, z[perm], atol=1e-9)


def test_shipped_weights_have_the_confidence_stage_and_it_survives_a_round_trip(tmp_path):
    w = SelectorWeights.load()
    assert w.confidence is not None and w.confidence.features == list(CONFIDENCE)
    assert 0.5 <= w.threshold < 1.0
    w.save(tmp_path / "w.json")
    again = SelectorWeights.load(tmp_path / "w.json")
    z = confidence_features(Q, window(["a", "b", "c"]), rows(3, seed=2), np.array([1.0, 0.2, -1.0]))
    np.testing.assert_allclose(again.confidence.probabilities(z), w.confidence.probabilities(z), atol=1e-9)
    # the same best sentence (same score, same features) is trusted more when it is far ahead of
    # its rival than when the two are tied
    x = np.tile(rows(1, seed=3), (2, 1))
    tied = w.confidence.probabilities(confidence_features(Q, window(["a", "b"]), x, np.array([1.0, 0.99])))
    ahead = w.confidence.probabilities(confidence_features(Q, window(["a", "b"]), x, np.array([1.0, -3.0])))
    assert 0.0 < tied[0] <= ahead[0] < 1.0


def _fitted_on_noise(seed: int = 0):
    """A confidence model fitted on random rows whose label depends on the lead and one other
    column, as ``hoidap train-selector`` fits it, and the scikit-learn model it was exported from."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from eval.train_selector import TREES

    rng = np.random.default_rng(seed)
    z = rng.normal(size=(400, len(CONFIDENCE)))
    z[rng.random(z.shape) < 0.02] = np.nan  # missing values take the trees' learned side
    y = (np.nan_to_num(z[:, col("lead")]) + 0.5 * np.nan_to_num(z[:, col("dense")]) + rng.normal(0, 0.5, 400)) > 0
    model = HistGradientBoostingClassifier(**TREES, early_stopping=False, random_state=0).fit(z, y)
    return ConfidenceTrees.from_sklearn(model), model, rng


def test_exported_trees_give_scikit_learns_probabilities(tmp_path):
    trees, model, rng = _fitted_on_noise()
    z = rng.normal(size=(300, len(CONFIDENCE)))
    z[rng.random(z.shape) < 0.05] = np.nan
    expected = model.predict_proba(z)[:, 1]
    np.testing.assert_allclose(trees.probabilities(z), expected, atol=1e-9)
    again = ConfidenceTrees.from_dict(json.loads(json.dumps(trees.to_dict())))  # through the weights file
    np.testing.assert_allclose(again.probabilities(z), expected, atol=1e-6)
    assert trees.probabilities(np.zeros((0, len(CONFIDENCE)))).shape == (0,)


def test_the_confidence_never_falls_as_the_lead_grows():
    from eval.train_selector import fit_confidence

    rng = np.random.default_rng(4)
    z = rng.normal(size=(500, len(CONFIDENCE)))
    # a noisy label that, by itself, would teach the trees a dip in the lead
    y = (np.sin(3 * z[:, col("lead")]) + rng.normal(0, 0.3, 500)) > 0
    trees = fit_confidence(z, y.astype(int))
    for row in rng.normal(size=(20, len(CONFIDENCE))):
        grid = np.tile(row, (50, 1))
        grid[:, col("lead")] = np.linspace(-3, 3, 50)
        p = trees.probabilities(grid)
        assert np.all(np.diff(p) >= -1e-12)


def test_weights_from_another_feature_set_are_refused():
    trees, _, _ = _fitted_on_noise()
    d = trees.to_dict()
    d["features"] = d["features"][:-1]
    with pytest.raises(ValueError, match="train-selector"):
        ConfidenceTrees.from_dict(d)
