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


def test_a_one_word_name_replaces_the_previous_questions_one_word_name():
    assert _follow("FPT Telecom lắp bao nhiêu trạm phát sóng?", "Còn Viettel thì sao?") == (
        "Viettel lắp bao nhiêu trạm phát sóng?"
    )
    assert _follow("Doanh thu của Vinamilk năm 2016 là bao nhiêu?", "Còn Masan thì sao?") == (
        "Doanh thu của Masan năm 2016 là bao nhiêu?"
    )
    # a capitalised first word may be a common word: nothing to replace, the name is appended
    assert _follow("Trường lắp bao nhiêu máy tính?", "Còn Viettel thì sao?") == "Trường lắp bao nhiêu máy tính? Viettel"


def test_an_appended_follow_up_subject_must_stand_in_the_evidence():
    from assistant.followup import names_subject, previous_short, unswapped_subject

    history = [Turn("Xã Tân An thu ngân sách bao nhiêu?", "Xã Tân An thu ngân sách bao nhiêu?", "**12 tỷ đồng** — …")]
    assert unswapped_subject("Còn tăng trưởng thì sao?", history) == "tăng trưởng"
    assert unswapped_subject("Còn năm 2023 thì sao?", history) == "năm 2023"  # no year to replace: appended
    with_year = [Turn("Năm 2024 xã thu bao nhiêu?", "Năm 2024 xã thu bao nhiêu?", "")]
    assert unswapped_subject("Còn năm 2023 thì sao?", with_year) == ""  # the year is replaced
    assert unswapped_subject("Xã Tân An có bao nhiêu hộ?", history) == ""  # not a "Còn X thì sao?"
    assert previous_short(history) == "12 tỷ đồng"
    assert not names_subject("tăng trưởng", "Xã Tân An thu ngân sách 12 tỷ đồng.")
    assert names_subject("tăng trưởng", "Xã Tân An đạt mức tăng trưởng 7%.")
    assert names_subject("tang truong", "Xã Tân An đạt mức tăng trưởng 7%.")  # typed without accents
    assert names_subject("", "Bất kỳ câu nào.")


def test_a_follow_up_about_something_else_is_not_answered_with_the_previous_figure(assistant_on):
    """Through the engine: "Còn X thì sao?" is not answered by the previous answer's sentence when
    that sentence does not name X, nor with its bold figure when it does."""
    bot = assistant_on(
        {
            "mang.txt": (
                "Các nhà mạng tăng tốc phủ sóng\n\nNgày 5/3/2024, Bộ Thông tin và Truyền thông cho biết nhà mạng Gtel "
                "đã lắp đặt 2.300 trạm phát sóng thế hệ mới trên cả nước. Nhà mạng Itelecom đang thử nghiệm dịch vụ "
                "tại ba thành phố lớn. Năm 2024, doanh thu của Gtel đạt 1.200 tỷ đồng, tăng trưởng 9%.\n"
            )
        }
    )
    first = bot.ask("Nhà mạng Gtel đã lắp đặt bao nhiêu trạm phát sóng?")
    assert "2.300" in first.text
    history = [Turn("Nhà mạng Gtel đã lắp đặt bao nhiêu trạm phát sóng?", first.standalone_question, first.text)]
    assert "2.300" not in bot.ask("Còn doanh thu thì sao?", history).text.split("—")[0]


def test_a_place_or_company_pointed_at_is_named_from_the_previous_question():
    assert _follow("Ai là Chủ tịch UBND xã Ia Dom?", "Xã đó có bao nhiêu hộ nghèo?") == (
        "Xã Ia Dom có bao nhiêu hộ nghèo?"
    )
    assert _follow("Công ty Hòa Phát lãi bao nhiêu năm 2024?", "Công ty này có bao nhiêu nhân viên?") == (
        "Công ty Hòa Phát có bao nhiêu nhân viên?"
    )
    # two communes before, or none of that kind: the previous question is searched along, as before
    assert _follow("Xã Ia Dom và xã Ia Nan có bao nhiêu hộ nghèo?", "Xã đó có bao nhiêu đảng viên?").endswith(
        "(Xã Ia Dom và xã Ia Nan có bao nhiêu hộ nghèo?)"
    )
    assert _follow("Công ty Hòa Phát lãi bao nhiêu?", "Xã đó có bao nhiêu hộ nghèo?").endswith(
        "(Công ty Hòa Phát lãi bao nhiêu?)"
    )
