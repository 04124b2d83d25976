"""Question analysis and short answers on questions and sentences written for these tests
(none from the bundled articles)."""

import pytest

from assistant.answering.question import analyse, capitalised_names
from assistant.answering.short_answer import short_answer
from assistant.followup import Turn, condense


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Giá xăng RON 95 tăng bao nhiêu đồng mỗi lít?", "number"),
        ("gia xang ron 95 tang bao nhieu dong moi lit", "number"),
        ("Tỷ lệ tốt nghiệp THPT năm nay là bao nhiêu phần trăm?", "number"),
        ("Apple ra mắt iPhone mới khi nào?", "date"),
        ("apple ra mat iphone moi vao ngay nao", "date"),
        ("Ai là huấn luyện viên trưởng của đội tuyển nữ?", "person"),
        ("ai la hlv truong doi tuyen nu", "person"),
        ("Vụ cháy xảy ra ở đâu?", "place"),
        ("Công ty nào trúng thầu dự án cầu cảng?", "organisation"),
        ("Vì sao chuyến bay bị hủy?", "why"),
        ("vi sao chuyen bay bi huy", "why"),
        ("Bệnh nhân được cấp cứu như thế nào?", "how"),
        ("Ông Trần Văn Minh giữ chức vụ gì?", "role"),
        ("Đề án gồm những nội dung gì?", "list"),
        ("Dự án đã được phê duyệt chưa?", "yesno"),
        # "vào năm <year>" sets the scene; the question word decides
        ("Đội nào vô địch giải quốc gia vào năm 2000?", "organisation"),
        ("Nhà máy hợp tác với ai vào năm 1886?", "person"),
        ("Bao nhiêu người nhập cư vào năm 1901?", "number"),
        ("Cây cầu khánh thành vào năm nào?", "date"),
        ("cau lac bo thanh lap vao nam nao", "date"),
        # a capitalised word inside the question is a name, not a question word ("May" ≠ "mấy")
        ("Sau cuộc gặp, bà May bay tới đâu?", "place"),
        ("Thủ đô của Ai Cập ở đâu?", "place"),
        # an abbreviation that is a cue's word is not a name
        ("Liên đoàn sa thải HLV nào sau trận thua?", "person"),
        # a head noun and "nào" with a noun phrase between them
        ("Ngân hàng thương mại nào giảm lãi suất đầu tiên?", "organisation"),
        ("Công ty bảo hiểm nhân thọ nào bồi thường nhiều nhất?", "organisation"),
        ("Bão đổ bộ vào những tỉnh ven biển nào?", "place"),
        ("Cầu thủ trẻ nào ghi bàn thắng quyết định?", "person"),
        # ... not a head that is half of a word, a classifier, or a phrase with a verb in it
        ("Bộ phận nào chịu trách nhiệm kiểm tra?", "other"),
        ("Bộ phim nào đoạt giải thưởng lớn nhất?", "other"),
        ("Ông Minh ký hợp đồng nào?", "other"),
    ],
)
def test_answer_type_with_and_without_diacritics(question, kind):
    assert analyse(question).kind == kind


def test_question_words_are_not_content_terms():
    q = analyse("Giá xăng RON 95 tăng bao nhiêu đồng mỗi lít?")
    assert "bao" not in q.terms and "nhieu" not in q.terms
    assert {"gia", "xang", "ron", "95"} <= set(q.terms)
    assert analyse("gia xang ron 95 tang bao nhieu").terms == analyse("Giá xăng RON 95 tăng bao nhiêu").terms


def test_names_years_and_negation():
    q = analyse("Năm 2019, vì sao ông Nguyễn Văn An không tái cử ở Đà Nẵng?")
    assert q.years == ("2019",)
    assert ("nguyen", "van", "an") in q.names and ("da", "nang") in q.names
    assert q.negated
    assert capitalised_names("Sáng nay, ông Lê Văn Tám phát biểu tại Hà Nội.") == [("le", "van", "tam"), ("ha", "noi")]


