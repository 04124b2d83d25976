"""The sentence window: every sentence of the retrieved passages, per article in text order,
so evidence can be read across chunk edges and with the sentence before it."""

from __future__ import annotations

from assistant.answering.injection import looks_like_instruction
from assistant.answering.types import Sentence
from assistant.retrieval.passage import Passage
from indexing.chunking import split_sentences

MIN_CHARS = 12  # shorter pieces ("Ảnh: …", list numbers) are not evidence


class SentenceWindow:
    """Passages in → candidate sentences out (deduplicated where chunks overlap)."""

    def __call__(self, passages: list[Passage]) -> list[Sentence]:
        by_doc: dict[str, dict[int, Sentence]] = {}
        for n, p in enumerate(passages, 1):
            sents = by_doc.setdefault(p.doc_id, {})
            for s in split_sentences(p.text):
                start = p.start + s.start
                if start in sents:  # overlapping chunks: keep the better-ranked passage
                    continue
                text = p.text[s.start : s.end]
                sents[start] = Sentence(n, p.doc_id, p.title, text, start, p.start + s.end, n - 1, 0)
        out: list[Sentence] = []
        for sents in by_doc.values():
            ordered = [sents[k] for k in sorted(sents)]
            for i, s in enumerate(ordered):
                s.order = i
                if i and ordered[i - 1].end >= s.start - 3:
                    s.previous = ordered[i - 1].text
                    ordered[i - 1].following = s.text
            out += [s for s in ordered if len(s.text.strip()) >= MIN_CHARS and not looks_like_instruction(s.text)]
        return out
