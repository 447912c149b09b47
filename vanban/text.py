"""Vietnamese text rules: Unicode and tone-mark normalization, diacritic folding, tokens.

Every rule here has a row in tests/vanban/test_text.py showing its input and output.
"""

from __future__ import annotations

import re
import unicodedata

# Characters folded before anything else. Web and PDF extraction brings all of these.
_CHAR_MAP = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u202f": " ",  # narrow no-break space
        "\u3000": " ",  # ideographic space
        "\u200b": "",  # zero-width space
        "\u200c": "",  # zero-width non-joiner
        "\u200d": "",  # zero-width joiner
        "\u2060": "",  # word joiner
        "\ufeff": "",  # byte-order mark inside text
        "\u00ad": "",  # soft hyphen
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
# Old-style placement puts the tone on the first vowel of an open "oa", "oe", "uy"
# ("hòa", "khỏe", "thủy"); new style puts it on the second ("hoà", "khoẻ", "thuỷ").
# The corpus uses both. We fold to the new style, in NFD, only where no letter follows:
# "hoạch", "hoàng" never carry the tone on "o", and "quý" has it on "y" already.
_OLD_TONE = re.compile(rf"(?:([oO])([{_TONES}])([aAeE])|([uU])([{_TONES}])([yY]))(?![^\W\d_]|[\u0300-\u036f])")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Upper- and lower-case letters of Vietnamese (and Latin) text, for regex classes: "[A-Z]" misses "Đ" and
# "Ư", and the range À-Ỹ holds both cases.
UPPER_LETTERS = "".join(sorted({c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha()}))
LOWER_LETTERS = "".join(sorted({c for c in map(chr, range(0x61, 0x1EFA)) if c.islower() and c.isalpha()}))


def clean_chars(text: str) -> str:
    """NFC-compose and fold spaces, dashes and quotes, keeping the spelling as written."""
    return unicodedata.normalize("NFC", text.translate(_CHAR_MAP))


def fold_tone_placement(text: str) -> str:
    """Move old-style tone marks to the new-style vowel: "hòa" → "hoà", "ủy" → "uỷ"."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_TONE.sub(lambda m: (m[1] + m[3] + m[2]) if m[1] else (m[4] + m[6] + m[5]), decomposed)
    return unicodedata.normalize("NFC", moved)


def normalize(text: str) -> str:
    """Text for matching: clean characters, fold tone placement, lower-case."""
    return fold_tone_placement(clean_chars(text)).lower()


def strip_diacritics(text: str) -> str:
    """Remove every Vietnamese mark: "Đối ngoại" → "Doi ngoai"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_plain(text: str) -> str:
    """Text for rule matching: normalized, without marks, single-spaced: "Kết  luận Số 57" → "ket luan so 57"."""
    return " ".join(strip_diacritics(normalize(text)).split())


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark or đ."""
    return strip_diacritics(text) != unicodedata.normalize("NFC", text)


def tokens(text: str) -> list[str]:
    """Syllable tokens for lexical matching: normalized, lower-case, letters and digits."""
    return _WORD.findall(normalize(text))


def plain_tokens(text: str) -> list[str]:
    """Syllable tokens without diacritics, for queries typed without tone marks."""
    return _WORD.findall(strip_diacritics(normalize(text)))


def with_bigrams(toks: list[str]) -> list[str]:
    """Syllables and each pair of neighbours: Vietnamese words are mostly two syllables, so
    "thông tin" + "tin đối" + "đối ngoại" rank a passage saying "thông tin đối ngoại" above one
    with the same syllables scattered. Beat word segmentation (pyvi) on the dev set (README)."""
    return toks + [f"{a}_{b}" for a, b in zip(toks, toks[1:])]
