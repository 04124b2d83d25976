"""The learned short answer on sentences and questions written for these tests (none from the
bundled articles, XQuAD or the news set); every expectation is written by hand."""

import json
import subprocess
import sys
import time

import pytest

from assistant.answering.question import analyse
from assistant.answering.short_answer import (
    FEATURES,
    NO_SPAN,
    WEIGHTS,
    best_span,
    candidates,
    short_answer,
    span_strength,
)


@pytest.mark.parametrize(
    "question, sentence, expected",
    [
        (
            "Gói hỗ trợ cho nông dân trị giá bao nhiêu?",
            "Theo UBND huyện, gói hỗ trợ cho nông dân bị thiệt hại do lũ trị giá 2,5 tỷ đồng, được chi trước Tết.",
            "2,5 tỷ đồng",
        ),
        (
            "Năm 2024 lợi nhuận của ngân hàng đạt bao nhiêu?",
            "Năm 2024, lợi nhuận trước thuế của ngân hàng đạt 4.800 tỷ đồng, tăng 15% so với năm trước.",
            "4.800 tỷ đồng",
        ),
        (
            "Ai được bầu làm chủ tịch hội nông dân xã?",
            "Tại đại hội, ông Lò Văn Thắm được bầu làm chủ tịch hội nông dân xã nhiệm kỳ 2025-2030.",
            "Lò Văn Thắm",
        ),
        (  # typed without diacritics
            "ai duoc bau lam chu tich hoi nong dan xa",
            "Tại đại hội, ông Lò Văn Thắm được bầu làm chủ tịch hội nông dân xã nhiệm kỳ 2025-2030.",
            "Lò Văn Thắm",
        ),
        (
            "Thủ môn nào được bầu là cầu thủ xuất sắc nhất trận?",
            "Thủ môn Nguyễn Văn Toản được bầu là cầu thủ xuất sắc nhất trận sau nhiều pha cứu thua.",
            "Nguyễn Văn Toản",
        ),
        (
            "Giá xăng RON 95 tăng bao nhiêu?",
            "Từ 15 giờ chiều nay, giá xăng RON 95 tăng 1.250 đồng mỗi lít lên 21.000 đồng.",
            "1.250 đồng",
        ),
        (
            "Tỷ lệ tốt nghiệp của tỉnh là bao nhiêu?",
            "Năm nay tỷ lệ tốt nghiệp của tỉnh đạt 98,5%, tăng so với năm trước.",
            "98,5%",
        ),
        pytest.param(  # a sentence holding two counts: the one of the noun asked about
            "Huyện có bao nhiêu trường học?",
            "Huyện hiện có 45 xã, thị trấn với 212 trường học các cấp, trong đó 120 trường đạt chuẩn quốc gia.",
            "212",
            # a near tie: "212" −0.97, "45 xã" −0.98 as trained on 2026-12-03 evening (it was the
            # other way round by 0.31 in the afternoon, an expected failure then). Never choosing a
            # number when another one counts the asked noun was measured out of fold and is worse
            # (news F1 0.549 → 0.546, XQuAD-vi 0.432 → 0.429), so the scorer stays as trained.
        ),
        (  # two figures in one sentence: the one whose clause speaks of what is asked
            "Chỉ tiêu thu ngân sách năm nay của huyện là bao nhiêu?",
            "Năm nay huyện đặt mục tiêu tăng trưởng kinh tế 8%, thu ngân sách đạt 150 tỷ đồng.",
            "150 tỷ đồng",
        ),
        (  # the bound of a number is part of the claim
            "Có bao nhiêu người tham dự lễ hội?",
            "Lễ hội năm nay thu hút hơn 20.000 người tham dự trong ba ngày.",
            "hơn 20.000",
        ),
        (  # a passive question ("được bổ nhiệm") asks for the active sentence's object; the scorer
            # has no notion of voice: a near tie, wrong from the 2026-12-01 retrain to the 12-03 one
            "Ai được bổ nhiệm làm giám đốc bệnh viện?",
            "Sở Y tế đã bổ nhiệm ông Phạm Quốc Bảo làm giám đốc bệnh viện từ đầu tháng.",
            "Phạm Quốc Bảo",
        ),
    ],
)
def test_the_span_that_answers(question, sentence, expected):
    assert short_answer(analyse(question), sentence) == expected


