"""BM25 over Vietnamese syllables, in two channels: with and without diacritics.

Lucene's BM25 (bm25s's default too): idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)) and a term's
weight in a passage tf / (tf + k1 (1 - b + b · len / avglen)); a passage scores the sum over the
query's distinct terms. Term counts are kept per segment of the store (index/store.py) as sparse
matrices; `join` puts segments together, without the passages deleted since, and works out N,
df and the average length over what is left, so that adding a file never re-reads the others.
"""

from __future__ import annotations

import json
from collections.abc import Callable, KeysView, Sequence
from pathlib import Path

import numpy as np
import orjson
from scipy import sparse

from vanban.lexicon import expand
from vanban.text import has_diacritics, plain_tokens, tokens, with_bigrams

K1 = 1.5
B = 0.75
COUNTS = "counts.npz"  # per channel: passages × terms, how often each term occurs
VOCAB = "vocab.json"


class Counts:
    """Term counts of some passages: a sparse passages × terms matrix and the terms' names."""

    def __init__(self, matrix: sparse.csr_matrix, vocab: list[str]) -> None:
        self.matrix = matrix.tocsr()
        self.vocab = vocab

    @classmethod
    def of(cls, docs_tokens: Sequence[Sequence[str]]) -> Counts:
        ids: dict[str, int] = {}
        rows, cols = [], []
        for r, toks in enumerate(docs_tokens):
            for t in toks:
                rows.append(r)
                cols.append(ids.setdefault(t, len(ids)))
        data = np.ones(len(rows), dtype=np.float32)
        matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(docs_tokens), len(ids)), dtype=np.float32)
        matrix.sum_duplicates()
        return cls(matrix, list(ids))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        sparse.save_npz(folder / COUNTS, self.matrix, compressed=False)
        (folder / VOCAB).write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Counts:
        vocab = orjson.loads((folder / VOCAB).read_bytes())
        return cls(sparse.load_npz(folder / COUNTS), vocab)


def join_counts(parts: Sequence[tuple[Counts, np.ndarray | None]]) -> Counts:
    """One Counts of the kept rows of several (rows None: all), in order, over one vocabulary."""
    if len(parts) == 1 and parts[0][1] is None:
        return parts[0][0]
    ids: dict[str, int] = {}
    local = [
        np.fromiter((ids.setdefault(t, len(ids)) for t in c.vocab), dtype=np.int64, count=len(c.vocab))
        for c, _ in parts
    ]
    blocks = []
    for (counts, rows), remap in zip(parts, local):
        m = counts.matrix if rows is None else counts.matrix[rows]
        blocks.append(sparse.csr_matrix((m.data, remap[m.indices], m.indptr), shape=(m.shape[0], len(ids))))
    if not blocks:
        return Counts(sparse.csr_matrix((0, 0), dtype=np.float32), [])
    return Counts(sparse.vstack(blocks, format="csr"), list(ids))


def read_counts(parts: Sequence[tuple[Path, np.ndarray | None]], channel: str) -> Counts:
    """One channel's ("marked" or "plain") saved counts of several indexes' kept rows, as one."""
    return join_counts([(Counts.load(folder / channel), rows) for folder, rows in parts])


