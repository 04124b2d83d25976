"""Names the question gives must stand in the article an answer comes from.

"Xã Phú Mỹ phấn đấu giảm bao nhiêu hộ nghèo?" asked of an archive without Phú Mỹ must not be
answered with another commune's figure, however alike the sentences are. A name counts as
present in an article when its syllables, accent-folded, all stand in one sentence or in the title
of what was retrieved of that article, words cut alike on both sides ("HSIANG FUH No.6"); side by
side, and with the question's accents, when each syllable is a common word once folded ("Hà Nội",
not "hà … nói"). A leading cue word ("ông Lê Văn Hải" is named by "Phó Giám đốc Lê Văn Hải") and
the question's capitalised first word ("Vậy Apple …") may be missing. Syllables scattered over an
article do not name anyone: "Lê Viết Tiến" is not in a round-up with "Lê Thụy Hải" in one
sentence, "Việt Nam" and "tiền vệ" in others. Only the
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


def _forms(q: Question, name: tuple[str, ...], typed: list[str]) -> list[tuple[tuple[str, ...], str | None]]:
    """Each way ``name`` may stand in an article: (its folded syllables, which must share a
    sentence; or, when each is a common word once folded, the name side by side, with the
    question's accents if it has them). ``typed``: the question's words, lower case."""
    stopwords = lexicon().stopwords
    folded = [fold_word(w) for w in typed]
    core = _without_cue(name)
    forms = [core]
    if core == name and len(name) > 1 and tuple(folded[: len(name)]) == name:
        forms.append(name[1:])  # a question's first word is capitalised anyway: "Vậy Apple …"
    out = []
    for form in forms:
        whole = None
        if set(form) <= stopwords:
            n = len(form)
            at = [i for i in range(len(folded) - n + 1) if tuple(folded[i : i + n]) == form] if q.accents else []
            whole = f" {' '.join(typed[at[0] : at[0] + n] if at else form)} "
        out.append((form, whole))
    return out


def _named(forms: list[tuple[tuple[str, ...], str | None]], texts: list[tuple[str, str]]) -> bool:
    """One of ``forms`` stands in one of ``texts`` ((folded, lower-case) " w1 w2 … " each)."""
    for form, whole in forms:
        for folded, lower in texts:
            if whole is not None and (whole in folded or whole in lower):
                return True
            if whole is None and all(f" {w} " in folded for w in form):
                return True
    return False


def articles_naming(q: Question, sentences: list[Sentence]) -> set[str]:
    """The ``doc_id`` of each article whose retrieved text names every sure name of the question."""
    if not q.sure_names:
        return {s.doc_id for s in sentences}
    texts: dict[str, list[tuple[str, str]]] = defaultdict(list)  # per article: its title and sentences
    for s in sentences:
        for text in ([s.title] if s.doc_id not in texts else []) + [s.text]:
            lower = lower_words(text)
            texts[s.doc_id].append((f" {' '.join(fold_word(w) for w in lower)} ", f" {' '.join(lower)} "))
    typed = lower_words(q.text)
    wanted = [_forms(q, name, typed) for name in q.sure_names]
    return {doc for doc, have in texts.items() if all(_named(forms, have) for forms in wanted)}
