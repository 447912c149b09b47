"""The generated question set: questions from structure and metadata, verbatim gold, halves by file."""

from __future__ import annotations

import pytest

from eval.generate import generate
from eval.judge import fold
from eval.queries import load_questions
from tests.eval.test_queries_file import EVAL


@pytest.fixture(scope="module")
def rows(office_documents):
    return generate(office_documents)


def _find(rows, query):
    return next(r for r in rows if r["query"] == query)


def test_metadata_questions(rows):
    assert _find(rows, "Ai ký Kế hoạch 12-KH/HU?")["must"] == ["Trần Văn Bình"]
    assert _find(rows, "Kế hoạch 12-KH/HU ban hành ngày nào?")["must"] == ["ngày 05 tháng 3 năm 2024"]
    assert _find(rows, "Theo Kế hoạch 12-KH/HU, tài liệu phải hoàn thành trước ngày nào?")["must"] == ["30/6/2024"]
    assert _find(rows, "Who signed plan 12-KH/HU?")["kind"] == "cross-lingual"
    assert _find(rows, "ai ky ke hoach 12-kh/hu?")["kind"] == "no-diacritics"


def test_section_and_list_questions_must_state_what_the_section_says(rows):
    items = _find(rows, "Kế hoạch 12-KH/HU nêu những nội dung nào?")
    assert items["kind"] == "list"
    assert items["must"] == ["Xây dựng trang thông tin du", "Tổ chức hội chợ sản phẩm", "Biên soạn tài liệu giới thiệu"]
    limits = _find(rows, "Báo cáo 45-BC/HU nêu những tồn tại, hạn chế nào?")
    assert limits["kind"] == "section"
    assert limits["must"] == ["Kinh phí cho hoạt động tuyên", "Cán bộ làm công tác đối"]  # not the heading
    duties = _find(rows, "Theo Kế hoạch 12-KH/HU, Đài Truyền thanh huyện có nhiệm vụ gì?")
    assert duties["must"] == ["Mở chuyên mục du lịch cộng", "Đưa tin về hội chợ sản"]


def test_outline_questions_must_state_the_numbered_headings(rows):
    parts = _find(rows, "Báo cáo 45-BC/HU gồm những phần nào?")
    assert parts["kind"] == "outline"
    assert parts["must"] == ["KẾT QUẢ ĐẠT ĐƯỢC", "ĐÁNH GIÁ CHUNG", "ĐỀ XUẤT, KIẾN NGHỊ"]
    assert _find(rows, "bao cao 45-bc/hu gom nhung phan nao?")["must"] == parts["must"]
    # they come after every other question of their half, so that the ids before them stay as they were
    half = [r for r in rows if r["split"] == parts["split"]]
    first = next(i for i, r in enumerate(half) if r["kind"] == "outline")
    assert first > 0 and all(r["kind"] in ("outline", "no-diacritics", "cross-lingual") for r in half[first:])


def test_unanswerable_questions_name_documents_that_exist_nowhere(rows, office_documents):
    nowhere = _find(rows, "Ai ký Kế hoạch 15-KH/HU?")
    assert not nowhere["answerable"] and nowhere["relevant"] == [] and "must" not in nowhere
    assert not any("15-KH/HU" in d.text for d in office_documents)


def test_gold_is_verbatim_and_each_file_is_in_one_half(rows, office_documents):
    texts = {d.source: fold(d.text).lower() for d in office_documents}
    halves: dict[str, set[str]] = {}
    for row in rows:
        for gold in row["relevant"]:
            assert fold(gold["span"]).lower() in texts[gold["source"]], row
            halves.setdefault(gold["source"], set()).add(row["split"])
        for phrase in row.get("must", []):
            assert any(fold(phrase).lower() in texts[g["source"]] for g in row["relevant"]), row
    assert all(len(h) == 1 for h in halves.values())
    assert {"tune", "test"} == {h for hs in halves.values() for h in hs}


def test_bundled_generated_set_is_large_and_split():
    questions = load_questions(EVAL / "generated.jsonl")
    assert len(questions) >= 300
    for half in ("tune", "test"):
        rows = [q for q in questions if q.split == half]
        assert len([q for q in rows if not q.answerable]) >= 10
        assert {"fact", "list", "section", "keyword", "no-diacritics", "cross-lingual"} <= {q.kind for q in rows}
