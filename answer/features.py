"""What a question asks for, and the signals that say whether a candidate unit answers it.

`question_info` reads a question once: the type of value it asks for (a date, a person, a
place …), whether it wants a list or what a section says, and which document it is about.
`features` turns one candidate unit into the numbers the reader weighs (answer/reader.py); the
weights are fitted on questions, not set by hand.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from answer.answerable import FUNCTION_WORDS, FUNCTION_WORDS_MARKED
from index.wordstats import terms
from vanban.lexicon import GLOSSARY, document_refs, ref_spans, without_refs
from vanban.text import LOWER_LETTERS, UPPER_LETTERS, fold_plain, plain_tokens, tokens, with_bigrams

# --- what a question asks for ---------------------------------------------------------------------

# The posts a person holds, folded plain ("trưởng ban", "phó bí thư", "giám đốc")
_POSTS = r"(pho )?(truong ban|truong doan|to truong|chu tich|bi thu|giam doc|chu nhiem|bo truong|thu truong|truong)"
# Question words of each answer type, on text folded to plain lower case; the first match wins.
# They are the closed class of Vietnamese and English question words, not phrases of any one set.
ANSWER_TYPES: tuple[tuple[str, re.Pattern], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "signer",
            r"\b(ai (da )?ky|nguoi ky|ky boi|(dong chi|ong|ba|nguoi|lanh dao) nao (da )?ky|ky thay mat"
            r"|ai (thay mat|thua lenh|thua uy quyen)\b[^?]{0,60}\bky"
            r"|who signed|signed by|signer|signatory)\b",
        ),
        (
            "issued",
            r"\b((ban hanh|ky|duoc ky|ra doi) (vao )?(ngay|thang|nam|khi|luc) ?(nao|may|bao gio|thang nam nao)"
            r"|ngay ban hanh|ngay ky|when was .* (issued|signed|adopted|dated)|date of (issue|issuance)|issue date)\b",
        ),
        (
            "deadline",
            r"\b(han (gui|nop|chot|cuoi|hoan thanh|bao cao)|thoi han|truoc ngay nao|cham nhat (la )?(ngay|khi) nao"
            r"|hoan thanh (truoc|vao) (ngay|khi|luc) nao|deadline|due date|due by|by when|no later than)\b",
        ),
        ("duration", r"\b(bao lau|keo dai|trong bao nhieu (ngay|gio|thang|nam|buoi)|how long)\b"),
        (
            "issuer",
            r"\b((co quan|don vi|to chuc|ai|noi) (nao )?(ban hanh|ra|phat hanh)|cua (co quan|don vi) nao"
            r"|who issued|issued by|issuing (body|authority|agency)|which (body|agency|office) issued)\b",
        ),
        (
            "recipients",
            r"\b(gui (cho |den |toi )?(ai|nhung|cac|co quan|don vi)|noi nhan|kinh gui|sent to|addressed to|recipients?)\b",
        ),
        ("code", r"\b(so hieu|so ky hieu|ky hieu|so van ban|mang so|what number|reference number|document number)\b"),
        (
            "document",
            r"\b((van ban|cong van|quyet dinh|huong dan|ke hoach|ket luan|chi thi|nghi quyet|kl|nq|ct|hd|kh|cv|qd|tb)"
            r" (so )?(nao|gi|may)"
            r"|(can cu|dua (tren|vao)) (vao )?(van ban |cong van )?nao|which (document|decision|directive|guidance)"
            r"|based on (which|what))\b",
        ),
        (
            "date",
            r"\b(khi nao|bao gio|ngay nao|ngay bao nhieu|thang (may|nao)|nam nao|luc nao|thoi gian nao|when|what date|which date|what month)\b",
        ),
        ("place", r"\b(o dau|tai dau|dia diem|noi nao|cho nao|dat o|where|venue|location)\b"),
        ("number", r"\b(bao nhieu|so luong|may (nguoi|lan|cap|bai|lop|dai bieu|diem)|how many|how much)\b"),
        (
            # a person by the post they hold: "Ai là Trưởng Ban Chỉ đạo …?", "Who chaired …?"
            "person",
            rf"\b(ai la (nguoi )?{_POSTS}|{_POSTS} (\w+ ){{0,12}}la (ai|dong chi nao)|dong chi nao|nguoi dung dau"
            r"|ai (chu tri|phat bieu|trinh bay|dieu hanh)|who (is|was) (the )?(current )?(head|chair\w*|director"
            r"|secretary|leader|president|minister|chief)|who (chaired|chairs|headed|heads|leads|led|presided|spoke"
            r"|presented)|which (official|person|leader))\b",
        ),
        (
            "who",
            r"\b(ai|nguoi nao|co quan nao|don vi nao|ben nao|to chuc nao|cap nao|who|whom|which (agency|body|office|unit|organi[sz]ation))\b",
        ),
    )
)
_LIST = re.compile(
    r"\b(nhung|cac .*(nao|gi)|gom( nhung)?|bao gom|liet ke|ke ten|thanh phan|what are|which are|list|name the)\b"
    r"|^cac\b"  # a plural noun phrase asked as it stands: "Các nhiệm vụ trọng tâm năm 2014 …"
)
# A question for the parts a document or section is made of, not for what they say.
_PARTS = re.compile(
    r"\b(gom|chia( thanh| lam)?) (nhung |may |bao nhieu )?(phan|muc|chuong|mat)\b"
    r"|\bco (nhung |may |bao nhieu )(phan|muc|chuong)\b"
    r"|\b(nhung|cac) (phan|muc|chuong|mat)( lon| chinh| cong tac)? nao\b|\bbo cuc\b|\bde muc\b"
    r"|\b(what|which) (are )?(the )?(main )?(parts|sections|headings)\b|\b(what|how) is the (outline|structure) of\b"
)
_SECTION = re.compile(
    r"\b(noi gi|neu gi|noi dung|de cap|quy dinh gi|the nao|ra sao|lam gi|nhiem vu gi|what does|say about|describe)\b"
)


@dataclass(frozen=True)
class QuestionInfo:
    """What `ask` needs to know about a question before it weighs candidates."""

    answer_type: str | None
    wants_list: bool
    wants_section: bool
    subject_type: str | None  # type letters of the document the question is about ("KH")
    subject_docs: frozenset[str]  # stored documents the question names as its subject
    refs: tuple[tuple[str, str], ...]  # every document the question names (number, letters)
    english: bool
    words: dict[str, float]  # IDF weight of each question syllable and syllable pair
    margin: float  # how much nearer the corpus than everyday topics (answer/answerable.py)
    numbers: tuple[str, ...] = ()  # sections the question names by number ("mục III.2" → "III.2")
    plain: bool = False  # typed without diacritics: words are compared without them ("ky" is ký and kỳ)
    # the document it is about is named by code and not stored: its date is where it is cited
    cited_only: bool = False
    quoted: tuple[str, ...] = ()  # phrases it quotes, folded ("Phần “Ưu điểm” …" → "uu diem")
    identity: dict[str, float] | None = None  # share of its words that name each document
    focus: tuple[str, ...] = ()  # the words it asks for ("những thứ tiếng nào" → "thứ", "tiếng")
    asked_letters: str | None = None  # the type of document it asks for ("quyết định số mấy" → "QĐ")
    counted: tuple[str, ...] = ()  # what a count is of ("bao nhiêu lượt khách" → lượt, khách)
    elsewhere: frozenset[str] = frozenset()  # documents that never name a place the question gives its document
    wants_parts: bool = False  # it asks what parts a document or section has ("gồm những phần nào?")
    said: frozenset[str] = frozenset()  # all its syllables and pairs, with those that name its document
    # the syllables and pairs it writes itself, without the terms added for it ("mục đích" → "… yêu cầu")
    own: frozenset[str] = frozenset()


# "Văn bản nào dặn …?", "which document requires …": the document that says something, found by what it
# says (its citation names it), not a code it cites
_SAYS = re.compile(
    r"\b(van ban|cong van|huong dan|ke hoach|ket luan|tai lieu) nao (da |co )?"
    r"(dan|yeu cau|quy dinh|neu|de ra|noi|de cap|nhan manh|chi dao|giao)\b"
    r"|\bwhich (document|text) (says|requires|asks|tells|mentions|states)\b"
)


def answer_type(question: str, intent: str | None = None) -> str | None:
    """The kind of value a question asks for, or None when it asks for no single value."""
    if intent == "signer":
        return intent
    plain = fold_plain(question)
    found = next((name for name, pattern in ANSWER_TYPES if pattern.search(plain)), None)
    return None if found == "document" and asks_which_says(question) else found


def asks_which_says(question: str) -> bool:
    """True when the question asks which document says something ("Văn bản nào dặn …?")."""
    return bool(_SAYS.search(fold_plain(question)))


def without_question_words(question: str) -> str:
    """The question folded plain, without the words that say what it asks ("ai ký", "ban hành ngày nào")."""
    plain = fold_plain(question)
    for pattern in (*(p for _, p in ANSWER_TYPES), _LIST, _SECTION):
        plain = pattern.sub(" ", plain)
    return plain


_FOCUS = re.compile(r"(\w+)\s+(\w+)\s+(?:nào|gì|nao|gi|mấy|may)\b")


def question_focus(question: str, function_words: frozenset[str], plain: bool = False) -> tuple[str, ...]:
    """The words just before "nào"/"gì": what kind of thing the answer is ("những thứ tiếng nào" → thứ, tiếng)."""
    text = " ".join(plain_tokens(question) if plain else tokens(question))
    out: list[str] = []
    for m in _FOCUS.finditer(text):
        out += [w for w in (m.group(1), m.group(2)) if w not in function_words and not w.isdigit()]
    return tuple(dict.fromkeys(out))


_COUNTED = re.compile(r"\b(?:bao nhiêu|bao nhieu|mấy|may)(?:\s+(\w+)(?:\s+(\w+))?)?")
# a count of money is in a currency
MONEY = frozenset({"tiền", "tien", "kinh", "phí", "phi", "ngân", "sách", "sach", "đồng", "dong"})
CURRENCY = ("đồng", "triệu", "tỷ", "nghìn", "ngàn", "usd", "dong", "trieu", "ty", "nghin", "ngan")


# A price or a sum asked for: "giá vé", "chi phí", "kinh phí", "bao nhiêu tiền" ("đánh giá" is no price)
_PRICE = re.compile(
    r"(?<!đánh )(?<!danh )\b(?:giá|gia)\s+(?:vé|ve|bao|cả|ca|thuê|thue)\b|\b(?:chi phí|chi phi|kinh phí|kinh phi|tiền|tien)\b"
)


# "How many delegates …", "how many party members …": the counted noun ends the words after "how many"
_HOW_MANY = re.compile(r"\bhow\s+many\s+(\w+)(?:\s+(\w+))?", re.IGNORECASE)


def _counted_english(question: str, plain: bool) -> tuple[str, ...]:
    """The Vietnamese words for what an English question counts, by the glossary: "How many delegates …"
    → ("đại", "biểu"); () when the glossary does not know the noun. Of a term the glossary renders by two
    words ("phóng viên nhà báo"), the first is what the documents count."""
    m = _HOW_MANY.search(question)
    if not m:
        return ()
    first, second = (m.group(1) or "").lower(), (m.group(2) or "").lower()
    for phrase in (f"{first} {second}", second, first):
        if phrase.strip() in GLOSSARY:
            return tuple((plain_tokens if plain else tokens)(GLOSSARY[phrase.strip()])[:2])
    return ()


def counted_words(
    question: str, function_words: frozenset[str], plain: bool = False, english: bool = False
) -> tuple[str, ...]:
    """The words a count is asked of: "bao nhiêu lượt khách du lịch" → ("lượt", "khách"); in English, by
    the glossary ("How many delegates" → ("đại", "biểu"))."""
    text = " ".join(plain_tokens(question) if plain else tokens(question))
    found = list(_COUNTED.finditer(text))
    if not found:
        return _counted_english(question, plain) if english else ()
    if _PRICE.search(text):  # "giá vé … là bao nhiêu?": a sum of money, whatever the last words say
        return ("tiền",) if not plain else ("tien",)
    m = found[-1]  # "Mấy năm qua … được bao nhiêu?" asks the last one, and names nothing to count
    words = tuple(w for w in m.groups() if w and w not in function_words and not w.isdigit())
    # "mấy người" counts anyone (cán bộ, đại biểu …): only a specific noun says what must be counted
    return () if set(words) <= {"người", "nguoi"} else words


def counts_of(text: str, counted: tuple[str, ...], plain: bool = False) -> bool:
    """True when the text states a number of what is counted: "150 đại biểu" for "bao nhiêu đại biểu",
    "20 triệu đồng" for "bao nhiêu tiền"; "9.850 lượt người nghe" is no count of "lượt khách"."""
    folded = " ".join(plain_tokens(text) if plain else tokens(text))
    phrase = " ".join(counted)
    for m in re.finditer(r"\b\d+(?:\s+\d+)*\s+((?:\w+\s*){1,2})", folded):
        after = m.group(1).strip()
        if after.startswith(phrase) or (set(counted) & MONEY and after.split()[0] in CURRENCY):
            return True
    return False


_ASKED_DOCUMENT = re.compile(
    r"\b(van ban|cong van|quyet dinh|huong dan|ke hoach|ket luan|chi thi|nghi quyet|thong bao|bao cao"
    r"|cv|qd|hd|kh|kl|ct|nq|tb|bc) (so )?(nao|gi|may)\b"  # "HD nào", as officials write the type letters
)
_LETTERS = {
    "van ban": None,
    "cong van": "CV",
    "quyet dinh": "QĐ",
    "huong dan": "HD",
    "ke hoach": "KH",
    "ket luan": "KL",
    "chi thi": "CT",
    "nghi quyet": "NQ",
    "thong bao": "TB",
    "bao cao": "BC",
    **{letters.lower(): letters for letters in ("CV", "HD", "KH", "KL", "CT", "NQ", "TB", "BC")},
    "qd": "QĐ",
}


def asked_letters(question: str) -> str | None:
    """The type letters of the document a question asks for ("ban hành kèm quyết định số mấy" → "QĐ")."""
    m = _ASKED_DOCUMENT.search(fold_plain(question))
    return _LETTERS[m.group(1)] if m else None


def wants(question: str) -> tuple[bool, bool]:
    """(asks for a list, asks what a section says)."""
    plain = fold_plain(question)
    return bool(_LIST.search(plain)), bool(_SECTION.search(plain))


# A question word or mark: without one, a query is a phrase typed as it stands ("nhiệm vụ KL 57")
_ASKING = re.compile(
    r"\?|\b(gi|nao|ai|sao|bao nhieu|bao gio|may|khong|chua|dau|what|which|who|whom|how|when|where|why|does|do|is|are)\b"
)


def bare_phrase(question: str) -> bool:
    """True when the question is a phrase typed as it stands, with no question word."""
    return not _ASKING.search(fold_plain(question))


# Words that may stand before the document a question is about: "Theo HD 111, …", "What does Directive 26 …"
_BEFORE_SUBJECT = frozenset({"theo", "trong", "tai", "according", "to", "in", "under", "what", "which", "does", "did"})


def opens_with_document(question: str) -> bool:
    """True when the first document the question names is what it asks about: nothing but function words
    stand before it ("Chỉ thị 26 đề ra những giải pháp nào?", "Theo HD 111, …"), not a topic of another
    document ("Những kết quả thực hiện KL 16 …", which a report on carrying it out states)."""
    plain = fold_plain(question)
    spans = ref_spans(plain)
    if not spans:
        return False
    before = plain_tokens(plain[: spans[0][0]])
    return all(w in FUNCTION_WORDS or w in _BEFORE_SUBJECT for w in before)


def wants_parts(question: str) -> bool:
    """True when a question asks for the parts a document or section is made of ("gồm những phần nào?")."""
    return bool(_PARTS.search(fold_plain(question)))


# A section named by its number: "mục III.2", "mục II.2.a", "Điều 3"; and, in the order of a legal
# citation, from the smallest part up: "điểm a khoản 2 mục II" (II.2.a), "khoản 1 Điều 3" (Điều 3.1).
_SECTION_REF = re.compile(
    r"\b(tieu muc|muc|phan|diem|khoan|dieu|section|part|item|point|clause|article)\s+"
    r"([ivx]{1,5}|\d{1,3}|[a-z])((?:\(\d{1,2}\))*\([a-z]\)|(?:\(\d{1,2}\))+|(?:\s*\.\s*\d{1,2})*(?:\s*\.\s*[a-z](?![\w/-]))?)"
    r"(?![\w/-])"
)
# how large a part each word names: a point (letter) is in a clause, a clause in an article or section
_RANK = {"diem": 0, "point": 0, "khoan": 1, "clause": 1, "tieu muc": 1, "item": 1, "muc": 2, "dieu": 2}
_RANK |= {"section": 2, "article": 2, "phan": 3, "part": 3}
_BETWEEN = re.compile(r"[\s,]*(?:(?:cua|thuoc|tai|o|of|in)\b)?[\s,]*")


def section_numbers(question: str) -> tuple[str, ...]:
    """Number paths of the sections a question names: "nội dung mục III.2" → ("III.2",), "Điều 2" → ("Điều 2",),
    "mục II.2.a", "điểm a khoản 2 mục II" and "section II(2)(a)" → ("II.2.a",). A letter alone names no section."""
    plain = fold_plain(question)
    refs = list(_SECTION_REF.finditer(plain))
    chains: list[list[re.Match]] = []
    for m in refs:
        last = chains[-1][-1] if chains else None
        if (
            last is not None
            and _BETWEEN.fullmatch(plain, last.end(), m.start())
            and _RANK[m.group(1)] > _RANK[last.group(1)]
            and not last.group(3)
        ):
            chains[-1].append(m)
        else:
            chains.append([m])
    out = []
    for chain in chains:
        top = chain[-1]
        if len(chain) == 1 and not top.group(2).isdigit() and not re.fullmatch(r"[ivx]{1,5}", top.group(2)):
            continue  # "điểm a" alone, or a word after "phần"
        head = top.group(2) if top.group(2).isdigit() else top.group(2).upper()
        if top.group(1) in ("dieu", "article"):
            head = f"Điều {head}"
        path = head + re.sub(r"\s+|\)", "", top.group(3)).replace("(", ".")  # "3(2)(a)" is 3.2.a
        out.append(".".join([path, *(m.group(2) for m in reversed(chain[:-1]))]))
    return tuple(dict.fromkeys(out))


# An item named by its place in a section: "nhiệm vụ thứ nhất", "the second task". Not a congress or a
# plenum ("Đại hội lần thứ XIII", "Hội nghị lần thứ tám"), which are names.
_ORDINAL = re.compile(
    r"(?<!\blan )\bthu (nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi|\d{1,2})\b"
    r"|\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b"
)
_VI_PLACES = ("nhat", "hai", "ba", "tu", "nam", "sau", "bay", "tam", "chin", "muoi")
_EN_PLACES = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ORDINALS = {w: i for places in (_VI_PLACES, _EN_PLACES) for i, w in enumerate(places, start=1)}


def ordinal(question: str) -> int | None:
    """The place of the item a question asks for in a section: "giải pháp thứ hai" → 2."""
    m = _ORDINAL.search(fold_plain(question))
    if not m:
        return None
    word = m.group(1) or m.group(2)
    return int(word) if word.isdigit() else _ORDINALS[word]


_QUOTED = re.compile(r"[“\"«]([^”\"»]{2,120})[”\"»]")


def quoted(question: str) -> tuple[str, ...]:
    """Phrases a question puts in quotes, folded plain."""
    return tuple(_bare(m.group(1)) for m in _QUOTED.finditer(question))


def _bare(heading: str) -> str:
    """A heading without its number and punctuation, folded plain: "III. THÀNH PHẦN:" → "thanh phan"."""
    text = re.sub(r"^\W*(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)\-]\s*", "", heading.strip("* "))
    return " ".join(plain_tokens(text))


def idf_weights(terms: list[str], df: dict[str, int], n: int) -> dict[str, float]:
    """IDF weight of each syllable and syllable pair; terms the corpus never uses weigh nothing."""
    grams = list(dict.fromkeys(with_bigrams(terms)))
    return {t: math.log(1 + n / count) for t in grams if (count := df.get(t))}  # one look-up a term


def share(words: dict[str, float], terms: set[str]) -> float:
    """Share of the question's IDF weight found among terms (syllables and pairs)."""
    total = sum(words.values())
    return sum(w for t, w in words.items() if t in terms) / total if total else 0.0


