"""Scanned pages made from known text, and how well OCR reads them back (character error rate)."""

from __future__ import annotations

import tempfile
import textwrap
import time
from pathlib import Path

A4_INCHES = (8.27, 11.69)
FONT_POINTS = 12


def vietnamese_font() -> str:
    """A TrueType font with Vietnamese glyphs: DejaVu Sans, which matplotlib ships."""
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


def render_scan(pages: list[str], dpi: int, path: Path, font: str) -> Path:
    """A PDF of page images, no text layer: each text set in `font` at 12 pt on A4, as a scanner
    at `dpi` would give it."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = (int(x * dpi) for x in A4_INCHES)
    size = int(FONT_POINTS / 72 * dpi)
    face = ImageFont.truetype(font, size)
    images = []
    for text in pages:
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        y = margin = int(0.8 * dpi)
        for paragraph in text.split("\n"):
            for line in textwrap.wrap(paragraph, 75) or [""]:
                draw.text((margin, y), line, font=face, fill=0)
                y += int(size * 1.5)
        images.append(image)
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


def _words(text: str) -> str:
    return " ".join(text.split())


def cer(reference: str, read: str) -> float:
    """Character error rate: edits (insertions, deletions, substitutions) per reference character,
    whitespace collapsed on both sides."""
    a, b = _words(reference), _words(read)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] / max(len(a), 1)


def bench_ocr(texts: list[str], font: str, dpis: tuple[int, ...] = (200, 300)) -> list[dict]:
    """For each resolution: CER of the OCR text against the source, and pages read per second."""
    from ingest.ocr import ocr_pages

    rows = []
    with tempfile.TemporaryDirectory(prefix="vanban-scan-") as tmp:
        for dpi in dpis:
            pdf = render_scan(texts, dpi, Path(tmp) / f"scan-{dpi}.pdf", font)
            start = time.perf_counter()
            read = ocr_pages(pdf, list(range(1, len(texts) + 1)))
            seconds = time.perf_counter() - start
            errors = sum(cer(t, read[n]) * len(_words(t)) for n, t in enumerate(texts, start=1))
            chars = sum(len(_words(t)) for t in texts)
            rows.append({"dpi": dpi, "pages": len(texts), "cer": errors / chars, "pages_per_s": len(texts) / seconds})
    return rows
