"""Any sentence-transformers model by name or local path, on CPU or GPU (optional extra)."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence

import numpy as np

from index.embedders import EmbedderError, normalize_rows

log = logging.getLogger(__name__)


class SentenceTransformerEmbedder:
    """A sentence-transformers model; E5-family models get their query/passage prefixes."""

    def __init__(self, model: str, device: str | None = None, batch_size: int = 32) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "the 'st:' embedders need sentence-transformers: pip install torch==2.13.0 && pip install -e '.[st]'"
            ) from exc
        # Offline by default: a model name resolves only from the local cache, so a machine
        # without network fails at once instead of retrying the hub.
        download = os.environ.get("VANBAN_ALLOW_DOWNLOAD", "").lower() in ("1", "true", "yes")
        try:
            self._model = SentenceTransformer(model, device=device, local_files_only=not download)
        except Exception as exc:  # hub errors, missing files, bad configs all surface here
            raise EmbedderError(
                f"could not load sentence-transformers model '{model}': {exc}. Give a local folder or a "
                "model already in the Hugging Face cache, or set VANBAN_ALLOW_DOWNLOAD=1 to fetch it."
            ) from exc
        self.name = f"st:{model}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.batch_size = batch_size
        prompts = getattr(self._model, "prompts", None) or {}
        if "query" in prompts and ("passage" in prompts or "document" in prompts):
            self._query_prefix = prompts["query"]
            self._passage_prefix = prompts.get("passage", prompts.get("document", ""))
        elif "e5" in model.lower():
            self._query_prefix, self._passage_prefix = "query: ", "passage: "
        else:
            self._query_prefix = self._passage_prefix = ""

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed([self._query_prefix + t for t in texts])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed([self._passage_prefix + t for t in texts])

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False)
        return normalize_rows(vectors)
