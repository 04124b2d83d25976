"""The UI's behaviour without a browser: streaming, saved conversations, feedback, honest not-found,
safe rendering, friendly errors, uploads."""

import json
import re

import pytest

from ui.handlers import ChatUI
from ui.render import marked, plain, sources_html

Q1 = "Xã Vĩnh Quang phấn đấu giảm bao nhiêu hộ nghèo?"
GROWTH = "Xã Vĩnh Quang đặt mục tiêu tăng trưởng bao nhiêu?"  # declined; its follow-up about Lơ Pang is answered


@pytest.fixture(scope="module")
def ui(assistant):
    return ChatUI(assistant.settings, assistant)


def _run(ui, message, chat=(), turns=(), **kw):
    return list(ui.respond(message, list(chat), list(turns), **kw))


def test_answer_streams_then_shows_cited_passage_and_is_saved(ui):
    steps = _run(ui, Q1, owner="u1")
    v = steps[-1]
    assert len(steps) > 1 and steps[0].sources is None  # partial answers first, sources with the final one
    assert v.chat[0] == {"role": "user", "content": plain(Q1)}
    answer = v.chat[1]["content"]
    assert "46 hộ nghèo" in answer and "href='#hd-src-0-1'>[1]</a>" in answer  # [1] is a link to card 1
    assert answer.startswith("**46 hộ nghèo**") and "\\*" not in answer.split("—")[0]  # the short answer in bold
    assert "Nguồn:" in answer and "19/01/2026" in answer  # source title and date inline
    assert "id='hd-src-0-1'" in v.sources
    assert "<mark>Một mục tiêu quan trọng nữa" in v.sources and "46 hộ nghèo.</mark>" in v.sources
    full = v.sources.split("class='hd-article'>")[1]
    assert "Diên Hồng" in full and "Ngay những ngày đầu năm 2026" in full and full.count("<mark>") == 1
    assert "Chỉ mục: 5 bài viết" in v.status
    total, retrieve, compose = (float(x) for x in re.findall(r"(\d+\.\d\d) s", v.status))
    assert total > 0 and abs(total - retrieve - compose) <= 0.011  # the timings add up
    assert v.box == "" and len(v.turns) == 1 and v.conversation
    assert v.conversations[0][1] == v.conversation and v.conversations[0][0].startswith(f"{Q1} · ")


