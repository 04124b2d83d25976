"""The citation check that runs after every backend: what a user must be able to trust."""

from assistant.answering.citations import check, normalize_number, numbers_in
from assistant.retrieval.passage import Passage

P1 = Passage("a::h::0", "a", "Bài A", "Xã Vĩnh Quang có 604 đảng viên. Mục tiêu tăng trưởng đạt 8,4%.", 100, 163)
P2 = Passage("b::h::0", "b", "Bài B", "Đảng bộ xã Biển Hồ có 1.189 đảng viên.", 0, 38)


def test_number_formats_are_normalised():
    assert normalize_number("1.189") == normalize_number("1189") == "1189"
    assert normalize_number("7,5") == normalize_number("7.5") == "7.5"
    assert numbers_in("tăng 8,4% [1]") == {"8.4"}


def test_supported_sentence_is_kept_with_its_span():
    result = check("Xã Vĩnh Quang có 604 đảng viên [1].", [P1, P2])
    assert result.ok and len(result.kept) == 1
    kept = result.kept[0]
    assert kept.passage == 1 and kept.quote == "Xã Vĩnh Quang có 604 đảng viên."
    assert kept.span == (100, 100 + len("Xã Vĩnh Quang có 604 đảng viên."))


def test_invented_number_is_dropped():
    result = check("Xã Vĩnh Quang có 650 đảng viên [1]. Biển Hồ có 1189 đảng viên [2].", [P1, P2])
    assert [s.sentence for s in result.kept] == ["Biển Hồ có 1189 đảng viên [2]."]
    assert "650" in result.dropped[0].reason


def test_number_cited_from_the_wrong_passage_is_dropped():
    result = check("Biển Hồ có 1.189 đảng viên [1].", [P1, P2])
    assert not result.ok


def test_unknown_citation_is_dropped():
    assert not check("Xã Vĩnh Quang có 604 đảng viên [7].", [P1, P2]).ok


def test_uncited_sentence_needs_a_passage_that_clearly_contains_it():
    assert check("Xã Vĩnh Quang có 604 đảng viên.", [P1, P2]).kept[0].cites == [1]
    assert not check("Đây là một nhận định không có trong tài liệu.", [P1, P2]).ok


def test_names_must_be_in_the_cited_passage():
    p = Passage("c::h::0", "c", "Bài C", "Đồng chí Nguyễn Văn Biện là Bí thư Đảng ủy phường Hạc Thành.", 0, 61)
    assert check("Bí thư Đảng ủy phường Hạc Thành là Nguyễn Văn Biện [1].", [p]).ok
    assert not check("Bí thư Đảng ủy phường Hạc Thành là Lê Văn Tám [1].", [p]).ok
    assert not check("Bí thư Đảng ủy xã Vĩnh Quang là Nguyễn Văn Biện [1].", [p]).ok


def test_a_number_from_elsewhere_in_the_passage_does_not_make_a_claim_true():
    p = Passage(
        "d::h::0", "d", "Bài D", "Tại xã Phú Thiện, 100% chi bộ có chi ủy. Xã Vĩnh Quang có 604 đảng viên.", 0, 72
    )
    assert (
        not check("Xã Vĩnh Quang có 100 đảng viên [1].", [p]).ok
        or "100" not in check("Xã Vĩnh Quang có 100 đảng viên [1].", [p]).text()
    )
