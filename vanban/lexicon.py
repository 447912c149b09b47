"""Domain vocabulary of Party and state documents: abbreviations, document types, English terms.

Each table row is a rule; tests/vanban/test_lexicon.py shows them at work.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vanban.text import fold_plain

# Abbreviation → full form. Matching is both ways: a passage saying "UBND" matches a query
# saying "Ủy ban nhân dân", and the reverse.
ABBREVIATIONS: dict[str, str] = {
    "TTĐN": "thông tin đối ngoại",
    "BTGTU": "Ban Tuyên giáo Tỉnh ủy",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BTGHU": "Ban Tuyên giáo Huyện ủy",
    "BTG": "Ban Tuyên giáo",
    "BCĐ": "Ban Chỉ đạo",
    "BTV": "Ban Thường vụ",
    "BCH": "Ban Chấp hành",
    "BCT": "Bộ Chính trị",
    "BBT": "Ban Bí thư",
    "TW": "Trung ương",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "MTTQ": "Mặt trận Tổ quốc",
    "CT-XH": "chính trị - xã hội",
    "TT&TT": "Thông tin và Truyền thông",
    "CHXHCN": "Cộng hòa xã hội chủ nghĩa",
    "VPHU": "Văn phòng Huyện ủy",
    "VPTW": "Văn phòng Trung ương",
    "BĐBP": "Bộ đội Biên phòng",
    "KH&ĐT": "Kế hoạch và Đầu tư",
    "VH-TT&DL": "Văn hóa, Thể thao và Du lịch",
    "PT-TH": "Phát thanh - Truyền hình",
    "MXH": "mạng xã hội",
    "CNTT": "công nghệ thông tin",
    "UBKT": "Ủy ban Kiểm tra",
    "BCS": "Ban cán sự",
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
}

# Letters of a document code → the type they name; "KL 57", "57-KL/TW" are a Kết luận.
TYPE_CODES: dict[str, str] = {
    "KL": "Kết luận",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "CV": "Công văn",
    "BC": "Báo cáo",
    "QĐ": "Quyết định",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TB": "Thông báo",
    "TTr": "Tờ trình",
    "CTr": "Chương trình",
    "QC": "Quy chế",
    "ĐC": "Đề cương",  # outlines carry no code of their own; the letters only name the type
}
# Ways a person names a document type in a query, without diacritics → type letters.
_TYPE_WORDS: dict[str, str] = {
    "kl": "KL",
    "ket luan": "KL",
    "conclusion": "KL",
    "nq": "NQ",
    "nghi quyet": "NQ",
    "resolution": "NQ",
    "ct": "CT",
    "chi thi": "CT",
    "directive": "CT",
    "hd": "HD",
    "huong dan": "HD",
    "guidance": "HD",
    "guideline": "HD",
    "guidelines": "HD",
    "kh": "KH",
    "ke hoach": "KH",
    "plan": "KH",
    "cv": "CV",
    "cong van": "CV",
    "official letter": "CV",
    "letter": "CV",
    "bc": "BC",
    "bao cao": "BC",
    "report": "BC",
    "qd": "QĐ",
    "quyet dinh": "QĐ",
    "decision": "QĐ",
    "tb": "TB",
    "thong bao": "TB",
    "notice": "TB",
    "de cuong": "ĐC",
    "outline": "ĐC",
    "chuong trinh": "CTr",
    "programme": "CTr",
    "program": "CTr",
    "quy che": "QC",
    "nghi dinh": "NĐ",
    "decree": "NĐ",
    "thong tu": "TT",
    "circular": "TT",
}
_NUMBER_WORD = r"(?:so|no\.?|number|#)"  # "số 57", "No. 57"
_REF = re.compile(
    r"\b(" + "|".join(sorted((re.escape(w) for w in _TYPE_WORDS), key=len, reverse=True)) + r")"
    rf"\s*{_NUMBER_WORD}?\s*(\d{{1,5}})\b(?!\s*[/.-]\s*\d)"
)
_NUMBERED = re.compile(rf"\b{_NUMBER_WORD}\s*\d")


def _ref_matches(plain: str) -> list[re.Match]:
    """_REF's matches, without a year after a type word ("Hướng dẫn 2014 của Thái Nguyên" is the guidance
    of 2014): a number that reads as a year is a document's number only when written "số 2014"."""
    return [
        m for m in _REF.finditer(plain) if not (1945 <= int(m.group(2)) <= 2049 and not _NUMBERED.search(m.group()))
    ]


