"""Passages as columns: read back as the Chunk records they were made of."""

from __future__ import annotations

import numpy as np

from index.passages import Passages
from ingest.chunk import chunk_document
from ingest.structure import CLOSING
from vanban.records import Document

TEXT = (
    "KẾ HOẠCH\nthực hiện Kết luận số 57-KL/TW\n"
    "I. MỤC ĐÍCH, YÊU CẦU\nQuán triệt sâu sắc nội dung Kết luận.\n"
    "II. NHIỆM VỤ\n1. Tuyên truyền trên báo chí.\n2. Tập huấn cán bộ.\n"
    "Nơi nhận: - Như trên. T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ Nguyễn Văn A\n"
)


def _doc(doc_id: str, code: str) -> Document:
    return Document(doc_id, f"{doc_id}.txt", f"Kế hoạch {code}", TEXT, "0" * 64, code=code, doc_type="Kế hoạch")


def test_passages_read_back_as_the_chunks_they_were_made_of():
    docs = [_doc("a", "12-KH/TU"), _doc("b", "34-KH/TU")]
    chunks = [c for d in docs for c in chunk_document(d)]
    records = [c.to_json() for c in chunks]
    records[1] = {**records[1], "chunk_id": "a-passage-named-otherwise"}  # a record from other code
    passages = Passages.of(docs, records)
    assert len(passages) == len(chunks) > 4
    expected = [c if i != 1 else None for i, c in enumerate(chunks)]
    for i, c in enumerate(passages):
        assert c.text == chunks[i].text and c.section == chunks[i].section and c.page == chunks[i].page
        if expected[i] is not None:
            assert c == expected[i]
    assert passages[1].chunk_id == "a-passage-named-otherwise"
    assert passages[-1] == chunks[-1] and passages[1:3][1] == chunks[2]
    assert passages.doc_ids([0, len(passages) - 1]) == {"a", "b"}
    closing = passages.with_section(CLOSING)
    assert [passages[int(i)].section for i in closing] == [CLOSING, CLOSING]
    # some rows of two parts, joined: the same passages as the list they stand for
    half = len(chunks) // 2
    first, second = Passages.of(docs, records[:half]), Passages.of(docs, records[half:])
    kept = np.array([0, 1, half - 1])
    joined = Passages.join([first.select(kept), second])
    assert [c.chunk_id for c in joined] == [passages[int(i)].chunk_id for i in [*kept, *range(half, len(chunks))]]
    assert [c.text for c in joined] == [passages[int(i)].text for i in [*kept, *range(half, len(chunks))]]
