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
