"""The store on disk: segments written once, and builds that say which segments are live.

    STORE/
      CURRENT                  name of the live build (replaced atomically)
      builds/<id>/manifest.json
                               format version, embedder, counts, fingerprint, build time, the live
                               segments, the files each holds and the files deleted from each
      segments/<name>/         written once by the ingest that added its files, never changed:
        documents.jsonl        one cleaned Document a line, its text's place in texts.txt instead
                               of its text
        texts.txt              the documents' texts, UTF-8, one after another (read when asked for)
        chunks.jsonl           one Chunk a line, in vector order (its text is its document's)
        vectors.npy            float32 [chunks, dim], L2-normalized (memory-mapped when read)
        pieces.npy             int32 [pieces, 3]: chunk, start, end of each sentence group
        piece_vectors.npy      float32 [pieces, dim]
        bm25/                  term counts of each BM25 channel (index/bm25.py)
        wordstats.json, words/ what start-up needs to know of the words (index/wordstats.py)
        vectors.hnsw, piece_vectors.hnsw
                               graphs for approximate search, of 50,000 vectors or more

As Lucene does: an ingest writes the files it read as one new segment and marks the old versions
of changed or removed files deleted; when segments pile up, the small ones (and those mostly
deleted) are merged into one. Adding one file to a thousand costs that one file. A crash while
writing leaves CURRENT on the previous build; nothing is pickled.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import orjson

from index.ann import ANN_MIN, AnnIndex
from index.bm25 import BM25Index, Counts, read_counts
from index.passages import Passages
from index.wordstats import StoredWords, WordStats
from vanban.records import Chunk, Document

log = logging.getLogger(__name__)

FORMAT_VERSION = 4
READS = (3, 4)  # format 3: the documents' texts inside documents.jsonl (read in full at opening)
MANIFEST = "manifest.json"
DOCUMENTS = "documents.jsonl"
TEXTS = "texts.txt"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.npy"
PIECES = "pieces.npy"
PIECE_VECTORS = "piece_vectors.npy"
BM25 = "bm25"
ANN = "vectors.hnsw"
PIECES_ANN = "piece_vectors.hnsw"
CURRENT = "CURRENT"
BUILDS = "builds"
SEGMENTS = "segments"


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
    """A loaded build: the live rows of its segments, as one."""

    path: Path
    manifest: dict
    documents: list[Document]
    chunks: Passages  # read as a list of Chunk
    vectors: np.ndarray | Stacked  # memory-mapped; Stacked over several segments
    bm25: BM25Index
    pieces: np.ndarray  # int32 [n, 3]: chunk index, start, end
    piece_vectors: np.ndarray | Stacked
    wordstats: StoredWords | WordStats = field(default_factory=WordStats)
    approximate: Approximate | None = None  # the graphs of large segments, when there are any

    @property
    def embedder_name(self) -> str:
        return self.manifest["embedder"]["name"]

    @property
    def root(self) -> Path:
        """The store folder (the build is builds/<id> under it): caches that outlive a build go here."""
        return self.path.parent.parent


@dataclass
class Approximate:
    """Where dense search takes candidates from in a large store: each large segment's graphs, with
    the store rows their entries are (-1: deleted), and the rows of the segments without a graph."""

    passages: list[tuple[AnnIndex, np.ndarray]]
    pieces: list[tuple[AnnIndex, np.ndarray]]
    exact_passages: np.ndarray
    exact_pieces: np.ndarray


class Stacked:
    """The live rows of several segments' vector files (memory-mapped), as one read-only matrix.

    `m @ q` scans each file in turn and `m[rows]` reads only those rows: nothing is copied into
    memory as a whole, so a store of many segments takes the memory of its page cache, as one does.
    """

    def __init__(self, parts: list[tuple[np.ndarray, np.ndarray | None]], dim: int) -> None:
        self.parts = parts  # (array, its live rows or None for all)
        sizes = [len(a) if rows is None else len(rows) for a, rows in parts]
        self.starts = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64)
        self.shape = (int(self.starts[-1]), dim)
        self.dtype = np.dtype(np.float32)

    def __len__(self) -> int:
        return self.shape[0]

    def __matmul__(self, q: np.ndarray) -> np.ndarray:
        out = []
        for a, rows in self.parts:
            scores = a @ q  # deleted rows too: a sequential scan is cheaper than gathering the live ones
            out.append(scores if rows is None else scores[rows])
        return np.concatenate(out) if out else np.zeros((0, *q.shape[1:]), dtype=np.float32)

    def __getitem__(self, rows) -> np.ndarray:
        if isinstance(rows, slice):
            rows = np.arange(*rows.indices(len(self)))
        rows = np.asarray(rows)
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        if rows.ndim == 0:
            return self[rows.reshape(1)][0]
        rows = rows.astype(np.int64)
        if len(rows) and (rows.min() < 0 or rows.max() >= len(self)):
            raise IndexError(f"rows outside 0..{len(self) - 1}")
        out = np.empty((len(rows), self.shape[1]), dtype=np.float32)
        part = np.searchsorted(self.starts, rows, side="right") - 1
        for p in np.unique(part):
            where = np.flatnonzero(part == p)
            a, live = self.parts[p]
            local = rows[where] - self.starts[p]
            if live is not None:
                local = live[local]
            order = np.argsort(local, kind="stable")  # read the file front to back
            out[where[order]] = a[local[order]]
        return out

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        whole = self[np.arange(len(self))]
        return whole if dtype is None else whole.astype(dtype)


@dataclass
class SegmentData:
    """What one segment holds, before it is written. A merge passes the BM25 counts and word
    statistics of the segments it joins, so that nothing is counted again."""

    documents: list[Document]
    chunks: list[Chunk]
    vectors: np.ndarray
    pieces: np.ndarray
    piece_vectors: np.ndarray
    bm25: tuple[Counts, Counts] | None = None  # (marked, plain) term counts of these chunks
    wordstats: WordStats | None = None


def corpus_fingerprint(files: dict[str, str]) -> str:
    """Hash over (source, content hash) pairs: equal fingerprints, equal corpus."""
    h = hashlib.sha256()
    for source in sorted(files):
        h.update(f"{source}\0{files[source]}\n".encode())
    return h.hexdigest()


def build_path(root: Path) -> Path:
    """Folder of the live build under a store root."""
    pointer = root / CURRENT
    if pointer.is_file():
        name = pointer.read_text(encoding="utf-8").strip()
        return root / BUILDS / name
    raise StoreNotFound(f"no store at {root}; build one with `vanban ingest` (or set --store / VANBAN_STORE)")


def _read_jsonl(path: Path) -> list[dict]:
    with path.open("rb") as f:  # orjson: the records of a large store are most of its opening time
        return [orjson.loads(line) for line in f if line.strip()]


def read_manifest(root: Path) -> dict:
    """The live build's manifest, refused when this version cannot read it."""
    path = build_path(Path(root))
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError(
            f"{path / MANIFEST}: unreadable manifest ({exc}); rebuild with `vanban ingest --rebuild`"
        ) from exc
    version = manifest.get("format_version")
    if version not in READS:
        raise StoreError(
            f"{path}: store format {version} but this vanban reads formats {', '.join(map(str, READS))}; "
            "rebuild with `vanban ingest --rebuild`"
        )
    return manifest