_CODE = re.compile(r"\b(\d{1,5})\s*-\s*([a-z]{1,5})\s*/\s*([a-z]{1,12})\b")
# State documents put the type after the number (and often the year): "853/QĐ-UBND", "72/2015/NĐ-CP".
_STATE_CODE = re.compile(r"\b(\d{1,5})\s*/\s*(?:(?:19|20)\d{2}\s*/\s*)?([a-z]{1,5})\s*-\s*([a-z][a-z0-9]{0,11})\b")
# Type letters typed without marks → as documents write them.
_MARKED_LETTERS = {"QD": "QĐ", "ND": "NĐ", "DC": "ĐC"}


def _codes(plain: str) -> list[tuple[int, int, str, str]]:
    """(start, end, number, type letters) of every document code in plain text, party or state form."""
    found = [(m.start(), m.end(), m.group(1), m.group(2)) for m in _CODE.finditer(plain)]
    found += [(m.start(), m.end(), m.group(1), m.group(2)) for m in _STATE_CODE.finditer(plain)]
    return [(a, b, number, _MARKED_LETTERS.get(x.upper(), x.upper())) for a, b, number, x in sorted(found)]


# Everyday phrasing → the terms official documents use for the same thing. Patterns are on
# text without diacritics; each adds the document terms to the query.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bai (duoc )?(moi |di |tham )?du\b|\bnguoi (tham )?du\b|\bdai bieu nao\b", "thành phần tham dự"),
    (r"\b(khi nao|bao gio|luc nao)\b", "thời gian"),
    (r"\bhan (chot|cuoi)\b|\bhan gui\b|\bhan nop\b", "thời hạn trước ngày"),
    (r"\b(tien|kinh phi|ngan sach)\b", "kinh phí ngân sách nguồn lực"),
    (r"\b(phai|can|nen) lam gi\b|\blam the nao\b", "nhiệm vụ giải pháp"),
    (r"\b(o dau|dia diem|cho nao)\b", "địa điểm"),
    (r"\b(kho khan|vuong mac|yeu kem|diem yeu|chua tot)\b", "hạn chế tồn tại"),
    (r"\btin (gia|bia dat|sai)\b", "thông tin sai sự thật xuyên tạc"),
    (r"\btin (xau|tieu cuc)\b", "thông tin tiêu cực"),  # bad news, not fake news
    (r"\b(mang xa hoi|tren mang)\b", "không gian mạng Internet"),
    (r"\b(the gioi|quoc te|nuoc ngoai) (biet|hieu)\b|\bquang ba\b", "quảng bá hình ảnh cộng đồng quốc tế"),
    (r"\bai (chiu trach nhiem|phu trach|lam)\b|\bco quan nao\b", "chủ trì phối hợp tổ chức thực hiện"),
    (r"\bmuc dich\b|\bde lam gi\b", "mục đích yêu cầu"),
)

