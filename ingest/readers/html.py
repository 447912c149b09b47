"""HTML pages: markup, scripts and navigation stripped, block elements on their own lines."""

from __future__ import annotations

from pathlib import Path

from ingest.readers.text import decode
from vanban.records import Page

_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg")


class HtmlReader:
    suffixes = (".html", ".htm")

    def read(self, path: Path) -> list[Page]:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(decode(path.read_bytes()), "html.parser")
        for tag in soup(_DROP):
            tag.decompose()
        root = soup.body or soup
        return [Page(None, root.get_text("\n"))]
