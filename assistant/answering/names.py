"""Names the question gives must stand in the article an answer comes from.

"Xã Phú Mỹ phấn đấu giảm bao nhiêu hộ nghèo?" asked of an archive without Phú Mỹ must not be
answered with another commune's figure, however alike the sentences are. A name counts as
present in an article when each of its syllables occurs, accent-folded, in what was retrieved of
that article (sentences and title), words cut alike on both sides ("HSIANG FUH No.6"). Only the
question's sure names are required (``Question.sure_names``): names of two or more syllables
("Phú Mỹ", "Thái Lan") and one-syllable names right after a place, person or organisation cue
of the lexicon ("xã Gào"). A lone capitalised word ("Giải thưởng Nobel", a translated
"Superbowl") is often spelt otherwise in the article: on held-out XQuAD-vi questions requiring
those too cost 9 right answers for 3 wrong ones avoided.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.answering.question import Question, name_words
from assistant.answering.types import Sentence


def articles_naming(q: Question, sentences: list[Sentence]) -> set[str]:
    """The ``doc_id`` of each article whose retrieved text holds every sure name of the question."""
    if not q.sure_names:
        return {s.doc_id for s in sentences}
    words: dict[str, set[str]] = defaultdict(set)
    for s in sentences:
        if s.doc_id not in words:
            words[s.doc_id].update(name_words(s.title))
        words[s.doc_id].update(name_words(s.text))
    return {doc for doc, have in words.items() if all(set(name) <= have for name in q.sure_names)}
