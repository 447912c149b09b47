"""Documents → passages that follow the numbered sections of official documents."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.structure import CLOSING, OPENING, line_level
from vanban.records import Chunk, Document

# The default embedder reads 512 tokens; Vietnamese runs about 3.5 characters a token
# with its tokenizer, and the title and section are prepended, so 1,200 characters
# stays well inside the window while keeping one idea per passage.
MAX_CHARS = 1200
MIN_CHARS = 350
CHUNKER_VERSION = "sections-4"

_SENTENCE = re.compile(r"(?<=[.;!?…])\s+")
_PIECE_BREAK = re.compile(r"(?<=[.;:!?…])\s+|\n")
PIECE_CHARS = 300


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for part in text.split("\n"):
        if part:
            out.append(_Line(pos, pos + len(part), part))
        pos += len(part) + 1
    return out


def _split_long(line: _Line, max_chars: int) -> list[_Line]:
    """Cut a paragraph longer than max_chars at sentence ends, else at spaces."""
    pieces: list[_Line] = []
    start = line.start
    text = line.text
    while len(text) > max_chars:
        window = text[:max_chars]
        cuts = [m.end() for m in _SENTENCE.finditer(window) if m.end() > max_chars // 3]
        cut = cuts[-1] if cuts else (window.rfind(" ") + 1 or max_chars)
        piece = text[:cut].rstrip()
        pieces.append(_Line(start, start + len(piece), piece))
        start += cut
        text = text[cut:]
    if text:
        pieces.append(_Line(start, start + len(text), text))
    return pieces


def split_pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """Sentence groups of about `size` characters, as (start, end) offsets into text.

    The embedder also sees these, so a question that matches one sentence of a long passage
    is not diluted by the rest. A passage that is a single piece has no pieces.
    """
    spans: list[tuple[int, int]] = []
    start = None
    end = 0
    pos = 0
    for m in [*_PIECE_BREAK.finditer(text), None]:
        cut = m.start() if m else len(text)
        s_start = pos
        pos = m.end() if m else len(text)
        if not text[s_start:cut].strip():
            continue
        if start is not None and cut - start > size:
            spans.append((start, end))
            start = None
        if start is None:
            start = s_start
        end = cut
    if start is not None:
        spans.append((start, end))
    return spans if len(spans) > 1 else []


def doc_label(doc: Document) -> str:
    """Short name of a document for passage context: type and code, else its title."""
    return " ".join(x for x in (doc.doc_type, doc.code) if x) or doc.title


def _sub_label(number: str, line: str) -> str:
    """ "2. Cấp huyện và tương đương" keeps its heading; a numbered sentence ("1. Tiếp tục quán triệt, ...") its number."""
    text = line.strip("* ")
    is_heading = len(text) <= 80 and not text.rstrip().endswith((".", ";", ":"))
    return text if is_heading else number


def _heading_label(text: str) -> str:
    label = text.strip("* ")
    return label if len(label) <= 90 else label[:89].rsplit(" ", 1)[0] + "…"


def chunk_document(doc: Document, max_chars: int = MAX_CHARS, min_chars: int = MIN_CHARS) -> list[Chunk]:
    """Split a document into passages; none straddles two top-level sections or the closing block."""
    groups: list[tuple[str | None, list[_Line]]] = []
    top: str | None = None
    sub: str | None = None
    closing = False
    current: list[_Line] = []
    current_section: str | None = None

    def flush() -> None:
        nonlocal current
        if current:
            groups.append((current_section, current))
        current = []

    def path() -> str | None:
        return top if sub is None or closing else f"{top} › {sub}" if top else sub

    for line in _lines(doc.text):
        found = None if closing else line_level(line.text)
        level = found[0] if found else None
        size = current[-1].end - current[0].start if current else 0
        if level in (0, 1):
            flush()
            closing = level == 0
            top, sub = (CLOSING if closing else _heading_label(line.text)), None
        elif level in (2, 3):
            sub = _sub_label(found[1], line.text)
            if size >= min_chars:
                flush()
        elif current and line.end - current[0].start > max_chars:
            flush()
        if not current:
            current_section = path()
        for piece in _split_long(line, max_chars):
            if current and piece.end - current[0].start > max_chars:
                flush()
                current_section = path()
            current.append(piece)
    flush()

    if groups and groups[0][0] is None and (doc.code or doc.date):
        groups[0] = (OPENING, groups[0][1])
    chunks = []
    for i, (section, lines) in enumerate(groups):
        start, end = lines[0].start, lines[-1].end
        chunks.append(
            Chunk(
                chunk_id=f"{doc.doc_id}#{i:04d}",
                doc_id=doc.doc_id,
                source=doc.source,
                title=doc.title,
                page=doc.page_at(start),
                section=section,
                start=start,
                end=end,
                document_text=doc.text,
                label=doc_label(doc),
            )
        )
    return chunks
