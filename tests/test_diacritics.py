"""Accent restoration of questions typed without diacritics, learnt from the indexed text.

The corpus below is written for these tests (no bundled article); expected outputs are typed
by hand, and the properties are checked with a fold written here, not the product's.
"""

import functools
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from indexing.diacritics import DiacriticModel, question_model, word_list
from indexing.vietnamese import syllables

CORPUS = [
    "Ủy ban nhân dân thành phố đã phê duyệt dự án xây dựng bệnh viện mới.",
    "Bệnh viện tỉnh tiếp nhận hơn 200 bệnh nhân mỗi ngày.",
    "Giáo viên các trường học ở huyện miền núi còn thiếu.",
    "Nhiều giáo viên được tuyển thêm trong năm 2024.",
    "Công ty giao hàng đúng hẹn cho khách.",
    "Bưu điện giao hàng miễn phí trong nội thành.",
    "Ông Nguyễn Văn Hùng được bầu làm chủ tịch hội đồng quản trị.",
    "Quận 4 có 15 phường; quận 7 có 10 phường.",
]


def plain(text: str) -> str:
    """Diacritics removed, case kept (independent of the product's ``fold``)."""
    out = unicodedata.normalize("NFD", text)
    return "".join(c for c in out if unicodedata.category(c) != "Mn").replace("đ", "d").replace("Đ", "D")


def model() -> DiacriticModel:
    return DiacriticModel.from_sequences(syllables(s) for s in CORPUS).with_phrases(["bao nhiêu", "là ai"])


@functools.cache
def small_archive_model() -> DiacriticModel:
    """CORPUS as a small archive, with the word list and two question phrases (built once)."""
    return question_model(DiacriticModel.from_sequences(syllables(s) for s in CORPUS), ["bao nhiêu", "là ai"])


def test_restores_a_question_typed_without_accents():
    m = model()
    assert m.restore("benh vien tinh tiep nhan bao nhieu benh nhan moi ngay") == (
        "bệnh viện tỉnh tiếp nhận bao nhiêu bệnh nhân mỗi ngày"
    )
    assert m.restore("Ai la chu tich hoi dong quan tri?") == "Ai là chủ tịch hội đồng quản trị?"


def test_neighbouring_words_choose_between_accented_forms():
    m = model()
    assert m.restore("giao vien o huyen mien nui") == "giáo viên ở huyện miền núi"
    assert m.restore("cong ty giao hang") == "công ty giao hàng"
    assert m.restore("quan 4 co bao nhieu phuong") == "quận 4 có bao nhiêu phường"


def test_case_numbers_punctuation_and_unknown_words_are_kept():
    m = model()
    assert m.restore("Ong Nguyen Van Hung, Pfizer (2024)?") == "Ông Nguyễn Văn Hùng, Pfizer (2024)?"
    assert m.restore("UBND") == "UBND"


def test_a_question_in_another_language_is_left_as_typed():
    m = DiacriticModel.from_sequences(syllables(s) for s in [*CORPUS, "Thế nhưng bệnh viện ở đó vẫn thiếu giường."])
    assert m.restore("the benh vien o do") == "thế bệnh viện ở đó"  # the words are known
    assert m.restore("What is the name of the new hospital?") == "What is the name of the new hospital?"
    assert m.restore("Pfizer giao hang o do") == "Pfizer giao hàng ở đó"  # one foreign name among Vietnamese


def test_text_with_accents_is_left_as_typed():
    m = model()
    assert m.restore("Giao viên ở huyện nào?") == "Giao viên ở huyện nào?"


def test_an_empty_index_changes_nothing():
    assert DiacriticModel({}, {}).restore("benh vien") == "benh vien"


def test_save_and_load_round_trip(tmp_path):
    m = model()
    m.save(tmp_path / "d.json")
    loaded = DiacriticModel.load(tmp_path / "d.json")
    assert loaded is not None and loaded.restore("giao vien") == "giáo viên"
    assert DiacriticModel.load(tmp_path / "missing.json") is None


@settings(deadline=None)  # the first example builds the word-list model (~0.5 s)
@given(st.text(alphabet="abcdeghiklmnopqrstuvxyADHNTV0123456789 ,.?-", max_size=60))
def test_restoring_only_adds_accents(text):
    assert plain(model().restore(text)) == text
    assert plain(small_archive_model().restore(text)) == text


