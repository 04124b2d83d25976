"""The Gradio app: layout and wiring only (behaviour lives in ui.handlers)."""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import secrets
import sys
import tempfile
import threading
from pathlib import Path

import gradio as gr

from indexing.settings import BUNDLED_CORPUS, Settings
from ui.handlers import ChatUI, View, liked_of
from ui.library import LibraryUI, library_tab
from ui.render import CSS, JS, READY, sources_html

log = logging.getLogger(__name__)
EXAMPLES = [
    "Xã Vĩnh Quang phấn đấu giảm bao nhiêu hộ nghèo?",
    "dang bo xa Bien Ho co bao nhieu dang vien",
    "Ai là Bí thư Đảng ủy xã Biển Hồ?",
    "Ban Thường vụ Huyện ủy làm việc với Đảng ủy xã Thuận ngày nào?",
]
# system fonts only: no request leaves the machine
THEME = gr.themes.Default(
    font=["system-ui", "Segoe UI", "Roboto", "sans-serif"], font_mono=["ui-monospace", "monospace"]
)
EXPORTS = Path(tempfile.gettempdir()) / "hoidap-exports"


def browser_secret(settings: Settings) -> str:
    """A key kept next to the index, so a browser's saved state (its id) survives server restarts."""
    path = settings.store_dir / "browser.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(16), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def build_app(ui: ChatUI) -> gr.Blocks:
    with gr.Blocks(title="Hỏi đáp tin tức") as app:
        browser = gr.BrowserState(
            {"id": "", "conversation": "", "options": {}}, storage_key="hoidap", secret=browser_secret(ui.settings)
        )
        owner = gr.State("")
        conv_id = gr.State("")
        turns = gr.State([])
        gr.Markdown(
            "## Hỏi đáp tin tức\nĐặt câu hỏi tiếng Việt (có dấu hoặc không dấu). Mỗi câu trả lời "
            "đều kèm đoạn trích làm căn cứ; bấm [1], [2]… để xem câu gốc trong bài."
        )
        with gr.Row():
            with gr.Column(scale=1, min_width=230):
                new = gr.Button("Cuộc trò chuyện mới", size="sm", elem_id="hd-new")
                convs = gr.Radio([], label="Cuộc trò chuyện đã lưu", elem_id="hd-convs")
                with gr.Accordion("Đổi tên · xóa · tải về", open=False):
                    title = gr.Textbox(label="Tên mới", max_lines=1)
                    rename = gr.Button("Đổi tên", size="sm")
                    delete = gr.Button("Xóa cuộc trò chuyện này", size="sm", variant="stop")
                export_md = gr.DownloadButton("Tải về Markdown", size="sm", elem_id="hd-export-md", visible=False)
                export_json = gr.DownloadButton("Tải về JSON", size="sm", elem_id="hd-export-json", visible=False)
            with gr.Column(scale=3):
                chat = gr.Chatbot(
                    label="Trò chuyện",
                    height=460,
                    elem_id="hd-chat",
                    feedback_options=("Like", "Dislike"),
                    buttons=["copy"],
                    placeholder="Hãy đặt câu hỏi về các bài báo trong chỉ mục.",
                )
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="Nhập câu hỏi rồi nhấn Enter…",
                        show_label=False,
                        scale=5,
                        elem_id="hd-question",
                        max_lines=4,
                        interactive=False,  # enabled once the page knows whose conversations to show
                    )
                    send = gr.Button("Gửi", variant="primary", scale=1, elem_id="hd-send", interactive=False)
                with gr.Row():
                    stop = gr.Button("Dừng", size="sm", elem_id="hd-stop")
                    regen = gr.Button("Trả lời lại", size="sm", elem_id="hd-regen")
                notice = gr.Markdown(elem_id="hd-notice")
                with gr.Row():
                    comment = gr.Textbox(
                        placeholder="Góp ý cho câu trả lời vừa đánh giá hữu ích / không hữu ích (không bắt buộc)",
                        show_label=False,
                        scale=5,
                        elem_id="hd-comment",
                    )
                    send_comment = gr.Button("Gửi góp ý", size="sm", scale=1)
                rated = gr.State(-1)
                gr.Examples(EXAMPLES, inputs=box, label="Câu hỏi mẫu")
                status = gr.Markdown(ui.status(), elem_id="hd-status")
            with gr.Column(scale=2):
                gr.Markdown("### Nguồn trích dẫn")
                sources = gr.HTML(sources_html(None), elem_id="hd-sources")
        with gr.Accordion("Tùy chọn tìm kiếm", open=False, elem_id="hd-options"), gr.Row():
            backend = gr.Dropdown(ui.backends(), value="extractive", label="Cách trả lời (backend)")
            k = gr.Slider(1, 10, value=5, step=1, label="Số đoạn hiển thị")
            date_from = gr.DateTime(include_time=False, type="string", label="Từ ngày", elem_id="hd-from")
            date_to = gr.DateTime(include_time=False, type="string", label="Đến ngày", elem_id="hd-to")
            outlets = gr.Dropdown(ui.outlets(), multiselect=True, label="Cơ quan báo chí", elem_id="hd-outlets")
        with gr.Accordion("Thêm bài viết (.txt, .md, .html, .docx, .pdf, .jsonl)", open=False):
            files = gr.File(file_count="multiple", label="Tệp bài viết", elem_id="hd-files")
            add = gr.Button("Thêm vào chỉ mục", elem_id="hd-add")
            report = gr.Markdown(elem_id="hd-upload-report")

        options = [backend, k, date_from, date_to, outlets]
        view_out = [chat, turns, sources, status, box, conv_id, notice, convs, export_md, export_json]

        def exports(who: str, cid: str | None) -> tuple:
            if not cid:
                return gr.DownloadButton(visible=False), gr.DownloadButton(visible=False)
            folder = EXPORTS / hashlib.sha1(who.encode()).hexdigest()[:12]
            md, js = ui.export(who, cid, "md", folder), ui.export(who, cid, "json", folder)
            return gr.DownloadButton(value=md, visible=True), gr.DownloadButton(value=js, visible=True)

        def show(v: View, who: str) -> tuple:
            def keep(x):
                return gr.skip() if x is None else x

            radio = gr.skip() if v.conversations is None else gr.Radio(choices=v.conversations, value=v.conversation)
            files_out = exports(who, v.conversation) if v.conversation is not None else (gr.skip(), gr.skip())
            return (
                keep(v.chat), keep(v.turns), keep(v.sources), keep(v.status), keep(v.box),
                keep(v.conversation), keep(v.notice), radio, *files_out,
            )  # fmt: skip

        def respond(message, chat_, turns_, backend_, k_, from_, to_, outlets_, who, cid):
            for v in ui.respond(message, chat_, turns_, backend_, k_, from_ or "", to_ or "", outlets_, who, cid):
                yield show(v, who)

        def regenerate(chat_, turns_, backend_, k_, from_, to_, outlets_, who, cid):
            for v in ui.regenerate(chat_, turns_, backend_, k_, from_ or "", to_ or "", outlets_, who, cid):
                yield show(v, who)

        def lock():
            return gr.Button(interactive=False), gr.Button(interactive=False)

        def unlock():
            return gr.Button(interactive=True), gr.Button(interactive=True)

        ask_in = [box, chat, turns, *options, owner, conv_id]
        runs = []
        for trigger, api in ((box.submit, "chat"), (send.click, False)):
            ev = trigger(lock, None, [send, regen], queue=False, api_name=False)
            run = ev.then(respond, ask_in, view_out, api_name=api)
            run.then(unlock, None, [send, regen], queue=False, api_name=False)
            runs.append(run)
        ev = regen.click(lock, None, [send, regen], queue=False, api_name=False)
        run = ev.then(regenerate, [chat, turns, *options, owner, conv_id], view_out, api_name=False)
        run.then(unlock, None, [send, regen], queue=False, api_name=False)
        runs.append(run)

        def stopped(who, cid):
            """Back to what is saved (a stopped answer is not kept), with the buttons enabled."""
            v = ui.open_conversation(who, cid)
            v.notice = "Đã dừng. / Stopped."
            return *show(v, who), *unlock()

        stop.click(stopped, [owner, conv_id], [*view_out, send, regen], cancels=runs, queue=False, api_name=False)

        def fresh(who):
            return show(ui.new_conversation(who), who)

        new.click(fresh, owner, view_out, api_name=False)
        chat.clear(fresh, owner, view_out, api_name=False)  # the trash icon also forgets the context

        def reopen(who, cid):
            return show(ui.open_conversation(who, cid), who)

        convs.input(reopen, [owner, convs], view_out, api_name=False)
        rename.click(lambda who, cid, t: show(ui.rename(who, cid, t), who), [owner, conv_id, title], view_out,
                     api_name=False)  # fmt: skip
        delete.click(lambda who, cid: show(ui.delete(who, cid), who), [owner, conv_id], view_out, api_name=False)

        def on_like(who, cid, data: gr.LikeData):
            index = data.index if isinstance(data.index, int) else data.index[0]
            return ui.rate(who, cid, index, liked_of(data.liked)), index

        chat.like(on_like, [owner, conv_id], [notice, rated], api_name=False)
        send_comment.click(
            lambda who, cid, i, text: (ui.comment(who, cid, i, text), ""),
            [owner, conv_id, rated, comment],
            [notice, comment],
            api_name=False,
        )

        def remember(state, cid, *opts):
            names = ("backend", "k", "date_from", "date_to", "outlets")
            return {**(state or {}), "conversation": cid or "", "options": dict(zip(names, opts))}

        gr.on(
            [conv_id.change, *(o.change for o in options)],
            remember,
            [browser, conv_id, *options],
            browser,
            api_name=False,
            queue=False,
        )

        def on_load(state, request: gr.Request):
            """The page's own state at once: the box takes a question while the index opens."""
            state = dict(state or {})
            state["id"] = state.get("id") or ui.new_browser_id()
            who = ui.owner(getattr(request, "username", None), state["id"])
            opts = state.get("options") or {}
            v = ui.open_conversation(who, state.get("conversation") or "")
            restored = (
                opts.get("backend") if opts.get("backend") in ui.backends() else "extractive",
                opts.get("k") or 5,
                opts.get("date_from") or None,
                opts.get("date_to") or None,
                gr.skip(),  # the outlets are known once the index is open (on_engine)
            )
            shown = list(show(v, who))
            shown[view_out.index(box)] = gr.Textbox(value="", interactive=True)
            return state, who, *shown, *restored, gr.Button(interactive=True)

        def on_engine(state):
            """Once the index is open: its totals, its outlets (the saved choice restored); a
            question sent before this waits for it. If it cannot be opened: why, and no box."""
            problem = ui.wait()
            saved = ((state or {}).get("options") or {}).get("outlets") or []
            choices = ui.outlets()
            return (
                ui.status(),
                gr.Dropdown(choices=choices, value=[o for o in saved if o in choices]),
                gr.Textbox(interactive=not problem),
                gr.Button(interactive=not problem),
            )

        app.load(on_load, browser, [browser, owner, *view_out, *options, send], api_name=False).then(
            on_engine, browser, [status, outlets, box, send], api_name=False
        )

        def upload(paths, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
            summary = ui.upload(paths, lambda f, d: progress(f, desc=d))
            added = "✓" in summary
            return (
                f"```\n{summary}\n```",
                ui.status(),
                gr.Dropdown(choices=ui.outlets()),
                None if added else gr.skip(),  # the file box is cleared after a successful add
            )

        add.click(upload, files, [report, status, outlets, files], api_name=False)
        gr.api(ui.api_ask, api_name="ask")
        with gr.Tabs(), gr.Tab("Thư viện", elem_id="hd-library-tab") as tab:
            library_tab(LibraryUI(ui), ui.upload, tab, app)
    return app


def ensure_index(settings: Settings) -> None:
    """Index the bundled articles on first run (an existing index is left as it is) and finish
    an upload that a killed process left half-done."""
    from indexing import store
    from indexing.pipeline import Indexer
    from indexing.uploads import recover

    if (done := recover(settings)) is not None:
        print("Hoàn tất tải lên dở dang / finished an interrupted upload:\n" + done.summary(), flush=True)
    if store.collection(settings).count() == 0:
        print("Đang tạo chỉ mục cho các bài viết đi kèm… / indexing the bundled articles…", flush=True)
        print(Indexer(settings).ingest(BUNDLED_CORPUS).summary(), flush=True)


def open_engine(settings: Settings):
    """The answer engine over an index that exists (the bundled articles on first run), warmed up."""
    try:
        from assistant.engine import Assistant
    finally:
        if not gc.isenabled():  # off since start-up (cli.entry): what the imports made stays
            gc.freeze()
            gc.enable()

    ensure_index(settings)
    assistant = Assistant(settings)
    articles, chunks = assistant.retriever.size
    print(f"{READY} ({articles} bài viết / articles, {chunks} đoạn / chunks)", flush=True)
    threading.Thread(target=assistant.warm_up, kwargs={"delay_s": 2.0}, daemon=True).start()
    return assistant


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None) -> int:
    auth = auth or os.environ.get("HOIDAP_AUTH")
    if host not in ("127.0.0.1", "localhost") and not auth:
        print("Cảnh báo: máy chủ mở ra ngoài mà không có --auth. / Warning: exposed without --auth.", file=sys.stderr)
    ui = ChatUI(settings, load=lambda: open_engine(settings))  # opened while the page is served
    credentials = tuple(auth.split(":", 1)) if auth else None
    app = build_app(ui).queue(default_concurrency_limit=4)
    app.launch(
        server_name=host,
        server_port=port,
        auth=credentials,
        show_error=False,
        theme=THEME,
        css=CSS,
        js=JS,
        footer_links=["api"],
        quiet=False,
        allowed_paths=[str(EXPORTS)],
        prevent_thread_lock=True,
    )
    ui.start_loading()  # after the page is up: the imports no longer hold back the first paint
    app.block_thread()
    return 0
