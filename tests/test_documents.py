"""Word and PDF files in a user's folder: their text is read, a PDF's lines are joined back into
paragraphs without its page numbers and running header, and files that cannot be read (a scan,
a password, damage) are skipped with a reason. The files are made here; the expected text is
typed by hand."""

from pathlib import Path

import docx
import matplotlib
import pypdf
import pytest

from indexing.pdf_files import reflow_pages
from indexing.readers import read_folder

matplotlib.use("Agg")

PARAGRAPHS = [
    [
        "Ủy ban nhân dân tỉnh Quảng Trị vừa phê duyệt dự án xây dựng cầu",
        "Hiền Lương mới bắc qua sông Bến Hải với tổng vốn đầu tư 120 tỷ đồng,",
        "trong đó ngân sách trung ương hỗ trợ 80 tỷ đồng.",
    ],
    [
        "Ông Nguyễn Văn Hưởng, Giám đốc Sở Giao thông vận tải tỉnh Quảng Trị,",
        "cho biết công trình sẽ khởi công ngày 15/3/2025 và hoàn thành trong",
        "vòng 18 tháng, dài 320 mét với bốn làn xe cơ giới.",
    ],
]


def _pdf(path: Path, pages: list[list[str]]) -> None:
    """A PDF with a text layer (TrueType fonts embedded), one text line per entry."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        for lines in pages:
            fig = plt.figure(figsize=(8.27, 11.69))
            for i, line in enumerate(lines):
                fig.text(0.08, 0.95 - i * 0.025, line, fontsize=10)
            pdf.savefig(fig)
            plt.close(fig)


def _read(folder: Path):
    articles, skipped = read_folder(folder)
    return {a.doc_id: a for a in articles}, {s.name: s.reason for s in skipped}


def test_a_pdf_gives_whole_paragraphs_without_page_furniture(tmp_path):
    header = "BÁO CÁO TÌNH HÌNH GIAO THÔNG QUÝ I"
    pages = []
    for n in range(1, 4):
        lines = [header, "Cầu Hiền Lương mới"] if n == 1 else [header]
        for para in PARAGRAPHS:
            lines += para
        pages.append([*lines, f"Trang {n}"])
    _pdf(tmp_path / "baocao.pdf", pages)
    arts, skipped = _read(tmp_path)
    assert skipped == {}
    text = arts["baocao.pdf"].text
    # a sentence broken over three lines is one paragraph again
    assert (
        "Ủy ban nhân dân tỉnh Quảng Trị vừa phê duyệt dự án xây dựng cầu Hiền Lương mới bắc qua sông "
        "Bến Hải với tổng vốn đầu tư 120 tỷ đồng, trong đó ngân sách trung ương hỗ trợ 80 tỷ đồng."
    ) in text.split("\n\n")
    assert "Trang" not in text and header not in text
    assert arts["baocao.pdf"].title == "Cầu Hiền Lương mới"  # not the running header


def test_a_word_file_gives_its_paragraphs_and_table_rows(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Khởi công cầu Hiền Lương mới"
    document.add_paragraph(" ".join(PARAGRAPHS[0]))
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "Hạng mục", (0, 1): "Vốn", (1, 0): "Cầu chính", (1, 1): "90 tỷ đồng"}.items():
        table.cell(r, c).text = value
    document.add_paragraph(" ".join(PARAGRAPHS[1]))
    document.save(tmp_path / "cau.docx")
    arts, skipped = _read(tmp_path)
    assert skipped == {}
    art = arts["cau.docx"]
    assert art.title == "Khởi công cầu Hiền Lương mới"
    assert art.text.split("\n\n") == [
        " ".join(PARAGRAPHS[0]),
        "Hạng mục; Vốn",
        "Cầu chính; 90 tỷ đồng",
        " ".join(PARAGRAPHS[1]),
    ]


def test_unreadable_documents_are_skipped_with_a_reason(tmp_path):
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.figimage([[0, 1], [1, 0]])  # a scan: an image, no text
    fig.savefig(tmp_path / "scan.pdf")
    plt.close(fig)
    _pdf(tmp_path / "open.pdf", [PARAGRAPHS[0]])
    writer = pypdf.PdfWriter(clone_from=tmp_path / "open.pdf")
    writer.encrypt(user_password="matkhau", algorithm="RC4-128")
    writer.write(tmp_path / "locked.pdf")
    (tmp_path / "open.pdf").unlink()
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # the OLE header of Word 97-2003
    (tmp_path / "cu.doc").write_bytes(old_word)
    (tmp_path / "doi-ten.docx").write_bytes(old_word)
    arts, skipped = _read(tmp_path)
    assert arts == {}
    assert "save it as .docx" in skipped["cu.doc"] and "save it as .docx" in skipped["doi-ten.docx"]
    assert "OCR" in skipped["scan.pdf"]
    assert "password" in skipped["locked.pdf"]
    assert "PDF" in skipped["broken.pdf"] and "Word" in skipped["broken.docx"]


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # a short heading stands alone; a long line without a full stop runs on
        (
            [["Tiêu đề ngắn", "Dòng này đủ dài như một dòng báo và chưa hết câu nên nối", "tiếp sang dòng dưới đây."]],
            "Tiêu đề ngắn\nDòng này đủ dài như một dòng báo và chưa hết câu nên nối tiếp sang dòng dưới đây.",
        ),
        # a sentence carried over a page break, page numbers "- 1 -" and "2/2" dropped
        (
            [
                [
                    "Câu đầu tiên dài vừa phải, như một dòng báo, kết thúc ở đây.",
                    "Câu thứ hai đang viết dở dang thì phải sang trang",
                    "- 1 -",
                ],
                ["mới và kết thúc tại trang hai này.", "2/2"],
            ],
            "Câu đầu tiên dài vừa phải, như một dòng báo, kết thúc ở đây.\n"
            "Câu thứ hai đang viết dở dang thì phải sang trang mới và kết thúc tại trang hai này.",
        ),
    ],
)
def test_lines_are_joined_into_paragraphs(pages, expected):
    assert reflow_pages(pages) == expected


def test_an_uploaded_pdf_can_be_asked_about(assistant_on):
    """End to end: a PDF among text files is indexed, and the question about it finds it."""
    import io

    buffer = io.BytesIO()
    _pdf(buffer, [[line for para in PARAGRAPHS for line in para]])
    assistant = assistant_on(
        {
            "cau.pdf": buffer.getvalue(),
            "khac.txt": "Trường học mới\n\nHuyện Gio Linh khánh thành trường tiểu học mới với 12 phòng học.",
        }
    )
    state = assistant.prepare("Cầu Hiền Lương mới có tổng vốn đầu tư bao nhiêu?")
    assert state.passages[0].doc_id == "cau.pdf"
    assert "120 tỷ đồng" in state.passages[0].text


def _w(tag: str, text: str | None = None, **attrs):
    """A WordprocessingML element (``w:`` namespace) with optional text and attributes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    if text is not None:
        el.text = text
    return el