# English domain terms → Vietnamese, so lexical search can serve questions asked in English.
GLOSSARY: dict[str, str] = {
    "foreign information": "thông tin đối ngoại",
    "external information": "thông tin đối ngoại",
    "foreign affairs": "đối ngoại",
    "politburo": "Bộ Chính trị",
    "secretariat": "Ban Bí thư",
    "central committee": "Ban Chấp hành Trung ương",
    "propaganda department": "Ban Tuyên giáo",
    "propaganda": "tuyên truyền",
    "steering committee": "Ban Chỉ đạo",
    "standing committee": "Ban Thường vụ",
    "people's committee": "Ủy ban nhân dân",
    "fatherland front": "Mặt trận Tổ quốc",
    "province": "tỉnh",
    "provincial": "tỉnh",
    "district": "huyện",
    "commune": "xã",
    "tasks": "nhiệm vụ",
    "task": "nhiệm vụ",
    "solutions": "giải pháp",
    "objectives": "mục tiêu",
    "goals": "mục tiêu",
    "viewpoints": "quan điểm",
    "implementation": "tổ chức thực hiện",
    "conference": "hội nghị",
    "online": "trực tuyến",
    "attend": "thành phần dự",
    "attends": "thành phần dự",
    "participants": "thành phần",
    "deadline": "thời hạn trước ngày",
    "signed": "ký",
    "sign": "ký",
    "budget": "ngân sách kinh phí",
    "training": "đào tạo bồi dưỡng tập huấn",
    "foreign language": "tiếng nước ngoài ngoại ngữ",
    "foreign languages": "tiếng nước ngoài ngoại ngữ",
    "border": "biên giới",
    "sea and islands": "biển đảo",
    "islands": "biển đảo",
    "sovereignty": "chủ quyền",
    "cyberspace": "không gian mạng",
    "internet": "Internet",
    "false information": "thông tin sai trái xuyên tạc",
    "fake news": "thông tin sai sự thật",
    "hostile forces": "thế lực thù địch",
    "overseas vietnamese": "người Việt Nam ở nước ngoài kiều bào",
    "press": "báo chí",
    "media": "truyền thông báo chí",
    "radio": "phát thanh",
    "television": "truyền hình",
    "culture": "văn hóa",
    "cultural": "văn hóa",
    "tourism": "du lịch",
    "investment": "đầu tư",
    "festival": "lễ hội",
    "ethnic": "dân tộc",
    "digital transformation": "chuyển đổi số",
    "technology": "công nghệ",
    "spokesperson": "người phát ngôn phát ngôn",
    "review": "tổng kết",
    "difficulties": "khó khăn hạn chế",
    "limitations": "hạn chế tồn tại",
    "weaknesses": "hạn chế tồn tại",
    "recommendations": "đề xuất kiến nghị",
    "ideology": "tư tưởng",
    "president ho chi minh": "Chủ tịch Hồ Chí Minh",
    # the standard parts of an administrative document (Nghị định 30/2020/NĐ-CP layout)
    "purpose": "mục đích",
    "aims": "mục đích mục tiêu",
    "requirements": "yêu cầu",
    "contents": "nội dung",
    "content": "nội dung",
    "materials": "tài liệu",
    "results": "kết quả",
    "achievements": "kết quả ưu điểm",
    "strengths": "ưu điểm",
    "advantages": "ưu điểm",
    "shortcomings": "tồn tại hạn chế",
    "proposals": "đề xuất kiến nghị",
    "directions": "phương hướng",
    "orientation": "phương hướng định hướng",
    "assessment": "đánh giá",
    "evaluation": "đánh giá",
    "situation": "tình hình",
    "format": "hình thức",
    "venue": "địa điểm",
    "duties": "nhiệm vụ",
    "responsibilities": "trách nhiệm nhiệm vụ",
    "recipients": "nơi nhận kính gửi",
    "leadership": "lãnh đạo",
    "lessons": "bài học kinh nghiệm",
    "issued": "ban hành",
    # kinds of documents
    "plan": "kế hoạch",
    "plans": "kế hoạch",
    "report": "báo cáo",
    "guidance": "hướng dẫn",
    "guidelines": "hướng dẫn",
    "official letter": "công văn",
    "official dispatch": "công văn",
    "decision": "quyết định",
    "directive": "chỉ thị",
    "resolution": "nghị quyết",
    "notice": "thông báo",
    "announcement": "thông báo",
    "outline": "đề cương",
    "decree": "nghị định",
    "circular": "thông tư",
    "strategy": "chiến lược",
    "programme": "chương trình",
    "program": "chương trình",
    "agenda": "chương trình",
    # the official English names of state and Party bodies (as the bodies themselves publish them)
    "national assembly": "Quốc hội",
    "government": "Chính phủ",
    "prime minister": "Thủ tướng Chính phủ",
    "government office": "Văn phòng Chính phủ",
    "ministry of public security": "Bộ Công an",
    "ministry of national defence": "Bộ Quốc phòng",
    "ministry of national defense": "Bộ Quốc phòng",
    "ministry of foreign affairs": "Bộ Ngoại giao",
    "ministry of home affairs": "Bộ Nội vụ",
    "ministry of justice": "Bộ Tư pháp",
    "ministry of finance": "Bộ Tài chính",
    "ministry of planning and investment": "Bộ Kế hoạch và Đầu tư",
    "ministry of industry and trade": "Bộ Công Thương",
    "ministry of agriculture and rural development": "Bộ Nông nghiệp và Phát triển nông thôn",
    "ministry of transport": "Bộ Giao thông vận tải",
    "ministry of construction": "Bộ Xây dựng",
    "ministry of natural resources and environment": "Bộ Tài nguyên và Môi trường",
    "ministry of information and communications": "Bộ Thông tin và Truyền thông",
    "ministry of labour invalids and social affairs": "Bộ Lao động - Thương binh và Xã hội",
    "ministry of culture sports and tourism": "Bộ Văn hóa, Thể thao và Du lịch",
    "ministry of science and technology": "Bộ Khoa học và Công nghệ",
    "ministry of education and training": "Bộ Giáo dục và Đào tạo",
    "ministry of health": "Bộ Y tế",
    "committee for ethnic minority affairs": "Ủy ban Dân tộc",
    "state bank": "Ngân hàng Nhà nước",
    "vietnam news agency": "Thông tấn xã Việt Nam",
    "voice of vietnam": "Đài Tiếng nói Việt Nam",
    "vietnam television": "Đài Truyền hình Việt Nam",
    "central propaganda department": "Ban Tuyên giáo Trung ương",
    "commission for propaganda and education": "Ban Tuyên giáo",
    "propaganda and education commission": "Ban Tuyên giáo",
    "commission for propaganda and mass mobilization": "Ban Tuyên giáo và Dân vận",
    "propaganda and mass mobilization commission": "Ban Tuyên giáo và Dân vận",
    "commission for external relations": "Ban Đối ngoại",
    "external relations commission": "Ban Đối ngoại",
    "commission for mass mobilization": "Ban Dân vận",
    "mass mobilization commission": "Ban Dân vận",
    "organization commission": "Ban Tổ chức",
    "inspection commission": "Ủy ban Kiểm tra",
    "party central office": "Văn phòng Trung ương Đảng",
    "provincial party committee": "Tỉnh ủy",
    "district party committee": "Huyện ủy",
    "city party committee": "Thành ủy",
    "party committee": "cấp ủy Đảng ủy",
    "party committees": "cấp ủy",
    "people's council": "Hội đồng nhân dân",
    "department of foreign affairs": "Sở Ngoại vụ",
    "department of information and communications": "Sở Thông tin và Truyền thông",
    "department of culture sports and tourism": "Sở Văn hóa, Thể thao và Du lịch",
    "department of home affairs": "Sở Nội vụ",
    "department of finance": "Sở Tài chính",
    "department of planning and investment": "Sở Kế hoạch và Đầu tư",
    "department of education and training": "Sở Giáo dục và Đào tạo",
    "department of industry and trade": "Sở Công Thương",
    "provincial police": "Công an tỉnh",
    "police": "Công an",
    "border guard": "Bộ đội Biên phòng",
    "border guards": "Bộ đội Biên phòng",
    "military command": "Bộ Chỉ huy Quân sự",
    "radio and television station": "Đài Phát thanh và Truyền hình",
    "youth union": "Đoàn Thanh niên",
    "women's union": "Hội Liên hiệp Phụ nữ",
    "farmers' union": "Hội Nông dân",
    "farmers' association": "Hội Nông dân",
    "veterans' association": "Hội Cựu chiến binh",
    "union of friendship organizations": "Liên hiệp các tổ chức hữu nghị",
    "journalists' association": "Hội Nhà báo",
    "labour confederation": "Liên đoàn Lao động",
    "trade union": "Công đoàn Liên đoàn Lao động",
    # roles and general administrative words
    "standing body": "cơ quan thường trực",
    "standing agency": "cơ quan thường trực",
    "standing office": "cơ quan thường trực",
    "member": "thành viên",
    "members": "thành viên",
    "secretary": "Bí thư",
    "deputy": "Phó",
    "national": "toàn quốc",
    "nationwide": "toàn quốc",
    "topic": "chuyên đề",
    "topics": "chuyên đề",
    "thematic": "chuyên đề",
    "coordinate": "phối hợp",
    "coordination": "phối hợp",
    "preside": "chủ trì",
    "lead agency": "chủ trì",
    "funding": "kinh phí",
    "funds": "kinh phí",
    "expenses": "kinh phí",
    "schedule": "thời gian",
    "delegates": "đại biểu",
    "communication": "truyền thông",
    "international": "quốc tế",
    "international integration": "hội nhập quốc tế",
    "image": "hình ảnh",
    "promotion": "quảng bá",
    "promote": "quảng bá",
    "public opinion": "dư luận",
    "press conference": "họp báo",
    "journalists": "phóng viên nhà báo",
    "reporters": "phóng viên",
    "foreigners": "người nước ngoài",
    "commendation": "khen thưởng",
    "rewards": "khen thưởng",
    "inspection": "kiểm tra",
    "supervision": "giám sát",
    "preliminary review": "sơ kết",
    "grassroots": "cơ sở",
    "agencies": "cơ quan",
    "agency": "cơ quan",
    "units": "đơn vị",
    "officials": "cán bộ",
    "cadres": "cán bộ",
    "party members": "đảng viên",
    "awareness": "nhận thức",
    "effectiveness": "hiệu quả",
    "quality": "chất lượng",
    "new situation": "tình hình mới",
}
# Words that mark a query without diacritics as English rather than Vietnamese typed plain.
# (Words that are also plain Vietnamese syllables, such as "to", "the", "an", "do", "can", "in", are left out.)
ENGLISH_MARKERS = frozenset(
    [
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "is",
        "are",
        "was",
        "were",
        "does",
        "did",
        "of",
        "and",
        "for",
        "with",
        "from",
        "by",
        "about",
        "into",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "should",
        "must",
    ]
)


