"""Files under a corpus folder → Documents and Chunks."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ingest import limits
from ingest.chunk import chunk_document
from ingest.clean import clean_pages
from ingest.metadata import doc_code, extract, make_title
from ingest.readers import ReadError, read_file
from ingest.split import split_points
from vanban.records import PART, Chunk, Document

log = logging.getLogger(__name__)

_PREFACE_CHARS = 1000


@dataclass(frozen=True)
class FileError:
    """A file that was not ingested, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def discover(root: Path) -> list[Path]:
    """Every non-hidden file below root, in a stable order."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def file_sha256(path: Path) -> str:
    """Content hash of a file."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def relative_source(path: Path, root: Path) -> str:
    """Path of a file relative to the corpus root, with forward slashes."""
    base = root if root.is_dir() else root.parent
    return path.resolve().relative_to(base.resolve()).as_posix()


def doc_id_for(source: str) -> str:
    """Stable document id from a corpus-relative path: the path without its suffix."""
    stem, dot, suffix = source.rpartition(".")
    return f"{stem}~{suffix.lower()}" if dot and suffix.lower() != "txt" else (stem or source)


def _pages_from(page_starts: tuple[tuple[int, int], ...], start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Page starts of the slice text[start:end], shifted to the slice."""
    inside = [(n, max(0, o - start)) for n, o in page_starts if o < end]
    # The page that was open at `start` begins the slice.
    before = [p for p in inside if p[1] == 0]
    after = [p for p in inside if p[1] > 0]
    return tuple(([before[-1]] if before else []) + after)


def load_documents(path: Path, source: str, sha256: str) -> list[Document]:
    """Read, clean, split and title one file; raise ReadError with the reason if it cannot be used."""
    pages = read_file(path)
    text, page_starts = clean_pages(pages)
    if not text.strip():
        raise ReadError(path, "nothing but page noise was left after cleaning")
    base = doc_id_for(source)
    points = split_points(text)
    # A short lead with no header of its own (a web page's intro) prefaces the next document.
    if points and points[0] < _PREFACE_CHARS and doc_code(text[: points[0]]) is None:
        points = points[1:]
    bounds = [0, *points, len(text)]
    docs = []
    for n, (start, end) in enumerate(zip(bounds, bounds[1:]), start=1):
        part = text[start:end].rstrip("\n")
        meta = extract(part)
        docs.append(
            Document(
                doc_id=base if n == 1 else f"{base}{PART}{n}",
                source=source,
                title=make_title(meta, fallback=Path(source).stem),
                text=part,
                sha256=sha256,
                **asdict(meta),
                page_starts=_pages_from(page_starts, start, end),
            )
        )
    return apply_corrections(docs, read_corrections(path))


# --- corrections people make to what was read from a document's header ---------------------------

CORRECTED_FIELDS = ("code", "doc_type", "issuer", "date", "title")


def corrections_path(path: Path) -> Path:
    """Where the corrections to a file's metadata are kept: a hidden file beside it (never the file
    itself), ".ke-hoach-12.docx.vanban.json" beside "ke-hoach-12.docx"."""
    return path.parent / f".{path.name}.vanban.json"


def read_corrections(path: Path) -> dict[str, dict[str, str]]:
    """{doc_id: {field: value}} for a file, or {} when nobody corrected it (or the file is unreadable)."""
    side = corrections_path(path)
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("%s: corrections unreadable, ignored", side.name)
        return {}
    return {
        k: {f: v for f, v in fields.items() if f in CORRECTED_FIELDS}
        for k, fields in data.items()
        if isinstance(fields, dict)
    }


def apply_corrections(docs: list[Document], corrections: dict[str, dict[str, str]]) -> list[Document]:
    """Documents with the fields people corrected; an empty value clears a field."""
    out = []
    for d in docs:
        fields = corrections.get(d.doc_id)
        out.append(
            replace(d, **{k: (v or None) if k != "title" else (v or d.title) for k, v in fields.items()})
            if fields
            else d
        )
    return out


def source_sha256(path: Path) -> str:
    """The content hash of a file and of its corrections: correcting a document re-reads it."""
    sha = file_sha256(path)
    side = corrections_path(path)
    if side.is_file():
        sha = hashlib.sha256(sha.encode() + side.read_bytes()).hexdigest()
    return sha


def process_file(path: Path, source: str, sha256: str) -> tuple[list[Document], list[Chunk]]:
    """One file → its documents and their chunks."""
    docs = load_documents(path, source, sha256)
    chunks = [c for d in docs for c in chunk_document(d)]
    if len(chunks) > limits.max_passages():
        raise ReadError(
            path,
            f"{len(chunks):,} passages, more than the {limits.max_passages():,} one file may make "
            f"(set {limits.MAX_PASSAGES_ENV} to allow more)",
        )
    return docs, chunks