def _run(text: str, deleted: bool = False):
    r = _w("r")
    r.append(_w("delText" if deleted else "t", text))
    return r


def test_word_text_is_what_word_shows(tmp_path):
    """A tracked change reads as accepted (inserted text in, deleted text out), a content
    control's paragraph is read, and a table keeps its columns: equal values and empty cells
    stay where they are, a cell of two paragraphs stays in its column."""
    document = docx.Document()
    p = document.add_paragraph("Tổng vốn đầu tư của dự án là ")
    deletion, insertion = _w("del", id="1", author="A", date="2025-01-01T00:00:00Z"), _w("ins", id="2", author="A")
    deletion.append(_run("100", deleted=True))
    insertion.append(_run("120"))
    p._p.append(deletion)
    p._p.append(insertion)
    p._p.append(_run(" tỷ đồng, khởi công năm 2025."))
    sdt, content = _w("sdt"), _w("sdtContent")
    para = _w("p")
    para.append(_run("Chủ đầu tư là Ban quản lý dự án giao thông tỉnh Quảng Trị."))
    content.append(para)
    sdt.append(content)
    document.element.body.insert(1, sdt)
    table = document.add_table(rows=2, cols=4)
    for c, value in enumerate(["Huyện", "Kế hoạch", "Thực hiện", "Ghi chú"]):
        table.cell(0, c).text = value
    for c, value in enumerate(["Vĩnh Linh", "400", "400", ""]):
        table.cell(1, c).text = value
    table.cell(1, 3).add_paragraph("đạt")
    table.cell(1, 3).add_paragraph("kế hoạch")
    document.add_paragraph("Các huyện còn lại đều hoàn thành chỉ tiêu thu ngân sách được giao.")
    document.core_properties.title = "Microsoft Word - baocao.docx"  # a converter's placeholder
    document.save(tmp_path / "du-an.docx")
    (tmp_path / "~$du-an.docx").write_bytes(b"\x00" * 162)  # the lock file Word leaves beside it
    arts, skipped = _read(tmp_path)
    assert skipped == {} and list(arts) == ["du-an.docx"]
    art = arts["du-an.docx"]
    assert art.title == "Tổng vốn đầu tư của dự án là 120 tỷ đồng, khởi công năm 2025"  # the first sentence
    assert art.text.split("\n\n") == [
        "Tổng vốn đầu tư của dự án là 120 tỷ đồng, khởi công năm 2025.",
        "Chủ đầu tư là Ban quản lý dự án giao thông tỉnh Quảng Trị.",
        "Huyện; Kế hoạch; Thực hiện; Ghi chú",
        "Vĩnh Linh; 400; 400; đạt kế hoạch",
        "Các huyện còn lại đều hoàn thành chỉ tiêu thu ngân sách được giao.",
    ]


