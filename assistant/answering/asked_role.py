"""A role holder asked about must not be answered with the deputy.

"Ai là Chủ tịch UBND xã …?" must not be answered with "ông X, Phó Chủ tịch UBND xã …": the
sentence holds the question's words and a person, but another person. The selector cannot see
it (every question word is there); here it is required: a sentence that names a role the
question asks about only after a deputy prefix ("phó") is not evidence for it. A sentence that
also names the role itself, or does not name it at all, is left to the selector.
"""

from __future__ import annotations

from assistant.answering.lexicon import lexicon
from assistant.answering.question import Question
from indexing.vietnamese import fold_word, syllables


def about_asked_role(q: Question, text: str) -> bool:
    """False only when ``text`` names a role of ``q.roles`` and every time after a deputy prefix."""
    if not q.roles:
        return True
    words = syllables(text)  # lower case
    folded = [fold_word(w) for w in words]
    lex = lexicon()
    for role in q.roles:
        n = len(role)
        at = [i for i in range(len(folded) - n + 1) if tuple(folded[i : i + n]) == role]
        if at and all(i > 0 and lex.is_deputy_prefix(words[i - 1]) for i in at):
            return False
    return True
