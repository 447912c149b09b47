"""Pure functions for extractive answers: what a question asks for, sentences, list items, highlights."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.structure import Section
from vanban.text import fold_plain, plain_tokens, with_bigrams

# --- what the question asks for -------------------------------------------------------------

# Checked on text folded to plain lower case ("Ai ký?" → "ai ky?"); first match wins.
_FACT_TYPES: tuple[tuple[str, re.Pattern], ...] = (
    (
        "deadline",
        re.compile(r"\b(han (gui|nop|chot|cuoi)|thoi han|truoc ngay|cham nhat|deadline|due date|due by|by when)\b"),
    ),
    ("duration", re.compile(r"\b(bao lau|keo dai|how long)\b")),
    (
        "date",
        re.compile(
            r"\b(khi nao|bao gio|ngay nao|ngay bao nhieu|thang may|thang nao|nam nao|thoi han|han (gui|nop|chot)"
            r"|truoc ngay|luc nao|ban hanh ngay|when|deadline|what date|which date)\b"
        ),
    ),
    ("place", re.compile(r"\b(o dau|tai dau|dia diem|noi nao|where)\b")),
    (
        "document",
        re.compile(r"\b(van ban nao|cong van nao|quyet dinh (so )?(nao|may)|can cu (vao )?.*nao|which document)\b"),
    ),
    ("number", re.compile(r"\b(bao nhieu|so luong|so may|so nao|may (nguoi|lan|cap)|how many|how much)\b")),
    (
        "who",
        re.compile(r"\b(ai|nguoi nao|co quan nao|don vi nao|ben nao|who|whom|which (agency|body|office|unit))\b"),
    ),
)
_LIST_CUES = re.compile(
    r"\b(nhiem vu|giai phap|nhung|cac .* (nao|gi)|gom|bao gom|thanh phan"
    r"|tasks?|solutions?|what are|which are|list|members|components)\b"
)
# "ban hành ngày nào?" asks for the header's date; "hạn gửi ... ngày nào?" does not.
_ISSUED_WORDS = re.compile(r"\b(ban hanh|ky ngay|ngay ky|issued|signed|adopted|dated)\b")


def question_kind(question: str, intent: str | None = None) -> tuple[str, str | None]:
    """("fact", answer type) | ("list", None) | ("general", None) for a question."""
    if intent == "signer":
        return "fact", "signer"
    plain = fold_plain(question)
    if intent == "issued" and _ISSUED_WORDS.search(plain):
        return "fact", "issued"
    for name, pattern in _FACT_TYPES:
        if pattern.search(plain):
            return "fact", name
    if _LIST_CUES.search(plain):
        return "list", None
    return "general", None


# --- sentences ------------------------------------------------------------------------------

_BREAK = re.compile(r"(?<=[.;!?…])\s+|\n+")
_LEAD_MARK = re.compile(r"(?:[-–•+*]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s+|[a-zđ]\)\s+|[IVX]{1,5}\s*[.\-]\s*)")
_HAS_WORD = re.compile(r"[^\W\d_]{2,}")
MAX_QUOTE = 320
SHORT_HEADING = 60
MIN_LIST_SUPPORT = 1.5  # passage weight a section needs for its items to be the answer


@dataclass(frozen=True)
class Span:
    """start:end offsets into a document's text."""

    start: int
    end: int


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of text[start:end] as offsets into text, without list markers or edge spaces."""
    end = len(text) if end is None else end
    out: list[Span] = []
    pos = start
    for m in [*_BREAK.finditer(text, start, end), None]:
        cut = m.start() if m else end
        span = trim(text, pos, cut)
        if span:
            out.append(span)
        pos = m.end() if m else end
    return out


def trim(text: str, start: int, end: int) -> Span | None:
    """text[start:end] without a list marker, edge spaces or a trailing ",;:"; None when no word is left."""
    while start < end and text[start].isspace():
        start += 1
    m = _LEAD_MARK.match(text, start, end)
    if m:
        start = m.end()
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if not _HAS_WORD.search(text, start, end):  # "3.2.", "IV." alone
        return None
    return Span(start, end)


def cap(text: str, span: Span, limit: int = MAX_QUOTE) -> Span:
    """The span cut at a word boundary to at most `limit` characters."""
    if span.end - span.start <= limit:
        return span
    cut = text.rfind(" ", span.start, span.start + limit)
    return Span(span.start, cut if cut > span.start else span.start + limit)


def lead(text: str, section: Section) -> Span | None:
    """The lead sentence of a list item: its first sentence, without its number.

    A short heading ("1. Cấp tỉnh") says little alone, so its first sentence comes with it:
    "Cấp tỉnh\n- Đại diện Thường trực Tỉnh uỷ."
    """
    found = sentences(text, section.start, section.end)
    if not found:
        return None
    first = found[0]
    heading = text[first.start : first.end]
    if len(found) > 1 and len(heading) <= SHORT_HEADING and not heading.endswith((".", "…", "!", "?")):
        first = Span(first.start, found[1].end)
    return cap(text, first)


# --- list items -----------------------------------------------------------------------------


def _walk(nodes: Iterable[Section], depth: int = 1):
    for node in nodes:
        yield node, depth
        yield from _walk(node.children, depth + 1)


def list_section(roots: list[Section], passages: list[tuple[Span, float]], heading_match=None) -> Section | None:
    """The section whose items hold the best passages, deeper on ties; None when no section stands out.

    passages are (span, weight) with weight 1 for the best passage and less for the others.
    For "Nhiệm vụ và giải pháp của Kết luận 57" the best passages are tasks 1–5 of section II,
    so section II is chosen and its five items are the answer. A heading that the question
    names ("thành phần" → "III. THÀNH PHẦN") adds up to MIN_LIST_SUPPORT: heading_match(heading)
    returns the share of the question's words in the heading.
    """
    best: tuple[float, int] | None = None
    chosen = None
    for node, depth in _walk(roots):
        if len(node.children) < 2:
            continue
        first = node.children[0].start
        weights = [w for s, w in passages if s.start < node.end and s.end > first]
        if not weights:
            continue
        score = sum(weights) + (MIN_LIST_SUPPORT * heading_match(node.heading) if heading_match else 0.0)
        if score >= MIN_LIST_SUPPORT and (best is None or (score, depth) > best):
            best, chosen = (score, depth), node
    return chosen


# --- scoring and highlighting ------------------------------------------------------------------


def overlap(query_words: dict[str, float], sentence: str) -> float:
    """Share of the query's word weight found in the sentence (words and adjacent pairs)."""
    total = sum(query_words.values())
    if not total:
        return 0.0
    present = set(with_bigrams(plain_tokens(sentence)))
    return sum(w for term, w in query_words.items() if term in present) / total


