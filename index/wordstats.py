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
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson

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
    stem = re.sub(r"[-_.]+", " ", doc.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]) if "@" not in doc.doc_id else ""
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


@dataclass
class WordStats:
    """Counts and sets over some passages (see the module docstring)."""

    passages: int = 0
    unigrams: Counter = field(default_factory=Counter)  # accented syllable → occurrences
    bigrams: Counter = field(default_factory=Counter)  # (syllable, next syllable) → occurrences
    df_marked: Counter = field(default_factory=Counter)  # syllable or pair → passages holding it
    df_plain: Counter = field(default_factory=Counter)  # … without diacritics
    refs: set[tuple[str, str]] = field(default_factory=set)  # (number, type letters) cited
    headings: set[str] = field(default_factory=set)  # syllables and pairs of section headings
    places: set[str] = field(default_factory=set)  # plain word pairs of the places named
    # the words that name each document (identity_terms), marked and plain; None in a store written
    # before they were counted at ingest
    # (read from a store: tuples of shared strings, a tenth of the memory of a set per document)
    names: dict[str, tuple[Collection[str], Collection[str]]] | None = field(default_factory=dict)

    @classmethod
    def of(cls, documents: Sequence[Document], chunks: Sequence[Chunk]) -> WordStats:
        stats = cls(passages=len(chunks))
        for chunk in chunks:
            toks = tokens(chunk.embed_text())
            stats.unigrams.update(toks)
            stats.bigrams.update(zip(toks, toks[1:]))
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

    def save(self, path: Path) -> None:
        data = {
            "passages": self.passages,
            "unigrams": self.unigrams,
            "bigrams": [[a, b, n] for (a, b), n in self.bigrams.items()],
            "df_marked": self.df_marked,
            "df_plain": self.df_plain,
            "refs": sorted(self.refs),
            "headings": sorted(self.headings),
            "places": sorted(self.places),
            "names": {d: [sorted(m), sorted(p)] for d, (m, p) in (self.names or {}).items()},
        }
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> WordStats:
        data = orjson.loads(path.read_bytes())
        return cls(
            data["passages"],
            Counter(data["unigrams"]),
            Counter({(a, b): n for a, b, n in data["bigrams"]}),
            Counter(data["df_marked"]),
            Counter(data["df_plain"]),
            {tuple(r) for r in data["refs"]},
            set(data["headings"]),
            set(data["places"]),
            _names(data["names"]) if "names" in data else None,
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


def _names(data: dict[str, list[list[str]]]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The words naming each document, as read: one string object per distinct word."""
    shared: dict[str, str] = {}
    word = shared.setdefault
    return {d: (tuple(word(t, t) for t in m), tuple(word(t, t) for t in p)) for d, (m, p) in data.items()}
