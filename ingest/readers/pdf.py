"""PDF through pypdf, one Page per PDF page so citations keep page numbers."""

from __future__ import annotations

import logging
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
            return [Page(i, page.extract_text() or "") for i, page in enumerate(pdf.pages, start=1)]
        except ReadError:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
            raise ReadError(path, f"not a readable PDF ({exc})") from exc
