"""A number or a date asked for must stand in the evidence (sentences written for these tests)."""

import pytest

from assistant.answering.asked_type import holds_asked_type, of_asked_year
from assistant.answering.question import analyse


@pytest.mark.parametrize(
    "question, sentence, holds",
    [
        ("Em bé nặng bao nhiêu khi chào đời?", "Em bé chào đời khỏe mạnh, nặng 3,2 kg.", True),
        ("Em bé nặng bao nhiêu khi chào đời?", "Sản phụ được đưa đi cấp cứu ngay trong đêm.", False),
        # the question's own year is no answer
        ("Năm 2024 huyện có bao nhiêu hộ nghèo?", "Năm 2024, huyện tiếp tục thực hiện chương trình giảm nghèo.", False),
        ("Năm 2024 huyện có bao nhiêu hộ nghèo?", "Năm 2024, huyện còn 312 hộ nghèo.", True),
        ("Đội tuyển tập huấn bao lâu?", "Đợt tập huấn kéo dài khoảng hai tuần.", True),  # a numeral in words
        ("Công an phá chuyên án vào ngày nào?", "Sáng 22-6, công an tỉnh phá chuyên án.", True),
        ("Công an phá chuyên án vào ngày nào?", "Công an tỉnh đã phá chuyên án thành công.", False),
        ("Vụ cháy xảy ra khi nào?", "Vụ cháy xảy ra vào chiều hôm qua tại chợ.", True),  # a date in words
        ("Lễ hội được tổ chức vào thời gian nào?", "Lễ hội được tổ chức vào tháng Giêng hằng năm.", True),
        ("Đợt tập huấn kéo dài bao lâu?", "Đợt tập huấn kéo dài một tuần.", True),
        # a road number or a team code is no figure, a name is no numeral
        ("Vụ tai nạn xảy ra khi nào?", "Vụ tai nạn trên quốc lộ 1A làm hai xe hư hỏng.", False),
        ("Đội bóng có bao nhiêu cầu thủ?", "Đội U23 tập luyện chăm chỉ.", False),
        ("Huyện có bao nhiêu hộ nghèo?", "Quận Ba Đình tiếp tục hỗ trợ hộ nghèo.", False),
        # a list item's number is no figure; a figure in brackets is one
        ("Tỷ lệ trẻ được tiêm chủng là bao nhiêu?", "(3) Đẩy mạnh tiêm chủng cho trẻ em vùng sâu.", False),
        ("Tỷ lệ trẻ được tiêm chủng là bao nhiêu?", "Tỷ lệ tiêm chủng đạt cao (96%) so với cùng kỳ.", True),
        ("Nhà máy khánh thành năm nào?", "Nhà máy được khánh thành (2019) sau hai năm xây dựng.", True),
        # a year asked: a day and month is no answer, a full date or a year in words is one
        ("Ông ấy nhậm chức giám đốc từ năm nào?", "Sáng 8/2, ông ấy chủ trì cuộc họp giao ban.", False),
        ("Ông ấy nhậm chức giám đốc từ năm nào?", "Ông ấy nhậm chức ngày 15/3/2012.", True),
        ("ong ay nham chuc giam doc tu nam nao", "Ông ấy giữ chức giám đốc từ năm ngoái.", True),
        ("ong ay nham chuc giam doc tu nam nao", "Ông ấy phát biểu tại hội nghị ngày 8/2.", False),
        ("Sau năm 2010, công ty mở nhà máy thứ hai vào năm nào?", "Năm 2010, công ty mở nhà máy đầu tiên.", False),
        ("Cây cầu được xây dựng vào năm bao nhiêu?", "Cây cầu xây năm 1998, dài 1.500 m.", True),
        ("Cây cầu được xây dựng vào năm bao nhiêu?", "Cây cầu dài 1.500 m, thông xe ngày 2/9.", False),
        # not a year asked: a day and month answers "khi nào"
        ("Cây cầu thông xe khi nào?", "Cây cầu dài 1.500 m, thông xe ngày 2/9.", True),
        # other kinds are left to the selector ("ai" is often answered by a common noun)
        ("Ai phát hiện ra vụ cháy?", "Người dân phát hiện ra vụ cháy và báo cho công an.", True),
    ],
)
def test_evidence_holds_the_asked_number_or_date(question, sentence, holds):
    assert holds_asked_type(analyse(question), sentence) is holds


@pytest.mark.parametrize(
    "question, asks_year",
    [
        ("Trường được thành lập năm nào?", True),
        ("truong duoc thanh lap nam nao", True),
        ("Cây cầu được xây dựng vào năm bao nhiêu?", True),
        ("Mỗi năm bao nhiêu du khách đến Huế?", False),  # per year
        ("Ông ấy nghỉ hưu năm bao nhiêu tuổi?", False),  # an age
        ("Trường được thành lập khi nào?", False),
        ("Trường được thành lập vào ngày nào?", False),
        ("Năm 2015 trường tuyển bao nhiêu sinh viên?", False),  # the year sets the scene
    ],
)
def test_a_year_is_asked_only_by_a_year_question_word(question, asks_year):
    assert analyse(question).asks_year is asks_year


