"""What search and ask need to know about the words of the stored documents, counted at ingest.

Counted once per segment when it is written and added up when the store is opened, instead of
re-reading every passage at each start:

- accented syllables and syllable pairs, for putting diacritics back on a query typed without
  them (index/restore.py);
- in how many passages each syllable and syllable pair stands, with marks and without, for the
  IDF weights `ask` gives a question's words (answer/ask.py);
- the documents the passages cite ("Kết luận số 16-KL/TW"), the words of section headings, and
  the places the documents name, for deciding whether the documents answer (answer/answerable.py).

Counts of a segment keep the files later deleted from it until the segment is merged (as Lucene's
document frequencies do); the sets likewise.

On disk (a segment's wordstats.json and words/): the small parts as JSON; the counts by word and the
words naming each document as tables (index/terms.py) that an open store maps and looks up in
place, so that its memory does not grow with the vocabulary or the number of documents.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import orjson

from index.terms import CountTable, ListTable, Summed
from ingest.metadata import named_places
from ingest.structure import line_level
from vanban.lexicon import document_refs, expand
from vanban.records import Chunk, Document
from vanban.text import plain_tokens, tokens, with_bigrams

HEADING_CHARS = 90  # a line longer than this is no heading, numbered or not


def terms(text: str, plain: bool = False) -> set[str]:
    """Syllables and syllable pairs of a text, with diacritics or (plain) without."""
    return set(with_bigrams(plain_tokens(text) if plain else tokens(text)))


def identity_terms(doc: Document) -> tuple[set[str], set[str]]:
    """The words that name a document: its type, code, title, issuer and place (with their marks),
    and its file name (which has none). A file's name describes the file's first document; a document
    found inside it (a Conclusion attached to a cover letter) is named by its own header only."""
    header = " ".join(x for x in (doc.doc_type, doc.code, doc.title, doc.issuer, doc.place) if x)
    stem = re.sub(r"[-_.]+", " ", doc.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]) if doc.first_in_file else ""
    return terms(header), terms(f"{header} {stem}", plain=True)


def heading_grams(line: str) -> set[str]:
    """The syllables and pairs of a heading, abbreviations expanded."""
    return set(with_bigrams(tokens(expand(line))))


def place_pairs(places: Iterable[str]) -> set[str]:
    """Plain word pairs of place names ("Lạng Sơn" → lang_son; "TP. Bắc Ninh" → bac_ninh)."""
    out: set[str] = set()
    for name in places:
        toks = [t for t in plain_tokens(name) if t != "tp"]
        out.update(f"{a}_{b}" for a, b in zip(toks, toks[1:]))
    return out


WORDSTATS = "wordstats.json"  # in a segment's folder: the small parts
WORDS = "words"  # … and the folder of its tables
TABLES = ("bigrams", "df_marked", "df_plain")
_NAMES = {False: "names_marked", True: "names_plain"}


@dataclass
class WordStats:
    """Counts and sets over some passages (see the module docstring), in memory: as counted at
    ingest, and as read back to merge segments."""

    passages: int = 0
    unigrams: Counter = field(default_factory=Counter)  # accented syllable → occurrences
    bigrams: Counter = field(default_factory=Counter)  # "syllable next-syllable" → occurrences
    df_marked: Counter = field(default_factory=Counter)  # syllable or pair → passages holding it
    df_plain: Counter = field(default_factory=Counter)  # … without diacritics
    refs: set[tuple[str, str]] = field(default_factory=set)  # (number, type letters) cited
    headings: set[str] = field(default_factory=set)  # syllables and pairs of section headings
    places: set[str] = field(default_factory=set)  # plain word pairs of the places named
    # the words that name each document (identity_terms), marked and plain; None in a store written
    # before they were counted at ingest
    names: dict[str, tuple[Collection[str], Collection[str]]] | None = field(default_factory=dict)

    @classmethod
    def of(cls, documents: Sequence[Document], chunks: Sequence[Chunk]) -> WordStats:
        stats = cls(passages=len(chunks))
        for chunk in chunks:
            toks = tokens(chunk.embed_text())
            stats.unigrams.update(toks)
            stats.bigrams.update(f"{a} {b}" for a, b in zip(toks, toks[1:]))
            stats.df_marked.update(terms(chunk.text))
            stats.df_plain.update(terms(chunk.text, plain=True))
            stats.refs.update(document_refs(chunk.text))
        for doc in documents:
            for line in doc.text.split("\n"):
                if line_level(line.strip()) is not None and len(line) <= HEADING_CHARS:
                    stats.headings |= heading_grams(line)
            stats.places |= place_pairs([*named_places(doc.text), doc.place or ""])
            stats.names[doc.doc_id] = identity_terms(doc)
        return stats

    def save(self, folder: Path) -> None:
        """Write wordstats.json and the tables under words/ into a segment's folder."""
        names = self.names or {}
        documents = list(names)
        data = {
            "passages": self.passages,
            "unigrams": self.unigrams,
            "refs": sorted(self.refs),
            "headings": sorted(self.headings),
            "places": sorted(self.places),
            "documents": documents if self.names is not None else None,
        }
        (folder / WORDSTATS).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        words = folder / WORDS
        words.mkdir()
        for name in TABLES:
            CountTable.write(words, name, getattr(self, name))
        for plain in (False, True):
            naming: dict[str, list[int]] = {}
            for n, doc_id in enumerate(documents):
                for t in names[doc_id][plain]:
                    naming.setdefault(t, []).append(n)
            ListTable.write(words, _NAMES[plain], naming)

    @classmethod
    def load(cls, folder: Path) -> WordStats:
        """A segment's statistics read back whole (to merge it with others)."""
        data = orjson.loads((folder / WORDSTATS).read_bytes())
        if "df_marked" in data:  # format 3: all in the JSON
            return cls(
                data["passages"],
                Counter(data["unigrams"]),
                Counter({f"{a} {b}": n for a, b, n in data["bigrams"]}),
                Counter(data["df_marked"]),
                Counter(data["df_plain"]),
                {tuple(r) for r in data["refs"]},
                set(data["headings"]),
                set(data["places"]),
                _names(data["names"]) if "names" in data else None,
            )
        opened = StoredWords.open(folder)
        names = None
        if opened.names_known:
            found: dict[str, tuple[list[str], list[str]]] = {d: ([], []) for d in data["documents"]}
            for plain in (False, True):
                for table, documents in opened.name_tables[plain]:
                    for t, items in table.items():
                        for n in items:
                            found[documents[n]][plain].append(t)
            names = {d: (tuple(m), tuple(p)) for d, (m, p) in found.items()}
        return cls(
            opened.passages,
            opened.unigrams,
            *(Counter(dict(getattr(opened, name).items())) for name in TABLES),
            opened.refs,
            opened.headings,
            opened.places,
            names,
        )

    @classmethod
    def join(cls, parts: Sequence[WordStats]) -> WordStats:
        if len(parts) == 1:
            return parts[0]
        out = cls()
        for p in parts:
            out.passages += p.passages
            out.unigrams.update(p.unigrams)
            out.bigrams.update(p.bigrams)
            out.df_marked.update(p.df_marked)
            out.df_plain.update(p.df_plain)
            out.refs |= p.refs
            out.headings |= p.headings
            out.places |= p.places
            out.names = None if out.names is None or p.names is None else {**out.names, **p.names}
        return out

    @property
    def names_known(self) -> bool:
        return self.names is not None

    def naming(self, term: str, plain: bool) -> set[str]:
        """The documents a word (or word pair) names: in their type, code, title, issuer, place, file name."""
        return {d for d, pair in (self.names or {}).items() if term in pair[plain]}


