"""Word 97–2003 files through each program that reads them.

tests/data/ke-hoach-12.doc is the plan tests/ingest/test_docx.py writes (header table, automatic
numbering, a footnote, a paragraph in .VnTime), saved as .doc by LibreOffice 7.4 (Writer, filter
"MS Word 97").
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.pipeline import load_documents
from ingest.readers import ReadError, read_file
from ingest.readers import doc as reader

DOC = Path(__file__).resolve().parent.parent / "data" / "ke-hoach-12.doc"
PROGRAMS = ("soffice", "antiword", "catdoc")


def _only(monkeypatch, program: str | None) -> None:
    """Let the reader see one program (or none) of those installed."""
    real = shutil.which
    monkeypatch.setattr(reader.shutil, "which", lambda name: real(name) if name == program else None)


@pytest.mark.parametrize("program", PROGRAMS)
def test_a_doc_file_reads_as_the_docx_does(monkeypatch, program):
    if shutil.which(program) is None:
        pytest.skip(f"{program} is not installed")
    _only(monkeypatch, program)
    lines = [line.strip() for line in read_file(DOC)[0].text.split("\n") if line.strip()]
    assert (
        lines[:6]
        == [
            "HUYỆN ỦY TÂN LẬP",
            "BAN THƯỜNG VỤ",
            "*",
            "Số 12-KH/HU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Tân Lập, ngày 05 tháng 3 năm 2024",
        ]
        or program == "catdoc"
    )  # catdoc lays a table's rows side by side
    text = "\n".join(lines)
    assert "Biên soạn tài liệu giới thiệu huyện" in text  # the .VnTime paragraph, converted
    assert "Chủ trì tham mưu nội dung tuyên truyền." in text
    doc = load_documents(DOC, "ke-hoach-12.doc", "-")[0]
    assert (doc.code, doc.doc_type, doc.date, doc.signer) == ("12-KH/HU", "Kế hoạch", "2024-03-05", "Trần Văn Bình")
    if program == "soffice":  # only LibreOffice writes Word's numbering out
        assert "\nII. NỘI DUNG\n1. Xây dựng trang thông tin" in "\n" + text


def test_without_a_program_the_error_says_what_to_install(monkeypatch):
    _only(monkeypatch, None)
    with pytest.raises(ReadError, match="apt-get install antiword"):
        read_file(DOC)


def test_a_file_that_is_no_word_file_is_refused(tmp_path, monkeypatch):
    if not any(shutil.which(p) for p in ("antiword", "catdoc")):
        pytest.skip("neither antiword nor catdoc is installed")
    bad = tmp_path / "bad.doc"
    bad.write_bytes(b"this is not a Word file at all " * 20)
    _only(monkeypatch, "antiword" if shutil.which("antiword") else "catdoc")
    with pytest.raises(ReadError, match="bad.doc"):
        read_file(bad)
