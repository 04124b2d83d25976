"""Names the question gives must stand in the article an answer comes from.

"Xã Lơ Pang phấn đấu giảm bao nhiêu hộ nghèo?" asked of an archive without Lơ Pang must not be
answered with another commune's figure, however alike the sentences are. A capitalised name of
the question (``Question.names``, accent-folded) counts as present in an article when each of
its syllables occurs in what was retrieved of that article (sentences and title). Only names
that surely name something are required: those of two or more syllables ("Lơ Pang", "Thái Lan")
and one-syllable names right after a place, person or organisation cue of the lexicon ("xã Gào",
"làng Krông"). A lone capitalised word ("Giải thưởng Nobel", a translated "Superbowl") is often
spelt otherwise in the article: on held-out XQuAD-vi questions requiring those too cost 9 right
answers for 3 wrong ones avoided.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.answering.lexicon import lexicon
from assistant.answering.question import Question
from assistant.answering.types import Sentence
from indexing.vietnamese import fold_word, syllables


def _words(text: str) -> set[str]:
    return {fold_word(s) for s in syllables(text)}


def required_names(q: Question) -> list[tuple[str, ...]]:
    """The question's names an answer's article must hold (see the module's docstring)."""
    lex = lexicon()
    cues = lex.place_cues | lex.person_cues | lex.organisation_cues
    folded = [fold_word(s) for s in syllables(q.text)]
    after_cue = {
        folded[i]
        for i in range(1, len(folded))
        if folded[i - 1] in cues or (i >= 2 and f"{folded[i - 2]} {folded[i - 1]}" in cues)
    }
    return [n for n in q.names if len(n) >= 2 or n[0] in after_cue]


def articles_naming(q: Question, sentences: list[Sentence]) -> set[str]:
    """The ``doc_id`` of each article whose retrieved text holds every required name."""
    names = required_names(q)
    if not names:
        return {s.doc_id for s in sentences}
    words: dict[str, set[str]] = defaultdict(set)
    for s in sentences:
        if s.doc_id not in words:
            words[s.doc_id] |= _words(s.title)
        words[s.doc_id] |= _words(s.text)
    return {doc for doc, have in words.items() if all(set(name) <= have for name in names)}