@given(st.lists(st.sampled_from([w for s in CORPUS for w in s.split()]), min_size=1, max_size=8))
def test_accented_input_is_never_changed(words):
    text = unicodedata.normalize("NFC", " ".join(words))
    if plain(text) != text:  # carries accents
        assert model().restore(text) == text


def _reference_counts(seqs: list[list[str]], stride: int, limit: int) -> tuple[dict, dict, dict, dict]:
    """Counted the plain way: every syllable; pairs and triples of every ``stride``-th sequence;
    n-grams tied at the ``limit``-th count dropped. Words with a digit count as one symbol.
    Last, for each history (first n-1 syllables) keeping an n-gram: (how often it was followed,
    by how many different syllables), counted before the cut."""
    from collections import Counter

    def sym(w: str) -> str:
        return "<số>" if any(c.isdigit() for c in w) else w

    uni, grams = Counter(), [Counter(), Counter()]
    for i, seq in enumerate(seqs):
        words = [sym(w) for w in seq]
        uni.update(words)
        if i % stride == 0:
            for n, counts in ((2, grams[0]), (3, grams[1])):
                counts.update(" ".join(words[j : j + n]) for j in range(len(words) - n + 1))
    followed, different = Counter(), Counter()
    for counts in grams:
        for gram, c in counts.items():
            followed[gram.rsplit(" ", 1)[0]] += c
            different[gram.rsplit(" ", 1)[0]] += 1
    cut = []
    for counts in grams:
        if len(counts) > limit:
            floor = sorted(counts.values(), reverse=True)[limit] + 1
            counts = Counter({k: v for k, v in counts.items() if v >= floor})
        cut.append(dict(counts))
    kept = {g.rsplit(" ", 1)[0] for counts in cut for g in counts}
    return dict(uni), cut[0], cut[1], {h: (followed[h], different[h]) for h in kept}


