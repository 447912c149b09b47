"""vanban: semantic search over Vietnamese official guidance documents.

>>> import vanban
>>> searcher = vanban.open_searcher()          # the store built by `vanban ingest`
>>> for hit in searcher.search("nhiệm vụ của Kết luận 57", k=3):
...     print(hit.rank, hit.chunk.title, hit.chunk.section)
>>> answer = vanban.open_answerer().ask("Nhiệm vụ và giải pháp của Kết luận 57 là gì?")
>>> answer.found, [c.doc_code for c in answer.citations]
"""

from __future__ import annotations

from pathlib import Path

from vanban.records import Answer, Chunk, Citation, Document, Hit

__all__ = ["Answer", "Chunk", "Citation", "Document", "Hit", "ingest", "open_answerer", "open_searcher"]


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


def open_answerer(
    store: str | Path | None = None, embedder: str | None = None, device: str | None = None, generate: bool = True
):
    """Load a store and return an Answerer; with generate and VANBAN_LLM_BASE_URL set, a model writes answers."""
    from answer.ask import Answerer
    from answer.generate import Generator

    return Answerer(open_searcher(store, embedder, device), Generator.from_env() if generate else None)


def ingest(
    corpus: str | Path | None = None,
    store: str | Path | None = None,
    embedder: str | None = None,
    device: str | None = None,
    progress=None,
    rebuild: bool = False,
):
    """Ingest a corpus folder into a store (incremental) and return the IngestReport."""
    from answer.answerable import background_vectors
    from index.build import ingest_corpus
    from index.embedders import DEFAULT_EMBEDDER, make_embedder
    from vanban.config import corpus_path, store_path

    model = make_embedder(embedder or DEFAULT_EMBEDDER, device)
    report = ingest_corpus(corpus_path(corpus), store_path(store), model, progress=progress, rebuild=rebuild)
    background_vectors(store_path(store), model)  # what the first question would otherwise embed
    return report