def test_a_number_in_words_is_never_cut_and_a_name_is_no_number():
    q = analyse("Vụ tai nạn làm bao nhiêu người bị thương?")
    assert short_answer(q, "Vụ tai nạn trên đèo làm ba mươi mốt người bị thương.") == "ba mươi mốt người"
    assert short_answer(analyse("Huyện có bao nhiêu hộ nghèo?"), "Quận Ba Đình tiếp tục hỗ trợ hộ nghèo.") == ""


def test_a_date_question_gets_the_date():
    q = analyse("Trường khai giảng năm học mới vào ngày nào?")
    sentence = "Trường Tiểu học Hòa Bình sẽ khai giảng năm học mới vào ngày 12/3, sớm hơn mọi năm một tuần."
    assert short_answer(q, sentence) in ("ngày 12/3", "12/3")


def test_short_answer_date():
    q = analyse("Hội nghị khai mạc khi nào?")
    sentence = "Hội nghị khai mạc ngày 12/3/2024 tại thủ đô và kéo dài ba ngày."
    assert short_answer(q, sentence) in ("ngày 12/3/2024", "12/3/2024")  # gold answers mostly omit "ngày"


def test_a_number_keeps_its_unit_and_is_not_the_year():
    q = analyse("Giải chạy năm 2025 thu hút bao nhiêu vận động viên?")
    sentence = "Năm 2025, giải chạy thu hút hơn 3.000 vận động viên đến từ 12 quốc gia."
    answer = short_answer(q, sentence)
    assert "3.000" in answer and "2025" not in answer


def test_the_answer_is_not_the_question_own_words():
    q = analyse("Ai được bầu làm chủ tịch hội nông dân xã?")
    text, _ = best_span(q, "Tại đại hội, ông Lò Văn Thắm được bầu làm chủ tịch hội nông dân xã nhiệm kỳ 2025-2030.")
    assert "chủ tịch" not in text and "nông dân" not in text


@pytest.mark.parametrize(
    "question, sentence",
    [
        ("Vì sao chuyến phà bị hoãn?", "Chuyến phà sáng nay bị hoãn vì sóng lớn và gió mạnh cấp 6."),
        ("vi sao chuyen pha bi hoan", "Chuyến phà sáng nay bị hoãn vì sóng lớn và gió mạnh cấp 6."),
        ("Bệnh nhân được cứu như thế nào?", "Bệnh nhân được cứu nhờ các bác sĩ kịp thời truyền máu."),
        ("Cây cầu đã thông xe chưa?", "Cây cầu đã thông xe từ tuần trước."),
    ],
)
def test_why_how_and_yes_no_get_no_bold_part(question, sentence):
    assert short_answer(analyse(question), sentence) == ""


def test_no_short_answer_when_the_sentence_has_none():
    q = analyse("Có bao nhiêu người tham dự lễ hội?")
    assert short_answer(q, "Lễ hội diễn ra trong không khí vui tươi và ấm cúng.") == ""


def test_empty_and_wordless_sentences():
    q = analyse("Giá vé là bao nhiêu?")
    assert short_answer(q, "") == ""
    assert short_answer(q, " … ") == ""


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Tỉnh có ba mươi xã và hàng trăm hộ dân được hỗ trợ.", ["ba mươi xã", "hàng trăm hộ"]),
        ("Đội có hai mươi tư người, năm người bị thương.", ["hai mươi tư người", "năm người"]),
        ("Năm nay, một trăm năm mươi hộ thoát nghèo.", ["một trăm năm mươi hộ"]),
        ("Số người bị thương là ba người", ["ba người"]),  # a numeral near the end
        ("Vụ tai nạn khiến ba mươi mốt người bị thương.", ["ba mươi mốt người"]),
        ("Quận Ba Đình tiếp tục hỗ trợ hộ nghèo.", []),  # a name
        ("Ba mẹ em thuộc hộ nghèo, tỷ lệ hộ nghèo giảm.", []),  # a lone numeral needs a unit
        ("Số người bị thương là ba", []),
    ],
)
def test_a_number_written_in_words_is_one_span(sentence, expected):
    """A bold answer must never be half a number ("mươi xã")."""
    assert [s.text for s in candidates("number", sentence)] == expected


def test_the_shipped_weights_match_the_features():
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert 0.0 < data["threshold"] < 1.0
    assert len(data["coef"]) == len(FEATURES)


