"""How much one file may hold, so that one file cannot hold the server for hours.

A 2-core machine embeds about 10 texts a second with the bundled model: 3,000 passages and their
sentence pieces take about 20 minutes. Operators with more room raise the limits by environment.
"""

from __future__ import annotations

import os

MAX_CHARS_ENV = "VANBAN_MAX_CHARS"
MAX_PASSAGES_ENV = "VANBAN_MAX_PASSAGES"
DEFAULT_MAX_CHARS = 2_000_000  # about 700 pages of text
DEFAULT_MAX_PASSAGES = 3_000


def _read(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip().replace("_", "")
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise ValueError(f"{name}={os.environ[name]!r} is not a whole number") from exc


def max_chars() -> int:
    """Characters one file may hold ($VANBAN_MAX_CHARS)."""
    return _read(MAX_CHARS_ENV, DEFAULT_MAX_CHARS)


def max_passages() -> int:
    """Passages one document may make ($VANBAN_MAX_PASSAGES)."""
    return _read(MAX_PASSAGES_ENV, DEFAULT_MAX_PASSAGES)