def heading_share(heading: str, query_words: dict[str, float]) -> float:
    """Share of a heading's words that the question uses ("III. THÀNH PHẦN" in "thành phần dự hội nghị" → 1.0)."""
    ws = [w for w in plain_tokens(heading) if len(w) > 1 and not w.isdigit() and not _ROMAN.fullmatch(w)]
    return sum(w in query_words for w in ws) / len(ws) if ws else 0.0


_ROMAN = re.compile(r"[ivx]+")


def weights(query_words: list[str], df: dict[str, int], n: int) -> dict[str, float]:
    """IDF weight for each query word and adjacent pair; words the corpus never uses weigh nothing."""
    terms = list(dict.fromkeys(with_bigrams(query_words)))
    return {t: math.log(1 + n / df[t]) for t in terms if df.get(t)}


_DATE = (
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{2,4}"
    r"|tháng\s+\d{1,2}(?:/\d{4}|\s+năm\s+\d{4})?|năm\s+\d{4}|quý\s+[IV]+(?:/\d{4})?"
)
_PATTERNS = {
    "date": re.compile(_DATE, re.IGNORECASE),
    "issued": re.compile(_DATE, re.IGNORECASE),
    "deadline": re.compile(
        r"(?:trước|chậm nhất(?: là)?|hạn chót|hạn)\s+(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{2,4})?", re.IGNORECASE
    ),
    "duration": re.compile(r"(?:½|\d+(?:[.,]\d+)?)\s*(?:ngày|buổi|giờ|tháng|năm|tuần)", re.IGNORECASE),
    "place": re.compile(r"\b(?:tại|ở)\s+[^,.;()\n]{3,80}", re.IGNORECASE),
    "document": re.compile(r"(?:số\s+)?\d+[-/][A-ZĐ][\w/.-]*\w(?:,?\s+ngày\s+\d{1,2}/\d{1,2}/\d{4})?"),
    # a count with what it counts ("52 đại biểu", "15%"), not a date, year or document number
    "number": re.compile(
        r"(?<![/\d.,-])\d+(?:[.,]\d{3})*(?:,\d+)?\s*(?:%|phần trăm|người|lượt|khách|đại biểu|đảng viên|đơn vị"
        r"|cơ quan|xã|huyện|tỉnh|tin|bài|lớp|cuộc|buổi|hội nghị|tỷ|triệu|nghìn|ngàn|đồng|điểm cầu|sản phẩm"
        r"|chương trình|đợt|lần|doanh nghiệp|dự án)(?!\w)",
        re.IGNORECASE,
    ),
}
# Questions whose answer is a value: when no top sentence holds one, the corpus does not say.
VALUE_TYPES = frozenset({"number", "duration"})


def answer_spans(answer_type: str | None, sentence: str, names: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Where in a sentence the words that answer a question of this type are ("ai ký" → the name).

    For "who" questions only known names (the document's signer) are marked: bodies such as
    "Ban Thường vụ Huyện ủy" mix upper and lower case and cannot be cut out reliably.
    """
    if answer_type in ("who", "signer"):
        return [(m.start(), m.end()) for name in names if name for m in re.finditer(re.escape(name), sentence)]
    pattern = _PATTERNS.get(answer_type or "")
    return [(m.start(), m.end()) for m in pattern.finditer(sentence)] if pattern else []


def highlight(sentence: str, spans: list[tuple[int, int]]) -> str:
    """Markdown with the spans in bold; overlapping spans are merged."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        text = sentence[a:b].strip()
        lead_space = len(sentence[a:b]) - len(sentence[a:b].lstrip())
        out.append(escape(sentence[pos : a + lead_space]))
        out.append(f"**{escape(text)}**")
        pos = a + lead_space + len(text)
    out.append(escape(sentence[pos:]))
    return "".join(out)


def escape(text: str, item: bool = False) -> str:
    """Text made safe inside Markdown: no accidental emphasis, links or line structure. item: the text
    starts a list item ("- 1. …"), where a number of its own would start a list inside it."""
    text = re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)
    if item:
        text = re.sub(r"^(\d{1,9})([.)])(?=\s)", r"\1\\\2", text)
    return re.sub(r"\s*\n\s*", " ", text)
