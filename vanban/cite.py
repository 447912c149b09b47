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
    else:
        head = doc.title
        extra = ", ".join(x for x in (doc.issuer, vi_date(doc.date)) if x)
        if extra:
            head += f" ({extra})"
    parts = [head.rstrip(". ")]
    if section:
        parts.append(f"mục {section}")
    if page:
        parts.append(f"tr. {page}")
    return ", ".join(parts) + "."


@dataclass(frozen=True)
class Clip:
    """A quoted passage kept for training material, with its full reference."""

    quote: str
    reference: str
    source: str
    question: str | None = None

    @classmethod
    def of(cls, citation: Citation, doc: Document, question: str | None = None) -> Clip:
        return cls(citation.quote, reference(doc, citation.section, citation.page), citation.source, question)


def to_markdown(clips: list[Clip], title: str = "Tư liệu trích dẫn") -> str:
    """Numbered quotes, each followed by its reference and source file."""
    lines = [f"# {title}", ""]
    for n, clip in enumerate(clips, start=1):
        if clip.question:
            lines += [f"**Câu hỏi:** {clip.question}", ""]
        lines += [f"> {line}" if line.strip() else ">" for line in clip.quote.splitlines()]
        lines += ["", f"[{n}] {clip.reference} Nguồn: `{clip.source}`", ""]
    return "\n".join(lines)


def to_docx(clips: list[Clip], path: Path, title: str = "Tư liệu trích dẫn") -> Path:
    """The same as to_markdown, as a Word document with the quotes set off and references in italics."""
    from docx import Document as Docx
    from docx.shared import Pt

    out = Docx()
    out.add_heading(title, level=1)
    for n, clip in enumerate(clips, start=1):
        if clip.question:
            p = out.add_paragraph()
            p.add_run("Câu hỏi: ").bold = True
            p.add_run(clip.question)
        quote = out.add_paragraph(clip.quote, style="Quote")
        quote.paragraph_format.space_after = Pt(4)
        ref = out.add_paragraph()
        ref.add_run(f"[{n}] ").bold = True
        ref.add_run(clip.reference).italic = True
        ref.add_run(f" Nguồn: {clip.source}")
    out.save(str(path))
    return path
