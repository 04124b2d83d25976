"""Acronyms against the words they stand for, on sentences written for these tests."""

import pytest

from assistant.answering.acronyms import acronym_letters, matched_terms
from assistant.answering.features import folded_words


def held(question: str, sentence: str) -> set[str]:
    return matched_terms(question, folded_words(question), sentence, folded_words(sentence))


def test_an_acronym_in_the_sentence_holds_the_words_the_question_spells_out():
    # "GD&ĐT": "và" is left out of the letters, "Đ" is "D"
    assert held("Bộ trưởng Bộ Giáo dục và Đào tạo là ai?", "Bộ trưởng GD&ĐT Nguyễn Văn Bình cho biết.") == {
        "giao",
        "duc",
        "dao",
        "tao",
    }
    assert held("Trường trung học phổ thông nào đạt giải?", "Học sinh trường THPT Lê Lợi đạt giải nhất.") == {
        "trung",
        "hoc",
        "pho",
        "thong",
    }


def test_an_acronym_in_the_question_is_held_by_its_words_spelled_out():
    assert held("Chủ tịch UBND xã là ai?", "Chủ tịch Ủy ban nhân dân xã Tân Hòa là ông Lê Văn Hải.") == {"ubnd"}
    assert held("Thí sinh ở TP.HCM đạt bao nhiêu điểm?", "Thí sinh Thành phố Hồ Chí Minh đạt 29 điểm.") == {"tp", "hcm"}


@pytest.mark.parametrize(
    "question, sentence, expected",
    [
        ("Giá dầu tăng bao nhiêu?", "Tổng cục Thống kê công bố GDP quý I.", set()),  # no question run
        # the acronym stands for "ủy ban nhân dân", not for "tỉnh"
        ("Ủy ban nhân dân tỉnh họp khi nào?", "UBND huyện họp sáng nay.", {"uy", "ban", "nhan", "dan"}),
        ("Thành phố nào?", "TP Huế", set()),  # two letters are too few to be sure
    ],
)
def test_only_the_run_the_letters_spell(question, sentence, expected):
    assert held(question, sentence) == expected


def test_what_counts_as_an_acronym():
    found = [letters for _, letters in acronym_letters("Theo GD-ĐT và UBND, TP.HCM, COVID-19 và Hà Nội, TP, ABC.")]
    assert found == ["gddt", "ubnd", "tphcm", "covid", "abc"]
    assert not acronym_letters("Hà Nội mưa to")