@lru_cache(maxsize=1)
def _abbreviation_rules() -> list[tuple[re.Pattern, str, re.Pattern, str]]:
    rules = []
    for abbr, full in ABBREVIATIONS.items():
        short = re.compile(rf"(?<![\w&-]){re.escape(fold_plain(abbr))}(?![\w&-])")
        long = re.compile(rf"\b{re.escape(fold_plain(full))}\b")
        rules.append((short, full, long, abbr))
    return rules


def expansions(text: str) -> list[str]:
    """Other spellings of what the text names: abbreviations ↔ full forms, code letters → types."""
    plain = fold_plain(text)
    extra: list[str] = []
    for short, full, long, abbr in _abbreviation_rules():
        if short.search(plain) and not long.search(plain):
            extra.append(full)
        elif long.search(plain) and not short.search(plain):
            extra.append(abbr)
    for _, _, _, letters in _codes(plain):
        kind = TYPE_CODES.get(letters)
        if kind:
            extra.append(kind)
    for m in _ref_matches(plain):
        letters = _TYPE_WORDS[m.group(1)]
        extra.append(f"{TYPE_CODES[letters]} {letters}")
    extra += [TYPE_CODES[letters] for _, letters in bare_types(text)]
    return extra


# Type letters that name a type written alone, as officials shorten a document they do not number: "KH
# TTĐN Quảng Ngãi 2021", "BC tổng kết KL16". "TT" is left out: it starts "TT&TT" and "TTĐN" as often as
# it means Thông tư. With a number after them they are a reference (_REF).
_ALONE_TYPES = tuple(letters for letters in TYPE_CODES if letters != "TT")
_TOKEN = re.compile(r"(?<![\w&/.-])[\w&-]+(?![\w&/-])")
_GLUED_REF = re.compile(r"([^\W\d_]+)(\d+)")


