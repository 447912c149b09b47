"""The store: round trip, incremental re-ingest, bad files, mismatches, interrupted builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from index.build import NothingToIndex, ingest_corpus
from index.search import Searcher
from index.store import (
    CURRENT,
    FORMAT_VERSION,
    MANIFEST,
    EmbedderMismatch,
    StoreError,
    StoreNotFound,
    build_path,
    load_store,
)


def _snapshot(store: Path) -> tuple[str, list[dict]]:
    loaded = load_store(store)
    return loaded.path.name, [c.to_json() for c in loaded.chunks]


def test_round_trip(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    report = ingest_corpus(small_corpus, store, e5)
    assert report.changed and report.files == 3 and not report.errors
    loaded = load_store(store)
    manifest = loaded.manifest
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["embedder"] == {"name": "e5-small-q4", "dim": 384}
    assert manifest["counts"] == {
        "files": 3,
        "documents": 3,
        "chunks": len(loaded.chunks),
        "pieces": len(loaded.pieces),
        "segments": 1,
    }
    assert len(manifest["corpus_fingerprint"]) == 64 and manifest["built_at"]
    # Vectors on disk are the embeddings of what the chunks say, normalized.
    again = e5.embed_passages([c.embed_text() for c in loaded.chunks])
    np.testing.assert_allclose(loaded.vectors, again, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(loaded.vectors, axis=1), 1.0, atol=1e-5)
    for c in loaded.chunks:
        doc = next(d for d in loaded.documents if d.doc_id == c.doc_id)
        assert doc.text[c.start : c.end] == c.text
    # Nothing is pickled: every array loads with allow_pickle=False.
    for npy in store.rglob("*.npy"):
        np.load(npy, allow_pickle=False)


def test_search_finds_the_right_document(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    searcher = Searcher(load_store(store), e5)
    for mode in ("hybrid", "dense", "bm25"):
        assert searcher.search("trưng bày sách biển đảo", k=1, mode=mode)[0].chunk.source == "a.txt", mode
    assert searcher.search("lop tieng Anh cho cong chuc", k=1, mode="bm25")[0].chunk.source == "b.txt"
    assert searcher.search("Who may speak to the press?", k=1, mode="dense")[0].chunk.source == "c.txt"


def test_incremental_reembeds_only_the_changed_file(small_corpus, tmp_path, counting):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, counting)
    first_build = build_path(store)

    counting.passages.clear()
    report = ingest_corpus(small_corpus, store, counting)
    assert not report.changed and report.files_reused == 3 and counting.passages == []
    assert build_path(store) == first_build, "an unchanged corpus must not rewrite the store"

    (small_corpus / "b.txt").write_text(
        "BÁO CÁO\nKết quả đào tạo ngoại ngữ cho cán bộ\nI. KẾT QUẢ\nMở năm lớp tiếng Trung cho công chức.\n",
        encoding="utf-8",
    )
    report = ingest_corpus(small_corpus, store, counting)
    assert report.changed and report.files_processed == 1 and report.files_reused == 2
    loaded = load_store(store)
    b_texts = {c.embed_text() for c in loaded.chunks if c.source == "b.txt"}
    b_texts |= {loaded.chunks[i].piece_text(a, e) for i, a, e in loaded.pieces if loaded.chunks[i].source == "b.txt"}
    assert counting.passages and set(counting.passages) <= b_texts
    assert any("tiếng Trung" in c.text for c in loaded.chunks)
    assert not any("tiếng Anh" in c.text for c in loaded.chunks)


def test_removed_file_leaves_the_index(small_corpus, tmp_path, counting):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, counting)
    (small_corpus / "c.txt").unlink()
    counting.passages.clear()
    report = ingest_corpus(small_corpus, store, counting)
    assert report.files_removed == 1 and counting.passages == []
    assert {c.source for c in load_store(store).chunks} == {"a.txt", "b.txt"}


def test_bad_files_reported_and_store_intact(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    (small_corpus / "empty.txt").write_bytes(b"")
    (small_corpus / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (small_corpus / "data.xlsx").write_bytes(b"PK")
    report = ingest_corpus(small_corpus, store, e5)
    reasons = {e.source: e.reason for e in report.errors}
    assert set(reasons) == {"empty.txt", "broken.pdf", "data.xlsx"}
    assert reasons["empty.txt"] == "the file is empty"
    assert "unsupported file type '.xlsx'" in reasons["data.xlsx"]
    assert {c.source for c in load_store(store).chunks} == {"a.txt", "b.txt", "c.txt"}


def test_a_file_that_becomes_unreadable_keeps_its_indexed_version(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    before = [c for c in load_store(store).chunks if c.source == "c.txt"]
    (small_corpus / "c.txt").write_bytes(b"")
    report = ingest_corpus(small_corpus, store, e5)
    assert [e.source for e in report.errors] == ["c.txt"]
    assert [c for c in load_store(store).chunks if c.source == "c.txt"] == before


def test_nothing_readable_leaves_store_untouched(tmp_path, small_corpus, e5):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    snapshot = _snapshot(store)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.txt").write_bytes(b"")
    with pytest.raises(NothingToIndex) as err:
        ingest_corpus(bad, store, e5, rebuild=True)
    assert err.value.report.errors[0].source == "x.txt"
    assert _snapshot(store) == snapshot


class _Exploding:
    """A real embedder that fails after its first batch, like a Ctrl-C mid-ingest."""

    def __init__(self, inner):
        self.inner, self.name, self.dim, self.calls = inner, inner.name, inner.dim, 0

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        self.calls += 1
        if self.calls > 1:
            raise KeyboardInterrupt
        return self.inner.embed_passages(texts)


def test_interrupted_ingest_leaves_previous_store_usable(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    snapshot = _snapshot(store)
    for i in range(20):
        (small_corpus / f"new{i}.txt").write_text(f"Văn bản mới số {i} về hội nghị trực tuyến.", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        ingest_corpus(small_corpus, store, _Exploding(e5))
    assert _snapshot(store) == snapshot
    assert Searcher(load_store(store), e5).search("biển đảo", k=1)[0].chunk.source == "a.txt"


def test_embedder_mismatch_refused(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)

    class Other:
        name, dim = "st:some-other-model", 384

    with pytest.raises(EmbedderMismatch) as err:
        Searcher(load_store(store), Other())
    message = str(err.value)
    assert "e5-small-q4" in message and "st:some-other-model" in message
    assert "vanban ingest --embedder st:some-other-model" in message


def test_unknown_format_refused_with_reason(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    manifest_path = build_path(store) / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["format_version"] = 99
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match="store format 99 but this vanban reads formats 3, 4"):
        load_store(store)


def test_missing_store_says_how_to_build(tmp_path):
    with pytest.raises(StoreNotFound, match="vanban ingest"):
        load_store(tmp_path / "nowhere")


def test_damaged_store_refused(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    segment = load_store(store).manifest["segments"][0]
    (store / "segments" / segment / "vectors.npy").write_bytes(b"not numpy")
    with pytest.raises(StoreError, match="damaged store"):
        load_store(store)
    # A damaged store is rebuilt by the next ingest rather than blocking it.
    report = ingest_corpus(small_corpus, store, e5)
    assert report.changed
    assert {c.source for c in load_store(store).chunks} == {"a.txt", "b.txt", "c.txt"}


def test_documents_texts_are_read_from_disk_when_asked_for(small_corpus, tmp_path, e5):
    from index.store import TEXTS

    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    loaded = load_store(store)
    segment = store / "segments" / loaded.manifest["segments"][0]
    records = [json.loads(line) for line in (segment / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all("text" not in r for r in records)  # the text is in texts.txt, once
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in small_corpus.iterdir()}
    for doc in loaded.documents:
        assert not isinstance(doc.text_source, str)  # the open store holds a reader, not the text
        assert doc.text.strip() and doc.text.split()[0] in on_disk[doc.source]
    for c in loaded.chunks:
        assert c.text == next(d for d in loaded.documents if d.doc_id == c.doc_id).text[c.start : c.end]
    # A texts file cut short is a damaged store, said when its text is read
    (segment / TEXTS).write_bytes((segment / TEXTS).read_bytes()[:10])
    with pytest.raises(StoreError, match="texts.txt: truncated"):
        [d.text for d in load_store(store).documents]


def test_a_store_of_format_3_is_still_read(small_corpus, tmp_path, e5):
    """Format 3 kept the documents' texts in documents.jsonl: such a store opens, with the same texts,
    and the next ingest adds to it (no re-embedding of what it holds)."""
    from index.store import TEXTS

    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    before = load_store(store)
    texts = {d.doc_id: d.text for d in before.documents}
    segment = store / "segments" / before.manifest["segments"][0]
    with (segment / "documents.jsonl").open("w", encoding="utf-8") as f:
        for d in before.documents:
            f.write(json.dumps(d.to_json(), ensure_ascii=False) + "\n")
    (segment / TEXTS).unlink()
    manifest_path = build_path(store) / MANIFEST
    manifest_path.write_text(json.dumps({**before.manifest, "format_version": 3}), encoding="utf-8")
    old = load_store(store)
    assert {d.doc_id: d.text for d in old.documents} == texts
    assert [c.text for c in old.chunks] == [c.text for c in before.chunks]
    (small_corpus / "d.txt").write_text("Văn bản mới về hội nghị tập huấn.", encoding="utf-8")
    report = ingest_corpus(small_corpus, store, e5)
    assert report.changed and report.chunks_embedded == 1
    grown = load_store(store)
    assert grown.manifest["format_version"] == FORMAT_VERSION
    assert {d.doc_id: d.text for d in grown.documents if d.source != "d.txt"} == texts


def test_old_builds_pruned(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    for i in range(4):
        (small_corpus / "d.txt").write_text(f"Phiên bản {i} của văn bản thứ tư.", encoding="utf-8")
        ingest_corpus(small_corpus, store, e5)
    builds = [p for p in (store / "builds").iterdir() if not p.name.startswith(".")]
    assert len(builds) == 2
    assert (store / CURRENT).read_text().strip() in {p.name for p in builds}
    shutil.rmtree(store)


def test_what_an_interrupted_writer_left_is_removed_and_the_live_build_kept(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    live = (store / CURRENT).read_text().strip()
    builds = store / "builds"
    # a kill while writing, one after writing the pointer file, one after the build was finished
    (builds / ".20990101T000000.000000000-aaaaaa.tmp").mkdir()
    (store / ".CURRENT.1234abcd").write_text("nothing\n")
    shutil.copytree(builds / live, builds / "20990101T000000.000000000-never")
    (small_corpus / "d.txt").write_text("Văn bản thứ tư về hội chợ du lịch.", encoding="utf-8")
    ingest_corpus(small_corpus, store, e5)
    new = (store / CURRENT).read_text().strip()
    assert sorted(p.name for p in builds.iterdir()) == sorted({live, new})  # the new and the one live before
    assert not list(store.glob(".CURRENT.*"))
    assert {c.source for c in load_store(store).chunks} == {"a.txt", "b.txt", "c.txt", "d.txt"}


def test_disk_full_is_one_clear_error_and_the_store_stays(small_corpus, tmp_path, e5, monkeypatch):
    import errno

    from index import store as store_module

    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    snapshot = _snapshot(store)
    (small_corpus / "d.txt").write_text("Văn bản thứ tư về hội chợ du lịch.", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module.np, "save", full)
    with pytest.raises(StoreError, match="no space left on the disk"):
        ingest_corpus(small_corpus, store, e5)
    monkeypatch.undo()
    assert _snapshot(store) == snapshot
    assert not [p for p in (store / "builds").iterdir() if p.name.startswith(".")]


def test_a_link_out_of_the_corpus_is_skipped_with_a_message(small_corpus, tmp_path, e5):
    outside = tmp_path / "secret.txt"
    outside.write_text("Mật khẩu máy chủ.", encoding="utf-8")
    (small_corpus / "link.txt").symlink_to(outside)
    (small_corpus / "broken.txt").symlink_to(tmp_path / "missing.txt")
    store = tmp_path / "store"
    report = ingest_corpus(small_corpus, store, e5)
    assert [(e.source, e.reason) for e in report.errors] == [
        ("link.txt", "a link to a file outside the corpus folder; skipped")
    ]
    assert str(tmp_path) not in " ".join(str(e) for e in report.errors)  # no server paths
    assert {c.source for c in load_store(store).chunks} == {"a.txt", "b.txt", "c.txt"}


def test_what_is_not_text_or_too_big_is_refused_with_the_reason(small_corpus, tmp_path, e5, monkeypatch):
    import os

    (small_corpus / "random.txt").write_bytes(os.urandom(65536))
    (small_corpus / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (small_corpus / "long.txt").write_text("Thông tin đối ngoại. " * 2000, encoding="utf-8")
    monkeypatch.setenv("VANBAN_MAX_CHARS", "30000")
    report = ingest_corpus(small_corpus, tmp_path / "store", e5)
    reasons = {e.source: e.reason for e in report.errors}
    assert "binary data" in reasons["random.txt"] or "not text" in reasons["random.txt"]
    assert reasons["binary.txt"]
    assert (
        reasons["long.txt"]
        == "42,000 characters, more than the 30,000 one file may have (set VANBAN_MAX_CHARS to allow more)"
    )
    assert {c.source for c in load_store(tmp_path / "store").chunks} == {"a.txt", "b.txt", "c.txt"}
    monkeypatch.setenv("VANBAN_MAX_CHARS", "100000")
    monkeypatch.setenv("VANBAN_MAX_PASSAGES", "3")
    report = ingest_corpus(small_corpus, tmp_path / "store", e5)
    assert "passages, more than the 3 one file may make" in {e.source: e.reason for e in report.errors}["long.txt"]


def test_adding_a_file_writes_only_that_file_and_a_new_build(small_corpus, tmp_path, counting):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, counting)
    first = load_store(store).manifest["segments"]
    before = {p: p.stat().st_mtime_ns for p in (store / "segments").rglob("*") if p.is_file()}
    counting.passages.clear()
    (small_corpus / "d.txt").write_text("Kế hoạch tổ chức hội chợ du lịch cộng đồng năm 2024.", encoding="utf-8")
    ingest_corpus(small_corpus, store, counting)
    loaded = load_store(store)
    assert loaded.manifest["segments"][: len(first)] == first and len(loaded.manifest["segments"]) == len(first) + 1
    assert {p: p.stat().st_mtime_ns for p in before} == before  # the other segments are not rewritten
    assert counting.passages and all("d.txt" in t or "hội chợ" in t for t in counting.passages)  # only the new file
    assert {c.source for c in loaded.chunks} == {"a.txt", "b.txt", "c.txt", "d.txt"}


def test_a_changed_file_replaces_its_old_version_and_search_sees_only_the_new(small_corpus, tmp_path, e5):
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    (small_corpus / "c.txt").write_text("Văn bản mới về trồng rừng ngập mặn ven biển.", encoding="utf-8")
    ingest_corpus(small_corpus, store, e5)
    loaded = load_store(store)
    assert [c.text for c in loaded.chunks if c.source == "c.txt"] == ["Văn bản mới về trồng rừng ngập mặn ven biển."]
    assert sum(d.source == "c.txt" for d in loaded.documents) == 1
    searcher = Searcher(loaded, e5)
    assert searcher.search("rừng ngập mặn", k=1)[0].chunk.source == "c.txt"
    assert loaded.bm25.size == len(loaded.chunks) == len(loaded.vectors)


def test_segments_are_merged_when_they_pile_up_and_the_store_reads_as_a_fresh_one(small_corpus, tmp_path, e5):
    from index.build import MAX_SEGMENTS

    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    for i in range(MAX_SEGMENTS + 2):
        (small_corpus / f"n{i}.txt").write_text(f"Văn bản thứ {i} về hội nghị tập huấn số {i}.", encoding="utf-8")
        if i % 3 == 2:
            (small_corpus / f"n{i - 1}.txt").unlink()  # removals too
        ingest_corpus(small_corpus, store, e5)
        assert len(load_store(store).manifest["segments"]) <= MAX_SEGMENTS
    grown = load_store(store)
    ingest_corpus(small_corpus, tmp_path / "fresh", e5)
    fresh = load_store(tmp_path / "fresh")
    by_text = lambda s: {c.text: s.vectors[i] for i, c in enumerate(s.chunks)}  # noqa: E731
    grown_vectors, fresh_vectors = by_text(grown), by_text(fresh)
    assert grown_vectors.keys() == fresh_vectors.keys()
    for text, vector in fresh_vectors.items():
        np.testing.assert_allclose(grown_vectors[text], vector, atol=1e-5)
    order = [c.text for c in fresh.chunks]
    at = {c.text: i for i, c in enumerate(grown.chunks)}
    np.testing.assert_allclose(
        grown.bm25.scores("hội nghị tập huấn")[[at[t] for t in order]],
        fresh.bm25.scores("hội nghị tập huấn"),
        rtol=1e-5,
    )
    used = set(grown.manifest["segments"])
    assert {p.name for p in (store / "segments").iterdir()} >= used  # and nothing else than what two builds use


def test_a_large_ingest_is_written_in_batches(small_corpus, tmp_path, e5, monkeypatch):
    from index import build

    monkeypatch.setattr(build, "BATCH_PASSAGES", 1)  # a segment per file, as a large archive would make
    store = tmp_path / "store"
    ingest_corpus(small_corpus, store, e5)
    loaded = load_store(store)
    assert len(loaded.manifest["segments"]) == 3
    assert {c.source for c in loaded.chunks} == {"a.txt", "b.txt", "c.txt"}
    assert Searcher(loaded, e5).search("biển đảo", k=1)[0].chunk.source == "a.txt"
    assert {e["segment"] for e in loaded.manifest["files"].values()} == set(loaded.manifest["segments"])


def test_a_store_with_graphs_finds_what_exact_search_finds(small_corpus, tmp_path, e5, monkeypatch):
    from index import store as store_module

    exact = Searcher(load_store(_ingested(small_corpus, tmp_path / "exact", e5)), e5)
    monkeypatch.setattr(store_module, "ANN_MIN", 2)  # every segment gets its graphs, as large ones do
    graphs = load_store(_ingested(small_corpus, tmp_path / "graphs", e5))
    assert graphs.approximate is not None and (tmp_path / "graphs" / "segments").rglob("vectors.hnsw")
    approximate = Searcher(graphs, e5)
    for query in ("biển đảo", "hội nghị trực tuyến", "nhiem vu thong tin doi ngoai", "ai ký văn bản"):
        for mode in ("dense", "hybrid"):
            want = [(h.chunk.text, round(h.score, 4)) for h in exact.search(query, k=3, mode=mode)]
            got = [(h.chunk.text, round(h.score, 4)) for h in approximate.search(query, k=3, mode=mode)]
            assert got == want, (query, mode)
    assert approximate.spread("biển đảo") == pytest.approx(exact.spread("biển đảo"), rel=0.05)


def _ingested(corpus: Path, store: Path, embedder) -> Path:
    ingest_corpus(corpus, store, embedder)
    return store


def test_stacked_segments_read_as_one_matrix_without_copying(tmp_path):
    from index.store import Stacked

    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((7, 4)).astype(np.float32), rng.standard_normal((5, 4)).astype(np.float32)
    np.save(tmp_path / "a.npy", a)
    np.save(tmp_path / "b.npy", b)
    live_b = np.array([0, 2, 4])  # rows 1 and 3 of the second segment deleted
    m = Stacked([(np.load(tmp_path / "a.npy", mmap_mode="r"), None), (np.load(tmp_path / "b.npy", mmap_mode="r"), live_b)], 4)  # fmt: skip
    whole = np.concatenate([a, b[live_b]])
    q = rng.standard_normal(4).astype(np.float32)
    assert m.shape == (10, 4) and len(m) == 10
    np.testing.assert_allclose(m @ q, whole @ q, rtol=1e-6)
    rows = np.array([9, 0, 7, 7, 3])
    np.testing.assert_array_equal(m[rows], whole[rows])
    np.testing.assert_array_equal(m[np.arange(10) % 2 == 0], whole[::2])
    np.testing.assert_array_equal(np.asarray(m), whole)
    with pytest.raises(IndexError):
        m[[10]]


def test_a_small_new_segment_does_not_drag_big_ones_into_a_merge():
    from index.build import MAX_SEGMENTS, _merge_group

    big = {f"s{i}": 5_000 for i in range(MAX_SEGMENTS)}
    live = {**big, "new": 12}
    small = sorted(live, key=live.get)
    assert _merge_group(small, live) == [f"s{i}" for i in range(5)]  # like sizes, a full segment at most
    live = {**{f"s{i}": 20_000 for i in range(MAX_SEGMENTS)}, "new": 12}
    assert _merge_group(sorted(live, key=live.get), live) is None  # nothing of like size to merge with
    live = {**live, "new2": 30, "new3": 7}
    assert _merge_group(sorted(live, key=live.get), live) == ["new3", "new", "new2"]  # the small ones together
