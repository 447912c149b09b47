"""Ingest a corpus folder into the store, re-embedding only what changed."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.embedders import Embedder
from index.store import Store, StoreError, StoreNotFound, corpus_fingerprint, load_store, locked, write_build
from ingest import ocr
from ingest.chunk import CHUNKER_VERSION, split_pieces
from ingest.pipeline import FileError, discover, file_sha256, process_file, relative_source
from ingest.readers import ReadError
from vanban.records import Chunk, Document

log = logging.getLogger(__name__)


def _pipeline_version() -> str:
    """Changes whenever code that shapes stored chunks or indexes changes, so a stale store is rebuilt."""
    root = Path(__file__).resolve().parent.parent
    sources = (
        sorted((root / "ingest").rglob("*.py"))
        + [root / "index" / name for name in ("bm25.py", "dense.py", "store.py")]
        + [root / "vanban" / name for name in ("text.py", "lexicon.py", "records.py")]
    )
    h = hashlib.sha256()
    for path in sources:
        h.update(path.read_bytes())
    return f"{CHUNKER_VERSION}+{h.hexdigest()[:12]}"


PIPELINE_VERSION = _pipeline_version()
EMBED_BATCH = 16

# progress(stage, done, total): stage is "read", "ocr" (pages of a scanned file) or "embed".
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """What an ingest did."""

    files: int = 0
    files_reused: int = 0
    files_processed: int = 0
    files_removed: int = 0
    chunks: int = 0
    chunks_embedded: int = 0
    pieces_embedded: int = 0
    errors: list[FileError] = field(default_factory=list)
    changed: bool = False
    seconds: float = 0.0
    store: str = ""


class NothingToIndex(StoreError):
    """No file of the corpus gave any text; the store is left as it was."""

    def __init__(self, report: IngestReport, corpus_root: Path) -> None:
        super().__init__(f"no text could be ingested from {corpus_root}; the store was left as it was")
        self.report = report


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _previous(store_root: Path, embedder: Embedder, rebuild: bool) -> Store | None:
    if rebuild:
        return None
    try:
        store = load_store(store_root)
    except StoreNotFound:
        return None
    except StoreError as exc:
        log.warning("previous store not reused: %s", exc)
        return None
    if store.embedder_name != embedder.name:
        log.info("embedder changed from %s to %s: re-embedding everything", store.embedder_name, embedder.name)
        return None
    return store


def ingest_corpus(
    corpus_root: Path,
    store_root: Path,
    embedder: Embedder,
    progress: Progress | None = None,
    rebuild: bool = False,
) -> IngestReport:
    """Bring the store in line with the corpus folder; unchanged files are not re-read or re-embedded."""
    started = time.perf_counter()
    corpus_root, store_root = Path(corpus_root), Path(store_root)
    report = IngestReport(store=str(store_root))
    notify = progress or (lambda stage, done, total: None)
    with locked(store_root):
        prev = _previous(store_root, embedder, rebuild)
        same_pipeline = prev is not None and prev.manifest.get("pipeline_version") == PIPELINE_VERSION
        prev_docs: dict[str, list[Document]] = {}
        prev_chunks: dict[str, list[Chunk]] = {}
        cache: dict[str, np.ndarray] = {}
        if prev is not None:
            for d in prev.documents:
                prev_docs.setdefault(d.source, []).append(d)
            for i, c in enumerate(prev.chunks):
                prev_chunks.setdefault(c.source, []).append(c)
                cache[_key(c.embed_text())] = prev.vectors[i]
            for (ci, start, end), vector in zip(prev.pieces, prev.piece_vectors):
                cache[_key(prev.chunks[ci].piece_text(start, end))] = vector

        paths = discover(corpus_root)
        documents: list[Document] = []
        chunks: list[Chunk] = []
        hashes: dict[str, str] = {}

        def keep_indexed(source: str, old: list[Document]) -> None:
            documents.extend(old)
            chunks.extend(prev_chunks.get(source, []))
            hashes[source] = old[0].sha256

        for n, path in enumerate(paths, start=1):
            notify("read", n, len(paths))
            source = path.relative_to(corpus_root).as_posix() if corpus_root.is_dir() else path.name
            try:
                source = relative_source(path, corpus_root)
            except (ValueError, OSError):  # a link that leads out of the corpus folder, or a broken one
                report.errors.append(FileError(source, "a link to a file outside the corpus folder; skipped"))
                continue
            try:
                sha = file_sha256(path)
            except OSError as exc:
                report.errors.append(FileError(source, f"cannot be read ({exc.strerror or exc})"))
                continue
            old = prev_docs.get(source)
            if same_pipeline and old and all(d.sha256 == sha for d in old):
                keep_indexed(source, old)
                report.files_reused += 1
                continue
            try:
                token = ocr.PROGRESS.set(lambda done, total: notify("ocr", done, total))
                try:
                    docs, doc_chunks = process_file(path, source, sha)
                finally:
                    ocr.PROGRESS.reset(token)
            except Exception as exc:  # a reader failing on odd input must not stop the other files
                if isinstance(exc, ReadError):
                    reason = exc.reason
                else:
                    log.debug("reader failed on %s", path, exc_info=True)
                    reason = f"could not be read ({type(exc).__name__}: {exc})"
                report.errors.append(FileError(source, reason))
                if old:  # keep the version already indexed rather than lose it
                    keep_indexed(source, old)
                continue
            documents.extend(docs)
            chunks.extend(doc_chunks)
            hashes[source] = sha
            report.files_processed += 1

        report.files = len(hashes)
        report.files_removed = len(set(prev_docs) - set(hashes))
        report.chunks = len(chunks)
        fingerprint = corpus_fingerprint(hashes)
        if (
            prev is not None
            and same_pipeline
            and prev.manifest.get("corpus_fingerprint") == fingerprint
            and not report.files_processed
        ):
            report.seconds = time.perf_counter() - started
            return report

        if not chunks:
            raise NothingToIndex(report, corpus_root)
        pieces = [(i, a, b) for i, c in enumerate(chunks) for a, b in split_pieces(c.text)]
        texts = [c.embed_text() for c in chunks] + [chunks[i].piece_text(a, b) for i, a, b in pieces]
        all_vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
        todo = []
        for i, text in enumerate(texts):
            hit = cache.get(_key(text))
            if hit is not None:
                all_vectors[i] = hit
            else:
                todo.append(i)
        for start in range(0, len(todo), EMBED_BATCH):
            notify("embed", start, len(todo))
            batch = todo[start : start + EMBED_BATCH]
            all_vectors[batch] = embedder.embed_passages([texts[i] for i in batch])
        notify("embed", len(todo), len(todo))
        report.chunks_embedded = sum(1 for i in todo if i < len(chunks))
        report.pieces_embedded = len(todo) - report.chunks_embedded

        write_build(
            store_root,
            documents,
            chunks,
            all_vectors[: len(chunks)],
            np.asarray(pieces, dtype=np.int32).reshape(-1, 3),
            all_vectors[len(chunks) :],
            embedder={"name": embedder.name, "dim": embedder.dim}
            | ({"note": embedder.manifest_note} if getattr(embedder, "manifest_note", None) else {}),
            pipeline_version=PIPELINE_VERSION,
            fingerprint=fingerprint,
            corpus_root=str(corpus_root.resolve()),
        )
        report.changed = True
    report.seconds = time.perf_counter() - started
    return report
