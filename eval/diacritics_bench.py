"""``hoidap bench diacritics``: how well accents are restored on questions typed without them.

Each set's articles give the model (as an index of them would); its accented questions are
stripped of diacritics and restored. Baseline in the same run: every syllable takes its most
frequent accented form in the same articles (no context); the model before 2026-12-07, whose
lower-order estimates had a fixed weight (10, chosen on the XQuAD-vi questions) where the model
now uses Witten-Bell weights (none tuned); and the model as counted until 2026-12-07 (evening),
which differs only on archives above ~3,500 articles (``--distractors 10000``). The news
questions were not used to tune anything.
"""

from __future__ import annotations

import argparse
import time
import unicodedata
from pathlib import Path

from eval.qa_sets import news_articles, news_items, xquad


def strip_accents(text: str) -> str:
    """Diacritics removed, case kept (what a user typing without accents produces)."""
    out = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", out.replace("đ", "d").replace("Đ", "D"))


def _words(text: str) -> list[str]:
    from indexing.vietnamese import syllables

    return [w for w in syllables(text) if w.isalpha()]


def score(restore, questions: list[str]) -> dict:
    """Syllable accuracy and whole-question accuracy of ``restore`` on accented ``questions``."""
    right = total = exact = 0
    started = time.perf_counter()
    for q in questions:
        gold, got = _words(q), _words(restore(strip_accents(q)))
        if len(got) != len(gold):  # restoration never changes the words, only their accents
            raise AssertionError(f"restoration changed the words of {q!r}")
        same = sum(a == b for a, b in zip(got, gold))
        right, total, exact = right + same, total + len(gold), exact + (same == len(gold))
    return {
        "syllable_accuracy": right / max(1, total),
        "question_exact": exact / max(1, len(questions)),
        "ms_per_question": 1000 * (time.perf_counter() - started) / max(1, len(questions)),
        "questions": len(questions),
    }


def _fixed_weight(model):
    """``model``'s counts under the earlier smoothing: every lower order weighs a fixed 10."""
    import math

    from indexing.diacritics import DiacriticModel

    class FixedWeight(DiacriticModel):
        def _logp(self, history: tuple[str, ...], w: str) -> float:
            p = (self.unigrams.get(w, 0) + 0.1) / (self.total + 0.1 * len(self.unigrams))
            for n in range(1, len(history) + 1):
                h = " ".join(history[-n:])
                counts = self.bigrams if n == 1 else self.trigrams
                p = (counts.get(f"{h} {w}", 0) + 10.0 * p) / (self.histories.get(h, (0, 0))[0] + 10.0)
            return math.log(p)

    return FixedWeight(model.unigrams, model.bigrams, model.trigrams)


def _sampled_before(texts: list[list[str]]):
    """The model as counted until 2026-12-07 (evening): word pairs and triples of a sample of 2M
    syllables, and Witten-Bell weights from the n-grams kept after the 400k cut (the same as the
    model's below ~3,500 articles)."""
    import indexing.diacritics as diacritics

    old = diacritics.SAMPLE_TOKENS
    diacritics.SAMPLE_TOKENS = 2_000_000
    try:
        m = diacritics.DiacriticModel.from_sequences(texts)
    finally:
        diacritics.SAMPLE_TOKENS = old
    return diacritics.DiacriticModel(m.unigrams, m.bigrams, m.trigrams)  # histories from the kept n-grams


def run(name: str, texts: list[str], questions: list[str]) -> dict:
    from assistant.answering.lexicon import lexicon
    from indexing.diacritics import DiacriticModel
    from indexing.vietnamese import syllables

    sequences = [syllables(t) for t in texts]
    phrases = lexicon().restore_phrases
    started = time.perf_counter()
    model = DiacriticModel.from_sequences(sequences).with_phrases(phrases)
    built = time.perf_counter() - started
    unigram = DiacriticModel(model.unigrams, {}, {})  # baseline: most frequent form, no context
    return {
        "set": name,
        "articles": len(texts),
        "syllables": sum(map(len, sequences)),
        "build_s": built,
        "model": score(model.restore, questions),
        "sampled_before": score(_sampled_before(sequences).with_phrases(phrases).restore, questions),
        "fixed_weight": score(_fixed_weight(model).restore, questions),
        "most_frequent_form": score(unigram.restore, questions),
        "unrestored": score(lambda q: q, questions),
    }


def main(args: argparse.Namespace) -> int:
    from eval.bench import _write

    articles, items = xquad(Path(args.shared))
    sets = [run("XQuAD-vi (tuned on)", [a.text for a in articles], [i.question for i in items])]
    news = news_items()
    arts = news_articles({i.group for i in news}, args.distractors, Path(args.shared))
    asked = [i.question for i in news if i.accents]
    sets.append(run("news set (held out)", [f"{a.title}\n{a.text}" for a in arts], asked))
    lines = [
        "# Diacritic restoration of questions typed without accents (`hoidap bench diacritics`)",
        "",
        "| questions | articles | system | syllables right | questions fully right | ms / question |",
        "|---|---|---|---|---|---|",
    ]
    for r in sets:
        for key, label in (
            ("model", "hoidap: n-gram model of the indexed text (Witten-Bell)"),
            (
                "sampled_before",
                "baseline: pairs and triples of a 2M-syllable sample, weights after the cut (until 2026-12-07)",
            ),
            ("fixed_weight", "baseline: the same counts, fixed lower-order weight (until 2026-12-07)"),
            ("most_frequent_form", "baseline: most frequent form per syllable"),
            ("unrestored", "baseline: left without accents"),
        ):
            s = r[key]
            size = f"{r['articles']:,} ({r['syllables']:,} syllables)"
            lines.append(
                f"| {r['set']} ({s['questions']}) | {size} | {label} | {s['syllable_accuracy']:.3f} | "
                f"{s['question_exact']:.3f} | {s['ms_per_question']:.2f} |"
            )
    _write(Path(args.out), "diacritics", {"sets": sets}, lines)
    return 0
