"""A large question set generated from the documents' own structure and metadata.

For every document: who signed it, when it was issued, its code, who issued it, whom it is sent
to, every deadline and every "label: value" line; for every document it only cites, that
document's date and issuer; for every titled section, what it says; for every list, its items;
for list items, a few keywords. Each question carries gold spans and `must` phrases copied from
the text, and variants without diacritics, with abbreviations and in English. Questions about a
field a document does not state, or about documents that exist nowhere, are unanswerable.

Documents are split into a tuning half and a test half by file, so no document has questions in
both: weights are fitted on the first and reported on the second (`vanban eval --generate`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.structure import Section, parse_sections
from vanban.records import Document
from vanban.text import fold_plain, strip_diacritics

# English names of document types, and of the words of standard section headings. A heading is
# put into English only when every one of its words is known here.
TYPE_EN = {
    "Kết luận": "Conclusion",
    "Công văn": "official letter",
    "Hướng dẫn": "Guidance",
    "Kế hoạch": "plan",
    "Báo cáo": "report",
    "Đề cương": "outline",
    "Quyết định": "Decision",
    "Chỉ thị": "Directive",
    "Nghị quyết": "Resolution",
    "Thông báo": "Notice",
}
HEADING_EN = {
    "mục đích": "purpose",
    "yêu cầu": "requirements",
    "quan điểm": "viewpoints",
    "mục tiêu": "objectives",
    "nhiệm vụ": "tasks",
    "giải pháp": "solutions",
    "tổ chức thực hiện": "implementation arrangements",
    "thành phần": "participants",
    "nội dung": "contents",
    "tài liệu": "materials",
    "đánh giá chung": "overall assessment",
    "ưu điểm": "strengths",
    "tồn tại": "shortcomings",
    "hạn chế": "limitations",
    "đề xuất": "proposals",
    "kiến nghị": "recommendations",
    "phương hướng": "directions",
    "hình thức": "format",
    "địa điểm": "venue",
    "thời gian": "timing",
    "các nhiệm vụ trọng tâm": "key tasks",
    "tình hình triển khai": "implementation status",
    "đặc điểm tình hình": "background",
    "công tác lãnh đạo": "leadership",
    "chỉ đạo": "direction",
}
# Abbreviations officials write; a variant is made when the question contains one of these.
ABBREVIATE = (
    (r"thông tin đối ngoại", "TTĐN"),
    (r"Ban Tuyên giáo Trung ương", "BTGTW"),
    (r"Ban Tuyên giáo Tỉnh ủy", "BTGTU"),
    (r"Ban Tuyên giáo", "BTG"),
    (r"Ủy ban nhân dân", "UBND"),
    (r"Ban Chỉ đạo", "BCĐ"),
    (r"Kết luận (\d+)-KL/TW", r"KL \1"),
    (r"Công văn (\d+)-CV/\w+", r"CV \1"),
    (r"Hướng dẫn (\d+)-HD/\w+", r"HD \1"),
)

_DATELINE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_CITED = re.compile(
    r"\b(Kết luận|Hướng dẫn|Công văn|Kế hoạch|Chỉ thị|Nghị quyết|Quyết định|Thông báo)\s+số\s+"
    r"(\d+\s*[-/]\s*[A-ZĐ][\w&]*(?:/[A-ZĐ][\w&]*)?),?\s+ngày\s+(\d{1,2}/\d{1,2}/\d{4})"
    r"(?:\s+của\s+([^,;.“\"(]{3,80}?))?(?=\s+(?:về|khóa|khoá|hướng|phê)\b|[,;.“\"(]|$)"
)
_DEADLINE = re.compile(r"(trước ngày|chậm nhất (?:là )?(?:ngày )?)\s*(\d{1,2}/\d{1,2}/\d{4})")
_LABEL_LINE = re.compile(r"^(?:\d+\.\s*|-\s*)?([A-ZĐ][^:\n]{3,40}):\s+(\S[^\n]{8,})$", re.M)
_WORD = re.compile(r"\w+(?:[-/]\w+)*")
_LEAD_WORDS = 6
_UNANSWERABLE_NUMBERS = (3, 7, 29, 81, 95)  # added to a code's number to name a document that exists nowhere


@dataclass
class Generated:
    """One question before it is written as a JSON line."""

    query: str
    kind: str
    source: str
    spans: list[str] = field(default_factory=list)
    must: list[str] = field(default_factory=list)
    lang: str = "vi"
    answerable: bool = True

    def key(self) -> str:
        return " ".join(self.query.lower().split())


def _words(text: str, n: int) -> str:
    """The first n words of text, ending on a word (verbatim, punctuation between words kept)."""
    matches = list(_WORD.finditer(text))
    if not matches:
        return ""
    end = matches[min(n, len(matches)) - 1].end()
    return text[:end].strip()


def _clean_heading(heading: str) -> str:
    text = re.sub(r"^\**(?:[IVX]{1,5}\s*[.\-]|\d{1,2}(?:\.\d{1,2})*\.?|[a-zđ]\))\s*", "", heading).strip("* :")
    return text


def _is_title(heading: str) -> bool:
    """A short heading line ("III. THÀNH PHẦN", "2. Tồn tại, hạn chế"), not a numbered sentence."""
    text = _clean_heading(heading)
    return 2 <= len(text) <= 80 and not text.endswith((".", ";")) and ":" not in text


def _lower_heading(heading: str) -> str:
    """A heading inside a sentence: "KẾT QUẢ THỰC HIỆN KẾT LUẬN SỐ 16-KL/TW" → "kết quả thực hiện kết luận số 16-KL/TW"."""
    text = re.sub(r"^(?:về|ve)\s+", "", _clean_heading(heading), flags=re.IGNORECASE)
    if text.isupper():
        return " ".join(w if any(ch.isdigit() for ch in w) else w.lower() for w in text.split())
    return text[:1].lower() + text[1:]


def _body_lines(doc: Document, node: Section) -> list[tuple[int, int]]:
    """(start, end) of the non-empty lines under a section's heading line."""
    out, pos = [], doc.text.find("\n", node.start)
    if pos < 0 or pos >= node.end:
        return out
    for m in re.finditer(r"[^\n]+", doc.text[pos : node.end]):
        if m.group().strip():
            out.append((pos + m.start(), pos + m.end()))
    return out


