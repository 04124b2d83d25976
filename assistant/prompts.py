"""Prompt templates live as text files in ``prompts/``; this only loads and fills them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


@cache
def template(name: str) -> str:
    path = PROMPTS_DIR / f"{name}.txt"
    if not path.exists():
        raise FileNotFoundError(f"missing prompt template {path}")
    return path.read_text(encoding="utf-8").strip()


def render(name: str, **values: str) -> str:
    return template(name).format(**values)
