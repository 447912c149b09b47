"""A Word plan in the standard administrative layout, written by the test as Word writes it: a
header table, automatic numbering, a footnote, a page header, and runs typed in .VnTime."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.legacy import TCVN3
from ingest.pipeline import load_documents
from ingest.readers import read_file
from ingest.structure import parse_sections
from vanban.cite import add_footnotes

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# I., 1., a) — the numbering of a plan — as one Word list
NUMBERING = f"""<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>"""


def _tcvn3(text: str) -> str:
    back = {letter: code for code, letter in TCVN3.items()}
    return "".join(back.get(c, c) for c in text)


def _numbered(doc, text: str, level: int) -> None:
    from docx.oxml import parse_xml

    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
    )


def write_plan(path: Path) -> Path:
    """The plan of tests/conftest.py (12-KH/HU) as an officer would type it in Word."""
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    doc.sections[0].header.paragraphs[0].text = "Tài liệu lưu hành nội bộ - trang đầu"
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "HUYỆN ỦY TÂN LẬP"
    for line in ("BAN THƯỜNG VỤ", "*", "Số 12-KH/HU"):
        left.add_paragraph(line)
    right.text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    right.add_paragraph("Tân Lập, ngày 05 tháng 3 năm 2024")
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Tuyên truyền đối ngoại về du lịch cộng đồng năm 2024")
    intro = doc.add_paragraph(
        "Thực hiện chỉ đạo của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy xây dựng kế hoạch như sau:"
    )
    intro.add_run("⟦fn1⟧")  # made a footnote reference by add_footnotes
    _numbered(doc, "MỤC ĐÍCH, YÊU CẦU", 0)
    doc.add_paragraph("Giới thiệu hình ảnh, con người và sản phẩm du lịch cộng đồng của huyện tới du khách quốc tế.")
    _numbered(doc, "NỘI DUNG", 0)
    _numbered(doc, "Xây dựng trang thông tin du lịch của huyện bằng tiếng Việt, tiếng Anh và tiếng Hàn.", 1)
    _numbered(doc, "Tổ chức hội chợ sản phẩm làng nghề trong 3 ngày.", 1)
    _numbered(doc, "Gian hàng của các xã.", 2)
    _numbered(doc, "Gian hàng của các hợp tác xã.", 2)
    legacy = doc.add_paragraph()
    run = legacy.add_run(_tcvn3("Biên soạn tài liệu giới thiệu huyện bằng tiếng nước ngoài."))
    run.font.name = ".VnTime"
    _numbered(doc, "TỔ CHỨC THỰC HIỆN", 0)
    capitals = doc.add_paragraph()
    run = capitals.add_run(_tcvn3("ban tuyên giáo huyện ủy"))  # lower-case codes, drawn as capitals
    run.font.name = ".VnTimeH"
    _numbered(doc, "Chủ trì tham mưu nội dung tuyên truyền.", 3)
    doc.add_paragraph("Nơi nhận:")
    doc.add_paragraph("- Ban Thường vụ Tỉnh ủy (b/c),")
    doc.add_paragraph("- Lưu Văn phòng Huyện ủy.")
    doc.add_paragraph("T/M BAN THƯỜNG VỤ")
    doc.add_paragraph("PHÓ BÍ THƯ")
    doc.add_paragraph("Trần Văn Bình")
    doc.save(str(path))
    return add_footnotes(path, ["Kế hoạch số 05-KH/TU ngày 10/01/2024 của Ban Thường vụ Tỉnh ủy."])


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    return write_plan(tmp_path_factory.mktemp("docx") / "ke-hoach-12.docx")


def test_reading_order_numbering_fonts_and_notes(plan):
    lines = read_file(plan)[0].text.split("\n")
    assert lines[:6] == [
        "HUYỆN ỦY TÂN LẬP",
        "BAN THƯỜNG VỤ",
        "*",
        "Số 12-KH/HU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Tân Lập, ngày 05 tháng 3 năm 2024",
    ]  # the header table, cell by cell, before the body
    assert lines[6:8] == ["KẾ HOẠCH", "Tuyên truyền đối ngoại về du lịch cộng đồng năm 2024"]
    body = "\n".join(lines)
    for numbered in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG",
        "1. Xây dựng trang thông tin du lịch",
        "2. Tổ chức hội chợ",
        "a) Gian hàng của các xã.",
        "b) Gian hàng của các hợp tác xã.",
        "III. TỔ CHỨC THỰC HIỆN",
        "- Chủ trì tham mưu",
    ):
        assert f"\n{numbered}" in body, numbered
    assert "\nBiên soạn tài liệu giới thiệu huyện bằng tiếng nước ngoài.\n" in body  # .VnTime run
    assert "\nBAN TUYÊN GIÁO HUYỆN ỦY\n" in body  # .VnTimeH: lower-case codes drawn as capitals
    assert "như sau:[1]" in body and lines[-1] == "[1] Kế hoạch số 05-KH/TU ngày 10/01/2024 của Ban Thường vụ Tỉnh ủy."
    assert "trang đầu" not in body  # the page header is not the body


def test_metadata_and_sections_as_in_a_letter(plan):
    docs = load_documents(plan, "ke-hoach-12.docx", "-")
    assert len(docs) == 1  # the header table is no document of its own
    doc = docs[0]
    assert (doc.code, doc.doc_type, doc.issuer, doc.date, doc.place, doc.signer) == (
        "12-KH/HU",
        "Kế hoạch",
        "Ban Thường vụ Huyện ủy Tân Lập",
        "2024-03-05",
        "Tân Lập",
        "Trần Văn Bình",
    )
    tops = [s.heading for s in parse_sections(doc.text) if s.level > 0]
    assert tops == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"]
    content = next(s for s in parse_sections(doc.text) if s.heading == "II. NỘI DUNG")
    assert [c.number for c in content.children] == ["1", "2"]
    assert [c.number for c in content.children[1].children] == ["a", "b"]


def test_a_docx_that_unpacks_to_too_much_xml_is_refused(tmp_path, monkeypatch):
    from ingest.readers import ReadError
    from ingest.readers import docx as reader

    path = write_plan(tmp_path / "big.docx")
    monkeypatch.setattr(reader, "MAX_XML_BYTES", 1000)
    with pytest.raises(ReadError, match="unpacks to"):
        read_file(path)