def test_sidebar_and_export_show_times_in_the_machines_zone_and_name_it(ui, monkeypatch):
    """Times are stored in UTC; a user at UTC+7 reads 14:05 UTC+07:00, not an unlabelled 07:05 (the
    zone is given as a POSIX rule, so no time-zone data is needed)."""
    import time
    from datetime import UTC, datetime, timedelta

    v = _run(ui, Q1, owner="u-tz")[-1]
    stored = ui.conversations.list("u-tz")[0].updated
    expected = (datetime.strptime(stored, "%Y-%m-%d %H:%M") + timedelta(hours=7)).strftime("%Y-%m-%d %H:%M")
    monkeypatch.setenv("TZ", "<+07>-7")
    time.tzset()
    try:
        assert ui.conversation_choices("u-tz")[0][0] == f"{Q1} · {expected} UTC+07:00"
        exported = ui.conversations.get("u-tz", v.conversation)
        created = datetime.strptime(exported.created, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
        from ui.conversations import to_markdown

        assert f"_{(created + timedelta(hours=7)):%Y-%m-%d %H:%M} UTC+07:00_" in to_markdown(exported)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_follow_up_then_reopen_restores_the_context(ui):
    v1 = _run(ui, "Xã Phú Thiện có bao nhiêu tổ chức đảng?", owner="u2")[-1]
    v2 = _run(ui, "Còn xã Biển Hồ thì sao?", v1.chat, v1.turns, owner="u2", conversation=v1.conversation)[-1]
    assert "69 tổ chức đảng" in v1.chat[-1]["content"]
    assert "61 tổ chức cơ sở đảng" in v2.chat[-1]["content"]
    assert len(v2.chat) == 4 and v2.conversation == v1.conversation
    opened = ui.open_conversation("u2", v1.conversation)  # e.g. after a page reload
    assert opened.chat == v2.chat and [t.standalone for t in opened.turns] == [t.standalone for t in v2.turns]
    assert "id='hd-src-0-1'" in opened.sources and "id='hd-src-1-1'" in opened.sources  # both turns' cards
    assert ui.open_conversation("someone-else", v1.conversation).chat == []  # owners do not see each other's
    md = ui.conversations.get("u2", v1.conversation)
    from ui.conversations import to_markdown

    text = to_markdown(md)
    assert "## 2. Còn xã Biển Hồ thì sao?" in text and "61 tổ chức cơ sở đảng" in text and "> " in text
    understood = md.turns[1].standalone  # the follow-up as answered, shown as the chat shows it
    assert understood != md.turns[1].question and f"_Đã hiểu là / understood as: «{understood}»_" in text


def test_the_markdown_export_shows_what_users_and_articles_wrote_as_text():
    from ui.conversations import Conversation, SavedTurn, to_markdown

    turn = SavedTurn(
        question="<img src=x onerror=alert(1)> ![a](http://e/a.png) **đậm**?",
        answer="**46 hộ nghèo** — Xã phấn đấu giảm 46 hộ nghèo. [1]",
        shown="",
        found=True,
        standalone="",
        citations=[{"n": 1, "title": "Tin <b>A</b>", "date": "", "source": "", "quote": "Xã giảm 46 hộ nghèo."}],
        settings={},
        sources_html="",
        notice="Dòng một\nDòng hai",
    )
    text = to_markdown(Conversation("c", "Hội thảo [x](http://e)", "2026-12-07 05:00", "", [turn]))
    assert "<img" not in text and "<b>" not in text and "![a](" not in text and "[x](" not in text
    assert "**46 hộ nghèo** —" in text and "\\*\\*đậm\\*\\*" in text  # only the engine's short answer is bold
    assert "> Dòng một\n> Dòng hai" in text  # every line of a notice stays quoted


def test_new_conversation_forgets_the_context(ui):
    v1 = _run(ui, "Ai là Bí thư Đảng ủy phường Hạc Thành?", owner="u3")[-1]
    fresh = ui.new_conversation("u3")
    assert fresh.chat == [] and fresh.turns == [] and fresh.conversation == ""
    v2 = _run(ui, "Ông ấy giữ chức gì?", fresh.chat, fresh.turns, owner="u3")[-1]
    assert v2.conversation != v1.conversation
    assert "Nguyễn Văn Biện" not in ui.conversations.get("u3", v2.conversation).turns[0].standalone


def test_user_text_is_shown_as_text_never_html_or_images(ui):
    v = _run(ui, "<img src=x onerror=alert(1)> ![a](http://example.com/a.png)", owner="u4")[-1]
    shown = v.chat[0]["content"]
    assert "<img" not in shown and "&lt;img src=x onerror=alert\\(1\\)&gt;" in shown
    assert "](" not in shown and "\\!\\[a\\]\\(" in shown  # no Markdown image survives


def test_only_the_engines_leading_short_answer_is_bold():
    from ui.render import answer_markdown

    shown = answer_markdown("**12 tỷ <b>đồng</b>** — Xã thu **12 tỷ** đồng ![x](http://e/x.png). [1]", 0)
    assert shown.startswith("**12 tỷ &lt;b&gt;đồng&lt;/b&gt;**")  # bold, its text escaped
    assert "\\*\\*12 tỷ\\*\\*" in shown and "\\!\\[x\\]" in shown  # later Markdown stays text


@pytest.mark.parametrize(
    "message, kw, expected",
    [
        ("", {}, "Vui lòng nhập câu hỏi"),
        ("   ", {}, "Vui lòng nhập câu hỏi"),
        ("x" * 2001, {}, "quá dài"),
        (Q1, {"date_from": "mai"}, "Ngày không hợp lệ"),
        (Q1, {"date_from": "2026-13-45"}, "Ngày không tồn tại"),
        (Q1, {"date_from": "2026-02-01", "date_to": "2026-01-01"}, "đảo ngược"),
    ],
)
def test_bad_input_leaves_the_chat_alone_and_says_why(ui, message, kw, expected):
    (v,) = _run(ui, message, [{"role": "user", "content": "trước"}], **kw)
    assert v.chat is None and v.sources is None  # no empty bubble, the last answer's sources stay
    assert expected in v.notice and "Traceback" not in v.notice
    assert v.box == message  # the question stays in the box to be corrected


def test_filters_that_exclude_everything_are_named_as_the_reason(ui):
    v = _run(ui, Q1, date_from="2030-01-01", owner="u5")[-1]
    answer = v.chat[-1]["content"]
    assert "Không tìm thấy" in answer and "từ 01/01/2030" in answer
    assert "Không có bài viết nào khớp bộ lọc" in answer and f"«{Q1}»" in answer


def test_not_found_says_what_was_searched_and_shows_closest_passages(ui):
    v = _run(ui, "Giá vàng hôm nay ở Hà Nội là bao nhiêu?", owner="u5", k=3)[-1]
    answer = v.chat[-1]["content"]
    assert "Không tìm thấy" in answer and "Đã tìm" in answer and "khớp bộ lọc" not in answer
    assert "<details class='hd-others'><summary>Các đoạn gần nhất (3)" in v.sources
    # the export lists those 3 passages instead of pointing at a panel it does not have
    from ui.conversations import to_markdown

    text = to_markdown(ui.conversations.get("u5", v.conversation))
    assert "sources panel" not in text and "Đã tìm / searched" in text
    listed = text.split("**Các đoạn gần nhất / closest passages**")[1]
    assert listed.count("\n- ") == 3 and listed.count("\n  > ") >= 3
    shown = re.findall(r"<div class='hd-other'><b>(.*?)</b>", v.sources)  # the panel's titles, in its order
    assert [line[2:].split(" (")[0] for line in listed.splitlines() if line.startswith("- ")] == shown


@pytest.mark.parametrize("k", [1, 4, 10])
def test_k_is_the_number_of_passages_shown(ui, k):
    v = _run(ui, Q1, k=k, owner="u6")[-1]
    cards = v.sources.count("class='hd-src'") + v.sources.count("class='hd-other'")
    assert cards == max(k, v.sources.count("class='hd-src'"))


def test_outlets_name_every_article(ui):
    assert ui.outlets() == ["Báo Gia Lai", "không rõ / unknown"]
    q = "Ban Thường vụ Huyện ủy làm việc với Đảng ủy xã Thuận vào ngày nào?"
    v = _run(ui, q, outlets=["không rõ / unknown"], owner="u7")[-1]
    assert "10 tháng 11 năm 2022" in v.chat[-1]["content"]  # a Thanh Hóa article, found under "unknown"
    typed = _run(ui, Q1, outlets=["bao gia lai"], owner="u7")[-1]  # as the command line: case and accents ignored
    assert "46 hộ nghèo" in typed.chat[-1]["content"]
    (refused,) = _run(ui, Q1, outlets=["Báo Nhân Dân"], owner="u7")
    assert "Báo Nhân Dân" in refused.notice and "Báo Gia Lai" in refused.notice and refused.chat is None


@pytest.mark.parametrize("k", [0, -1, 51, "năm"])
def test_k_outside_1_to_50_is_refused_by_the_chat_and_the_api(ui, k):
    (v,) = _run(ui, Q1, k=k, owner="u7k")
    assert "1 đến 50" in v.notice and v.chat is None
    assert "1 đến 50" in ui.api_ask(Q1, k=k)["error"]


def test_feedback_is_stored_and_exported_as_an_eval_draft(ui, tmp_path, cli):
    v = _run(ui, Q1, owner="u8")[-1]
    assert "Đã ghi nhận" in ui.rate("u8", v.conversation, 1, liked=False)
    assert "Đã lưu góp ý" in ui.comment("u8", v.conversation, 1, "thiếu năm")
    out = tmp_path / "draft.jsonl"
    r = cli(ui.settings, "feedback", "export", "--out", str(out))
    assert r.returncode == 0, r.stderr
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    mine = [i for i in items if i["question"] == Q1 and i["comment"] == "thiếu năm"]
    assert len(mine) == 1 and mine[0]["feedback"] == "down" and "46 hộ nghèo" in mine[0]["answer_given"]
    assert set(mine[0]) >= {"id", "type", "question", "answers", "gold", "history"}


def test_a_rating_clicked_again_is_removed_and_a_changed_one_keeps_its_comment(ui):
    from ui.handlers import liked_of

    assert (liked_of(True), liked_of("Like"), liked_of(False), liked_of("Dislike")) == (True, True, False, False)
    assert liked_of(None) is None and liked_of("") is None  # the frontend's undo
    v = _run(ui, Q1, owner="u8b")[-1]

    def mine() -> list[dict]:
        return [r for r in ui.feedback.all() if r["owner"] == "u8b"]

    ui.rate("u8b", v.conversation, 1, liked=True)
    ui.comment("u8b", v.conversation, 1, "đúng số liệu")
    ui.rate("u8b", v.conversation, 1, liked=False)  # changed: the comment stays
    assert [(r["rating"], r["comment"]) for r in mine()] == [(-1, "đúng số liệu")]
    assert "Đã bỏ" in ui.rate("u8b", v.conversation, 1, liked=None)  # undone: no 👎 left behind
    assert mine() == []


def test_unexpected_failure_is_a_friendly_message(ui, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(ui.assistant, "stream", boom)
    v = _run(ui, "Xã Vĩnh Quang?")[-1]
    assert "Xin lỗi" in v.notice and "internal detail" not in v.notice and v.chat == []


def test_a_damaged_index_names_the_repair_command(ui, monkeypatch):
    from indexing.errors import IndexDamaged

    def damaged(*a, **k):
        raise IndexDamaged("Error finding id")

    monkeypatch.setattr(ui.assistant, "stream", damaged)
    v = _run(ui, "Xã Vĩnh Quang?")[-1]
    assert "hoidap repair" in v.notice and "không bài nào bị mất" in v.notice and v.chat == []


def test_article_text_is_escaped():
    assert (
        marked("<script>alert(1)</script> Câu A.", 25, 32)
        == "&lt;script&gt;alert(1)&lt;/script&gt;<mark> Câu A.</mark>"
    )
    assert "Các đoạn trích" in sources_html(None)


def test_upload_reports_each_file_and_deletes_rejected_ones(tmp_path, embed_model):
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import HybridRetriever
    from indexing.pipeline import Indexer
    from indexing.settings import BUNDLED_CORPUS, Settings
    from ui.uploads import uploads_dir

    settings = Settings().with_(index_dir=tmp_path / "idx", collection="upl", cache_dir=tmp_path / "cache")
    Indexer(settings, embed_model=embed_model).ingest(BUNDLED_CORPUS)
    ui = ChatUI(settings, Assistant(settings, HybridRetriever(settings, embed_model=embed_model)))
    para = "Hội nghị thống nhất các giải pháp nâng cao chất lượng sinh hoạt chi bộ và phát triển đảng viên mới."
    body = (
        "Xã Ia Hrú tổ chức hội nghị\n\nNgày 5/3/2026, Đảng ủy xã Ia Hrú cho biết toàn xã có "
        "<script>alert(1)</script> 257 đảng viên sinh hoạt tại 14 chi bộ.\n\nCác tin khác\n\n" + para
    )
    good = tmp_path / "tin-moi.txt"
    good.write_text(body + "\n\nBáo Gia Lai\n\nPhản hồi\n\nCác tin khác\n\nTin A\n\nTin B", encoding="utf-8")
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    image = tmp_path / "anh.png"
    image.write_bytes(b"\x89PNG")
    seen = []
    summary = ui.upload([str(good), str(empty), str(image), str(good)], lambda f, d: seen.append(f))
    lines = summary.splitlines()
    assert lines[0] == "✓ tin-moi.txt: 1 bài/article(s)"
    kept = len(body) - len("Xã Ia Hrú tổ chức hội nghị\n\n") + len("\n\nBáo Gia Lai")  # title line is metadata
    assert "thêm mới / added" in lines[1] and f"giữ / kept {kept} ký tự" in lines[1]
    removed = len("Phản hồi" + "Các tin khác" + "Tin A" + "Tin B")  # the trailing block only
    assert f"cleaner removed: {removed} ký tự/chars" in lines[2] and "Phản hồi" in lines[2]
    assert any(line.startswith("✗ rong.txt") and "không lưu tệp" in line for line in lines)
    assert any(line.startswith("✗ anh.png") for line in lines)
    assert sorted(p.name for p in uploads_dir(settings).iterdir()) == ["tin-moi.txt"]  # rejected files gone
    assert seen and seen[-1] == 1.0
    assert ui.assistant.retriever.size[0] == 6 and "Chỉ mục: 6 bài viết" in ui.status()
    assert "Báo Gia Lai" in ui.outlets()
    v = _run(ui, "Đảng bộ xã Ia Hrú có bao nhiêu đảng viên?")[-1]
    assert "257 đảng viên" in v.sources  # the new article is searched at once
    assert "&lt;script&gt;" in v.sources and "<script>" not in v.sources
    again = ui.upload([str(good)])
    assert "không đổi / unchanged" in again and "trùng" not in again

    # another file with a name already uploaded is added beside it, and reported as such
    other = tmp_path / "b" / "tin-moi.txt"
    other.parent.mkdir()
    other.write_text("Xã Ia Ake khánh thành cầu\n\nNgày 6/3/2026, xã Ia Ake khánh thành cầu dài 42 m.", "utf-8")
    third = tmp_path / "c" / "tin-moi.txt"
    third.parent.mkdir()
    third.write_text("Xã Ia Sol mở lớp học\n\nNgày 7/3/2026, xã Ia Sol mở lớp xóa mù chữ cho 35 học viên.", "utf-8")
    report = ui.upload([str(other), str(third)])
    assert "tin-moi.txt → uploads/tin-moi (2).txt" in report and "tin-moi.txt → uploads/tin-moi (3).txt" in report
    assert "cập nhật / updated" not in report and report.count("thêm mới / added") == 2
    names = sorted(p.name for p in uploads_dir(settings).iterdir())
    assert names == ["tin-moi (2).txt", "tin-moi (3).txt", "tin-moi.txt"]

    from ui.library import LibraryUI

    titled = tmp_path / "tieu-de.txt"
    titled.write_text(
        "![x](http://e/x.png) **Xã Ia Pia** <b>mở</b> đường\n\nNgày 8/3/2026, xã Ia Pia khởi công tuyến đường "
        "liên thôn dài 3 km, tổng kinh phí 4,5 tỷ đồng, dự kiến hoàn thành trước mùa mưa năm nay.",
        "utf-8",
    )
    ui.upload([str(titled)])
    lib = LibraryUI(ui)

    # a Word file typed in the old TCVN3 font is added in Unicode, and the report says so
    import docx

    word = docx.Document()
    word.add_paragraph("X· Ia Ga khëi c«ng tr­êng häc")
    word.add_paragraph("Ngµy 9/3/2026, x· Ia Ga khëi c«ng tr­êng tiÓu häc míi víi 8 phßng häc, tæng kinh phÝ 6 tû ®ång.")
    word.save(tmp_path / "truong.docx")
    report = ui.upload([str(tmp_path / "truong.docx")])
    assert "✓ truong.docx: 1 bài/article(s)" in report and "«Xã Ia Ga khởi công trường học»" in report
    assert "converted from the TCVN3 font" in report
    (doc,) = [e.id for e in lib.entries() if "Ia Pia" in e.title]
    shown = lib.describe(doc)
    assert "![x](" not in shown and "**Xã" not in shown and "<b>" not in shown and "Ia Pia" in shown


def test_regenerate_replaces_the_last_answer_with_the_current_options(ui):
    v1 = _run(ui, GROWTH, owner="u9")[-1]
    v2 = _run(ui, "Còn xã Lơ Pang thì sao?", v1.chat, v1.turns, owner="u9", conversation=v1.conversation)[-1]
    args = (v2.chat, v2.turns, "extractive", 5, "2030-01-01", "", None, "u9", v2.conversation)
    v3 = list(ui.regenerate(*args))[-1]
    assert len(v3.chat) == 4 and v3.chat[:2] == v2.chat[:2]
    assert "7,5%" not in v3.chat[-1]["content"] and "khớp bộ lọc" in v3.chat[-1]["content"]
    saved = ui.conversations.get("u9", v1.conversation).turns
    assert [t.question for t in saved] == [GROWTH, "Còn xã Lơ Pang thì sao?"] and not saved[-1].found


def test_a_regenerate_that_is_refused_or_fails_keeps_the_saved_answer(ui, monkeypatch):
    v1 = _run(ui, GROWTH, owner="u9b")[-1]
    saved = ui.conversations.get("u9b", v1.conversation).turns
    reversed_dates = (v1.chat, v1.turns, "extractive", 5, "2026-12-31", "2026-01-01", None, "u9b", v1.conversation)
    v2 = list(ui.regenerate(*reversed_dates))[-1]
    assert "⚠️" in v2.notice and v2.chat == v1.chat  # refused: the old answer is still shown ...
    assert ui.conversations.get("u9b", v1.conversation).turns == saved  # ... and still saved

    def broken(*a, **kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ui.assistant, "stream", broken)
    ok_dates = (v1.chat, v1.turns, "extractive", 5, "", "", None, "u9b", v1.conversation)
    v3 = list(ui.regenerate(*ok_dates))[-1]
    assert v3.notice and v3.chat == v1.chat
    assert ui.conversations.get("u9b", v1.conversation).turns == saved


def test_rename_export_json_and_delete_a_conversation(ui, tmp_path):
    v = _run(ui, Q1, owner="u10")[-1]
    assert (
        ui.rename("u10", v.conversation, "Hộ nghèo Vĩnh Quang").conversations[0][0].startswith("Hộ nghèo Vĩnh Quang · ")
    )
    data = json.loads(ui.export("u10", v.conversation, "json", tmp_path).read_text(encoding="utf-8"))
    assert data["title"] == "Hộ nghèo Vĩnh Quang" and data["turns"][0]["question"] == Q1
    assert "46 hộ nghèo" in data["turns"][0]["answer"] and data["turns"][0]["citations"][0]["n"] == 1
    assert "sources_html" not in data["turns"][0] and "<a " not in data["turns"][0]["answer"]
    assert ui.export("someone-else", v.conversation, "md", tmp_path) is None
    after = ui.delete("u10", v.conversation)
    assert after.conversations == [] and after.chat == [] and ui.conversations.get("u10", v.conversation) is None
    assert ChatUI.owner("ann", "b1") == "user:ann" != ChatUI.owner(None, "b1")  # per login with --auth


def test_page_is_usable_while_the_index_opens_and_waits_for_it(assistant):
    import threading

    gate = threading.Event()

    def slow_open():
        gate.wait(30)
        return assistant

    ui = ChatUI(assistant.settings, load=slow_open)
    assert not ui.ready
    assert "Đang mở chỉ mục" in ui.status() and ui.outlets() == []  # the page can be drawn now
    gate.set()
    assert ui.wait() is None and ui.ready
    assert re.search(r"\d+ bài viết", ui.status()) and ui.outlets()


def test_an_index_that_cannot_be_opened_is_explained_not_a_stack_trace(assistant):
    def broken():
        raise OSError("chroma.sqlite3: database disk image is malformed")

    ui = ChatUI(assistant.settings, load=broken)
    problem = ui.wait()
    assert problem and "Không mở được chỉ mục" in problem and "malformed" in problem
    with pytest.raises(RuntimeError, match="could not be opened"):
        ui.assistant  # noqa: B018
    # every way in says why, instead of a bare "Error" or an endless "opening the index…"
    assert "malformed" in ui.status() and "malformed" in ui.new_conversation("u9").status
    assert "malformed" in ui.api_ask(Q1)["error"]
    assert "malformed" in ui.upload([])
    steps = _run(ui, Q1, owner="u9")
    assert len(steps) == 1 and "malformed" in steps[0].notice and steps[0].box == Q1

    from ui.library import LibraryUI

    rows, ids, totals = LibraryUI(ui).table()
    assert rows == [] and ids == [] and "malformed" in totals


def test_serving_the_page_does_not_import_the_answer_engine(tmp_path):
    """The page is built without llama-index, Chroma or an encoder: it can be served first."""
    import os
    import subprocess
    import sys

    code = (
        "import sys, ui.app; from indexing.settings import Settings; from ui.handlers import ChatUI; "
        "ui.app.build_app(ChatUI(Settings(), load=lambda: None)); "
        "heavy = ('llama_index', 'chromadb', 'onnxruntime', 'torch'); "
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))"
    )
    env = {**os.environ, "HOIDAP_INDEX_DIR": str(tmp_path / "index")}  # its chat database goes there
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]", out.stdout


def test_importing_the_ui_skips_gradios_stub_rewrite():
    """Gradio's editor-stub rewrite (~1 s of every start) is off; its components still build."""
    import subprocess
    import sys

    code = (
        "import sys, ui, gradio, gradio.component_meta as cm\n"
        "from ui.gradio_import import install\n"
        "install(); install()\n"
        "skippers = [f for f in sys.meta_path if type(f).__name__ == '_StubSkipper']\n"
        "with gradio.Blocks() as demo:\n"
        "    box = gradio.Textbox(label='Câu hỏi')\n"
        "print(cm.create_or_modify_pyi.__name__, len(skippers), box.label)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["_skip_stub", "1", "Câu", "hỏi"], out.stdout + out.stderr

    plain = subprocess.run(
        [sys.executable, "-c", "import gradio.component_meta as cm; print(cm.create_or_modify_pyi.__name__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert plain.stdout.strip() == "create_or_modify_pyi"  # only the UI's import path changes Gradio
