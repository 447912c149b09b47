"""Metadata from the standard header and signature of a Vietnamese official document.

Every field is what the text states; a field it does not state is None, never guessed.

    TỈNH ỦY THÁI NGUYÊN                       ĐẢNG CỘNG SẢN VIỆT NAM     ← issuing body
    BAN TUYÊN GIÁO
    Số 4564-CV/BTGTU                          Thái Nguyên, ngày 05 tháng 10 năm 2020   ← code, place, date
    V/v báo cáo tổng kết 10 năm ...                                      ← subject (letters)
    KẾT LUẬN / KẾ HOẠCH / ...  + subject line                           ← type and subject
    ...
    T/M BỘ CHÍNH TRỊ / K/T TRƯỞNG BAN                                    ← on whose behalf
    Trương Thị Mai                                                       ← signer
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vanban.lexicon import TYPE_CODES
from vanban.text import fold_tone_placement

# Party documents: "Số 4564-CV/BTGTU", "Số 57 - KL/TW", "Số 401 - CV/BTG"
_CODE = re.compile(r"\bSố\s*:?\s*(\d+)\s*-\s*([A-ZĐ][A-ZĐa-z]{0,5})\s*/\s*([A-ZĐ][A-ZĐ\-]{0,15})")
# State documents: "Số: 853/QĐ-UBND", "Số 368/QĐ-TTg", "Số: 72/2015/NĐ-CP"
_STATE_CODE = re.compile(
    r"\bSố\s*:?\s*(\d+)\s*/\s*((?:(?:19|20)\d{2}\s*/\s*)?)([A-ZĐ][A-ZĐa-z]{0,5})\s*-\s*([A-ZĐ][A-ZĐa-z\-]{0,15})"
)
_TYPES = {
    "KẾT LUẬN": "Kết luận",
    "KẾ HOẠCH": "Kế hoạch",
    "BÁO CÁO": "Báo cáo",
    "HƯỚNG DẪN": "Hướng dẫn",
    "ĐỀ CƯƠNG BÁO CÁO": "Đề cương",
    "ĐỀ CƯƠNG": "Đề cương",
    "NGHỊ QUYẾT": "Nghị quyết",
    "CHỈ THỊ": "Chỉ thị",
    "QUYẾT ĐỊNH": "Quyết định",
    "THÔNG BÁO": "Thông báo",
    "TỜ TRÌNH": "Tờ trình",
    "CÔNG VĂN": "Công văn",
    "CHƯƠNG TRÌNH": "Chương trình",
    "QUY CHẾ": "Quy chế",
}
_TYPE_LINE = re.compile(r"^\**(" + "|".join(sorted(_TYPES, key=len, reverse=True)) + r")\b\**\s*(.*)$")
# Lines that open the body, so the title has ended.
_BODY = re.compile(r"^(căn cứ|thực hiện|qua \d|nhằm|kính gửi|- kính gửi|i[.\-]\s|\()", re.IGNORECASE)
_SUBJECT = re.compile(r"^[\"“]?V/v\s*(.+)$", re.IGNORECASE)
_DATE = re.compile(r"^(?:(.{2,40}?),\s*)?ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_SIGN_ROLE = re.compile(r"(T/M|K/T|TL\.|TRƯỞNG|BÍ THƯ|CHỦ TỊCH|GIÁM ĐỐC|\(đã ký\))", re.IGNORECASE)
_ON_BEHALF = re.compile(r"^\**T/M\s+(.+?)\**$")
_NATIONAL = re.compile(r"^(ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HÒA|CỘNG HOÀ|Độc lập)", re.IGNORECASE)
_HEADER_LINES = 15
_PLACE_LINE = re.compile(r"^(Tỉnh|Huyện|Xã|Quận|Phường|Thị Xã|Thị Trấn|Thành Phố)\s")
_MAX_TITLE = 220

# Capitalised names of bodies, for turning header capitals into normal spelling.
_PROPER = (
    "Ban Chấp hành Trung ương",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Tuyên giáo",
    "Ban Thường vụ",
    "Ban Chỉ đạo",
    "Văn phòng",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Thành ủy",
    "Thành uỷ",
    "Huyện ủy",
    "Huyện uỷ",
    "Đảng ủy",
    "Đảng uỷ",
    "Ủy ban nhân dân",
    "Uỷ ban nhân dân",
    "Trung ương",
)


_PLACE_KIND = re.compile(r"(\S )(Tỉnh|Huyện|Xã|Quận|Phường|Thành Phố|Thị Xã|Thị Trấn) (\w)")


def _is_caps(line: str) -> bool:
    """All letters are capitals ("BAN TUYÊN GIÁO"). Not a regex: "Ỉ", "Ủ" sit inside the à-ỹ range."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_name(line: str) -> bool:
    """A person's name as signed: two to five capitalised words ("Trương Thị Mai")."""
    words = line.split()
    return 2 <= len(words) <= 5 and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)


