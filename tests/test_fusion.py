"""Rank fusion: the BM25 and embedding rankings joined, and passages naming the question's
places or people brought forward."""

from hypothesis import given
from hypothesis import strategies as st

from assistant.retrieval.fusion import names_first

TEXTS = [
    "Đảng bộ xã Phú Thiện có 1.200 đảng viên.",
    "Toàn tỉnh kết nạp 3.000 đảng viên mới.",
    "Xã Vĩnh Quang có 604 đảng viên, tăng trưởng 8%.",
    "Phường Hạc Thành tổ chức hội nghị.",
]


def test_passage_naming_the_place_comes_first():
    ranked = ["a", "b", "c", "d"]
    got = names_first(ranked, TEXTS, [("vinh", "quang")])
    assert got[0] == "c"
    assert got[1:] == ["a", "b", "d"]  # the others keep their order


def test_names_match_without_accents_and_need_every_name():
    texts = ["Ông Nguyễn Văn A ở xã Vĩnh Quang.", "Xã Vĩnh Quang, tỉnh Gia Lai.", "Tỉnh Gia Lai."]
    assert names_first(["x", "y", "z"], texts, [("gia", "lai"), ("vinh", "quang")]) == ["y", "x", "z"]


def test_no_name_or_every_passage_named_leaves_the_order():
    ranked = ["a", "b", "c", "d"]
    assert names_first(ranked, TEXTS, []) == ranked
    assert names_first(ranked, TEXTS, [("ha", "noi")]) == ranked  # nobody names it: nothing to prefer
    assert names_first(ranked[:3], TEXTS[:3], [("dang",)]) == ["a", "b", "c"]  # every one names it


@given(st.lists(st.booleans(), min_size=1, max_size=30))
def test_never_drops_and_a_named_passage_never_falls(named):
    texts = ["Xã Vĩnh Quang" if hit else "Xã khác" for hit in named]
    ranked = list(range(len(named)))
    got = names_first(ranked, texts, [("vinh", "quang")])
    assert sorted(got) == ranked
    for i, hit in enumerate(named):
        if hit:
            assert got.index(i) <= i