class Texts:
    """The documents' texts of one segment, read from its texts.txt when asked for.

    A store holds its documents' metadata, not their text: a question reads the few documents its
    passages come from (the last RECENT of them kept decoded), so the serving memory does not grow
    with the corpus's text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("rb")  # kept open: the file stays readable after a newer build prunes it

    def reader(self, start: int, end: int) -> functools.partial:
        """What reads bytes start:end as a document's text (shared by the document and its passages)."""
        return functools.partial(_read_text, self, start, end)

    def read(self, start: int, end: int) -> str:
        data = os.pread(self._file.fileno(), end - start, start)
        if len(data) != end - start:
            raise StoreError(f"{self.path}: truncated; rebuild with `vanban ingest --rebuild`")
        return data.decode("utf-8")


RECENT = 64  # documents' texts kept decoded, for all stores of the process


@functools.lru_cache(maxsize=RECENT)
def _read_text(texts: Texts, start: int, end: int) -> str:
    return texts.read(start, end)


@dataclass
class _Segment:
    """One segment as read: its records, its arrays (memory-mapped) and the rows still live."""

    path: Path
    documents: list[Document]
    chunks: Passages
    vectors: np.ndarray
    pieces: np.ndarray
    piece_vectors: np.ndarray
    rows: np.ndarray | None  # live chunk rows, None when all are
    ann: AnnIndex | None = None  # graphs of a large segment (index/ann.py), passages and pieces
    piece_ann: AnnIndex | None = None

    @classmethod
    def read(cls, path: Path, deleted: Sequence[str] = ()) -> _Segment:
        gone = set(deleted)
        records = _read_jsonl(path / DOCUMENTS)
        if records and "text" not in records[0]:  # format 4: the texts are in texts.txt
            texts = Texts(path / TEXTS)
            for d in records:
                d["text"] = texts.reader(*d.pop("text_at"))
        documents = [Document.from_json(d) for d in records]
        chunks = Passages.of(documents, _read_jsonl(path / CHUNKS))
        vectors = np.load(path / VECTORS, mmap_mode="r", allow_pickle=False)
        pieces = np.load(path / PIECES, allow_pickle=False)
        piece_vectors = np.load(path / PIECE_VECTORS, mmap_mode="r", allow_pickle=False)
        if not (len(chunks) == vectors.shape[0] and len(pieces) == len(piece_vectors)):
            raise ValueError(f"segment {path.name}: parts disagree on their sizes")
        if len(pieces) and pieces[:, 0].max() >= len(chunks):
            raise ValueError(f"segment {path.name}: a sentence piece of a passage it does not have")
        rows = None
        if gone:
            documents = [d for d in documents if d.source not in gone]
            kept = np.array([d.source not in gone for d in chunks.documents], dtype=bool)
            rows = np.flatnonzero(kept[chunks.doc]) if len(chunks) else np.zeros(0, dtype=np.int64)
        ann = AnnIndex.load(path / ANN) if (path / ANN).is_file() else None
        piece_ann = AnnIndex.load(path / PIECES_ANN) if (path / PIECES_ANN).is_file() else None
        return cls(path, documents, chunks, vectors, pieces, piece_vectors, rows, ann, piece_ann)

    def live_chunks(self) -> Passages:
        return self.chunks if self.rows is None else self.chunks.select(self.rows)


