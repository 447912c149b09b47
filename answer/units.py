"""Candidate answers: the sentences, list items and sections of the passages a search returned.

A *sentence* answers a fact ("Ai ký?" → the signer's line). A *block* is a node of the document's
section tree: a list item with all its text, or a section with its heading; it answers with its
*parts* — its items in order, or, without items, its paragraphs ("2. Tồn tại, hạn chế" → the three
paragraphs under it, never the heading alone).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from answer.extract import Span, sentences
from ingest.structure import CLOSING, Section

# A heading line names a part of the document; a numbered sentence ("1. Tiếp tục quán triệt, …")
# is content. Headings are short and do not end like a sentence.
HEADING_CHARS = 90
CAPS_HEADING_CHARS = 250
PART_CHARS = 700  # a part is quoted whole up to this, then cut at a sentence end


@dataclass(frozen=True)
class Unit:
    """One candidate answer: doc.text[start:end], shown as its parts."""

    kind: str  # "sentence" or "block"
    doc_id: str
    start: int
    end: int
    parts: tuple[Span, ...]  # what is shown and quoted, in order
    heading: str = ""  # a block's own heading line ("2. Tồn tại, hạn chế"), else ""
    path: str = ""  # the headings above it, outermost first
    titled: bool = False  # a block whose first line is a heading, not a numbered sentence
    children: bool = False  # a block whose parts are items of its own
    closing: bool = False  # in the recipients-and-signature block
    number: str = ""  # a block's number path in its document: "II.3", "III.3.1"
    named: bool = False  # the question names this section (by number or heading): found by name, not by words
    outline: bool = False  # the numbered headings under a section (or of a whole document), not their content
    rank: int = 0  # best search rank of a passage the unit overlaps
    score: float = 0.0  # that passage's score relative to the top hit


def is_heading(line: str, limit: int = HEADING_CHARS) -> bool:
    """A title line ("III. THÀNH PHẦN", "2. Tồn tại, hạn chế", "Nơi nhận:"), not a sentence of content,
    up to limit characters.

    A line in capitals is a title however long ("IV- PHƯƠNG HƯỚNG, NHIỆM VỤ … GIAI ĐOẠN 2021 - 2030")."""
    text = line.strip("* ").rstrip(":")
    if not text or text.endswith((".", ";", ",", "…")):
        return False
    return len(text) <= limit or (len(text) <= CAPS_HEADING_CHARS and text == text.upper())


TITLE_LINE = 160  # a numbered line alone above items of its own is their title up to this long


def titled(node: Section, text: str) -> bool:
    """A section whose first line is its title: a heading line, or a line of its own above its items
    ("3. Ban tuyên giáo các đảng bộ trực thuộc, Uỷ ban Mặt trận Tổ quốc … cấp tỉnh" over its "- " tasks)."""
    line = first_line(text, node)
    heading = text[line.start : line.end].strip()
    alone = bool(node.children) and node.children[0].start > line.end
    if alone and _one_sentence(heading):  # "2. Kết quả triển khai … trong Kết luận số 16-KL/TW." over its items
        return True
    return is_heading(heading, TITLE_LINE if alone else HEADING_CHARS)


def _one_sentence(line: str) -> bool:
    """A numbered line of one short sentence, full stop and all: an outline's title for what follows it."""
    text = line.strip("* ")
    number = re.match(r"\d{1,2}[.)]\s+", text)
    body = text[number.end() :] if number else ""
    return len(text) <= TITLE_LINE and body.endswith(".") and not re.search(r"[.;:]\s", body)


def walk(nodes: Iterable[Section], parents: tuple[Section, ...] = ()) -> Iterator[tuple[Section, tuple[Section, ...]]]:
    """Every node of a section tree with the nodes above it."""
    for node in nodes:
        yield node, parents
        yield from walk(node.children, (*parents, node))


def number_path(node: Section, parents: tuple[Section, ...]) -> str:
    """ "II.3" for item 3 of section II, "II.3.1" for its item 3.1; "" when a node above has no number."""
    path: list[str] = []
    for n in (*parents, node):
        if not n.number:
            return ""
        if path and n.number.startswith(path[-1] + "."):  # "3.1" under "3"
            path[-1] = n.number
        else:
            path.append(n.number)
    return ".".join(path)


def _lines(text: str, start: int, end: int) -> list[Span]:
    return [Span(start + m.start(), start + m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text[start:end])]