def _lead(doc: Document, start: int, end: int) -> str:
    text = doc.text[start:end]
    text = re.sub(r"^\s*(?:[-–•+]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s+|[a-zđ]\)\s+)", "", text)
    return _words(text, _LEAD_WORDS)


def _spread(items: list, k: int = 3) -> list:
    """First, middle and last of a list (fewer when it is short)."""
    if len(items) <= k:
        return list(items)
    return [items[0], items[len(items) // 2], items[-1]]


def _walk(nodes: Iterable[Section], parents: tuple[Section, ...] = ()) -> Iterator[tuple[Section, tuple[Section, ...]]]:
    for node in nodes:
        yield node, parents
        yield from _walk(node.children, (*parents, node))


class _Namer:
    """How a question names a document: its type and code, else its type and subject."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def vi(self, with_code: bool = True) -> str:
        d = self.doc
        if d.code and with_code:
            return f"{d.doc_type or 'Văn bản'} {d.code}"
        subject = _words(re.split(r"[;(]", d.subject or d.title)[0], 16)
        subject = subject[:1].lower() + subject[1:] if subject[:2] != subject[:2].upper() else subject
        return f"{d.doc_type or 'Văn bản'} {subject}".strip()

    def en(self) -> str | None:
        d = self.doc
        if d.doc_type not in TYPE_EN:
            return None
        if d.code:
            return f"{TYPE_EN[d.doc_type]} {d.code}"
        subject = _words(re.split(r"[;(,]", d.subject or d.title)[0], 10)
        return f"the {TYPE_EN[d.doc_type]} “{subject}”"


def _heading_en(heading: str) -> str | None:
    text = fold_plain(_clean_heading(heading))
    parts = [p.strip() for p in re.split(r",|\bva\b|;", text) if p.strip()]
    table = {fold_plain(k): v for k, v in HEADING_EN.items()}
    out = []
    for part in parts:
        if part not in table:
            return None
        out.append(table[part])
    return " and ".join(out) if out else None


def document_questions(
    doc: Document, stored_codes: set[str], corpus: str = "", headings: dict[str, int] | None = None
) -> list[Generated]:
    """Questions about one document, from its metadata, its citations, its lines and its sections."""
    name = _Namer(doc)
    ref = name.vi()
    out: list[Generated] = []
    src = doc.source
    head = doc.text[:800]

    def add(query: str, kind: str, spans: list[str], must: list[str], lang: str = "vi") -> None:
        spans = [s for s in dict.fromkeys(spans) if s]
        must = [m for m in dict.fromkeys(must) if m]
        if spans and must:
            out.append(Generated(query, kind, src, spans, must, lang))

    def unanswerable(query: str, lang: str = "vi") -> None:
        out.append(Generated(query, "unanswerable", src, lang=lang, answerable=False))

    # who signed
    if doc.signer and doc.signer in doc.text:
        add(f"Ai ký {ref}?", "fact", [doc.signer], [doc.signer])
        add(f"{ref} do ai ký?", "fact", [doc.signer], [doc.signer])
        if name.en():
            add(f"Who signed {name.en()}?", "cross-lingual", [doc.signer], [doc.signer], "en")
    else:
        unanswerable(f"Ai ký {ref}?")
    # when issued: the dateline in the header
    date = _DATELINE.search(head)
    if doc.date and date and f"{int(date[3]):04d}-{int(date[2]):02d}-{int(date[1]):02d}" == doc.date:
        line_start = doc.text.rfind("\n", 0, date.start()) + 1
        line = doc.text[line_start : doc.text.find("\n", date.end()) if "\n" in doc.text[date.end() :] else None]
        add(f"{ref} ban hành ngày nào?", "fact", [line.strip()], [date.group()])
        add(f"{ref} được ký ngày tháng năm nào?", "fact", [line.strip()], [date.group()])
        if name.en():
            add(f"When was {name.en()} issued?", "cross-lingual", [line.strip()], [date.group()], "en")
    else:
        unanswerable(f"{ref} ban hành ngày nào?")
    # its code, asked without naming it
    if doc.code:
        number, letters = doc.code.split("-", 1) if "-" in doc.code else (doc.code, "")
        pattern = re.escape(number) + r"\s*-\s*" + r"\s*/\s*".join(map(re.escape, letters.split("/")))
        written = re.search(pattern, head)
        if written:
            add(f"Số hiệu của {name.vi(with_code=False)} là gì?", "fact", [written.group()], [written.group()])
    else:
        unanswerable(f"{name.vi()} có số hiệu là gì?")
    # who issued it: the body as the header or the signature block names it
    if doc.issuer:
        closing_at = doc.text.find("\nNơi nhận")
        where = head + "\n" + (doc.text[closing_at:] if closing_at >= 0 else "")
        words = doc.issuer.split()
        for n in range(len(words), 1, -1):
            found = re.search(re.escape(" ".join(words[:n])), where, re.IGNORECASE)
            if found:
                add(f"Cơ quan nào ban hành {ref}?", "fact", [found.group()], [found.group()])
                break
    # to whom it is sent
    to = re.search(r"Kính gửi\s*:?\s*", head)
    if to:
        names = []
        for line in re.split(r"\n", doc.text[to.end() : to.end() + 600]):
            line = line.strip(" -–,.;")
            if not line:
                if names:
                    break
                continue
            if len(line) > 90:
                break
            names.append(line.lstrip("- ").strip(" ,."))
        if names:
            add(f"{ref} gửi những cơ quan, đơn vị nào?", "list", names[:3], _spread(names, 2))
    # recipients of record
    closing = re.search(r"\n\**Nơi nhận\s*:?", doc.text)
    if closing:
        items = []
        for line in doc.text[closing.end() :].split("\n"):
            line = line.strip()
            if line.startswith("-") and len(line) < 120:
                items.append(line.lstrip("-– ").strip(" ,.;"))
            elif items and line and not line.startswith("-") and line[:1].isupper() and line.isupper():
                break
        items = [i for i in items if len(i) > 3]
        if len(items) >= 2:
            add(f"Nơi nhận của {ref} gồm những ai?", "list", items[:3], _spread(items, 2))
    # deadlines: the sentence with its date asked as "... trước ngày nào?"
    for m in _DEADLINE.finditer(doc.text):
        start = max(doc.text.rfind("\n", 0, m.start()), doc.text.rfind(". ", 0, m.start()) + 1) + 1
        before = doc.text[start : m.start()].strip(" ,;")
        if 3 <= len(before.split()) <= 25:
            clause = before[:1].lower() + before[1:]
            add(f"Theo {ref}, {clause} {m.group(1)} nào?", "fact", [doc.text[start : m.end()].strip()], [m.group(2)])
    # "label: value" lines ("Thời gian: ½ ngày ...", "Điểm cầu cấp tỉnh: Dự kiến tại ...")
    for m in _LABEL_LINE.finditer(doc.text):
        label, value = m.group(1).strip(), m.group(2).strip()
        if fold_plain(label) in {"kinh gui", "noi nhan", "trong do"} or len(label.split()) > 6 or label.isupper():
            continue
        add(f"Theo {ref}, {label[:1].lower() + label[1:]} là gì?", "fact", [m.group().strip()], [_words(value, 5)])
    # documents it only cites: their date and issuer are stated where they are cited
    for m in _CITED.finditer(doc.text):
        kind_name, code, day, issuer = m.group(1), re.sub(r"\s+", "", m.group(2)), m.group(3), m.group(4)
        if code in stored_codes:
            continue
        add(f"{kind_name} {code} ban hành ngày nào?", "fact", [m.group().strip()], [day])
        if issuer and len(issuer.split()) >= 2:
            add(f"Cơ quan nào ban hành {kind_name} {code}?", "fact", [m.group().strip()], [issuer.strip()])
    # sections: what a titled section says, the items of a list, a body's duties, "mục II.3"
    for node, parents in _walk(parse_sections(doc.text)):
        if node.level == 0:
            continue
        leads = [lead for c in node.children if (lead := _content_lead(doc, c))]
        lines = [(s, e) for s, e in _body_lines(doc, node) if not any(c.start <= s < c.end for c in node.children)]
        paras = [lead for s, e in lines if len(doc.text[s:e]) > 40 and (lead := _lead(doc, s, e))]
        if not _is_title(node.heading):  # a numbered sentence: its first line is content too
            paras.insert(0, _lead(doc, node.start, doc.text.find("\n", node.start, node.end) % (node.end + 1)))
        body = leads if len(leads) >= 2 else paras
        if not body:
            continue
        kind = "list" if len(leads) >= 2 else "section"
        must = _spread(body)
        number = _number_path(parents, node)
        if number and number.startswith("Điều") and "." not in number:
            add(f"{number} của {ref} quy định gì?", kind, body, must)
        elif number and "Điều" not in number:
            add(f"Nội dung mục {number} của {ref} là gì?", kind, body, must)
        if not _is_title(node.heading):
            continue
        heading = _lower_heading(node.heading)
        topic = re.sub(r"^các\s+", "", heading)
        parent = _clean_heading(parents[-1].heading).lower() if parents else ""
        heading_en = _heading_en(node.heading)
        if parent.startswith("tổ chức thực hiện"):  # the duties of a named body
            add(f"Theo {ref}, {_clean_heading(node.heading)} có nhiệm vụ gì?", "section", body, must)
            continue
        add(f"Phần “{_clean_heading(node.heading)}” của {ref} gồm những nội dung gì?", kind, body, must)
        if fold_plain(topic).startswith(_TOPIC_NOUNS):
            add(f"{ref} nêu những {topic} nào?", kind, body, must)
            if (headings or {}).get(fold_plain(_clean_heading(node.heading))) == 1:  # one document has it
                add(f"Những {topic} được nêu là gì?", kind, body, must)
        else:
            add(f"{ref} nói gì về {topic}?", kind, body, must)
        if heading_en and name.en():
            add(f"What does {name.en()} say about its {heading_en}?", "cross-lingual", body, must, "en")
    # keywords: a few words of a clause inside a list item or paragraph; the answer must state the clause
    for node, _ in _walk(parse_sections(doc.text)):
        if node.level < 2 or node.children:
            continue
        text = doc.text[node.start : node.end]
        clauses = [m for m in re.finditer(r"[^,;.:\n()“”\"]+", text) if 8 <= len(_WORD.findall(m.group())) <= 16]
        if len(clauses) < 2:
            continue
        clause = clauses[len(clauses) // 2].group().strip()
        words = list(_WORD.finditer(clause))
        keywords = clause[: words[6].end()]
        if corpus.count(fold_plain(keywords)) == 1:  # a phrase said in two places has two right answers
            add(keywords, "keyword", [clause], [clause])
    return out


# Headings that name what they list ("nhiệm vụ", "tồn tại, hạn chế") are asked as "nêu những … nào?".
_TOPIC_NOUNS = tuple(
    fold_plain(w)
    for w in (
        "nhiệm vụ",
        "giải pháp",
        "quan điểm",
        "mục tiêu",
        "nội dung",
        "tài liệu",
        "thành phần",
        "ưu điểm",
        "tồn tại",
        "hạn chế",
        "đề xuất",
        "kiến nghị",
        "kết quả",
        "phương hướng",
        "mục đích",
        "yêu cầu",
    )
)


def _content_lead(doc: Document, node: Section) -> str:
    """The first words of what an item says; for a titled subsection, of its first item or line."""
    if not _is_title(node.heading):
        return _lead(doc, node.start, node.end)
    if node.children:
        return _content_lead(doc, node.children[0])
    lines = _body_lines(doc, node)
    return _lead(doc, *lines[0]) if lines else ""


def _number_path(parents: tuple[Section, ...], node: Section) -> str | None:
    """ "II.3" for item 3 of section II, "II.3.1" for its item 3.1; None for bullets."""
    numbers = [n.number for n in (*parents, node)]
    if not node.number or any(n is None for n in numbers):
        return None
    path: list[str] = []
    for number in numbers:
        if path and number.startswith(path[-1] + "."):  # "3.1" under "3"
            path[-1] = number
        else:
            path.append(number)
    return ".".join(path)


def _variants(q: Generated) -> list[Generated]:
    """No-diacritics and abbreviated forms of a Vietnamese question."""
    if q.lang != "vi" or not q.answerable and q.kind != "unanswerable":
        return []
    out = []
    kind = q.kind if q.kind == "unanswerable" else None
    out.append(
        Generated(
            strip_diacritics(q.query).lower(), kind or "no-diacritics", q.source, q.spans, q.must, "vi", q.answerable
        )
    )
    short = q.query
    for pattern, repl in ABBREVIATE:
        short = re.sub(pattern, repl, short, flags=re.IGNORECASE)
    if short != q.query:
        out.append(Generated(short, kind or "abbreviation", q.source, q.spans, q.must, "vi", q.answerable))
    return out


def _pick(items: list[Generated], share: int, salt: str) -> list[Generated]:
    """A stable subset: about 1 in `share` of the items, chosen by a hash of the query."""
    return [q for q in items if int(hashlib.sha1((salt + q.query).encode()).hexdigest(), 16) % share == 0]


def nowhere_questions(doc: Document, known_numbers: set[str]) -> list[Generated]:
    """Unanswerable: the same kind of document, with a number no text uses."""
    if not doc.code or "-" not in doc.code:
        return []
    number, letters = doc.code.split("-", 1)
    if not number.isdigit():
        return []
    for add in _UNANSWERABLE_NUMBERS:
        other = str(int(number) + add)
        if other not in known_numbers:
            code = f"{other}-{letters}"
            kind = doc.doc_type or "Văn bản"
            return [
                Generated(f"Ai ký {kind} {code}?", "unanswerable", doc.source, answerable=False),
                Generated(f"{kind} {code} ban hành ngày nào?", "unanswerable", doc.source, answerable=False),
            ]
    return []


def missing_topic_questions(doc: Document, headings: dict[str, str]) -> list[Generated]:
    """Unanswerable: a section topic other documents have and this one never mentions."""
    text = fold_plain(doc.text)
    out = []
    for heading in sorted(headings):
        words = [w for w in re.split(r"[,\s]+", fold_plain(heading)) if len(w) > 1]
        generic = set(words) <= {w for noun in _TOPIC_NOUNS for w in noun.split()} | {"cac", "va"}
        if (
            len(words) >= 2
            and not generic
            and not any(" ".join(words[i : i + 2]) in text for i in range(len(words) - 1))
        ):
            query = f"{_Namer(doc).vi()} nói gì về {headings[heading]}?"
            out.append(Generated(query, "unanswerable", doc.source, answerable=False))
    return out[:2]


def outline_questions(doc: Document) -> list[Generated]:
    """What parts a document, or one of its titled sections, is made of: the numbered headings under it,
    each by its first words (the questions come after all the others, so that their ids do not move)."""
    name = _Namer(doc)
    ref = name.vi()
    out: list[Generated] = []

    def first_lines(nodes: list[Section]) -> list[str]:
        lines = []
        for n in nodes:
            if n.level > 0 and n.number:
                line = doc.text[n.start : doc.text.find("\n", n.start, n.end) % (n.end + 1) or n.end]
                lines.append(line.strip())
        return lines

    def ask(query: str, lines: list[str], en: str | None = None) -> None:
        must = [_words(_clean_heading(line), 8) for line in _spread(lines)]
        if len(lines) < 3 or not all(must):
            return
        out.append(Generated(query, "outline", doc.source, lines, must))
        out.append(Generated(strip_diacritics(query).lower(), "no-diacritics", doc.source, lines, must))
        if en:
            out.append(Generated(en, "cross-lingual", doc.source, lines, must, "en"))

    tree = parse_sections(doc.text)
    ask(f"{ref} gồm những phần nào?", first_lines(tree), f"What are the parts of {name.en()}?" if name.en() else None)
    for node, _ in _walk(tree):
        if node.level > 0 and _is_title(node.heading):
            ask(f"Phần “{_clean_heading(node.heading)}” của {ref} gồm những mục nào?", first_lines(node.children))
    return out


def split_by_file(questions: list[Generated]) -> dict[str, str]:
    """Files into a tuning and a test half: in name order, alternately (stable when questions change)."""
    sources = sorted({q.source for q in questions})
    return {source: ("tune", "test")[i % 2] for i, source in enumerate(sources)}


def generate(documents: list[Document], half: str | None = None) -> list[dict]:
    """The generated question set as JSON-ready dicts, tuning half first.

    With `half`, every question goes to that half (documents kept for tuning only, say) and ids
    start "genx-" so that both sets can be used together.
    """
    stored = {re.sub(r"\s+", "", d.code) for d in documents if d.code}
    numbers = {n for d in documents for n in re.findall(r"\b(\d+)\s*[-/]\s*[A-ZĐ]", d.text)}
    headings: dict[str, str] = {}
    for d in documents:
        for node, _ in _walk(parse_sections(d.text)):
            if node.level and _is_title(node.heading) and (node.children or node.end - node.start > 200):
                headings[fold_plain(_clean_heading(node.heading))] = _lower_heading(node.heading)
    base: list[Generated] = []
    corpus = "\n".join(fold_plain(d.text) for d in documents)
    counts: dict[str, int] = {}
    for d in documents:
        for node, _ in _walk(parse_sections(d.text)):
            if node.level and _is_title(node.heading):
                key = fold_plain(_clean_heading(node.heading))
                counts[key] = counts.get(key, 0) + 1
    for doc in documents:
        base += document_questions(doc, stored, corpus, counts)
        base += nowhere_questions(doc, numbers)
        base += missing_topic_questions(doc, headings)
    questions = list(base)
    # one in two questions gets its unaccented form, and those with abbreviations their short form
    for q in _pick([q for q in base if q.lang == "vi"], 2, "variant"):
        questions += _variants(q)
    for doc in documents:
        questions += outline_questions(doc)
    seen, unique = set(), []
    for q in questions:
        if q.key() not in seen:
            seen.add(q.key())
            unique.append(q)
    halves = {q.source: half for q in unique} if half else split_by_file(unique)
    prefix = "genx" if half else "gen"
    rows = []
    for name in ("tune", "test"):
        for i, q in enumerate([q for q in unique if halves[q.source] == name], start=1):
            row = {"id": f"{prefix}-{name}-{i:03d}", "query": q.query, "kind": q.kind, "lang": q.lang}
            row["answerable"] = q.answerable
            row["relevant"] = [{"span": s, "source": q.source} for s in q.spans] if q.answerable else []
            if q.answerable:
                row["must"] = q.must[:3]
            row["split"] = name
            rows.append(row)
    return rows


def write(documents: list[Document], path: Path, half: str | None = None) -> list[dict]:
    """Write the generated set as JSONL and return its rows."""
    rows = generate(documents, half)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return rows