def load_store(root: Path) -> Store:
    """Load the live build: its segments' live rows as one store. Refuses what it cannot read."""
    manifest = read_manifest(Path(root))
    path = build_path(Path(root))
    segments_root = Path(root) / SEGMENTS
    deleted = manifest.get("deleted", {})
    try:
        segments = [_Segment.read(segments_root / name, deleted.get(name, ())) for name in manifest["segments"]]
        live = sum(len(s.chunks) if s.rows is None else len(s.rows) for s in segments)
        bm25 = BM25Index.join([(s.path / BM25, s.rows) for s in segments], size=live)
        wordstats = StoredWords.join([s.path for s in segments])
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: damaged store ({exc}); rebuild with `vanban ingest --rebuild`") from exc
    documents = [d for s in segments for d in s.documents]
    chunks = Passages.join([s.live_chunks() for s in segments])
    vectors, pieces, piece_vectors, approximate = _joined(segments, int(manifest["embedder"]["dim"]))
    if not (vectors.shape[0] == bm25.size == len(chunks) == manifest["counts"]["chunks"]):
        raise StoreError(
            f"{path}: store parts disagree on the number of chunks; rebuild with `vanban ingest --rebuild`"
        )
    return Store(path, manifest, documents, chunks, vectors, bm25, pieces, piece_vectors, wordstats, approximate)


