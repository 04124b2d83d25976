"""Names the question gives must stand in the article an answer comes from.

"Xã Phú Mỹ phấn đấu giảm bao nhiêu hộ nghèo?" asked of an archive without Phú Mỹ must not be
answered with another commune's figure, however alike the sentences are. A name counts as
present in an article when its syllables occur together and in order, accent-folded, in a
sentence or the title of what was retrieved of that article, words cut alike on both sides
("HSIANG FUH No.6"), a leading cue word aside ("ông Lê Văn Hải" is named by "Phó Giám đốc Lê Văn
Hải"). Syllables scattered over an article do not name anyone: "Lê Viết Tiến" is not in a round-up
that has "Lê Thụy Hải", "Việt Nam" and "tiền vệ", nor "Hà Nội" in one with "hà" and "nói". Only the
question's sure names are required (``Question.sure_names``): names of two or more syllables
("Phú Mỹ", "Thái Lan") and one-syllable names right after a place, person or organisation cue
of the lexicon ("xã Gào"). A lone capitalised word ("Giải thưởng Nobel", a translated
"Superbowl") is often spelt otherwise in the article: on held-out XQuAD-vi questions requiring
those too cost 9 right answers for 3 wrong ones avoided.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.answering.lexicon import lexicon
from assistant.answering.question import Question, lower_words
from assistant.answering.types import Sentence
from indexing.vietnamese import fold_word


def _without_cue(name: tuple[str, ...]) -> tuple[str, ...]:
    """``name`` without the person, place or organisation cue it may start with ("ong", "xa")."""
    lex = lexicon()
    cues = lex.person_cues | lex.place_cues | lex.organisation_cues
    for n in (2, 1):
        if len(name) > n and " ".join(name[:n]) in cues:
            return name[n:]
    return name


def _forms(q: Question, name: tuple[str, ...]) -> tuple[list[tuple[str, ...]], str | None]:
    """(the folded forms of ``name`` any of which names it, the name side by side with its accents
    when each syllable is a common word once folded and the question has accents)."""
    core = _without_cue(name)
    typed = lower_words(q.text)
    folded = [fold_word(w) for w in typed]
    forms = [core]
    if core == name and len(name) > 1 and tuple(folded[: len(name)]) == name:
        forms.append(name[1:])  # a question's first word is capitalised anyway: "Vậy Apple …"
    if not set(core) <= lexicon().stopwords:
        return forms, None
    for i in range(len(folded) - len(core) + 1):
        if q.accents and tuple(folded[i : i + len(core)]) == core:
            return forms, f" {' '.join(typed[i : i + len(core)])} "
    return forms, f" {' '.join(core)} "


def _named(forms: list[tuple[str, ...]], whole: str | None, texts: list[tuple[str, str]]) -> bool:
    """A form's syllables all in one of ``texts`` ((folded, lower-case) " w1 w2 … " each);
    ``whole``: side by side instead (accented when it has accents)."""
    if whole is not None:
        return any(whole in folded or whole in lower for folded, lower in texts)
    return any(all(f" {w} " in folded for w in form) for form in forms for folded, _ in texts)


def articles_naming(q: Question, sentences: list[Sentence]) -> set[str]:
    """The ``doc_id`` of each article whose retrieved text names every sure name of the question."""
    if not q.sure_names:
        return {s.doc_id for s in sentences}
    texts: dict[str, list[tuple[str, str]]] = defaultdict(list)  # per article: its title and sentences
    for s in sentences:
        for text in ([s.title] if s.doc_id not in texts else []) + [s.text]:
            lower = lower_words(text)
            texts[s.doc_id].append((f" {' '.join(fold_word(w) for w in lower)} ", f" {' '.join(lower)} "))
    wanted = [_forms(q, name) for name in q.sure_names]
    return {doc for doc, have in texts.items() if all(_named(forms, whole, have) for forms, whole in wanted)}
