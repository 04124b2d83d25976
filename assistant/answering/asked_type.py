"""A number or a date asked for must stand in the evidence sentence.

"Con của sản phụ nặng bao nhiêu?" must not be answered with a sentence that holds no figure but
the question's own, nor "… vào ngày nào?" with a sentence without a date. The selector already
weighs this (``features._answer_candidate``) but a sentence close enough in words can outweigh it;
here it is required. Only for numbers and dates: "ai …?" is often answered by a common noun
("các nhà địa tầng học") and a place or organisation by a lower-case phrase, so those kinds are
left to the selector.
"""

from __future__ import annotations

import re

from assistant.answering.question import Question
from assistant.answering.short_answer import FIGURE, candidates
from indexing.vietnamese import fold, syllables

GATED = ("number", "date")
_DIGITS = re.compile(FIGURE)


def holds_asked_type(q: Question, text: str) -> bool:
    """False only when ``q`` asks a number or date and ``text`` holds none besides the question's."""
    if q.kind not in GATED:
        return True
    asked = set(q.terms) | set(q.years) | set(q.numbers) | set(q.cue_words)
    if any(m.group(0) not in asked for m in _DIGITS.finditer(text)):  # any figure the question lacks
        return True
    return any(any(fold(w) not in asked for w in syllables(s.text)) for s in candidates(q.kind, text))