_PLAIN_TYPES = frozenset(fold_plain(letters) for letters in TYPE_CODES)


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    out = {fold_plain(letters): TYPE_CODES[letters] for letters in _ALONE_TYPES}
    out.update({fold_plain(abbr): full for abbr, full in ABBREVIATIONS.items()})
    return out


def spell_out(text: str) -> str:
    """The text with its abbreviations written out, for a reader that does not know them (the embedder):
    "KH TTĐN Quảng Ngãi giao BĐBP tỉnh nhiệm vụ gì?" → "Kế hoạch thông tin đối ngoại Quảng Ngãi giao Bộ
    đội Biên phòng tỉnh nhiệm vụ gì?", "KL57" → "Kết luận 57". In capitals a word is an abbreviation
    wherever it stands; in lower case only when it is no syllable ("ttdn", "kh"; not "tu", which is từ or
    tự). A code stays as it is written, with or without its punctuation ("57-KL/TW", "57 kl tw")."""
    spellings = _spellings()
    out, at, state = [], 0, ""  # state: "number" just read, "code" inside a code's letters
    for m in _TOKEN.finditer(text):
        word, gap = m.group(), text[at : m.start()]
        out.append(gap)
        at = m.end()
        letters = fold_plain(word)
        if gap.strip():
            state = ""
        if word.isdigit():
            state = "number"
        elif state == "number" and letters in _PLAIN_TYPES or state == "code" and not _SYLLABLE.fullmatch(letters):
            state = "code"  # "57 kl tw": the type letters after a number, then the issuer's
        else:
            state = ""
        glued = _GLUED_REF.fullmatch(word)
        head, number = (glued.group(1), f" {glued.group(2)}") if glued else (word, "")
        full = spellings.get(fold_plain(head))
        if state or full is None or not (head.isupper() or not _SYLLABLE.fullmatch(fold_plain(head))):
            out.append(word)
        else:
            out.append(full + number)
    out.append(text[at:])
    return "".join(out)


