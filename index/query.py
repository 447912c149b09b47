"""What a query asks for, before searching: its language, its words for each channel, the documents it names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.restore import DiacriticRestorer
from vanban.lexicon import document_refs, looks_english, official_terms, spell_out, translate_terms
from vanban.text import fold_plain, has_diacritics, strip_diacritics


@dataclass(frozen=True)
class Understanding:
    """Which query-understanding steps run; each can be switched off to measure it."""

    restore_diacritics: bool = True  # "nhiem vu" → "nhiệm vụ" for the dense channel
    translate: bool = True  # English domain terms → Vietnamese for BM25
    document_boost: bool = True  # passages of a document the query names ("KL 57") come first
    intents: bool = True  # "ai ký?" looks in the signature block, "ban hành ngày nào?" in the header
    official_terms: bool = True  # "ai được mời dự" also searches "thành phần tham dự"
    spell_out: bool = True  # "KH TTĐN giao BĐBP" is embedded as "Kế hoạch thông tin đối ngoại giao Bộ đội Biên phòng"


@dataclass(frozen=True)
class QueryPlan:
    text: str
    lang: str  # "vi", "vi-plain" (Vietnamese typed without marks) or "en"
    dense_text: str
    lexical_text: str
    refs: tuple[tuple[str, str], ...] = field(default=())
    plain_lexical: bool = False  # search the diacritic-free BM25 channel
    intent: str | None = None  # "signer" or "issued", when the question asks for one
    restored: str = ""  # the query with its diacritics restored when typed without, else the query


# A title quoted in a question is in the document's language, whatever the question's is:
# "What does the report “Tổng kết 10 năm …” say about its shortcomings?" is English.
_QUOTED = re.compile(r"[“\"«][^”\"»]*[”\"»]")
# So is a document's code: "Who signed Decision 1873/QĐ-UBND?" is English.
_CODE = re.compile(r"\S*\d\S*[/-]\S*")


def detect_language(query: str) -> str:
    """'vi' with diacritics, 'en' when it reads as English, else 'vi-plain' (quoted titles and codes aside)."""
    frame = _CODE.sub(" ", _QUOTED.sub(" ", query))
    if not frame.strip():
        frame = query
    if has_diacritics(frame):
        return "vi"
    return "en" if looks_english(frame) else "vi-plain"


def plan(query: str, restorer: DiacriticRestorer | None, u: Understanding) -> QueryPlan:
    """The texts each channel should search for this query."""
    lang = detect_language(query)
    dense = query
    if lang == "vi-plain" and u.restore_diacritics and restorer is not None:
        dense = restorer.restore(query)
    restored = dense
    if lang != "en" and u.spell_out:  # the embedder never learnt the abbreviations of Party documents
        dense = spell_out(dense)
    lexical = query
    # Abbreviations need no query-side step: passages are indexed with both forms (index/bm25.py).
    extra = official_terms(query) if u.official_terms and lang != "en" else []
    if lang == "en" and u.translate:
        extra += translate_terms(query)
    if extra:
        joined = " ; ".join(extra)
        # Lexical search on an unaccented query reads the plain channel; keep the additions plain too.
        lexical = f"{query} ; {strip_diacritics(joined) if lang == 'vi-plain' else joined}"
        if lang != "en":
            dense = f"{dense} ({joined})"
    refs = tuple(document_refs(query)) if u.document_boost else ()
    intent = question_intent(query) if u.intents else None
    return QueryPlan(query, lang, dense, lexical, refs, plain_lexical=lang != "vi", intent=intent, restored=restored)


# Questions about who signed or when a document was issued are answered by its closing or
# opening block, whatever words the rest of the question uses.
_SIGNER = re.compile(r"\b(ai ky|nguoi ky|ky boi|who signed|signed by|signer|signatory)\b")
_ISSUED = re.compile(
    r"\b(ban hanh (ngay|khi) nao|ngay (nao|bao nhieu)|ngay ban hanh|ky ngay|when was .* (issued|signed|adopted)"
    r"|date of (issue|issuance))\b"
)


def question_intent(query: str) -> str | None:
    """'signer' for "Ai ký ...?", 'issued' for "... ban hành ngày nào?", else None."""
    plain = fold_plain(query)
    if _SIGNER.search(plain):
        return "signer"
    if _ISSUED.search(plain):
        return "issued"
    return None


def names_document(ref: tuple[str, str], code: str | None, title: str) -> bool:
    """True when a document has the code a reference names, or its title cites that code."""
    number, letters = ref
    year = r"(?:(?:19|20)\d{2}\s*/\s*)?"  # "72/2015/NĐ-CP"
    pattern = rf"{number}\s*-\s*{letters}\s*/|{number}\s*/\s*{year}{letters}\s*-"
    if code and re.match(pattern, code, flags=re.IGNORECASE):
        return True
    plain, letters_plain = strip_diacritics(title).lower(), strip_diacritics(letters).lower()
    return bool(re.search(rf"\b{number}\s*-\s*{letters_plain}\s*/|\b{number}\s*/\s*{year}{letters_plain}\s*-", plain))