@pytest.mark.parametrize(
    "question, sentence, of_year",
    [
        # another year only: its figure is not the asked year's
        ("Năm 2024 huyện có bao nhiêu hộ nghèo?", "Năm 2025, huyện phấn đấu còn dưới 200 hộ nghèo.", False),
        ("Năm 2024 huyện có bao nhiêu hộ nghèo?", "Đến cuối năm 2024, huyện còn 312 hộ nghèo.", True),
        # no year: the selector decides
        ("Năm 2024 huyện có bao nhiêu hộ nghèo?", "Huyện còn 312 hộ nghèo, giảm 40 hộ.", True),
        ("Năm 2024 huyện có bao nhiêu hộ nghèo?", "Giai đoạn 2021-2025, huyện giảm 1.200 hộ nghèo.", True),  # spans it
        # a birth year or a document's number does not date the fact
        ("Năm 2024 ai làm Chủ tịch xã Tân Lập?", "Ông Hà Văn Sơn (sinh năm 1971) làm Chủ tịch UBND xã Tân Lập.", True),
        ("Năm 2024 mức phạt là bao nhiêu?", "Theo Nghị định 100/2019/NĐ-CP, mức phạt từ 6 đến 8 triệu đồng.", True),
        # a date asked: another year is what may answer it
        ("Năm 2024 cầu được khởi công khi nào?", "Cầu được khởi công tháng 3/2023.", True),
    ],
)
def test_a_question_about_one_year_is_not_answered_from_another_years_sentence(question, sentence, of_year):
    assert of_asked_year(analyse(question), sentence) is of_year


def test_another_years_figure_is_not_given_as_the_asked_years(assistant):
    """The bundled article gives the 2026 growth target (7,5%) and no 2025 one."""
    asked_2025 = assistant.ask("Năm 2025 tỉnh giao xã Bình Hiệp chỉ tiêu tăng trưởng bao nhiêu?")
    assert "7,5" not in asked_2025.text


def _sentence(doc: str, text: str, title: str = "Tin địa phương"):
    from assistant.answering.types import Sentence

    return Sentence(n=1, doc_id=doc, title=title, text=text, start=0, end=len(text), rank=0, order=0)


def test_a_years_figure_comes_from_an_article_of_that_year_or_naming_it():
    from assistant.answering.asked_type import articles_of_asked_year

    window = [
        _sentence("a2025", "Đảng bộ xã hiện có 1.240 đảng viên."),  # dated 2025, never names 2020
        _sentence("b2025", "So với năm 2020, xã tăng 80 đảng viên."),  # dated 2025, names 2020
        _sentence("c2020", "Đảng bộ xã có 1.160 đảng viên."),  # dated 2020
        _sentence("nodate", "Đảng bộ xã có 1.100 đảng viên."),  # no date: cannot tell
        _sentence("range", "Nhiệm kỳ 2020-2025, xã kết nạp 90 đảng viên."),  # a range spanning 2020
        _sentence("titled", "Xã có 1.150 đảng viên.", title="Tổng kết công tác đảng năm 2020"),
    ]
    dates = {"a2025": 20250903, "b2025": 20250110, "c2020": 20201231, "nodate": 0, "range": 20250301}
    dates["titled"] = 20210105
    asked_2020 = analyse("Đảng bộ xã có bao nhiêu đảng viên năm 2020?")
    assert articles_of_asked_year(asked_2020, window, dates) == {"b2025", "c2020", "nodate", "range", "titled"}
    # no year asked, or a date asked: every article may answer
    everyone = {s.doc_id for s in window}
    assert articles_of_asked_year(analyse("Đảng bộ xã có bao nhiêu đảng viên?"), window, dates) == everyone
    assert articles_of_asked_year(analyse("Năm 2020 xã kết nạp đảng viên khi nào?"), window, dates) == everyone


def test_a_count_asked_for_another_year_is_not_answered_from_an_undated_sentence(assistant_on):
    """Through the engine: a 2025 article's count is given when no year is asked, not for 2020."""
    bot = assistant_on(
        {
            "xa.txt": (
                "Xã Hòa Bình củng cố tổ chức đảng\n\nNgày 3/9/2025, Đảng ủy xã Hòa Bình tổng kết công tác "
                "xây dựng Đảng. "
                "Hiện Đảng bộ xã Hòa Bình có 47 chi bộ và 1.215 đảng viên. Nhiệm kỳ 2025-2030 xã đề ra 18 chỉ tiêu.\n"
            )
        }
    )
    assert "1.215" in bot.ask("Đảng bộ xã Hòa Bình có bao nhiêu đảng viên?").text
    assert "1.215" not in bot.ask("Đảng bộ xã Hòa Bình có bao nhiêu đảng viên năm 2020?").text
