"""The UI's behaviour without a browser: streaming, sources panel, friendly errors, uploads."""

import pytest

from ui.handlers import ChatUI
from ui.render import marked, sources_html


@pytest.fixture(scope="module")
def ui(assistant):
    return ChatUI(assistant.settings, assistant)


def _run(ui, message, **kw):
    return list(ui.respond(message, [], [], **kw))


def test_answer_streams_then_shows_cited_passage(ui):
    steps = _run(ui, "Xã Vĩnh Quang đặt mục tiêu tăng trưởng bao nhiêu?")
    chat, turns, html, status, box = steps[-1]
    assert chat[0] == {"role": "user", "content": "Xã Vĩnh Quang đặt mục tiêu tăng trưởng bao nhiêu?"}
    assert "8,4%" in chat[1]["content"] and "[1]" in chat[1]["content"]
    assert "<mark>Với xã Vĩnh Quang" in html and "8,4%.</mark>" in html  # supporting sentence marked
    assert "Xem toàn bài" in html and "19/01/2026" in html and "Báo Gia Lai" in html
    full = html.split("class='hd-article'>")[1]
    assert "Diên Hồng" in full and "Ngay những ngày đầu năm 2026" in full  # the whole article, not the chunk
    assert full.count("<mark>") == 1
    assert "Chỉ mục: 5 bài viết" in status and "Trả lời trong" in status
    assert box == "" and len(turns) == 1


def test_follow_up_uses_the_conversation(ui):
    *_, (chat, turns, *_rest) = _run(ui, "Xã Vĩnh Quang đặt mục tiêu tăng trưởng bao nhiêu?")
    *_, (chat2, _, html, _, _) = list(ui.respond("Còn xã Lơ Pang thì sao?", chat, turns))
    assert "Lơ Pang" in html
    assert "7,5%" in chat2[-1]["content"] and len(chat2) == 4


@pytest.mark.parametrize(
    "message, kw, expected",
    [
        ("", {}, "Vui lòng nhập câu hỏi"),
        ("x" * 2001, {}, "quá dài"),
        ("Xã Vĩnh Quang?", {"date_from": "mai"}, "Ngày không hợp lệ"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_not_a_trace(ui, message, kw, expected):
    chat, _, _, _, box = _run(ui, message, **kw)[-1]
    assert expected in chat[-1]["content"] and "Traceback" not in chat[-1]["content"]
    assert box == message  # the question stays in the box to be corrected


def test_unexpected_failure_is_a_friendly_message(ui, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(ui.assistant, "stream", boom)
    chat, *_ = _run(ui, "Xã Vĩnh Quang?")[-1]
    assert "Xin lỗi" in chat[-1]["content"] and "internal detail" not in chat[-1]["content"]


def test_article_text_is_escaped():
    assert (
        marked("<script>alert(1)</script> Câu A.", 25, 32)
        == "&lt;script&gt;alert(1)&lt;/script&gt;<mark> Câu A.</mark>"
    )
    assert "Các đoạn trích" in sources_html(None)


def test_upload_adds_good_files_and_reports_bad_ones(tmp_path, embed_model):
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever
    from indexing.pipeline import Indexer
    from indexing.settings import BUNDLED_CORPUS, Settings

    settings = Settings().with_(index_dir=tmp_path / "idx", collection="upl", cache_dir=tmp_path / "cache")
    Indexer(settings, embed_model=embed_model).ingest(BUNDLED_CORPUS)
    ui = ChatUI(settings, Assistant(settings, HybridRetriever(settings, embed_model=embed_model)))
    good = tmp_path / "tin-moi.txt"
    good.write_text(
        "Xã Ia Hrú tổ chức hội nghị\n\nNgày 5/3/2026, Đảng ủy xã Ia Hrú cho biết toàn xã có "
        "<script>alert(1)</script> 257 đảng viên sinh hoạt tại 14 chi bộ.",
        encoding="utf-8",
    )
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    image = tmp_path / "anh.png"
    image.write_bytes(b"\x89PNG")
    seen = []
    summary = ui.upload([str(good), str(empty), str(image)], lambda f, d: seen.append(f))
    assert "+1 thêm/added" in summary and "rong.txt" in summary and "anh.png" in summary
    assert seen and seen[-1] == 1.0
    assert ui.assistant.retriever.size == (6, 35)  # the bundled articles are still there
    chat, _, html, _, _ = _run(ui, "Đảng bộ xã Ia Hrú có bao nhiêu đảng viên?")[-1]
    assert "257" in chat[-1]["content"]
    assert "&lt;script&gt;" in html and "<script>" not in html
    again = ui.upload([str(good)])
    assert "1 không đổi/unchanged" in again


def test_full_article_is_rebuilt_exactly(seed_index):
    from assistant.article_text import article_text
    from indexing.readers import read_folder
    from indexing.settings import BUNDLED_CORPUS

    for art in read_folder(BUNDLED_CORPUS)[0]:
        title, text = article_text(seed_index, art.doc_id)
        assert title == art.title
        assert text.split() == art.text.split()  # same words in the same order; offsets line up
        assert len(text) == len(art.text)
