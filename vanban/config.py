"""Where the corpus and the store are, from flags, environment, or the project folder."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _base() -> Path:
    # In a checkout (editable install) the bundled corpus sits beside the packages;
    # an installed copy works from the current folder instead.
    return PROJECT_ROOT if (PROJECT_ROOT / "corpus").is_dir() else Path.cwd()


def corpus_path(value: str | os.PathLike | None = None) -> Path:
    """Corpus folder: the argument, else $VANBAN_CORPUS, else ./corpus of the project."""
    return Path(value or os.environ.get("VANBAN_CORPUS") or _base() / "corpus")


def store_path(value: str | os.PathLike | None = None) -> Path:
    """Store folder: the argument, else $VANBAN_STORE, else ./store of the project."""
    return Path(value or os.environ.get("VANBAN_STORE") or _base() / "store")
