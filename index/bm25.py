"""BM25 over Vietnamese syllables, in two channels: with and without diacritics.

Lucene's BM25 (bm25s's default too): idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)) and a term's
weight in a passage tf / (tf + k1 (1 - b + b · len / avglen)); a passage scores the sum over the
query's distinct terms. Term counts are kept per segment of the store (index/store.py) by term
(postings, memory-mapped for searching; read back by passage to merge segments); `join` puts
segments together without the passages deleted since: N and the average length are those of what
is left, and a term's df is counted over its live postings when a query asks for it, so that
adding a file never re-reads the others and opening a store reads no term counts at all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import marisa_trie
import numpy as np
import orjson
from scipy import sparse

from index.terms import open_trie, write_trie
from vanban.lexicon import expand
from vanban.text import has_diacritics, plain_tokens, tokens, with_bigrams

K1 = 1.5
B = 0.75
VOCAB = "vocab.json"  # the terms in column order, as stores of format 3 kept them
TRIE = "vocab.marisa"  # the terms, numbered as their columns (index/terms.py): looked up in place
# Per channel: how often each term occurs in each passage, by term (CSC), read memory-mapped when
# searching: a query touches only the pages of its own terms, and opening a store converts nothing.
POSTINGS = ("postings-start.npy", "postings-rows.npy", "postings-tf.npy", "lengths.npy")


class Counts:
    """Term counts of some passages: a sparse passages × terms matrix and the terms' names."""

    COUNTS = "counts.npz"  # how stores written before postings kept them: passages × terms

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
        """Written by term (Postings), the columns in the order the vocabulary's trie numbers the terms:
        what search reads in place; merging turns it back by passage."""
        folder.mkdir(parents=True, exist_ok=True)
        order = write_trie(folder / TRIE, self.vocab)  # column j of the file: the term numbered j
        postings = Postings.of(Counts(self.matrix[:, order], [self.vocab[j] for j in order]))
        for name, array in zip(POSTINGS, (postings.start, postings.rows, postings.tf, postings.lengths), strict=True):
            np.save(folder / name, array, allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> Counts:
        vocab = _vocabulary(folder)
        if not (folder / POSTINGS[0]).is_file():  # saved by passage, before postings were written
            return cls(sparse.load_npz(folder / cls.COUNTS), vocab)
        start, rows, tf, lengths = (np.load(folder / name, allow_pickle=False) for name in POSTINGS)
        return cls(sparse.csc_matrix((tf, rows, start), shape=(len(lengths), len(vocab))).tocsr(), vocab)


def _vocabulary(folder: Path) -> list[str]:
    """A saved channel's terms in column order."""
    if (folder / TRIE).is_file():
        trie = open_trie(folder / TRIE)
        return [trie.restore_key(j) for j in range(len(trie))]
    return orjson.loads((folder / VOCAB).read_bytes())


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


class Slices:
    """A saved 1-d array read a slice at a time (pread), not mapped: a query reads its terms'
    postings and nothing stays in the process (mapped, the pages around each term would: all of
    the postings after a few questions). The kernel's page cache keeps what is read often."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("rb")
        version = np.lib.format.read_magic(self._file)
        header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, _, dtype = header(self._file)
        if len(shape) != 1 or dtype.hasobject:
            raise ValueError(f"{path}: not a 1-d array of numbers")
        self.dtype, self._size, self._offset = dtype, shape[0], self._file.tell()

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, key):
        if isinstance(key, slice):
            a, b, step = key.indices(self._size)
            if step != 1:
                raise IndexError("Slices reads contiguous slices only")
            n = max(b - a, 0)
            data = os.pread(self._file.fileno(), n * self.dtype.itemsize, self._offset + a * self.dtype.itemsize)
            if len(data) != n * self.dtype.itemsize:
                raise ValueError(f"{self.path}: truncated")
            return np.frombuffer(data, dtype=self.dtype)
        i = int(key) + (self._size if int(key) < 0 else 0)
        if not 0 <= i < self._size:
            raise IndexError(key)
        return self[i : i + 1][0]


class Postings:
    """One segment's channel by term: the passages each term occurs in (`rows[start[j]:start[j + 1]]`)
    and how often (`tf`), and every passage's length. Read from the store a term at a time; the
    vocabulary is a mapped trie (or, in a store of format 3, read when first looked up)."""

    def __init__(self, vocab, start: np.ndarray, rows: np.ndarray, tf: np.ndarray, lengths: np.ndarray) -> None:
        self._vocab = vocab  # list of terms, or a function that reads it
        self._ids: dict[str, int] | None = None
        self.start, self.rows, self.tf, self.lengths = start, rows, tf, lengths

    @classmethod
    def of(cls, counts: Counts) -> Postings:
        m = counts.matrix.tocsc()
        m.sort_indices()
        lengths = np.asarray(counts.matrix.sum(axis=1), dtype=np.float32).ravel()
        return cls(
            counts.vocab, m.indptr.astype(np.int64), m.indices.astype(np.int32), m.data.astype(np.float32), lengths
        )

    @classmethod
    def open(cls, folder: Path) -> Postings:
        """A saved channel; from its counts by passage when it was saved before postings were written."""
        if not (folder / POSTINGS[0]).is_file():
            return cls.of(Counts.load(folder))
        start, rows, tf = (Slices(folder / name) for name in POSTINGS[:3])
        lengths = np.load(folder / POSTINGS[3], mmap_mode="r", allow_pickle=False)
        if not (len(rows) == len(tf) == start[-1]):
            raise ValueError(f"{folder}: BM25 postings disagree on their sizes")
        if (folder / TRIE).is_file():
            trie = open_trie(folder / TRIE)
            if len(trie) != len(start) - 1:
                raise ValueError(f"{folder}: BM25 vocabulary of {len(trie)} terms for {len(start) - 1} columns")
            return cls(trie, start, rows, tf, lengths)
        return cls(lambda: orjson.loads((folder / VOCAB).read_bytes()), start, rows, tf, lengths)

    @property
    def ids(self) -> Mapping[str, int]:
        """term → column: the mapped trie, or (a store of format 3) a dict made at first look-up."""
        if isinstance(self._vocab, marisa_trie.Trie):
            return self._vocab
        if self._ids is None:
            vocab = self._vocab() if callable(self._vocab) else self._vocab
            if len(vocab) != len(self.start) - 1:
                raise ValueError(f"BM25 vocabulary of {len(vocab)} terms for {len(self.start) - 1} columns")
            self._ids, self._vocab = {t: i for i, t in enumerate(vocab)}, None
        return self._ids

    def column(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(passages, term frequencies) of a term, None when no passage has it."""
        j = self.ids.get(term)
        if j is None:
            return None
        a, b = (int(x) for x in self.start[j : j + 2])  # one read of the two bounds
        return self.rows[a:b], self.tf[a:b]


class _Vocabulary:
    """Whether a term occurs in any part of a channel."""

    def __init__(self, parts: list[Postings]) -> None:
        self._parts = parts

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and any(term in p.ids for p in self._parts)


class _Channel:
    """Lucene BM25 over one tokenization, across the parts (segments) of an index and without their
    deleted passages: N, df and the average length are those of the live passages, worked out per
    query term from the parts' postings.

    A part is read when a search first needs the channel (a store opened for one question that has
    diacritics never needs the channel without them)."""

    def __init__(self, parts: Sequence[tuple[Postings | Callable[[], Postings], np.ndarray | None]], size: int) -> None:
        self._parts = list(parts)
        self.size = size
        self.counts: Counts | None = None  # an index built in memory keeps them, for `save`
        self._ready_parts: list[tuple[Postings, np.ndarray | None, int]] | None = None
        self._norm: np.ndarray | None = None

    def _ready(self) -> list[tuple[Postings, np.ndarray | None, int]]:
        """Each part with where its passages go: an array (-1: deleted) or, when all are kept, an offset."""
        if self._ready_parts is not None:
            return self._ready_parts
        ready, lengths, offset = [], [], 0
        for part, kept in self._parts:
            postings = part() if callable(part) else part
            n = len(postings.lengths)
            if kept is None:
                ready.append((postings, None, offset))
                lengths.append(np.asarray(postings.lengths, dtype=np.float64))
                offset += n
            else:
                where = np.full(n, -1, dtype=np.int64)
                where[kept] = np.arange(offset, offset + len(kept))
                ready.append((postings, where, offset))
                lengths.append(np.asarray(postings.lengths, dtype=np.float64)[kept])
                offset += len(kept)
        if offset != self.size:
            raise ValueError(f"BM25 counts of {offset} passages for {self.size}")
        length = np.concatenate(lengths) if lengths else np.zeros(0)
        avg = float(length.mean()) if self.size else 1.0
        self._norm = K1 * (1 - B + B * length / (avg or 1.0))
        self._ready_parts = ready
        return ready

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(live passages, term frequencies) of a term over every part, passages ascending."""
        rows, tfs = [], []
        for postings, where, offset in self._ready():
            found = postings.column(term)
            if found is None:
                continue
            local, tf = found
            if where is None:
                rows.append(np.asarray(local, dtype=np.int64) + offset)
                tfs.append(np.asarray(tf))
            else:
                at = where[local]
                live = at >= 0
                rows.append(at[live])
                tfs.append(np.asarray(tf)[live])
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return np.concatenate(rows), np.concatenate(tfs)

    @property
    def vocabulary(self) -> _Vocabulary:
        return _Vocabulary([p for p, _, _ in self._ready()])

    def rows_with(self, term: str) -> np.ndarray:
        """The passages a term occurs in."""
        return self.postings(term)[0]

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        out = np.zeros(self.size, dtype=np.float32)
        self._ready()
        for t in dict.fromkeys(query_tokens):
            rows, tf = self.postings(t)
            if not len(rows):
                continue
            df = len(rows)
            idf = np.float32(np.log(1 + (self.size - df + 0.5) / (df + 0.5)))
            out[rows] += idf * (tf / (tf + self._norm[rows])).astype(np.float32)
        return out


class BM25Index:
    """Lexical search; a query typed without any diacritics uses the diacritic-free channel."""

    def __init__(
        self,
        marked: Counts | Sequence[tuple[Callable[[], Postings], np.ndarray | None]],
        plain: Counts | Sequence[tuple[Callable[[], Postings], np.ndarray | None]],
        bigrams: bool = True,
        size: int | None = None,
    ) -> None:
        """From counts made in memory (`build`), or from a saved index's parts (`join`) given their size."""
        if isinstance(marked, Counts) and isinstance(plain, Counts):
            size = marked.matrix.shape[0]
            self._marked = _Channel([(Postings.of(marked), None)], size)
            self._plain = _Channel([(Postings.of(plain), None)], size)
            self._marked.counts, self._plain.counts = marked, plain
        else:
            self._marked = _Channel(marked, size)
            self._plain = _Channel(plain, size)
        self.size = size
        self.bigrams = bigrams

    @property
    def plain_vocabulary(self) -> _Vocabulary:
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
        """The index of several saved ones' kept rows (None: all), in order; each channel's postings are
        memory-mapped when a search first needs them. `size`: their number of passages, when known."""
        bigrams = all(json.loads((f / "bm25.json").read_text(encoding="utf-8")).get("bigrams") for f, _ in parts)
        if size is None:
            size = sum(len(Postings.open(f / "marked").lengths) if rows is None else len(rows) for f, rows in parts)

        def channel(name: str):
            return [((lambda f=f: Postings.open(f / name)), rows) for f, rows in parts]

        return cls(channel("marked"), channel("plain"), bigrams, size=size)

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
