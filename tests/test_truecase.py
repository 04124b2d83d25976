"""A question typed all in lower case takes the capitals its words have in the passages found."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from indexing.truecase import name_accents, truecase

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


NAMED = [
    "Ông Hồ Văn Dũng, Tổng giám đốc Tổng công ty Sông Đà, cho biết doanh thu tăng.",
    "Người dân xã Tân Triều phản ánh việc lấn chiếm đất công.",
    "Theo ông Hồ Văn Dũng, kế hoạch sẽ hoàn thành trong năm nay.",
]


def test_a_name_takes_the_accents_the_passages_write_it_with():
    # the restoration model's slips on rare names, as a question typed without accents may get them
    assert name_accents("ông Hồ Văn Dụng giữ chức vụ gì?", NAMED) == "ông Hồ Văn Dũng giữ chức vụ gì?"
    assert name_accents("đất công ở Tận Triệu bị ai lấn chiếm", NAMED) == "đất công ở Tân Triều bị ai lấn chiếm"
    assert name_accents("Hồ văn dụng là ai", NAMED) == "Hồ văn dũng là ai"  # only accents change, not case
    decomposed = [unicodedata.normalize("NFD", t) for t in NAMED]  # text pasted with combining accents
    assert name_accents(unicodedata.normalize("NFD", "ông Hồ Văn Dụng"), decomposed) == "ông Hồ Văn Dũng"


def test_words_in_lower_case_or_apart_are_no_name():
    """What the passages capitalise does not re-accent ordinary words of the question (review)."""
    sources = ["Sách được bán ở Việt Nam và Đà Nẵng.", "Theo Bộ Y tế, tàu đi trên Sông Đà."]
    for question in (
        "cuốn sách ông viết năm nào",  # not "Việt Nam"
        "giá xăng đã nâng lên bao nhiêu",  # not "Đà Nẵng"
        "cuộc sống đã thay đổi ra sao",  # not "Sông Đà"
        "con theo bố mẹ đi đâu",  # "Theo" opens a sentence there: no name
        "Ông ấy Viết, Năm nào?",  # a comma between the words
    ):
        assert name_accents(question, sources) == question
    assert name_accents("Tàu ở Sống Đà", sources) == "Tàu ở Sông Đà"


def test_only_names_of_two_or_more_words_change_and_only_their_accents():
    # "dụng" alone is not a name of the passages; "doanh thu" is lower case there
    assert name_accents("sử dụng doanh thư thế nào", NAMED) == "sử dụng doanh thư thế nào"
    spellings = ["Ông Hồ Văn Dũng nói.", "Ông Hồ Văn Dụng nói.", "Ông Hồ Văn Dũng đến."]
    assert name_accents("Ho Van Dung", spellings) == "Hồ Văn Dũng"  # the spelling the passages use most
    assert name_accents("ông Hồ Văn Dụng", []) == "ông Hồ Văn Dụng"


@given(st.lists(st.sampled_from(["ho", "Ho", "văn", "Van", "dụng", "Dung", "tân", "Triều", "ở", "là", "ai", "?", " "])))
def test_name_accents_change_only_accents(words):
    text = " ".join(words)
    out = name_accents(text, NAMED)

    def bare(t: str) -> str:  # accents removed independently of the product's fold
        t = unicodedata.normalize("NFD", t)
        return "".join(c for c in t if unicodedata.category(c) != "Mn").replace("đ", "d").replace("Đ", "D")

    assert bare(out) == bare(text) and len(out) == len(text)


def test_through_the_engine_a_rare_name_is_understood_as_the_article_writes_it(assistant_on, monkeypatch):
    """The n-gram model reads "Dung" as the frequent "dụng"; the passage found names "Hồ Văn Dũng".
    Only the most frequent word pairs are kept, as in a big archive, where a name's are too rare."""
    monkeypatch.setattr("indexing.diacritics.MAX_NGRAMS", 12)
    bot = assistant_on(
        {
            "song-da.txt": (
                "Tổng công ty Sông Đà họp cổ đông\n\nNgày 5/3/2024, ông Hồ Văn Dũng, Tổng giám đốc "
                "Tổng công ty Sông Đà, "
                "cho biết công ty sử dụng vốn hiệu quả. Việc sử dụng đất, sử dụng lao động và áp dụng công nghệ mới "
                "được cổ đông ủng hộ. Công ty tuyển dụng thêm 200 kỹ sư và ứng dụng phần mềm quản lý.\n"
            )
        }
    )
    typed = "ong Ho Van Dung giu chuc vu gi"
    assert "Dụng" in bot.retriever.snapshot().restore_diacritics(typed)  # the model alone
    answer = bot.ask(typed)
    assert "Hồ Văn Dũng" in answer.standalone_question and "Tổng giám đốc" in answer.text
