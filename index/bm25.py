"""BM25 over Vietnamese syllables with bm25s, in two channels: with and without diacritics."""

from __future__ import annotations

import json
import logging
from collections.abc import KeysView
from pathlib import Path

import bm25s
import numpy as np

from vanban.lexicon import expand
from vanban.text import has_diacritics, plain_tokens, tokens, with_bigrams

# bm25s logs every index build at DEBUG on its own handler; keep it to warnings.
logging.getLogger("bm25s").setLevel(logging.WARNING)

K1 = 1.5
B = 0.75


class _Channel:
    """One bm25s index (Lucene BM25) over a fixed tokenization."""

    def __init__(self, retriever) -> None:
        self._r = retriever

    @classmethod
    def build(cls, docs_tokens: list[list[str]]) -> _Channel:
        retriever = bm25s.BM25(k1=K1, b=B, method="lucene")
        retriever.index(docs_tokens, show_progress=False)
        return cls(retriever)

    @classmethod
    def load(cls, path: Path) -> _Channel:
        return cls(bm25s.BM25.load(str(path), allow_pickle=False))

    def save(self, path: Path) -> None:
        self._r.save(str(path), allow_pickle=False, show_progress=False)

    @property
    def vocabulary(self) -> KeysView[str]:
        """Every token the channel indexed."""
        return self._r.vocab_dict.keys()

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        ids = self._r.get_tokens_ids(query_tokens)
        if not ids:
            return np.zeros(self._r.scores["num_docs"], dtype=np.float32)
        return np.asarray(self._r.get_scores_from_ids(ids), dtype=np.float32)


class BM25Index:
    """Lexical search; a query typed without any diacritics uses the diacritic-free channel."""

    def __init__(self, marked: _Channel, plain: _Channel, size: int, bigrams: bool = True) -> None:
        self._marked = marked
        self._plain = plain
        self.size = size
        self.bigrams = bigrams

    @property
    def plain_vocabulary(self) -> KeysView[str]:
        """Every diacritic-free syllable (and syllable pair) of the indexed passages."""
        return self._plain.vocabulary

    @classmethod
    def build(cls, texts: list[str], expand_terms: bool = True, bigrams: bool = True) -> BM25Index:
        """Index passages; with expand_terms, abbreviations and full forms match each other."""
        texts = [expand(t) for t in texts] if expand_terms else list(texts)
        grams = with_bigrams if bigrams else list
        return cls(
            _Channel.build([grams(tokens(t)) for t in texts]),
            _Channel.build([grams(plain_tokens(t)) for t in texts]),
            len(texts),
            bigrams,
        )

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        meta = json.loads((folder / "bm25.json").read_text(encoding="utf-8"))
        return cls(
            _Channel.load(folder / "marked"),
            _Channel.load(folder / "plain"),
            int(meta["size"]),
            bool(meta.get("bigrams", False)),
        )

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._marked.save(folder / "marked")
        self._plain.save(folder / "plain")
        meta = {"size": self.size, "k1": K1, "b": B, "method": "lucene", "bigrams": self.bigrams}
        (folder / "bm25.json").write_text(json.dumps(meta), encoding="utf-8")

    def scores(self, query: str, plain: bool | None = None) -> np.ndarray:
        """BM25 score of every passage; the plain channel by default for a query without marks."""
        if plain is None:
            plain = not has_diacritics(query)
        grams = with_bigrams if self.bigrams else list
        return self._plain.scores(grams(plain_tokens(query))) if plain else self._marked.scores(grams(tokens(query)))

    def search(self, query: str, k: int, plain: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (indices, scores) with a positive score, best first."""
        scores = self.scores(query, plain)
        k = min(k, len(scores))
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        return top.astype(np.int64), scores[top]
