"""Chunks follow sections, fit the embedder and point back into the document text."""

from __future__ import annotations

import re

import pytest

from ingest.chunk import MAX_CHARS, chunk_document
from ingest.pipeline import discover, file_sha256, load_documents, relative_source
from tests.conftest import CORPUS
from vanban.records import Document

TOP = re.compile(r"^[IVX]{1,5}\s*[.\-]\s")


def _corpus_documents() -> list[Document]:
    docs = []
    for path in discover(CORPUS):
        docs.extend(load_documents(path, relative_source(path, CORPUS), file_sha256(path)))
    return docs


DOCS = _corpus_documents()


@pytest.mark.parametrize("doc", DOCS, ids=[d.doc_id for d in DOCS])
def test_offsets_round_trip_and_size(doc: Document):
    chunks = chunk_document(doc)
    assert chunks
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert len(c.text) <= MAX_CHARS
    # Together the chunks cover every line of the document, in order.
    covered = "\n".join(c.text for c in chunks)
    assert covered.split() == doc.text.split()


@pytest.mark.parametrize("doc", DOCS, ids=[d.doc_id for d in DOCS])
def test_no_chunk_straddles_two_top_level_sections(doc: Document):
    for c in chunk_document(doc):
        headings = [line for line in c.text.split("\n") if TOP.match(line)]
        assert len(headings) <= 1
        if headings:
            assert c.text.startswith(headings[0]), "a top-level heading may only open a chunk"


def test_section_paths_on_a_small_document():
    text = (
        "KẾ HOẠCH\nTuyên truyền\n"
        "I. MỤC ĐÍCH\nMục đích chung.\n"
        "II. NHIỆM VỤ\n1. " + "Nhiệm vụ một. " * 40 + "\n2. " + "Nhiệm vụ hai. " * 40
    )
    doc = Document("d", "d.txt", "Kế hoạch", text, "0")
    chunks = chunk_document(doc)
    assert [c.section for c in chunks] == [None, "I. MỤC ĐÍCH", "II. NHIỆM VỤ", "II. NHIỆM VỤ › 2"]
    assert chunks[2].text.startswith("II. NHIỆM VỤ\n1. Nhiệm vụ một.")
    assert chunks[3].text.startswith("2. Nhiệm vụ hai.")


def test_long_paragraph_split_at_sentence_ends():
    sentence = "Đây là một câu khá dài về công tác thông tin đối ngoại của tỉnh. "
    doc = Document("d", "d.txt", "T", (sentence * 60).strip(), "0")
    chunks = chunk_document(doc, max_chars=500)
    assert len(chunks) > 1
    assert all(c.text.endswith(".") for c in chunks)
    assert all(len(c.text) <= 500 for c in chunks)
    assert all(doc.text[c.start : c.end] == c.text for c in chunks)


def test_chunks_carry_pages():
    text = "Trang một có nội dung.\nTrang hai có nội dung khác."
    doc = Document("d", "d.pdf", "T", text, "0", page_starts=((1, 0), (2, text.index("Trang hai"))))
    chunks = chunk_document(doc, max_chars=30, min_chars=10)
    assert [c.page for c in chunks] == [1, 2]


def test_split_pieces_groups_sentences_and_points_into_text():
    from ingest.chunk import split_pieces

    text = "Câu một ngắn. Câu hai cũng ngắn.\nDòng thứ ba " + "dài " * 40 + "kết thúc. Câu cuối."
    pieces = split_pieces(text, size=60)
    assert len(pieces) >= 3
    assert pieces[0] == (0, text.index("\n"))  # two short sentences grouped
    assert all(text[a:b].strip() == text[a:b] and text[a:b] for a, b in pieces)
    assert [a for a, _ in pieces] == sorted(a for a, _ in pieces)
    assert split_pieces("Chỉ một câu.") == []  # a passage of one piece needs none
