"""Search behaviour on a small corpus: filters, intents, document references, metadata in hits."""

from __future__ import annotations

import pytest

from index.build import ingest_corpus
from index.search import Filters, QueryError, Searcher
from index.store import load_store
from ingest.structure import CLOSING

LETTER = """TỈNH ỦY THÁI NGUYÊN
BAN TUYÊN GIÁO
Số 12-CV/BTGTU
Thái Nguyên, ngày 05 tháng 10 năm 2020
V/v tổng kết công tác tuyên truyền biển đảo
Đề nghị các đơn vị gửi báo cáo về tuyên truyền biển đảo trước ngày 20/10/2020.
Nơi nhận:
- Như trên,
- Lưu VT.
TRƯỞNG BAN
Nguyễn Văn An
"""
CONCLUSION = """BAN CHẤP HÀNH TRUNG ƯƠNG
Số 57-KL/TW
Hà Nội, ngày 15 tháng 6 năm 2023
KẾT LUẬN
CỦA BỘ CHÍNH TRỊ
về tiếp tục nâng cao chất lượng công tác thông tin đối ngoại
I- NHIỆM VỤ VÀ GIẢI PHÁP
1. Đổi mới nội dung, phương thức thông tin đối ngoại.
2. Tăng cường nguồn lực cho công tác thông tin đối ngoại.
Nơi nhận:
- Các tỉnh ủy,
T/M BỘ CHÍNH TRỊ
Trương Thị Mai
"""


@pytest.fixture(scope="module")
def searcher(tmp_path_factory, e5) -> Searcher:
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "cv12.txt").write_text(LETTER, encoding="utf-8")
    (corpus / "kl57.txt").write_text(CONCLUSION, encoding="utf-8")
    store = tmp_path_factory.mktemp("store")
    ingest_corpus(corpus, store, e5)
    return Searcher(load_store(store), e5)


def test_hits_carry_document_metadata(searcher):
    hit = searcher.search("nguồn lực thông tin đối ngoại", k=1)[0]
    data = hit.to_json()
    assert (data["doc_code"], data["doc_type"], data["issuer"], data["date"]) == (
        "57-KL/TW",
        "Kết luận",
        "Bộ Chính trị",
        "2023-06-15",
    )
    assert data["section"].startswith("I- NHIỆM VỤ VÀ GIẢI PHÁP")


@pytest.mark.parametrize(
    ("filters", "codes"),
    [
        (Filters(doc_type="ket luan"), {"57-KL/TW"}),
        (Filters(issuer="Thái Nguyên"), {"12-CV/BTGTU"}),
        (Filters(year=2020), {"12-CV/BTGTU"}),
        (Filters(code="KL 57"), {"57-KL/TW"}),
        (Filters(code="57-KL/TW"), {"57-KL/TW"}),
        (Filters(code="57-KL"), {"57-KL/TW"}),  # a code without its issuer part
        (Filters(code="12-cv"), {"12-CV/BTGTU"}),
        (Filters(year=1999), set()),
    ],
)
@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_filters(searcher, filters, codes, mode):
    hits = searcher.search("thông tin đối ngoại biển đảo báo cáo", k=20, mode=mode, filters=filters)
    assert {h.doc.code for h in hits} <= codes
    if codes and mode != "bm25":
        assert {h.doc.code for h in hits} == codes


@pytest.mark.parametrize(
    ("query", "code"), [("Ai ký Kết luận 57?", "57-KL/TW"), ("ai ky cong van tuyen truyen bien dao", "12-CV/BTGTU")]
)
def test_who_signed_returns_that_documents_signature(searcher, query, code):
    hit = searcher.search(query, k=1)[0]
    assert hit.chunk.section == CLOSING and hit.doc.code == code


def test_document_reference_lifts_that_documents_passages(searcher):
    from dataclasses import replace

    query = "tổng kết KL 57"
    on = {h.chunk.chunk_id: h for h in searcher.search(query, k=10)}
    saved = searcher.understanding
    searcher.understanding = replace(saved, document_boost=False)
    try:
        off = {h.chunk.chunk_id: h for h in searcher.search(query, k=10)}
    finally:
        searcher.understanding = saved
    assert set(on) == set(off)
    for cid, hit in on.items():
        lift = searcher.config.doc_boost if hit.doc.code == "57-KL/TW" else 0.0
        assert hit.score == pytest.approx(off[cid].score + lift)
    assert [h.doc.code for h in sorted(on.values(), key=lambda h: h.rank)][:2] == ["57-KL/TW", "57-KL/TW"]
    assert [h.doc.code for h in sorted(off.values(), key=lambda h: h.rank)][:2] != ["57-KL/TW", "57-KL/TW"]


def test_bad_requests(searcher):
    with pytest.raises(QueryError, match="empty"):
        searcher.search("  ")
    with pytest.raises(QueryError, match="unknown mode"):
        searcher.search("x", mode="magic")
    with pytest.raises(QueryError, match="k must be"):
        searcher.search("x", k=0)


def test_english_query_reaches_vietnamese_passage(searcher):
    hit = searcher.search("resources for foreign information work", k=1)[0]
    assert hit.doc.code == "57-KL/TW"


def test_store_has_pieces(searcher):
    store = searcher.store
    assert store.manifest["counts"]["pieces"] == len(store.pieces) == len(store.piece_vectors)
    for chunk_index, start, end in store.pieces:
        assert store.chunks[chunk_index].text[start:end]


def test_filters_object():
    assert not Filters()
    assert Filters(year=2023)
