"""Remove web-page junk from article text without touching the content."""

from __future__ import annotations

import re

from indexing.vietnamese import nfc

# lines that are page furniture, never content
_JUNK_LINE = re.compile(
    r"^\s*(phản hồi|bình luận|chia sẻ|in bài|loading\.*|đang tải\.*|xem thêm|quay lại|"
    r"gửi bình luận|bản in|facebook|twitter|zalo|email)\s*:?\s*$",
    re.IGNORECASE,
)
# headers after which a page lists other articles: cut from there
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


def clean_text(raw: str) -> str:
    """NFC, drop junk lines and photo credits, cut trailing link lists, fold blank runs."""
    text = nfc(raw).replace("\ufeff", "").replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []
    for line in text.split("\n"):
        if _TAIL_MARKER.match(line):
            break
        if _JUNK_LINE.match(line):
            continue
        line = re.sub(r"[ \t]+", " ", line).strip()
        if line.startswith("* "):
            line = line[2:]
        stripped = _PHOTO_CREDIT.sub("", line)
        if stripped != line:
            line = stripped.rstrip() + ("." if stripped and stripped[-1] not in ".!?…" else "")
        kept.append(line)
    paragraphs = [p for p in "\n".join(kept).split("\n") if p.strip()]
    return "\n\n".join(paragraphs)
