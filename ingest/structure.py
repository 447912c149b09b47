"""The numbering hierarchy of an official document as a section tree.

II- NHIỆM VỤ VÀ GIẢI PHÁP          level 1  (I. / I- / II. / Điều 2.)
1. Tiếp tục quán triệt ...          level 2  (1. 2.)
3.1. Công tác tuyên truyền ...      level 3  (3.1.)
a) ...                              level 4  (a) b))
- ...                               level 5  (- bullets)
+ ...                               level 6  (+ bullets)
Nơi nhận:                           the closing block: recipients and signature
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CLOSING = "Nơi nhận, người ký"
OPENING = "Phần mở đầu (số, ngày ban hành, trích yếu)"

_PATTERNS: tuple[tuple[int, re.Pattern], ...] = (
    (1, re.compile(r"^\**([IVX]{1,5})\s*[.\-]\s*(\S.*)$")),  # not "V/v ..."
    (1, re.compile(r"^\**(Điều\s+\d{1,3})\s*[.:]\s*(\S.*)$")),  # the articles of a decision
    (3, re.compile(r"^\**(\d{1,2}\.\d{1,2})\.?\s+(\S.*)$")),
    (2, re.compile(r"^\**(\d{1,2})\.\s+(\S.*)$")),
    (4, re.compile(r"^([a-zđ])\)\s+(\S.*)$")),
    (5, re.compile(r"^()[-–•]\s*(\S.*)$")),
    (6, re.compile(r"^()\+\s*(\S.*)$")),
)
_CLOSING = re.compile(r"^\**Nơi nhận\s*:?", re.IGNORECASE)


@dataclass
class Section:
    level: int  # 0 for the closing block
    number: str | None
    heading: str
    start: int
    end: int
    children: list[Section] = field(default_factory=list)

    @property
    def label(self) -> str:
        return CLOSING if self.level == 0 else self.heading.strip("* ")


def line_level(line: str) -> tuple[int, str | None, str] | None:
    """(level, number, heading) when a line opens a section, else None; level 0 is the closing block."""
    if _CLOSING.match(line):
        return 0, None, line
    for level, pattern in _PATTERNS:
        m = pattern.match(line)
        if m:
            return level, m.group(1) or None, line
    return None


SHORT_ITEM = 100


def _closed_list(stack: list[Section], roots: list[Section], text: str) -> bool:
    """True when the open bullet list holds only short one-line items and the last one ended a sentence."""
    last = stack[-1]
    siblings = (stack[-2].children if len(stack) > 1 else roots) if last.level >= 5 else []
    items = [n for n in siblings if n.level == last.level]
    if not items or any(n.end - n.start > SHORT_ITEM or n.children for n in items):
        return False
    return text[last.start : last.end].rstrip().endswith((".", ",", ";"))


def parse_sections(text: str) -> list[Section]:
    """Top-level sections (and the closing block) with their subsections, offsets into text."""
    roots: list[Section] = []
    stack: list[Section] = []
    closing: Section | None = None
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line:
            continue
        if closing is not None:  # recipients and signature run to the end
            closing.end = end
            continue
        found = line_level(line)
        if found is None:
            if stack and stack[-1].level >= 5 and _closed_list(stack, roots, text):
                # a list of short items ("- Sở Ngoại vụ,", "- Trung tâm Thông tin tỉnh.") ends where a
                # paragraph starts: the paragraph belongs to what holds the list, not to its last item
                while stack and stack[-1].level >= 5:
                    stack.pop()
            for s in stack:
                s.end = end
            continue
        level, number, heading = found
        node = Section(level, number, heading, start, end)
        if level == 0:
            closing = node
            roots.append(node)
            continue
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        for s in stack:
            s.end = end
    return roots