def test_an_official_document_is_titled_and_dated_by_its_opening_block(tmp_path):
    """The issuer, the national motto, the number and the dateline open the document: the title
    is the document's kind and subject, the date the dateline's; the block, and the signer at the
    end, stay searchable."""
    document = docx.Document()
    for line in [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-UBND",
        "Quảng Trị, ngày 5 tháng 3 năm 2025",
        "BÁO CÁO",
        "Tình hình kinh tế - xã hội năm 2024",
        "Tổng sản phẩm trên địa bàn tỉnh năm 2024 tăng 6,8% so với năm trước; thu ngân sách đạt 4.250 tỷ đồng.",
        "Võ Văn Hưng",
    ]:
        document.add_paragraph(line)
    document.save(tmp_path / "bc15.docx")
    art = _read(tmp_path)[0]["bc15.docx"]
    assert art.title == "BÁO CÁO – Tình hình kinh tế - xã hội năm 2024"
    assert art.date == 20250305
    assert art.text.startswith("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\n\n") and "Số: 15/BC-UBND" in art.text
    assert art.author == "Võ Văn Hưng" and art.text.endswith("Võ Văn Hưng")  # the signer can be asked about


def test_pdf_restrictions_without_a_password_do_not_stop_reading(tmp_path):
    """Government PDFs are often AES-encrypted against copying with no password to open them."""
    _pdf(tmp_path / "open.pdf", [PARAGRAPHS[0]])
    writer = pypdf.PdfWriter(clone_from=tmp_path / "open.pdf")
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="AES-256")
    writer.write(tmp_path / "han-che.pdf")
    (tmp_path / "open.pdf").unlink()
    arts, skipped = _read(tmp_path)
    assert skipped == {} and "120 tỷ đồng" in arts["han-che.pdf"].text


