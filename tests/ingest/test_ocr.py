"""Scanned PDFs: a page of Vietnamese rendered to an image at 300 dpi, wrapped in a PDF without a
text layer, read back by Tesseract. Needs tesseract-ocr and tesseract-ocr-vie (CI installs them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eval.scans import cer, render_scan
from ingest import ocr
from ingest.pipeline import load_documents
from ingest.readers import ReadError, read_file
from tests.conftest import OFFICE_PLAN, unicode_font

VI = "Kết luận số 57-KL/TW về tiếp tục nâng cao chất lượng công tác thông tin đối ngoại."


def _require_ocr() -> None:
    missing = ocr.available()
    if missing and os.environ.get("VANBAN_REQUIRE_OCR"):
        pytest.fail(missing)
    if missing:
        pytest.skip(missing)


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    _require_ocr()
    return render_scan([OFFICE_PLAN], 300, tmp_path_factory.mktemp("scan") / "ke-hoach-12.pdf", unicode_font())


def test_a_scanned_plan_is_read_by_ocr(scan):
    pages = read_file(scan)
    assert [p.number for p in pages] == [1]
    assert cer(OFFICE_PLAN, pages[0].text) < 0.03  # `vanban bench --ocr` reports the rate
    doc = load_documents(scan, "ke-hoach-12.pdf", "-")[0]
    assert (doc.code, doc.doc_type, doc.date, doc.signer) == ("12-KH/HU", "Kế hoạch", "2024-03-05", "Trần Văn Bình")
    assert "Tài liệu phải hoàn thành trước ngày 30/6/2024" in doc.text
    assert doc.page_at(doc.text.index("Trần Văn Bình")) == 1


def test_only_pages_without_text_are_read_by_ocr(tmp_path, monkeypatch):
    _require_ocr()
    from pypdf import PdfReader, PdfWriter

    from tests.ingest.test_readers import _pdf

    typed = _pdf(tmp_path / "typed.pdf", [VI])
    scanned = render_scan(
        ["Trang hai: báo cáo kết quả tuyên truyền đối ngoại năm 2024."], 300, tmp_path / "s.pdf", unicode_font()
    )
    writer = PdfWriter()
    for part in (typed, scanned):
        for page in PdfReader(part).pages:
            writer.add_page(page)
    both = tmp_path / "both.pdf"
    with both.open("wb") as f:
        writer.write(f)
    read: list[list[int]] = []
    real = ocr.ocr_pages
    monkeypatch.setattr(
        ocr, "ocr_pages", lambda path, numbers, progress=None: read.append(numbers) or real(path, numbers)
    )
    pages = read_file(both)
    assert read == [[2]]  # page 1 has its text layer
    assert VI in pages[0].text
    assert "báo cáo kết quả tuyên truyền đối ngoại" in pages[1].text and pages[1].number == 2


def test_without_tesseract_a_scan_gets_an_error_that_says_what_to_install(tmp_path, monkeypatch):
    path = render_scan([VI], 150, tmp_path / "scan.pdf", unicode_font())
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(ReadError, match=r"scan.pdf: a scanned PDF.*apt-get install tesseract-ocr tesseract-ocr-vie"):
        read_file(path)


def test_cer_counts_edits_per_reference_character():
    assert cer("Việt Nam", "Việt Nam") == 0.0
    assert cer("Việt Nam", "Viet Nam") == 1 / 8  # one substitution
    assert cer("ab", "") == 1.0
    assert cer("a  b\nc", "a b c") == 0.0  # whitespace collapsed
