"""An answer must come from an article that names what the question names (written for the
tests; no bundled article)."""

from assistant.answering.names import articles_naming
from assistant.answering.question import analyse
from assistant.answering.types import Sentence


def _sentence(doc_id: str, title: str, text: str) -> Sentence:
    return Sentence(n=1, doc_id=doc_id, title=title, text=text, start=0, end=len(text), rank=0, order=0)


WINDOW = [
    _sentence("a", "Xã Tân Lập đón chuẩn nông thôn mới", "Năm nay xã phấn đấu giảm 52 hộ nghèo."),
    _sentence("b", "Giá xe máy tháng 12", "Mẫu xe mới có giá 31 triệu đồng tại Việt Nam."),
    _sentence("c", "Làng Plei Ơi", "Làng Plei Ơi có 120 hộ, trong đó 14 hộ nghèo."),
]


def test_an_article_about_another_place_cannot_answer():
    assert articles_naming(analyse("Xã Phú Mỹ phấn đấu giảm bao nhiêu hộ nghèo?"), WINDOW) == set()
    assert articles_naming(analyse("Giá xe này tại Thái Lan là bao nhiêu?"), WINDOW) == set()
    assert articles_naming(analyse("Xã Gào giảm bao nhiêu hộ nghèo?"), WINDOW) == set()  # one syllable after "xã"


def test_the_article_that_names_it_can_answer_with_or_without_accents():
    assert articles_naming(analyse("Xã Tân Lập phấn đấu giảm bao nhiêu hộ nghèo?"), WINDOW) == {"a"}
    assert articles_naming(analyse("Xa Tan Lap giam bao nhieu ho ngheo?"), WINDOW) == {"a"}
    assert articles_naming(analyse("Giá xe tại Việt Nam là bao nhiêu?"), WINDOW) == {"b"}


def test_a_question_without_names_or_with_a_lone_capitalised_word_leaves_every_article():
    assert articles_naming(analyse("Có bao nhiêu hộ nghèo?"), WINDOW) == {"a", "b", "c"}
    assert analyse("Mẫu xe nào đoạt Giải thưởng thiết kế?").sure_names == ()


def test_a_name_with_a_number_or_in_capitals_is_found():
    ship = [_sentence("d", "Chìm tàu cá", "Tàu cá HSIANG FUH No.6, quốc tịch Đài Loan, có 30 lao động.")]
    assert articles_naming(analyse("Tàu cá HSIANG FUH No.6 có bao nhiêu lao động?"), ship) == {"d"}
    assert articles_naming(analyse("Tau ca Hsiang Fuh No.6 co bao nhieu lao dong?"), ship) == {"d"}
    assert articles_naming(analyse("Tàu cá HSIANG LONG No.6 có bao nhiêu lao động?"), ship) == set()


def test_a_name_of_common_syllables_must_stand_whole():
    """ "Hà Nội" is two stopwords once folded ("hả", "nói"): it must still be asked for, side by side."""
    q = analyse("Hà Nội có bao nhiêu ca sốt xuất huyết?")
    assert ("ha", "noi") in q.sure_names
    other_city = [_sentence("e", "Sốt xuất huyết", "Ông Hà nói TP HCM có 45 ca sốt xuất huyết.")]
    capital = [_sentence("f", "Sốt xuất huyết", "Từ đầu năm Hà Nội có 700 ca sốt xuất huyết.")]
    assert articles_naming(q, other_city) == set()
    assert articles_naming(q, capital) == {"f"}
    assert articles_naming(analyse("Vậy Hà Nội có bao nhiêu ca sốt xuất huyết?"), other_city + capital) == {"f"}


def test_syllables_scattered_over_an_article_do_not_name_a_person():
    roundup = [
        _sentence("g", "Bóng đá", "HLV Lê Thụy Hải chê đội tuyển Việt Nam."),
        _sentence("g", "Bóng đá", "Anh là tiền vệ xuất sắc nhất mùa giải."),
    ]
    fire = [_sentence("h", "Cháy nhà", "Người gây ra vụ hỏa hoạn là anh Lê Viết Tiến, thợ hàn.")]
    q = analyse("Anh Lê Viết Tiến làm nghề gì?")
    assert articles_naming(q, roundup + fire) == {"h"}


def test_a_cue_or_the_question_s_first_word_need_not_stand_in_the_article():
    window = [_sentence("i", "Nhân sự", "Phó Giám đốc Sở Lê Văn Hải cho biết Apple đã đầu tư 1 tỷ USD.")]
    assert articles_naming(analyse("Ông Lê Văn Hải giữ chức vụ gì?"), window) == {"i"}
    assert articles_naming(analyse("Vậy Apple đã đầu tư bao nhiêu?"), window) == {"i"}
