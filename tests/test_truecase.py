"""A question typed all in lower case takes the capitals its words have in the passages found."""

from hypothesis import given
from hypothesis import strategies as st

from indexing.truecase import truecase

SOURCES = [
    "Theo ông Nguyễn Văn Thùy, Giám đốc Trung tâm Quan trắc Môi trường, Sở Giao thông Vận tải "
    "đã cấp phép cho 12 xe. Văn bản này được gửi UBND tỉnh ngày 3/5.",
    "Hôm qua, ông Nguyễn Văn Thùy cho biết hãng Apple và hãng Samsung đều gửi văn bản tới UBND tỉnh.",
    "Hoa hồng nở sớm ở xã Hồng Phong. Mưa to kéo dài, nhưng hoa hồng vẫn đẹp.",
]


def test_names_take_the_articles_capitals():
    assert truecase("ông nguyễn văn thùy giữ chức vụ gì?", SOURCES) == "ông Nguyễn Văn Thùy giữ chức vụ gì?"


def test_each_word_is_cased_as_next_to_the_same_neighbour():
    assert truecase("sở giao thông vận tải cấp phép cho bao nhiêu xe", SOURCES) == (
        "Sở Giao thông Vận tải cấp phép cho bao nhiêu xe"
    )


def test_acronyms_and_single_word_names():
    assert truecase("văn bản gửi ubnd tỉnh khi nào", SOURCES) == "văn bản gửi UBND tỉnh khi nào"
    assert truecase("hãng apple gửi gì", SOURCES) == "hãng Apple gửi gì"


def test_a_word_capitalised_only_inside_a_name_stays_lower_elsewhere():
    """The capital of "Hồng" in "xã Hồng Phong" does not reach "hoa hồng"."""
    assert truecase("hoa hồng nở ở xã hồng phong không", SOURCES) == "hoa hồng nở ở xã Hồng Phong không"


def test_first_words_of_sentences_do_not_count():
    """Words opening a sentence ("Mưa", "Hôm") say nothing by their capital."""
    assert truecase("mưa to hôm qua", SOURCES) == "mưa to hôm qua"


def test_words_the_passages_lack_stay_as_typed():
    assert truecase("ông trần quốc bảo là ai", SOURCES) == "ông trần quốc bảo là ai"
    assert truecase("ông nguyễn văn thùy là ai", []) == "ông nguyễn văn thùy là ai"


def test_dashes_join_names_and_inner_capitals_are_kept():
    sources = ["Du khách tới Bà Rịa - Vũng Tàu dịp lễ. Theo VnExpress, giá phòng tăng. Báo VnExpress đưa tin."]
    assert truecase("bà rịa - vũng tàu đông khách không", sources) == "Bà Rịa - Vũng Tàu đông khách không"
    assert truecase("theo vnexpress giá phòng thế nào", sources) == "theo VnExpress giá phòng thế nào"


def test_a_word_capitalised_only_inside_a_longer_name_is_not_capitalised_alone():
    """ "ai" (who) stays a question word although "Ai Cập" is capitalised in the passages."""
    sources = ["Quan hệ với Ai Cập ngày càng tốt. Người đứng đầu Ai Cập là Tổng thống Sisi."]
    assert truecase("người đứng đầu ai cập là ai", sources) == "người đứng đầu Ai Cập là ai"


def test_capitals_the_user_typed_are_kept():
    assert truecase("ông Nguyễn văn thùy là ai", SOURCES) == "ông Nguyễn văn thùy là ai"


LOWER = "abcdđeêghiklmnoôơpqrstuưvxyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹềếểễệ .,?!-/0123456789"


@given(st.text(alphabet=LOWER), st.lists(st.text()))
def test_only_capitals_ever_change(text, sources):
    cased = truecase(text, sources + SOURCES)
    assert cased.lower() == text
    assert len(cased) == len(text)
