"""What a user may type as a question (checked before anything heavy is loaded)."""

from __future__ import annotations

MAX_QUESTION_CHARS = 2000
MAX_PASSAGES = 50


class InvalidQuestion(ValueError):
    """A question that cannot be asked; the message is for users (Vietnamese / English)."""


def validate(question: str) -> str:
    """The question without surrounding blanks; :class:`InvalidQuestion` when empty or too long."""
    question = (question or "").strip()
    if not question:
        raise InvalidQuestion("Vui lòng nhập câu hỏi. / Please type a question.")
    if len(question) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(
            f"Câu hỏi quá dài ({len(question)} ký tự, tối đa {MAX_QUESTION_CHARS}). "
            f"/ Question too long (max {MAX_QUESTION_CHARS} characters)."
        )
    return question


def passages(value: object) -> int:
    """How many passages to show: a whole number from 1 to ``MAX_PASSAGES``; ValueError with a
    user message otherwise."""
    try:
        k = int(str(value).strip())
    except ValueError:
        k = 0
    if not 1 <= k <= MAX_PASSAGES:
        raise ValueError(f"cần số từ 1 đến {MAX_PASSAGES} / must be a whole number from 1 to {MAX_PASSAGES}: {value!r}")
    return k
