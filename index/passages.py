"""A store's passages as columns of numbers; a Chunk is made when one is asked for.

As Python objects, the passages' records (id, offsets, page, section) were most of what an open
store held of its own: about 430 bytes a passage, 109 MB at 10,000 files. As columns they take 28
bytes, and the strings a passage shares with others (its document's, its section's) are held once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from vanban.records import Chunk, Document

_INTS = ("doc", "number", "start", "end", "page", "section", "title", "label")


class Passages(Sequence):
    """The passages of some documents, in store order, read as a list of Chunk.

    doc: index into `documents`; number: the passage's number in its document (its id is
    "<doc_id>#<number:04d>", or, for a record that says otherwise, kept in `odd_ids`); start, end:
    offsets into the document's text; page (-1: none); section, title, label: indices into
    `strings` (-1: none).
    """

    def __init__(
        self, documents: list[Document], columns: dict[str, np.ndarray], strings: list[str], odd_ids: dict[int, str]
    ) -> None:
        if set(columns) != set(_INTS) or len({len(a) for a in columns.values()}) > 1:
            raise ValueError("passage columns disagree on their names or sizes")
        self.documents, self.strings, self.odd_ids = documents, strings, odd_ids
        self.columns = columns
        self.doc = columns["doc"]

    @classmethod
    def of(cls, documents: Sequence[Document], records: Sequence[dict]) -> Passages:
        """From chunks.jsonl records (or Chunk.to_json()) of these documents."""
        documents = list(documents)
        at = {d.doc_id: n for n, d in enumerate(documents)}
        strings: dict[str, int] = {}
        columns = {name: np.empty(len(records), dtype=np.int64) for name in _INTS}
        odd: dict[int, str] = {}

        def string(value: str | None) -> int:
            return -1 if value is None else strings.setdefault(value, len(strings))

        for i, c in enumerate(records):
            doc_id = c["doc_id"]
            prefix, _, number = c["chunk_id"].rpartition("#")
            if prefix == doc_id and number.isdigit() and f"{doc_id}#{int(number):04d}" == c["chunk_id"]:
                columns["number"][i] = int(number)
            else:
                columns["number"][i] = -1
                odd[i] = c["chunk_id"]
            columns["doc"][i] = at[doc_id]
            columns["start"][i], columns["end"][i] = c["start"], c["end"]
            columns["page"][i] = -1 if c.get("page") is None else c["page"]
            columns["section"][i] = string(c.get("section"))
            columns["title"][i] = string(c.get("title"))
            columns["label"][i] = string(c.get("label", ""))
        small = {name: a.astype(np.int32) if name != "start" and name != "end" else a for name, a in columns.items()}
        return cls(documents, small, list(strings), odd)

    @classmethod
    def join(cls, parts: Sequence[Passages]) -> Passages:
        """Several as one, in order."""
        if len(parts) == 1:
            return parts[0]
        documents: list[Document] = []
        strings: list[str] = []
        odd: dict[int, str] = {}
        columns: dict[str, list[np.ndarray]] = {name: [] for name in _INTS}
        rows = 0
        for p in parts:
            for name in _INTS:
                a = p.columns[name]
                if name == "doc":
                    a = a + len(documents)
                elif name in ("section", "title", "label"):
                    a = np.where(a >= 0, a + len(strings), -1)
                columns[name].append(a)
            odd.update({rows + i: cid for i, cid in p.odd_ids.items()})
            documents += p.documents
            strings += p.strings
            rows += len(p)
        joined = {name: np.concatenate(arrays) if arrays else np.zeros(0, np.int32) for name, arrays in columns.items()}
        return cls(documents, joined, strings, odd)

    def select(self, rows: np.ndarray) -> Passages:
        """These rows only, in this order."""
        rows = np.asarray(rows, dtype=np.int64)
        where = {int(r): n for n, r in enumerate(rows)}
        odd = {where[i]: cid for i, cid in self.odd_ids.items() if i in where}
        return Passages(self.documents, {name: a[rows] for name, a in self.columns.items()}, self.strings, odd)

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = int(i)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        c = self.columns
        d = self.documents[c["doc"][i]]
        page = int(c["page"][i])
        return Chunk(
            chunk_id=self.chunk_id(i),
            doc_id=d.doc_id,
            source=d.source,
            title=self._string(c["title"][i]),
            page=None if page < 0 else page,
            section=self._string(c["section"][i]),
            start=int(c["start"][i]),
            end=int(c["end"][i]),
            document_text=d.text_source,
            label=self._string(c["label"][i]) or "",
        )

    def __iter__(self) -> Iterator[Chunk]:
        for i in range(len(self)):
            yield self[i]

    def _string(self, n) -> str | None:
        return None if n < 0 else self.strings[n]

    def chunk_id(self, i: int) -> str:
        number = int(self.columns["number"][i])
        if number < 0:
            return self.odd_ids[i]
        return f"{self.documents[self.doc[i]].doc_id}#{number:04d}"

    def doc_id(self, i: int) -> str:
        return self.documents[self.doc[i]].doc_id

    def doc_ids(self, rows) -> set[str]:
        """The documents some passages are of."""
        return {self.documents[n].doc_id for n in np.unique(self.doc[np.asarray(rows, dtype=np.int64)])}

    def with_section(self, section: str) -> np.ndarray:
        """The rows whose section is this one."""
        found = [n for n, s in enumerate(self.strings) if s == section]
        return np.flatnonzero(np.isin(self.columns["section"], found))
