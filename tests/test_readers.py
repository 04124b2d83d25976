"""Articles in: formats, encodings, metadata, junk, and bad input that must not crash a run."""

import gzip
import json
import unicodedata

import pytest

from indexing.readers import read_folder
from indexing.settings import BUNDLED_CORPUS

BODY = (
    "Ngày 10 tháng 11 năm 2022, Đoàn công tác làm việc với Đảng ủy xã Thuận. "
    "Toàn xã có 1.189 đảng viên, tỷ lệ tăng trưởng đạt 7,5%."
)


def _by_id(folder):
    articles, skipped = read_folder(folder)
    return {a.doc_id: a for a in articles}, {s.name: s.reason for s in skipped}


def test_seed_metadata_is_parsed():
    arts, skipped = _by_id(BUNDLED_CORPUS)
    assert not skipped and len(arts) == 5
    gl = arts["000_23d4e14dfd3925d9.txt"]
    assert (gl.date, gl.source) == (20260119, "Báo Gia Lai")
    assert not gl.text.startswith(" date") and "(GLO)" not in gl.text
    thuan = arts["004_600d685c44bc2969.txt"]
    assert thuan.title == "BAN THƯỜNG VỤ HUYỆN ỦY LÀM VIỆC VỚI ĐẢNG ỦY XÃ THUẬN"
    assert thuan.date == 20221110 and thuan.author == "Nguyễn Đăng Thái"
    assert arts["002_65dc7c8ac4db1663.txt"].author == "Lê Thảo (CTV)"


def test_page_junk_removed_but_content_kept():
    arts, _ = _by_id(BUNDLED_CORPUS)
    ba_thuoc = arts["003_5ea9fd1e7cc910c7.txt"].text
    assert "Phản hồi" not in ba_thuoc and "Các tin khác" not in ba_thuoc
    assert "loading" not in arts["004_600d685c44bc2969.txt"].text
    gl = arts["000_23d4e14dfd3925d9.txt"].text
    assert "Ảnh: N.H" not in gl
    assert "Chủ tịch UBND tỉnh Phạm Anh Tuấn" in gl  # the caption's fact stays
    assert "604 đảng viên" in gl and "\n\n\n" not in gl


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese files use it: base letters precomposed, tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)))
        out.append("".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_encodings(tmp_path, encoding):
    text = "Tiêu đề bài\n\n" + BODY
    (tmp_path / "a.txt").write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    arts, skipped = _by_id(tmp_path)
    assert not skipped
    assert "1.189 đảng viên" in arts["a.txt"].text and arts["a.txt"].title == "Tiêu đề bài"


def test_bad_inputs_are_skipped_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "huge.txt").write_text("Câu rất dài. " * 400_000, encoding="utf-8")  # ~5 MB
    (tmp_path / "image.png").write_bytes(b"\x89PNG....")
    (tmp_path / "good.txt").write_text("Tiêu đề\n\n" + BODY, encoding="utf-8")
    arts, skipped = _by_id(tmp_path)
    assert list(arts) == ["good.txt"]
    assert "rỗng" in skipped["empty.txt"] and "empty" in skipped["empty.txt"]
    assert "binary" in skipped["binary.txt"]
    assert "too large" in skipped["huge.txt"]
    assert "unsupported" in skipped["image.png"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"không tìm thấy|not found"):
        read_folder(tmp_path / "nope")


