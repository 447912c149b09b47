"""Plain text and Markdown, in UTF-8, UTF-16, Windows-1258 or a legacy font's codes (TCVN3, VNI, VISCII)."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from ingest.legacy import repair, vietnamese_score
from vanban.records import Page


def decode(data: bytes) -> str:
    """Decode bytes of Vietnamese text: UTF-8, UTF-16, Windows-1258, or TCVN3/VNI/VISCII codes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    # UTF-16 without a BOM: every other byte of ASCII-heavy text is NUL.
    if len(data) >= 4 and data.count(0) > len(data) // 4:
        sample = data[: len(data) // 2 * 2]
        le_nuls = sample[1::2].count(0)
        be_nuls = sample[0::2].count(0)
        return sample.decode("utf-16-le" if le_nuls >= be_nuls else "utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: a legacy Vietnamese file, in Windows-1258 (tone marks as combining characters;
    # clean_chars() composes them later) or in the 8-bit codes of a TCVN3, VNI or VISCII font.
    windows = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    fonts, _ = repair(data.decode("latin-1"))
    return fonts if vietnamese_score(fonts) > vietnamese_score(windows) else windows


class TextReader:
    suffixes = (".txt", ".md")

    def read(self, path: Path) -> list[Page]:
        return [Page(None, decode(path.read_bytes()))]