def official_terms(query: str) -> list[str]:
    """Document vocabulary for everyday phrasing in a query ("ai được mời dự" → "thành phần tham dự")."""
    plain = fold_plain(query)
    return [terms for pattern, terms in _phrase_rules() if pattern.search(plain)]


@lru_cache(maxsize=1)
def _phrase_rules() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(p), t) for p, t in PHRASES]


def expand(text: str) -> str:
    """The text followed by its expansions, for lexical matching."""
    extra = expansions(text)
    return text if not extra else text + "\n" + " ; ".join(extra)


def _english_words(text: str) -> str:
    """Lower case, "'s" and punctuation out: "Ministry of Culture, Sports" → "ministry of culture sports"."""
    return " ".join(re.sub(r"'s\b|[^\w' ]+", " ", text.lower()).split())


@lru_cache(maxsize=1)
def _glossary() -> list[tuple[str, str]]:
    return sorted(((_english_words(k), v) for k, v in GLOSSARY.items()), key=lambda kv: len(kv[0]), reverse=True)


def translate_terms(query: str) -> list[str]:
    """Vietnamese for the English domain terms in a query ("tasks" → "nhiệm vụ"), longest first."""
    found, taken = [], f" {_english_words(query)} "
    for term, vietnamese in _glossary():
        if f" {term} " in taken:
            found.append(vietnamese)
            taken = taken.replace(f" {term} ", " | ")
    return found


