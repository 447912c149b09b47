"""Search a store: dense (FAISS), lexical (BM25) or both fused."""

from __future__ import annotations

import logging
from typing import Literal

import numpy as np

from index import fusion
from index.embedders import Embedder, make_embedder
from index.store import Store, mismatch
from vanban.records import Hit

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[str, ...] = ("hybrid", "dense", "bm25")
FUSIONS: tuple[str, ...] = ("rrf", "weighted")
MAX_QUERY_CHARS = 2000


class QueryError(ValueError):
    """A query that cannot be searched (empty, unknown mode...)."""


class Searcher:
    """Answers queries over one loaded store with the embedder it was built with."""

    def __init__(
        self,
        store: Store,
        embedder: Embedder | None = None,
        fusion_method: str = "rrf",
        dense_weight: float = 0.5,
        depth: int = 50,
    ) -> None:
        if embedder is None:
            embedder = make_embedder(store.embedder_name)
        if embedder.name != store.embedder_name:
            mismatch(store.embedder_name, embedder.name)
        if fusion_method not in FUSIONS:
            raise QueryError(f"unknown fusion '{fusion_method}' (choose from {', '.join(FUSIONS)})")
        self.store = store
        self.embedder = embedder
        self.fusion_method = fusion_method
        self.dense_weight = dense_weight
        self.depth = depth

    def search(self, query: str, k: int = 10, mode: str = "hybrid") -> list[Hit]:
        """The k best passages for a query, best first."""
        if not isinstance(query, str) or not query.strip():
            raise QueryError("the query is empty; type a question or some keywords")
        if mode not in MODES:
            raise QueryError(f"unknown mode '{mode}' (choose from {', '.join(MODES)})")
        if k < 1:
            raise QueryError("k must be at least 1")
        query = query.strip()[:MAX_QUERY_CHARS]
        depth = max(self.depth, k)
        if mode == "dense":
            ranked = list(zip(*self._dense(query, k)))
        elif mode == "bm25":
            ranked = list(zip(*self.store.bm25.search(query, k)))
        else:
            dense_ids, dense_scores = self._dense(query, depth)
            bm25_ids, bm25_scores = self.store.bm25.search(query, depth)
            if self.fusion_method == "rrf":
                fused = fusion.rrf([dense_ids, bm25_ids], weights=[self.dense_weight * 2, (1 - self.dense_weight) * 2])
            else:
                fused = fusion.weighted(
                    [(dense_ids, dense_scores), (bm25_ids, bm25_scores)], [self.dense_weight, 1 - self.dense_weight]
                )
            ranked = fusion.top(fused, k)
        return [
            Hit(rank=r, score=float(score), chunk=self.store.chunks[int(i)])
            for r, (i, score) in enumerate(ranked[:k], start=1)
        ]

    def _dense(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        vector = self.embedder.embed_queries([query])[0]
        return self.store.dense.search(vector, k)
