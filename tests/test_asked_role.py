"""A role holder asked about is not answered with the deputy (sentences written for these tests)."""

import pytest

from assistant.answering.asked_role import about_asked_role
from assistant.answering.question import analyse

DEPUTY = "Ông Trần Văn Bình, Phó Giám đốc Sở Xây dựng, cho biết công trình sẽ xong trong tháng 12."
HEAD = "Bà Lê Thị Hoa, Giám đốc Sở Xây dựng, cho biết công trình sẽ xong trong tháng 12."


@pytest.mark.parametrize(
    "question, sentence, about",
    [
        ("Ai là Giám đốc Sở Xây dựng?", DEPUTY, False),
        ("Ai là Giám đốc Sở Xây dựng?", HEAD, True),
        ("ai la giam doc so xay dung", DEPUTY, False),  # typed without accents
        ("Ai là Phó Giám đốc Sở Xây dựng?", DEPUTY, True),  # the deputy is what is asked
        ("Giám đốc Sở Xây dựng nói công trình xong khi nào?", DEPUTY, False),
        # the deputy and the head in one sentence: the selector decides
        ("Ai là Giám đốc Sở?", "Phó Giám đốc Sở Trần Văn Bình thay Giám đốc Sở Lê Thị Hoa dự họp.", True),
        # the role is not in the sentence: the selector decides
        ("Ai là Giám đốc Sở Xây dựng?", "Công trình do Sở Xây dựng làm chủ đầu tư.", True),
        ("Ai là Tổng giám đốc tập đoàn?", "Ông Minh, Phó Tổng giám đốc tập đoàn, phát biểu khai mạc.", False),
        # no role asked: nothing to check
        ("Công trình xong khi nào?", DEPUTY, True),
        # "phố" (street) is not "phó"
        ("Ai là chủ tịch hội?", "Ông Nam, chủ tịch hội, sống ở phố Chủ tịch Hồ Chí Minh.", True),
        ("Ai là chủ tịch hội?", "Hội họp ở phố Chủ tịch Tôn Đức Thắng.", True),
        ("Ai là chủ tịch hội?", "Ông Nam, pho chu tich hoi, phat bieu.", False),  # an article without accents
        # roles of other walks of public life
        (
            "Ai là Thống đốc Ngân hàng Nhà nước?",
            "Phó Thống đốc Ngân hàng Nhà nước Đào Minh Tú nói thế.",
            False,
        ),
        ("Ai là Thống đốc Ngân hàng Nhà nước?", "Thống đốc Ngân hàng Nhà nước Nguyễn Thị Hồng chủ trì hội nghị.", True),
        ("Chánh án Tòa án nhân dân tỉnh là ai?", "Bà Lan, Phó Chánh án Tòa án nhân dân tỉnh, tuyên án.", False),
        ("Ai là Viện trưởng Viện Kiểm sát?", "Ông Hùng, Phó Viện trưởng Viện Kiểm sát, đọc cáo trạng.", False),
        ("ai la cuc truong cuc thue", "Ông Tâm, Phó Cục trưởng Cục Thuế, trả lời báo chí.", False),
    ],
)
def test_evidence_is_about_the_asked_role_not_its_deputy(question, sentence, about):
    assert about_asked_role(analyse(question), sentence) is about
