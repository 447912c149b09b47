"""The store on disk: one build folder of fixed file names, switched to atomically.

    STORE/
      CURRENT                 name of the live build (replaced atomically)
      builds/<id>/
        manifest.json         format version, embedder, counts, fingerprint, build time
        documents.jsonl       one cleaned Document a line
        chunks.jsonl          one Chunk a line, in vector order
        vectors.npy           float32 [chunks, dim], L2-normalized
        dense.faiss           FAISS IndexFlatIP over vectors.npy
        pieces.npy            int32 [pieces, 3]: chunk, start, end of each sentence group
        piece_vectors.npy     float32 [pieces, dim]
        pieces.faiss          FAISS IndexFlatIP over piece_vectors.npy
        bm25/                 bm25s indexes (with and without diacritics)

A crash while building leaves CURRENT on the previous build; nothing is pickled.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.bm25 import BM25Index
from index.dense import DenseIndex
from vanban.records import Chunk, Document

log = logging.getLogger(__name__)

FORMAT_VERSION = 2
MANIFEST = "manifest.json"
DOCUMENTS = "documents.jsonl"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.npy"
DENSE = "dense.faiss"
PIECES = "pieces.npy"
PIECE_VECTORS = "piece_vectors.npy"
PIECES_DENSE = "pieces.faiss"
BM25 = "bm25"
CURRENT = "CURRENT"
BUILDS = "builds"


class StoreError(Exception):
    """The store is missing, unreadable, or busy; the message says what to do."""


class StoreNotFound(StoreError):
    pass


class EmbedderMismatch(StoreError):
    pass


def mismatch(store_embedder: str, asked: str) -> None:
    """Refuse a search whose embedder is not the store's, saying how to rebuild."""
    raise EmbedderMismatch(
        f"store built with {store_embedder}, this search asked for {asked}; search with "
        f"--embedder {store_embedder} (or no --embedder), or rebuild the store with "
        f"`vanban ingest --embedder {asked}`"
    )


@dataclass
class Store:
    """A loaded build: records, vectors and both indexes."""

    path: Path
    manifest: dict
    documents: list[Document]
    chunks: list[Chunk]
    vectors: np.ndarray
    dense: DenseIndex
    bm25: BM25Index
    pieces: np.ndarray  # int32 [n, 3]: chunk index, start, end
    piece_vectors: np.ndarray
    piece_dense: DenseIndex

    @property
    def embedder_name(self) -> str:
        return self.manifest["embedder"]["name"]


def corpus_fingerprint(files: dict[str, str]) -> str:
    """Hash over (source, content hash) pairs: equal fingerprints, equal corpus."""
    h = hashlib.sha256()
    for source in sorted(files):
        h.update(f"{source}\0{files[source]}\n".encode())
    return h.hexdigest()


def build_path(root: Path) -> Path:
    """Folder of the live build under a store root (or root itself if it is a build)."""
    pointer = root / CURRENT
    if pointer.is_file():
        name = pointer.read_text(encoding="utf-8").strip()
        return root / BUILDS / name
    if (root / MANIFEST).is_file():
        return root
    raise StoreNotFound(f"no store at {root}; build one with `vanban ingest` (or set --store / VANBAN_STORE)")


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_store(root: Path) -> Store:
    """Load the live build, refusing a format or layout this version cannot read."""
    path = build_path(Path(root))
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError(
            f"{path / MANIFEST}: unreadable manifest ({exc}); rebuild with `vanban ingest --rebuild`"
        ) from exc
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise StoreError(
            f"{path}: store format {version} but this vanban reads format {FORMAT_VERSION}; "
            "rebuild with `vanban ingest --rebuild`"
        )
    try:
        documents = [Document.from_json(d) for d in _read_jsonl(path / DOCUMENTS)]
        chunks = [Chunk.from_json(c) for c in _read_jsonl(path / CHUNKS)]
        vectors = np.load(path / VECTORS, allow_pickle=False)
        dense = DenseIndex.load(path / DENSE)
        bm25 = BM25Index.load(path / BM25)
        pieces = np.load(path / PIECES, allow_pickle=False)
        piece_vectors = np.load(path / PIECE_VECTORS, allow_pickle=False)
        piece_dense = DenseIndex.load(path / PIECES_DENSE)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise StoreError(f"{path}: damaged store ({exc}); rebuild with `vanban ingest --rebuild`") from exc
    n = len(chunks)
    if not (vectors.shape[0] == dense.size == bm25.size == n == manifest["counts"]["chunks"]):
        raise StoreError(
            f"{path}: store parts disagree on the number of chunks; rebuild with `vanban ingest --rebuild`"
        )
    if (
        len(pieces) != len(piece_vectors)
        or len(pieces) != piece_dense.size
        or (len(pieces) and pieces[:, 0].max() >= n)
    ):
        raise StoreError(f"{path}: store parts disagree on the passage pieces; rebuild with `vanban ingest --rebuild`")
    return Store(path, manifest, documents, chunks, vectors, dense, bm25, pieces, piece_vectors, piece_dense)


