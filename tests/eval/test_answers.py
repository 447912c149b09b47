"""Answer judging: right by must phrases, shown as an answer or not, confidently wrong, per split."""

from __future__ import annotations

from eval.answers import AskResult, judge_answer, summarize
from eval.queries import GoldSpan, Question
from vanban.records import Answer, Citation


def _q(qid: str, must=(), answerable=True, split=None) -> Question:
    relevant = (GoldSpan("Trương Thị Mai"),) if answerable else ()
    return Question(qid, "Ai ký?", "fact", "vi", answerable, relevant, tuple(must), split)


def _cite(quote: str) -> Citation:
    return Citation(1, "d#0001", "d", "57-KL/TW", "Kết luận 57", None, None, "d.txt", quote, 0, len(quote))


def test_right_needs_every_must_phrase_in_the_answer_or_its_quotes():
    q = _q("a", must=("Trương Thị Mai", "15/6/2023"))
    both = Answer("Ai ký?", True, "**Trương Thị Mai** [1]", (_cite("Hà Nội, ngày 15 tháng 6 năm 2023"),), "fact")
    one = Answer("Ai ký?", True, "**Trương Thị Mai** [1]", (_cite("T/M BỘ CHÍNH TRỊ"),), "fact")
    assert judge_answer(q, both, set()).right
    assert not judge_answer(q, one, set()).right


def test_without_must_a_gold_span_is_enough_and_not_found_is_never_right():
    q = _q("b")
    assert judge_answer(q, Answer("?", True, "Trương Thị Mai", (), "fact"), set()).right
    assert not judge_answer(q, Answer("?", False, "Trương Thị Mai", (), "not-found"), set()).right


def test_summary_by_hand():
    right = Answer("?", True, "Trương Thị Mai", (), "fact", confidence=0.9)
    wrong = Answer("?", True, "Nguyễn Văn A", (), "fact", confidence=0.8)
    hedged = Answer("?", True, "Nguyễn Văn A", (), "passages", confidence=0.2)
    missing = Answer("?", False, "không có", (), "not-found")
    records = [
        judge_answer(_q("1", split="tune"), right, set()),  # right, shown as an answer
        judge_answer(_q("2", split="tune"), wrong, set()),  # confidently wrong
        judge_answer(_q("3", split="test"), hedged, set()),  # wrong, but only shown as passages
        judge_answer(_q("4", split="test"), missing, set()),  # answerable marked not found
        judge_answer(_q("5", answerable=False, split="test"), wrong, set()),  # answered: confidently wrong
        judge_answer(_q("6", answerable=False, split="test"), missing, set()),  # flagged
    ]
    s = summarize(records)
    assert (s["answerable"], s["unanswerable"]) == (4, 2)
    assert s["answer_right"] == 1 / 4
    assert s["answerable_marked_not_found"] == 1 / 4
    assert s["unanswerable_flagged"] == 1 / 2
    assert s["confidently_wrong"] == 2 / 6
    splits = AskResult(records).by_split()
    assert list(splits) == ["tune", "test"]
    assert splits["tune"]["confidently_wrong"] == 1 / 2
    reliability = {(row["from"], row["n"]) for row in AskResult(records).reliability()}
    assert (0.8, 2) in reliability and (0.9, 1) in reliability and (0.2, 1) in reliability
