"""References in the usual form, whole quotes, and the collection exported to Markdown and Word."""

from __future__ import annotations

import zipfile

from docx import Document as Docx

from ingest.readers import read_file
from vanban.cite import Clip, reference, to_docx, to_markdown, whole_quote
from vanban.records import Document

KL57 = Document(
    doc_id="kl57", source="kl57.txt", title="Kết luận 57-KL/TW", text="x", sha256="-", code="57-KL/TW",
    doc_type="Kết luận", issuer="Bộ Chính trị", date="2023-06-15",
    subject="về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới",
)  # fmt: skip
PLAN = Document(
    doc_id="kh", source="ke-hoach.txt", title="Kế hoạch Tổ chức Hội nghị", text="x", sha256="-", doc_type="Kế hoạch",
    issuer="Ban Thường vụ Tỉnh uỷ Lạng Sơn", place="Lạng Sơn",
    subject="Tổ chức Hội nghị trực tuyến nghiên cứu, học tập, quán triệt, triển khai Kết luận số 57-KL/TW",
)  # fmt: skip


def test_references_in_the_usual_form():
    assert reference(KL57, "II- NHIỆM VỤ VÀ GIẢI PHÁP › 3", 2) == (
        "Kết luận số 57-KL/TW ngày 15/6/2023 của Bộ Chính trị về tiếp tục nâng cao chất lượng, hiệu quả công tác "
        "thông tin đối ngoại trong tình hình mới, mục II- NHIỆM VỤ VÀ GIẢI PHÁP › 3, tr. 2."
    )
    # without a number: type, issuer and the whole subject, so that two such plans read apart
    assert reference(PLAN, "III. THÀNH PHẦN") == (
        "Kế hoạch (không số) của Ban Thường vụ Tỉnh uỷ Lạng Sơn về tổ chức Hội nghị trực tuyến nghiên cứu, "
        "học tập, quán triệt, triển khai Kết luận số 57-KL/TW, mục III. THÀNH PHẦN."
    )


def test_a_quote_is_its_whole_sentence_or_list_item():
    text = "III. THÀNH PHẦN\n- Toàn thể đảng viên trong đảng bộ, chi bộ; đại biểu quần chúng ưu tú.\n- Khác."
    start = text.index("Toàn thể")
    a, b = whole_quote(text, start, text.index(";"))  # a quote cut at the semicolon
    assert text[a:b] == "- Toàn thể đảng viên trong đảng bộ, chi bộ; đại biểu quần chúng ưu tú."


CLIPS = [
    Clip("Tiếp tục quán triệt, cụ thể hoá.", reference(KL57, "II", None), "kl57.txt", "Nhiệm vụ?", "cho bài giảng"),
    Clip("- Toàn thể đảng viên; quần chúng.", reference(PLAN, "III"), "ke-hoach.txt"),
]


def test_markdown_has_the_references_as_footnotes():
    md = to_markdown(CLIPS)
    assert "> Tiếp tục quán triệt, cụ thể hoá.[^1]" in md and "*Ghi chú:* cho bài giảng" in md
    assert "[^2]: Kế hoạch (không số) của Ban Thường vụ Tỉnh uỷ Lạng Sơn" in md


def test_word_export_is_a4_with_real_footnotes(tmp_path):
    path = to_docx(CLIPS, tmp_path / "trich-dan.docx")
    doc = Docx(str(path))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30
    texts = [p.text for p in doc.paragraphs]
    assert "Tiếp tục quán triệt, cụ thể hoá." in texts and "Ghi chú: cho bài giảng" in texts
    with zipfile.ZipFile(path) as z:
        assert z.read("word/document.xml").decode().count("<w:footnoteReference") == 2
    # a Word reader sees the footnotes where Word puts them: vanban's own reads them back
    read = read_file(path)[0].text
    assert "cụ thể hoá.[1]" in read
    assert "[1] Kết luận số 57-KL/TW ngày 15/6/2023 của Bộ Chính trị" in read
    assert "[2] Kế hoạch (không số) của Ban Thường vụ Tỉnh uỷ Lạng Sơn" in read