# --- values of each type --------------------------------------------------------------------------

_DATE = (
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{2,4}"
    r"|tháng\s+\d{1,2}(?:/\d{4}|\s+năm\s+\d{4})?|quý\s+[IV]+(?:/\d{4})?"
)
_CAPITAL = rf"[{UPPER_LETTERS}][\w]*"
# Vietnamese family names, the Kinh ones and those of the peoples of the northern uplands ("Lò", "Cầm")
_FAMILY = (
    "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Đào|Trương|Lương|Mai|Trịnh"
    "|Đoàn|Tạ|Tô|Lưu|Châu|Tăng|Kiều|Chu|Quách|Hứa|Phùng|Khổng|Tôn|Thạch|Lò|Lường|Quàng|Cầm|Nông|Lục|Triệu|Sầm"
    "|Vi|Hà|Lâm|Cao|Thái|Văn|La|Ma|Giàng|Sùng|Vàng|Thào|Mùa|Lầu"
)
VALUES: dict[str, re.Pattern] = {
    "date": re.compile(_DATE, re.IGNORECASE),
    "deadline": re.compile(
        r"(?:trước|chậm nhất(?: là)?|hạn chót|hạn cuối|thời hạn|hạn)\s+(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{2,4})?",
        re.IGNORECASE,
    ),
    "duration": re.compile(r"(?:½|\d+(?:[.,]\d+)?)\s*(?:ngày|buổi|giờ|tháng|năm|tuần)\b", re.IGNORECASE),
    # a place is named: "tại Hội trường Thành uỷ", "ở Quảng trường …"; "ở các cấp" is not a place
    "place": re.compile(rf"(?:\b(?:tại|ở)\s+|(?i:địa điểm)\s*:\s*)[{UPPER_LETTERS}][^,.;()\n]{{0,80}}"),
    # a count with what it counts ("3.000 cuốn", "86,5 km", "15%"), not a date, a year or a code
    "number": re.compile(
        r"(?<![\w/.,-])(?<!ngày )(?<!tháng )(?<!năm )(?<!số )(?<!Số )(?<!khóa )(?<!khoá )"
        r"\d+(?:[.,]\d+)*\s*(?:%|[a-zà-ỹđ]+)(?![/-]\d)",
    ),
    "code": re.compile(r"\b\d+\s*[-/]\s*[A-ZĐ][\wĐ&]*(?:\s*/\s*[A-ZĐ][\wĐ&-]*)?"),
    # a person: a name of three or four syllables that starts with a family name ("Hoàng Minh Tâm"), one
    # addressed as a person ("đồng chí Phó Bí thư Thường trực Huyện ủy", "Ông Trương Văn Nam"), or the holder
    # of a post ("Phó Chủ tịch Ủy ban nhân dân huyện làm Tổ trưởng"); not the name the documents give a city,
    # a body of thought and the founder ("Hồ Chí Minh")
    "person": re.compile(
        rf"(?<!\w)(?<!phố )(?<!tỉnh )(?<!huyện )(?<!TP\. )(?<!TP )(?:(?:{_FAMILY})(?:[ \t]+{_CAPITAL}){{2,3}}"
        rf"|(?:[Đđ]ồng chí|Ông|Bà|ông|bà)[ \t]+{_CAPITAL}(?:[ \t]+{_CAPITAL})*"
        r"|(?:[Pp]hó[ \t]+)?(?:Tổng Bí thư|Bí thư|Chủ tịch|Giám đốc|Trưởng [Bb]an|Trưởng đoàn|Tổ trưởng|Bộ trưởng"
        r"|Thứ trưởng|Thủ tướng|Chủ nhiệm|Chánh Văn phòng)(?![ \t]+Hồ Chí Minh))(?!\w)(?<!Hồ Chí Minh)"
    ),
}
VALUES["issued"] = VALUES["date"]
VALUES["document"] = VALUES["code"]
# A body or person, the "who" value: a whole name of two or more capitalised words, each with the
# lower-case syllable that completes it ("Ban Tuyên giáo Trung ương", "Bộ Chính trị", "Trung tâm Văn
# hóa - Thông tin"); never a function word ("… Việt Nam tại Thư viện", "… Đơn Dương về …")
_NAME_STOPS = "|".join(sorted(FUNCTION_WORDS_MARKED, key=len, reverse=True))
_NAME_WORD = rf"{_CAPITAL}(?:\s+(?!(?:{_NAME_STOPS})(?!\w))[{LOWER_LETTERS}]+(?![\w]))?"
_WHOLE_NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:và|-)\s+)?{_NAME_WORD})+")
_GROUP = {
    "signer": "signer",
    "issued": "issued",
    "date": "date",
    "deadline": "date",
    "duration": "count",
    "number": "count",
    "place": "place",
    "who": "who",
    "person": "who",
    "code": "code",
    "document": "code",
    "issuer": "who",
    "recipients": "recipients",
}
# What shows that an answer states a value of each group, for a question that asks for more than one
_GROUP_VALUE = {
    "date": "date",
    "issued": "date",
    "count": "number",
    "place": "place",
    "who": "who",
    "signer": "person",
    "code": "code",
}
# A value group that another asked in the same question already holds: who signed is a person, when it
# was issued a date, whom it was sent to bodies and places
_HOLDS = {"signer": {"who"}, "issued": {"date"}, "recipients": {"who", "place"}}


