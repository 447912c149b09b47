"""Adding and removing documents: checks on uploads, background indexing, the last build serving meanwhile."""

from __future__ import annotations

import pytest

from vanban.library import MAX_UPLOAD_BYTES, Library, LibraryError, safe_name, without_paths
from vanban.text import fold_tone_placement


def test_safe_name_keeps_vietnamese_and_drops_folders():
    assert safe_name("../../Kế hoạch số 12.pdf") == "Kế hoạch số 12.pdf"
    assert safe_name("a<b>:c?.txt") == "a_b_c_.txt"
    assert safe_name("///") == "tai-lieu"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("virus.exe", b"MZ", "không được hỗ trợ"),
        ("empty.txt", b"", "tệp rỗng"),
    ],
)
def test_bad_uploads_are_refused_at_once_with_the_file_and_reason(library, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LibraryError, match=reason) as err:
        library.add(path)
    assert name in str(err.value)
    assert not (library.corpus / "uploads" / name).exists()


def test_an_upload_that_cannot_be_read_is_taken_out_again_with_the_reason(library, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4 not really a pdf")
    assert library.add(path) == "uploads/scan.pdf"  # quick checks only: the request returns at once
    library.reindex()
    assert library.wait(180), library.status
    assert not (library.corpus / "uploads" / "scan.pdf").exists()
    name, reason = library.refused[-1]
    assert name == "scan.pdf" and reason.startswith("not a readable PDF")
    assert "không nhận: scan.pdf: không phải tệp PDF đọc được (" in library.describe("vi")  # the page's language
    assert "refused: scan.pdf: not a readable PDF (" in library.describe("en")
    assert all(d.source != "uploads/scan.pdf" for d in library.documents())


def test_read_only_takes_and_removes_nothing(small_corpus, tmp_path):
    library = Library(tmp_path / "store", small_corpus, read_only=True)
    path = tmp_path / "ke-hoach.txt"
    path.write_text("Kế hoạch tuyên truyền đối ngoại năm 2024.", encoding="utf-8")
    with pytest.raises(LibraryError, match="chỉ đọc"):
        library.add(path)
    with pytest.raises(LibraryError, match="chỉ đọc"):
        library.remove("a.txt")
    assert (small_corpus / "a.txt").exists()


def test_bundled_documents_are_kept_unless_the_operator_allows(library, small_corpus):
    with pytest.raises(LibraryError, match="allow-remove-bundled"):
        library.remove("a.txt")
    assert (small_corpus / "a.txt").exists()
    library.remove_bundled = True
    library.remove("a.txt")
    assert not (small_corpus / "a.txt").exists()


def test_too_large_upload_is_refused(library, tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(MAX_UPLOAD_BYTES + 1)
    with pytest.raises(LibraryError, match="vượt giới hạn"):
        library.add(path)


def test_add_then_remove_updates_the_index_and_searches_go_on(library, tmp_path):
    before = library.version
    path = tmp_path / "ke-hoach.txt"
    path.write_text(
        "KẾ HOẠCH\nTổ chức hội thảo quảng bá đặc sản chè Tân Cương ra thế giới năm 2024.\n"
        "Giao Sở Công Thương chủ trì hội thảo chè Tân Cương.\n",
        encoding="utf-8",
    )
    source = library.add(path)
    assert source == "uploads/ke-hoach.txt"
    assert library.add(path) == "uploads/ke-hoach-2.txt"  # same name again: kept apart
    (library.corpus / "uploads/ke-hoach-2.txt").unlink()
    library.reindex()
    # the last build keeps answering while the new one is made
    assert library.searcher.search("trưng bày sách biển đảo", k=1)[0].chunk.source == "a.txt"
    assert library.wait(180), library.status
    assert library.version > before
    hit = library.searcher.search("hội thảo chè Tân Cương", k=1)[0]
    assert hit.chunk.source == source
    library.remove(source)
    library.reindex()
    assert library.wait(180)
    assert all(d.source != source for d in library.documents())


def test_remove_refuses_paths_outside_the_corpus(library):
    with pytest.raises(LibraryError):
        library.remove("../store/CURRENT")
    with pytest.raises(LibraryError):
        library.remove("nope.txt")


def test_options_list_what_filters_can_choose(library):
    o = library.options()
    assert o.types and all(isinstance(y, int) for y in o.years)
    docs = library.documents()
    assert sorted(doc_id for _, doc_id in o.documents) == sorted(d.doc_id for d in docs)  # every document
    names = [name for name, _ in o.documents]
    assert len(set(names)) == len(names)  # each tells its document apart, with a code or without
    folded = [fold_tone_placement(i).lower() for i in o.issuers]
    assert len(set(folded)) == len(folded)  # "Tỉnh uỷ" and "Tỉnh ủy" are one issuer


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("/srv/vanban/corpus/a.txt: the file is empty", "a.txt: the file is empty"),
        ("[Errno 28] No space left on device: '/srv/vanban/store/builds/x'", "[Errno 28] No space left on device: 'x'"),
        ("Kết luận 57-KL/TW, http://127.0.0.1:7860/ask", "Kết luận 57-KL/TW, http://127.0.0.1:7860/ask"),
    ],
)
def test_messages_for_visitors_carry_no_server_paths(message, shown):
    assert without_paths(message) == shown


