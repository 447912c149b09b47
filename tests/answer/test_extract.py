"""Pure parts of extractive answers, on texts written here with the answers worked out by hand."""

from __future__ import annotations

import pytest

from answer.extract import (
    Span,
    answer_spans,
    escape,
    heading_share,
    highlight,
    lead,
    list_section,
    overlap,
    question_kind,
    sentences,
)
from answer.units import outline
from ingest.structure import parse_sections

PLAN = (
    "I. MỤC ĐÍCH\n"
    "Quán triệt kết luận.\n"
    "II. NHIỆM VỤ\n"
    "1. Tiếp tục quán triệt chủ trương. Nội dung thêm.\n"
    "2. Tăng cường phối hợp; giữa các cơ quan.\n"
    "3. Cấp tỉnh\n"
    "- Đại diện Thường trực Tỉnh uỷ.\n"
    "III. THÀNH PHẦN\n"
    "1. Cấp huyện: các đồng chí uỷ viên.\n"
    "2. Cấp xã: toàn thể đảng viên.\n"
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Ai ký Kết luận 57?", ("fact", "who")),
        ("Hạn gửi báo cáo là ngày nào?", ("fact", "deadline")),
        ("Hội nghị kéo dài bao lâu?", ("fact", "duration")),
        ("Điểm cầu cấp tỉnh đặt ở đâu?", ("fact", "place")),
        ("Nhiệm vụ và giải pháp của Kết luận 57 là gì?", ("list", None)),
        ("What are KL 57's tasks?", ("list", None)),
        ("thành phần dự hội nghị", ("list", None)),
        ("báo chí không nên đưa quá nhiều tin xấu", ("general", None)),
    ],
)
def test_question_kind(question, expected):
    assert question_kind(question) == expected


def test_intents_decide_the_kind():
    assert question_kind("Ai ký Kết luận 57?", "signer") == ("fact", "signer")
    assert question_kind("Kết luận 57 ban hành ngày nào?", "issued") == ("fact", "issued")
    # the search calls "ngày nào" an issue date; a deadline question is not one
    assert question_kind("Các chi bộ phải hoàn thành trước ngày nào?", "issued") == ("fact", "deadline")


def test_sentences_are_exact_offsets_without_list_marks():
    spans = sentences(PLAN)
    texts = [PLAN[s.start : s.end] for s in spans]
    assert "Tiếp tục quán triệt chủ trương." in texts
    assert "Tăng cường phối hợp" in texts  # cut at ";", trailing ";" dropped
    assert "Đại diện Thường trực Tỉnh uỷ." in texts  # "- " dropped
    assert "II. NHIỆM VỤ" not in texts and "NHIỆM VỤ" in texts


def test_sentences_skip_bare_numbers():
    text = "3.2.\nIV.\nNội dung chính."
    assert [text[s.start : s.end] for s in sentences(text)] == ["Nội dung chính."]


def test_list_section_picks_the_section_holding_the_best_passages():
    roots = parse_sections(PLAN)
    tasks = roots[1]
    one, two = tasks.children[0], tasks.children[1]
    passages = [(Span(one.start, one.end), 1.0), (Span(two.start, two.end), 0.9)]
    assert list_section(roots, passages) is tasks
    # one passage alone is not enough ...
    assert list_section(roots, passages[:1]) is None
    # ... unless the question names the heading
    members = roots[2]
    first = members.children[0]
    named = list_section(roots, [(Span(first.start, first.end), 1.0)], lambda h: 1.0 if "THÀNH PHẦN" in h else 0.0)
    assert named is members


def test_lead_of_a_short_heading_takes_its_first_sentence():
    roots = parse_sections(PLAN)
    first, _, third = roots[1].children
    span = lead(PLAN, first)
    assert PLAN[span.start : span.end] == "Tiếp tục quán triệt chủ trương."
    span = lead(PLAN, third)
    assert PLAN[span.start : span.end] == "Cấp tỉnh\n- Đại diện Thường trực Tỉnh uỷ."


