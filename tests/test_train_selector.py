"""Training the selector: the pair-trained ranker orders sentences within a question, and the
threshold is the lowest confidence whose answers reach the stated precision."""

import numpy as np

from assistant.answering.features import NAMES
from eval.train_selector import fit_pairs, threshold_for


def test_threshold_is_the_lowest_confidence_reaching_the_precision():
    probs = np.array([0.5, 0.9, 0.7, 0.8, 0.6])
    correct = np.array([0, 1, 0, 1, 1])
    # best first: 0.9 ok, 0.8 ok, 0.7 wrong (2/3), 0.6 ok (3/4), 0.5 wrong (3/5)
    assert threshold_for(probs, correct, 0.75) == 0.6
    assert threshold_for(probs, correct, 0.9) == 0.8
    assert threshold_for(probs, correct, 0.5) == 0.5
    assert threshold_for(probs, correct, 1.01) > 0.9  # never reached: nothing is answered


def test_the_ranker_learns_what_orders_sentences_not_what_differs_between_questions():
    rng = np.random.default_rng(0)
    good, offset = NAMES.index("overlap"), NAMES.index("passage_rrf")
    xs, ys = [], []
    for i in range(60):
        # questions whose offset is high have more answering sentences: a model fitted on single
        # sentences would learn the offset; one fitted on pairs within a question cannot
        high = i % 2 == 0
        y = np.zeros(8, dtype=np.int8)
        y[rng.choice(8, 4 if high else 1, replace=False)] = 1
        x = rng.normal(size=(8, len(NAMES)))
        x[:, good] += 2.0 * y  # the answer stands out on this feature within its question
        x[:, offset] = (3.0 if high else -3.0) + rng.normal()  # the same for every sentence of a question
        xs.append(x)
        ys.append(y)
    w = fit_pairs(xs, ys)
    assert w.intercept == 0.0
    assert w.coef[good] > 1.0 and abs(w.coef[offset]) < 0.05
    firsts = [y[int(np.argmax(w.scores(x)))] == 1 for x, y in zip(xs, ys)]
    assert np.mean(firsts) > 0.8
