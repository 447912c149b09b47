"""BM25 on a five-passage corpus against scores worked out by hand."""

import math

import numpy as np
import pytest

from index.bm25 import K1, B, BM25Index

PASSAGES = [
    "biển đảo biển đảo",  # 0: "biển" twice, 4 tokens
    "biển đảo quê hương",  # 1
    "thông tin đối ngoại",  # 2
    "thông tin biển",  # 3: 3 tokens
    "đối ngoại nhân dân",  # 4
]


def _idf(df: int, n: int = 5) -> float:
    # Lucene BM25 idf, as bm25s computes it by default.
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _tf(tf: int, length: int, avg: float) -> float:
    # Lucene's term-frequency part, without the constant (k1 + 1) factor.
    return tf / (tf + K1 * (1 - B + B * length / avg))


def test_bm25_scores_match_hand_computation():
    index = BM25Index.build(PASSAGES, expand_terms=False, bigrams=False)
    avg = (4 + 4 + 4 + 3 + 4) / 5  # 3.8 tokens
    # "biển" is in passages 0, 1, 3 (df = 3).
    expected = np.zeros(5)
    expected[0] = _idf(3) * _tf(2, 4, avg)
    expected[1] = _idf(3) * _tf(1, 4, avg)
    expected[3] = _idf(3) * _tf(1, 3, avg)
    np.testing.assert_allclose(index.scores("biển"), expected, rtol=1e-5)
    ids, _ = index.search("biển", 5)
    # Two occurrences beat one; a shorter passage beats a longer one with the same tf.
    assert ids.tolist() == [0, 3, 1]


def test_two_term_query_ranking():
    index = BM25Index.build(PASSAGES, expand_terms=False, bigrams=False)
    # "thông tin" in 2, 3 (df 2 each); "đối ngoại" in 2, 4 (df 2 each).
    ids, scores = index.search("thông tin đối ngoại", 5)
    assert ids.tolist() == [2, 3, 4]
    avg = 3.8
    assert scores[0] == pytest.approx(4 * _idf(2) * _tf(1, 4, avg), rel=1e-5)


def test_query_without_diacritics_uses_plain_channel():
    index = BM25Index.build(PASSAGES, expand_terms=False, bigrams=False)
    assert index.search("doi ngoai nhan dan", 1)[0].tolist() == [4]
    assert index.search("bien dao", 5)[0].tolist() == index.search("biển đảo", 5)[0].tolist()


def test_unknown_words_and_save_load(tmp_path):
    index = BM25Index.build(PASSAGES, expand_terms=False, bigrams=False)
    assert index.search("hoàn toàn xa lạ", 5)[0].size == 0
    index.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    np.testing.assert_allclose(loaded.scores("biển đảo"), index.scores("biển đảo"))
    assert loaded.size == 5


def test_abbreviations_match_full_forms_both_ways():
    index = BM25Index.build(["Công tác TTĐN của tỉnh", "Ủy ban nhân dân huyện họp", "Biển đảo quê hương"])
    assert index.search("thông tin đối ngoại", 1)[0].tolist() == [0]
    assert index.search("UBND", 1)[0].tolist() == [1]


def test_bigrams_prefer_the_phrase_over_scattered_syllables():
    passages = ["tin tức về thông báo đối tác ngoại giao", "công tác thông tin đối ngoại"]
    assert BM25Index.build(passages).search("thông tin đối ngoại", 1)[0].tolist() == [1]
    scattered = BM25Index.build(["thông đối tin ngoại xa", "công tác thông tin đối ngoại"], expand_terms=False)
    plain = BM25Index.build(
        ["thông đối tin ngoại xa", "công tác thông tin đối ngoại"], expand_terms=False, bigrams=False
    )
    gap = lambda idx: idx.scores("thông tin đối ngoại")[1] - idx.scores("thông tin đối ngoại")[0]  # noqa: E731
    assert gap(scattered) > gap(plain)


def test_saved_parts_joined_without_deleted_passages_score_as_one_index_of_the_rest(tmp_path):
    from index.bm25 import POSTINGS, Postings

    first, second = PASSAGES[:3], [*PASSAGES[3:], "Biển đảo và hội nghị tập huấn biển đảo"]
    BM25Index.build(first, expand_terms=False, bigrams=False).save(tmp_path / "a")
    BM25Index.build(second, expand_terms=False, bigrams=False).save(tmp_path / "b")
    kept = np.array([0, 2])  # the second passage of the first part was deleted
    joined = BM25Index.join([(tmp_path / "a", kept), (tmp_path / "b", None)])
    alone = BM25Index.build([first[0], first[2], *second], expand_terms=False, bigrams=False)
    assert joined.size == alone.size == 2 + len(second)
    for query in ("biển đảo", "hội nghị", "tập huấn biển"):
        np.testing.assert_allclose(joined.scores(query), alone.scores(query), rtol=1e-6)
    from index.bm25 import Slices

    opened = Postings.open(tmp_path / "a" / "plain")
    assert isinstance(opened.rows, Slices) and isinstance(opened.tf, Slices)  # read a term at a time, not loaded
    # a part saved before postings were written (counts by passage) is read from them, with the same scores
    from scipy import sparse

    from index.bm25 import Counts

    old = Counts.load(tmp_path / "a" / "plain")
    sparse.save_npz(tmp_path / "a" / "plain" / Counts.COUNTS, old.matrix, compressed=False)
    for name in POSTINGS:
        (tmp_path / "a" / "plain" / name).unlink()
    older = BM25Index.join([(tmp_path / "a", kept), (tmp_path / "b", None)])
    np.testing.assert_allclose(older.scores("bien dao"), alone.scores("bien dao"), rtol=1e-6)
    assert "bien" in older.plain_vocabulary and "qzx" not in older.plain_vocabulary