def paragraphs(text: str, node: Section) -> list[Span]:
    """A node's own paragraphs: lines not inside its items; without its heading line if it has one."""
    lines = [
        s for s in _lines(text, node.start, node.end) if not any(c.start <= s.start < c.end for c in node.children)
    ]
    if lines and (
        is_heading(text[lines[0].start : lines[0].end]) or (lines[0].start == node.start and titled(node, text))
    ):
        lines = lines[1:]
    return lines


def recipients(text: str, node: Section) -> list[Span]:
    """The "- " lines of a closing block (Nơi nhận), up to the signature."""
    out: list[Span] = []
    for line in _lines(text, node.start, node.end)[1:]:
        content = text[line.start : line.end].strip()
        if content.startswith(("-", "–", "+")):
            out.append(line)
        elif out and content.isupper():
            break
        elif out:  # a recipient wrapped onto the next line
            out[-1] = Span(out[-1].start, line.end)
    return out


_ADDRESSED = re.compile(r"Kính gửi\s*:?[ \t]*")


def addressees(text: str, start: int, end: int, doc_id: str) -> Unit | None:
    """The "Kính gửi:" list of a letter as a block: the names after it, one part each, up to the body."""
    m = _ADDRESSED.search(text, start, end)
    if not m:
        return None
    parts: list[Span] = []
    for line in _lines(text, m.end(), min(len(text), m.end() + 1500)):
        content = text[line.start : line.end].strip(" -–")
        if len(content) > 100 or not content:
            break
        offset = text.find(content, line.start, line.end)
        parts.append(Span(offset, offset + len(content)))
    if not parts:
        return None
    return Unit("block", doc_id, m.start(), parts[-1].end, tuple(parts), "Kính gửi", "", True, True)


def first_line(text: str, node: Section) -> Span:
    """A node's first line (its heading, or the start of a numbered sentence)."""
    newline = text.find("\n", node.start, node.end)
    return Span(node.start, newline if newline >= 0 else node.end)


def _block(text: str, node: Section, parents: tuple[Section, ...], doc_id: str) -> Unit | None:
    if node.level == 0:
        parts = recipients(text, node)
        if len(parts) < 2:
            return None
        return Unit("block", doc_id, node.start, node.end, tuple(parts), "Nơi nhận", CLOSING, True, True, True)
    line = first_line(text, node)
    heading = text[line.start : line.end].strip()
    has_title = titled(node, text)
    if node.children:
        parts = [Span(c.start, c.end) for c in node.children]
        own = paragraphs(text, node)
        if own and own[0].start < node.children[0].start:  # a lead-in paragraph before the items
            parts = [p for p in own if p.start < node.children[0].start] + parts
    else:
        parts = paragraphs(text, node) if has_title else _lines(text, node.start, node.end)
    if not parts:
        return None
    path = " › ".join(p.heading.strip("* ") for p in parents)
    return Unit(
        "block",
        doc_id,
        node.start,
        node.end,
        tuple(parts),
        heading,
        path,
        has_title,
        bool(node.children),
        number=number_path(node, parents),
    )


OUTLINE_LEVELS = 2  # a section's outline goes this many numbered levels down; a document's, one


def _numbered(nodes: Iterable[Section], depth: int) -> Iterator[Section]:
    for node in nodes:
        if node.level > 0 and node.number:
            yield node
            if depth > 1:
                yield from _numbered(node.children, depth - 1)


def outline(text: str, node: Section | None, tree: list[Section], doc_id: str, path: str = "") -> Unit | None:
    """The numbered headings under a section (node) or, with node None, the top-level ones of a document,
    each by its first line: what a question asking "gồm những phần nào?" wants, not their content.
    None when fewer than two numbered parts are there."""
    children = tree if node is None else node.children
    if sum(1 for c in children if c.level > 0 and c.number) < 2:
        return None
    parts = [first_line(text, n) for n in _numbered(children, 1 if node is None else OUTLINE_LEVELS)]
    if node is None:
        start, end, heading = parts[0].start, max(c.end for c in children if c.level > 0), ""
    else:
        line = first_line(text, node)
        start, end, heading = node.start, node.end, text[line.start : line.end].strip()
    return Unit("block", doc_id, start, end, tuple(parts), heading, path, bool(heading), True, outline=True)


