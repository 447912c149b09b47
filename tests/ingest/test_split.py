"""Several documents in one file: cover letters and what they forward."""

from ingest.pipeline import load_documents
from tests.conftest import CORPUS


def _docs(name_part: str):
    path = next(p for p in CORPUS.iterdir() if name_part in p.name)
    return load_documents(path, path.name, "sha")


def test_cover_letter_and_conclusion_57_are_two_documents():
    letter, conclusion = _docs("bac-ninh")
    assert letter.code == "401-CV/BTG"
    assert conclusion.code == "57-KL/TW"
    assert conclusion.title.startswith("Kết luận 57-KL/TW")
    assert conclusion.text.startswith("BAN CHẤP HÀNH TRUNG ƯƠNG")
    assert "Nguyễn Đức Hiện" in letter.text and "Nguyễn Đức Hiện" not in conclusion.text
    assert "II- NHIỆM VỤ VÀ GIẢI PHÁP" in conclusion.text


def test_letter_and_attached_outline_are_two_documents():
    letter, outline = _docs("4564")
    assert letter.code == "4564-CV/BTGTU"
    assert outline.text.startswith("ĐỀ CƯƠNG BÁO CÁO")
    assert outline.doc_id == letter.doc_id + "@2"


def test_web_intro_is_not_a_document_of_its_own():
    (guidance,) = _docs("100-HD")
    assert guidance.code == "100-HD/BTGTU"


def test_web_noise_is_not_in_any_document():
    for path in CORPUS.iterdir():
        for doc in load_documents(path, path.name, "sha"):
            for noise in ("Số lượt xem", "Thống kê truy cập", "Đang online", "Click để đánh giá", "Lượt xem:"):
                assert noise not in doc.text, (doc.doc_id, noise)
