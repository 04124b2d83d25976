"""The "Thư viện" (library) tab: every indexed article, a title search, delete with
confirmation, uploads with progress and the index totals. Behaviour in :class:`LibraryUI`
(testable without Gradio), layout in :func:`library_tab`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import gradio as gr

from indexing.metadata import outlet_label
from indexing.settings import Settings
from indexing.sources import UPLOADS, label_of
from indexing.vietnamese import fold
from ui.render import LOADING, plain

if TYPE_CHECKING:  # the page is built before the engine (llama-index, Chroma) is imported
    from assistant.engine import Assistant
    from indexing.library import Entry

log = logging.getLogger(__name__)
HEADERS = ["Tiêu đề", "Ngày", "Cơ quan báo", "Số đoạn", "Nguồn", "Mã bài"]
MAX_ROWS = 300


class Engine(Protocol):
    """Where the library tab gets the answer engine (the chat page's :class:`ui.handlers.ChatUI`)."""

    settings: Settings

    @property
    def assistant(self) -> Assistant: ...

    @property
    def ready(self) -> bool: ...

    def wait(self) -> str | None: ...


class LibraryUI:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.settings = engine.settings
        self._cache: tuple[int, list[Entry]] | None = None

    @property
    def assistant(self) -> Assistant:
        return self.engine.assistant

    def entries(self) -> list[Entry]:
        """The library, read again only when the index snapshot changed."""
        from indexing import library

        version = self.assistant.retriever.snapshot().version
        if self._cache is None or self._cache[0] != version:
            self._cache = (version, library.entries(self.settings))
        return self._cache[1]

    def search(self, query: str = "") -> list[Entry]:
        """Articles whose title (or outlet, id) contains ``query``, accents optional."""
        items = self.entries()
        q = fold(query or "").strip()
        if not q:
            return items
        return [e for e in items if q in fold(f"{e.title} {e.outlet} {e.id}")]

    @staticmethod
    def _source(e: Entry) -> str:
        return "tải lên / uploads" if e.source == UPLOADS else label_of(e.source)

    def table(self, query: str = "") -> tuple[list[list], list[str], str]:
        """(rows, their ids, totals line) for the table; at most MAX_ROWS rows are shown."""
        if problem := self.engine.wait():
            return [], [], problem
        found = self.search(query)
        shown = found[:MAX_ROWS]
        rows = [[e.title, e.date, outlet_label(e.outlet), e.chunks, self._source(e), e.id] for e in shown]
        all_items = self.entries()
        n, chunks, sources = len(all_items), sum(e.chunks for e in all_items), len({e.source for e in all_items})
        totals = (
            f"Chỉ mục: {n} bài viết, {chunks} đoạn, {sources} nguồn / "
            f"index: {n} articles, {chunks} chunks, {sources} sources"
        )
        if query:
            totals += f" · tìm thấy {len(found)} bài / found {len(found)}"
        if len(found) > len(shown):
            totals += f" (hiển thị {len(shown)} bài đầu / first {len(shown)} shown)"
        return rows, [e.id for e in shown], totals

    def describe(self, doc_id: str) -> str:
        """The article as the Markdown notes show it: its title and id as plain text."""
        e = next((x for x in self.entries() if x.id == doc_id), None)
        return f"«{plain(e.title)}» ({plain(e.id)}, {e.chunks} đoạn)" if e else ""

    def note(self, doc_id: str) -> str:
        """For an article read from a folder: it comes back if that folder is ingested again."""
        e = next((x for x in self.entries() if x.id == doc_id), None)
        if e is None or e.source == UPLOADS:
            return ""
        return (
            " Bài này đến từ một thư mục: nó sẽ quay lại khi nạp lại thư mục đó nếu tệp vẫn còn. / This article"
            " comes from a folder: it comes back when that folder is ingested again, if its file is still there."
        )

    def delete(self, doc_id: str) -> str:
        """Remove one article; every component sees the new index at once."""
        from indexing import library

        picked = library.select(self.entries(), ids=[doc_id])
        if not picked:
            return "Không tìm thấy bài này (có thể đã bị xóa). / Article not found."
        chunks = library.remove(self.settings, picked)
        self.assistant.retriever.reload()
        return f"Đã xóa «{plain(picked[0].title)}» ({chunks} đoạn). / Removed."


def library_tab(
    lib: LibraryUI,
    upload: Callable[[list[str], Callable[[float, str], None]], str],
    tab: gr.Tab | None = None,
    app: gr.Blocks | None = None,
) -> None:
    """Build the tab's components inside the current Blocks/Tab (re-read each time ``tab`` opens,
    and when the page of ``app`` loads: the table fills once the index is open)."""
    rows, ids, totals = lib.table() if lib.engine.ready else ([], [], LOADING)
    with gr.Row():
        query = gr.Textbox(placeholder="Tìm theo tiêu đề…", show_label=False, scale=4, elem_id="hd-lib-search")
        refresh = gr.Button("Làm mới", size="sm", scale=1)
    summary = gr.Markdown(totals, elem_id="hd-lib-totals")
    shown = gr.State(ids)
    selected = gr.State("")
    table = gr.Dataframe(
        value=rows,
        headers=HEADERS,
        datatype=["str", "str", "str", "number", "str", "str"],
        interactive=False,
        wrap=True,
        column_widths=["42%", "11%", "13%", "7%", "12%", "15%"],
        elem_id="hd-lib-table",
    )
    picked = gr.Markdown("Chọn một dòng để xóa bài. / Click a row to select an article.", elem_id="hd-lib-picked")
    delete = gr.Button("Xóa bài đã chọn", variant="stop", interactive=False, elem_id="hd-lib-delete")
    with gr.Row(visible=False) as confirm_row:
        confirm = gr.Button("Xác nhận xóa", variant="stop", elem_id="hd-lib-confirm")
        cancel = gr.Button("Hủy", elem_id="hd-lib-cancel")
    with gr.Accordion("Thêm bài viết vào thư viện (.txt, .md, .html, .docx, .pdf, .jsonl)", open=False):
        files = gr.File(file_count="multiple", label="Tệp bài viết")
        add = gr.Button("Thêm vào thư viện")
        added = gr.Markdown()

    def show(q: str):
        r, i, t = lib.table(q)
        return r, i, t

    def pick(ids: list[str], evt: gr.SelectData):
        row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        doc_id = ids[row] if isinstance(row, int) and 0 <= row < len(ids) else ""
        if not doc_id:
            return "", "Chọn một dòng để xóa bài.", gr.Button(interactive=False)
        return doc_id, f"Đã chọn: {lib.describe(doc_id)}", gr.Button(interactive=True)

    def ask(doc_id: str):
        if not doc_id:
            return gr.Row(visible=False), "Chưa chọn bài nào."
        return gr.Row(visible=True), f"Xóa {lib.describe(doc_id)} khỏi thư viện? Không thể hoàn tác.{lib.note(doc_id)}"

    def really(doc_id: str, q: str):
        try:
            message = lib.delete(doc_id)
        except Exception:  # never a stack trace in the UI
            log.exception("delete failed")
            message = "Xin lỗi, không xóa được bài này. / Sorry, the article could not be removed."
        r, i, t = lib.table(q)
        return r, i, t, "", message, gr.Button(interactive=False), gr.Row(visible=False)

    def add_files(paths, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        report = upload(paths, lambda f, d: progress(f, desc=d))
        r, i, t = lib.table("")
        return f"```\n{report}\n```", r, i, t

    outputs = [table, shown, summary]
    query.change(show, query, outputs, api_name=False)
    refresh.click(show, query, outputs, api_name=False)
    if tab is not None:
        tab.select(show, query, outputs, api_name=False)
    if app is not None:
        app.load(show, query, outputs, api_name=False)
    table.select(pick, shown, [selected, picked, delete], api_name=False)
    delete.click(ask, selected, [confirm_row, picked], api_name=False)
    cancel.click(lambda: (gr.Row(visible=False), "Đã hủy."), None, [confirm_row, picked], api_name=False)
    confirm.click(really, [selected, query], [*outputs, selected, picked, delete, confirm_row], api_name=False)
    add.click(add_files, files, [added, *outputs], api_name=False)
