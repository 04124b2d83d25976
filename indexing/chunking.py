"""Cut an article into sentence-aligned chunks sized in embedding-model tokens.

Each chunk is a llama-index ``TextNode`` whose text is an exact slice of the cleaned article
(``start_char_idx``/``end_char_idx``), so a citation can highlight the span. The title is
prepended only for embedding (``MetadataMode.EMBED``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

from indexing.articles import Article
from indexing.lexical_index import lexical_tokens

TokenCounter = Callable[[Sequence[str]], list[int]]

# "TP.", "Q.", "TS.", "ThS.", "v.v." and single initials ("N.") do not end a sentence
_ABBREV = {
    "tp",
    "q",
    "p",
    "tx",
    "tt",
    "ts",
    "ths",
    "pgs",
    "gs",
    "bs",
    "ks",
    "ls",
    "th",
    "st",
    "mr",
    "ms",
    "dr",
    "no",
    "vv",
    "v.v",
    "tr",
    "đ",
    "x",
    "h",
    "kts",
    "cn",
    "nxb",
    "tbt",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-ZĐÀ-Ỹ0-9*(•–-])")
_LEX_FIELDS = ("lex",)
_OPENERS = json.loads((Path(__file__).parent / "sentence_openers.json").read_text(encoding="utf-8"))["openers"]
# a heading glued to the next sentence: a word, a space, then an opener; ``_unglued`` keeps the cut
# only when a lower-case letter, a digit or a comma follows the opener
_GLUED = re.compile(
    r"(?<=[\w\"”’)\]])\s+(?=(?:"
    + "|".join(re.escape(o) for o in sorted(_OPENERS, key=len, reverse=True))
    + r")(?P<gap>[\s,]+)(?P<next>\w))"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Sentence spans: paragraph breaks always split; "." only before a capital or digit,
    and not after an abbreviation or an initial. Numbers like 1.189 or 7,5% never split."""
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        chunk = para.group(0)
        for m in _BOUNDARY.finditer(chunk):
            word = re.search(r"([\wĐđ.]+)[.!?…]*[\"”’)\]]*$", chunk[: m.end()])
            token = word.group(1).rstrip(".").lower() if word else ""
            initials = re.fullmatch(r"([^\W\d_]\.)*[^\W\d_]", token) is not None and len(token) <= 5  # not "4-0."
            before = chunk[word.start() - 1] if word and word.start() else ""
            unit = before == "/" or before.isdigit()  # "22km/h." and "17h." end a sentence
            if m.group(0).startswith(".") and (token in _ABBREV or initials) and not unit:
                continue
            end = para.start() + m.end()
            spans += _unglued(text, start, end)
            start = end
        spans += _unglued(text, start, para.end())
    return spans


def _unglued(text: str, start: int, end: int) -> list[Span]:
    """``text[start:end]`` (one sentence by its punctuation) cut before each glued opener."""
    out = []
    for m in _GLUED.finditer(text, start, end):
        if not (m.group("next").islower() or m.group("next").isdigit() or "," in m.group("gap")):
            continue  # "Theo Ủy ban …", "Để Đời": a name follows
        if text[start : m.start()].strip():
            out.append(_trim(text, start, m.start()))
            start = m.end()
    if text[start:end].strip():
        out.append(_trim(text, start, end))
    return out


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _split_long(text: str, span: Span, tokens: int, limit: int) -> list[Span]:
    """Cut an over-long sentence at word boundaries into pieces of about ``limit`` tokens."""
    pieces = max(2, -(-tokens // limit))
    step = (span.end - span.start) / pieces
    out, start = [], span.start
    for i in range(1, pieces):
        cut = int(span.start + i * step)
        space = text.rfind(" ", start + 1, cut + 1)
        cut = space if space > start else cut
        out.append(Span(start, cut))
        start = cut + 1 if text[cut : cut + 1] == " " else cut
    out.append(Span(start, span.end))
    return [s for s in out if s.end > s.start]


def pack(text: str, spans: list[Span], counts: list[int], size: int, overlap: int) -> list[Span]:
    """Group consecutive sentences into chunks of at most ``size`` tokens, repeating up to
    ``overlap`` tokens of trailing sentences at the start of the next chunk."""
    units: list[tuple[Span, int]] = []
    for span, n in zip(spans, counts):
        if n > size:
            parts = _split_long(text, span, n, size)
            units += [(p, max(1, n * (p.end - p.start) // max(1, span.end - span.start))) for p in parts]
        else:
            units.append((span, n))
    chunks: list[Span] = []
    i = 0
    while i < len(units):
        j, total = i, 0
        while j < len(units) and (j == i or total + units[j][1] <= size):
            total += units[j][1]
            j += 1
        chunks.append(Span(units[i][0].start, units[j - 1][0].end))
        if j >= len(units):
            break
        back, k = 0, j
        while k - 1 > i and back + units[k - 1][1] <= overlap:
            back += units[k - 1][1]
            k -= 1
        i = k
    return chunks


def chunk_article(article: Article, count_tokens: TokenCounter, size: int, overlap: int) -> list[TextNode]:
    """Nodes for one article, with deterministic ids ``doc_id::hash::i``."""
    spans = split_sentences(article.text)
    counts = count_tokens([article.text[s.start : s.end] for s in spans])
    budget = max(32, size - count_tokens([article.title])[0])
    chunks = pack(article.text, spans, counts, budget, overlap)
    doc_hash = article.content_hash
    base = {
        "doc_id": article.doc_id,
        "doc_hash": doc_hash,
        "n_chunks": len(chunks),
        "title": article.title,
        "source": article.source,
        "date": article.date,
        "date_text": article.date_text,
        "author": article.author,
        "file": article.file,
        "url": article.url,
        "origin": article.origin,
        "local_id": article.local_id or article.doc_id,
    }
    hidden = [k for k in base if k != "title"] + ["chunk_index", *_LEX_FIELDS]
    nodes = []
    for i, span in enumerate(chunks):
        text = article.text[span.start : span.end]
        node = TextNode(
            id_=f"{article.doc_id}::{doc_hash}::{i}",
            text=text,
            start_char_idx=span.start,
            end_char_idx=span.end,
            metadata={**base, "chunk_index": i, "lex": lexical_tokens(article.title, text)},
            excluded_embed_metadata_keys=hidden,
            excluded_llm_metadata_keys=hidden,
            metadata_template="{value}",
            text_template="{metadata_str}\n{content}",
        )
        node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=article.doc_id)
        nodes.append(node)
    return nodes
