"""The names a search can be asked for, in a module light enough for `vanban --help` to import."""

from __future__ import annotations

MODES: tuple[str, ...] = ("hybrid", "dense", "bm25")
FUSIONS: tuple[str, ...] = ("rrf", "weighted")