def test_a_correction_is_kept_beside_the_document_and_survives_re_ingests(library, small_corpus):
    doc = next(d for d in library.documents() if d.source == "a.txt")
    source = library.correct(doc.doc_id, {"code": "12-KH/HU", "doc_type": "Kế hoạch", "date": "5/3/2024"})
    assert source == "a.txt"
    assert (small_corpus / ".a.txt.vanban.json").is_file()  # hidden, beside it; the file itself unchanged
    library.reindex()
    assert library.wait(180), library.status
    corrected = next(d for d in library.documents() if d.source == "a.txt")
    assert (corrected.code, corrected.doc_type, corrected.date) == ("12-KH/HU", "Kế hoạch", "2024-03-05")
    library.reindex()  # nothing changed: the correction stays
    assert library.wait(180)
    assert next(d for d in library.documents() if d.source == "a.txt").code == "12-KH/HU"
    with pytest.raises(LibraryError, match="không đúng dạng"):
        library.correct(doc.doc_id, {"date": "tháng 3"})


def test_feedback_is_appended_and_becomes_questions(library, tmp_path):
    from eval.feedback import read_feedback, write

    library.record_feedback({"question": "Huyện trưng bày gì?", "verdict": "right", "answer": "…",
                             "citations": [{"quote": "trưng bày sách", "source": "a.txt"}], "lang": "vi"})  # fmt: skip
    library.record_feedback({"question": "Ai ký?", "verdict": "wrong", "note": "sai người", "citations": []})
    entries = read_feedback(library.store / "feedback.jsonl")
    assert [e["verdict"] for e in entries] == ["right", "wrong"] and all(e["at"] for e in entries)
    right, review = write(entries, tmp_path / "fb.jsonl")
    assert (right, review) == (1, 1)
    from eval.queries import load_questions

    (q,) = load_questions(tmp_path / "fb.jsonl")
    assert q.query == "Huyện trưng bày gì?" and q.relevant[0].span == "trưng bày sách"
    assert "sai người" in (tmp_path / "fb-review.jsonl").read_text(encoding="utf-8")


def test_the_original_and_a_pdf_page_are_given_as_copies(library, small_corpus, tmp_path):
    from tests.ingest.test_readers import _pdf

    doc = next(d for d in library.documents() if d.source == "a.txt")
    copy = library.original(doc.doc_id)
    assert copy.read_bytes() == (small_corpus / "a.txt").read_bytes() and small_corpus not in copy.parents
    _pdf(small_corpus / "p.pdf", ["Trang một về biển đảo.", "Trang hai về hội nghị trực tuyến."])
    library.reindex()
    assert library.wait(180)
    pdf = next(d for d in library.documents() if d.source == "p.pdf")
    image = library.page_image(pdf.doc_id, 2)
    assert image.suffix == ".png" and image.stat().st_size > 1000
    assert library.page_image(pdf.doc_id, 9) is None and library.page_image(doc.doc_id, 1) is None


def test_the_first_start_shows_percentage_and_time_left(tmp_path, monkeypatch):
    """While the first index is built the status says how far it is and how long is left, in the
    page's language, and names no folder of the server."""
    import threading

    from vanban import library as module

    lib = Library(tmp_path / "srv" / "store", tmp_path / "srv" / "corpus")
    lib._thread = threading.current_thread()  # as while the background build runs
    clock = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: clock[0])
    lib._progress("embed", 0, 400)
    clock[0] += 30  # 100 of 400 passages in 30 s: 90 s left
    lib._progress("embed", 100, 400)
    vi, en = lib.describe("vi"), lib.describe("en")
    assert vi == "Chưa có chỉ mục: đang xây dựng — Tạo vector: 100/400 (25%), còn khoảng 2 phút"
    assert en == "No index yet: building it — embedding: 100/400 (25%), about 2 min left"
    assert str(tmp_path) not in vi + en
