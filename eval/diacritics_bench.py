"""``hoidap bench diacritics``: how well accents are restored on questions typed without them.

Each set's articles give the model (as an index of them would); its accented questions are
stripped of diacritics and restored. Baseline in the same run: every syllable takes its most
frequent accented form in the same articles (no context); the model before 2026-12-07, whose
lower-order estimates had a fixed weight (10, chosen on the XQuAD-vi questions) where the model
now uses Witten-Bell weights (none tuned); and the model as counted until 2026-12-07 (evening),
which differs only on archives above ~3,500 articles (``--distractors 10000``); and the
indexed text alone, without the general word list (until 2026-12-07, late). ``--small N`` adds
archives of N articles (each question's own and N-1 others), where the word list matters most.
The news questions were not used to tune anything (the word list's weight was chosen on
XQuAD-vi).
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
        "syllables": total,
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
    """Every system on one archive holding all of ``texts``."""
    from assistant.answering.lexicon import lexicon
    from indexing.diacritics import DiacriticModel, question_model
    from indexing.vietnamese import syllables

    sequences = [syllables(t) for t in texts]
    phrases = lexicon().restore_phrases
    started = time.perf_counter()
    archive = DiacriticModel.from_sequences(sequences)
    model = question_model(archive, phrases)
    built = time.perf_counter() - started
    own = archive.with_phrases(phrases)
    unigram = DiacriticModel(own.unigrams, {}, {})  # baseline: most frequent form, no context
    return {
        "set": name,
        "articles": len(texts),
        "syllables": sum(map(len, sequences)),
        "build_s": built,
        "model": score(model.restore, questions),
        "archive_only": score(own.restore, questions),
        "sampled_before": score(_sampled_before(sequences).with_phrases(phrases).restore, questions),
        "fixed_weight": score(_fixed_weight(own).restore, questions),
        "most_frequent_form": score(unigram.restore, questions),
        "unrestored": score(lambda q: q, questions),
    }


def run_small(name: str, texts: dict[str, str], questions: dict[str, list[str]], size: int) -> dict:
    """Small archives, as a user starting out has: each article's questions restored with a
    model of that article and ``size - 1`` others drawn at random (seeded)."""
    import random

    from assistant.answering.lexicon import lexicon
    from indexing.diacritics import DiacriticModel, question_model
    from indexing.vietnamese import syllables

    rng = random.Random(0)
    phrases = lexicon().restore_phrases
    ids = sorted(texts)
    totals: dict[str, list[float]] = {}
    for doc, asked in sorted(questions.items()):
        others = rng.sample([d for d in ids if d != doc], min(size - 1, len(ids) - 1))
        archive = DiacriticModel.from_sequences(syllables(texts[d]) for d in [doc, *others])
        own = archive.with_phrases(phrases)
        systems = {
            "model": question_model(archive, phrases),
            "archive_only": own,
            "most_frequent_form": DiacriticModel(own.unigrams, {}, {}),
        }
        for key, m in systems.items():
            got = score(m.restore, asked)
            row = totals.setdefault(key, [0.0, 0.0, 0.0, 0.0])
            n_syll = got["syllables"]
            row[0] += got["syllable_accuracy"] * n_syll
            row[1] += n_syll
            row[2] += got["question_exact"] * len(asked)
            row[3] += len(asked)
    out: dict = {"set": name, "articles": size, "syllables": 0, "small": True}
    for key, (right, syll, exact, n) in totals.items():
        out[key] = {
            "syllable_accuracy": right / max(1, syll),
            "question_exact": exact / max(1, n),
            "ms_per_question": None,
            "questions": int(n),
        }
    return out


LABELS = {
    "model": "hoidap: n-gram model of the indexed text (Witten-Bell) + a general word list at weight 0.01",
    "archive_only": "baseline: the indexed text alone (until 2026-12-07)",
    "sampled_before": "baseline: pairs and triples of a 2M-syllable sample, weights after the cut (until 2026-12-07)",
    "fixed_weight": "baseline: the indexed text alone, fixed lower-order weight (until 2026-12-07)",
    "most_frequent_form": "baseline: most frequent form per syllable",
    "unrestored": "baseline: left without accents",
}


def main(args: argparse.Namespace) -> int:
    from eval.bench import _write

    articles, items = xquad(Path(args.shared))
    sets = [run("XQuAD-vi (tuned on)", [a.text for a in articles], [i.question for i in items])]
    news = news_items()
    arts = news_articles({i.group for i in news}, args.distractors, Path(args.shared))
    asked = [i.question for i in news if i.accents]
    sets.append(run("news set (held out)", [f"{a.title}\n{a.text}" for a in arts], asked))
    if args.small > 1:
        by_doc: dict[str, list[str]] = {}
        for i in items:
            by_doc.setdefault(i.gold[0], []).append(i.question)
        sets.append(run_small("XQuAD-vi (tuned on)", {a.doc_id: a.text for a in articles}, by_doc, args.small))
        own_ids = {i.group for i in news}
        news_texts = {a.doc_id: f"{a.title}\n{a.text}" for a in arts if a.doc_id in own_ids}
        by_doc = {}
        for i in news:
            if i.accents:
                by_doc.setdefault(i.group, []).append(i.question)
        sets.append(run_small("news set (held out)", news_texts, by_doc, args.small))
    lines = [
        "# Diacritic restoration of questions typed without accents (`hoidap bench diacritics`)",
        "",
        "| questions | articles | system | syllables right | questions fully right | ms / question |",
        "|---|---|---|---|---|---|",
    ]
    for r in sets:
        for key, label in LABELS.items():
            if key not in r:
                continue
            s = r[key]
            size = (
                f"{r['articles']} each (its own + {r['articles'] - 1} others)"
                if r.get("small")
                else f"{r['articles']:,} ({r['syllables']:,} syllables)"
            )
            ms = "–" if s["ms_per_question"] is None else f"{s['ms_per_question']:.2f}"
            lines.append(
                f"| {r['set']} ({s['questions']}) | {size} | {label} | {s['syllable_accuracy']:.3f} | "
                f"{s['question_exact']:.3f} | {ms} |"
            )
    _write(Path(args.out), "diacritics", {"sets": sets}, lines)
    return 0
