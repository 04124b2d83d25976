"""Old TCVN3 (".VnTime") and VNI text comes back as Unicode Vietnamese; Unicode text is never touched.
The TCVN3 bytes below were typed from the font's code chart, the Unicode by hand."""

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexing.legacy_fonts import legacy_line, to_unicode
from indexing.readers import read_folder

TCVN3 = (
    "Céng hoµ x· héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc. "
    "Uû ban nh©n d©n tØnh Qu¶ng TrÞ b¸o c¸o t×nh h×nh kinh tÕ x· héi n¨m 2024: "
    "tæng s¶n phÈm t¨ng 6,8%, thu ng©n s¸ch ®¹t 4.250 tû ®ång."
)
UNICODE = (
    "Cộng hoà xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. "
    "Uỷ ban nhân dân tỉnh Quảng Trị báo cáo tình hình kinh tế xã hội năm 2024: "
    "tổng sản phẩm tăng 6,8%, thu ngân sách đạt 4.250 tỷ đồng."
)


def test_tcvn3_text_is_converted():
    assert legacy_line(TCVN3)[1] == "TCVN3"
    assert to_unicode(TCVN3)[0] == UNICODE


def test_unicode_text_with_foreign_names_is_left_alone():
    text = UNICODE + " Cầu thủ Müller, Ødegaard và Núñez ghi bàn; nhiệt độ 30°C, diện tích 12 m², «Tin A · Tin B»."
    assert not legacy_line(text)[1] and to_unicode(text)[0] == text


@given(st.text(alphabet=UNICODE + "ñøöüßåæç", max_size=300))
def test_text_holding_vietnamese_unicode_letters_is_never_converted(text):
    if any("\u1ea0" <= ch <= "\u1ef9" for ch in text) and sum(ch in "ñøöüßåæç" for ch in text) < 20:
        assert to_unicode(text)[0] == text


def test_a_word_file_typed_in_vntime_is_indexed_in_unicode(tmp_path):
    document = docx.Document()
    document.add_paragraph("B¸o c¸o kinh tÕ x· héi n¨m 2024")
    document.add_paragraph(TCVN3)
    document.save(tmp_path / "cu.docx")
    (art,), skipped = read_folder(tmp_path)
    assert skipped == []
    assert art.title == "Báo cáo kinh tế xã hội năm 2024"
    assert art.text == UNICODE
    assert "TCVN3" in art.extra["font"]


def test_a_short_text_and_a_foreign_text_are_told_apart():
    assert to_unicode("Ngµy 9/3, x· Ia Ga khëi c«ng tr\xadêng häc míi, tæng kinh phÝ 6 tû ®ång.")[0] == (
        "Ngày 9/3, xã Ia Ga khởi công trường học mới, tổng kinh phí 6 tỷ đồng."
    )
    norwegian = "Bjørn Ødegård bor i Tromsø og Ålesund; Müller og Søren møtes på tirsdag ved fjorden."
    assert to_unicode(norwegian)[0] == norwegian


def test_each_line_is_converted_on_its_own(tmp_path):
    """A retyped Unicode title over an old body, and an old appendix under a Unicode article:
    the TCVN3 lines are converted, the Unicode ones kept; capitals typed in the capital font
    come back in capitals."""
    document = docx.Document()
    document.core_properties.title = "Báo cáo tổng kết công tác năm 2024"
    document.add_paragraph(TCVN3)
    document.add_paragraph("QUYÕT §ÞNH PH£ DUYÖT kÕ ho¹ch n¨m 2025")
    document.save(tmp_path / "bao-cao.docx")
    (art,), skipped = read_folder(tmp_path)
    assert skipped == []
    assert art.title == "Báo cáo tổng kết công tác năm 2024"
    assert art.text == UNICODE + "\n\nQUYẾT ĐỊNH PHÊ DUYỆT kế hoạch năm 2025"


@pytest.mark.parametrize("text", ["£5 £10 £20", "1ª edición", "Cà phê sữa", "Tôi yêu bé", "µg/ml ± 2 m² 30°C"])
def test_short_or_unicode_lines_are_not_converted(text):
    assert to_unicode(text)[0] == text


VNI = "Thöôøng tröïc Tænh uûy ñaõ hoïp baøn veà keá hoaïch naêm 2025; ngöôøi daân ñöôïc höôûng lôïi töø döï aùn."
VNI_UNICODE = "Thường trực Tỉnh ủy đã họp bàn về kế hoạch năm 2025; người dân được hưởng lợi từ dự án."


@pytest.mark.parametrize(
    ("typed", "expected", "font"),
    [
        (VNI, VNI_UNICODE, "VNI"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", "VNI"),
        ("UÛY BAN NHAÂN DAÂN TÆNH QUAÛNG TRÒ", "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "VNI"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam", "TCVN3"),
    ],
)
def test_each_old_font_is_told_apart_and_converted(typed, expected, font):
    """VNI (a letter, then a symbol for its marks) and TCVN3 (one symbol a letter) share symbols;
    the conversion that gives well-formed Vietnamese syllables wins."""
    assert to_unicode(typed) == (expected, {font})


def test_a_vni_text_file_is_read(tmp_path):
    (tmp_path / "vni.txt").write_bytes(("Keá hoaïch naêm 2025\n\n" + VNI).encode("latin-1"))
    (art,), skipped = read_folder(tmp_path)
    assert skipped == [] and art.title == "Kế hoạch năm 2025" and art.text == VNI_UNICODE
    assert "VNI" in art.extra["font"]
