"""Documents as officials have them, through ingest, search and ask with the bundled model: a Word
plan in the standard layout, a report saved as text in VNI, a plan that is a scan, a .doc."""

from __future__ import annotations

import os
import shutil

import pytest

from answer.ask import Answerer
from eval.scans import render_scan
from index.search import Searcher
from index.store import load_store
from ingest import ocr
from tests.conftest import OFFICE_OTHER_PLAN, OFFICE_REPORT, unicode_font
from tests.ingest.test_doc import DOC
from tests.ingest.test_docx import write_plan
from tests.ingest.test_readers import _legacy


@pytest.fixture(scope="module")
def office(tmp_path_factory, e5) -> Answerer:
    from index.build import ingest_corpus
    from ingest.legacy import VNI

    missing = ocr.available()
    if missing:
        (pytest.fail if os.environ.get("VANBAN_REQUIRE_OCR") else pytest.skip)(missing)
    corpus = tmp_path_factory.mktemp("formats")
    write_plan(corpus / "ke-hoach-12.docx")
    (corpus / "bao-cao-45.txt").write_bytes(_legacy(OFFICE_REPORT, VNI, "cp1252"))
    render_scan([OFFICE_OTHER_PLAN], 300, corpus / "ke-hoach-30-scan.pdf", unicode_font())
    if shutil.which("antiword") or shutil.which("soffice") or shutil.which("catdoc"):
        (corpus / "cu").mkdir()
        shutil.copy(DOC, corpus / "cu" / "ke-hoach-12-ban-cu.doc")
    store = tmp_path_factory.mktemp("formats-store")
    stages: list[tuple[str, int, int]] = []
    report = ingest_corpus(corpus, store, e5, progress=lambda *step: stages.append(step))
    assert not report.errors, report.errors
    assert ("ocr", 1, 1) in stages  # the scanned page, reported as it is read
    return Answerer(Searcher(load_store(store), e5))


def _stated(answer) -> str:
    return "\n".join([answer.answer, *(c.quote for c in answer.citations)])


def test_each_format_keeps_its_metadata(office):
    docs = {d.source: d for d in office.searcher.store.documents}
    expected = {
        "ke-hoach-12.docx": ("12-KH/HU", "Ban Thường vụ Huyện ủy Tân Lập", "2024-03-05", "Trần Văn Bình"),
        "bao-cao-45.txt": ("45-BC/HU", "Huyện ủy Tân Lập", "2024-12-20", "Nguyễn Thị Hạnh"),
        "ke-hoach-30-scan.pdf": ("30-KH/UBND", "Ủy ban nhân dân huyện Tân Lập", "2024-04-10", "Phạm Quốc Dũng"),
    }
    for source, fields in expected.items():
        d = docs[source]
        assert (d.code, d.issuer, d.date, d.signer) == fields, source


@pytest.mark.parametrize(
    ("question", "code", "stated"),
    [
        ("Ai ký Kế hoạch 12-KH/HU?", "12-KH/HU", "Trần Văn Bình"),  # Word
        ("Báo cáo 45-BC/HU nêu những tồn tại, hạn chế nào?", "45-BC/HU", "chưa được bồi dưỡng ngoại ngữ"),  # VNI
        ("Ai ký Kế hoạch 30-KH/UBND?", "30-KH/UBND", "Phạm Quốc Dũng"),  # scan
        ("Kế hoạch 30-KH/UBND gồm những nội dung gì?", "30-KH/UBND", "Trồng cây xanh"),  # scan
    ],
)
def test_questions_about_each_format_find_it(office, question, code, stated):
    answer = office.ask(question)
    assert answer.found and stated in _stated(answer)
    assert code in {c.doc_code for c in answer.citations}


def test_a_scan_is_cited_by_page(office):
    answer = office.ask("Ai ký Kế hoạch 30-KH/UBND?")
    assert {c.page for c in answer.citations if c.doc_code == "30-KH/UBND"} == {1}


def test_search_finds_the_word_plan_and_its_old_doc_copy(office):
    hits = office.searcher.search("kế hoạch tuyên truyền đối ngoại về du lịch cộng đồng", k=10)
    sources = {h.chunk.source for h in hits}
    assert "ke-hoach-12.docx" in sources
    if any(d.source.endswith(".doc") for d in office.searcher.store.documents):
        assert "cu/ke-hoach-12-ban-cu.doc" in sources
