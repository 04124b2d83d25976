"""The Gradio app: layout and wiring only (behaviour lives in ui.handlers)."""

from __future__ import annotations

import logging
import os
import sys

import gradio as gr

from assistant.engine import Assistant
from indexing import store
from indexing.pipeline import Indexer
from indexing.settings import BUNDLED_CORPUS, Settings
from ui.handlers import ChatUI
from ui.library import LibraryUI, library_tab
from ui.render import CSS, sources_html

log = logging.getLogger(__name__)
EXAMPLES = [
    "Xã Vĩnh Quang đặt mục tiêu tăng trưởng bao nhiêu?",
    "dang bo xa Bien Ho co bao nhieu dang vien",
    "Ai là Bí thư Đảng ủy phường Hạc Thành?",
    "Ban Thường vụ Huyện ủy làm việc với Đảng ủy xã Thuận ngày nào?",
]
# system fonts only: no request leaves the machine
THEME = gr.themes.Default(
    font=["system-ui", "Segoe UI", "Roboto", "sans-serif"], font_mono=["ui-monospace", "monospace"]
)


def build_app(ui: ChatUI) -> gr.Blocks:
    with gr.Blocks(title="Hỏi đáp tin tức") as app:
        gr.Markdown(
            "## Hỏi đáp tin tức\nĐặt câu hỏi tiếng Việt (có dấu hoặc không dấu). Mỗi câu trả lời "
            "đều kèm đoạn trích làm căn cứ; nếu tài liệu không có, hệ thống sẽ nói rõ."
        )
        turns = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Trò chuyện", height=460, elem_id="hd-chat")
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="Nhập câu hỏi rồi nhấn Enter…",
                        show_label=False,
                        scale=5,
                        elem_id="hd-question",
                        max_lines=4,
                    )
                    send = gr.Button("Gửi", variant="primary", scale=1)
                with gr.Row():
                    new = gr.Button("Cuộc trò chuyện mới", size="sm")
                gr.Examples(EXAMPLES, inputs=box, label="Câu hỏi mẫu")
                status = gr.Markdown(ui.status(), elem_id="hd-status")
            with gr.Column(scale=2):
                gr.Markdown("### Nguồn trích dẫn")
                sources = gr.HTML(sources_html(None), elem_id="hd-sources")
        with gr.Accordion("Tùy chọn tìm kiếm", open=False), gr.Row():
            backend = gr.Dropdown(ui.backends(), value="extractive", label="Cách trả lời (backend)")
            k = gr.Slider(1, 10, value=5, step=1, label="Số đoạn truy xuất")
            date_from = gr.Textbox(label="Từ ngày (YYYY-MM-DD)")
            date_to = gr.Textbox(label="Đến ngày (YYYY-MM-DD)")
            outlets = gr.Dropdown(ui.outlets(), multiselect=True, label="Cơ quan báo chí")
        with gr.Accordion("Thêm bài viết (.txt, .md, .html, .jsonl)", open=False):
            files = gr.File(file_count="multiple", label="Tệp bài viết")
            add = gr.Button("Thêm vào chỉ mục")
            report = gr.Markdown()

        inputs = [box, chat, turns, backend, k, date_from, date_to, outlets]
        outputs = [chat, turns, sources, status, box]
        box.submit(ui.respond, inputs, outputs, api_name="chat")
        send.click(ui.respond, inputs, outputs, api_name=False)
        new.click(ui.new_conversation, None, [chat, turns, sources, status], api_name=False)

        def upload(paths, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
            summary = ui.upload(paths, lambda f, d: progress(f, desc=d))
            return f"```\n{summary}\n```", ui.status(), gr.Dropdown(choices=ui.outlets())

        add.click(upload, files, [report, status, outlets], api_name=False)
        gr.api(ui.api_ask, api_name="ask")
        with gr.Tabs(), gr.Tab("Thư viện", elem_id="hd-library-tab") as tab:
            library_tab(LibraryUI(ui.assistant), ui.upload, tab)
    return app


def ensure_index(settings: Settings) -> None:
    """Index the bundled articles on first run (an existing index is left as it is) and finish
    an upload that a killed process left half-done."""
    from indexing.uploads import recover

    if (done := recover(settings)) is not None:
        print("Hoàn tất tải lên dở dang / finished an interrupted upload:\n" + done.summary(), flush=True)
    if store.collection(settings).count() == 0:
        print("Đang tạo chỉ mục cho các bài viết đi kèm… / indexing the bundled articles…", flush=True)
        print(Indexer(settings).ingest(BUNDLED_CORPUS).summary(), flush=True)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None) -> int:
    auth = auth or os.environ.get("HOIDAP_AUTH")
    if host not in ("127.0.0.1", "localhost") and not auth:
        print("Cảnh báo: máy chủ mở ra ngoài mà không có --auth. / Warning: exposed without --auth.", file=sys.stderr)
    ensure_index(settings)
    ui = ChatUI(settings, Assistant(settings))
    credentials = tuple(auth.split(":", 1)) if auth else None
    build_app(ui).queue(default_concurrency_limit=4).launch(
        server_name=host,
        server_port=port,
        auth=credentials,
        show_error=False,
        theme=THEME,
        css=CSS,
        footer_links=["api"],
        quiet=False,
    )
    return 0
