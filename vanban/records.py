"""Plain records passed between stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields

TextSource = str | Callable[[], str]  # a text, or what reads it when asked for


class _Text:
    """A dataclass field holding a text or the function that reads it (a stored document's text is
    read from its segment's file when asked for, not held by every open store): reading the field
    gives the text either way."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None) -> str:
        if obj is None:
            raise AttributeError(self.name)  # no default: the dataclass field stays required
        value = obj.__dict__[self.name]
        return value if isinstance(value, str) else value()

    def __set__(self, obj, value: TextSource) -> None:
        obj.__dict__[self.name] = value


@dataclass(frozen=True)
class Page:
    """Text of one page of a source file; number is None for formats without pages."""

    number: int | None
    text: str


# A file that holds several documents (a letter and what it forwards) gives its first the file's id and
# each later one "<file id>@2", "@3" …
PART = "@"


@dataclass(frozen=True)
class Document:
    """One cleaned document with where its pages start in its text."""

    doc_id: str
    source: str
    title: str
    text: str = _Text()  # given as a str, or as a function that reads it (a document of a store)
    sha256: str
    code: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    subject: str | None = None
    signer: str | None = None
    page_starts: tuple[tuple[int, int], ...] = ()  # (page number, offset into text)

    @property
    def first_in_file(self) -> bool:
        """True for a file's first document: what a letter forwards comes after it."""
        return PART not in self.doc_id

    def page_at(self, offset: int) -> int | None:
        """Page number that holds the character at offset, or None."""
        page = None
        for number, start in self.page_starts:
            if start > offset:
                break
            page = number
        return page

    def to_json(self) -> dict:
        return asdict(self)

    @property
    def text_source(self) -> TextSource:
        """The text as given: the str, or the function that reads it (for passages to share)."""
        return self.__dict__["text"]

    @classmethod
    def from_json(cls, data: dict) -> Document:
        data = dict(data)
        data["page_starts"] = tuple(tuple(p) for p in data.get("page_starts", ()))
        return cls(**data)


@dataclass(frozen=True, slots=True)  # slots: a large store holds hundreds of thousands
class Chunk:
    """A passage of a document: text is document.text[start:end] exactly.

    The text is sliced from the document's when asked for: the passages of a store share their
    documents' strings instead of holding a copy each (a tenth of a large store's serving memory)."""

    chunk_id: str
    doc_id: str
    source: str
    title: str
    page: int | None
    section: str | None
    start: int
    end: int
    document_text: TextSource = field(repr=False, compare=False)  # or the function that reads it
    label: str = ""  # short name of the document: "Kết luận 57-KL/TW"

    @property
    def text(self) -> str:
        whole = self.document_text if isinstance(self.document_text, str) else self.document_text()
        return whole[self.start : self.end]

    def context(self) -> str:
        """What is put in front of the passage for the embedder and BM25: document and section."""
        name = self.label or self.title
        return name if not self.section else f"{name} › {self.section}"

    def embed_text(self) -> str:
        """The passage with its context, as the embedder and BM25 see it."""
        return f"{self.context()}\n{self.text}"

    def piece_text(self, start: int, end: int) -> str:
        """A piece of the passage (offsets into text) with the passage's context."""
        return f"{self.context()}\n{self.text[start:end]}"

    def to_json(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "document_text"}
        return {**out, "text": self.text}


@dataclass(frozen=True)
class Hit:
    """One search result, with the document it comes from when the store knows it."""

    rank: int
    score: float
    chunk: Chunk
    doc: Document | None = None

    def to_json(self) -> dict:
        c, d = self.chunk, self.doc
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "chunk_id": c.chunk_id,
            "doc_id": c.doc_id,
            "title": c.title,
            "source": c.source,
            "page": c.page,
            "section": c.section,
            "doc_code": d.code if d else None,
            "doc_type": d.doc_type if d else None,
            "issuer": d.issuer if d else None,
            "date": d.date if d else None,
            "text": c.text,
        }


@dataclass(frozen=True)
class Citation:
    """An exact quote from a stored document: text[start:end] of the document is quote."""

    n: int
    chunk_id: str
    doc_id: str
    doc_code: str | None
    title: str
    section: str | None
    page: int | None
    source: str
    quote: str
    start: int
    end: int
    date: str | None = None

    def to_json(self) -> dict:
        """The fields `vanban ask --json` prints for a citation."""
        keys = ("n", "chunk_id", "doc_code", "title", "section", "page", "source", "quote")
        return {k: getattr(self, k) for k in keys}


@dataclass(frozen=True)
class Answer:
    """What `ask` returns: Markdown with [n] markers, and the citations the markers point to."""

    question: str
    found: bool
    answer: str
    citations: tuple[Citation, ...] = ()
    kind: str = "passages"  # "fact", "list", "section", "passages" (the nearest passages, no claim) or "not-found"
    mode: str = "extractive"  # or "generative"
    notes: tuple[str, ...] = ()  # what was dropped or could not be verified
    hits: tuple[Hit, ...] = ()
    confidence: float = 0.0  # estimated probability that the answer is right (0 for not-found)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "found": self.found,
            "answer": self.answer,
            "citations": [c.to_json() for c in self.citations],
            "confidence": round(float(self.confidence), 3),
            "kind": self.kind,
        }
