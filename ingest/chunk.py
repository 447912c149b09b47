"""Documents → passages that follow the numbered sections of official documents."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vanban.records import Chunk, Document

# The default embedder reads 512 tokens; Vietnamese runs about 3.5 characters a token
# with its tokenizer, and the title and section are prepended, so 1,200 characters
# stays well inside the window while keeping one idea per passage.
MAX_CHARS = 1200
MIN_CHARS = 350
CHUNKER_VERSION = "sections-1"

# "I. MỤC ĐÍCH", "II- NHIỆM VỤ VÀ GIẢI PHÁP" (not "V/v ...")
_TOP = re.compile(r"^\**([IVX]{1,5})\s*[.\-]\s*\S")
# "1. Mục đích", "3.1. Công tác tuyên truyền"
_NUMBERED = re.compile(r"^\**(\d{1,2}(?:\.\d{1,2})?)\.?\s+\S")
_SENTENCE = re.compile(r"(?<=[.;!?…])\s+")


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


def _heading_label(text: str) -> str:
    label = text.strip("* ")
    return label if len(label) <= 90 else label[:89].rsplit(" ", 1)[0] + "…"


def chunk_document(doc: Document, max_chars: int = MAX_CHARS, min_chars: int = MIN_CHARS) -> list[Chunk]:
    """Split a document into passages; none straddles two top-level sections."""
    groups: list[tuple[str | None, list[_Line]]] = []
    top: str | None = None
    sub: str | None = None
    current: list[_Line] = []
    current_section: str | None = None

    def flush() -> None:
        nonlocal current
        if current:
            groups.append((current_section, current))
        current = []

    for line in _lines(doc.text):
        top_m = _TOP.match(line.text)
        num_m = None if top_m else _NUMBERED.match(line.text)
        size = current[-1].end - current[0].start if current else 0
        if top_m:
            flush()
            top, sub = _heading_label(line.text), None
        elif num_m:
            sub = num_m.group(1)
            if size >= min_chars:
                flush()
        elif current and line.end - current[0].start > max_chars:
            flush()
        if not current:
            current_section = top if sub is None else f"{top} › {sub}" if top else sub
        for piece in _split_long(line, max_chars):
            if current and piece.end - current[0].start > max_chars:
                flush()
                current_section = top if sub is None else f"{top} › {sub}" if top else sub
            current.append(piece)
    flush()

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
                text=doc.text[start:end],
            )
        )
    return chunks
