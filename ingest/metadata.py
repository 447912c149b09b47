"""Title and document code from the standard header of a Vietnamese official document."""

from __future__ import annotations

import re

# "Số 4564-CV/BTGTU", "Số 57 - KL/TW", "Số 401 - CV/BTG", "Số 100-HD/BTGTU"
_CODE = re.compile(r"\bSố\s*:?\s*(\d+)\s*-\s*([A-ZĐ]{1,6})\s*/\s*([A-ZĐ][A-ZĐ\-]{0,15})")
_TYPES = (
    "KẾT LUẬN",
    "KẾ HOẠCH",
    "BÁO CÁO",
    "HƯỚNG DẪN",
    "ĐỀ CƯƠNG BÁO CÁO",
    "ĐỀ CƯƠNG",
    "NGHỊ QUYẾT",
    "CHỈ THỊ",
    "QUYẾT ĐỊNH",
    "THÔNG BÁO",
    "TỜ TRÌNH",
    "CÔNG VĂN",
    "CHƯƠNG TRÌNH",
)
_TYPE_LINE = re.compile(r"^\**(" + "|".join(_TYPES) + r")\b\**\s*(.*)$")
# Lines that open the body, so the title has ended.
_BODY = re.compile(r"^(căn cứ|thực hiện|qua \d|nhằm|kính gửi|i[.\-]\s)", re.IGNORECASE)
_SUBJECT = re.compile(r"^[\"“]?V/v\s*(.+)$", re.IGNORECASE)
_MAX_TITLE = 220


def doc_code(text: str) -> str | None:
    """First document code stated as "Số ..." in the header: "57-KL/TW"."""
    m = _CODE.search(text[:3000])
    return f"{m.group(1)}-{m.group(2)}/{m.group(3)}" if m else None


def _join(parts: list[str]) -> str:
    title = " ".join(p.strip('*"“” ') for p in parts if p.strip('*"“” '))
    return title if len(title) <= _MAX_TITLE else title[: _MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"


def guess_title(text: str, code: str | None, fallback: str) -> str:
    """Type, code and subject ("Kết luận 57-KL/TW về tiếp tục..."), else the V/v line, else fallback."""
    lines = text.split("\n")[:60]
    for i, line in enumerate(lines):
        m = _TYPE_LINE.match(line)
        if not m:
            continue
        kind = m.group(1).capitalize()
        parts = [f"{kind} {code}" if code else kind, m.group(2)]
        for nxt in lines[i + 1 : i + 4]:
            if _BODY.match(nxt) or _TYPE_LINE.match(nxt) or len(" ".join(parts)) > 160:
                break
            parts.append(nxt)
        return _join(parts)
    for i, line in enumerate(lines):
        m = _SUBJECT.match(line)
        if m:
            parts = [m.group(1)]
            for nxt in lines[i + 1 : i + 4]:
                if nxt[:1].islower() or nxt.startswith("của"):
                    parts.append(nxt)
                else:
                    break
            head = f"Công văn {code} về" if code else "Công văn về"
            return _join([head, *parts])
    return fallback