def test_a_partly_scanned_pdf_is_read_with_a_note(tmp_path):
    import matplotlib.pyplot as plt

    _pdf(tmp_path / "text.pdf", [[line for para in PARAGRAPHS for line in para]])
    fig = plt.figure()
    fig.figimage([[0, 1], [1, 0]])
    fig.savefig(tmp_path / "scan.pdf")
    plt.close(fig)
    writer = pypdf.PdfWriter()
    for part in ("text.pdf", "scan.pdf", "scan.pdf"):
        writer.append(tmp_path / part)
    writer.write(tmp_path / "to-trinh.pdf")
    for part in ("text.pdf", "scan.pdf"):
        (tmp_path / part).unlink()
    art = _read(tmp_path)[0]["to-trinh.pdf"]
    assert "120 tỷ đồng" in art.text
    assert "2/3" in art.extra["note"] and "no text layer" in art.extra["note"]


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # figures alone on a line are kept; only the numbers that count the pages go
        (
            [
                ["BÁO CÁO NHANH", "Huyện Vĩnh Linh", "412", "Huyện Gio Linh", "385", "1"],
                ["Cả hai huyện vượt kế hoạch.", "2"],
            ],
            "BÁO CÁO NHANH\nHuyện Vĩnh Linh\n412\nHuyện Gio Linh\n385\nCả hai huyện vượt kế hoạch.",
        ),
        # a long numbered heading and list items without full stops are not glued to what follows
        (
            [
                [
                    "3. Nhiệm vụ trọng tâm của ngành giao thông vận tải năm 2025",
                    "- Hoàn thành giai đoạn một dự án cảng biển Mỹ Thủy đúng",
                    "tiến độ đề ra",
                    "- Khởi công sân bay theo hình thức đối tác công tư",
                    "Về xã hội, tỷ lệ hộ nghèo của toàn tỉnh giảm còn 5,9%.",
                ]
            ],
            "3. Nhiệm vụ trọng tâm của ngành giao thông vận tải năm 2025\n"
            "- Hoàn thành giai đoạn một dự án cảng biển Mỹ Thủy đúng tiến độ đề ra\n"
            "- Khởi công sân bay theo hình thức đối tác công tư\n"
            "Về xã hội, tỷ lệ hộ nghèo của toàn tỉnh giảm còn 5,9%.",
        ),
        # a running header (the outlet's name) goes; a footer naming the source is kept once, at the end
        (
            [
                ["Bản tin sáng", "Tin thứ nhất về giao thông trên tuyến quốc lộ 9.", "Theo TTXVN"],
                ["Bản tin sáng", "Tin thứ hai về nông nghiệp của các huyện miền núi.", "Theo TTXVN"],
                ["Bản tin sáng", "Tin thứ ba về y tế tuyến cơ sở của tỉnh nhà.", "Theo TTXVN"],
            ],
            "Tin thứ nhất về giao thông trên tuyến quốc lộ 9.\n"
            "Tin thứ hai về nông nghiệp của các huyện miền núi.\n"
            "Tin thứ ba về y tế tuyến cơ sở của tỉnh nhà.\nTheo TTXVN",
        ),
        # a table's header row repeated on each page is kept where the table starts; rows stay rows
        (
            [
                ["DANH MỤC DỰ ÁN", "STT Tên dự án Vốn", "1 Đường ven biển 870", "2 Cảng Mỹ Thủy 1250"],
                ["STT Tên dự án Vốn", "3 Sân bay Quảng Trị 5800", "4 Cầu Cửa Tùng 96"],
                ["STT Tên dự án Vốn", "5 Kè sông Hiếu 120"],
            ],
            "DANH MỤC DỰ ÁN\nSTT Tên dự án Vốn\n1 Đường ven biển 870\n2 Cảng Mỹ Thủy 1250\n3 Sân bay Quảng Trị 5800\n"
            "4 Cầu Cửa Tùng 96\n5 Kè sông Hiếu 120",
        ),
    ],
)
def test_page_layout_is_undone(pages, expected):
    assert reflow_pages(pages) == expected


