"""The extractive composer: what a user reads for a why-question answered by a consequence."""

from __future__ import annotations

from assistant.answering.extractive import ExtractiveBackend, states_consequence
from assistant.answering.question import analyse
from assistant.answering.types import AnswerState, Sentence

CAUSE = "Chi phí vận chuyển tăng gấp đôi trong quý ba do giá xăng dầu leo thang."
EFFECT = "Vì vậy, nhiều hợp tác xã phải tạm ngừng thu mua rau của nông dân."


def _state(question: str, first: str, before: str, same_article: bool = True, retrieved: bool = True) -> AnswerState:
    """``first`` is the evidence (passage 1); ``before`` the sentence before it in the article,
    retrieved in passage 2 (the chunk before)."""
    earlier = Sentence(2, "a" if same_article else "b", "Tin", before, 0, len(before), 1, 0, following=first)
    start = len(before) + 1
    chosen = Sentence(1, "a", "Tin", first, start, start + len(first), 0, 1, previous=before if retrieved else "")
    chosen.prob = 0.9
    state = AnswerState(question, question, analyse(question))
    state.sentences = [chosen, earlier]
    state.evidence = [chosen]
    return state


def _answer(state: AnswerState) -> str:
    return "".join(ExtractiveBackend().generate(state))


def test_a_why_question_answered_by_a_consequence_shows_the_cause_before_it():
    answer = _answer(_state("Vì sao các hợp tác xã ngừng thu mua rau?", EFFECT, CAUSE))
    assert answer == f"{CAUSE} [2] {EFFECT} [1]"  # each sentence with its own passage's marker


def test_the_cause_is_added_only_for_why_questions_and_consequence_sentences():
    # another kind of question: the consequence sentence alone
    assert _answer(_state("Hợp tác xã ngừng thu mua rau của ai?", EFFECT, CAUSE)) == f"{EFFECT} [1]"
    # a sentence that states the cause itself needs nothing before it
    plain = "Nhiều hợp tác xã ngừng thu mua rau vì chi phí vận chuyển tăng."
    assert _answer(_state("Tại sao hợp tác xã ngừng thu mua rau?", plain, CAUSE)) == f"{plain} [1]"
    # the sentence before it in another article is not its cause
    why = "Vì sao các hợp tác xã ngừng thu mua rau?"
    assert _answer(_state(why, EFFECT, CAUSE, same_article=False)) == f"{EFFECT} [1]"
    # the sentence before it was not retrieved: nothing is made up
    assert _answer(_state(why, EFFECT, CAUSE, retrieved=False)) == f"{EFFECT} [1]"
    # "Vì thế giới …" is "because the world …": it states the cause itself
    world = "Vì thế giới đang thiếu chip, nhiều hợp tác xã ngừng thu mua rau."
    assert _answer(_state(why, world, CAUSE)) == f"{world} [1]"


def test_consequence_openers_are_read_with_their_accents():
    assert states_consequence("Do đó, giá điện sẽ tăng.")
    assert states_consequence("“Bởi vậy chúng tôi phải đóng cửa”, ông nói.")
    assert states_consequence("Chính vì thế, nhà máy dừng hoạt động.")
    assert states_consequence("Vì vậy nhà máy dừng hoạt động.")
    assert not states_consequence("Do độ ẩm cao, nhiều loại nấm phát triển.")  # "do do" folded: a cause
    assert not states_consequence("Giá xăng tăng, vì vậy cước vận tải tăng theo.")  # the cause is in it
    assert not states_consequence("Từ vựng tiếng Việt rất phong phú.")
    # the opener's last word may open a compound: a consequence only before a comma
    assert not states_consequence("Vì thế giới đang thiếu chip, giá ô tô tăng mạnh.")
    assert not states_consequence("Bởi thế hệ trẻ ít đọc báo giấy, doanh thu giảm.")
    assert not states_consequence("Do đó là khu vực trũng, nước ngập nhanh.")