def test_follow_ups_become_standalone():
    prev = Turn("Doanh thu của Vinamilk năm 2022 là bao nhiêu?", "Doanh thu của Vinamilk năm 2022 là bao nhiêu?")
    assert condense("Còn năm 2023 thì sao?", [prev]) == "Doanh thu của Vinamilk năm 2023 là bao nhiêu?"
    who = Turn("Ai là giám đốc bệnh viện?", "Ai là giám đốc bệnh viện?", "Giám đốc là ông Phạm Quốc Bảo [1].")
    assert "Phạm Quốc Bảo" in condense("Ông ấy nhậm chức khi nào?", [who])
    assert "giám đốc bệnh viện" in condense("Bệnh viện đó ở tỉnh nào?", [who])
    assert condense("Giá vàng hôm nay thế nào?", []) == "Giá vàng hôm nay thế nào?"


def _follow(previous: str, follow_up: str) -> str:
    """``follow_up`` made standalone after ``previous`` (asked as typed)."""
    return condense(follow_up, [Turn(previous, previous)])


def test_a_follow_up_noun_replaces_the_counted_noun_not_the_whole_question():
    ask = _follow

    # The counted noun is replaced; what bounds it (place, time) is kept.
    assert ask("Huyện Lạc Sơn có bao nhiêu trường học đạt chuẩn trong năm 2024?", "Còn trạm y tế thì sao?") == (
        "Huyện Lạc Sơn có bao nhiêu trạm y tế trong năm 2024?"
    )
    assert ask("Xã Phú Thiện có bao nhiêu tổ chức cơ sở đảng?", "Còn số lượng đảng viên thì sao?") == (
        "Xã Phú Thiện có bao nhiêu đảng viên?"
    )
    assert ask("Tỉnh có bao nhiêu ca mắc sốt xuất huyết tuần qua?", "Còn ca tử vong thì sao?") == (
        "Tỉnh có bao nhiêu ca tử vong tuần qua?"
    )
    # A place, a person, a pronoun, a cause or a time is not a noun to count: nothing is replaced.
    census = "Hà Nội có bao nhiêu trường học?"
    for other in ("ở Đà Nẵng", "tỉnh Nghệ An", "anh ấy", "nó", "nguyên nhân", "sau đó", "đến Đà Lạt", "da nang"):
        assert ask(census, f"Còn {other} thì sao?") == f"{census} {other}", other
    # A place or a time is not a counted noun: the place or year is swapped instead.
    assert (
        ask("Xã Phú Thiện có bao nhiêu đảng viên?", "Còn xã Ia Piar thì sao?") == "Xã Ia Piar có bao nhiêu đảng viên?"
    )
    assert ask("Năm 2024 có bao nhiêu du khách đến Sa Pa?", "Còn năm 2023 thì sao?") == (
        "Năm 2023 có bao nhiêu du khách đến Sa Pa?"
    )
    # A follow-up asking its own "bao nhiêu …" keeps the previous question's start.
    assert ask("Vụ tai nạn trên quốc lộ 14 làm bao nhiêu người chết?", "Còn bao nhiêu người bị thương?") == (
        "Vụ tai nạn trên quốc lộ 14 làm bao nhiêu người bị thương?"
    )
    # Not a census question ("có bao nhiêu"): another person asked about, nothing replaced.
    sentenced = ask("Bị cáo Lê Văn Tư lĩnh bao nhiêu tháng tù?", "Còn con trai ông ta thì sao?")
    assert "tháng tù" in sentenced and "con trai ông ta" in sentenced
    # A restoration that put the wrong accents on "thi sao" still leaves just the noun.
    assert ask("xã Biển Hồ có bao nhiêu tổ chức cơ sở đảng", "Còn đảng viên thị sao") == (
        "xã Biển Hồ có bao nhiêu đảng viên"
    )
    assert "bao nhiêu du khách" in ask("Năm 2024 có bao nhiêu du khách đến Sa Pa?", "Còn năm ngoái thì sao?")


