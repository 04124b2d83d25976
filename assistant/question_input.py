"""What a user may type as a question (checked before anything heavy is loaded)."""

from __future__ import annotations

MAX_QUESTION_CHARS = 2000


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
