"""A number or a date asked for must stand in the evidence (sentences written for these tests)."""

import pytest

from assistant.answering.asked_type import holds_asked_type
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
        # other kinds are left to the selector ("ai" is often answered by a common noun)
        ("Ai phát hiện ra vụ cháy?", "Người dân phát hiện ra vụ cháy và báo cho công an.", True),
    ],
)
def test_evidence_holds_the_asked_number_or_date(question, sentence, holds):
    assert holds_asked_type(analyse(question), sentence) is holds