def test_a_follow_up_about_another_name_replaces_the_one_name_asked_before():
    ask = _follow

    assert ask("Tòa tuyên Trương Văn Lộc bao nhiêu năm tù?", "Còn Đỗ Thị Hằng thì sao?") == (
        "Tòa tuyên Đỗ Thị Hằng bao nhiêu năm tù?"
    )
    assert ask("Ông Lý Minh Khoa bị phạt bao nhiêu tiền?", "Còn ông Tạ Quang Vinh thì sao?") == (
        "Ông Tạ Quang Vinh bị phạt bao nhiêu tiền?"
    )
    assert ask("Đà Lạt có bao nhiêu khách sạn?", "Còn Nha Trang thì sao?") == "Nha Trang có bao nhiêu khách sạn?"
    # two names before, or none: which one is meant is not clear, so the name is only added
    two = "Ông Lý Minh Khoa và bà Đinh Thu Hà nói gì?"
    assert ask(two, "Còn Tạ Quang Vinh thì sao?") == f"{two} Tạ Quang Vinh"
    assert ask("Giá xăng hôm nay bao nhiêu?", "Còn Petrolimex Sài Gòn thì sao?") == (
        "Giá xăng hôm nay bao nhiêu? Petrolimex Sài Gòn"
    )
    # a name typed with accents is not the cue its folded form spells ("Bảo" is not "báo", a newspaper)
    assert ask("Giá vàng SJC hôm nay bao nhiêu?", "Còn Bảo Tín Minh Châu thì sao?") == (
        "Giá vàng SJC hôm nay bao nhiêu? Bảo Tín Minh Châu"
    )


def test_he_or_she_is_the_person_the_last_turn_was_about():
    def ask(previous: str, answer: str, follow_up: str) -> str:
        return condense(follow_up, [Turn(previous, previous, answer)])

    # asked about by name: that name, not a place the answer mentions
    born = ask(
        "Lương Văn Tuấn sinh năm nào?",
        "**năm 1968** — Lương Văn Tuấn (sinh năm 1968, quê Nghệ An) …",
        "Ông ấy làm nghề gì?",
    )
    assert born == "Lương Văn Tuấn làm nghề gì?"
    # asked who: the person the answer named (its bold short answer, or the name after a title)
    chair = ask(
        "Ai là Chủ tịch UBND tỉnh Kon Tum?",
        "**Lê Ngọc Tuấn** — Chủ tịch UBND tỉnh Kon Tum, ông Lê Ngọc Tuấn, chủ trì cuộc họp.",
        "Ông ấy nhậm chức khi nào?",
    )
    assert chair == "Lê Ngọc Tuấn nhậm chức khi nào?"
    spoke = ask(
        "Ai phát biểu khai mạc?", "Phó Chủ tịch UBND tỉnh Kon Tum, ông Lê Ngọc Tuấn, phát biểu.", "Ông ấy nói gì?"
    )
    assert spoke == "Lê Ngọc Tuấn nói gì?"


def test_a_year_is_not_the_answer_to_how_much():
    sentence = "Năm 2025, doanh thu của hợp tác xã đạt 12,5 tỷ đồng, tăng 8%."
    assert short_answer(analyse("Doanh thu của hợp tác xã đạt bao nhiêu?"), sentence) == "12,5 tỷ đồng"


def test_a_word_the_restoration_capitalised_is_a_name_not_a_question_word():
    from assistant.engine import analyse_turn

    assert analyse_turn("thu do ai cap la gi", "thủ đô Ai Cập là gì").kind != "person"
    assert analyse_turn("nguoi dung dau ai cap la ai", "người đứng đầu Ai Cập là ai").kind == "person"