def asked_values(question: str) -> tuple[str, ...]:
    """The kinds of value a question asks for, each once ("ký ngày nào và ai thay mặt Bộ Chính trị ký?"
    → issued, who; "tổ chức ở đâu và thu hút bao nhiêu lượt khách?" → place, count)."""
    plain = fold_plain(question)
    groups = list(dict.fromkeys(_GROUP[name] for name, pattern in ANSWER_TYPES if pattern.search(plain)))
    held = set().union(*(_HOLDS.get(g, set()) for g in groups))
    return tuple(g for g in groups if g not in held)


def states_values(question: str, text: str) -> bool:
    """False when the question asks for more than one value, or for a count, and the text states no value
    of one of them that the question does not itself name ("ai thay mặt Bộ Chính trị ký?" is not answered
    by "Bộ Chính trị"). Values are recognised as value_spans recognises them (a signer as a person);
    recipients are not checked."""
    asked = asked_values(question)
    if len(asked) < 2 and asked != ("count",):  # a count is a number, which no sentence states by chance
        return True
    named = fold_plain(question)

    def new(group: str) -> bool:
        spans = value_spans(_GROUP_VALUE[group], text)
        return any(fold_plain(text[a:b]).strip() not in named for a, b in spans)

    return all(g not in _GROUP_VALUE or new(g) for g in asked)


