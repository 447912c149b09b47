"""Pages of extracted text → one clean document text, with where each page starts."""

from __future__ import annotations

import re

from vanban.records import Page
from vanban.text import clean_chars

# Web-page counters, wherever they stand ("Số lượt xem 572", "Đã xem: 589 Phản hồi: 0",
# "Lượt xem:60 | lượt tải:16"): the counter goes, the sentence it sits in stays.
_NOISE_PHRASE = re.compile(
    r"(số lượt xem\s*:?\s*\d+|đã xem\s*:\s*\d+|lượt xem\s*:\s*\d+|lượt tải\s*:\s*\d+|phản hồi\s*:\s*\d+)",
    re.IGNORECASE,
)
# Lines that are page chrome as a whole.
_NOISE_LINE = re.compile(r"^đang (online|truy cập)\s*\d*$|^tất cả\s*\d+$|^bạn đã không sử dụng site", re.IGNORECASE)
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
# What is left of a line that held a counter must say something: "Thứ hai - 17/03/2014 14:30" does not.
MIN_WORDS_LEFT = 3


def _without_noise(line: str) -> str | None:
    """The line without web-page counters, or None when it is chrome."""
    if _NOISE_LINE.search(line):
        return None
    if not _NOISE_PHRASE.search(line):
        return line
    left = re.sub(r"\s*,(\s*,)+", ",", _SPACES.sub(" ", _NOISE_PHRASE.sub(" ", line))).strip(" |-,")
    return left if len(_LETTER_WORD.findall(left)) >= MIN_WORDS_LEFT else None


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
    kept = [
        [line for line in (_SPACES.sub(" ", raw).strip() for raw in clean_chars(page.text).split("\n")) if line]
        for page in pages
    ]
    running = _running_lines(kept) if sum(p.number is not None for p in pages) >= RUNNING_PAGES else set()
    for page, lines in zip(pages, kept):
        if page.number is not None:
            lines = _without_page_furniture(lines, running)
        if page.number in (None, pages[0].number):
            lines = split_header_columns(lines)
        for line in lines:
            line = _without_noise(line)
            if line and _HAS_WORD.search(line):
                out.append((page.number, line))
    return out


# --- what a printed page has around its text ----------------------------------------------------

RUNNING_PAGES = 3  # pages needed before a line repeated at their top or bottom is a running head
EDGE = 2  # lines at the top and at the bottom of a page that may be running heads or page numbers
# "3", "- 3 -", "Trang 3", "3/12", "Page 3 of 12"
_PAGE_NUMBER = re.compile(r"^(?:trang|page)?\s*-?\s*\d{1,4}\s*(?:(?:/|of|trên)\s*\d{1,4})?\s*-?$", re.IGNORECASE)


def _shape(line: str) -> str:
    """A line with its digits masked: "Kế hoạch 12-KH/HU - trang 3" and "… trang 4" are one running head."""
    return re.sub(r"\d+", "#", line.lower())


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of lines that stand at the top or the bottom of at least half of the pages."""
    counts: dict[str, int] = {}
    for lines in pages:
        for shape in {_shape(line) for line in lines[:EDGE] + lines[-EDGE:]}:
            counts[shape] = counts.get(shape, 0) + 1
    return {shape for shape, n in counts.items() if n >= max(RUNNING_PAGES, len(pages) / 2)}


def _without_page_furniture(lines: list[str], running: set[str]) -> list[str]:
    """A page's lines without its running head and foot and its page number."""

    def furniture(line: str) -> bool:
        return _shape(line) in running or bool(_PAGE_NUMBER.match(line))

    start, end = 0, len(lines)
    while start < min(EDGE, end) and furniture(lines[start]):
        start += 1
    while end > max(start, len(lines) - EDGE) and furniture(lines[end - 1]):
        end -= 1
    return lines[start:end]


# The right-hand column of a letter's header, read on one line with the left one:
# "HUYỆN ỦY TÂN LẬP ĐẢNG CỘNG SẢN VIỆT NAM", "Số 12-KH/HU Tân Lập, ngày 05 tháng 3 năm 2024".
_RIGHT_COLUMN = re.compile(r"\s(?=ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|Độc lập - Tự do)")
_DATELINE = re.compile(r", ngày \d{1,2} tháng")
HEADER_LINES = 12


def _dateline_start(line: str) -> int:
    """Where "Tân Lập, ngày 05 tháng 3 …" starts inside a line: its place is the capitalised (not
    all-capital) words before the comma. 0 when it starts the line or is not there."""
    m = _DATELINE.search(line)
    if not m:
        return 0
    words = line[: m.start()].split(" ")
    k = len(words)

    def placename(word: str) -> bool:  # "Tân", "Lập", and "TP." in "TP. Bắc Ninh"
        word = word.lstrip("*_(\"'“")
        return word[:1].isupper() and (not word.isupper() or (word.endswith(".") and len(word) <= 4))

    while k > 0 and placename(words[k - 1]):
        k -= 1
    return len(" ".join(words[:k])) + 1 if 0 < k < len(words) else 0


def split_header_columns(lines: list[str]) -> list[str]:
    """The first lines of a document with a header's two columns, read side by side, on lines of
    their own, the left column's first."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if i >= HEADER_LINES:
            out += lines[i:]
            break
        m = _RIGHT_COLUMN.search(line)
        cut = m.start() if m else _dateline_start(line)
        if cut > 0:
            out += [line[:cut].strip(), line[cut:].strip()]
        else:
            out.append(line)
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
    """Clean text of a file's pages, one paragraph a line, and (page, offset) starts.

    Linear in the text's length: a paragraph is continued by appending, and whether it goes on is
    read off its last line, never off the whole paragraph."""
    lines = _cut_footer(_lines(pages))
    widths = _line_widths(lines)
    out: list[str] = []
    page_starts: list[tuple[int, int]] = []
    length = 0
    current_page: int | None = None
    previous = ""
    for page, line in lines:
        full = page in widths and len(previous) >= FULL_LINE * widths[page]
        if out and _continues(previous, line, full):
            sep = " "
        elif out:
            sep = "\n"
        else:
            sep = ""
        if page is not None and page != current_page:
            page_starts.append((page, length + len(sep)))
            current_page = page
        out += [sep, line]
        length += len(sep) + len(line)
        previous = line
    return "".join(out), tuple(page_starts)


# A printed line that reaches this share of its page's usual width was wrapped at the margin.
FULL_LINE = 0.8


def _line_widths(lines: list[tuple[int | None, str]]) -> dict[int, int]:
    """The usual width of a full line on each page (the 90th percentile of its lines' lengths)."""
    by_page: dict[int, list[int]] = {}
    for page, line in lines:
        if page is not None:
            by_page.setdefault(page, []).append(len(line))
    return {page: sorted(n)[int(0.9 * (len(n) - 1))] for page, n in by_page.items() if len(n) >= 5}
