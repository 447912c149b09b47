"""Pages of extracted text → one clean document text, with where each page starts."""

from __future__ import annotations

import re

from vanban.records import Page
from vanban.text import clean_chars

# Lines that are web-page chrome wherever they appear ("Số lượt xem 572",
# "Thứ hai - 17/03/2014 14:30 Đã xem: 589 Phản hồi: 0", "Lượt xem:60 | lượt tải:16").
_NOISE_LINE = re.compile(
    r"(số lượt xem\s*:?\s*\d+|đã xem\s*:\s*\d+|lượt xem\s*:\s*\d+|lượt tải\s*:\s*\d+"
    r"|^đang (online|truy cập)\s*\d*$|^tất cả\s*\d+$|^bạn đã không sử dụng site)",
    re.IGNORECASE,
)
# Lines after which a web page holds only comments, counters and unrelated links.
_FOOTER = re.compile(
    r"^(click để đánh giá bài viết|ý kiến bạn đọc|thống kê truy cập"
    r"|những tin mới hơn|những tin cũ hơn|tin cùng chuyên mục|các tin khác|bài viết liên quan)\s*:?$",
    re.IGNORECASE,
)
# Short widget titles that stand just above the footer ("Video" above "Thống kê truy cập").
_TAIL_WIDGET = re.compile(r"^(video|phóng sự|xem thêm|hình ảnh nổi bật|tin liên quan)$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_HAS_WORD = re.compile(r"[^\W_]")
_SENTENCE_END = re.compile(r"[.:;!?…)\]\"'*]$")
_LIST_START = re.compile(r"^([-+•*]|\d+[.)]|[a-zđ][)]|[IVX]+[.\-])\s")


def _lines(pages: list[Page]) -> list[tuple[int | None, str]]:
    out = []
    for page in pages:
        for raw in clean_chars(page.text).split("\n"):
            line = _SPACES.sub(" ", raw).strip()
            if line and _HAS_WORD.search(line) and not _NOISE_LINE.search(line):
                out.append((page.number, line))
    return out


def _cut_footer(lines: list[tuple[int | None, str]]) -> list[tuple[int | None, str]]:
    for i, (_, line) in enumerate(lines):
        if _FOOTER.match(line):
            lines = lines[:i]
            break
    while lines and _TAIL_WIDGET.match(lines[-1][1]):
        lines = lines[:-1]
    return lines


def _continues(prev: str, line: str, full: bool = False) -> bool:
    """True when line carries on a sentence that a page or line break cut.

    "...triển khai thực hiện Kết" + "luận số 57-KL/TW phải..." → one paragraph: the
    previous line has no closing punctuation and the next starts in lower case. On a printed page
    (`full`: the previous line runs to the right margin) any next line does that is no list item:
    "Tài liệu phải hoàn thành trước ngày" + "30/6/2024 để phát …", "… báo cáo" + "Ban Thường vụ …".
    """
    if _SENTENCE_END.search(prev) or _LIST_START.match(line):
        return False
    return line[0].islower() or full


def clean_pages(pages: list[Page]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Clean text of a file's pages, one paragraph a line, and (page, offset) starts."""
    lines = _cut_footer(_lines(pages))
    widths = _line_widths(lines)
    parts: list[str] = []
    page_starts: list[tuple[int, int]] = []
    length = 0
    current_page: int | None = None
    previous = ""
    for page, line in lines:
        full = page in widths and len(previous) >= FULL_LINE * widths[page]
        if parts and _continues(parts[-1], line, full):
            sep = " "
        elif parts:
            sep = "\n"
        else:
            sep = ""
        if page is not None and page != current_page:
            page_starts.append((page, length + len(sep)))
            current_page = page
        if sep == " ":
            parts[-1] = parts[-1] + " " + line
        else:
            parts.append(line)
        length += len(sep) + len(line)
        previous = line
    return "\n".join(parts), tuple(page_starts)


# A printed line that reaches this share of its page's usual width was wrapped at the margin.
FULL_LINE = 0.8


def _line_widths(lines: list[tuple[int | None, str]]) -> dict[int, int]:
    """The usual width of a full line on each page (the 90th percentile of its lines' lengths)."""
    by_page: dict[int, list[int]] = {}
    for page, line in lines:
        if page is not None:
            by_page.setdefault(page, []).append(len(line))
    return {page: sorted(n)[int(0.9 * (len(n) - 1))] for page, n in by_page.items() if len(n) >= 5}
