"""Fusion functions against values computed by hand."""

import pytest

from index.fusion import min_max, rrf, top, weighted


def test_rrf_by_hand():
    fused = rrf([[7, 3, 5], [3, 9]], k=60)
    assert fused[3] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[7] == pytest.approx(1 / 61)
    assert fused[9] == pytest.approx(1 / 62)
    assert fused[5] == pytest.approx(1 / 63)
    assert [i for i, _ in top(fused, 4)] == [3, 7, 9, 5]


def test_rrf_weights():
    fused = rrf([[1], [2]], k=0, weights=[2.0, 1.0])
    assert fused == {1: 2.0, 2: 1.0}


def test_min_max():
    assert min_max([2.0, 4.0, 3.0]).tolist() == [0.0, 1.0, 0.5]
    assert min_max([5.0, 5.0]).tolist() == [1.0, 1.0]


def test_weighted_by_hand():
    fused = weighted([([1, 2, 3], [0.9, 0.5, 0.1]), ([3, 4], [10.0, 2.0])], [0.7, 0.3])
    assert fused[1] == pytest.approx(0.7)
    assert fused[2] == pytest.approx(0.7 * 0.5)
    assert fused[3] == pytest.approx(0.0 + 0.3)
    assert fused[4] == pytest.approx(0.0)
    assert [i for i, _ in top(fused, 2)] == [1, 2]
