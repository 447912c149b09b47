"""Ingest a corpus folder into the store, re-embedding only what changed."""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.bm25 import join_counts
from index.embedders import Embedder
from index.store import (
    PIECE_VECTORS,
    PIECES,
    SEGMENTS,
    VECTORS,
    SegmentData,
    StoreError,
    StoreNotFound,
    _Segment,
    corpus_fingerprint,
    locked,
    read_manifest,
    read_segment,
    write_build,
    write_segment,
)
from index.wordstats import WordStats
from ingest import ocr
from ingest.chunk import CHUNKER_VERSION, split_pieces
from ingest.pipeline import FileError, discover, process_file, relative_source, source_sha256
from ingest.readers import ReadError
from vanban.records import Chunk, Document

log = logging.getLogger(__name__)


def _pipeline_version() -> str:
    """Changes whenever code that shapes stored chunks or indexes changes, so a stale store is rebuilt."""
    root = Path(__file__).resolve().parent.parent
    sources = (
        sorted((root / "ingest").rglob("*.py"))
        + [root / "index" / name for name in ("bm25.py", "store.py", "wordstats.py")]
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


BATCH_PASSAGES = 5_000  # passages an ingest holds before it writes them as a segment
FULL_SEGMENT = 25_000  # a segment this large is merged no further (a merge holds at most this much)
MAX_SEGMENTS = 8  # more smaller segments than this, and the smallest are merged
SIZE_RATIO = 10  # segments merged together are of like size: none more than 10 times the smallest ...
FLOOR_SEGMENT = 100  # ... which counts as 100 passages at least (a few files' worth)
MOSTLY_DELETED = 0.5  # a segment with this share of its passages deleted is rewritten at the next merge


def _previous(store_root: Path, embedder: Embedder, rebuild: bool) -> dict | None:
    """The live build's manifest, when it can be added to (same embedder)."""
    if rebuild:
        return None
    try:
        manifest = read_manifest(store_root)
    except StoreNotFound:
        return None
    except StoreError as exc:
        log.warning("previous store not reused: %s", exc)
        return None
    if manifest["embedder"]["name"] != embedder.name:
        log.info("embedder changed from %s to %s: re-embedding everything", manifest["embedder"]["name"], embedder.name)
        return None
    problem = _damaged(store_root, manifest)
    if problem:
        log.warning("previous store not reused: %s; rebuilding it", problem)
        return None
    return manifest


def _damaged(store_root: Path, manifest: dict) -> str | None:
    """What is wrong with the live build's segments, read no further than their array headers."""
    sizes = manifest.get("segment_sizes", {})
    for name in manifest.get("segments", []):
        folder = store_root / SEGMENTS / name
        try:
            vectors = np.load(folder / VECTORS, mmap_mode="r", allow_pickle=False)
            np.load(folder / PIECE_VECTORS, mmap_mode="r", allow_pickle=False)
            np.load(folder / PIECES, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:
            return f"segment {name} is damaged ({exc})"
        if name in sizes and vectors.shape[0] != sizes[name]:
            return f"segment {name} has {vectors.shape[0]} vectors for {sizes[name]} passages"
    return None


def _vectors_of(store_root: Path, segments: dict[str, set[str] | None]) -> dict[str, np.ndarray]:
    """Vectors already made, by text, for the files of some segments (None: all their files): what a
    changed file still shares with its old version is not embedded again."""
    cache: dict[str, np.ndarray] = {}
    for name, sources in segments.items():
        try:
            s = _Segment.read(store_root / SEGMENTS / name)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        for i, c in enumerate(s.chunks):
            if sources is None or c.source in sources:
                cache[_key(c.embed_text())] = np.asarray(s.vectors[i])
        for p, (ci, start, end) in enumerate(s.pieces):
            c = s.chunks[int(ci)]
            if sources is None or c.source in sources:
                cache[_key(c.piece_text(int(start), int(end)))] = np.asarray(s.piece_vectors[p])
    return cache


def _embed(
    documents: list[Document], chunks: list[Chunk], embedder: Embedder, cache: dict, notify, report: IngestReport
) -> SegmentData:
    """The new files' passages and pieces embedded (what the cache has is reused)."""
    pieces = [(i, a, b) for i, c in enumerate(chunks) for a, b in split_pieces(c.text)]
    texts = [c.embed_text() for c in chunks] + [chunks[i].piece_text(a, b) for i, a, b in pieces]
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    todo = []
    for i, text in enumerate(texts):
        hit = cache.get(_key(text))
        if hit is not None:
            vectors[i] = hit
        else:
            todo.append(i)
    for start in range(0, len(todo), EMBED_BATCH):
        notify("embed", start, len(todo))
        batch = todo[start : start + EMBED_BATCH]
        vectors[batch] = embedder.embed_passages([texts[i] for i in batch])
    notify("embed", len(todo), len(todo))
    report.chunks_embedded += sum(1 for i in todo if i < len(chunks))
    report.pieces_embedded += sum(1 for i in todo if i >= len(chunks))
    piece_rows = np.asarray(pieces, dtype=np.int32).reshape(-1, 3)
    return SegmentData(documents, chunks, vectors[: len(chunks)], piece_rows, vectors[len(chunks) :])


def ingest_corpus(
    corpus_root: Path,
    store_root: Path,
    embedder: Embedder,
    progress: Progress | None = None,
    rebuild: bool = False,
) -> IngestReport:
    """Bring the store in line with the corpus folder: the files that are new or changed are read,
    embedded and written as new segments (one every BATCH_PASSAGES passages, so that memory is
    the batch's, not the corpus's); the old versions of changed and removed files are marked
    deleted; unchanged files are not touched."""
    started = time.perf_counter()
    corpus_root, store_root = Path(corpus_root), Path(store_root)
    report = IngestReport(store=str(store_root))
    notify = progress or (lambda stage, done, total: None)
    with locked(store_root):
        prev = _previous(store_root, embedder, rebuild)
        same_pipeline = prev is not None and prev.get("pipeline_version") == PIPELINE_VERSION
        files: dict[str, dict] = dict(prev["files"]) if same_pipeline else {}
        segments: list[str] = list(prev["segments"]) if same_pipeline else []
        deleted: dict[str, set[str]] = {s: set(v) for s, v in prev.get("deleted", {}).items()} if same_pipeline else {}
        sizes: dict[str, int] = dict(prev.get("segment_sizes", {})) if same_pipeline else {}
        # vectors the last build already has, by text: everything when the pipeline changed (all is read
        # again), else only what changed files share with their old versions (read per batch)
        everything = not same_pipeline and prev is not None
        cache = _vectors_of(store_root, {s: None for s in prev["segments"]}) if everything else {}
        batch = _Batch()
        read: dict[str, dict] = {}  # source → its entry, for the files read this time
        seen: set[str] = set()

        def flush() -> None:
            if not batch.chunks:
                return
            olds: dict[str, set[str] | None] = {}
            for source in batch.sources:
                if same_pipeline and source in files:
                    olds.setdefault(files[source]["segment"], set()).add(source)
            data = _embed(
                batch.documents, batch.chunks, embedder, {**cache, **_vectors_of(store_root, olds)}, notify, report
            )
            name = write_segment(store_root, data)
            segments.append(name)
            sizes[name] = len(batch.chunks)
            pieces = Counter(batch.chunks[int(i)].source for i in data.pieces[:, 0])
            for source in batch.sources:
                read[source] = {**read[source], "pieces": pieces[source], "segment": name}
            batch.clear()

        paths = discover(corpus_root)
        for n, path in enumerate(paths, start=1):
            notify("read", n, len(paths))
            source = path.relative_to(corpus_root).as_posix() if corpus_root.is_dir() else path.name
            try:
                source = relative_source(path, corpus_root)
            except (ValueError, OSError):  # a link that leads out of the corpus folder, or a broken one
                report.errors.append(FileError(source, "a link to a file outside the corpus folder; skipped"))
                continue
            seen.add(source)
            try:
                sha = source_sha256(path)
            except OSError as exc:
                report.errors.append(FileError(source, f"cannot be read ({exc.strerror or exc})"))
                continue
            old = files.get(source)
            if old and old["sha256"] == sha:
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
                continue  # the version already indexed, if any, stays
            batch.add(source, docs, doc_chunks)
            read[source] = {"sha256": sha, "documents": len(docs), "chunks": len(doc_chunks)}
            report.files_processed += 1
            if len(batch.chunks) >= BATCH_PASSAGES:
                flush()

        removed = [s for s in files if s not in seen]
        replaced = [s for s in read if s in files]
        for source in removed + replaced:  # the old version of a changed or removed file goes
            deleted.setdefault(files[source]["segment"], set()).add(source)
        for source in removed:
            del files[source]
        report.files_removed = len(removed)
        fingerprint = corpus_fingerprint(
            {**{s: v["sha256"] for s, v in files.items()}, **{s: v["sha256"] for s, v in read.items()}}
        )
        if prev is not None and same_pipeline and prev.get("corpus_fingerprint") == fingerprint and not read:
            report.files = len(files)
            report.chunks = prev["counts"]["chunks"]
            report.seconds = time.perf_counter() - started
            return report
        if not read and not any(s not in replaced for s in files):
            raise NothingToIndex(report, corpus_root)
        flush()
        files.update(read)
        segments, deleted, sizes = _merged(store_root, segments, deleted, sizes, files)
        counts = {
            "files": len(files),
            "documents": sum(v["documents"] for v in files.values()),
            "chunks": sum(v["chunks"] for v in files.values()),
            "pieces": sum(v.get("pieces", 0) for v in files.values()),
            "segments": len(segments),
        }
        report.files = counts["files"]
        report.chunks = counts["chunks"]
        write_build(
            store_root,
            segments,
            {s: sorted(v) for s, v in deleted.items()},
            files,
            embedder={"name": embedder.name, "dim": embedder.dim}
            | ({"note": embedder.manifest_note} if getattr(embedder, "manifest_note", None) else {}),
            pipeline_version=PIPELINE_VERSION,
            fingerprint=fingerprint,
            corpus_root=str(corpus_root.resolve()),
            counts=counts,
            segment_sizes=sizes,
        )
        report.changed = True
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class _Batch:
    """Files read and not yet written as a segment."""

    sources: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)

    def add(self, source: str, documents: list[Document], chunks: list[Chunk]) -> None:
        self.sources.append(source)
        self.documents += documents
        self.chunks += chunks

    def clear(self) -> None:
        self.sources, self.documents, self.chunks = [], [], []


def _merged(
    store_root: Path, segments: list[str], deleted: dict[str, set[str]], sizes: dict[str, int], files: dict[str, dict]
) -> tuple[list[str], dict[str, set[str]], dict[str, int]]:
    """Segments after merging. Tiered, as Lucene merges: segments of FULL_SEGMENT passages or more
    stand alone; while more than MAX_SEGMENTS smaller ones pile up, runs of like size are read (their
    live rows only, their BM25 counts and word statistics as counted at ingest) and written again as
    one of at most FULL_SEGMENT passages; a segment mostly deleted is rewritten without what was
    deleted. What one merge holds in memory is bounded.
    Returns (segments, deleted, sizes); `files` is updated in place."""
    live: dict[str, int] = {s: 0 for s in segments}
    for entry in files.values():
        if entry["segment"] in live:
            live[entry["segment"]] += entry["chunks"]
    groups: list[list[str]] = [[s] for s in segments if sizes.get(s) and live[s] < (1 - MOSTLY_DELETED) * sizes[s]]
    taken = {s for g in groups for s in g}
    small = sorted((s for s in segments if live[s] < FULL_SEGMENT and s not in taken), key=lambda s: live[s])
    while len(small) > MAX_SEGMENTS:
        group = _merge_group(small, live)
        if group is None:
            break
        groups.append(group)
        small = [s for s in small if s not in group]
    for group in groups:
        parts = [read_segment(store_root, s, sorted(deleted.get(s, ()))) for s in group]
        stats = [p.wordstats for p in parts]
        data = SegmentData(
            [d for p in parts for d in p.documents],
            [c for p in parts for c in p.chunks],
            np.concatenate([p.vectors for p in parts]),
            _shifted([p.pieces for p in parts], [len(p.chunks) for p in parts]),
            np.concatenate([p.piece_vectors for p in parts]),
            tuple(join_counts([(p.bm25[c], None) for p in parts]) for c in (0, 1)),  # counted once, at ingest
            WordStats.join(stats) if all(stats) else None,  # recounted only without the deleted files
        )
        name = write_segment(store_root, data)
        merged = set(group)
        for entry in files.values():
            if entry["segment"] in merged:
                entry["segment"] = name
        at = min(segments.index(s) for s in group)  # the new segment takes the place of the first
        segments = (
            [s for s in segments[:at] if s not in merged] + [name] + [s for s in segments[at:] if s not in merged]
        )
        deleted = {s: v for s, v in deleted.items() if s not in merged}
        sizes = {**{s: n for s, n in sizes.items() if s not in merged}, name: len(data.chunks)}
        log.info("merged %d segment(s) into %s (%d passages)", len(group), name, len(data.chunks))
    return segments, deleted, sizes


def _merge_group(small: list[str], live: dict[str, int]) -> list[str] | None:
    """Segments (smallest first) to merge next: the smallest run of at least two of like size (none
    more than SIZE_RATIO times the first, which counts as FLOOR_SEGMENT at least) that stays within
    FULL_SEGMENT, and stops once few enough are left. A small new segment does not drag a large one
    into a merge: adding a file to a big store writes that file, not a rewrite of big segments."""
    for i, first in enumerate(small):
        group, total = [first], live[first]
        cap = SIZE_RATIO * max(live[first], FLOOR_SEGMENT)
        for s in small[i + 1 :]:
            if live[s] > cap or total + live[s] > FULL_SEGMENT:
                break
            group.append(s)
            total += live[s]
            if len(small) - len(group) + 1 <= MAX_SEGMENTS // 2:
                break
        if len(group) >= 2:
            return group
    return None


def _shifted(pieces: list[np.ndarray], lengths: list[int]) -> np.ndarray:
    """Piece rows of several segments, their passage indices shifted to follow one another."""
    out, offset = [], 0
    for p, n in zip(pieces, lengths):
        q = np.asarray(p, dtype=np.int64).reshape(-1, 3).copy()
        q[:, 0] += offset
        out.append(q)
        offset += n
    return np.concatenate(out).astype(np.int32) if out else np.zeros((0, 3), dtype=np.int32)
