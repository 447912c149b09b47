"""Word .docx in reading order: paragraphs and tables as they stand in the body.

What the administrative layout (Nghị định 30/2020/NĐ-CP) needs from a Word file:

- the header table (issuing body and number on the left, motto, place and date on the right) read
  cell by cell, one line a paragraph, so the metadata extractor sees the lines it sees in a letter;
- Word's automatic numbering written out ("1.", "a)", "-"), so the section tree sees the items;
- runs typed in a legacy font (.VnTime, VNI-Times) converted by that font's table, per run;
- footnotes and endnotes at the end, each after its number; page headers and footers left out.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ingest.legacy import convert, font_encoding
from vanban.records import Page

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Word's unpacked XML can be far larger than the file; a 20 MB upload may hold gigabytes of it
MAX_XML_BYTES = 100 * 1024 * 1024


class DocxReader:
    suffixes = (".docx",)

    def read(self, path: Path) -> list[Page]:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        from ingest.readers import ReadError

        try:
            with zipfile.ZipFile(path) as z:
                size = sum(i.file_size for i in z.infolist() if i.filename.endswith(".xml"))
            if size > MAX_XML_BYTES:
                raise ReadError(
                    path, f"the DOCX unpacks to {size // 2**20} MB of XML (more than {MAX_XML_BYTES // 2**20} MB)"
                )
            doc = docx.Document(str(path))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ReadError(path, f"not a readable DOCX file ({exc})") from exc
        return [Page(None, _Body(doc).text())]


class _Body:
    """One document's body, walked in order."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.numbering = _Numbering(doc)
        self.default_font = _default_font(doc)
        self.notes: list[str] = []

    def text(self) -> str:
        lines: list[str] = []
        body = self.doc.element.body
        for child in body.iterchildren():
            if child.tag == f"{W}p":
                lines.append(self.paragraph(child))
            elif child.tag == f"{W}tbl":
                lines += self.table(child)
        for kind in ("footnotes", "endnotes"):
            lines += self.notes_of(kind)
        return "\n".join(lines)

    def paragraph(self, p) -> str:
        style = _style_of(self.doc, p)
        font = _style_font(style) or self.default_font
        parts = []
        for r in _runs(p):
            parts.append(self.run(r, font))
        text = "".join(parts)
        label = self.numbering.label(p, style)
        return f"{label} {text}" if label and text.strip() else text

    def run(self, r, paragraph_font: str | None) -> str:
        out = []
        for node in r.iterchildren():
            tag = node.tag
            if tag == f"{W}t":
                out.append(node.text or "")
            elif tag == f"{W}tab":
                out.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                out.append("\n")
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                out.append(f"[{node.get(f'{W}id')}]")
        text = "".join(out)
        legacy = font_encoding(_run_font(r) or paragraph_font)
        if legacy and text:
            encoding, capitals = legacy
            text = convert(text, encoding)
            text = text.upper() if capitals else text
        return text

    def table(self, tbl) -> list[str]:
        """A table row by row; a cell of several paragraphs (a header block) one line a paragraph,
        a row of one-line cells as one line with " | " between them."""
        lines: list[str] = []
        for tr in tbl.iterchildren(f"{W}tr"):
            cells = []
            for tc in tr.iterchildren(f"{W}tc"):
                paras = [self.paragraph(p) for p in tc.iter(f"{W}p")]
                cells.append([t for t in (x.strip() for x in paras) if t])
            cells = [c for c in cells if c]
            if any(len(c) > 1 for c in cells):
                for c in cells:
                    lines += c
            elif cells:
                lines.append(" | ".join(dict.fromkeys(c[0] for c in cells)))
        return lines

    def notes_of(self, kind: str) -> list[str]:
        part = _part(self.doc, kind)
        if part is None:
            return []
        out = []
        for note in part.iterchildren(f"{W}{kind[:-1]}"):
            number = note.get(f"{W}id")
            if number is None or int(number) <= 0:  # -1 and 0 are Word's separator lines
                continue
            text = " ".join(t for t in (self.paragraph(p).strip() for p in note.iter(f"{W}p")) if t)
            if text:
                out.append(f"[{number}] {text}")
        return out


