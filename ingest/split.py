"""Find where one file holds several documents: a cover letter and what it forwards."""

from __future__ import annotations

import re

# A new standard header: an issuing body in capitals, right above its "Số 57 - KL/TW" line.
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
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    candidates = []
    for j, line in enumerate(lines):
        if _NUMBER_LINE.match(line):
            # The issuing body is the run of capitalised lines right above "Số ...".
            k = j
            while k > 0 and j - k < 3 and _BODY_LINE.match(lines[k - 1]):
                k -= 1
            if k < j:
                candidates.append(k)
        elif _ATTACHMENT.match(line) and any(_ENCLOSED.match(a) for a in lines[j + 1 : j + 5]):
            candidates.append(j)
    starts: list[int] = []
    for i in sorted(set(candidates)):
        if offsets[i] >= _MIN_CHARS and (not starts or offsets[i] - starts[-1] >= _MIN_CHARS):
            starts.append(offsets[i])
    return starts
