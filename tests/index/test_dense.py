"""FAISS results equal brute-force numpy."""

import numpy as np

from index.dense import DenseIndex
from tests.conftest import unit_rows


def test_faiss_equals_brute_force(tmp_path):
    vectors = unit_rows(500, 64, seed=1)
    queries = unit_rows(20, 64, seed=2)
    index = DenseIndex.build(vectors)
    index.save(tmp_path / "dense.faiss")
    loaded = DenseIndex.load(tmp_path / "dense.faiss")
    for q in queries:
        expected = vectors @ q
        order = np.argsort(-expected, kind="stable")[:10]
        for idx in (index, loaded):
            ids, scores = idx.search(q, 10)
            np.testing.assert_allclose(scores, expected[order], rtol=1e-5, atol=1e-6)
            np.testing.assert_array_equal(ids, order)


def test_k_larger_than_index():
    index = DenseIndex.build(unit_rows(3, 8))
    ids, scores = index.search(unit_rows(1, 8, seed=5)[0], 10)
    assert sorted(ids.tolist()) == [0, 1, 2]
    assert np.all(np.diff(scores) <= 1e-7)
