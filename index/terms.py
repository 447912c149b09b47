"""Tables keyed by term, written once with a segment and memory-mapped when a store is opened.

A MARISA trie (marisa-trie) numbers a segment's terms 0..n-1 in a few bytes each; arrays in that
order say what the table holds of each term. Opening a store maps the files and a question looks
its own terms up in place: nothing is parsed into Python objects, so the memory a store holds does
not grow with its vocabulary, and several segments are added up when a term is asked for.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import marisa_trie
import numpy as np


def write_trie(path: Path, terms: Sequence[str]) -> np.ndarray:
    """Write a trie of distinct terms; return where each of its numbers is in `terms`
    (terms[order[j]] is the term numbered j: what tables written beside it are ordered by)."""
    trie = marisa_trie.Trie(terms)
    trie.save(str(path))
    return np.argsort(np.fromiter((trie[t] for t in terms), dtype=np.int64, count=len(terms)))


def open_trie(path: Path) -> marisa_trie.Trie:
    """A written trie, memory-mapped."""
    if not path.is_file():
        raise FileNotFoundError(path)
    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    return trie


class CountTable(Mapping):
    """term → count of one segment: a trie and the counts in its numbering, both mapped."""

    def __init__(self, trie: marisa_trie.Trie, counts: np.ndarray) -> None:
        if len(trie) != len(counts):
            raise ValueError(f"a table of {len(counts)} counts for {len(trie)} terms")
        self._trie, self._counts = trie, counts

    @staticmethod
    def write(folder: Path, name: str, counts: Mapping[str, int]) -> None:
        terms = list(counts)
        order = write_trie(folder / f"{name}.marisa", terms)
        values = np.fromiter((counts[terms[k]] for k in order), dtype=np.int32, count=len(terms))
        np.save(folder / f"{name}.npy", values, allow_pickle=False)

    @classmethod
    def open(cls, folder: Path, name: str) -> CountTable:
        return cls(open_trie(folder / f"{name}.marisa"), np.load(folder / f"{name}.npy", mmap_mode="r"))

    def __getitem__(self, term: str) -> int:
        i = self._trie.get(term) if isinstance(term, str) else None
        if i is None:
            raise KeyError(term)
        return int(self._counts[i])

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and term in self._trie

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie)

    def __len__(self) -> int:
        return len(self._trie)


class Summed(Mapping):
    """The counts of several tables (segments, or Counters of older stores) as one, added up when a
    term is looked up. Reads like a Counter: a term no table has counts 0."""

    def __init__(self, parts: Sequence[Mapping[str, int]]) -> None:
        self._parts = list(parts)

    def __getitem__(self, term: str) -> int:
        return sum(p.get(term, 0) for p in self._parts)

    def get(self, term: str, default=None):
        return self[term] or default  # a count of 0 is as good as none

    def __contains__(self, term: object) -> bool:
        return any(term in p for p in self._parts)

    def __iter__(self) -> Iterator[str]:  # every term once: for tests and small stores, not per question
        seen: set[str] = set()
        for p in self._parts:
            for t in p:
                if t not in seen:
                    seen.add(t)
                    yield t

    def __len__(self) -> int:
        return sum(1 for _ in self)


class ListTable:
    """term → the numbers (0..) of some items of one segment: a trie and a CSR of item numbers."""

    def __init__(self, trie: marisa_trie.Trie, start: np.ndarray, items: np.ndarray) -> None:
        if len(start) != len(trie) + 1 or (len(start) and int(start[-1]) != len(items)):
            raise ValueError("a term list table whose parts disagree on their sizes")
        self._trie, self._start, self._items = trie, start, items

    @staticmethod
    def write(folder: Path, name: str, lists: Mapping[str, Collection[int]]) -> None:
        terms = list(lists)
        order = write_trie(folder / f"{name}.marisa", terms)
        by_number = [sorted(lists[terms[k]]) for k in order]
        start = np.zeros(len(terms) + 1, dtype=np.int64)
        start[1:] = np.cumsum([len(x) for x in by_number])
        items = np.fromiter((i for x in by_number for i in x), dtype=np.int32, count=int(start[-1]))
        np.save(folder / f"{name}-start.npy", start, allow_pickle=False)
        np.save(folder / f"{name}-items.npy", items, allow_pickle=False)

    @classmethod
    def open(cls, folder: Path, name: str) -> ListTable:
        start, items = (np.load(folder / f"{name}-{part}.npy", mmap_mode="r") for part in ("start", "items"))
        return cls(open_trie(folder / f"{name}.marisa"), start, items)

    def get(self, term: str) -> np.ndarray:
        i = self._trie.get(term)
        return np.zeros(0, dtype=np.int32) if i is None else self._of(i)

    def items(self) -> Iterable[tuple[str, np.ndarray]]:
        for term, i in self._trie.iteritems():
            yield term, self._of(i)

    def _of(self, i: int) -> np.ndarray:
        return np.asarray(self._items[int(self._start[i]) : int(self._start[i + 1])])
