"""The `vanban` command as scripts call it: JSON contract, exit codes, messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import CORPUS


def vanban(*args: str, store=None, check: bool = False) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if store is not None:
        env["VANBAN_STORE"] = str(store)
    return subprocess.run(
        [sys.executable, "-m", "vanban.cli", *args], capture_output=True, text=True, env=env, check=check, timeout=300
    )


def test_search_json_contract(corpus_store):
    proc = vanban("search", "Nhiệm vụ và giải pháp của Kết luận 57 là gì?", "--k", "3", "--json", store=corpus_store)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"query", "results"}
    assert data["query"] == "Nhiệm vụ và giải pháp của Kết luận 57 là gì?"
    assert [r["rank"] for r in data["results"]] == [1, 2, 3]
    fields = {"rank": int, "score": float, "chunk_id": str, "doc_id": str, "title": str, "source": str, "text": str}
    from index.store import load_store

    store = load_store(corpus_store)
    chunks = {c.chunk_id: c for c in store.chunks}
    docs = {d.doc_id: d for d in store.documents}
    for r in data["results"]:
        assert set(r) == {*fields, "page", "section", "doc_code", "doc_type", "issuer", "date"}
        doc = docs[r["doc_id"]]
        assert (r["doc_code"], r["doc_type"], r["issuer"], r["date"]) == (doc.code, doc.doc_type, doc.issuer, doc.date)
        for key, kind in fields.items():
            assert isinstance(r[key], kind), key
        assert r["page"] is None or isinstance(r["page"], int)
        assert r["section"] is None or isinstance(r["section"], str)
        # text is the passage exactly as stored; source is relative to the corpus root.
        chunk = chunks[r["chunk_id"]]
        assert r["text"] == chunk.text == docs[r["doc_id"]].text[chunk.start : chunk.end]
        assert (CORPUS / r["source"]).is_file()
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("mode", ["dense", "bm25"])
def test_search_modes(corpus_store, mode):
    proc = vanban("search", "phân giới cắm mốc biên giới", "--mode", mode, "--k", "2", "--json", store=corpus_store)
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)["results"]
    assert len(results) == 2
    assert "don-duong" in results[0]["source"]


@pytest.mark.parametrize("query", ["", "   \t "])
def test_empty_query_is_a_clear_error(corpus_store, query):
    proc = vanban("search", query, "--json", store=corpus_store)
    assert proc.returncode == 2
    assert "the query is empty" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_search_without_store_says_how_to_build(tmp_path):
    proc = vanban("search", "kết luận 57", store=tmp_path / "none")
    assert proc.returncode == 1
    assert "vanban ingest" in proc.stderr and "Traceback" not in proc.stderr


def test_search_with_other_embedder_refused(corpus_store):
    proc = vanban("search", "kết luận 57", "--embedder", "st:other-model", store=corpus_store)
    assert proc.returncode == 1
    assert "store built with e5-small-q4, this search asked for st:other-model" in proc.stderr
    assert "vanban ingest --embedder st:other-model" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_ingest_reports_bad_files_and_exit_code(tmp_path):
    from tests.conftest import write_small_corpus

    corpus = write_small_corpus(tmp_path / "corpus")
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.4 broken")
    store = tmp_path / "store"
    proc = vanban("ingest", "--corpus", str(corpus), "--store", str(store), "--quiet", "--json")
    assert proc.returncode == 1
    assert "error: scan.pdf: not a readable PDF" in proc.stderr
    report = json.loads(proc.stdout)
    assert report["files"] == 3 and report["errors"][0]["source"] == "scan.pdf"
    # The good files were ingested and are searchable.
    proc = vanban("search", "trưng bày sách", "--k", "1", "--json", store=store)
    assert json.loads(proc.stdout)["results"][0]["source"] == "a.txt"


def test_filters(corpus_store):
    proc = vanban("search", "nhiệm vụ", "--type", "Kết luận", "--k", "20", "--json", store=corpus_store)
    results = json.loads(proc.stdout)["results"]
    assert results and {r["doc_code"] for r in results} == {"57-KL/TW"}
    proc = vanban("search", "thông tin đối ngoại", "--year", "2014", "--json", store=corpus_store)
    assert {r["doc_code"] for r in json.loads(proc.stdout)["results"]} == {"100-HD/BTGTU"}
    proc = vanban("search", "thông tin đối ngoại", "--issuer", "thai nguyen", "--json", store=corpus_store)
    assert {r["issuer"] for r in json.loads(proc.stdout)["results"]} <= {
        "Ban Tuyên giáo Tỉnh uỷ Thái Nguyên",
        "Ban Tuyên giáo Tỉnh ủy Thái Nguyên",
    }
    proc = vanban("search", "người ký", "--code", "KL 57", "--json", store=corpus_store)
    assert {r["doc_code"] for r in json.loads(proc.stdout)["results"]} == {"57-KL/TW"}
    proc = vanban("search", "người ký", "--code", "99-XX/YY", "--json", store=corpus_store)
    assert proc.returncode == 0 and json.loads(proc.stdout)["results"] == []


def test_human_output(corpus_store):
    proc = vanban("search", "hạn gửi báo cáo tổng kết", "--k", "2", store=corpus_store)
    assert proc.returncode == 0
    assert proc.stdout.startswith("1. [")
    assert "\n2. [" in proc.stdout


def test_ask_json_contract(corpus_store):
    proc = vanban("ask", "What are KL 57's tasks?", "--json", store=corpus_store)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"question", "found", "answer", "citations", "confidence", "kind"}
    assert data["found"] is True and data["question"] == "What are KL 57's tasks?"
    # the five tasks first, claimed as a list or shown as the guess before the nearest passages
    assert data["kind"] in ("list", "passages")
    assert [c["n"] for c in data["citations"]] == list(range(1, len(data["citations"]) + 1))
    assert len(data["citations"]) == 5 if data["kind"] == "list" else len(data["citations"]) > 5
    from index.store import load_store

    texts = {d.source: d.text for d in load_store(corpus_store).documents}
    for c in data["citations"]:
        assert set(c) == {"n", "chunk_id", "doc_code", "title", "section", "page", "source", "quote"}
        assert c["doc_code"] == "57-KL/TW" and f"[{c['n']}]" in data["answer"]
        assert c["quote"] in texts[c["source"]]


def test_ask_not_found_and_human_output(corpus_store):
    proc = vanban("ask", "Mức thuế thu nhập cá nhân năm 2024 là bao nhiêu?", "--json", store=corpus_store)
    assert json.loads(proc.stdout)["found"] is False
    proc = vanban("ask", "Ai ký Kết luận 57?", store=corpus_store)
    assert proc.returncode == 0, proc.stderr
    assert "**Trương Thị Mai** [1]" in proc.stdout and "[1] Kết luận 57-KL/TW" in proc.stdout


def test_a_query_that_is_not_utf8_gives_valid_utf8_json(corpus_store):
    env = dict(os.environ, VANBAN_STORE=str(corpus_store))
    proc = subprocess.run(
        [sys.executable, "-m", "vanban.cli", "search", b"nhi\xe1m v\xff KL 57", "--k", "1", "--json"],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout.decode("utf-8"))  # strict: raises on any byte that is not UTF-8
    assert "\ufffd" in data["query"] and data["results"]


def test_serve_warns_without_logins_on_an_open_address_and_refuses_bad_users(tmp_path, small_corpus):
    import socket

    bad = vanban("serve", "--auth", "no-colon", "--store", str(tmp_path / "s"))
    assert bad.returncode == 2 and "--auth: expected USER:PASSWORD, got 'no-colon'" in bad.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = [
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        str(port),
        "--corpus",
        str(small_corpus),
        "--store",
        str(tmp_path / "s"),
    ]
    proc = subprocess.Popen([sys.executable, "-m", "vanban.cli", *args], stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "WARNING" not in line and proc.poll() is None:
            line = proc.stderr.readline()
        assert "without logins" in line and "--auth USER:PASSWORD" in line
    finally:
        proc.kill()
        proc.wait(timeout=30)