def _joined(segments: list[_Segment], dim: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, Approximate | None]:
    """Vectors, pieces and piece vectors of the live rows of all segments, as one set of arrays, and
    the graphs of the large segments with the store rows they stand for.

    The vectors stay as mapped from disk (one segment with nothing deleted as is, several as one
    Stacked view): start-up reads nothing, and the memory they take is the page cache's.
    """
    vectors: list[tuple[np.ndarray, np.ndarray | None]] = []
    pieces, piece_vectors = [], []
    graphs: list[tuple[AnnIndex, np.ndarray]] = []
    piece_graphs: list[tuple[AnnIndex, np.ndarray]] = []
    exact, exact_pieces = [], []
    offset = piece_offset = 0
    single = len(segments) == 1 and segments[0].rows is None
    for s in segments:
        rows = s.rows if s.rows is not None else np.arange(len(s.chunks))
        new_index = np.full(len(s.chunks), -1, dtype=np.int64)
        new_index[rows] = np.arange(len(rows)) + offset
        keep = new_index[s.pieces[:, 0]] >= 0 if len(s.pieces) else np.zeros(0, dtype=bool)
        piece_index = np.full(len(s.pieces), -1, dtype=np.int64)
        piece_index[keep] = np.arange(int(keep.sum())) + piece_offset
        if not single:
            vectors.append((s.vectors, s.rows))
            if len(s.pieces):
                kept = s.pieces[keep].astype(np.int64)
                kept[:, 0] = new_index[kept[:, 0]]
                pieces.append(kept.astype(np.int32))
                piece_vectors.append((s.piece_vectors, None if keep.all() else np.flatnonzero(keep)))
        if s.ann is not None:
            graphs.append((s.ann, new_index))
        else:
            exact.append(new_index[rows])
        if s.piece_ann is not None:
            piece_graphs.append((s.piece_ann, piece_index))
        else:
            exact_pieces.append(piece_index[keep])
        offset += len(rows)
        piece_offset += int(keep.sum())
    approximate = None
    if graphs or piece_graphs:
        empty = np.zeros(0, dtype=np.int64)
        approximate = Approximate(
            graphs,
            piece_graphs,
            np.concatenate(exact) if exact else empty,
            np.concatenate(exact_pieces) if exact_pieces else empty,
        )
    if single:
        s = segments[0]
        return s.vectors, s.pieces, s.piece_vectors, approximate
    return (
        Stacked(vectors, dim),
        np.concatenate(pieces) if pieces else np.zeros((0, 3), dtype=np.int32),
        Stacked(piece_vectors, dim),
        approximate,
    )


# --- writing ------------------------------------------------------------------------------------


def _name() -> str:
    now = time.time_ns()
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9)) + f".{now % 10**9:09d}-{uuid.uuid4().hex[:6]}"


def write_segment(root: Path, data: SegmentData) -> str:
    """Write a segment under root/segments, whole or not at all; return its name."""
    folder = root / SEGMENTS
    folder.mkdir(parents=True, exist_ok=True)
    name = _name()
    tmp = folder / f".{name}.tmp"
    tmp.mkdir()
    try:
        with (tmp / DOCUMENTS).open("w", encoding="utf-8") as f, (tmp / TEXTS).open("wb") as texts:
            for d in data.documents:
                record = d.to_json()
                start = texts.tell()
                texts.write(record.pop("text").encode("utf-8"))
                record["text_at"] = [start, texts.tell()]
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        with (tmp / CHUNKS).open("w", encoding="utf-8") as f:
            for c in data.chunks:  # a passage's text is its document's text[start:end]: not written twice
                f.write(json.dumps({k: v for k, v in c.to_json().items() if k != "text"}, ensure_ascii=False) + "\n")
        dim = data.vectors.shape[1]
        np.save(tmp / VECTORS, np.ascontiguousarray(data.vectors, dtype=np.float32), allow_pickle=False)
        np.save(tmp / PIECES, np.asarray(data.pieces, dtype=np.int32).reshape(-1, 3), allow_pickle=False)
        piece_vectors = np.ascontiguousarray(data.piece_vectors, dtype=np.float32).reshape(-1, dim)
        np.save(tmp / PIECE_VECTORS, piece_vectors, allow_pickle=False)
        for graph, rows in ((ANN, data.vectors), (PIECES_ANN, piece_vectors)):
            if len(rows) >= ANN_MIN:
                AnnIndex.build(rows).save(tmp / graph)
        counts = data.bm25 or BM25Index.count([c.embed_text() for c in data.chunks])
        BM25Index.save_counts(tmp / BM25, *counts)
        (data.wordstats or WordStats.of(data.documents, data.chunks)).save(tmp)
        _fsync_tree(tmp)
        os.rename(tmp, folder / name)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        _disk_full(exc, root)
        raise
    return name


