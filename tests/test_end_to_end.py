"""The real corpus with the bundled embedder: the question the product exists for."""

import pytest


@pytest.mark.parametrize("mode", ["hybrid"])
def test_kl57_tasks_in_top5(corpus_searcher, mode):
    hits = corpus_searcher.search("Nhiệm vụ và giải pháp của Kết luận 57 là gì?", k=5, mode=mode)
    docs = {d.doc_id: d for d in corpus_searcher.store.documents}
    section_ii = [
        h for h in hits if docs[h.chunk.doc_id].code == "57-KL/TW" and (h.chunk.section or "").startswith("II")
    ]
    assert section_ii, [(h.chunk.doc_id, h.chunk.section) for h in hits]
    assert "NHIỆM VỤ VÀ GIẢI PHÁP" in section_ii[0].chunk.section


def test_every_corpus_chunk_fits_the_model_window(corpus_searcher, e5):
    longest = max(e5.count_tokens(c.embed_text()) for c in corpus_searcher.store.chunks)
    assert longest <= 512, longest
