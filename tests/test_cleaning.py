"""The cleaner drops only a trailing junk block; the same words followed by real text are content."""

from indexing.cleaning import clean_with_report

P1 = "Ngày 5/3/2026, Đảng ủy xã Ia Hrú tổ chức hội nghị sơ kết công tác xây dựng Đảng quý I với 120 đại biểu."
P2 = "Hội nghị thống nhất các giải pháp trọng tâm: nâng cao chất lượng sinh hoạt chi bộ và phát triển đảng viên mới."
P3 = "Cuối buổi, đồng chí Bí thư Đảng ủy xã yêu cầu các chi bộ hoàn thành chỉ tiêu kết nạp 25 đảng viên trong năm."
HEADLINES = ["Gia Lai khánh thành cầu mới", "Xã Ia Pa ra quân làm đường giao thông nông thôn", "Tin thời tiết"]


def test_other_news_header_in_the_middle_keeps_everything():
    raw = "\n\n".join([P1, "Các tin khác", P2, P3])
    text, removed = clean_with_report(raw)
    assert text.split("\n\n") == [P1, "Các tin khác", P2, P3]
    assert removed == []


def test_feedback_line_in_the_middle_is_content():
    raw = "\n\n".join([P1, "Phản hồi", P2, P3])
    text, _ = clean_with_report(raw)
    assert P2 in text and P3 in text and "Phản hồi" in text


def test_trailing_other_news_list_is_dropped_and_reported():
    raw = "\n\n".join([P1, P2, "Phản hồi", "Các tin khác", *HEADLINES])
    text, removed = clean_with_report(raw)
    assert text == f"{P1}\n\n{P2}"
    assert len(removed) == 1
    dropped = "Phản hồi" + "Các tin khác" + "".join(HEADLINES)
    assert removed[0].chars == len(dropped)
    assert "Các tin khác" in removed[0].reason and "+2" in removed[0].reason  # 5 lines, 3 named


def test_trailing_feedback_and_share_lines_are_dropped():
    text, removed = clean_with_report(f"{P1}\n\n{P2}\n\nPhản hồi\n\nChia sẻ\nloading....")
    assert text == f"{P1}\n\n{P2}"
    assert removed[0].chars == len("Phản hồiChia sẻloading....")


def test_a_long_article_with_a_mid_header_is_kept_whole():
    """The upload that lost 90% of a 200 KB article at a mid-text "Các tin khác"."""
    body = [f"{P2} Đoạn {i}." for i in range(1500)]
    raw = "\n\n".join([P1, "Các tin khác", *body, "Các tin khác", *HEADLINES])
    text, removed = clean_with_report(raw)
    assert len(raw.encode()) > 200_000
    assert text.count("Đoạn ") == 1500 and text.endswith("Đoạn 1499.")
    assert removed[0].chars == len("Các tin khác" + "".join(HEADLINES))


def test_photo_credit_is_reported_with_its_length():
    text, removed = clean_with_report(f"{P1} (Ảnh: N.H)\n\n{P2}")
    assert text.startswith(P1) and "Ảnh" not in text
    assert [(r.chars, "ảnh" in r.reason) for r in removed] == [(len(" (Ảnh: N.H)"), True)]


def test_outlet_comes_from_a_closing_source_line_or_is_unknown():
    from indexing.metadata import UNKNOWN_OUTLET, outlet_label
    from indexing.readers import make_article

    def outlet(last: str) -> str:
        return make_article("a", f"Tiêu đề\n\n{P1}\n\n{P2}\n\n{last}", file="a.txt").source

    assert outlet("Báo Thanh Hóa") == "Báo Thanh Hóa"
    assert outlet("(Theo TTXVN)") == "TTXVN"
    assert outlet("https://baogialai.com.vn/tin-123.html") == "baogialai.com.vn"
    assert outlet("Theo đó, các chi bộ sẽ hoàn thành chỉ tiêu.") == ""  # a sentence, not a source
    assert outlet("Lê Thảo (CTV)") == ""  # an author, not an outlet
    assert outlet_label("") == UNKNOWN_OUTLET and outlet_label("TTXVN") == "TTXVN"