def write_build(
    root: Path,
    documents: list[Document],
    chunks: list[Chunk],
    vectors: np.ndarray,
    pieces: np.ndarray,
    piece_vectors: np.ndarray,
    embedder: dict,
    pipeline_version: str,
    fingerprint: str,
    corpus_root: str,
) -> Path:
    """Write a new build beside the live one, then make it live with one atomic rename.

    Called under the store's write lock (`locked`): what an interrupted writer left (a partial
    build, a pointer file never renamed, a build never made live) is removed first. The build that
    was live stays beside the new one, for readers that still have it open.
    """
    root.mkdir(parents=True, exist_ok=True)
    builds = root / BUILDS
    builds.mkdir(exist_ok=True)
    live = _live_name(root)
    clean_leftovers(root, live)
    now = time.time_ns()
    name = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9)) + f".{now % 10**9:09d}-{uuid.uuid4().hex[:6]}"
    tmp = builds / f".{name}.tmp"
    tmp.mkdir()
    try:
        with (tmp / DOCUMENTS).open("w", encoding="utf-8") as f:
            for d in documents:
                f.write(json.dumps(d.to_json(), ensure_ascii=False) + "\n")
        with (tmp / CHUNKS).open("w", encoding="utf-8") as f:
            for c in chunks:
                f.write(json.dumps(c.to_json(), ensure_ascii=False) + "\n")
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        np.save(tmp / VECTORS, vectors, allow_pickle=False)
        DenseIndex.build(vectors).save(tmp / DENSE)
        np.save(tmp / PIECES, np.asarray(pieces, dtype=np.int32).reshape(-1, 3), allow_pickle=False)
        piece_vectors = np.ascontiguousarray(piece_vectors, dtype=np.float32).reshape(-1, vectors.shape[1])
        np.save(tmp / PIECE_VECTORS, piece_vectors, allow_pickle=False)
        DenseIndex.build(piece_vectors).save(tmp / PIECES_DENSE)
        BM25Index.build([c.embed_text() for c in chunks]).save(tmp / BM25)
        manifest = {
            "format_version": FORMAT_VERSION,
            "embedder": embedder,
            "pipeline_version": pipeline_version,
            "counts": {
                "files": len({d.source for d in documents}),
                "documents": len(documents),
                "chunks": len(chunks),
                "pieces": len(pieces),
            },
            "corpus_fingerprint": fingerprint,
            "corpus_root": corpus_root,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_tree(tmp)
        final = builds / name
        os.rename(tmp, final)
        _switch_current(root, name)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StoreError(
                f"no space left on the disk that holds the store ({root.name}); free some space and run "
                "the ingest again. The store was not changed."
            ) from exc
        raise
    _prune(builds, keep={name, live} - {None})
    return final


def _fsync_tree(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            with p.open("rb") as f:
                os.fsync(f.fileno())


def _switch_current(root: Path, name: str) -> None:
    tmp = root / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
    with tmp.open("w", encoding="utf-8") as f:
        f.write(name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, root / CURRENT)
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _live_name(root: Path) -> str | None:
    """The name of the build CURRENT points at, or None."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if name and (root / BUILDS / name).is_dir() else None


def clean_leftovers(root: Path, live: str | None) -> list[str]:
    """Remove what interrupted writers left: partial builds (.*.tmp), pointer files that were never
    renamed (.CURRENT.*), and builds that never became live. Only under the write lock. Returns
    the names removed."""
    removed = []
    builds = root / BUILDS
    for p in builds.glob(".*.tmp") if builds.is_dir() else []:
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p.name)
    for p in root.glob(f".{CURRENT}.*"):
        p.unlink(missing_ok=True)
        removed.append(p.name)
    if live is not None:  # a finished build newer than the live one was never switched to
        for p in builds.iterdir():
            if p.is_dir() and not p.name.startswith(".") and p.name > live:
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p.name)
    if removed:
        log.info("%s: removed what an interrupted ingest left: %s", root.name, ", ".join(removed))
    return removed


def _prune(builds: Path, keep: set[str]) -> None:
    """Delete every build but the live one and the one that was live before it."""
    for p in builds.iterdir():
        if p.is_dir() and not p.name.startswith(".") and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the store's write lock; a second writer gets a clear error, not a race."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise StoreError(f"{root}: another ingest is writing this store; wait for it to finish") from exc
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