@dataclass(frozen=True)
class Metadata:
    code: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    subject: str | None = None
    signer: str | None = None


def recase(caps: str) -> str:
    """Header capitals in normal spelling: "BAN TUYÊN GIÁO" → "Ban Tuyên giáo", "THÁI NGUYÊN" → "Thái Nguyên"."""
    text = " ".join(w.capitalize() for w in caps.split())
    for proper in _PROPER:
        text = re.sub(re.escape(" ".join(w.capitalize() for w in proper.split())), proper, text)
    # "… nhân dân Huyện Tân Lập": the kind of a place is a common noun inside a name
    return _PLACE_KIND.sub(
        lambda m: m.group(1) + (m.group(2).lower() if m.group(3).isupper() else m.group(2)) + " " + m.group(3), text
    )


def _recase_lead(line: str) -> str:
    """Recase the capital words a line opens with: "CỦA BỘ CHÍNH TRỊ về ..." → "Của Bộ Chính trị về ..."."""
    words = line.split()
    n = 0
    while n < len(words) and _is_caps(words[n]):
        n += 1
    return line if n < 2 else " ".join([recase(" ".join(words[:n])), *words[n:]])


def doc_code(text: str) -> str | None:
    """First document code stated as "Số ..." in the header: "57-KL/TW", "853/QĐ-UBND"."""
    head = "\n".join(text.split("\n")[:_HEADER_LINES])
    party, state = _CODE.search(head), _STATE_CODE.search(head)
    if party and (not state or party.start() <= state.start()):
        return f"{party.group(1)}-{party.group(2)}/{party.group(3)}"
    if state is None:
        return None
    year = re.sub(r"\s+", "", state.group(2))
    return f"{state.group(1)}/{year}{state.group(3)}-{state.group(4)}"


def code_type_letters(code: str) -> str:
    """The type letters of a code: "KL" in "57-KL/TW", "QĐ" in "853/QĐ-UBND"."""
    m = re.match(r"\d+\s*-\s*([^/]+)/", code) or re.match(r"\d+\s*/\s*(?:(?:19|20)\d{2}\s*/\s*)?([^-/]+)-", code)
    return m.group(1) if m else ""