@given(
    st.lists(st.lists(st.sampled_from(["giáo", "viên", "giao", "hàng", "năm", "2024", "quận", "4"]), max_size=9)),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=6),
)
def test_counts_match_plain_counting(seqs, sample, limit):
    """The vectorised counts equal plain counting, sampling and cut included; single
    syllables keep the order they first occur in (it breaks ties between accented forms); a
    history's totals are those before the cut, and survive saving and loading."""
    import indexing.diacritics as diacritics

    old = diacritics.SAMPLE_TOKENS, diacritics.MAX_NGRAMS
    diacritics.SAMPLE_TOKENS, diacritics.MAX_NGRAMS = sample, limit
    try:
        m = DiacriticModel.from_sequences(seqs)
    finally:
        diacritics.SAMPLE_TOKENS, diacritics.MAX_NGRAMS = old
    total = sum(map(len, seqs))
    uni, bi, tri, histories = _reference_counts(seqs, max(1, -(-total // sample)), limit)
    assert (m.unigrams, m.bigrams, m.trigrams) == (uni, bi, tri)
    assert m.histories == histories
    with tempfile.TemporaryDirectory() as folder:
        m.save(Path(folder) / "d.json")
        loaded = DiacriticModel.load(Path(folder) / "d.json")
    assert loaded is not None and loaded.histories == histories
    assert list(m.unigrams) == list(dict.fromkeys("<số>" if w[0].isdigit() else w for s in seqs for w in s))


def test_a_phrase_seen_before_many_words_is_kept_before_a_new_one():
    """ "bao nhiêu" is followed by a different noun each time, "nhiều giáo viên" was seen and
    "bão nhiều" once: before a noun "bao nhiêu" was never seen with, it still reads "bao nhiêu"
    (a fixed interpolation weight gave "tuyển bão nhiều giáo viên")."""
    nouns = [
        "hộ",
        "người",
        "xã",
        "tỉnh",
        "trường",
        "xe",
        "cây",
        "nhà",
        "tàu",
        "bò",
        "gà",
        "lợn",
        "cầu",
        "đường",
        "lớp",
        "bàn",
        "ghế",
        "sách",
        "vở",
        "bút",
        "máy",
    ]
    corpus = [f"Có bao nhiêu {n}? Bao gồm {n}." for n in nouns] + [
        "Cơn bão nhiều ngày làm hỏng đường.",
        "Bão lớn, bão mạnh, bão tan, bão số 3, bão về.",
        "Nhiều người, nhiều nơi, nhiều năm, nhiều việc, nhiều giáo viên.",
        "Trường tuyển thêm giáo viên.",
    ]
    m = DiacriticModel.from_sequences(syllables(s) for s in corpus)
    assert m.restore("truong tuyen bao nhieu giao vien") == "trường tuyển bao nhiêu giáo viên"


def test_added_phrases_count_in_their_histories(tmp_path):
    """A phrase adds its weight to how often its history is followed, and one more different
    continuation only when the pair is new; a file saved before histories were kept still loads."""
    m = DiacriticModel.from_sequences([["giáo", "viên"], ["giáo", "viên"]])
    assert m.histories["giáo"] == (2, 1)
    assert m.with_phrases(["giáo dục"], weight=3).histories["giáo"] == (5, 2)
    assert m.with_phrases(["giáo viên"], weight=3).histories["giáo"] == (5, 1)
    old = tmp_path / "old.json"
    old.write_text('{"unigrams": {"giáo": 2, "viên": 2}, "bigrams": {"giáo viên": 2}, "trigrams": {}}')
    loaded = DiacriticModel.load(old)
    assert loaded is not None and loaded.histories == {"giáo": (2, 1)} and loaded.restore("giao vien") == "giáo viên"


def test_a_small_archive_borrows_the_words_it_lacks_from_the_word_list():
    """A user's first few articles do not hold every word of a question; the general word list
    (pyvi's dictionary, installed on disk) supplies them. None of these words is in CORPUS."""
    archive = DiacriticModel.from_sequences(syllables(s) for s in CORPUS)
    assert "thương" not in archive.unigrams and "khởi" not in archive.unigrams
    m = question_model(archive, ["bao nhiêu", "khi nào"])
    assert m.restore("bao nhieu nguoi bi thuong") == "bao nhiêu người bị thương"
    assert m.restore("khi nao khoi cong benh vien") == "khi nào khởi công bệnh viện"
    assert m.restore("sap nhap truong hoc") == "sáp nhập trường học"


def test_the_archives_own_words_win_over_the_word_list():
    """A name the archive writes one way keeps it, though the word list would pick another
    form of the same letters ("lua": lửa, lúa, lừa…)."""
    archive = DiacriticModel.from_sequences(
        syllables(s) for s in [*CORPUS, "Ông Lò Văn Lừa là trưởng bản.", "Ông Lò Văn Lừa cho biết bản có 40 hộ."]
    )
    m = question_model(archive, ["là ai"])
    assert m.restore("ong Lo Van Lua la ai") == "ông Lò Văn Lừa là ai"
    assert word_list().restore("lua") != "lừa"  # the word list alone would not


def test_the_word_list_is_read_from_the_installed_package():
    words = word_list()
    assert len(words.bigrams) > 20_000
    assert words.bigrams.get("bị thương", 0) >= 1 and words.bigrams.get("sáp nhập", 0) >= 1


def test_a_name_the_archive_does_not_hold_is_left_as_typed():
    """The word list knows words, not people: a capitalised name the archive never writes keeps
    the letters typed instead of a common word's accents ("Bụi Thị Xuân"); a capital on the first
    word alone is the sentence's, so that word may still come from the list."""
    m = small_archive_model()
    assert m.restore("ong Bui Thi Xuan la ai") == "ông Bui Thi Xuan là ai"
    assert m.restore("Sap nhap truong hoc") == "Sáp nhập trường học"


def test_question_phrases_stay_whole_followers_beside_the_word_list():
    """Witten-Bell: "bao" followed by "nhiêu" counts as one follower for the phrase (not a
    hundredth, as if the list's copy of "bao nhiêu" had come first)."""
    archive = DiacriticModel.from_sequences(syllables(s) for s in CORPUS)
    after, followers = question_model(archive, ["bao nhiêu"]).histories["bao"]
    assert followers >= 1 and after >= 3


def test_an_empty_index_restores_nothing_even_with_the_word_list():
    m = question_model(DiacriticModel({}, {}), ["bao nhiêu"])
    assert m.restore("xa Tan Lap o dau") == "xa Tan Lap o dau"