def test_fast_and_without_scikit_learn():
    code = (
        "import sys, time\n"
        "from assistant.answering.question import analyse\n"
        "from assistant.answering.short_answer import short_answer\n"
        "q = analyse('Giá vé tham quan bảo tàng tăng lên bao nhiêu?')\n"
        "s = 'Từ ngày 1/7, giá vé tham quan bảo tàng dành cho người lớn tăng từ 20.000 đồng lên 40.000 đồng.'\n"
        "short_answer(q, s)\n"
        "assert 'sklearn' not in sys.modules, 'sklearn imported at query time'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    q = analyse("Giá vé tham quan bảo tàng tăng lên bao nhiêu?")
    s = "Từ ngày 1/7, giá vé tham quan bảo tàng dành cho người lớn tăng từ 20.000 đồng lên 40.000 đồng."
    short_answer(q, s)
    times = []
    for _ in range(20):
        t = time.perf_counter()
        short_answer(q, s)
        times.append(time.perf_counter() - t)
    assert sorted(times)[10] < 0.02  # typically 2-4 ms; generous for loaded CI machines


def test_span_strength_is_higher_where_a_span_answers_the_question():
    q = analyse("Nhà máy điện mặt trời ở Ninh Thuận có công suất bao nhiêu?")
    answering = "Nhà máy điện mặt trời ở Ninh Thuận có công suất 450 MW, hoà lưới từ tháng 6."
    not_answering = "Nhà máy điện mặt trời ở Ninh Thuận được nhiều người dân địa phương ủng hộ."
    score, confidence, mass = span_strength(q, answering)
    other = span_strength(q, not_answering)
    assert score > other[0]
    assert 0.0 < confidence <= 1.0 and mass >= score  # the log-sum of all spans is at least the best one
    assert span_strength(q, "") == NO_SPAN and span_strength(q, " ... ") == NO_SPAN


TWO_SHIPS = "Trong đó tàu Minh Phát cứu 16 người và tàu Hải Long cứu được 14 người."


def test_which_named_thing_a_span_is_said_of_by_hand():
    from assistant.answering.short_answer import span_table

    table = span_table(analyse("Số người tàu Minh Phát cứu được là bao nhiêu?"), TWO_SHIPS)
    at = {s.text: row for s, row in zip(table.spans, table.x)}
    names, other = FEATURES.index("part_names"), FEATURES.index("part_other_name")
    # "và" starts a new part: 16 is said of Minh Phát, 14 of Hải Long
    assert at["16 người"][names] == 1.0 and at["16 người"][other] == 0.0
    assert at["14 người"][names] == 0.0 and at["14 người"][other] == 1.0
    # a question naming nothing leaves both at 0
    plain = span_table(analyse("Có bao nhiêu người được cứu?"), TWO_SHIPS)
    assert not plain.x[:, [names, other]].any()


def test_a_figure_said_of_another_named_thing_is_not_the_answer():
    # the bold answer is the figure of the ship asked about, or none: never the other ship's
    assert short_answer(analyse("Tàu Hải Long cứu được bao nhiêu người?"), TWO_SHIPS) in ("14 người", "14", "")
    assert short_answer(analyse("Tàu Minh Phát cứu được bao nhiêu người?"), TWO_SHIPS) in ("16 người", "16", "")
    assert short_answer(analyse("Số người tàu Minh Phát cứu được là bao nhiêu?"), TWO_SHIPS) in ("16 người", "16", "")


def test_the_other_named_things_figures_are_barred_whatever_the_weights():
    from assistant.answering.short_answer import said_of_another, span_table

    def barred(question: str) -> set[str]:
        q = analyse(question)
        table = span_table(q, TWO_SHIPS)
        texts = [s.text for s in table.spans]
        return {t.strip(" .") for t, b in zip(texts, said_of_another(q, table.x, texts)) if b}

    # "Tàu" opening the question is part of the name: the other part holds "tàu" but not the name
    assert "14 người" in barred("Tàu Minh Phát cứu được bao nhiêu người?")
    assert "16 người" not in barred("Tàu Minh Phát cứu được bao nhiêu người?")
    assert "16 người" in barred("Tàu Hải Long cứu được bao nhiêu người?")
    assert not barred("Có bao nhiêu người được cứu?")  # no name asked: nothing barred
    assert not barred("Tàu Minh Phát cứu người khi nào?")  # not a number question
    # the part naming the place asked about holds no figure: the sentence's only one stays
    opening = "Tại Hà Nội, Sở Y tế ghi nhận 120 ca mắc mới trong ngày."
    q = analyse("Hà Nội ghi nhận bao nhiêu ca mắc mới?")
    table = span_table(q, opening)
    assert not said_of_another(q, table.x, [s.text for s in table.spans]).any()
    assert short_answer(q, opening) in ("120 ca", "120")


def test_clause_and_counted_noun_features_by_hand():
    from assistant.answering.short_answer import span_table

    q = analyse("Huyện có bao nhiêu đảng viên?")  # terms: huyen, dang, vien; counted noun: đảng viên
    sentence = "Năm nay huyện có 1.189 đảng viên, 61 chi bộ."
    table = span_table(q, sentence)
    at = {s.text: row for s, row in zip(table.spans, table.x)}
    col = FEATURES.index
    # "1.189" shares its clause with "huyện", "đảng", "viên" (3 of 3 terms); "61" with none
    assert at["1.189"][col("clause_qterms")] == 1.0 and at["1.189"][col("clause_best")] == 1.0
    assert at["61"][col("clause_qterms")] == 0.0 and at["61"][col("clause_best")] == 0.0
    # the span's own words do not count: "1.189 đảng viên" leaves only "huyện" around it
    assert at["1.189 đảng viên"][col("clause_qterms")] == pytest.approx(1 / 3)
    assert at["1.189"][col("noun_follows")] == 1.0 and at["1.189 đảng viên"][col("noun_ends")] == 1.0
    assert at["61"][col("noun_follows")] == 0.0 and at["61"][col("noun_elsewhere")] == 1.0


def test_a_person_answer_never_opens_with_a_name_the_question_gives():
    q = analyse("Ai là đại sứ Nga tại Mỹ?")
    sentence = "Tổng thống Mỹ Donald Trump bắt tay đại sứ Nga tại Mỹ Sergei Kislyak."
    assert best_span(q, sentence)[0] == "Sergei Kislyak"
    # an acronym of the question's words is the question's name too
    q = analyse("Ai là Bộ trưởng Bộ Giáo dục và Đào tạo?")
    assert best_span(q, "Sau khi Bộ trưởng GD&ĐT Phùng Xuân Nhạ phát biểu, nhiều trường lo lắng.")[0] == (
        "Phùng Xuân Nhạ"
    )


def test_only_names_the_question_surely_gives_keep_a_span_from_being_chosen():
    from assistant.answering.short_answer import opens_with_asked_name

    def barred(question: str, texts: list[str]) -> list[str]:
        return [t for t, b in zip(texts, opens_with_asked_name(analyse(question), texts)) if b]

    assert barred("Ai là đại sứ Nga tại Mỹ?", ["Mỹ Sergei Kislyak", "Mỹ", "Sergei Kislyak"]) == [
        "Mỹ Sergei Kislyak",
        "Mỹ",
    ]
    # sharing the first syllables of the asked name, or extending it by a word, is another person
    assert not barred("Ai là em trai của Nguyễn Văn An?", ["Nguyễn Văn Bình", "Văn Bình"])
    assert barred("Ai là em trai của Nguyễn Văn An?", ["Nguyễn Văn An"]) == ["Nguyễn Văn An"]
    assert not barred("Ai là con trai cả của Donald Trump?", ["Donald Trump Jr"])
    # a surname is not the capitalised role word it folds to ("Chu" is not "Chủ", "Tống" not "Tổng")
    assert not barred("Ai là Chủ tịch nước?", ["Chu Văn Bình"])
    assert not barred("Ai là Tổng thống Mỹ năm 2017?", ["Tống Minh Quân"])
    assert not barred("Ai là Thứ trưởng Bộ Giáo dục và Đào tạo?", ["Đào Minh Hùng"])
    assert barred("Ai là Bộ trưởng Bộ Giáo dục và Đào tạo?", ["GD&ĐT Phùng Xuân Nhạ"]) == ["GD&ĐT Phùng Xuân Nhạ"]
    # other kinds keep such spans: "Công ty nào" is answered "Công ty ABC"
    assert not barred("Công ty nào trúng thầu dự án tại Hà Nội?", ["Hà Nội", "Công ty ABC"])


def test_person_answers_keep_surnames_that_fold_to_the_questions_role_words():
    cases = [
        ("Ai là Chủ tịch nước?", "Chủ tịch nước Chu Văn Bình đã ký quyết định.", "Chu Văn Bình"),
        (
            "Ai là Thứ trưởng Bộ Giáo dục và Đào tạo?",
            "Thứ trưởng Bộ Giáo dục và Đào tạo Đào Minh Hùng cho biết kỳ thi sẽ diễn ra đúng hạn.",
            "Đào Minh Hùng",
        ),
        (
            "Ai là con trai cả của Donald Trump?",
            "Con trai cả của ông Donald Trump là Donald Trump Jr.",
            "Donald Trump Jr",
        ),
    ]
    for question, sentence, name in cases:
        assert best_span(analyse(question), sentence)[0] == name


def test_unchosen_spans_are_never_chosen_but_count_in_the_confidence():
    import numpy as np

    from assistant.answering.short_answer import ShortAnswerWeights

    w = ShortAnswerWeights(["score"], np.zeros(1), np.ones(1), np.ones(1), 0.0, 0.5)  # score = x
    x = np.array([[3.0], [2.0], [0.0]])  # scores 3, 2, 0
    starts, ends = np.array([0, 4, 20]), np.array([10, 10, 25])  # span 0 holds span 1; span 2 apart
    e = np.exp([3.0, 2.0, 0.0])
    i, confidence = w.best(x, starts, ends, unchosen=np.array([True, False, False]))
    assert i == 1
    assert confidence == pytest.approx((e[0] + e[1]) / e.sum())  # span 0's weight backs span 1
    i, confidence = w.best(x, starts, ends, barred=np.array([True, False, False]))
    assert i == 1
    assert confidence == pytest.approx(e[1] / (e[1] + e[2]))  # a barred span counts for nothing
    # every span unchosen: the best is still given
    assert w.best(x, starts, ends, unchosen=np.ones(3, bool))[0] == 0


@pytest.mark.parametrize(
    "sentence, role",
    [
        ("Ông Rex Tillerson, ngoại trưởng Mỹ, đến Hà Nội hôm qua.", "ngoại trưởng"),
        ("Bà Nguyễn Thị Hồng hiện là thống đốc ngân hàng nhà nước.", "thống đốc ngân hàng nhà nước"),
        ("Ông Hùng là viện trưởng viện kiểm sát nhân dân tỉnh.", "viện trưởng viện kiểm sát nhân dân tỉnh"),
        ("Bà Mai được bổ nhiệm làm chánh án tòa án nhân dân huyện.", "chánh án tòa án nhân dân huyện"),
    ],
)
def test_a_role_span_is_the_whole_title(sentence, role):
    assert role in [s.text for s in candidates("role", sentence)]


def test_the_figure_written_before_the_asked_noun_is_the_short_answer():
    """Two counts in one sentence: the one right before the noun asked about, whatever the span
    scorer preferred; a range stays whole."""
    ask = analyse

    market = "Đóng cửa phiên, sàn HNX có 91 mã tăng và 57 mã giảm, chỉ số HNX-Index tăng 0,4 điểm."
    assert short_answer(ask("Sàn HNX có bao nhiêu mã giảm?"), market).startswith("57")
    assert short_answer(ask("Sàn HNX có bao nhiêu mã tăng?"), market).startswith("91")
    calls = "Năm 2019, tổng đài tiếp nhận 800-900 cuộc gọi mỗi ngày, gấp đôi năm 2015."
    assert short_answer(ask("Tổng đài tiếp nhận bao nhiêu cuộc gọi mỗi ngày?"), calls).startswith("800-900")


def test_a_date_or_a_range_is_given_whole():
    meeting = "Ngày 15 tháng 3 năm 2023, Ban Thường vụ Tỉnh ủy làm việc với Đảng ủy xã Tân Hòa về công tác cán bộ."
    q = analyse("Ban Thường vụ Tỉnh ủy làm việc với Đảng ủy xã Tân Hòa ngày nào?")
    assert short_answer(q, meeting) == "Ngày 15 tháng 3 năm 2023"  # not "3 năm 2023"
    prices = "Hệ số điều chỉnh giá đất tại đường Lê Lợi từ 1,85 – 3,20 lần tùy vị trí thửa đất."
    q = analyse("Hệ số điều chỉnh giá đất tại đường Lê Lợi là bao nhiêu?")
    assert short_answer(q, prices) == "1,85 – 3,20"  # not "1,85"
