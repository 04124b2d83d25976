"""Answer-level scores for labelled sets: contains-gold, wrong, declined, short-answer EM/F1.

Token normalisation here is deliberately independent of the answering code: NFC, lower case,
punctuation dropped, whitespace split (SQuAD-style)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from eval.matching import contains


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"(?<=\d)[.,](?=\d{3}\b)", "", text)  # 1.250 -> 1250
    text = re.sub(r"[^\w%]+", " ", text)
    return text.split()


def exact(pred: str, gold: str) -> float:
    return float(_tokens(pred) == _tokens(gold))


def f1(pred: str, gold: str) -> float:
    p, g = _tokens(pred), _tokens(gold)
    common = sum((Counter(p) & Counter(g)).values())
    if not p or not g or not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def holds(text: str, groups: list[list[str]]) -> bool:
    """Every required fact (one alias per group) appears in ``text``."""
    return bool(groups) and all(any(contains(text, a) for a in group) for group in groups)


@dataclass
class Outcome:
    """One question's result under one system."""

    answerable: bool
    answered: bool
    correct: bool  # answered and holds the gold
    em: float = 0.0
    f1: float = 0.0
    accents: bool = True
    seconds: float = 0.0


def outcome(
    groups: list[list[str]], answered: bool, text: str, short: str, accents: bool = True, seconds: float = 0.0
) -> Outcome:
    if not groups:
        return Outcome(False, answered, False, accents=accents, seconds=seconds)
    correct = answered and holds(text, groups)
    pred = short or text
    em = max((exact(pred, a) for a in groups[0]), default=0.0) if answered else 0.0
    f = max((f1(pred, a) for a in groups[0]), default=0.0) if answered else 0.0
    return Outcome(True, answered, correct, em, f, accents, seconds)


def summary(rows: list[Outcome]) -> dict:
    ans = [r for r in rows if r.answerable]
    una = [r for r in rows if not r.answerable]
    n = max(1, len(ans))
    out = {
        "n": len(rows),
        "answerable": len(ans),
        "contains_gold": sum(r.correct for r in ans) / n,
        "wrong": sum(r.answered and not r.correct for r in ans) / n,
        "declined": sum(not r.answered for r in ans) / n,
        "short_em": sum(r.em for r in ans) / n,
        "short_f1": sum(r.f1 for r in ans) / n,
    }
    if una:
        out["unanswerable"] = len(una)
        out["unanswerable_answered"] = sum(r.answered for r in una) / len(una)
    return out
