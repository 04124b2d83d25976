"""What the UI does, without Gradio: answer, restart, upload, report status. Unit-testable."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

from assistant.answering.base import Answer
from assistant.article_text import article_text
from assistant.engine import Assistant, InvalidQuestion
from assistant.followup import Turn
from assistant.retrieval.filters import SearchFilters, parse_date
from indexing.settings import Settings
from indexing.uploads import add_uploads
from ui.render import sources_html

log = logging.getLogger(__name__)
Chat = list[dict[str, str]]
ERROR_REPLY = "Xin lỗi, đã xảy ra lỗi khi trả lời. Vui lòng thử lại. / Sorry, something went wrong."


class ChatUI:
    def __init__(self, settings: Settings, assistant: Assistant | None = None):
        self.settings = settings
        self.assistant = assistant or Assistant(settings)

    # --- what the controls offer -------------------------------------------------------
    def backends(self) -> list[str]:
        """Only the backends that can run here."""
        import importlib.util
        import os

        from assistant.answering.local_backend import gguf_path

        names = ["extractive"]
        if importlib.util.find_spec("llama_cpp") and gguf_path(self.settings).exists():
            names.append("local")
        if os.environ.get("HOIDAP_OPENAI_BASE_URL") and os.environ.get("HOIDAP_OPENAI_MODEL"):
            names.append("openai")
        return names

    def outlets(self) -> list[str]:
        return sorted({s for s in self.assistant.retriever.lexical.sources.tolist() if s})

    def status(self, answer: Answer | None = None) -> str:
        articles, chunks = self.assistant.retriever.size
        line = f"Chỉ mục: {articles} bài viết, {chunks} đoạn"
        if answer is not None:
            t = answer.timings
            line += (
                f" · Trả lời trong {t.get('total_s', 0):.2f} s (truy xuất {t.get('retrieve_s', 0):.2f} s,"
                f" backend {answer.backend})"
            )
        return line

    # --- chat ----------------------------------------------------------------------------
    def _filters(self, date_from: str, date_to: str, outlets: list[str] | None) -> SearchFilters:
        return SearchFilters(parse_date(date_from), parse_date(date_to, end=True), tuple(outlets or ()))

    def _full_texts(self, answer: Answer) -> dict[str, str]:
        return {c.passage.doc_id: article_text(self.settings, c.passage.doc_id)[1] for c in answer.citations}

    def respond(
        self,
        message: str,
        chat: Chat,
        turns: list[Turn],
        backend: str = "extractive",
        k: int = 5,
        date_from: str = "",
        date_to: str = "",
        outlets: list[str] | None = None,
    ) -> Iterator[tuple[Chat, list[Turn], str, str, str]]:
        """Stream (chat, turns, sources html, status, textbox) while the answer is written."""
        chat = [*chat, {"role": "user", "content": message or ""}]
        try:
            filters = self._filters(date_from, date_to, outlets)
            answer = None
            for answer in self.assistant.stream(message, turns, backend=backend, k=int(k), filters=filters):
                reply = answer.text if answer.found or not answer.text else answer.text + " …"
                yield [*chat, {"role": "assistant", "content": reply}], turns, sources_html(None), self.status(), ""
            assert answer is not None
        except (InvalidQuestion, ValueError) as exc:
            yield (
                [*chat, {"role": "assistant", "content": f"⚠️ {exc}"}],
                turns,
                sources_html(None),
                self.status(),
                message or "",
            )
            return
        except Exception:  # never a stack trace in the UI
            log.exception("answering failed")
            yield (
                [*chat, {"role": "assistant", "content": ERROR_REPLY}],
                turns,
                sources_html(None),
                self.status(),
                message or "",
            )
            return
        turns = [*turns, Turn(answer.question, answer.standalone_question, answer.text)]
        final = [*chat, {"role": "assistant", "content": answer.text}]
        yield final, turns, sources_html(answer, self._full_texts(answer)), self.status(answer), ""

    def new_conversation(self) -> tuple[Chat, list[Turn], str, str]:
        return [], [], sources_html(None), self.status()

    def api_ask(self, question: str, backend: str = "extractive", k: int = 5) -> dict:
        """One question, one JSON answer (for gradio_client / curl users)."""
        try:
            return self.assistant.ask(question, backend=backend, k=int(k)).to_dict()
        except (InvalidQuestion, ValueError) as exc:
            return {"error": str(exc)}

    # --- adding articles ------------------------------------------------------------------
    def upload(self, paths: list[str] | None, progress: Callable[[float, str], None] | None = None) -> str:
        """Keep uploaded files in the index's uploads folder and index them (others stay as they are)."""
        if not paths:
            return "Chưa chọn tệp nào. / No file selected."
        started = time.perf_counter()

        def report(done: int, total: int) -> None:
            if progress:
                progress(done / max(1, total), f"Đang nhúng {done}/{total} bài")

        result = add_uploads(self.settings, paths, self.assistant.retriever.embed_model, report)
        self.assistant.retriever.reload()
        result.seconds = time.perf_counter() - started
        return result.summary()
