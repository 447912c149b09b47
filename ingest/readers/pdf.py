"""PDF through pypdf, one Page per PDF page so citations keep page numbers; scanned pages by OCR."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

from vanban.records import Page

log = logging.getLogger(__name__)


class PdfReader:
    suffixes = (".pdf",)

    def read(self, path: Path) -> list[Page]:
        from pypdf import PdfReader as _Pdf
        from pypdf.errors import PdfReadError

        from ingest.readers import ReadError

        try:
            pdf = _Pdf(path)
            if pdf.is_encrypted:
                try:
                    ok = pdf.decrypt("")
                except Exception:  # pypdf raises several types for unsupported encryption
                    ok = 0
                if not ok:
                    raise ReadError(path, "the PDF is encrypted with a password; save an unprotected copy")
            pages = [Page(i, page.extract_text() or "") for i, page in enumerate(pdf.pages, start=1)]
        except ReadError:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
            raise ReadError(path, f"not a readable PDF ({exc})") from exc
        return _with_ocr(path, pages)


def _with_ocr(path: Path, pages: list[Page]) -> list[Page]:
    """Pages without a usable text layer (scans) read by OCR; the others as they are."""
    from ingest import ocr
    from ingest.readers import ReadError

    scanned = [p.number for p in pages if ocr.needs_ocr(p.text)]
    if not scanned:
        return pages
    try:
        read = ocr.ocr_pages(path, scanned)
    except ocr.OcrUnavailable as exc:
        if len(scanned) == len(pages):
            raise ReadError(path, f"a scanned PDF without a text layer, and {exc}") from exc
        log.warning("%s: pages %s are scans and were left out: %s", path.name, scanned, exc)
        return pages
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        raise ReadError(path, f"OCR failed ({exc})") from exc
    return [Page(p.number, read.get(p.number, p.text)) for p in pages]
