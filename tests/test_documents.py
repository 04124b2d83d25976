"""Word and PDF files in a user's folder: their text is read, a PDF's lines are joined back into
paragraphs without its page numbers and running header, and files that cannot be read (a scan,
a password, damage) are skipped with a reason. The files are made here; the expected text is
typed by hand."""

from pathlib import Path

import docx
import matplotlib
import pypdf
import pytest

from indexing.documents import reflow_pages
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
    arts, skipped = _read(tmp_path)
    assert arts == {}
    assert "OCR" in skipped["scan.pdf"]
    assert "password" in skipped["locked.pdf"]
    assert "PDF" in skipped["broken.pdf"] and "Word" in skipped["broken.docx"]


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # a short heading stands alone; a long line without a full stop runs on
        (
            [["Tiêu đề ngắn", "Dòng này đủ dài và chưa hết câu nên nối", "tiếp sang dòng dưới đây."]],
            "Tiêu đề ngắn\nDòng này đủ dài và chưa hết câu nên nối tiếp sang dòng dưới đây.",
        ),
        # a sentence carried over a page break, page numbers "- 1 -" and "2/2" dropped
        (
            [
                ["Câu đầu tiên dài vừa phải kết thúc ở đây.", "Câu thứ hai đang viết dở thì sang trang", "- 1 -"],
                ["mới và kết thúc tại trang hai này.", "2/2"],
            ],
            "Câu đầu tiên dài vừa phải kết thúc ở đây.\n"
            "Câu thứ hai đang viết dở thì sang trang mới và kết thúc tại trang hai này.",
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