def candidates(
    text: str,
    doc_id: str,
    tree: list[Section],
    hits: list[tuple[int, int, int, float, bool]],
    wanted: Callable[[Section, str, bool], bool] | None = None,
    unranked: int = 0,
    ranked: list[tuple[int, int, int, float]] | None = None,
) -> list[Unit]:
    """Units of one document that overlap the hit passages, and the sections the question names.

    hits are (start, end, rank, relative score, closing) of the document's retrieved passages.
    Each unit keeps the best rank and score among the passages it overlaps. A section for which
    wanted(node, number path, titled) is true (the question names it by number, "mục III.2", or by its
    heading) is a candidate even when no passage of it was retrieved: with the rank and score of
    its passages in `ranked` (every passage of the document, ranked) when given, else `unranked`.
    """
    scored = [(a, b, r, s) for a, b, r, s, _ in hits] + list(ranked or [])

    def best(start: int, end: int, pool=None) -> tuple[int, float]:
        over = [(r, s) for a, b, r, s in (pool or scored) if a < end and b > start]
        return (min(r for r, _ in over), max(s for _, s in over)) if over else (0, 0.0)

    # a heading line is never an answer of its own; its section is
    headings = [
        (node.start, text.find("\n", node.start, node.end) % (node.end + 1) or node.end)
        for node, _ in walk(tree)
        if titled(node, text)
    ]
    out: dict[tuple[str, int, int], Unit] = {}
    for a, b, _, _, closing in hits:
        for span in sentences(text, a, b):
            if any(h0 <= span.start and span.end <= h1 for h0, h1 in headings):
                continue
            rank, score = best(span.start, span.end)
            unit = Unit("sentence", doc_id, span.start, span.end, (span,), closing=closing, rank=rank, score=score)
            out.setdefault(("sentence", span.start, span.end), unit)
    for a, b, rank, score, _ in hits:
        letter = addressees(text, a, b, doc_id)
        if letter is not None:
            out.setdefault(("block", letter.start, letter.end), _with_rank(letter, rank, score))
    retrieved = [(a, b, r, s) for a, b, r, s, _ in hits]
    for node, parents in walk(tree):
        named = wanted is not None and node.level > 0 and wanted(node, number_path(node, parents), titled(node, text))
        if not best(node.start, node.end, retrieved)[0] and not named:
            continue
        # a section the question names is found by its name, as surely as the top passage
        rank, score = (1, 1.0) if named else best(node.start, node.end)
        unit = _block(text, node, parents, doc_id)
        if unit is not None:
            unit = Unit(**{**unit.__dict__, "named": named})
            out.setdefault(("block", unit.start, unit.end), _with_rank(unit, rank or unranked, score))
        if node.level > 0:
            path = " › ".join(p.heading.strip("* ") for p in parents)
            unit = outline(text, node, tree, doc_id, path)
            if unit is not None:
                unit = Unit(**{**unit.__dict__, "named": named, "number": number_path(node, parents)})
                out.setdefault(("outline", unit.start, unit.end), _with_rank(unit, rank or unranked, score))
    whole = outline(text, None, tree, doc_id)
    if whole is not None and retrieved:
        out.setdefault(("outline", whole.start, whole.end), _with_rank(whole, *best(whole.start, whole.end)))
    return list(out.values())


def _with_rank(unit: Unit, rank: int, score: float) -> Unit:
    return Unit(**{**unit.__dict__, "rank": rank, "score": score})


# --- what a unit shows --------------------------------------------------------------------------

SHORT_LEAD = 60


def quote_span(text: str, part: Span, limit: int = PART_CHARS) -> Span:
    """A part quoted whole without its list marker, or cut at its last sentence end (else word)
    before `limit` characters."""
    first = sentences(text, part.start, part.end)
    if first:
        part = Span(first[0].start, part.end)
        while part.end > part.start and text[part.end - 1].isspace():
            part = Span(part.start, part.end - 1)
    if part.end - part.start <= limit:
        return part
    window = text[part.start : part.start + limit]
    cut = max(window.rfind(". "), window.rfind("; "), window.rfind(".\n"))
    if cut > limit // 3:
        return Span(part.start, part.start + cut + 1)
    space = window.rfind(" ")
    return Span(part.start, part.start + (space if space > 0 else limit))


def lead_span(text: str, part: Span) -> Span | None:
    """The first sentence of a part; a short heading ("1. Cấp tỉnh") takes the next sentence along."""
    found = sentences(text, part.start, part.end)
    if not found:
        return None
    first = found[0]
    head = text[first.start : first.end]
    if len(found) > 1 and len(head) <= SHORT_LEAD and not head.endswith((".", "…", "!", "?")):
        first = Span(first.start, found[1].end)
    return first
