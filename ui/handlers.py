"""What the UI does, without Gradio: answer, save, reopen, rate, upload, report status. Unit-testable.

Handlers return :class:`View` values; a field left ``None`` means "leave that part of the page as it is".
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.chat_db import db_path, local_time
from assistant.feedback import FeedbackStore
from assistant.followup import Turn
from assistant.question_input import InvalidQuestion, passages, validate
from assistant.retrieval.filters import SearchFilters, articles_left, checked_filters, date_label, match_outlets
from indexing.metadata import outlet_label
from indexing.settings import Settings
from ui.conversations import CLOSEST_IN_PANEL, ConversationStore, SavedTurn, to_json, to_markdown
from ui.render import LOADING, answer_markdown, plain, sources_html, sources_panel

if TYPE_CHECKING:  # the page is served before the answer engine (llama-index, Chroma) is imported
    from assistant.answering.base import Answer
    from assistant.engine import Assistant

log = logging.getLogger(__name__)
Chat = list[dict[str, str]]
ERROR_REPLY = "Xin lỗi, đã xảy ra lỗi khi trả lời. Vui lòng thử lại. / Sorry, something went wrong."


@dataclass
class View:
    """What an event changes on the page (``None``: unchanged)."""

    chat: Chat | None = None
    turns: list[Turn] | None = None
    sources: str | None = None
    status: str | None = None
    box: str | None = None
    conversation: str | None = None
    notice: str | None = None
    conversations: list[tuple[str, str]] | None = None


def liked_of(value: object) -> bool | None:
    """Gradio's like value: True/"Like" 👍, False/"Dislike" 👎, anything else (None, "") the
    rating clicked again to undo it."""
    if value is True or value == "Like":
        return True
    if value is False or value == "Dislike":
        return False
    return None


class ChatUI:
    """The chat page's behaviour. With ``load`` the answer engine is opened in a background
    thread (:meth:`start_loading`, after the page is served); whatever needs it waits for it."""

    def __init__(
        self, settings: Settings, assistant: Assistant | None = None, load: Callable[[], Assistant] | None = None
    ):
        self.settings = settings
        self.conversations = ConversationStore(db_path(settings))
        self.feedback = FeedbackStore(db_path(settings))
        self._assistant = assistant
        self._loader = load
        self._load_error: Exception | None = None
        self._ready = threading.Event()
        self._started = threading.Lock()
        if assistant is None and load is None:
            from assistant.engine import Assistant

            self._assistant = Assistant(settings)
        if self._assistant is not None:
            self._ready.set()

    def start_loading(self) -> None:
        """Open the engine in a background thread (once); called after the page is served, or
        by the first handler that needs the engine."""
        if self._assistant is None and self._loader is not None and self._started.acquire(blocking=False):
            threading.Thread(target=self._load, name="open-index", daemon=True).start()

    def _load(self) -> None:
        assert self._loader is not None
        try:
            self._assistant = self._loader()
        except Exception as exc:  # reported by every handler that needs the engine
            log.exception("opening the index failed")
            self._load_error = exc
        finally:
            self._ready.set()

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self._assistant is not None

    def wait(self) -> str | None:
        """Wait until the engine is open; the reason for users when it could not be opened."""
        self.start_loading()
        self._ready.wait()
        if self._assistant is None:
            return (
                f"⚠️ Không mở được chỉ mục / the index could not be opened: {self._load_error}. "
                "Hãy sửa lỗi rồi khởi động lại `hoidap serve`. / Fix it and restart `hoidap serve`."
            )
        return None

    def _failed(self) -> str | None:
        """The load failure, without waiting (None while loading or once open)."""
        return self.wait() if self._ready.is_set() and self._assistant is None else None

    @property
    def assistant(self) -> Assistant:
        """The answer engine, once it is open (waits for the background load)."""
        self.start_loading()
        self._ready.wait()
        if self._assistant is None:
            raise RuntimeError(
                f"Không mở được chỉ mục / the index could not be opened: {self._load_error}"
            ) from self._load_error
        return self._assistant

    # --- what the controls offer -------------------------------------------------------
    def backends(self) -> list[str]:
        """Only the backends that can run here."""
        import importlib.util
        import os

        names = ["extractive"]
        if importlib.util.find_spec("llama_cpp") and self.settings.gguf_path.exists():
            names.append("local")
        if os.environ.get("HOIDAP_OPENAI_BASE_URL") and os.environ.get("HOIDAP_OPENAI_MODEL"):
            names.append("openai")
        return names

    def outlets(self) -> list[str]:
        """Every outlet in the index; articles that name none are listed as 'không rõ / unknown'.
        Empty while the index is being opened (the page fills the list when it loads)."""
        if not self.ready:
            return []
        return sorted({outlet_label(s) for s in self.assistant.retriever.lexical.sources.tolist()})

    def status(self, answer: Answer | None = None, seconds: float | None = None) -> str:
        if not self.ready:
            return self._failed() or LOADING
        articles, chunks = self.assistant.retriever.size
        line = f"Chỉ mục: {articles} bài viết, {chunks} đoạn / index: {articles} articles, {chunks} chunks"
        if answer is not None and seconds is not None:
            retrieve = min(answer.timings.get("retrieve_s", 0.0), seconds)
            line += (
                f" · Trả lời trong / answered in {seconds:.2f} s (truy xuất / retrieval {retrieve:.2f} s + "
                f"soạn / writing {seconds - retrieve:.2f} s, backend {answer.backend})"
            )
        return line

    # --- owners and saved conversations ------------------------------------------------
    @staticmethod
    def owner(username: str | None, browser_id: str | None) -> str:
        """Per login when --auth is on, per browser otherwise."""
        return f"user:{username}" if username else f"browser:{browser_id or 'anonymous'}"

    @staticmethod
    def new_browser_id() -> str:
        return uuid.uuid4().hex

    def conversation_choices(self, owner: str) -> list[tuple[str, str]]:
        return [(f"{c.title} · {local_time(c.updated)}", c.id) for c in self.conversations.list(owner)]

    def open_conversation(self, owner: str, cid: str | None) -> View:
        conv = self.conversations.get(owner, cid) if cid else None
        if conv is None:
            return self.new_conversation(owner)
        chat: Chat = []
        turns: list[Turn] = []
        for t in conv.turns:
            chat += [{"role": "user", "content": plain(t.question)}, {"role": "assistant", "content": t.shown}]
            turns.append(Turn(t.question, t.standalone or t.question, t.answer))
        panel = sources_panel([(t.question, t.sources_html) for t in conv.turns])
        return View(chat, turns, panel, self.status(), "", conv.id, "", self.conversation_choices(owner))

    def new_conversation(self, owner: str) -> View:
        return View([], [], sources_html(None), self.status(), "", "", "", self.conversation_choices(owner))

    def rename(self, owner: str, cid: str, title: str) -> View:
        if cid and title.strip():
            self.conversations.rename(owner, cid, title)
        return View(conversations=self.conversation_choices(owner), conversation=cid)

    def delete(self, owner: str, cid: str) -> View:
        if cid:
            self.conversations.delete(owner, cid)
        return self.new_conversation(owner)

    def export(self, owner: str, cid: str, fmt: str, folder: Path) -> Path | None:
        """Write the conversation as Markdown ("md") or JSON ("json"); None when there is none."""
        conv = self.conversations.get(owner, cid) if cid else None
        if conv is None:
            return None
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"hoidap-{conv.id}.{fmt}"
        path.write_text(to_markdown(conv) if fmt == "md" else to_json(conv), encoding="utf-8")
        return path

    # --- feedback ------------------------------------------------------------------------
    def rate(self, owner: str, cid: str, message_index: int, liked: bool | None, comment: str = "") -> str:
        """👍/👎 on the answer shown at ``message_index`` of the chat (two messages per turn);
        ``liked`` None: the rating was clicked again, undone."""
        conv = self.conversations.get(owner, cid) if cid else None
        pos = message_index // 2
        if conv is None or pos >= len(conv.turns):
            return "Chỉ đánh giá được câu trả lời đã lưu. / Only saved answers can be rated."
        if liked is None:
            self.feedback.unrate(owner, cid, pos)
            return "Đã bỏ đánh giá. / Rating removed."
        turn = conv.turns[pos]
        history = [t.question for t in conv.turns[:pos]]
        self.feedback.rate(owner, cid, pos, 1 if liked else -1, turn.__dict__, history, comment)
        return "Đã ghi nhận đánh giá, cảm ơn! Có thể thêm góp ý bên dưới. / Feedback saved."

    def comment(self, owner: str, cid: str, message_index: int, text: str) -> str:
        first = "Hãy bấm 👍/👎 một câu trả lời trước. / Rate an answer first."
        if message_index < 0 or not text.strip():
            return first
        ok = self.feedback.comment(owner, cid, message_index // 2, text)
        return "Đã lưu góp ý. / Comment saved." if ok else first

    # --- chat ----------------------------------------------------------------------------
    def filters(self, date_from: str, date_to: str, outlets: list[str] | None) -> SearchFilters:
        """Validated filters (ValueError with a user message for impossible or reversed dates, or
        an outlet the index does not hold); outlets are matched as the command line does, case
        and accents ignored."""
        known = set(self.assistant.retriever.lexical.sources.tolist()) if outlets else set()
        return checked_filters(date_from, date_to, match_outlets(outlets, known) if outlets else ())

    def matching_articles(self, filters: SearchFilters) -> int:
        """How many indexed articles the filters leave in (all of them without filters)."""
        return articles_left(self.assistant.retriever.lexical, filters)

    def describe_filters(self, filters: SearchFilters) -> str:
        parts = []
        if filters.date_from:
            parts.append(f"từ {date_label(filters.date_from)}")
        if filters.date_to:
            parts.append(f"đến {date_label(filters.date_to)}")
        if filters.sources:
            parts.append("báo " + ", ".join(outlet_label(s) for s in dict.fromkeys(filters.sources) if s))
        return ", ".join(parts)

    def not_found_reason(self, answer: Answer, filters: SearchFilters) -> str:
        """Why nothing was answered: what was searched, the filters, and whether they left any article."""
        lines = [f"Đã tìm / searched: «{answer.standalone_question or answer.question}»"]
        if not filters.empty:
            lines.append(f"Bộ lọc / filters: {self.describe_filters(filters)}")
            if self.matching_articles(filters) == 0:
                total = self.assistant.retriever.size[0]
                lines.append(
                    f"Không có bài viết nào khớp bộ lọc (chỉ mục có {total} bài) — hãy nới hoặc bỏ bộ lọc. "
                    "/ The filters exclude every article."
                )
                return "\n".join(lines)
        if answer.passages:
            lines.append(CLOSEST_IN_PANEL)
        return "\n".join(lines)

    def _full_texts(self, answer: Answer) -> dict[str, str]:
        from assistant.article_text import article_text

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
        owner: str = "browser:anonymous",
        conversation: str = "",
        replace_last: bool = False,
    ) -> Iterator[View]:
        """Stream the answer into the chat, then save the turn (``replace_last``: in place of the
        conversation's last one, only once the new answer is there). Bad input leaves the chat
        untouched and explains itself in the notice line (the question stays in the box to be
        corrected)."""
        started = time.perf_counter()
        if problem := self.wait():
            yield View(box=message or "", notice=problem)
            return
        try:
            question = validate(message)
            k = passages(k)
            filters = self.filters(date_from, date_to, outlets)
        except (InvalidQuestion, ValueError) as exc:
            yield View(box=message or "", notice=f"⚠️ {exc}")
            return
        turn_no = len(turns)
        chat = [*chat, {"role": "user", "content": plain(question)}]
        answer = None
        try:
            for answer in self.assistant.stream(question, turns, backend=backend, k=int(k), filters=filters):
                partial = plain(answer.text) + ("" if answer.found or not answer.text else " …")
                yield View([*chat, {"role": "assistant", "content": partial}], box="", notice="")
        except (InvalidQuestion, ValueError) as exc:
            yield View(chat[:-1], box=message or "", notice=f"⚠️ {exc}")
            return
        except Exception:  # never a stack trace in the UI
            log.exception("answering failed")
            yield View(chat[:-1], box=message or "", notice=ERROR_REPLY)
            return
        assert answer is not None
        seconds = time.perf_counter() - started
        saved = self._saved_turn(answer, turn_no, filters, backend=backend, k=int(k))
        conversation = self._save(owner, conversation, saved, replace_last)
        previous = self.conversations.get(owner, conversation)
        panel = sources_panel([(t.question, t.sources_html) for t in previous.turns] if previous else [])
        yield View(
            [*chat, {"role": "assistant", "content": saved.shown}],
            [*turns, Turn(answer.question, answer.standalone_question, answer.text)],
            panel,
            self.status(answer, seconds),
            "",
            conversation,
            "",
            self.conversation_choices(owner),
        )

    def _saved_turn(self, answer: Answer, turn_no: int, filters: SearchFilters, **settings: object) -> SavedTurn:
        citations = [
            {
                "n": c.n,
                "title": c.passage.title,
                "date": c.passage.date_label,
                "source": outlet_label(c.passage.source),
                "doc_id": c.passage.doc_id,
                "quote": c.quote,
                "span": list(c.span),
            }
            for c in answer.citations
        ]
        closest = []
        if answer.found:
            shown = answer_markdown(answer.text, turn_no, [(c["n"], c["title"], c["date"]) for c in citations])
            if answer.understood_as:
                shown += f"\n\n<small>Đã hiểu là / understood as: «{plain(answer.understood_as)}»</small>"
            notice = ""
        else:
            k = int(settings.get("k", 0)) or len(answer.passages)
            closest = [
                {
                    "title": p.title,
                    "date": p.date_label,
                    "source": outlet_label(p.source),
                    "doc_id": p.doc_id,
                    "text": p.text,
                }
                for p in answer.passages[:k]
            ]  # as the sources panel lists them
            notice = self.not_found_reason(answer, filters)
            reasons = "\n".join(f"<small>{plain(line)}</small>" for line in notice.split("\n"))
            shown = f"{plain(answer.text)}\n\n{reasons}"
        html = sources_html(answer, self._full_texts(answer), k=int(settings.get("k", 0)), turn=turn_no)
        options = {**settings, "date_from": filters.date_from, "date_to": filters.date_to}
        options["outlets"] = [s for s in filters.sources if s]
        return SavedTurn(
            answer.question, answer.text, shown, answer.found, answer.standalone_question, citations, options, html,
            notice, closest,
        )  # fmt: skip

    def _save(self, owner: str, conversation: str, turn: SavedTurn, replace_last: bool = False) -> str:
        if not conversation or self.conversations.get(owner, conversation) is None:
            conversation = self.conversations.create(owner, turn.question)
        elif replace_last:
            self.conversations.replace_last(owner, conversation, turn)
            return conversation
        self.conversations.append(owner, conversation, turn)
        return conversation

    def regenerate(
        self, chat: Chat, turns: list[Turn], backend: str, k: int, date_from: str, date_to: str,
        outlets: list[str] | None, owner: str, conversation: str,
    ) -> Iterator[View]:  # fmt: skip
        """Ask the last question again (with the current options), replacing its answer."""
        conv = self.conversations.get(owner, conversation) if conversation else None
        if conv is None or not conv.turns:
            yield View(notice="Chưa có câu trả lời để tạo lại. / Nothing to regenerate.")
            return
        question = conv.turns[-1].question  # its answer is replaced only once the new one is saved
        for view in self.respond(
            question, chat[:-2], turns[:-1], backend, k, date_from, date_to, outlets, owner, conversation, True
        ):
            if view.notice and view.turns is None:  # refused or failed: the old answer stays, and shows
                view = replace(view, chat=chat, box="")
            yield view

    def api_ask(self, question: str, backend: str = "extractive", k: int = 5) -> dict:
        """One question, one JSON answer (for gradio_client / curl users)."""
        if problem := self.wait():
            return {"error": problem}
        try:
            return self.assistant.ask(question, backend=backend, k=passages(k)).to_dict()
        except (InvalidQuestion, ValueError) as exc:
            return {"error": str(exc)}

    # --- adding articles ------------------------------------------------------------------
    def upload(self, paths: list[str] | None, progress: Callable[[float, str], None] | None = None) -> str:
        """Add uploaded files to the index; a per-file report (what was kept, what the cleaner removed)."""
        if problem := self.wait():
            return problem
        from ui.uploads import add_files

        return add_files(self.settings, self.assistant.retriever, paths, progress)
