"""HTML for the sources panel. Every piece of article text is escaped (an article that
contains ``<script>`` shows as text)."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from indexing.metadata import outlet_label

if TYPE_CHECKING:  # annotations only: the page is built before llama-index is imported
    from assistant.answering.base import Answer
    from assistant.retrieval.passage import Passage

LOADING = "Đang mở chỉ mục… / opening the index…"
READY = "Sẵn sàng trả lời / ready to answer"  # printed by `hoidap serve` once the engine is open
_CITE = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def marked(text: str, start: int, end: int) -> str:
    """``text`` escaped, with ``text[start:end]`` wrapped in <mark>."""
    start, end = max(0, start), min(len(text), end)
    if end <= start:
        return _esc(text)
    return f"{_esc(text[:start])}<mark>{_esc(text[start:end])}</mark>{_esc(text[end:])}"


_LEADING_BOLD = re.compile(r"\s*\*\*([^*\n]+?)\*\*")


def plain(text: str) -> str:
    """User text for the chat: shown exactly as typed, never as HTML or Markdown (no images, no tags)."""
    escaped = html.escape(text or "", quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def cite_link(turn: int, n: int) -> str:
    return f"<a class='hd-cite' href='#hd-src-{turn}-{n}'>[{n}]</a>"


def answer_markdown(text: str, turn: int, sources: list[tuple[int, str, str]] | None = None) -> str:
    """The answer as safe Markdown: its text escaped, each [n] a link to source card n of this turn,
    then the sources inline in list order ((n, title, date) triples). The short answer the engine
    opens with ("**8,4%** — …") stays bold; its text is escaped like the rest."""
    out, last = [], 0
    if bold := _LEADING_BOLD.match(text):
        out.append(f"**{plain(bold.group(1))}**")
        last = bold.end(1) + 2
    for m in _CITE.finditer(text):
        out.append(plain(text[last : m.start()]))
        out.append(" ".join(cite_link(turn, int(x)) for x in re.split(r"\s*,\s*", m.group(1))))
        last = m.end()
    out.append(plain(text[last:]))
    body = "".join(out)
    if sources:
        items = " · ".join(
            f"{cite_link(turn, n)} {plain(title)}" + (f" ({plain(date)})" if date else "") for n, title, date in sources
        )
        body += f"\n\n<span class='hd-inline-src'>Nguồn: {items}</span>"
    return body


def _meta(p: Passage) -> str:
    return " · ".join(_esc(x) for x in (p.date_label, outlet_label(p.source), p.file) if x)


def _also_in(p: Passage) -> str:
    """The same story published by other outlets (near-duplicates collapsed into this passage)."""
    return f"<div class='hd-meta hd-also'>{_esc(p.also_in_label)}</div>" if p.also_in else ""


def sources_html(answer: Answer | None, full_text: dict[str, str] | None = None, k: int = 0, turn: int = 0) -> str:
    """Cited passages with the supporting sentence highlighted (and the full article, span
    marked), then the other retrieved passages collapsed: ``k`` passages in all (cited ones always)."""
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
            f"<div class='hd-src' id='hd-src-{turn}-{c.n}'><div class='hd-head'><span class='hd-n'>[{c.n}]</span> "
            f"<b>{_esc(p.title)}</b><div class='hd-meta'>{_meta(p)}</div>{_also_in(p)}</div>"
            f"<blockquote class='hd-passage'>{marked(p.text, *local)}</blockquote>"
        )
        if p.doc_id in full_text:
            block += (
                "<details class='hd-full'><summary>Xem toàn bài (câu làm căn cứ được đánh dấu)</summary>"
                f"<div class='hd-article'>{marked(full_text[p.doc_id], *c.span)}</div></details>"
            )
        parts.append(block + "</div>")
    others = [p for p in answer.passages if p.chunk_id not in cited]
    if k:
        others = others[: max(0, k - len(cited))]
    if others:
        items = "".join(
            f"<div class='hd-other'><b>{_esc(p.title)}</b> <span class='hd-meta'>{_meta(p)}</span>{_also_in(p)}"
            f"<div>{_esc(p.text)}</div></div>"
            for p in others
        )
        label = "Các đoạn gần nhất" if not answer.citations else "Các đoạn khác đã truy xuất, không trích dẫn"
        parts.append(f"<details class='hd-others'><summary>{label} ({len(others)})</summary>{items}</details>")
    return "".join(parts)


def sources_panel(turns: list[tuple[str, str]]) -> str:
    """The panel for a conversation: the latest answer's sources, earlier answers' sources collapsed
    (so an earlier [n] still finds its card). ``turns`` are (question, sources html)."""
    if not turns:
        return sources_html(None)
    latest = turns[-1][1]
    older = "".join(
        f"<details class='hd-prev'><summary>Nguồn cho câu hỏi {i}: {_esc(q[:80])}</summary>{h}</details>"
        for i, (q, h) in enumerate(turns[:-1], 1)
    )
    return latest + (f"<div class='hd-older'>{older}</div>" if older else "")


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
.hd-flash {outline:3px solid #f0b400}
.hd-inline-src {font-size:0.88em; color:#57606a}
.hd-prev {margin-top:8px; font-size:0.92em}
#hd-notice {color:#8a4600}
"""

# [n] links: scroll the sources panel to card n, open the full article there with the sentence in view;
# opening any "Xem toàn bài" also brings its highlighted sentence into view.
JS = """
() => {
  const reveal = (mark) => { if (mark) mark.scrollIntoView({block: 'center', inline: 'nearest'}); };
  document.addEventListener('click', (e) => {
    const a = e.target.closest ? e.target.closest("a[href^='#hd-src-']") : null;
    if (!a) return;
    e.preventDefault(); e.stopPropagation();
    const card = document.getElementById(a.getAttribute('href').slice(1));
    if (!card) return;
    const prev = card.closest('details.hd-prev'); if (prev) prev.open = true;
    const full = card.querySelector('details.hd-full');
    if (full) full.open = true;
    card.classList.add('hd-flash'); setTimeout(() => card.classList.remove('hd-flash'), 2000);
    setTimeout(() => reveal(full ? full.querySelector('mark') : card.querySelector('mark')), 30);
  }, true);
  document.addEventListener('toggle', (e) => {
    const d = e.target;
    if (d.matches && d.matches('details.hd-full') && d.open) reveal(d.querySelector('mark'));
  }, true);
}
"""
