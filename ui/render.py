"""HTML for the sources panel. Every piece of article text is escaped (an article that
contains ``<script>`` shows as text)."""

from __future__ import annotations

import html

from assistant.answering.base import Answer
from assistant.retrieval.passage import Passage


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def marked(text: str, start: int, end: int) -> str:
    """``text`` escaped, with ``text[start:end]`` wrapped in <mark>."""
    start, end = max(0, start), min(len(text), end)
    if end <= start:
        return _esc(text)
    return f"{_esc(text[:start])}<mark>{_esc(text[start:end])}</mark>{_esc(text[end:])}"


def _meta(p: Passage) -> str:
    return " · ".join(_esc(x) for x in (p.date_label, p.source, p.file) if x)


def sources_html(answer: Answer | None, full_text: dict[str, str] | None = None) -> str:
    """Cited passages with the supporting sentence highlighted (and the full article, span
    marked), then the retrieved-but-uncited passages collapsed."""
    if answer is None:
        return "<div class='hd-empty'>Các đoạn trích làm căn cứ sẽ hiện ở đây.</div>"
    full_text = full_text or {}
    parts = []
    if answer.fallback:
        parts.append(f"<div class='hd-note'>{_esc(answer.fallback)}</div>")
    if not answer.citations:
        parts.append("<div class='hd-empty'>Không có đoạn trích nào được dùng làm căn cứ.</div>")
    cited = set()
    for c in answer.citations:
        p = c.passage
        cited.add(p.chunk_id)
        local = (c.span[0] - p.start, c.span[1] - p.start)
        block = (
            f"<div class='hd-src' id='src-{c.n}'><div class='hd-head'><span class='hd-n'>[{c.n}]</span> "
            f"<b>{_esc(p.title)}</b><div class='hd-meta'>{_meta(p)}</div></div>"
            f"<blockquote class='hd-passage'>{marked(p.text, *local)}</blockquote>"
        )
        if p.doc_id in full_text:
            block += (
                "<details class='hd-full'><summary>Xem toàn bài (câu làm căn cứ được đánh dấu)</summary>"
                f"<div class='hd-article'>{marked(full_text[p.doc_id], *c.span)}</div></details>"
            )
        parts.append(block + "</div>")
    others = [p for p in answer.passages if p.chunk_id not in cited]
    if others:
        items = "".join(
            f"<div class='hd-other'><b>{_esc(p.title)}</b> <span class='hd-meta'>{_meta(p)}</span>"
            f"<div>{_esc(p.text)}</div></div>"
            for p in others
        )
        parts.append(
            f"<details class='hd-others'><summary>Các đoạn khác đã truy xuất, không trích dẫn "
            f"({len(others)})</summary>{items}</details>"
        )
    return "".join(parts)


CSS = """
.hd-src {border:1px solid #d0d7de; border-radius:8px; padding:8px 10px; margin-bottom:10px}
.hd-n {color:#b35900; font-weight:bold}
.hd-meta {color:#57606a; font-size:0.85em}
.hd-passage {margin:6px 0; padding-left:8px; border-left:3px solid #d0d7de}
mark {background:#fff3a3; padding:0 2px}
.hd-article {max-height:420px; overflow:auto; font-size:0.92em}
.hd-other {margin:6px 0; font-size:0.9em}
.hd-note {color:#8a4600; margin-bottom:8px}
.hd-empty {color:#57606a}
"""