def _runs(p):
    """The runs of a paragraph in order, hyperlinks and text boxes included, without the copies
    Word keeps for old readers (mc:Fallback)."""
    for r in p.iter(f"{W}r"):
        parent = r.getparent()
        fallback = False
        while parent is not None and parent is not p:
            if parent.tag == MC_FALLBACK:
                fallback = True
                break
            parent = parent.getparent()
        if not fallback:
            yield r


def _run_font(r) -> str | None:
    fonts = r.find(f"{W}rPr/{W}rFonts")
    if fonts is None:
        return None
    return fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi")


def _style_of(doc, p):
    style_id = p.find(f"{W}pPr/{W}pStyle")
    if style_id is None:
        return None
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return doc.styles.get_by_id(style_id.get(f"{W}val"), WD_STYLE_TYPE.PARAGRAPH)
    except (KeyError, ValueError):
        return None


def _style_font(style) -> str | None:
    while style is not None:
        if style.font.name:
            return style.font.name
        style = style.base_style
    return None


def _default_font(doc) -> str | None:
    """The font of the Normal style, else of the document defaults."""
    from docx.enum.style import WD_STYLE_TYPE

    normal = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    fonts = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    return _style_font(normal) or (fonts.get(f"{W}ascii") if fonts is not None else None)


def _part(doc, kind: str):
    """The footnotes or endnotes part's XML, or None."""
    for rel in doc.part.rels.values():
        if rel.reltype.endswith(f"/{kind}") and not rel.is_external:
            from lxml import etree

            return etree.fromstring(rel.target_part.blob)
    return None


# --- automatic numbering ----------------------------------------------------------------------

_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A list number in Word's format: decimal 3, lowerLetter c, upperRoman III, bullet -."""
    return {
        "decimal": str(n),
        "decimalZero": f"{n:02d}",
        "lowerLetter": _letter(n),
        "upperLetter": _letter(n).upper(),
        "lowerRoman": _roman(n),
        "upperRoman": _roman(n).upper(),
        "bullet": "-",
        "none": "",
    }.get(fmt, str(n))


class _Numbering:
    """Word's list numbering: which paragraphs are numbered, and the label each one shows."""

    def __init__(self, doc) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (format, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.iterchildren(f"{W}abstractNum"):
            levels = {}
            for lvl in a.iterchildren(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl"))] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "",
                    int(start.get(f"{W}val")) if start is not None else 1,
                )
            abstract[a.get(f"{W}abstractNumId")] = levels
        for num in root.iterchildren(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None and ref.get(f"{W}val") in abstract:
                self.levels[num.get(f"{W}numId")] = abstract[ref.get(f"{W}val")]

    def label(self, p, style) -> str:
        """The label Word shows before a numbered paragraph ("2.", "b)", "-"), or ""."""
        num_pr = p.find(f"{W}pPr/{W}numPr")
        while num_pr is None and style is not None:  # numbering given by the paragraph's style
            num_pr = style.element.find(f"{W}pPr/{W}numPr")
            style = style.base_style
        if num_pr is None:
            return ""
        num_id = num_pr.find(f"{W}numId")
        ilvl = num_pr.find(f"{W}ilvl")
        if num_id is None or num_id.get(f"{W}val") not in self.levels:
            return ""
        key = num_id.get(f"{W}val")
        level = int(ilvl.get(f"{W}val")) if ilvl is not None else 0
        levels = self.levels[key]
        counts = self.counters.setdefault(key, [0] * 9)
        counts[level] += 1
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        fmt, text, _ = levels.get(level, ("decimal", f"%{level + 1}.", 1))
        if fmt == "bullet":
            return "-"

        def number(m: re.Match) -> str:
            at = int(m.group(1)) - 1
            f, _, start = levels.get(at, ("decimal", "", 1))
            return format_number(counts[at] + start - 1 if counts[at] else start, f)

        return re.sub(r"%(\d)", number, text).strip()
