"""Word .docx through python-docx: paragraphs, then table cells."""

from __future__ import annotations

import zipfile
from pathlib import Path

from vanban.records import Page


class DocxReader:
    suffixes = (".docx",)

    def read(self, path: Path) -> list[Page]:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        from ingest.readers import ReadError

        try:
            doc = docx.Document(str(path))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ReadError(path, f"not a readable DOCX file ({exc})") from exc
        lines = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                cells = [c.text.strip() for c in row.cells if c.text.strip()]
                if cells:
                    lines.append(" | ".join(dict.fromkeys(cells)))
        return [Page(None, "\n".join(lines))]
