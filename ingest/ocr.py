"""Text of scanned pages: the page rendered to an image (pypdfium2), read by Tesseract with its
Vietnamese model (Debian: tesseract-ocr, tesseract-ocr-vie).

Only pages without a usable text layer are read this way; a page keeps its number, so citations
still say which page. Tesseract runs as a program, one page at a time.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path

log = logging.getLogger(__name__)

DPI = 300
LANGUAGE = "vie"
PAGE_TIMEOUT_S = 120
# A page with fewer letters than this in its text layer is a scan (or a picture of text).
MIN_LETTERS = 20
INSTALL = "install Tesseract with its Vietnamese model (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-vie)"


# Who hears about OCR progress: set around a file's reading (index/build.py) as (pages done, total).
PROGRESS: ContextVar[Callable[[int, int], None] | None] = ContextVar("ocr_progress", default=None)


class OcrUnavailable(RuntimeError):
    """Tesseract or its Vietnamese model is missing; the message says what to install."""


def available() -> str | None:
    """None when OCR can run here, else what is missing and how to install it."""
    exe = shutil.which("tesseract")
    if exe is None:
        return f"no OCR program: {INSTALL}"
    try:
        done = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Tesseract does not run ({exc}): {INSTALL}"
    if LANGUAGE not in done.stdout.split():
        return f"Tesseract has no Vietnamese model: {INSTALL}"
    return None


def needs_ocr(text: str) -> bool:
    """True when a page's text layer holds too few letters to be its text."""
    return sum(c.isalpha() for c in text) < MIN_LETTERS


def read_image(image: Path) -> str:
    """Tesseract's text of one page image."""
    done = subprocess.run(
        ["tesseract", str(image), "stdout", "-l", LANGUAGE, "--dpi", str(DPI), "--psm", "3"],
        capture_output=True,
        text=True,
        timeout=PAGE_TIMEOUT_S,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "tesseract failed")
    return done.stdout


def ocr_pages(pdf_path: Path, numbers: list[int], progress: Callable[[int, int], None] | None = None) -> dict[int, str]:
    """Text of the given pages (1-based) of a PDF, read by OCR."""
    missing = available()
    if missing:
        raise OcrUnavailable(missing)
    import pypdfium2 as pdfium

    progress = progress or PROGRESS.get()
    out: dict[int, str] = {}
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
            for done, number in enumerate(numbers, start=1):
                image = Path(tmp) / f"page-{number}.png"
                page = pdf[number - 1]
                page.render(scale=DPI / 72, grayscale=True).to_pil().save(image)
                page.close()
                out[number] = read_image(image)
                image.unlink()
                if progress is not None:
                    progress(done, len(numbers))
                log.info("%s: page %d read by OCR (%d of %d)", pdf_path.name, number, done, len(numbers))
    finally:
        pdf.close()
    return out
