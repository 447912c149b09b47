"""Vietnamese typed in the 8-bit fonts of the 1990s and 2000s → Unicode.

Before Unicode, Vietnamese documents were typed in fonts that draw ordinary 8-bit characters as
Vietnamese letters. Read without the font they are mojibake, and they are indexed as such:

- TCVN3 (ABC; fonts .VnTime, .VnArial, .VnTimeH …): one byte a letter. "ViÖt Nam" is "Việt Nam".
  It has no capital letters with tone marks: headings are typed with the lower-case codes in an
  "H" font (.VnTimeH) that draws them as capitals.
- VNI (VNI-Times, VNI-Helve …): a base letter and one or two mark characters. "Vieät Nam".
- VISCII: one byte a letter, capitals included; six of them in control codes.

The TCVN3 table is the lower-case half of TCVN 5712:1993 (VN1) plus its seven base capitals, the
VISCII table is RFC 1456; tests check both against the C library's converters and every table
against every Vietnamese letter with every tone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

# TCVN3: 0xA1–0xFF as the .Vn fonts draw them (byte value = Latin-1 character).
_TCVN3_FROM = "¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüýþ"
_TCVN3_TO = "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
# VISCII: the bytes whose letter is not the Latin-1 character of the same value.
_VISCII_FROM = (
    "\x02\x05\x06\x14\x19\x1e\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91"
    "\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0¡¢£¤¥¦§¨©ª«¬\xad®¯°±²³´µ¶·¸¹º»¼½¾¿"
    "ÄÅÆÇËÎÏÐÑÕÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿ"
)
_VISCII_TO = "ẲẴẪỶỸỴẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯẢĂẳẵẺĨỳĐứạỷừửỹỵỡưảăữẫẻĩỉđựỏọụũủợỮ"
TCVN3 = dict(zip(_TCVN3_FROM, _TCVN3_TO, strict=True))
VISCII = dict(zip(_VISCII_FROM, _VISCII_TO, strict=True))

# VNI: a vowel followed by its marks. Tones: sắc ù, huyền ø, hỏi û, ngã õ, nặng ï; â/ê/ô take
# â (plain), á à å ã ä (toned); ă takes ê, é è ú ü ë; ơ is ô and ư is ö, toned like a plain vowel.
# The i family has letters of its own (ì í æ ó ò), and so do đ (ñ) and ỵ (î).
_TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng
_VNI_TONE = "ùøûõï"
_VNI_HAT = ("â", "áàåãä")  # circumflex, then with each tone
_VNI_BREVE = ("ê", "éèúüë")


def _vni_table() -> dict[str, str]:
    out: dict[str, str] = {}

    def add(surface: str, letter: str) -> None:
        for s, t in ((surface, letter), (surface.upper(), letter.upper())):
            out[s] = unicodedata.normalize("NFC", t)

    for base in "aeouy":
        for mark, tone in zip(_VNI_TONE, _TONES):
            add(base + mark, base + tone)
    for base, hat in (("a", "\u0302"), ("e", "\u0302"), ("o", "\u0302")):
        plain, toned = _VNI_HAT
        add(base + plain, base + hat)
        for mark, tone in zip(toned, _TONES):
            add(base + mark, base + hat + tone)
    plain, toned = _VNI_BREVE
    add("a" + plain, "a\u0306")
    for mark, tone in zip(toned, _TONES):
        add("a" + mark, "a\u0306" + tone)
    for surface, base in (("ô", "o\u031b"), ("ö", "u\u031b")):  # ơ, ư
        add(surface, base)
        for mark, tone in zip(_VNI_TONE, _TONES):
            add(surface + mark, base + tone)
    for surface, tone in zip("íìæóò", _TONES):  # í ì ỉ ĩ ị
        add(surface, "i" + tone)
    for mark, tone in zip(_VNI_TONE, _TONES):
        add("i" + mark, "i" + tone)
    add("ñ", "đ")
    add("î", "y\u0323")  # ỵ
    return out


VNI = _vni_table()
ENCODINGS = {"tcvn3": TCVN3, "vni": VNI, "viscii": VISCII}
# The non-ASCII characters each encoding's codes are made of
_SURFACE = {
    name: frozenset(c for s in table for c in s if ord(c) > 127 or ord(c) < 32) for name, table in ENCODINGS.items()
}


@cache
def _pattern(encoding: str) -> re.Pattern:
    table = ENCODINGS[encoding]
    return re.compile("|".join(re.escape(s) for s in sorted(table, key=len, reverse=True)))


def convert(text: str, encoding: str) -> str:
    """Text typed in a legacy encoding (as its 8-bit characters) → Unicode, NFC."""
    table = ENCODINGS[encoding]
    return unicodedata.normalize("NFC", _pattern(encoding).sub(lambda m: table[m.group()], text))


def font_encoding(font: str | None) -> tuple[str, bool] | None:
    """(encoding, drawn in capitals) of a legacy Vietnamese font, or None for a Unicode font:
    ".VnTime" → ("tcvn3", False), ".VnTimeH" → ("tcvn3", True), "VNI-Times" → ("vni", False)."""
    if not font:
        return None
    name = font.strip()
    if name.lower().startswith(".vn"):
        return "tcvn3", name.rstrip().endswith("H")
    if name.lower().startswith("vni-") or name.lower().startswith("vni "):
        return "vni", False
    if "viscii" in name.lower():
        return "viscii", False
    return None


# --- telling which encoding a text is in ---------------------------------------------------------

_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(?:uye|uya|uoi|uou|ieu|yeu|oai|oay|uay|uoi|[aeiouy]{1,3})"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_LETTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzđ"
    + "".join(unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in ("", *_TONES))
)
_TOKEN = re.compile(r"[^\s\d.,;:!?()\[\]\"'/\\*+=<>|-]+")


def _is_word(token: str) -> bool:
    """A Vietnamese syllable, with its marks, or a plain ASCII word."""
    low = token.lower()
    if not all(c in _LETTERS for c in low):
        return False
    plain = unicodedata.normalize("NFD", low.replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return low.isascii() or _SYLLABLE.fullmatch(plain) is not None


# Syllables of official Vietnamese common enough that a right conversion shows them and a wrong
# one does not: "Coäng" read as VNI is "Cộng", read as TCVN3 "Coọng" — both spell a syllable,
# only one is a word. (The most frequent syllables with marks in the bundled documents.)
_COMMON = frozenset(
    [
        "thông",
        "các",
        "đối",
        "của",
        "ngoại",
        "và",
        "tỉnh",
        "công",
        "tác",
        "tuyên",
        "ủy",
        "uỷ",
        "về",
        "bộ",
        "kết",
        "truyền",
        "đảng",
        "hội",
        "số",
        "thực",
        "hiện",
        "nước",
        "chính",
        "huyện",
        "động",
        "cơ",
        "triển",
        "báo",
        "luận",
        "hình",
        "đạo",
        "chức",
        "tổ",
        "quả",
        "phát",
        "giáo",
        "ngày",
        "văn",
        "năm",
        "vụ",
        "dân",
        "quốc",
        "nghị",
        "với",
        "chỉ",
        "địa",
        "việt",
        "hoạt",
        "chủ",
        "trị",
        "xã",
        "đơn",
        "hợp",
        "trên",
        "biên",
        "giới",
        "nhân",
        "cấp",
        "có",
        "tế",
        "sở",
        "thành",
        "thường",
        "viên",
        "đồng",
        "trực",
        "hiệu",
        "tình",
        "định",
        "phương",
        "nhiệm",
        "nâng",
        "nội",
        "đề",
        "sự",
        "việc",
        "đại",
        "thời",
        "ngoài",
        "mới",
        "vị",
        "chí",
        "tiếp",
        "hành",
        "nhà",
        "đến",
        "những",
        "cáo",
        "phòng",
        "hướng",
        "lượng",
        "thức",
        "lãnh",
        "cán",
        "tại",
        "quảng",
        "để",
        "điểm",
        "là",
        "ở",
        "tập",
        "tục",
        "tư",
        "kế",
        "hoạch",
        "xây",
        "lý",
        "bản",
        "ương",
        "dựng",
        "trọng",
        "nhận",
        "đầu",
        "chất",
        "thể",
        "phối",
        "bàn",
        "tâm",
        "lực",
        "vực",
        "tăng",
        "người",
        "tháng",
        "được",
        "cường",
        "liên",
        "đã",
        "bảo",
        "xuyên",
        "trình",
        "hóa",
        "hoá",
        "tổng",
        "thế",
        "chế",
        "mạnh",
        "pháp",
        "quán",
        "triệt",
        "toàn",
        "phần",
        "tộc",
        "lịch",
        "chuyên",
        "tiếng",
        "năng",
        "phản",
        "làm",
        "đổi",
        "thống",
        "dương",
        "dự",
        "mục",
        "đẩy",
        "quản",
        "ngành",
        "đội",
        "nhằm",
        "giữa",
        "cộng",
        "thuộc",
        "góp",
        "cầu",
        "ảnh",
        "bá",
        "học",
        "đất",
        "nhất",
        "đoàn",
        "chương",
        "thị",
        "biển",
        "phó",
        "trưởng",
        "đoạn",
        "hệ",
        "đường",
        "dẫn",
        "biểu",
        "chưa",
        "tích",
        "kịp",
        "sách",
        "điều",
        "quyết",
        "nghiệp",
        "cực",
        "quyền",
        "luật",
        "giám",
        "giá",
        "kiện",
        "nguyên",
        "trách",
        "nhiều",
        "nghiên",
        "cứu",
        "đốc",
        "điện",
        "lưu",
        "kiểm",
        "liệu",
        "đảo",
        "sản",
        "đấu",
        "thuận",
        "lợi",
        "trương",
        "bồi",
        "dưỡng",
        "diện",
        "phục",
        "vấn",
        "như",
        "tới",
        "trước",
        "nơi",
        "chiến",
        "tạo",
        "một",
        "phủ",
        "giờ",
        "kỳ",
        "đó",
        "hữu",
        "đảm",
        "vào",
        "đánh",
        "đúng",
        "kiến",
        "tài",
        "thư",
        "yêu",
        "không",
        "giải",
        "cụ",
        "tốt",
        "sát",
        "bài",
        "huấn",
        "khóa",
        "khoá",
        "thứ",
        "bí",
        "trường",
        "vệ",
        "còn",
        "hạn",
        "phân",
        "ý",
        "rộng",
        "dụng",
        "đưa",
        "trì",
        "hơn",
        "đặc",
        "trí",
        "gửi",
        "lần",
        "ký",
        "tiêu",
        "bạn",
        "thiết",
        "xuất",
        "mạng",
        "bằng",
        "lĩnh",
        "nắm",
        "phố",
        "căn",
        "cứ",
        "nghĩa",
        "tự",
        "rõ",
        "bắt",
        "từ",
        "bị",
        "chấp",
        "cập",
        "biến",
        "ứng",
        "bào",
        "cuộc",
        "tiến",
        "mở",
        "phẩm",
        "đạt",
        "chống",
        "độ",
        "nguồn",
        "bình",
        "đông",
        "biệt",
        "buổi",
        "đủ",
        "cần",
        "cả",
        "tính",
        "xử",
        "sử",
        "phổ",
        "vững",
        "khách",
        "lớp",
        "chuẩn",
        "nghiêm",
        "vùng",
        "cách",
        "ưu",
        "khác",
        "quá",
        "xác",
        "nữa",
        "nêu",
        "từng",
        "giúp",
        "hòa",
        "hoà",
        "cử",
    ]
)


def word_count(text: str) -> tuple[int, int]:
    """(tokens that are Vietnamese syllables or plain words, all tokens)."""
    tokens = _TOKEN.findall(text)
    return sum(_is_word(t) for t in tokens), len(tokens)


def vietnamese_score(text: str) -> int:
    """How much a text reads as Vietnamese: its syllables, and twice its common ones."""
    tokens = _TOKEN.findall(text)
    return sum(_is_word(t) + 2 * (t.lower() in _COMMON) for t in tokens)


# Characters of the legacy tables that are no Vietnamese letter ("Ö", "µ", "ø", "ä"): a line
# without one is Unicode already, however unusual its words.
_STRAY = frozenset(c for table in (TCVN3, VNI, VISCII) for surface in table for c in surface) - {
    c for letter in _LETTERS for c in (letter, letter.upper())
}

# Stray characters that Unicode text has of its own: footnote marks, fractions, signs, spaces.
_SYMBOLS = frozenset("¹²³½¼¾°±×÷§©®«»ªº·\xa0\xad")


def repair_line(line: str) -> tuple[str, str | None]:
    """The line in Unicode, and the legacy encoding it was in (None when it was not)."""
    stray = [c for c in line if c in _STRAY]
    if not stray or (len(stray) < 3 and all(c in _SYMBOLS for c in stray)):
        return line, None  # Unicode, or a footnote mark or "½ ngày" in it
    good, total = word_count(line)
    if good == total:  # every word reads as Vietnamese (or plain ASCII) already
        return line, None
    best, best_score, used = line, vietnamese_score(line), None
    for encoding in ENCODINGS:
        converted = convert(line, encoding)
        if converted == line:
            continue
        score = vietnamese_score(converted)
        if score >= best_score + 2:
            best, best_score, used = converted, score, encoding
    return best, used


def repair(text: str) -> tuple[str, set[str]]:
    """Text with what was typed in a legacy encoding converted, and the encodings found.

    Line by line, since documents mix them; then the lines of the encoding most lines are in that
    still read better in it ("Soá 45-BC/HU", whose every word is a syllable as it stands, in a file
    typed in VNI)."""
    lines = text.split("\n")
    used: list[str | None] = []
    for i, line in enumerate(lines):
        lines[i], encoding = repair_line(line)
        used.append(encoding)
    counts = Counter(e for e in used if e)
    if not counts:
        return text, set()
    main = counts.most_common(1)[0][0]
    surface = _SURFACE[main]
    for i, line in enumerate(lines):
        if used[i] is None and any(c in surface for c in line):
            converted = convert(line, main)
            if vietnamese_score(converted) > vietnamese_score(line):
                lines[i] = converted
    return "\n".join(lines), set(counts)
