"""Which passages answer a question: the ones that hold one of its gold spans.

Texts are compared after folding whitespace and Unicode (NFC, dashes, quotes, tone placement).
A passage holds a span when the span is inside it, or when a chunk boundary cut the span and
the passage holds at least half of it: its end is the span's beginning, or its start is the
span's end, over at least ceil(len(span) / 2) characters.
"""

from __future__ import annotations

import math
import re

from eval.queries import GoldSpan
from vanban.text import clean_chars, fold_tone_placement

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Text for span matching: Unicode-cleaned, tone placement folded, whitespace collapsed."""
    return _SPACE.sub(" ", fold_tone_placement(clean_chars(text))).strip()


def holds(passage: str, span: str) -> bool:
    """True when the folded passage holds the folded span, whole or at least half across a cut."""
    passage, span = fold(passage), fold(span)
    if not span:
        return False
    if span in passage:
        return True
    half = math.ceil(len(span) / 2)
    for size in range(len(span) - 1, half - 1, -1):
        if passage.endswith(span[:size]) or passage.startswith(span[-size:]):
            return True
    return False


def source_matches(passage_source: str, gold_source: str | None) -> bool:
    """A gold span without a source matches any file; with one, the same corpus-relative path."""
    if gold_source is None:
        return True
    a, b = passage_source.strip("/"), gold_source.strip("/")
    return a == b or a.endswith("/" + b)


def is_relevant(passage: str, source: str, gold: tuple[GoldSpan, ...]) -> bool:
    """True when the passage holds any of the gold spans (from the right source)."""
    return any(source_matches(source, g.source) and holds(passage, g.span) for g in gold)


# --- what an answer states ------------------------------------------------------------------

# Dates are compared in one form: "ngày 15 tháng 6 năm 2023", "ngày 15/06/2023" and "2023-06-15"
# all read "15/6/2023"; "tháng 9 năm 2023" reads "tháng 9/2023".
_DATE_WORDS = re.compile(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_DATE_SLASH = re.compile(r"(?:ngày\s+)?(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?!\d)")
_DATE_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_MARKUP = re.compile(r"\*\*|\\(?=[\\`*_\[\]<>#|.)])")


def _dates(text: str) -> str:
    text = _DATE_WORDS.sub(lambda m: f"{int(m[1])}/{int(m[2])}/{m[3]}", text)
    text = _DATE_ISO.sub(lambda m: f"{int(m[3])}/{int(m[2])}/{m[1]}", text)
    text = _DATE_SLASH.sub(lambda m: f"{int(m[1])}/{int(m[2])}/{m[3]}", text)
    return _MONTH_YEAR.sub(lambda m: f"tháng {int(m[1])}/{m[2]}", text)


def fold_statement(text: str) -> str:
    """Text compared for `must` phrases: Markdown bold and escapes removed, case, tone placement,
    whitespace and date forms folded."""
    return _dates(fold(_MARKUP.sub("", text)).lower())


def states(text: str, phrase: str) -> bool:
    """True when text (an answer with its quotes) states the phrase, up to the folding above."""
    phrase, text = fold_statement(phrase), fold_statement(text)
    if not phrase:
        return False
    # whole words only: "15/11/2023" is not stated by "115/11/2023", nor "Mai" by "Maike"
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
