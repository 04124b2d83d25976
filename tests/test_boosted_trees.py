"""Boosted trees scored with numpy give scikit-learn's own scores, also after a JSON round trip."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from assistant.answering.boosted_trees import BoostedTrees


@pytest.fixture(scope="module")
def fitted():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(3000, 6))
    y = ((x[:, 0] * x[:, 1] > 0.2) | (x[:, 2] > 1.5)).astype(int)
    model = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=15, random_state=0).fit(x, y)
    return model, x


def test_scores_match_scikit_learn(fitted):
    model, x = fitted
    trees = BoostedTrees.from_sklearn(model)
    np.testing.assert_allclose(trees.raw(x), model.decision_function(x), atol=1e-9)


def test_a_json_round_trip_keeps_the_scores(fitted):
    model, x = fitted
    again = BoostedTrees.from_dict(json.loads(json.dumps(BoostedTrees.from_sklearn(model).to_dict())))
    np.testing.assert_allclose(again.raw(x), model.decision_function(x), atol=1e-4)  # leaf values kept to 6 decimals


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, (7, 6), elements=st.floats(-1e3, 1e3)))
def test_any_rows_score_like_scikit_learn(fitted, rows):
    model, _ = fitted
    trees = BoostedTrees.from_dict(BoostedTrees.from_sklearn(model).to_dict())
    np.testing.assert_allclose(trees.raw(rows), model.decision_function(rows), atol=1e-4)