def document_refs(query: str) -> list[tuple[str, str]]:
    """(number, type letters) of documents a query names: "KL 57", "Conclusion 57", "57-KL/TW"."""
    plain = fold_plain(query)
    refs = [(number, letters) for _, _, number, letters in _codes(plain)]
    refs += [(m.group(2), _TYPE_WORDS[m.group(1)]) for m in _ref_matches(plain)]
    return list(dict.fromkeys(refs))


def ref_spans(plain: str) -> list[tuple[int, int]]:
    """Where plain text names documents, by code or by type and number ("hd 100", "57-kl/tw")."""
    return sorted([(a, b) for a, b, _, _ in _codes(plain)] + [m.span() for m in _ref_matches(plain)])


_TYPE_NAME = re.compile(
    r"\b(" + "|".join(sorted((re.escape(w) for w in _TYPE_WORDS if len(w) > 3), key=len, reverse=True)) + r")\b"
    r"(?! vien\b)"  # "báo cáo viên" is a person who reports, not a report
)


_BARE_TYPE = re.compile(
    r"(?<![\w/&.-])(" + "|".join(sorted(map(re.escape, _ALONE_TYPES), key=len, reverse=True)) + r")"
    r"(?![\w/&-])(?!\s*(?:số\s*)?\d)"
)


def bare_types(text: str) -> list[tuple[int, str]]:
    """(start, type letters) of each document type a text names by its letters alone ("KH TTĐN 2021")."""
    return [(m.start(), m.group(1)) for m in _BARE_TYPE.finditer(text)]


def subject_type(query: str) -> str | None:
    """Type letters of the document a question is about: the first document type it names.

    "Ai ký kế hoạch triển khai KL 57?" is about a plan ("KH"), not about Conclusion 57, which it
    only uses to say which plan; "Ai ký KL 57?" is about the Conclusion ("KL").
    """
    plain = fold_plain(query)
    found = [(m.start(), _TYPE_WORDS[m.group(1)]) for m in _ref_matches(plain)]
    found += [(m.start(), _TYPE_WORDS[m.group(1)]) for m in _TYPE_NAME.finditer(plain)]
    found += [(start, letters) for start, _, _, letters in _codes(plain)]
    found += bare_types(query)
    return min(found)[1] if found else None


def without_refs(text: str) -> str:
    """The text with the documents it names cut out: "Theo HD 100, BTGTU có nhiệm vụ gì?" → "Theo , BTGTU có nhiệm vụ gì?"."""
    plain = fold_plain(text)
    if len(plain) != len(text):  # offsets would not line up; cut nothing
        return text
    merged: list[list[int]] = []
    for start, end in ref_spans(plain):  # "kết luận 16-KL/TW" is named twice, by type and number and by code
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + " " + text[end:]
    return text


# A Vietnamese syllable typed without marks: onset, vowel nucleus, coda. English words such as
# "digital", "foreign", "work" are none; "can", "in", "the" are, so they alone do not make English.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(?:uye|uya|uoi|uou|ieu|yeu|oai|oay|uay|uoi|ươi|[aeiouy]{1,3})"
    r"(?:ch|ng|nh|[cmnpt])?"
)


def looks_english(query: str) -> bool:
    """A query without Vietnamese marks that reads as English ("Who signed Conclusion 57?",
    "digital transformation in foreign information work"), not Vietnamese typed plain ("can bo")."""
    words = re.findall(r"[a-z']+", query.lower())
    if any(w in ENGLISH_MARKERS for w in words):
        return True
    foreign = [w for w in words if not _SYLLABLE.fullmatch(w.replace("'", ""))]
    return bool(words) and len(foreign) / len(words) >= 0.4
