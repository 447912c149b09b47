"""The real Gradio app on loopback: first start builds the store, the named endpoint answers."""

from __future__ import annotations

import socket
import time

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def running_app(small_corpus, tmp_path):
    import app

    engine = app.Engine(tmp_path / "store", small_corpus)
    engine.start()
    assert engine.building and "đang xây dựng" in engine.status.lower()
    deadline = time.time() + 120
    while engine.building and time.time() < deadline:
        time.sleep(0.2)
    assert engine.searcher is not None, engine.status
    demo = app.build_app(engine)
    port = _free_port()
    demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, ssr_mode=False, quiet=True)
    yield engine, f"http://127.0.0.1:{port}/"
    demo.close()


def test_first_start_builds_store_and_api_answers(running_app):
    from gradio_client import Client

    engine, url = running_app
    assert engine.status.startswith("3 văn bản")
    client = Client(url, verbose=False)
    data = client.predict("trưng bày sách biển đảo", 2, "hybrid", api_name="/search")
    assert data["query"] == "trưng bày sách biển đảo"
    assert data["results"][0]["source"] == "a.txt"
    assert data["results"][0]["rank"] == 1 and len(data["results"]) == 2


def test_render_escapes_passages():
    import app
    from vanban.records import Chunk, Document, Hit

    chunk = Chunk("d#0", "d", "d.txt", "Tiêu đề <b>", 3, "I. MỤC", 0, 9, "<script>x")
    doc = Document("d", "d.txt", "Tiêu đề", "x", "-", code="57-KL/TW", issuer="Bộ Chính trị", date="2023-06-15")
    page = app.render_hits([Hit(1, 0.5, chunk, doc)])
    assert "<script>" not in page and "&lt;script&gt;x" in page
    assert "trang 3" in page and "mục I. MỤC" in page and "Nguồn: d.txt" in page
    assert "57-KL/TW · Bộ Chính trị · 15/6/2023" in page
