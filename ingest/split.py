"""Find where one file holds several documents: a cover letter and what it forwards."""

from __future__ import annotations

import re

# A new standard header: an issuing body in capitals, then its "Số 57 - KL/TW" line.
#   BAN CHẤP HÀNH TRUNG ƯƠNG
#   Số 57 - KL/TW
_BODY_LINE = re.compile(r"^[A-ZÀ-Ỹ][A-ZÀ-ỸĐ ,.\-]{3,60}$")
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*\d+\s*-?\s*[A-ZĐ]{1,6}\s*/")
# An attachment: "ĐỀ CƯƠNG BÁO CÁO" ... "(Kèm theo Công văn số 4564-CV/BTGTU, ...)"
_ATTACHMENT = re.compile(r"^(ĐỀ CƯƠNG|PHỤ LỤC|DANH SÁCH|TÀI LIỆU)\b")
_ENCLOSED = re.compile(r"^\(?\s*\*?\s*kèm theo\b", re.IGNORECASE)
_MIN_CHARS = 200


def split_points(text: str) -> list[int]:
    """Offsets where a second, third... document starts inside text (never 0)."""
    lines = text.split("\n")
    starts, pos = [], 0
    offsets = []
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    for i, line in enumerate(lines):
        if offsets[i] < _MIN_CHARS or (starts and offsets[i] - starts[-1] < _MIN_CHARS):
            continue
        ahead = lines[i + 1 : i + 6]
        header = _BODY_LINE.match(line) and any(_NUMBER_LINE.match(a) for a in ahead)
        attachment = _ATTACHMENT.match(line) and any(_ENCLOSED.match(a) for a in ahead[:4])
        if header or attachment:
            starts.append(offsets[i])
    return starts
