"""Word 97–2003 .doc through a program that reads it: antiword, else catdoc, else LibreOffice.

Text typed in a legacy font comes out as that font's 8-bit characters; read_file converts it
(ingest/legacy.py) as it does for every format.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from vanban.records import Page

TIMEOUT_S = 120
INSTALL = "install antiword or catdoc (Debian/Ubuntu: apt-get install antiword), or LibreOffice"


def _antiword(path: Path) -> list[str]:
    return ["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)]


def _catdoc(path: Path) -> list[str]:
    return ["catdoc", "-d", "utf-8", "-w", str(path)]


class DocReader:
    """LibreOffice writes Word's numbering and keeps every character; antiword and catdoc are
    light, drop the numbering, and lay tables out side by side (read back cell by cell here)."""

    suffixes = (".doc",)

    def read(self, path: Path) -> list[Page]:
        from ingest.readers import ReadError

        errors: list[str] = []
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office:
            text = _libreoffice(office, path, errors)
            if text is not None:
                return [Page(None, text)]
        for program, command, tidy in (("antiword", _antiword, _antiword_text), ("catdoc", _catdoc, str)):
            if shutil.which(program) is None:
                continue
            try:
                done = subprocess.run(command(path), capture_output=True, timeout=TIMEOUT_S)
            except (OSError, subprocess.TimeoutExpired) as exc:
                errors.append(f"{program}: {exc}")
                continue
            text = done.stdout.decode("utf-8", errors="replace")
            if done.returncode == 0 and text.strip():
                return [Page(None, tidy(text))]
            errors.append(f"{program}: {done.stderr.decode('utf-8', errors='replace').strip() or 'no text'}")
        if not errors:
            raise ReadError(path, f"reading .doc files needs a converter: {INSTALL}")
        raise ReadError(path, f"not a readable Word 97-2003 file ({'; '.join(errors)})")


def _antiword_text(text: str) -> str:
    """antiword's output with its tables ("|HUYỆN ỦY …   |ĐẢNG CỘNG SẢN …|") read column by column,
    each cell's lines in order, as the header of a letter reads; its footnote rule dropped."""
    out: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if table:
            width = max(len(row) for row in table)
            for col in range(width):
                out.extend(row[col] for row in table if col < len(row) and row[col])
            table.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            table.append([cell.strip() for cell in stripped[1:-1].split("|")])
            continue
        flush()
        if set(stripped) != {"-"}:  # "-----" above the footnotes
            out.append(stripped)
    flush()
    return "\n".join(out)


def _libreoffice(office: str, path: Path, errors: list[str]) -> str | None:
    with tempfile.TemporaryDirectory(prefix="vanban-doc-") as tmp:
        try:
            done = subprocess.run(
                [office, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, str(path)],
                capture_output=True,
                timeout=TIMEOUT_S,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            errors.append(f"LibreOffice: {exc}")
            return None
        out = Path(tmp) / f"{path.stem}.txt"
        if done.returncode != 0 or not out.is_file():
            errors.append(f"LibreOffice: {done.stderr.decode('utf-8', errors='replace').strip() or 'no output'}")
            return None
        return out.read_text(encoding="utf-8-sig")
