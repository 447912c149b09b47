"""A printed plan as a PDF: running head, page numbers, a header whose columns are read on one line,
sentences wrapped at the margin. The text that is left is the plan's."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.clean import split_header_columns
from ingest.pipeline import load_documents
from tests.conftest import unicode_font

PARAGRAPH = (
    "Thực hiện chỉ đạo của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy xây dựng kế hoạch tuyên truyền "
    "đối ngoại về du lịch cộng đồng năm 2024 nhằm giới thiệu hình ảnh, con người và sản phẩm du lịch của "
    "huyện tới du khách quốc tế; tài liệu giới thiệu huyện phải hoàn thành trước ngày 30/6/2024 để phát "
    "cho các đoàn khách."
)


def _printed(path: Path, pages: int = 3) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)  # the page number stands in the bottom margin
    pdf.add_font("dejavu", fname=unicode_font())
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("dejavu", size=9)
        pdf.cell(0, 6, "Kế hoạch 12-KH/HU - Huyện ủy Tân Lập", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("dejavu", size=12)
        if n == 1:  # the two columns of the header, as a PDF often gives them: side by side
            for line in (
                "HUYỆN ỦY TÂN LẬP                ĐẢNG CỘNG SẢN VIỆT NAM",
                "BAN THƯỜNG VỤ",
                "Số 12-KH/HU               Tân Lập, ngày 05 tháng 3 năm 2024",
                "KẾ HOẠCH",
                "Tuyên truyền đối ngoại về du lịch cộng đồng năm 2024",
            ):
                pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 7, f"{n}. {PARAGRAPH}")
        if n == pages:
            for line in ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Trần Văn Bình"):
                pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 6, f"- {n} -", align="C")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    path = _printed(tmp_path_factory.mktemp("pdf") / "ke-hoach-12.pdf")
    return load_documents(path, "ke-hoach-12.pdf", "-")[0]


def test_running_head_and_page_numbers_are_not_text(plan):
    assert "Huyện ủy Tân Lập\n" not in plan.text.split("KẾ HOẠCH", 1)[1]  # the running head, on every page
    assert not any(line.strip() in ("- 1 -", "- 2 -", "- 3 -") for line in plan.text.split("\n"))


def test_sentences_wrapped_at_the_margin_are_one_paragraph(plan):
    for n in (1, 2, 3):
        assert f"{n}. {PARAGRAPH}" in plan.text
    assert plan.page_at(plan.text.index("3. Thực hiện")) == 3


def test_the_header_read_side_by_side_gives_the_metadata(plan):
    assert (plan.code, plan.issuer, plan.date, plan.place, plan.signer) == (
        "12-KH/HU",
        "Ban Thường vụ Huyện ủy Tân Lập",
        "2024-03-05",
        "Tân Lập",
        "Trần Văn Bình",
    )


@pytest.mark.parametrize(
    ("line", "split"),
    [
        ("HUYỆN ỦY TÂN LẬP ĐẢNG CỘNG SẢN VIỆT NAM", ["HUYỆN ỦY TÂN LẬP", "ĐẢNG CỘNG SẢN VIỆT NAM"]),
        (
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ),
        ("Số 12-KH/HU Tân Lập, ngày 05 tháng 3 năm 2024", ["Số 12-KH/HU", "Tân Lập, ngày 05 tháng 3 năm 2024"]),
        (
            "Số: 853/QĐ-UBND Đơn Dương, ngày 12 tháng 6 năm 2017",
            ["Số: 853/QĐ-UBND", "Đơn Dương, ngày 12 tháng 6 năm 2017"],
        ),
        ("Thái Nguyên, ngày 05 tháng 10 năm 2020", ["Thái Nguyên, ngày 05 tháng 10 năm 2020"]),
        ("TP. Bắc Ninh, ngày 23 tháng 10 năm 2023", ["TP. Bắc Ninh, ngày 23 tháng 10 năm 2023"]),
        ("ĐẢNG CỘNG SẢN VIỆT NAM", ["ĐẢNG CỘNG SẢN VIỆT NAM"]),
    ],
)
def test_split_header_columns(line, split):
    assert split_header_columns([line]) == split
