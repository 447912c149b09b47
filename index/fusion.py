"""Rank fusion of several result lists: reciprocal rank and weighted score fusion."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RRF_K = 60


def rrf(rankings: Sequence[Sequence[int]], k: int = RRF_K, weights: Sequence[float] | None = None) -> dict[int, float]:
    """Reciprocal rank fusion: score(d) = sum_i w_i / (k + rank_i(d)), ranks from 1."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, w in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            fused[int(item)] = fused.get(int(item), 0.0) + w / (k + rank)
    return fused


def min_max(scores: np.ndarray) -> np.ndarray:
    """Scores scaled to [0, 1]; all-equal scores become 1 (a list of ties is all best)."""
    scores = np.asarray(scores, dtype=np.float64)
    if scores.size == 0:
        return scores
    lo, hi = scores.min(), scores.max()
    return np.ones_like(scores) if hi == lo else (scores - lo) / (hi - lo)


def weighted(results: Sequence[tuple[Sequence[int], Sequence[float]]], weights: Sequence[float]) -> dict[int, float]:
    """Weighted sum of min-max normalized scores; an item missing from a list scores 0 there."""
    fused: dict[int, float] = {}
    for (ids, scores), w in zip(results, weights):
        for item, s in zip(ids, min_max(np.asarray(scores))):
            fused[int(item)] = fused.get(int(item), 0.0) + w * float(s)
    return fused


def top(fused: dict[int, float], k: int) -> list[tuple[int, float]]:
    """The k best (item, score) pairs, ties broken by item for a stable order."""
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
