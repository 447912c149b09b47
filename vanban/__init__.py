"""vanban: semantic search over Vietnamese official guidance documents.

>>> import vanban
>>> searcher = vanban.open_searcher()          # the store built by `vanban ingest`
>>> for hit in searcher.search("nhiệm vụ của Kết luận 57", k=3):
...     print(hit.rank, hit.chunk.title, hit.chunk.section)
"""

from __future__ import annotations

from pathlib import Path

from vanban.records import Chunk, Document, Hit

__all__ = ["Chunk", "Document", "Hit", "ingest", "open_searcher"]


def open_searcher(store: str | Path | None = None, embedder: str | None = None, device: str | None = None, **options):
    """Load a store and return a Searcher; embedder defaults to the one the store was built with."""
    from index.embedders import make_embedder
    from index.search import Searcher
    from index.store import load_store, mismatch
    from vanban.config import store_path

    loaded = load_store(store_path(store))
    if embedder and embedder != loaded.embedder_name:
        mismatch(loaded.embedder_name, embedder)  # refuse before loading a model
    return Searcher(loaded, make_embedder(embedder, device) if embedder else None, **options)


def ingest(
    corpus: str | Path | None = None,
    store: str | Path | None = None,
    embedder: str | None = None,
    device: str | None = None,
    progress=None,
    rebuild: bool = False,
):
    """Ingest a corpus folder into a store (incremental) and return the IngestReport."""
    from index.build import ingest_corpus
    from index.embedders import DEFAULT_EMBEDDER, make_embedder
    from vanban.config import corpus_path, store_path

    return ingest_corpus(
        corpus_path(corpus),
        store_path(store),
        make_embedder(embedder or DEFAULT_EMBEDDER, device),
        progress=progress,
        rebuild=rebuild,
    )
