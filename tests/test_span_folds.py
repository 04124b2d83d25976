"""The selector's span columns in training are stacked: a row is scored by a span scorer that
never saw its article fold (nor the fold held out for evaluation)."""

from dataclasses import replace

import pytest

from assistant.answering.question import analyse
from eval.qa_sets import QAItem, fold_of
from eval.span_folds import FoldSpanScorers
from eval.train_short_answer import example

# (question, gold sentence, answer), written for this test
FACTS = [
    ("Cầu Rồng dài bao nhiêu mét?", "Cầu Rồng dài 666 mét, bắc qua sông Hàn.", "666 mét"),
    (
        "Ai làm huấn luyện viên đội tuyển?",
        "Ông Kim Sang-sik làm huấn luyện viên đội tuyển từ năm 2024.",
        "Kim Sang-sik",
    ),
    ("Hội chợ khai mạc khi nào?", "Hội chợ khai mạc ngày 12/9 tại Hà Nội.", "12/9"),
    ("Trường có bao nhiêu học sinh?", "Năm nay trường có 1.250 học sinh theo học.", "1.250 học sinh"),
    ("Dự án do ai làm chủ đầu tư?", "Dự án do Công ty Hòa Phát làm chủ đầu tư.", "Công ty Hòa Phát"),
    ("Giải chạy có bao nhiêu vận động viên?", "Giải chạy thu hút 3.000 vận động viên tham gia.", "3.000 vận động viên"),
    ("Bệnh viện tiếp nhận bao nhiêu ca mắc?", "Bệnh viện tiếp nhận 87 ca mắc sốt xuất huyết.", "87 ca"),
    ("Xã đặt mục tiêu thu nhập bao nhiêu?", "Xã đặt mục tiêu thu nhập 75 triệu đồng mỗi người.", "75 triệu đồng"),
    ("Ai được bầu làm chủ tịch?", "Bà Trần Thị Lan được bầu làm chủ tịch hội.", "Trần Thị Lan"),
    ("Cảng mới đặt ở đâu?", "Cảng mới đặt ở huyện Cần Giờ, TP.HCM.", "huyện Cần Giờ"),
    ("Giá xăng tăng bao nhiêu?", "Giá xăng tăng 520 đồng mỗi lít từ chiều nay.", "520 đồng"),
    ("Công trình khởi công năm nào?", "Công trình khởi công năm 2019 và hoàn thành năm 2023.", "2019"),
]


def _groups() -> dict[int, str]:
    """One article id per fold."""
    out: dict[int, str] = {}
    for i in range(200):
        out.setdefault(fold_of(f"bai-{i}"), f"bai-{i}")
    return out


def _examples(answers: dict[int, str] | None = None) -> list:
    groups = _groups()
    exs = []
    for i, (question, sentence, answer) in enumerate(FACTS):
        item = QAItem(f"q{i}", question, [[(answers or {}).get(i, answer)]], [groups[i % 3]], groups[i % 3])
        exs.append(example(item, "news", analyse(question), sentence))
    return exs


@pytest.fixture(scope="module")
def scorers():
    return FoldSpanScorers.train(_examples())


def _strengths(scorers, exs, held=None):
    return [scorers.strengths(ex.item, ex.q, [ex.sentence], held)[0] for ex in exs]


def test_a_row_is_scored_by_a_scorer_that_never_saw_its_fold(scorers):
    exs = _examples()
    fold_0 = [i for i, ex in enumerate(exs) if ex.item.fold == exs[0].item.fold]
    # fold 0's gold answers made wrong (its sentences' first word): fold 0's rows do not move,
    # the other folds' rows (scored by scorers that learned from fold 0) do
    wrong = {i: FACTS[i][1].split()[0] for i in fold_0}
    relabelled = FoldSpanScorers.train(_examples(wrong))
    before, after = _strengths(scorers, exs), _strengths(relabelled, exs)
    assert [before[i] for i in fold_0] == [after[i] for i in fold_0]
    others = [i for i in range(len(exs)) if i not in fold_0]
    assert any(before[i] != after[i] for i in others)


def test_nor_the_fold_held_out_for_evaluation(scorers):
    exs = _examples()
    held = exs[1].item.fold
    wrong = {i: FACTS[i][1].split()[0] for i, ex in enumerate(exs) if ex.item.fold == held}
    relabelled = FoldSpanScorers.train(_examples(wrong))
    rows = [ex for ex in exs if ex.item.fold != held]
    assert _strengths(scorers, rows, held) == _strengths(relabelled, rows, held)
    # the scorer the benchmark answers fold ``held`` with never saw it either
    assert (scorers.model(held).coef == relabelled.model(held).coef).all()
    # a row of the held-out fold itself is scored as the shipped stacking scores it
    own = [ex for ex in exs if ex.item.fold == held]
    assert _strengths(scorers, own, held) == _strengths(scorers, own)


def test_a_sentence_span_table_is_built_once_for_all_scorers(scorers, monkeypatch):
    import eval.span_folds as span_folds

    calls = []
    real = span_folds.span_table
    monkeypatch.setattr(span_folds, "span_table", lambda q, text: calls.append(text) or real(q, text))
    ex = replace(_examples()[0], item=replace(_examples()[0].item, id="fresh"))
    first = [scorers.strengths(ex.item, ex.q, [ex.sentence], held) for held in (None, 1, 2)]
    assert len(calls) == 1
    assert scorers.strengths(ex.item, ex.q, [ex.sentence]) == first[0] and len(calls) == 1


def test_the_benchmark_reuses_the_fold_scorers_for_its_short_answers(scorers):
    """The short-answer scorer per held-out fold, built from the fold scorers, is the one fitted
    afresh: same weights and threshold (and the shared scorers keep their own threshold)."""
    from eval.train_short_answer import cross_validate

    exs = _examples()
    before = {k: w.threshold for k, w in scorers.models.items()}
    reused, fresh = cross_validate(exs, 0.5, scorers.models), cross_validate(exs, 0.5)
    assert reused.keys() == fresh.keys()
    for f in fresh:
        assert (reused[f].coef == fresh[f].coef).all() and reused[f].threshold == fresh[f].threshold
    assert {k: w.threshold for k, w in scorers.models.items()} == before
