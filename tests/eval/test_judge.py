"""Span judging: exact, Unicode variants, whitespace, spans cut by a chunk boundary."""

import pytest

from eval.judge import holds, is_relevant, states
from eval.queries import GoldSpan

SPAN = "Tiếp tục đổi mới nội dung, phương thức thông tin đối ngoại"


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        (f"3. {SPAN}, tập trung giới thiệu.", True),  # whole span inside
        (f"3. {SPAN.replace(' ', chr(10), 3)}.", True),  # line breaks inside the span
        ("3. Tiếp tục đổi mới nội dung,  phương thức\u00a0thông tin đối ngoại.", True),  # odd spaces
        ("3. Tie\u0302\u0301p tục đổi mới nội dung, phương thức thông tin đối ngoại", True),  # decomposed Unicode
        ("Tiếp tục đổi mới nội dung, phương thức", True),  # passage ends with the first 38 of 58 chars
        ("phương thức thông tin đối ngoại, tập trung", True),  # passage starts with the last 31 chars
        ("Tiếp tục đổi mới", False),  # under half of the span
        ("đối ngoại, tập trung", False),
        ("Một đoạn khác hẳn về biển đảo.", False),
    ],
)
def test_holds(passage, expected):
    assert holds(passage, SPAN) is expected


def test_cut_must_be_at_the_passage_edge():
    # Half the span in the middle of a passage is not a chunk-boundary cut.
    assert not holds("Mở đầu. Tiếp tục đổi mới nội dung, phương thức. Kết thúc.", SPAN)


def test_tone_placement_variants_match():
    assert holds("Ban Thường vụ Tỉnh uỷ xây dựng kế hoạch", "Tỉnh ủy xây dựng kế hoạch")


def test_source_restricts_the_match():
    gold = (GoldSpan("Trương Thị Mai", "kl57.txt"),)
    assert is_relevant("T/M BỘ CHÍNH TRỊ\nTrương Thị Mai", "kl57.txt", gold)
    assert is_relevant("Trương Thị Mai", "folder/kl57.txt", gold)
    assert not is_relevant("Trương Thị Mai", "other.txt", gold)


@pytest.mark.parametrize(
    ("answer", "phrase", "expected"),
    [
        ("Hà Nội, **ngày 15 tháng 6 năm 2023**", "15 tháng 6 năm 2023", True),  # bold markers removed
        ("ban hành ngày 15/06/2023", "ngày 15 tháng 6 năm 2023", True),  # both date forms
        ("Hà Nội, ngày 15 tháng 6 năm 2023", "ngày 15/6/2023", True),  # and the other way round
        ("date: 2023-06-15", "15/6/2023", True),  # ISO dates too
        ("hoàn thành trước ngày 5/11/2023", "05/11/2023", True),  # leading zeros
        ("dự kiến trong tháng 9 năm 2023", "tháng 9/2023", True),
        ("Ban Thường vụ Tỉnh uỷ", "tỉnh ủy", True),  # case and tone placement
        ("Tiếp tục   quán triệt,\ncụ thể hoá", "Tiếp tục quán triệt, cụ thể hoá", True),  # spacing
        ("mục \\[II\\] \\*", "mục [II] *", True),  # Markdown escapes
        ("x 115/11/2023", "15/11/2023", False),  # whole words only
        ("Nguyễn Đức Hiện", "Nguyễn Thị Thủy", False),
        ("hạn chế", "", False),
    ],
)
def test_states(answer, phrase, expected):
    assert states(answer, phrase) is expected