_DATE_PARTS = re.compile(r"(\d{1,2})\D{1,8}?(\d{1,2})\D{1,8}?(\d{4})")


def value_spans(
    answer_type: str | None, text: str, doc=None, pairs: Mapping[str, int] | None = None
) -> list[tuple[int, int]]:
    """Where in a text the values of the asked type are ("ai ký" → the signer's name).

    `doc` (a Document) gives the values that are its own: its signer, issuer and code. `pairs` (the
    corpus's counts of syllable pairs, "chính trị" → n) tell a name's last lower-case syllable from the
    first of the word after it ("Bộ Chính trị", but "Đơn Dương | xây dựng").
    """
    if answer_type == "signer":
        signer = doc.signer if doc is not None else None
        return [(m.start(), m.end()) for m in re.finditer(re.escape(signer), text)] if signer else []
    if answer_type == "issuer":
        return issuer_spans(text, doc.issuer if doc is not None else None)
    if answer_type == "code" and doc is not None and doc.code:
        return [(m.start(), m.end()) for m in code_pattern(doc.code).finditer(text)]
    if answer_type == "who":  # whole names, each ended where its word ends (_name_end)
        return [_name_end(text, m.start(), m.end(), pairs) for m in _WHOLE_NAME.finditer(text)]
    pattern = VALUES.get(answer_type or "")
    return [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []


def cited_codes(text: str, own_code: str | None, letters: str | None) -> list[tuple[int, int]]:
    """Where a text gives the code of another document than its own, of the type letters asked for
    ("thực hiện HD nào" → 111-HD/BTGTW, not 57-KL/TW beside it), or of any type."""
    own = code_pattern(own_code) if own_code else None
    out = []
    for m in VALUES["code"].finditer(text):
        if own is not None and own.fullmatch(m.group().strip()):
            continue
        found = re.search(r"[-/]\s*([A-ZĐ]+)", m.group())
        if letters is None or (found and found.group(1) == letters):
            out.append((m.start(), m.end()))
    return out


_LAST_TWO = re.compile(r"(\w+)\s+(\w+)$")
_NEXT = re.compile(r"\s+(\w+)")


def _name_end(text: str, start: int, end: int, pairs: Mapping[str, int] | None) -> tuple[int, int]:
    """A name's span without a last lower-case syllable that is a function word ("Việt Nam tại") or
    that makes a word with the syllable after it more often than with the one before ("Dương xây dựng")."""
    last = _LAST_TWO.search(text, start, end)
    if last is None or not last.group(2).islower():
        return start, end
    before, word = last.group(1).lower(), last.group(2)
    after = _NEXT.match(text, end)
    if (
        pairs is not None
        and after is not None
        and pairs.get(f"{word} {after.group(1).lower()}", 0) > pairs.get(f"{before} {word}", 0)
    ):
        return start, last.start(2) - 1 if text[last.start(2) - 1].isspace() else last.start(2)
    return start, end


def iso_dates(text: str) -> set[str]:
    """Dates in a text as yyyy-mm-dd ("ngày 15 tháng 6 năm 2023", "15/6/2023")."""
    out = set()
    for m in VALUES["date"].finditer(text):
        parts = _DATE_PARTS.search(m.group())
        if parts:
            out.add(f"{int(parts[3]):04d}-{int(parts[2]):02d}-{int(parts[1]):02d}")
    return out


_CODE_BEFORE_DATE = re.compile(r"(\d+)\s*[-/]\s*([A-ZĐ]{1,5})[\w/&-]*,?\s+(?:ngày\s+)?\d{1,2}(?:/|\s+tháng)")


_CODE_BY = re.compile(rf"(\d+)\s*[-/]\s*([A-ZĐ]{{1,5}})[\w/&-]*(?:,?\s+ngày\s+[\d/]+)?\s+của\s+{_CAPITAL}")


def _issued_by(text: str) -> set[tuple[str, str]]:
    """Documents a text cites together with the body that issued them ("… 1192-CV/BTGTU ngày … của Ban …")."""
    return {(m.group(1), m.group(2).upper()) for m in _CODE_BY.finditer(text)}


def dated_refs(text: str) -> set[tuple[str, str]]:
    """Documents whose date follows their code in a text ("Công văn số 1192-CV/BTGTU ngày 16/10/2023")."""
    return {(m.group(1), m.group(2).upper()) for m in _CODE_BEFORE_DATE.finditer(text)}


# --- the signals ----------------------------------------------------------------------------------

FEATURES: tuple[str, ...] = (
    "dense",  # question–unit cosine minus the best among the candidates
    "lex",  # share of the question's IDF weight in what the unit shows (heading and leads)
    "lex_all",  # … in all of the unit's text
    "heading",  # … in the headings above the unit and its own heading
    "names_heading",  # share of the unit's own heading words that the question uses
    "names_heading_block",  # … for a block (a section the question names by its heading)
    "named_within",  # a block holding a section whose heading the question names more fully (compete)
    "numbered",  # the unit is the section the question names by number ("mục III.2")
    "focus",  # share of the words the question asks for ("thứ tiếng nào") that the unit states
    "focus_heading",  # … that a block's own heading holds ("những hạn chế gì" → "2. Tồn tại, hạn chế")
    "quoted",  # the unit's heading is a phrase the question quotes ("Phần “Quan điểm” …")
    "retrieval",  # the best overlapping passage's search score, relative to the top hit
    "rank",  # 1 / that passage's rank
    "typed",  # the question asks for a value (a date, a person, a place …)
    "lex_typed",  # lex, for a question that asks for a value
    "dense_typed",  # dense, for a question that asks for a value
    "value",  # … and the unit states a value of that type
    "value_counted",  # … a count of what the question counts ("bao nhiêu đại biểu" → "150 đại biểu")
    "value_signer",
    "value_issued",
    "value_date",
    "value_count",
    "value_place",
    "value_who",
    "value_code",
    "value_recipients",
    "subject",  # the question is about a stored document, and the unit is in it
    "not_subject",  # … and the unit is in another document
    "doc_title",  # the unit is the document's own title or subject line
    "identity",  # share of the question's words that name the unit's document (type, title, issuer, place)
    "cites",  # the unit cites a document the question names
    "doc_type",  # the unit's document is of the type the question names ("kế hoạch …")
    "other_date",  # the unit's date belongs to another document it cites, not to the one asked about
    "block",
    "block_list",  # a block of items (or a titled section of paragraphs), for a question that wants a list
    "block_section",  # a block, for a question about what a section says
    "outline",  # the numbered headings under a section or of a document (units.outline)
    "outline_wanted",  # … for a question that asks what parts there are
    "outline_whole",  # … of a whole document, not of one of its sections
    "sentence_typed",  # a sentence, for a question that asks for a value
    "children",
    "parts",  # log of the number of parts a block shows
    "titled",
    "heading_line",  # a sentence that is only a heading ("Tồn tại, hạn chế")
    "length",  # log of the characters the unit shows
    "closing",  # in the recipients-and-signature block
    "opening",  # in the document's header passage
    "margin",  # the question's distance from everyday topics (same for all its candidates)
    "english",
)


@dataclass(frozen=True)
class Signals:
    """What the caller measured about one unit: its texts, its similarity, its document."""

    shown: frozenset[str]  # terms of its heading and leads, as the answer shows them
    text: str  # what an answer built on it states: heading, leads and quotes
    stated: frozenset[str]  # the terms of that text
    headings: str  # the headings above it and its own
    displayed: str  # the heading and leads as the answer shows them
    own_heading: str
    dense: float  # cosine minus the best among the candidates
    doc_id: str
    doc_type_letters: str | None
    doc_code: str | None
    doc_date: str | None
    doc_signer: str | None
    doc_issuer: str | None
    doc_title: str  # the document's title and subject, folded plain
    opening: bool


def subject_refs(info: QuestionInfo) -> tuple[tuple[str, str], ...]:
    """The documents named by code that the question is about: those of the type it asks about."""
    return tuple(r for r in info.refs if info.subject_type is None or r[1] == info.subject_type) or info.refs


def _has_value(info: QuestionInfo, unit, s: Signals) -> bool:
    t = info.answer_type
    if t is None:
        return False
    if t == "signer":
        return bool(s.doc_signer) and s.doc_signer in s.text and unit.closing
    if t == "issued":
        if info.cited_only:
            return bool(dated_refs(s.text) & set(subject_refs(info)))
        return bool(s.doc_date) and s.doc_date in iso_dates(s.text)
    if t == "recipients":
        return unit.kind == "block" and (unit.closing or unit.heading == "Kính gửi")
    if t == "code":
        return bool(s.doc_code) and code_pattern(s.doc_code).search(s.text) is not None
    if t == "document":  # another document's code, of the type asked for when the question says
        return bool(cited_codes(s.text, s.doc_code, info.asked_letters))
    if t == "issuer":
        if info.cited_only:  # "… 1192-CV/BTGTU ngày … của Ban Tuyên giáo …"
            return any(ref in subject_refs(info) for ref in _issued_by(s.text))
        return (s.opening or unit.closing) and bool(issuer_spans(s.text, s.doc_issuer))
    if t == "person" and unit.closing:  # the signer's name answers "ai ký", not who holds a post
        return False
    return bool(value_spans(t, s.text))


def code_pattern(code: str) -> re.Pattern:
    """A document code as texts write it, spaces allowed around "-" and "/" ("57 - KL/TW")."""
    parts = re.split(r"\s*([-/])\s*", code.strip())
    return re.compile(r"\s*".join(re.escape(p) for p in parts))


def issuer_spans(text: str, issuer: str | None) -> list[tuple[int, int]]:
    """Where the issuing body is named, in any case ("BAN TUYÊN GIÁO" for "Ban Tuyên giáo Thành ủy Bắc Ninh")."""
    if not issuer:
        return []
    words = issuer.split()
    for n in range(len(words), 1, -1):
        found = [(m.start(), m.end()) for m in re.finditer(re.escape(" ".join(words[:n])), text, re.IGNORECASE)]
        if found:
            return found
    return []


def features(
    info: QuestionInfo, unit, s: Signals, heading_words: list[str], function_words: frozenset[str] = frozenset()
) -> list[float]:
    """The FEATURES of one candidate unit, in order, given its own_heading_words; function_words do not
    count in headings."""
    group = _GROUP.get(info.answer_type or "")
    has_value = _has_value(info, unit, s)
    shown, text, headings = s.shown, s.stated, terms(s.headings, info.plain)
    named_heading = _named_share(s.own_heading, heading_words, info, function_words)
    subject = bool(info.subject_docs) and s.doc_id in info.subject_docs
    cites = bool(info.refs) and bool(set(document_refs(s.text)) & set(info.refs))
    other_date = info.answer_type in ("issued", "date") and bool(dated_refs(s.text) - set(info.refs))
    block = unit.kind == "block"
    heading_line = unit.kind == "sentence" and _heading_like(s.displayed)
    values = {
        g: float(has_value and group == g)
        for g in ("signer", "issued", "date", "count", "place", "who", "code", "recipients")
    }
    row = {
        "dense": s.dense,
        "lex": share(info.words, shown),
        "lex_all": share(info.words, text),
        "heading": share(info.words, headings),
        "names_heading": named_heading,
        "names_heading_block": named_heading * block,
        "named_within": 0.0,  # set by compete()
        "numbered": float(bool(unit.number) and unit.number in info.numbers),
        "focus": sum(w in text for w in info.focus) / len(info.focus) if info.focus else 0.0,
        "focus_heading": sum(w in heading_words for w in info.focus) / len(info.focus) if info.focus and block else 0.0,
        "quoted": float(bool(info.quoted) and block and _bare(s.own_heading) in info.quoted),
        "retrieval": unit.score,
        "rank": 1.0 / unit.rank if unit.rank else 0.0,
        "typed": float(info.answer_type is not None),
        "lex_typed": share(info.words, shown) * (info.answer_type is not None),
        "dense_typed": s.dense * (info.answer_type is not None),
        "value": float(has_value),
        "value_counted": float(bool(info.counted) and counts_of(s.text, info.counted, info.plain)),
        **{f"value_{g}": v for g, v in values.items()},
        "subject": float(subject),
        "not_subject": float(bool(info.subject_docs) and not subject),
        "doc_title": float(unit.kind == "sentence" and bool(s.doc_title) and _bare(s.displayed) in s.doc_title),
        "identity": (info.identity or {}).get(s.doc_id, 0.0),
        "cites": float(cites),
        "doc_type": float(bool(info.subject_type) and info.subject_type == s.doc_type_letters),
        "other_date": float(other_date),
        "block": float(block),
        "block_list": float(block and (unit.children or unit.titled and len(unit.parts) > 1) and info.wants_list),
        "block_section": float(block and info.wants_section),
        "outline": float(unit.outline),
        "outline_wanted": float(unit.outline and info.wants_parts),
        "outline_whole": float(unit.outline and info.wants_parts and not unit.heading),
        "sentence_typed": float(not block and info.answer_type is not None),
        "children": float(unit.children),
        "parts": math.log(len(unit.parts)) if block else 0.0,
        "titled": float(unit.titled),
        "heading_line": float(heading_line),
        "length": math.log1p(len(s.displayed) / 100),
        "closing": float(unit.closing),
        "opening": float(s.opening),
        "margin": info.margin,
        "english": float(info.english),
    }
    return [row[name] for name in FEATURES]


def own_heading_words(info: QuestionInfo, unit, s: Signals, function_words: frozenset[str]) -> list[str]:
    """The content syllables of a titled unit's own heading; none for a question that names its section
    by number ("Nội dung mục 2 …") and another unit: its "nội dung" asks for content, not "1. Nội dung"."""
    if not unit.titled or (info.numbers and unit.number not in info.numbers):
        return []
    return [w for w in heading_terms(s.own_heading, info.plain) if w not in function_words]


def compete(info: QuestionInfo, units: list, heading_words: list[list[str]], rows: np.ndarray) -> None:
    """The features that weigh a unit against the others of its document, set in rows in place.

    A question for the parts of a document asks for its outline unless it names one of its sections
    ("Báo cáo … trình bày kết quả thực hiện theo những mặt công tác nào?" → the parts of "II. KẾT QUẢ
    TRIỂN KHAI THỰC HIỆN …"): outline_whole falls by the share of the best-named heading. A section is
    less what is asked than a section inside it whose heading the question names more fully
    ("Mục tiêu của Kết luận 57 …" → "2. Mục tiêu", not "I- QUAN ĐIỂM, MỤC TIÊU")."""
    whole, within = FEATURES.index("outline_whole"), FEATURES.index("named_within")
    shares = {
        i: heading_share(words, info)
        for i, (unit, words) in enumerate(zip(units, heading_words))
        if unit.kind == "block" and words
    }
    # a heading the question names whole by what it writes alone is named more fully, too: "mục đích" names
    # "1. Mục đích" more fully than "I. MỤC ĐÍCH, YÊU CẦU", though the search adds "yêu cầu" for it
    written = replace(info, words={t: w for t, w in info.words.items() if t in info.own}, said=info.own)
    own_shares = {i: heading_share(heading_words[i], written) for i in shares} if info.own else shares
    best: dict[str, float] = {}
    for i, share in shares.items():
        best[units[i].doc_id] = max(best.get(units[i].doc_id, 0.0), share)
    for i, unit in enumerate(units):
        if rows[i][whole]:
            rows[i][whole] = 1.0 - best.get(unit.doc_id, 0.0)
        if unit.kind == "sentence" and info.answer_type is None:
            # a sentence of a section the question names by all its heading is less what is asked than that
            # section ("Mục tiêu của Kết luận 57 là gì?" → "2. Mục tiêu", not its sentence "… các mục tiêu …")
            if any(
                share == 1.0 == best.get(unit.doc_id)
                and units[j].doc_id == unit.doc_id
                and units[j].start <= unit.start
                and unit.end <= units[j].end
                for j, share in shares.items()
            ):
                rows[i][within] = 1.0
            continue
        if unit.kind != "block":
            continue
        if any(
            (shares[j] > shares.get(i, 0.0) or own_shares[j] == 1.0 > own_shares.get(i, 0.0)) and inside(units[j], unit)
            for j in shares
        ):
            rows[i][within] = 1.0


def inside(inner, outer) -> bool:
    """A unit within another of the same document, and not the same span."""
    return (
        inner.doc_id == outer.doc_id
        and outer.start <= inner.start
        and inner.end <= outer.end
        and (inner.start, inner.end) != (outer.start, outer.end)
    )


def _heading_like(line: str) -> bool:
    text = line.strip("* :")
    return len(text) <= 60 and not text.endswith((".", ";", "…")) and len(text.split()) <= 10


def heading_terms(heading: str, plain: bool = False) -> list[str]:
    """Content syllables of a heading, without its number or the documents it names ("III. THÀNH PHẦN" →
    ["thành", "phần"]; "II. KẾT QUẢ THỰC HIỆN KẾT LUẬN 16-KL/TW" → ["kết", "quả", "thực", "hiện"])."""
    bare = without_refs(re.sub(r"^\W*(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\W", " ", heading).strip())
    words = plain_tokens(bare) if plain else tokens(bare)
    return [w for w in words if len(w) > 1 and not w.isdigit()]


def _named_share(heading: str, heading_words: list[str], info: QuestionInfo, function_words: frozenset[str]) -> float:
    """Share of a heading's words the question uses; of the best of its parts, when it joins several
    ("Tồn tại, hạn chế" is named by "những hạn chế", "Mục đích, yêu cầu" by "mục đích")."""
    if not heading_words:
        return 0.0
    pieces = re.split(r"[,;]", heading)
    parts = [heading_words, *(heading_terms(p, info.plain) for p in pieces)] if len(pieces) > 1 else [heading_words]
    best = 0.0
    for part in parts:
        words = [w for w in part if w not in function_words]
        if words:
            best = max(best, heading_share(words, info))
    return best


def heading_share(words: list[str], info: QuestionInfo) -> float:
    """Share of a heading's (non-empty) words that the question names (named_terms)."""
    used = named_terms(words, info)
    return sum(w in used for w in words) / len(words)


def named_terms(heading_words: list[str], info: QuestionInfo) -> set[str]:
    """The heading's syllables a question uses. Once most of them are among the words it asks about (two,
    or half), so are those it also uses to name its document ("công tác" of "Báo cáo … tổng kết công tác
    …" in "Báo cáo … nói gì về công tác lãnh đạo, chỉ đạo?", "ngoại" of "Hướng dẫn … thông tin đối ngoại"
    in "… Sở Ngoại vụ có nhiệm vụ gì?"; not "Ban Tuyên giáo Tỉnh ủy" for "BTGTU … cấp tỉnh")."""
    out = {w for w in heading_words if w in info.words}
    # a pair the question asks about names both its syllables, though one of them also names the document
    # ("kết quả" of "II. KẾT QUẢ TRIỂN KHAI …" asked of a "Báo cáo tổng kết …")
    out |= {w for a, b in zip(heading_words, heading_words[1:]) if f"{a}_{b}" in info.words for w in (a, b)}
    direct = len([w for w in heading_words if w in out])
    if direct >= 2 or 2 * direct >= len(heading_words):
        out |= {w for w in heading_words if w in info.said}
    return out


def joined(texts: Iterable[str]) -> str:
    return "\n".join(t for t in texts if t)
