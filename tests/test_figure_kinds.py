"""Figures that are not what a question asks for (``assistant/answering/figure_kinds.py``), on
sentences written for these tests; every expected span is written by hand."""

import numpy as np
import pytest

from assistant.answering.asked_type import holds_asked_type
from assistant.answering.figure_kinds import birth_years, names_years, not_asked_figures, of_other_years
from assistant.answering.question import analyse
from assistant.answering.short_answer import short_answer

ARREST = (
    "Chiều 14-3, Công an huyện bắt tạm giam Lê Văn Tám (sinh năm 1985, trú xã Phú Lâm) "
    "trong 4 tháng để điều tra hành vi trộm cắp."
)
ARREST_NO_TERM = "Chiều 14-3, Công an huyện bắt tạm giam Lê Văn Tám (sinh năm 1985, trú xã Phú Lâm) để điều tra."
COMPLAINT = "Bà Hoàng Thị Mai (SN 1962, trú thôn Đông) cho biết gia đình bị chặn lối đi đã lâu."


def _spans_of(sentence: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    at = sentence.index(text)
    return np.array([at]), np.array([at + len(text)])


@pytest.mark.parametrize(
    "text, years",
    [
        ("Ông A (sinh năm 1985) và bà B (SN 1962) bị bắt.", ["1985", "1962"]),
        ("Ông A, sinh 1990, trú tại xã B.", ["1990"]),
        ("ong A (sinh nam 1977) tru tai xa B", ["1977"]),  # typed without accents
        ("Năm 1985 ông A về xã; học sinh năm nay tăng 1.200 em.", []),  # neither a birth
    ],
)
def test_birth_years_are_found_by_their_cue(text, years):
    assert [text[a:b] for a, b in birth_years(text)] == years


def test_a_birth_year_is_not_the_answer_unless_a_birth_is_asked():
    q = analyse("Lê Văn Tám bị tạm giam bao nhiêu tháng?")
    assert short_answer(q, ARREST) in ("4 tháng", "trong 4 tháng")
    assert short_answer(q, ARREST_NO_TERM) == ""  # the birth year and the day are no term
    assert not holds_asked_type(q, ARREST_NO_TERM)  # and the sentence is no evidence for it
    born = analyse("Lê Văn Tám sinh năm nào?")
    assert born.asks_birth
    assert short_answer(born, ARREST_NO_TERM) in ("1985", "năm 1985", "sinh năm 1985")
    assert holds_asked_type(born, ARREST_NO_TERM)


def test_a_date_question_is_not_answered_by_a_birth_year():
    q = analyse("Bà Hoàng Thị Mai gửi đơn ngày nào?")
    assert not q.asks_birth
    assert not holds_asked_type(q, COMPLAINT)
    assert "1962" not in short_answer(q, COMPLAINT)


@pytest.mark.parametrize(
    "text, barred",
    [
        ("sáng 14-3", True),
        ("ngày 3/4/2017", True),
        ("năm 2017", True),
        ("tháng 6/2024", True),
        ("4 tháng", False),
        ("1/3", False),  # a fraction as much as a date
        ("1.985 người", False),
        ("năm 2014 và 2015", True),  # the second year stands alone
        ("từ 6-9%", False),  # a range of percentages after "từ", not a day and month
        ("từ 10-12 tháng", False),
        ("đến 25-13", False),  # no 13th month
        ("2015 người", False),  # a count written without its separator, with its unit
    ],
)
def test_a_date_is_no_count(text, barred):
    sentence = f"Theo báo cáo, con số là {text} như đã nêu."
    q = analyse("Con số là bao nhiêu?")
    assert not_asked_figures(q, sentence, *_spans_of(sentence, text))[0] is np.bool_(barred)
    # a date question keeps its dates
    assert not not_asked_figures(analyse("Con số được công bố khi nào?"), sentence, *_spans_of(sentence, text))[0]


GROWTH = "Theo dự báo, kinh tế tỉnh tăng 6,8% trong năm 2024 và 7,1% trong năm 2025, cao hơn bình quân cả nước."


def test_the_figure_of_the_asked_year_not_the_other_years():
    assert short_answer(analyse("Kinh tế tỉnh tăng bao nhiêu trong năm 2025?"), GROWTH).startswith("7,1%")
    assert short_answer(analyse("Kinh tế tỉnh tăng bao nhiêu trong năm 2024?"), GROWTH).startswith("6,8%")
    fiscal = "Ngân hàng dự báo GDP tăng 5,2% trong tài khóa 2023-2024 và 5,9% trong tài khóa 2024-2025."
    assert short_answer(analyse("GDP tăng bao nhiêu trong tài khóa 2024-2025?"), fiscal).startswith("5,9%")
    q = analyse("Kinh tế tỉnh tăng bao nhiêu trong năm 2025?")
    assert of_other_years(q, GROWTH, *_spans_of(GROWTH, "6,8%"))[0]
    assert not of_other_years(q, GROWTH, *_spans_of(GROWTH, "7,1%"))[0]
    # no year asked, or no part naming the asked year with a figure: nothing is barred
    assert not of_other_years(analyse("Kinh tế tỉnh tăng bao nhiêu?"), GROWTH, *_spans_of(GROWTH, "6,8%"))[0]
    assert not of_other_years(analyse("Kinh tế tỉnh tăng bao nhiêu năm 2023?"), GROWTH, *_spans_of(GROWTH, "6,8%"))[0]


@pytest.mark.parametrize(
    "years, text, every, expected",
    [
        (("2024",), "Giai đoạn 2021-2025 huyện giảm nghèo.", True, True),
        (("2024", "2025"), "trong tài khóa 2023-2024", True, False),
        (("2024", "2025"), "trong tài khóa 2023-2024", False, True),
        (("2024",), "Ông A (sinh năm 2024) …", True, None),  # a birth year dates no fact
        (("2024",), "Theo Nghị định 15/2020/NĐ-CP, mức phạt tăng.", True, None),
        (("2024",), "Huyện còn 312 hộ nghèo.", True, None),
    ],
)
def test_which_years_a_text_names(years, text, every, expected):
    assert names_years(years, text, every) is expected


def test_a_name_with_an_initial_is_given_whole():
    sentence = "Theo Đại tá Robert K. Mills, chỉ huy trưởng chương trình hợp tác, đoàn sẽ ở lại 10 ngày."
    assert short_answer(analyse("Ai là chỉ huy trưởng chương trình hợp tác?"), sentence) == "Robert K. Mills"
