"""Approximate nearest neighbours for large segments: FAISS HNSW over 8-bit scalar-quantized vectors.

Exact search reads every vector for every question: about 10 ms per 100,000 vectors on this 2-core
machine, bound by memory bandwidth. A segment with more than ANN_MIN vectors gets a graph (HNSW,
Malkov & Yashunin) built when the segment is written; search takes its candidates from the graph
and scores them exactly from the float vectors, so the index only has to find, not to rank. Its
vectors are kept at 8 bits a value (a quarter of the float copy) for walking the graph.
`vanban bench --ann N` measures recall@10 against exact search and the latency at N vectors.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

ANN_MIN = 50_000  # vectors in a segment from which it gets a graph (a full segment's pieces have more)
M = 32  # graph neighbours a node keeps
EF_CONSTRUCTION = 64
EF_SEARCH = 512  # candidates kept while walking the graph: recall@10 0.997 at 200,000 of the bench's vectors
CANDIDATES = 4  # search asks the graph for this many times the results it needs, then scores them exactly


class AnnIndex:
    """HNSW over 8-bit vectors, inner product (cosine on normalized vectors)."""

    def __init__(self, index) -> None:
        self._index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> AnnIndex:
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = faiss.IndexHNSWSQ(vectors.shape[1], faiss.ScalarQuantizer.QT_8bit, M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = EF_CONSTRUCTION
        index.train(vectors)
        index.add(vectors)
        return cls(index)

    @classmethod
    def load(cls, path: Path) -> AnnIndex:
        """A saved graph, memory-mapped (its 8-bit vectors and links are read in place, not copied:
        a segment's files are never changed once written)."""
        import faiss

        return cls(faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC))

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    def search(self, query: np.ndarray, k: int, ef: int = EF_SEARCH) -> np.ndarray:
        """Up to k candidate rows for one query vector, nearest first (scores are approximate)."""
        import faiss

        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, dtype=np.int64)
        params = faiss.SearchParametersHNSW(efSearch=max(ef, k))
        _, ids = self._index.search(np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1), k, params=params)
        return ids[0][ids[0] >= 0].astype(np.int64)


def synthetic(n: int, dim: int = 384, latent: int = 48, seed: int = 0) -> np.ndarray:
    """n unit vectors with the low intrinsic dimension of text embeddings (`latent` directions mixed
    into `dim`); uniform random vectors would have no neighbours to find."""
    mix = np.random.default_rng(1234).standard_normal((latent, dim)).astype(np.float32)
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        z = rng.standard_normal((min(100_000, n - start), latent)).astype(np.float32)
        x = z @ mix
        out[start : start + len(x)] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def bench_ann(n: int, queries: int = 200, k: int = 10) -> dict:
    """Recall@k of the graph's candidates against exact search, and its latency, at n vectors."""
    import time

    vectors = synthetic(n)
    asked = synthetic(queries, seed=99)
    started = time.perf_counter()
    index = AnnIndex.build(vectors)
    built = time.perf_counter() - started
    found, exact_ms, ann_ms = 0, [], []
    for q in asked:
        t = time.perf_counter()
        scores = vectors @ q
        truth = np.argpartition(-scores, k)[:k]
        exact_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        candidates = index.search(q, CANDIDATES * k)  # as search does: candidates, then exact scores
        got = candidates[np.argsort(-(vectors[candidates] @ q))[:k]]
        ann_ms.append((time.perf_counter() - t) * 1000)
        found += len(set(got.tolist()) & set(truth.tolist()))
    pct = lambda ms, p: round(float(np.percentile(ms, p)), 2)  # noqa: E731
    return {
        "vectors": n,
        "build_s": round(built, 1),
        f"recall_at_{k}": round(found / (k * queries), 4),
        "ann_ms": {"p50": pct(ann_ms, 50), "p95": pct(ann_ms, 95)},
        "exact_ms": {"p50": pct(exact_ms, 50), "p95": pct(exact_ms, 95)},
    }