def test_a_document_is_parsed_once_for_its_content(tmp_path, monkeypatch):
    """An upload reads a file to check it and again from the uploads folder: the same bytes are
    parsed once; other bytes under the same name are parsed again."""
    import shutil

    import indexing.pdf_files as pdf_files
    from indexing.readers import read_file

    calls = []
    parse = pdf_files.pdf_text
    monkeypatch.setattr(pdf_files, "pdf_text", lambda f: calls.append(1) or parse(f))
    _pdf(tmp_path / "a.pdf", [PARAGRAPHS[0], PARAGRAPHS[1]])
    (tmp_path / "kept").mkdir()
    shutil.copy(tmp_path / "a.pdf", tmp_path / "kept" / "a.pdf")
    first = list(read_file(tmp_path / "a.pdf", "a.pdf"))
    second = list(read_file(tmp_path / "kept" / "a.pdf", "a.pdf"))
    assert len(calls) == 1 and first[0].text == second[0].text
    _pdf(tmp_path / "a.pdf", [PARAGRAPHS[1]])
    (changed,) = read_file(tmp_path / "a.pdf", "a.pdf")
    assert len(calls) == 2 and "120 tỷ đồng" not in changed.text


def test_word_text_boxes_hidden_text_and_hyphens(tmp_path):
    """A text box's lines come after its paragraph, once (Word also saves an older copy of it);
    hidden text (an editor's note) is left out; a non-breaking hyphen stays a hyphen."""
    from docx.oxml import OxmlElement

    def mc(tag: str):
        el = OxmlElement(f"w:{tag}")  # renamed below into the markup-compatibility namespace
        el.tag = f"{{http://schemas.openxmlformats.org/markup-compatibility/2006}}{tag}"
        return el

    document = docx.Document()
    p = document.add_paragraph("Cầu Hiền Lương mới bắc qua sông Bến Hải")
    holder, alternate = _w("r"), mc("AlternateContent")
    for branch in ("Choice", "Fallback"):
        part, box = mc(branch), _w("txbxContent")
        for line in ("Thông số kỹ thuật", "Dài 320 mét"):
            para = _w("p")
            para.append(_run(line))
            box.append(para)
        pict = _w("pict")
        pict.append(box)
        part.append(pict)
        alternate.append(part)
    holder.append(alternate)
    p._p.append(holder)
    p._p.append(_run(" được khánh thành giai đoạn 2021"))
    hyphen = _w("r")
    hyphen.append(_w("noBreakHyphen"))
    p._p.append(hyphen)
    p._p.append(_run("2025."))
    hidden = _w("r")
    props = _w("rPr")
    props.append(_w("vanish"))
    hidden.append(props)
    hidden.append(_w("t", " (ghi chú nội bộ: chưa kiểm tra số liệu)"))
    p._p.append(hidden)
    document.add_paragraph("Tổng vốn đầu tư của công trình là 120 tỷ đồng từ ngân sách trung ương.")
    document.save(tmp_path / "cau.docx")
    arts, skipped = _read(tmp_path)
    assert skipped == {}
    assert arts["cau.docx"].text.split("\n\n") == [
        "Cầu Hiền Lương mới bắc qua sông Bến Hải được khánh thành giai đoạn 2021-2025.",
        "Thông số kỹ thuật",
        "Dài 320 mét",
        "Tổng vốn đầu tư của công trình là 120 tỷ đồng từ ngân sách trung ương.",
    ]


def test_a_list_of_short_lines_is_not_run_together():
    names = ["Giải nhất: Nguyễn Văn An", "Giải nhì: Trần Thị Bình", "Giải ba: Lê Văn Cường", "Giải năm: Phạm Dũng"]
    assert reflow_pages([["DANH SÁCH ĐOẠT GIẢI", *names]]) == "\n".join(["DANH SÁCH ĐOẠT GIẢI", *names])


def test_a_printout_takes_its_outlet_from_the_running_header(tmp_path):
    """A newsroom's printout carries the outlet on every page, often nowhere else: it is the
    article's outlet, not its title."""
    header = "Báo Thanh Niên – Bản lưu trữ"
    body = [line for para in PARAGRAPHS for line in para]
    _pdf(tmp_path / "in.pdf", [[header, "Khởi công cầu Hiền Lương mới", *body], [header, *body], [header, *body]])
    art = _read(tmp_path)[0]["in.pdf"]
    assert (art.title, art.source) == ("Khởi công cầu Hiền Lương mới", "Báo Thanh Niên")