def test_html_markdown_and_jsonl(tmp_path):
    (tmp_path / "a.html").write_text(
        "<html><head><title>T</title><script>alert(1)</script></head><body><nav>Menu</nav>"
        f"<article><h1>Bài HTML</h1><p>{BODY}</p><p>Đoạn &lt;script&gt; hai.</p></article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text(f"# Bài Markdown\n\n**{BODY}** [liên kết](http://x)\n", encoding="utf-8")
    rows = [
        {"id": "r1", "title": "Bài JSON", "text": BODY, "date": "2024-05-06", "source": "Báo X"},
        {"id": "r2", "title": "Trống", "text": ""},
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{bad\n")
    with gzip.open(tmp_path / "d.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "title": "Nén", "text": BODY}, ensure_ascii=False) + "\n")
    arts, skipped = _by_id(tmp_path)
    html = arts["a.html"]
    assert html.title == "Bài HTML" and "alert" not in html.text and "Menu" not in html.text
    assert "<script> hai" in html.text  # escaped text stays text
    md = arts["b.md"]
    assert md.title == "Bài Markdown" and "**" not in md.text and "liên kết" in md.text and "http" not in md.text
    js = arts["c.jsonl#r1"]
    assert (js.title, js.date, js.source) == ("Bài JSON", 20240506, "Báo X")
    assert "d.jsonl.gz#g1" in arts
    assert "c.jsonl:2" in skipped and "c.jsonl:3" in skipped  # empty text, invalid JSON


def test_damaged_files_never_stop_a_run(tmp_path):
    """Each of these once raised out of read_folder and stopped a whole ingest or upload."""
    import os

    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + "Tiêu đề\n\n".encode() + BODY.encode() + b"\xff tail")
    (tmp_path / "utf16.txt").write_bytes(b"\xff\xfe" + ("Tiêu đề\n\n" + BODY).encode("utf-16-le") + b"\x00\xd8")
    (tmp_path / "not.jsonl.gz").write_bytes(b"this is not gzip")
    row = json.dumps({"id": "a", "title": "Bài nén", "text": BODY}, ensure_ascii=False) + "\n"
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress((row * 50).encode())[:-40])
    (tmp_path / "dates.jsonl").write_text(
        "\n".join(
            json.dumps({"id": i, "title": f"Bài {i}", "text": BODY, "date": d}, ensure_ascii=False)
            for i, d in zip("abc", ["2024-13-45", 20240230, "2024-02-29"], strict=True)
        ),
        encoding="utf-8",
    )
    paragraphs = {"id": "p", "title": "Đoạn văn", "text": [BODY, "Đoạn thứ hai của bài viết."]}
    (tmp_path / "list.jsonl").write_text(json.dumps(paragraphs, ensure_ascii=False), encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    arts, skipped = _by_id(tmp_path)
    assert arts["bom.txt"].title == "Tiêu đề" and arts["utf16.txt"].title == "Tiêu đề"
    assert "damaged or truncated" in skipped["not.jsonl.gz"] and "damaged or truncated" in skipped["cut.jsonl.gz"]
    assert sum(k.startswith("cut.jsonl.gz#") for k in arts) >= 1  # the rows before the cut are kept
    # an impossible date is not stored: the article takes the one its text gives (10/11/2022)
    assert [arts[f"dates.jsonl#{i}"].date for i in "abc"] == [20221110, 20221110, 20240229]
    assert "broken link" in skipped["link.txt"]
    assert arts["list.jsonl#p"].text == BODY + "\n\nĐoạn thứ hai của bài viết."  # a list of paragraphs


def test_a_news_headline_naming_the_country_keeps_its_title(tmp_path):
    """Only an official document's opening block (motto in capitals, number, dateline, issuer)
    is passed over for the title; a headline or lead that names them is not one."""
    (tmp_path / "a.txt").write_text(
        "Kỷ niệm 80 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam\n\n"
        "Sáng 2/9, tại Hà Nội, lễ kỷ niệm 80 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam "
        "đã diễn ra trọng thể.",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Thông cáo báo chí về kết quả thu ngân sách\n\nHà Nội, ngày 5 tháng 3 năm 2025.\n\n"
        "Bộ Tài chính cho biết thu ngân sách hai tháng đầu năm đạt 18% dự toán.",
        encoding="utf-8",
    )
    arts, _ = _by_id(tmp_path)
    assert arts["a.txt"].title == "Kỷ niệm 80 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert arts["b.txt"].title == "Thông cáo báo chí về kết quả thu ngân sách"


def test_a_text_file_in_the_old_tcvn3_font_is_read(tmp_path):
    tcvn3 = "B¸o c¸o t×nh h×nh kinh tÕ x· héi\n\nTæng s¶n phÈm trªn ®Þa bµn tØnh t¨ng 6,8% so víi n¨m tr\xadíc."
    (tmp_path / "cu.txt").write_bytes(tcvn3.encode("latin-1"))
    arts, skipped = _by_id(tmp_path)
    assert skipped == {}
    assert arts["cu.txt"].title == "Báo cáo tình hình kinh tế xã hội"
    assert arts["cu.txt"].text == "Tổng sản phẩm trên địa bàn tỉnh tăng 6,8% so với năm trước."


def test_an_outlet_credited_in_the_byline_is_the_outlet(tmp_path):
    (tmp_path / "a.txt").write_text(f"Tiêu đề bài\n\n{BODY}\n\nHạnh Quỳnh (TTXVN)", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Tiêu đề khác\n\n{BODY}\n\nMinh Anh (CTV)", encoding="utf-8")
    arts, _ = _by_id(tmp_path)
    assert (arts["a.txt"].author, arts["a.txt"].source) == ("Hạnh Quỳnh (TTXVN)", "TTXVN")
    assert arts["b.txt"].source == ""  # a collaborator (cộng tác viên), not an outlet
