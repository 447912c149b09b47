"""Each reader on a real file of its format, written by the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.readers import ReadError, read_file, supported_suffixes
from tests.conftest import unicode_font

VI = "Kết luận số 57-KL/TW về tiếp tục nâng cao chất lượng công tác thông tin đối ngoại."


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: letters precomposed, tone marks combining."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        marks = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in tones))
        out.append(base + "".join(m for m in marks if m in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_text_encodings(tmp_path: Path, encoding: str):
    path = tmp_path / "doc.txt"
    path.write_bytes(_cp1258(VI) if encoding == "cp1258" else VI.encode(encoding))
    from vanban.text import clean_chars

    # cp1258 stores tone marks as combining characters; cleaning composes them.
    assert clean_chars(read_file(path)[0].text) == VI


def _legacy(text: str, table: dict[str, str], encoding: str) -> bytes:
    """Text as a legacy font stores it: each letter's code in the font's table, as bytes."""
    back: dict[str, str] = {}
    for surface, letter in sorted(table.items(), key=lambda x: len(x[0])):  # the shortest code a letter has
        back.setdefault(letter, surface)
    return "".join(back.get(c, c) for c in text).encode(encoding)


@pytest.mark.parametrize("name", ["tcvn3", "vni", "viscii"])
def test_text_in_a_legacy_font(tmp_path: Path, name: str):
    from ingest.legacy import ENCODINGS

    path = tmp_path / f"{name}.txt"
    body = f"{VI}\nCộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nSố lượng đại biểu: 150 người."
    path.write_bytes(_legacy(body, ENCODINGS[name], "latin-1"))
    assert read_file(path)[0].text == body


def test_a_utf8_file_with_lines_pasted_from_a_tcvn3_document(tmp_path: Path):
    from ingest.legacy import TCVN3

    path = tmp_path / "mixed.txt"
    pasted = _legacy("Tăng cường thông tin đối ngoại ở cấp xã", TCVN3, "latin-1").decode("latin-1")
    path.write_text(f"{VI}\n{pasted}\n", encoding="utf-8")
    assert read_file(path)[0].text.split("\n")[:2] == [VI, "Tăng cường thông tin đối ngoại ở cấp xã"]


def test_markdown_is_text(tmp_path: Path):
    path = tmp_path / "note.md"
    path.write_text("# Ghi chú\n" + VI, encoding="utf-8")
    assert VI in read_file(path)[0].text


def _pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", fname=unicode_font())
    pdf.set_font("dejavu", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def test_pdf_keeps_page_numbers(tmp_path: Path):
    path = _pdf(tmp_path / "kl.pdf", [VI, "Trang hai: nhiệm vụ và giải pháp."])
    pages = read_file(path)
    assert [p.number for p in pages] == [1, 2]
    assert "nhiệm vụ và giải pháp" in pages[1].text
    assert "57-KL/TW" in pages[0].text


def test_docx_paragraphs_and_tables(tmp_path: Path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph(VI)
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Thời gian"
    table.rows[0].cells[1].text = "Tháng 9/2023"
    path = tmp_path / "kh.docx"
    doc.save(str(path))
    text = read_file(path)[0].text
    assert text.startswith("KẾ HOẠCH\n" + VI)
    assert "Thời gian | Tháng 9/2023" in text


def test_html_strips_markup_scripts_and_navigation(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>x</title><script>var a = 1;</script><style>p{}</style></head>"
        "<body><nav>Trang chủ | Tin tức</nav><h1>HƯỚNG DẪN</h1><p>" + VI + "</p><footer>Liên hệ</footer></body></html>",
        encoding="utf-8",
    )
    text = read_file(path)[0].text
    assert "HƯỚNG DẪN" in text and VI in text
    assert "var a" not in text and "Trang chủ" not in text and "Liên hệ" not in text


def test_unsupported_type_names_file_and_supported_types(tmp_path: Path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ReadError) as err:
        read_file(path)
    assert str(path) in str(err.value)
    assert "unsupported file type '.xlsx'" in err.value.reason
    assert all(s in err.value.reason for s in supported_suffixes())


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("broken.docx", b"this is not a zip archive", "not a readable DOCX"),
        ("broken.pdf", b"%PDF-1.4\n this is not a pdf body \n%%EOF", "not a readable PDF"),
    ],
)
def test_unusable_files_name_the_reason(tmp_path: Path, name: str, data: bytes, reason: str):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError, match=reason) as err:
        read_file(path)
    assert err.value.path == path and str(path) in str(err.value)


def _encrypted(tmp_path: Path, user_password: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(_pdf(tmp_path / "plain.pdf", [VI])).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as f:
        writer.write(f)
    return locked


def test_pdf_with_a_password_is_refused(tmp_path: Path):
    with pytest.raises(ReadError, match="encrypted with a password"):
        read_file(_encrypted(tmp_path, "mat-khau"))


def test_pdf_locked_only_against_editing_is_read(tmp_path: Path):
    """Many official PDFs carry an owner password only; they open without one and must be read."""
    assert "57-KL/TW" in read_file(_encrypted(tmp_path, ""))[0].text


def test_pdf_without_text_layer(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ReadError, match="no text could be extracted"):
        read_file(path)
