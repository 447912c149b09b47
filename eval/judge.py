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