def test_heading_share_counts_heading_words_in_the_question():
    words = {"thanh": 1.0, "phan": 1.0, "du": 1.0}
    assert heading_share("III. THÀNH PHẦN", words) == 1.0
    assert heading_share("II. NHIỆM VỤ", words) == 0.0


def test_overlap_weighs_words_and_pairs():
    weights = {"ngan": 1.0, "sach": 1.0, "ngan_sach": 2.0}
    assert overlap(weights, "Ngân sách còn hạn chế") == 1.0
    assert overlap(weights, "sách ngân") == 0.5
    assert overlap({}, "anything") == 0.0


@pytest.mark.parametrize(
    ("kind", "sentence", "expected"),
    [
        ("deadline", "Báo cáo gửi về trước ngày 20/10/2020 để tổng hợp.", ["trước ngày 20/10/2020"]),
        ("date", "Hà Nội, ngày 15 tháng 6 năm 2023", ["ngày 15 tháng 6 năm 2023"]),
        ("duration", "Thời gian: ½ ngày, dự kiến trong tháng 9/2023", ["½ ngày"]),
        ("document", "ban hành kèm Quyết định số 368/QĐ-TTg, ngày 28/02/2013", ["số 368/QĐ-TTg, ngày 28/02/2013"]),
    ],
)
def test_answer_spans(kind, sentence, expected):
    assert [sentence[a:b] for a, b in answer_spans(kind, sentence)] == expected


def test_who_marks_only_known_names():
    line = "Ban Thường vụ Huyện ủy chỉ đạo; Đinh Thị Mai ký."
    assert [line[a:b] for a, b in answer_spans("who", line, ["Đinh Thị Mai"])] == ["Đinh Thị Mai"]
    assert answer_spans("who", line) == []


def test_highlight_bolds_and_escapes():
    text = "Hạn *gấp*: trước ngày 20/10/2020"
    spans = answer_spans("deadline", text)
    assert highlight(text, spans) == "Hạn \\*gấp\\*: **trước ngày 20/10/2020**"
    assert escape("a [1] <b>\nc") == "a \\[1\\] \\<b\\> c"


def test_number_means_a_count_not_a_date_or_code():
    line = "Ngày 12/6/2017 có 52 đại biểu và 15% cơ quan; Quyết định số 853/QĐ-UBND."
    assert [line[a:b] for a, b in answer_spans("number", line)] == ["52 đại biểu", "15%"]


OUTLINED = """BÁO CÁO
I. TÌNH HÌNH
Tình hình chung của huyện.
II. KẾT QUẢ
1. Công tác lãnh đạo của Đảng và quản lý của Nhà nước. Ban hành nhiều văn bản.
- Một việc làm cụ thể.
2. Công tác tuyên truyền
2.1. Tuyên truyền về chủ trương của Đảng
Nội dung tuyên truyền.
2.2. Quảng bá hình ảnh địa phương
III. ĐỀ XUẤT
Đề nghị hỗ trợ kinh phí.
"""


def test_an_outline_is_the_numbered_headings_by_their_first_sentence():
    tree = parse_sections(OUTLINED)
    whole = outline(OUTLINED, None, tree, "d")
    assert [OUTLINED[p.start : p.end] for p in whole.parts] == ["I. TÌNH HÌNH", "II. KẾT QUẢ", "III. ĐỀ XUẤT"]
    results = next(n for n in tree if n.heading.startswith("II."))
    section = outline(OUTLINED, results, tree, "d")
    lines = [OUTLINED[p.start : p.end] for p in section.parts]
    # two numbered levels down; bullets and content lines are not parts
    assert [line.split(" ")[0] for line in lines] == ["1.", "2.", "2.1.", "2.2."]
    assert section.outline and section.heading == "II. KẾT QUẢ"
    assert outline(OUTLINED, tree[0], tree, "d") is None  # nothing numbered under it
