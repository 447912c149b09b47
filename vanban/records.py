"""Plain records passed between stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Page:
    """Text of one page of a source file; number is None for formats without pages."""

    number: int | None
    text: str


@dataclass(frozen=True)
class Document:
    """One cleaned document with where its pages start in its text."""

    doc_id: str
    source: str
    title: str
    text: str
    sha256: str
    code: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    subject: str | None = None
    signer: str | None = None
    page_starts: tuple[tuple[int, int], ...] = ()  # (page number, offset into text)

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

    @classmethod
    def from_json(cls, data: dict) -> Document:
        data = dict(data)
        data["page_starts"] = tuple(tuple(p) for p in data.get("page_starts", ()))
        return cls(**data)


@dataclass(frozen=True)
class Chunk:
    """A passage of a document: text is document.text[start:end] exactly."""

    chunk_id: str
    doc_id: str
    source: str
    title: str
    page: int | None
    section: str | None
    start: int
    end: int
    text: str

    def embed_text(self) -> str:
        """What the embedder and BM25 see: the passage with its title and section as context."""
        head = self.title if not self.section else f"{self.title} › {self.section}"
        return f"{head}\n{self.text}"

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Chunk:
        return cls(**data)


@dataclass(frozen=True)
class Hit:
    """One search result."""

    rank: int
    score: float
    chunk: Chunk

    def to_json(self) -> dict:
        c = self.chunk
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "chunk_id": c.chunk_id,
            "doc_id": c.doc_id,
            "title": c.title,
            "source": c.source,
            "page": c.page,
            "section": c.section,
            "text": c.text,
        }