@dataclass
class StoredWords:
    """The word statistics of an open store: each segment's tables mapped and added up when a word is
    looked up (`Summed`), the small parts joined in memory. Reads as WordStats does."""

    passages: int
    unigrams: Counter
    bigrams: Mapping[str, int]
    df_marked: Mapping[str, int]
    df_plain: Mapping[str, int]
    refs: set[tuple[str, str]]
    headings: set[str]
    places: set[str]
    # per segment, marked (False) and plain (True): its table of the words naming its documents, and
    # its documents' ids in the table's numbering
    name_tables: dict[bool, list[tuple[ListTable | _Inverted, Sequence[str]]]]
    names_known: bool = True  # False when a segment was written before the names were counted

    @classmethod
    def open(cls, folder: Path) -> StoredWords:
        """One segment's statistics (format 4: wordstats.json and words/)."""
        data = orjson.loads((folder / WORDSTATS).read_bytes())
        words = folder / WORDS
        documents = data["documents"] or []
        return cls(
            data["passages"],
            Counter(data["unigrams"]),
            *(CountTable.open(words, name) for name in TABLES),
            {tuple(r) for r in data["refs"]},
            set(data["headings"]),
            set(data["places"]),
            {plain: [(ListTable.open(words, _NAMES[plain]), documents)] for plain in (False, True)},
            data["documents"] is not None,
        )

    @classmethod
    def join(cls, folders: Sequence[Path]) -> StoredWords:
        """The statistics of several segments as one; a segment of format 3 is read whole."""
        parts, naming = [], {False: [], True: []}
        known = True
        for folder in folders:
            if (folder / WORDS).is_dir():
                part = cls.open(folder)
                known &= part.names_known
                for plain in (False, True):
                    naming[plain] += part.name_tables[plain]
            else:
                part = WordStats.load(folder)
                known &= part.names is not None
                for plain in (False, True):
                    naming[plain].append((_Inverted(part.names or {}, plain), list(part.names or {})))
            parts.append(part)
        return cls(
            sum(p.passages for p in parts),
            sum((p.unigrams for p in parts), Counter()),
            *(Summed([getattr(p, name) for p in parts]) for name in TABLES),
            set().union(*(p.refs for p in parts)),
            set().union(*(p.headings for p in parts)),
            set().union(*(p.places for p in parts)),
            naming,
            known,
        )

    def naming(self, term: str, plain: bool) -> set[str]:
        """The documents a word (or word pair) names (deleted ones too: the caller keeps the live)."""
        out: set[str] = set()
        for table, documents in self.name_tables[plain]:
            out.update(documents[int(n)] for n in table.get(term))
        return out


class _Inverted:
    """The words naming each document of a format-3 segment, by word (as ListTable reads)."""

    def __init__(self, names: dict[str, tuple[Collection[str], Collection[str]]], plain: bool) -> None:
        self._by_word: dict[str, list[int]] = {}
        for n, pair in enumerate(names.values()):
            for t in pair[plain]:
                self._by_word.setdefault(t, []).append(n)

    def get(self, term: str) -> np.ndarray:
        return np.asarray(self._by_word.get(term, ()), dtype=np.int32)


def _names(data: dict[str, list[list[str]]]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The words naming each document, as read: one string object per distinct word."""
    shared: dict[str, str] = {}
    word = shared.setdefault
    return {d: (tuple(word(t, t) for t in m), tuple(word(t, t) for t in p)) for d, (m, p) in data.items()}
