"""Shared fixtures: the real bundled embedder, the real corpus, files written by the tests."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


class CountingEmbedder:
    """Wraps a real embedder and records which passages it was asked to embed."""

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.passages: list[str] = []

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        self.passages.extend(texts)
        return self.inner.embed_passages(texts)


@pytest.fixture(scope="session")
def e5():
    from index.embedders import make_embedder

    return make_embedder("e5-small-q4")


@pytest.fixture
def counting(e5):
    return CountingEmbedder(e5)


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory, e5) -> Path:
    """The real corpus ingested once with the default embedder."""
    from index.build import ingest_corpus

    store = tmp_path_factory.mktemp("corpus-store")
    report = ingest_corpus(CORPUS, store, e5)
    assert not report.errors, report.errors
    return store


@pytest.fixture(scope="session")
def corpus_searcher(corpus_store, e5):
    from index.search import Searcher
    from index.store import load_store

    return Searcher(load_store(corpus_store), e5)


def write_small_corpus(folder: Path) -> Path:
    """Three short Vietnamese documents on different subjects."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(
        "KẾ HOẠCH\nTuyên truyền biển đảo năm 2024\n"
        "I. MỤC ĐÍCH\nNâng cao nhận thức về chủ quyền biển, đảo Việt Nam.\n"
        "II. NHIỆM VỤ\n1. Tổ chức trưng bày sách về biển đảo tại thư viện.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "BÁO CÁO\nKết quả đào tạo ngoại ngữ cho cán bộ\nI. KẾT QUẢ\nMở ba lớp tiếng Anh cho công chức cấp huyện.\n",
        encoding="utf-8",
    )
    (folder / "c.txt").write_text(
        "HƯỚNG DẪN\nPhát ngôn và cung cấp thông tin cho báo chí\n"
        "I. YÊU CẦU\nNgười phát ngôn cung cấp thông tin kịp thời, chính xác.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    return write_small_corpus(tmp_path / "corpus")


def unicode_font() -> str:
    """A TrueType font with Vietnamese glyphs: DejaVu Sans, which matplotlib ships."""
    import matplotlib

    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")


def unit_rows(n: int, dim: int, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)
