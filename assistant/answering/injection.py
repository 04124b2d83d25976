"""Text inside articles is data. Sentences that read as instructions to an assistant are
never used as answers and are blanked before passages reach a language model."""

from __future__ import annotations

import re

from indexing.vietnamese import fold

_PATTERNS = [
    r"bo qua (moi|tat ca|cac)? ?(huong dan|chi dan|yeu cau|lenh)",
    r"(hay|phai) tra loi (rang|la)",
    r"ban (la|dong vai) (mot )?(tro ly|chatbot|ai|mo hinh)",
    r"ignore (all |any )?(previous|prior|above) (instructions|prompts?)",
    r"disregard (the )?(previous|above|system)",
    r"you are (now )?(a|an|the) (assistant|ai|chatbot|model)",
    r"system prompt",
    r"tro ly ao|mo hinh ngon ngu",
]
_RE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))
REDACTED = "[đã lược bỏ nội dung dạng chỉ dẫn]"


def looks_like_instruction(sentence: str) -> bool:
    return bool(_RE.search(fold(sentence)))
