"""Gradient-boosted trees (trained with scikit-learn's ``HistGradientBoostingClassifier``) as
plain arrays, scored with numpy: no scikit-learn at query time.

All trees are walked at once: each row starts at every tree's root and moves one level per step
until it reaches a leaf; the score is the baseline plus the leaves' values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class BoostedTrees:
    baseline: float
    feature: np.ndarray  # (trees, nodes) split feature of each node
    threshold: np.ndarray  # (trees, nodes) go left when x[feature] <= threshold
    left: np.ndarray  # (trees, nodes)
    right: np.ndarray  # (trees, nodes)
    leaf: np.ndarray  # (trees, nodes) bool
    value: np.ndarray  # (trees, nodes) a leaf's contribution
    depth: int  # the deepest leaf: steps enough for every row to reach one

    def raw(self, x: np.ndarray) -> np.ndarray:
        """The log-odds of each row of ``x``."""
        x = np.asarray(x, dtype=np.float64)
        trees = np.arange(self.feature.shape[0])[:, None]
        rows = np.arange(len(x))[None, :]
        node = np.zeros((len(trees), len(x)), dtype=np.int64)
        for _ in range(self.depth):
            go_left = x[rows, self.feature[trees, node]] <= self.threshold[trees, node]
            step = np.where(go_left, self.left[trees, node], self.right[trees, node])
            node = np.where(self.leaf[trees, node], node, step)
        return self.baseline + self.value[trees, node].sum(axis=0)

    @classmethod
    def from_sklearn(cls, model) -> BoostedTrees:
        """From a fitted binary ``HistGradientBoostingClassifier`` (numeric features, no missing
        values)."""
        nodes = [predictors[0].nodes for predictors in model._predictors]
        width = max(len(n) for n in nodes)

        def table(field: str, dtype) -> np.ndarray:
            out = np.zeros((len(nodes), width), dtype=dtype)
            for i, n in enumerate(nodes):
                out[i, : len(n)] = n[field]
            return out

        leaf = table("is_leaf", bool)
        leaf[:, :] |= np.arange(width)[None, :] >= np.array([len(n) for n in nodes])[:, None]  # padding
        return cls(
            baseline=float(np.ravel(model._baseline_prediction)[0]),
            feature=table("feature_idx", np.int64),
            threshold=table("num_threshold", np.float64),
            left=table("left", np.int64),
            right=table("right", np.int64),
            leaf=leaf,
            value=table("value", np.float64),
            depth=int(max(n["depth"].max() for n in nodes)),
        )

    def to_dict(self) -> dict:
        """Each tree as a list of nodes ``[feature, threshold, left, right, value]``; a leaf has
        feature -1."""
        trees = []
        for t in range(self.feature.shape[0]):
            used = int(np.max(np.concatenate([[0], self.left[t][~self.leaf[t]], self.right[t][~self.leaf[t]]]))) + 1
            trees.append(
                [
                    [
                        -1 if self.leaf[t, i] else int(self.feature[t, i]),
                        float(self.threshold[t, i]),  # exact: a rounded split could move a row
                        int(self.left[t, i]),
                        int(self.right[t, i]),
                        round(float(self.value[t, i]), 6),
                    ]
                    for i in range(used)
                ]
            )
        return {"baseline": round(self.baseline, 6), "depth": self.depth, "trees": trees}

    @classmethod
    def from_dict(cls, d: dict) -> BoostedTrees:
        trees = d["trees"]
        width = max(len(t) for t in trees)
        arr = np.zeros((len(trees), width, 5))
        arr[:, :, 0] = -1  # padding: leaves worth 0
        for i, t in enumerate(trees):
            arr[i, : len(t)] = t
        leaf = arr[:, :, 0] < 0
        return cls(
            baseline=float(d["baseline"]),
            feature=np.where(leaf, 0, arr[:, :, 0]).astype(np.int64),
            threshold=arr[:, :, 1],
            left=arr[:, :, 2].astype(np.int64),
            right=arr[:, :, 3].astype(np.int64),
            leaf=leaf,
            value=np.where(leaf, arr[:, :, 4], 0.0),
            depth=int(d["depth"]),
        )
