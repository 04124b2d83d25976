"""Remove web-page junk from article text without touching the content.

Only a *trailing* junk block is ever dropped (share buttons, "Phản hồi", a "Các tin khác" header
followed by a list of other headlines). The same words followed by real paragraphs are content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexing.vietnamese import nfc

# lines that are page furniture when they end a page
_JUNK_LINE = re.compile(
    r"^\s*(phản hồi|bình luận|chia sẻ|in bài|loading\.*|đang tải\.*|xem thêm|quay lại|"
    r"gửi bình luận|bản in|facebook|twitter|zalo|email)\s*:?\s*$",
    re.IGNORECASE,
)
# headers after which a page lists other articles
_TAIL_MARKER = re.compile(
    r"^\s*(các tin khác|tin liên quan|tin cùng chuyên mục|bài viết liên quan|tin mới nhất|"
    r"đọc thêm|tin khác)\s*:?\s*$",
    re.IGNORECASE,
)
# photo credits: "… Ảnh: N.H", "(Ảnh: baothanhhoa.vn)", "(Ảnh minh họa)"
_PHOTO_CREDIT = re.compile(
    r"\s*(\((ảnh|nguồn ảnh|ảnh minh họa)[^()]{0,60}\)|[.\s]\s*(ảnh|nguồn ảnh)\s*:\s*[^:]{1,40})\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = '.!?…"”»'
MIN_PARAGRAPH_CHARS = 80


@dataclass
class Removal:
    """What the cleaner dropped, for the upload report."""

    chars: int
    reason: str


def is_paragraph(line: str) -> bool:
    """A line of running text (not a headline in a link list): long and ending a sentence."""
    line = line.strip()
    return len(line) >= MIN_PARAGRAPH_CHARS and line[-1] in _SENTENCE_END


def _trailing_junk_start(lines: list[str]) -> int:
    """Index where the trailing junk block starts (``len(lines)`` when there is none)."""
    cut = len(lines)
    while True:
        start = cut
        while start > 0 and (not lines[start - 1].strip() or _JUNK_LINE.match(lines[start - 1])):
            start -= 1
        # a "Các tin khác" header followed only by headlines / junk up to the current cut
        for i in range(start - 1, -1, -1):
            if _TAIL_MARKER.match(lines[i]):
                start = i
                break
            if is_paragraph(lines[i]):
                break
        if start == cut:
            return cut
        cut = start


def clean_with_report(raw: str) -> tuple[str, list[Removal]]:
    """Cleaned text plus what was removed (trailing junk block, photo credits) and why."""
    text = nfc(raw).replace("\ufeff", "").replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    cut = _trailing_junk_start(lines)
    removed: list[Removal] = []
    tail = [line.strip() for line in lines[cut:] if line.strip()]
    if tail:
        removed.append(
            Removal(
                sum(len(t) for t in tail),
                f"khối cuối trang / trailing page block: {' · '.join(t[:40] for t in tail[:3])}"
                + (f" (+{len(tail) - 3} dòng/lines)" if len(tail) > 3 else ""),
            )
        )
    kept: list[str] = []
    credits = 0
    for line in lines[:cut]:
        line = re.sub(r"[ \t]+", " ", line).strip()
        if line.startswith("* "):
            line = line[2:]
        stripped = _PHOTO_CREDIT.sub("", line)
        if stripped != line:
            credits += len(line) - len(stripped)
            line = stripped.rstrip() + ("." if stripped and stripped[-1] not in ".!?…" else "")
        kept.append(line)
    if credits:
        removed.append(Removal(credits, "chú thích ảnh / photo credits"))
    paragraphs = [p for p in kept if p.strip()]
    return "\n\n".join(paragraphs), removed


def clean_text(raw: str) -> str:
    """NFC, drop photo credits and the trailing junk block, fold blank runs."""
    return clean_with_report(raw)[0]
