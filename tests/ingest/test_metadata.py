"""Header and signature fields of every corpus document, against values written by hand."""

from __future__ import annotations

import pytest

from ingest.metadata import code_type_letters, extract, recase, stated_place
from ingest.pipeline import discover, load_documents, relative_source
from tests.conftest import CORPUS

# doc_id: (code, type, issuer, place, date, signer); None where the text does not say.
EXPECTED = {
    "2014-03-13_thai-nguyen_100-HD-BTGTU": (
        "100-HD/BTGTU",
        "Hướng dẫn",
        "Ban Tuyên giáo Tỉnh uỷ Thái Nguyên",
        "Thái Nguyên",
        "2014-03-13",
        "Lê Quang Dực",
    ),
    "2020-10-05_thai-nguyen_4564-CV-BTGTU_kem-de-cuong-16-KL-TW": (
        "4564-CV/BTGTU",
        "Công văn",
        "Ban Tuyên giáo Tỉnh ủy Thái Nguyên",
        "Thái Nguyên",
        "2020-10-05",
        "Nguyễn Thị Thủy",
    ),
    # The outline attached to the letter states no code, body, date or signer of its own.
    "2020-10-05_thai-nguyen_4564-CV-BTGTU_kem-de-cuong-16-KL-TW@2": (None, "Đề cương", None, None, None, None),
    "2023-10-23_bac-ninh_401-CV-BTG_kem-57-KL-TW": (
        "401-CV/BTG",
        "Công văn",
        "Ban Tuyên giáo Thành ủy Bắc Ninh",
        "TP. Bắc Ninh",
        "2023-10-23",
        "Nguyễn Đức Hiện",
    ),
    # Letterhead "BAN CHẤP HÀNH TRUNG ƯƠNG", signed "T/M BỘ CHÍNH TRỊ": the Politburo issues it.
    "2023-10-23_bac-ninh_401-CV-BTG_kem-57-KL-TW@2": (
        "57-KL/TW",
        "Kết luận",
        "Bộ Chính trị",
        "Hà Nội",
        "2023-06-15",
        "Trương Thị Mai",
    ),
    # The extracted plan lost its header: no code, and its date line is the blank "....., ngày... tháng 9".
    # Its text names one place ("thành phố Lạng Sơn", "tỉnh Lạng Sơn") and says "Ban Thường vụ Tỉnh uỷ
    # xây dựng kế hoạch"; signed "T/M BAN THƯỜNG VỤ".
    "2023_lang-son_ke-hoach-hoi-nghi-57-KL-TW": (
        None,
        "Kế hoạch",
        "Ban Thường vụ Tỉnh uỷ Lạng Sơn",
        "Lạng Sơn",
        None,
        "Hoàng Văn Nghiệm",
    ),
    # No header either; every district it names is Đơn Dương ("tỉnh Lâm Đồng" is the province).
    "undated_don-duong-lam-dong_bao-cao-tong-ket-16-KL-TW": (
        None,
        "Báo cáo",
        "Ban Thường vụ Huyện ủy Đơn Dương",
        "Đơn Dương",
        None,
        "Đinh Thị Mai",
    ),
}
TITLES = {
    "2023-10-23_bac-ninh_401-CV-BTG_kem-57-KL-TW@2": "Kết luận 57-KL/TW của Bộ Chính trị về tiếp tục nâng cao chất "
    "lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới",
    "2020-10-05_thai-nguyen_4564-CV-BTGTU_kem-de-cuong-16-KL-TW": "Công văn 4564-CV/BTGTU về báo cáo tổng kết 10 năm "
    "thực hiện Kết luận số 16-KL/TW của Bộ Chính trị khóa XI",
    "2023-10-23_bac-ninh_401-CV-BTG_kem-57-KL-TW": "Công văn 401-CV/BTG về Thông báo kết quả Hội nghị TW 8 khóa XIII; "
    "Triển khai Kết luận 57- KL/TW của Bộ Chính trị; Kết quả giữa nhiệm kỳ NQ Đại hội XX Đảng bộ tỉnh",
}


def _docs():
    out = {}
    for path in discover(CORPUS):
        for d in load_documents(path, relative_source(path, CORPUS), "-"):
            out[d.doc_id] = d
    return out


DOCS = _docs()


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Viễn thông tỉnh Lạng Sơn … Hội trường thành phố Lạng Sơn.", "Lạng Sơn"),
        ("huyện Đơn Dương, tỉnh Lâm Đồng … nhân dân huyện Đơn Dương", "Đơn Dương"),
        ("huyện Đơn Dương và huyện Đức Trọng, tỉnh Lâm Đồng", None),  # two districts, one province named once
        ("Tỉnh ủy ban hành; huyện ủy thực hiện", None),  # committees, not places
        ("tỉnh Lạng Sơn", None),  # once is not enough
    ],
)
def test_stated_place(text, place):
    assert stated_place(text) == place


def test_every_corpus_document_is_expected():
    assert set(DOCS) == set(EXPECTED)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_fields(doc_id):
    d = DOCS[doc_id]
    assert (d.code, d.doc_type, d.issuer, d.place, d.date, d.signer) == EXPECTED[doc_id]


@pytest.mark.parametrize("doc_id", sorted(TITLES))
def test_titles(doc_id):
    assert DOCS[doc_id].title == TITLES[doc_id]


@pytest.mark.parametrize(
    ("caps", "expected"),
    [
        ("BAN TUYÊN GIÁO", "Ban Tuyên giáo"),
        ("TỈNH ỦY THÁI NGUYÊN", "Tỉnh ủy Thái Nguyên"),
        ("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"),
        ("BỘ CHÍNH TRỊ", "Bộ Chính trị"),
    ],
)
def test_recase(caps, expected):
    assert recase(caps) == expected


def test_unstated_fields_are_none():
    meta = extract("Một đoạn văn không có tiêu đề chuẩn.\nKhông có ngày, không có người ký.")
    assert (meta.code, meta.doc_type, meta.issuer, meta.place, meta.date, meta.subject, meta.signer) == (None,) * 7


def test_impossible_date_is_not_a_date():
    assert extract("Hà Nội, ngày 45 tháng 13 năm 2023\nKẾ HOẠCH\nabc").date is None


def test_state_document_code_and_type():
    meta = extract("ỦY BAN NHÂN DÂN\nHUYỆN ĐƠN DƯƠNG\nSố: 853/QĐ-UBND\nĐơn Dương, ngày 12 tháng 6 năm 2017\nnội dung")
    assert (meta.code, meta.doc_type, meta.date, meta.place) == ("853/QĐ-UBND", "Quyết định", "2017-06-12", "Đơn Dương")
    decree = extract("CHÍNH PHỦ\nSố: 72/2015/NĐ-CP\nHà Nội, ngày 07 tháng 9 năm 2015\nNGHỊ ĐỊNH\nVề quản lý hoạt động")
    assert (decree.code, code_type_letters(decree.code)) == ("72/2015/NĐ-CP", "NĐ")
    assert meta.issuer == "Ủy ban nhân dân huyện Đơn Dương"
