"""Readers turn a file into pages of text; one module per format, chosen by suffix."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from ingest import limits
from ingest.legacy import repair
from ingest.quality import text_problem
from vanban.records import Page

log = logging.getLogger(__name__)

QUALITY_SAMPLE = 200_000  # characters of a file judged for being text at all


class ReadError(Exception):
    """A file could not be read; the message names the file and the reason."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class Reader(Protocol):
    suffixes: tuple[str, ...]

    def read(self, path: Path) -> list[Page]: ...


def _readers() -> list[Reader]:
    from ingest.readers.doc import DocReader
    from ingest.readers.docx import DocxReader
    from ingest.readers.html import HtmlReader
    from ingest.readers.pdf import PdfReader
    from ingest.readers.text import TextReader

    return [TextReader(), PdfReader(), DocxReader(), DocReader(), HtmlReader()]


def supported_suffixes() -> tuple[str, ...]:
    """Every file suffix some reader handles, lower-case with the dot."""
    return tuple(s for r in _readers() for s in r.suffixes)


def read_file(path: Path) -> list[Page]:
    """Read a file with the reader for its suffix; raise ReadError if it cannot be used."""
    suffix = path.suffix.lower()
    for reader in _readers():
        if suffix in reader.suffixes:
            break
    else:
        supported = ", ".join(supported_suffixes())
        raise ReadError(path, f"unsupported file type '{suffix or '(none)'}' (supported: {supported})")
    if path.stat().st_size == 0:
        raise ReadError(path, "the file is empty")
    pages = reader.read(path)
    found: set[str] = set()
    for i, page in enumerate(pages):  # lines typed in a legacy font, whatever the format
        text, used = repair(page.text)
        if used:
            pages[i] = Page(page.number, text)
            found |= used
    if found:
        log.info("%s: converted from %s", path.name, ", ".join(sorted(found)))
    if not any(p.text.strip() for p in pages):
        raise ReadError(path, "no text could be extracted (empty, or a scanned document without a text layer)")
    problem = text_problem("\n".join(p.text for p in pages)[:QUALITY_SAMPLE])
    if problem:
        raise ReadError(path, problem)
    chars = sum(len(p.text) for p in pages)
    if chars > limits.max_chars():
        raise ReadError(
            path,
            f"{chars:,} characters, more than the {limits.max_chars():,} one file may have "
            f"(set {limits.MAX_CHARS_ENV} to allow more)",
        )
    return pages
