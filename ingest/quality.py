"""Is a file's text text? Random bytes named .txt, a binary saved under a text name, or text in an
encoding nothing could read would otherwise be indexed and come up for unrelated questions.

A text passes when its words are words (Vietnamese syllables, with or without their marks, or
plain Latin words) and it has almost no replacement or control characters. The shares below are
far from what any bundled document shows (over 95% words, no replacement characters) and from
what random bytes show (under 25% words).
"""

from __future__ import annotations

import re

from ingest.legacy import word_count

MIN_WORD_SHARE = 0.5
MAX_REPLACEMENT_SHARE = 0.01
MAX_CONTROL_SHARE = 0.01
MIN_TOKENS = 30  # shorter texts are judged by their characters only
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LATIN_WORD = re.compile(r"[A-Za-z]{1,15}")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")


def text_problem(text: str) -> str | None:
    """Why a text is not Vietnamese or English prose, or None when it is."""
    chars = max(len(text), 1)
    bad = text.count("\ufffd") / chars
    if bad > MAX_REPLACEMENT_SHARE:
        return f"its bytes are not text in any encoding vanban reads ({100 * bad:.0f}% undecodable characters)"
    control = len(_CONTROL.findall(text)) / chars
    if control > MAX_CONTROL_SHARE:
        return f"it looks like binary data, not text ({100 * control:.0f}% control characters)"
    good, total = word_count(text)
    if total < MIN_TOKENS:
        return None
    # plain Latin words that spell no Vietnamese syllable ("digital", "Internet") count too
    share = good / total
    if share < MIN_WORD_SHARE:
        return f"it is not Vietnamese or English text (only {100 * share:.0f}% of its words are words)"
    return None