class _Channel:
    """Lucene BM25 over one tokenization, ready to score: weights by term (CSC) and idf.

    Worked out from the counts on first use (a store opened for one question that has diacritics
    never needs the channel without them); the counts are let go once it is."""

    def __init__(
        self, counts: Counts | Callable[[], Counts], keep_counts: bool = False, size: int | None = None
    ) -> None:
        self._load = counts if callable(counts) else None  # counts read from the store when first needed
        self._counts: Counts | None = None if callable(counts) else counts
        self.keep_counts = keep_counts  # an index built in memory keeps them, for `save`
        self.size = size if size is not None else self._counts.matrix.shape[0]
        self._ids: dict[str, int] | None = None
        self._weights: sparse.csc_matrix | None = None
        self._idf: np.ndarray | None = None

    @property
    def counts(self) -> Counts | None:
        if self._counts is None and self._load is not None:
            self._counts, self._load = self._load(), None
            if self._counts.matrix.shape[0] != self.size:
                raise ValueError(f"BM25 counts of {self._counts.matrix.shape[0]} passages for {self.size}")
        return self._counts

    @property
    def ids(self) -> dict[str, int]:
        if self._ids is None:
            self._ids = {t: i for i, t in enumerate(self.counts.vocab)}
        return self._ids

    def _ready(self) -> None:
        if self._weights is not None:
            return
        m = self.counts.matrix
        lengths = np.asarray(m.sum(axis=1)).ravel()
        avg = float(lengths.mean()) if self.size else 1.0
        norm = K1 * (1 - B + B * lengths / (avg or 1.0))
        row_of = np.repeat(np.arange(self.size), np.diff(m.indptr))
        weights = sparse.csr_matrix((m.data / (m.data + norm[row_of]), m.indices, m.indptr), shape=m.shape)
        self._weights = weights.tocsc()
        df = np.diff(self._weights.indptr)
        self._idf = np.log(1 + (self.size - df + 0.5) / (df + 0.5)).astype(np.float32)
        if not self.keep_counts:
            self.ids  # noqa: B018  (the vocabulary is kept; the counts are not needed any more)
            self._counts = None

    @property
    def weights(self) -> sparse.csc_matrix:
        self._ready()
        return self._weights

    @property
    def idf(self) -> np.ndarray:
        self._ready()
        return self._idf

    @property
    def vocabulary(self) -> KeysView[str]:
        return self.ids.keys()

    def rows_with(self, term: str) -> np.ndarray:
        """The passages a term occurs in."""
        j = self.ids.get(term)
        if j is None:
            return np.zeros(0, dtype=np.int64)
        return self.weights.indices[self.weights.indptr[j] : self.weights.indptr[j + 1]].astype(np.int64)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        out = np.zeros(self.size, dtype=np.float32)
        w = self.weights
        for t in dict.fromkeys(query_tokens):
            j = self.ids.get(t)
            if j is None:
                continue
            a, b = w.indptr[j], w.indptr[j + 1]
            out[w.indices[a:b]] += self.idf[j] * w.data[a:b]
        return out


class BM25Index:
    """Lexical search; a query typed without any diacritics uses the diacritic-free channel."""

    def __init__(
        self,
        marked: Counts | Callable[[], Counts],
        plain: Counts | Callable[[], Counts],
        bigrams: bool = True,
        keep_counts: bool = True,
        size: int | None = None,
    ) -> None:
        self._marked = _Channel(marked, keep_counts, size)
        self._plain = _Channel(plain, keep_counts, size)
        self.size = self._marked.size
        self.bigrams = bigrams

    @property
    def plain_vocabulary(self) -> KeysView[str]:
        """Every diacritic-free syllable (and syllable pair) of the indexed passages."""
        return self._plain.vocabulary

    @staticmethod
    def count(texts: Sequence[str], expand_terms: bool = True, bigrams: bool = True) -> tuple[Counts, Counts]:
        """The two channels' term counts of passages; with expand_terms, abbreviations and full
        forms are indexed both ways ("TTĐN" ↔ "thông tin đối ngoại")."""
        texts = [expand(t) for t in texts] if expand_terms else list(texts)
        grams = with_bigrams if bigrams else list
        return Counts.of([grams(tokens(t)) for t in texts]), Counts.of([grams(plain_tokens(t)) for t in texts])

    @classmethod
    def build(cls, texts: Sequence[str], expand_terms: bool = True, bigrams: bool = True) -> BM25Index:
        """Index passages in one go."""
        marked, plain = cls.count(texts, expand_terms, bigrams)
        return cls(marked, plain, bigrams)

    def save(self, folder: Path) -> None:
        if self._marked.counts is None or self._plain.counts is None:
            raise ValueError("this index was read from a store and keeps no counts to save; build it from the texts")
        self.save_counts(folder, self._marked.counts, self._plain.counts, self.bigrams)

    @staticmethod
    def save_counts(folder: Path, marked: Counts, plain: Counts, bigrams: bool = True) -> None:
        """Write the two channels' counts; `load` and `join` read them."""
        marked.save(folder / "marked")
        plain.save(folder / "plain")
        (folder / "bm25.json").write_text(json.dumps({"k1": K1, "b": B, "bigrams": bigrams}), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        return cls.join([(folder, None)])

    @classmethod
    def join(cls, parts: Sequence[tuple[Path, np.ndarray | None]], size: int | None = None) -> BM25Index:
        """The index of several saved ones' kept rows (None: all), in order; given their number of
        passages (`size`), each channel is read only when a search first needs it."""
        bigrams = all(json.loads((f / "bm25.json").read_text(encoding="utf-8")).get("bigrams") for f, _ in parts)
        marked, plain = (lambda: read_counts(parts, "marked")), (lambda: read_counts(parts, "plain"))
        if size is None:
            return cls(marked(), plain(), bigrams, keep_counts=False)
        return cls(marked, plain, bigrams, keep_counts=False, size=size)  # each read when first searched

    def passages_with(self, term: str, plain: bool = True) -> np.ndarray:
        """The passages a syllable or syllable pair ("lang_son") occurs in, abbreviations expanded."""
        return (self._plain if plain else self._marked).rows_with(term)

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
