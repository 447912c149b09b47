"""Citations in the form Vietnamese official writing uses, and collections of them exported for training material.

Kết luận số 57-KL/TW ngày 15/6/2023 của Bộ Chính trị về tiếp tục nâng cao chất lượng, hiệu quả
công tác thông tin đối ngoại trong tình hình mới, mục II- NHIỆM VỤ VÀ GIẢI PHÁP › 3, tr. 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from vanban.records import Citation, Document


def vi_date(iso: str | None) -> str | None:
    """2023-06-15 → 15/6/2023, as Vietnamese documents write dates."""
    if not iso:
        return None
    y, m, d = iso.split("-")
    return f"{int(d)}/{int(m)}/{y}"


def short_name(doc: Document, limit: int = 70) -> str:
    """A name that tells a document from the others: "Kết luận 57-KL/TW"; without a code, its type and
    subject with its place and year ("Kế hoạch Tổ chức Hội nghị trực tuyến … (Lạng Sơn, 2023)")."""
    kind = doc.doc_type or "Văn bản"
    if doc.code:
        return f"{kind} {doc.code}"
    subject = (doc.subject or doc.title or "").strip()
    if subject.lower().startswith(kind.lower()):
        subject = subject[len(kind) :].strip()
    if len(subject) > limit:
        subject = subject[: limit - 1].rsplit(" ", 1)[0] + "…"
    where = ", ".join(x for x in (doc.place, doc.date[:4] if doc.date else None) if x and x not in subject)
    name = f"{kind} {subject}".strip()
    return f"{name} ({where})" if where else name


def reference(doc: Document, section: str | None = None, page: int | None = None) -> str:
    """The standard reference to a document (type, number, date, issuer, subject), then section and page."""
    if doc.code:
        head = f"{doc.doc_type or 'Văn bản'} số {doc.code}"
        if doc.date:
            head += f" ngày {vi_date(doc.date)}"
        if doc.issuer:
            head += f" của {doc.issuer}"
        if doc.subject:
            subject = re.sub(r"^(của .+? )?về\s+", "", doc.subject)  # "của Bộ Chính trị về tiếp tục ..."
            head += f" về {subject[0].lower() + subject[1:]}"
    else:  # no number: type, date, issuer and subject in full, so that two such documents differ
        head = f"{doc.doc_type or 'Văn bản'} (không số)"
        if doc.date:
            head += f" ngày {vi_date(doc.date)}"
        if doc.issuer:
            head += f" của {doc.issuer}"
        subject = (doc.subject or doc.title or "").strip()
        if subject and subject != doc.doc_type:
            subject = re.sub(r"^(của .+? )?về\s+", "", subject)
            head += (
                f" về {subject[0].lower() + subject[1:]}"
                if subject[:1].isupper() and not subject[1:2].isupper()
                else f" về {subject}"
            )
        elif doc.place:
            head += f", {doc.place}"
    parts = [head.rstrip(". ")]
    if section:
        parts.append(f"mục {section}")
    if page:
        parts.append(f"tr. {page}")
    return ", ".join(parts) + "."


def whole_quote(text: str, start: int, end: int, limit: int = 2000) -> tuple[int, int]:
    """The whole sentences or list items a quote stands in: its lines, from start to end (in the
    cleaned text a paragraph or a list item is one line), unless that runs past `limit` characters."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b - a <= limit else (start, end)


@dataclass(frozen=True)
class Clip:
    """A quoted passage kept for training material, with its full reference and a note."""

    quote: str
    reference: str
    source: str
    question: str | None = None
    note: str | None = None

    @classmethod
    def of(cls, citation: Citation, doc: Document, question: str | None = None) -> Clip:
        a, b = whole_quote(doc.text, citation.start, citation.end)
        return cls(doc.text[a:b], reference(doc, citation.section, citation.page), citation.source, question)


def to_markdown(clips: list[Clip], title: str = "Tư liệu trích dẫn") -> str:
    """Numbered quotes, each with its note, and the references as footnotes at the end."""
    lines = [f"# {title}", ""]
    for n, clip in enumerate(clips, start=1):
        if clip.question:
            lines += [f"**Câu hỏi:** {clip.question}", ""]
        quoted = [f"> {line}" if line.strip() else ">" for line in clip.quote.splitlines()]
        quoted[-1] += f"[^{n}]"
        lines += quoted + [""]
        if clip.note:
            lines += [f"*Ghi chú:* {clip.note}", ""]
    lines += [f"[^{n}]: {clip.reference} Nguồn: `{clip.source}`" for n, clip in enumerate(clips, start=1)]
    return "\n".join(lines) + "\n"


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def to_docx(clips: list[Clip], path: Path, title: str = "Tư liệu trích dẫn") -> Path:
    """The collection as a Word document on A4 (margins of administrative documents, Times New Roman
    13 pt): each quote set off, its note below, its reference as a footnote in the usual form."""
    from docx import Document as Docx
    from docx.shared import Mm, Pt

    out = Docx()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    normal = out.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)
    out.add_heading(title, level=1)
    for n, clip in enumerate(clips, start=1):
        if clip.question:
            p = out.add_paragraph()
            p.add_run("Câu hỏi: ").bold = True
            p.add_run(clip.question)
        quote = out.add_paragraph(clip.quote, style="Quote")
        quote.paragraph_format.space_after = Pt(4)
        quote.add_run(f"⟦fn{n}⟧")  # where the footnote mark goes (written in below)
        if clip.note:
            p = out.add_paragraph()
            p.add_run("Ghi chú: ").italic = True
            p.add_run(clip.note)
    out.save(str(path))
    return add_footnotes(path, [f"{c.reference} Nguồn: {c.source}" for c in clips])


def add_footnotes(path: Path, notes: list[str]) -> Path:
    """Word keeps footnotes in a part of their own, which python-docx does not write: add it to the
    DOCX at path, and turn each run "⟦fnN⟧" into a reference to footnote N (notes[N - 1])."""
    import zipfile
    from xml.sax.saxutils import escape

    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sup = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
    items = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r>{sup}<w:footnoteRef/></w:r>'
        f'<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        for n, text in enumerate(notes, start=1)
    )
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{_W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        f"{items}</w:footnotes>"
    ).encode()
    for name, closing, entry in (
        (
            "word/_rels/document.xml.rels",
            "</Relationships>",
            '<Relationship Id="rIdVanbanFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/footnotes" Target="footnotes.xml"/>',
        ),
        (
            "[Content_Types].xml",
            "</Types>",
            '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.footnotes+xml"/>',
        ),
    ):  # the footnotes part made known to the package
        parts[name] = parts[name].decode().replace(closing, entry + closing).encode()
    body = parts["word/document.xml"].decode()
    body = re.sub(r"<w:t[^>]*>⟦fn(\d+)⟧</w:t>", lambda m: f'{sup}<w:footnoteReference w:id="{m[1]}"/>', body)
    parts["word/document.xml"] = body.encode()
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    tmp.replace(path)
    return path
