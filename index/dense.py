"""Exact inner-product search over L2-normalized vectors with FAISS."""

from __future__ import annotations

from pathlib import Path

import numpy as np


class DenseIndex:
    """A FAISS IndexFlatIP: cosine similarity for normalized vectors, exact."""

    def __init__(self, index) -> None:
        self._index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        return cls(index)

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        import faiss

        return cls(faiss.read_index(str(path)))

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dim(self) -> int:
        return int(self._index.d)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (indices, scores) for one query vector, best first."""
        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores, ids = self._index.search(np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1), k)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]