def _shorten(text: str) -> str:
    text = " ".join(text.split()).strip('*"“” ')
    return text if len(text) <= _MAX_TITLE else text[: _MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"


def _type_and_subject(lines: list[str]) -> tuple[str | None, str | None]:
    for i, line in enumerate(lines[:_HEADER_LINES]):
        m = _TYPE_LINE.match(line)
        if not m:
            continue
        parts = [m.group(2)] if m.group(2) else []
        for nxt in lines[i + 1 : i + 4]:
            if _BODY.match(nxt) or _TYPE_LINE.match(nxt) or len(" ".join(parts)) > 160:
                break
            parts.append(_recase_lead(nxt))
        subject = _shorten(" ".join(parts)) if parts else None
        if subject and subject.startswith("Của "):
            subject = "c" + subject[1:]
        return _TYPES[m.group(1)], subject
    return None, None


def _letter_subject(lines: list[str]) -> str | None:
    for i, line in enumerate(lines[:_HEADER_LINES]):
        m = _SUBJECT.match(line)
        if not m:
            continue
        parts = [m.group(1)]
        for nxt in lines[i + 1 : i + 4]:
            if _is_caps(nxt) or _BODY.match(nxt) or _DATE.match(nxt) or parts[-1].endswith(("”", '"')):
                break
            parts.append(nxt)
        return _shorten(" ".join(parts))
    return None


def _header_body(lines: list[str]) -> str | None:
    """The issuing body in the header: capital lines above "Số", innermost unit first."""
    for j, line in enumerate(lines[:_HEADER_LINES]):
        if _CODE.match(line) or _STATE_CODE.match(line):
            body = []
            for prev in reversed(lines[max(0, j - 5) : j]):
                if _NATIONAL.match(prev) or _DATE.match(prev) or not any(c.isalpha() for c in prev):
                    continue  # the right-hand column of the header, read in between, or the "*" under the body
                if not _is_caps(prev):
                    break
                body.append(recase(prev))
            if len(body) > 1 and _PLACE_LINE.match(body[0]):
                # State letterhead "ỦY BAN NHÂN DÂN / HUYỆN ĐƠN DƯƠNG": the body, then where.
                place = body[0].split(" ", 1)
                return " ".join([*reversed(body[1:]), place[0].lower(), *place[1:]])
            return " ".join(body) or None  # Party letterhead, unit under its parent
    return None


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(on whose behalf, signer) from the last lines."""
    tail = lines[-10:]
    signer = behalf = None
    for i in range(len(tail) - 1, -1, -1):
        if _is_name(tail[i]) and any(_SIGN_ROLE.search(t) for t in tail[max(0, i - 4) : i]):
            signer = tail[i]
            for t in tail[max(0, i - 4) : i]:
                m = _ON_BEHALF.match(t)
                if m:
                    behalf = recase(m.group(1).strip("* "))
            break
    return behalf, signer


# Bodies of a Party committee that sign on its behalf: "T/M BAN THƯỜNG VỤ" under "HUYỆN ỦY TÂN LẬP"
# is the Ban Thường vụ of that Huyện ủy.
_ORGANS = re.compile(r"^(Ban Thường vụ|Thường trực|Ban Chấp hành)$", re.IGNORECASE)
_COMMITTEE = re.compile(r"^(Tỉnh|Huyện|Thành|Thị|Quận|Đảng|Xã) (ủy|uỷ)\b", re.IGNORECASE)


def _issuer(behalf: str | None, header: str | None) -> str | None:
    """Who issued a document: the body it is signed on behalf of, named as fully as the letterhead
    names it. A document signed "T/M BỘ CHÍNH TRỊ" is the Politburo's whatever its letterhead says;
    "T/M BAN THƯỜNG VỤ" under "HUYỆN ỦY TÂN LẬP" is "Ban Thường vụ Huyện ủy Tân Lập"."""
    if not behalf or not header:
        return behalf or header
    if fold_tone_placement(header).lower().startswith(fold_tone_placement(behalf).lower()):
        return header
    if _ORGANS.match(behalf) and _COMMITTEE.match(header):
        return f"{behalf} {header}"
    return behalf


def _date_place(lines: list[str]) -> tuple[str | None, str | None]:
    for line in lines[:_HEADER_LINES]:
        m = _DATE.match(line)
        if m:
            day, month, year = int(m.group(2)), int(m.group(3)), int(m.group(4))
            if 1 <= day <= 31 and 1 <= month <= 12:
                place = m.group(1).strip() if m.group(1) else None
                return f"{year:04d}-{month:02d}-{day:02d}", place
    return None, None


def extract(text: str) -> Metadata:
    """All header and signature fields of one document's text."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    code = doc_code(text)
    doc_type, subject = _type_and_subject(lines)
    if subject is None:
        subject = _letter_subject(lines)
    if doc_type is None and code:
        doc_type = TYPE_CODES.get(code_type_letters(code))
    behalf, signer = _signature(lines)
    issuer = _issuer(behalf, _header_body(lines))
    date, place = _date_place(lines)
    place = place or stated_place(text)
    issuer = _whose(issuer, text, place)
    return Metadata(code, doc_type, issuer, place, date, subject, signer)


# "tỉnh Lạng Sơn", "huyện Đơn Dương", "thành phố Lạng Sơn": a place after the word for its kind.
_PLACE_NAMED = re.compile(r"\b(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+(?=([^,.;:()\n]{1,60}))")
_LEVELS = ("huyện", "quận", "thị xã", "tỉnh", "thành phố")  # the most local level that is unambiguous wins


def _name_at(words: str) -> str | None:
    """The capitalised words a place name is made of, at the start of words ("Đơn Dương trong …")."""
    name = []
    for w in words.split()[:4]:
        if not w[:1].isupper() or w.isupper():
            break
        name.append(w)
    return " ".join(name) or None


def named_places(text: str) -> list[str]:
    """Every place the text names after the word for its kind ("tỉnh Lạng Sơn" → "Lạng Sơn")."""
    return [name for m in _PLACE_NAMED.finditer(text) if (name := _name_at(m.group(2)))]


def stated_place(text: str) -> str | None:
    """The place a document without a dateline is about, when its text names one unambiguously: the
    one place all its mentions name, else the most local level (district, then province) whose every
    mention names the same place, at least twice. "Viễn thông tỉnh Lạng Sơn … thành phố Lạng Sơn" →
    Lạng Sơn; "huyện Đơn Dương … tỉnh Lâm Đồng" → Đơn Dương; two districts and two provinces → none."""
    named: dict[str, list[str]] = {}
    for m in _PLACE_NAMED.finditer(text):
        name = _name_at(m.group(2))
        if name:
            named.setdefault(m.group(1), []).append(name)
    for level, names in named.items():  # "huyện Đơn" cut by a line break is "huyện Đơn Dương"
        full = sorted(set(names), key=len, reverse=True)
        named[level] = [next(f for f in full if f == n or f.startswith(n + " ")) for n in names]
    every = [name for names in named.values() for name in names]
    if len(every) >= 2 and len(set(every)) == 1:  # "tỉnh Lạng Sơn", "thành phố Lạng Sơn": one place
        return every[0]
    for level in _LEVELS:
        found = named.get(level, [])
        if len(found) >= 2 and len(set(found)) == 1:
            return found[0]
    return None


_COMMITTEE_IN_TEXT = r"\s+((?:Tỉnh|Huyện|Thành|Thị|Quận|Đảng) (?:ủy|uỷ))"


def _whose(issuer: str | None, text: str, place: str | None) -> str | None:
    """A bare organ ("Ban Thường vụ") named as the text names it: "Ban Thường vụ Tỉnh uỷ xây dựng kế
    hoạch …" with the place the text names → "Ban Thường vụ Tỉnh uỷ Lạng Sơn". Nothing is guessed:
    without both in the text, the issuer stays as signed."""
    if not issuer or not _ORGANS.match(issuer):
        return issuer
    m = re.search(re.escape(issuer) + _COMMITTEE_IN_TEXT, text, re.IGNORECASE)
    if not m:
        return issuer
    committee = f"{issuer} {m.group(1)}"
    return f"{committee} {place}" if place else committee


def make_title(meta: Metadata, fallback: str) -> str:
    """ "Kết luận 57-KL/TW của Bộ Chính trị về ...", else the subject, else fallback."""
    head = " ".join(x for x in (meta.doc_type, meta.code) if x)
    if not meta.subject:
        return head or fallback
    if not head:
        return _shorten(meta.subject)
    # A letter's subject is a topic ("báo cáo tổng kết ..."): "Công văn 4564-CV/BTGTU về báo cáo ...".
    about = meta.doc_type == "Công văn" and not meta.subject.startswith(("về", "Về", "của"))
    return _shorten(f"{head}{' về ' if about else ' '}{meta.subject}")