def read_segment(root: Path, name: str, deleted: Sequence[str] = ()) -> SegmentData:
    """A written segment's live records, arrays and BM25 counts, for merging it into another; its
    word statistics only when nothing of it is deleted (they count the deleted files too)."""
    s = _Segment.read(root / SEGMENTS / name, deleted)
    vectors, pieces, piece_vectors, _ = _joined([s], s.vectors.shape[1])
    counts = tuple(read_counts([(s.path / BM25, s.rows)], c) for c in ("marked", "plain"))
    stats = WordStats.load(s.path) if s.rows is None else None
    return SegmentData(s.documents, s.live_chunks(), np.asarray(vectors), pieces, np.asarray(piece_vectors), counts, stats)  # fmt: skip


def write_build(
    root: Path,
    segments: list[str],
    deleted: dict[str, list[str]],
    files: dict[str, dict],
    embedder: dict,
    pipeline_version: str,
    fingerprint: str,
    corpus_root: str,
    counts: dict,
    segment_sizes: dict[str, int] | None = None,
) -> Path:
    """Make a build of these segments live with one atomic rename.

    Called under the store's write lock (`locked`): what an interrupted writer left (a partial
    build or segment, a pointer file never renamed, a build never made live) is removed first. The
    build that was live stays beside the new one, with its segments, for readers that have it open.
    """
    root.mkdir(parents=True, exist_ok=True)
    builds = root / BUILDS
    builds.mkdir(exist_ok=True)
    live = _live_name(root)
    clean_leftovers(root, live)
    name = _name()
    tmp = builds / f".{name}.tmp"
    tmp.mkdir()
    manifest = {
        "format_version": FORMAT_VERSION,
        "embedder": embedder,
        "pipeline_version": pipeline_version,
        "counts": counts,
        "corpus_fingerprint": fingerprint,
        "corpus_root": corpus_root,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "segments": segments,
        "deleted": {s: sorted(v) for s, v in deleted.items() if v and s in segments},
        "files": files,
        "segment_sizes": {s: n for s, n in (segment_sizes or {}).items() if s in segments},
    }
    try:
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _fsync_tree(tmp)
        final = builds / name
        os.rename(tmp, final)
        _switch_current(root, name)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        _disk_full(exc, root)
        raise
    _prune(root, keep={name, live} - {None})
    return final


def _disk_full(exc: BaseException, root: Path) -> None:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        raise StoreError(
            f"no space left on the disk that holds the store ({root.name}); free some space and run "
            "the ingest again. The store was not changed."
        ) from exc


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


def _segments_of(root: Path, build: str) -> set[str]:
    try:
        return set(json.loads((root / BUILDS / build / MANIFEST).read_text(encoding="utf-8"))["segments"])
    except (OSError, ValueError, KeyError):
        return set()


def clean_leftovers(root: Path, live: str | None) -> list[str]:
    """Remove what interrupted writers left: partial builds and segments (.*.tmp), pointer files
    that were never renamed (.CURRENT.*), and builds that never became live. Only under the write
    lock. Returns the names removed. Segments no build uses are removed when builds are pruned."""
    removed = []
    for folder in (root / BUILDS, root / SEGMENTS):
        for p in folder.glob(".*.tmp") if folder.is_dir() else []:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    for p in root.glob(f".{CURRENT}.*"):
        p.unlink(missing_ok=True)
        removed.append(p.name)
    builds = root / BUILDS
    if live is not None and builds.is_dir():  # a finished build newer than the live one was never switched to
        for p in builds.iterdir():
            if p.is_dir() and not p.name.startswith(".") and p.name > live:
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p.name)
    if removed:
        log.info("%s: removed what an interrupted ingest left: %s", root.name, ", ".join(removed))
    return removed


def _prune(root: Path, keep: set[str]) -> None:
    """Delete every build but the live one and the one that was live before it, and every segment
    neither of them uses (a segment written by an ingest that never finished, or merged away)."""
    builds = root / BUILDS
    for p in builds.iterdir():
        if p.is_dir() and not p.name.startswith(".") and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
    used = set().union(*(_segments_of(root, b) for b in keep))
    segments = root / SEGMENTS
    for p in segments.iterdir() if segments.is_dir() else []:
        if p.is_dir() and not p.name.startswith(".") and p.name not in used:
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
