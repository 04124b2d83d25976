"""A logistic model's weights as a small JSON file, scored with numpy (no scikit-learn at
query time). The evidence selector and the short-answer scorer each subclass it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np


@dataclass
class LinearWeights:
    features: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float  # the calibrated cut-off of this model's confidence
    info: dict = field(default_factory=dict)

    EXPECTED: ClassVar[tuple[str, ...]] = ()  # the feature names the code computes, in order
    PATH: ClassVar[Path]  # the shipped weights
    RETRAIN: ClassVar[str] = ""  # the command that rebuilds them

    def scores(self, x: np.ndarray) -> np.ndarray:
        """The linear score of each row of ``x`` (standardised features)."""
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def to_dict(self) -> dict:
        r = lambda a: [round(float(v), 6) for v in a]  # noqa: E731
        return {
            "features": list(self.features),
            "mean": r(self.mean),
            "scale": r(self.scale),
            "coef": r(self.coef),
            "intercept": round(float(self.intercept), 6),
            "threshold": round(float(self.threshold), 6),
            "info": self.info,
        }

    @classmethod
    def from_dict(cls, d: dict):
        if list(d["features"]) != list(cls.EXPECTED):
            raise ValueError(f"weights were trained on other features; run `{cls.RETRAIN}`")
        arr = lambda k: np.asarray(d[k], dtype=np.float64)  # noqa: E731
        return cls(
            list(d["features"]),
            arr("mean"),
            arr("scale"),
            arr("coef"),
            float(d["intercept"]),
            float(d["threshold"]),
            d.get("info", {}),
        )

    @classmethod
    def load(cls, path: Path | None = None):
        return cls.from_dict(json.loads((path or cls.PATH).read_text(encoding="utf-8")))

    def save(self, path: Path | None = None) -> None:
        path = path or self.PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
