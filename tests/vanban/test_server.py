"""The server on loopback: its JSON API answers before the page is mounted, the page follows."""

from __future__ import annotations

import base64
import threading
import time

import httpx
import pytest

from tests.conftest import serve_app

QUESTION = "Huyện trưng bày sách gì về biển đảo?"


def test_the_api_answers_before_the_page_is_up_and_the_page_follows(library):
    release = threading.Event()

    def slow_page(library):
        import app

        assert release.wait(120)
        return app.page(library)

    server = serve_app(library, build_page=slow_page, page=False)
    try:
        url = server.url
        answered = httpx.post(f"{url}v1/ask", json={"question": QUESTION}, timeout=60)
        assert answered.status_code == 200
        assert answered.json() == library.answerer.ask(QUESTION).to_json()
        status = httpx.get(f"{url}v1/status").json()
        assert status["ready"] and not status["page"] and status["documents"] == 3
        starting = httpx.get(url)
        assert starting.status_code == 503 and starting.headers["retry-after"] == "1"
        assert "khởi động" in starting.text
        release.set()
        assert server.page_up.wait(120), server.failed
        assert httpx.get(f"{url}config").status_code == 200
        assert httpx.get(f"{url}v1/status").json()["page"] is True
        assert httpx.post(f"{url}v1/ask", json={"question": QUESTION}, timeout=60).status_code == 200
    finally:
        release.set()
        server.close()


def test_a_page_that_cannot_be_built_says_why_and_the_api_still_answers(library):
    def broken(library):
        raise RuntimeError("no theme <here>")

    server = serve_app(library, build_page=broken, page=False)
    try:
        url = server.url
        assert httpx.post(f"{url}v1/ask", json={"question": QUESTION}, timeout=60).status_code == 200
        deadline = time.monotonic() + 30
        while server.failed is None and time.monotonic() < deadline:  # the page is built in its own thread
            time.sleep(0.05)
        shown = httpx.get(url)
        assert shown.status_code == 500 and "RuntimeError: no theme &lt;here&gt;" in shown.text
        assert httpx.get(f"{url}v1/status").json()["page"] is False
    finally:
        server.close()


def test_search_gives_the_json_of_the_command_and_bad_requests_say_why(library):
    server = serve_app(library, page=False)
    try:
        url = server.url
        found = httpx.post(f"{url}v1/search", json={"query": "biển đảo", "k": 2, "mode": "bm25"}, timeout=60)
        hits = library.searcher.search("biển đảo", k=2, mode="bm25")
        assert found.json() == {"query": "biển đảo", "results": [h.to_json() for h in hits]}
        only = httpx.post(f"{url}v1/search", json={"query": "biển đảo", "code": "no-such-code"}, timeout=60)
        assert only.status_code == 200 and only.json()["results"] == []
        for body, reason in [
            ({"query": "  "}, "the question is empty"),
            ({"query": "biển", "k": 99}, "k must be a whole number from 1 to 50"),
            ({"query": "biển", "mode": "fuzzy"}, "unknown mode 'fuzzy'"),
            ({"query": "biển", "year": "năm ngoái"}, "year must be a year"),
        ]:
            refused = httpx.post(f"{url}v1/search", json=body)
            assert refused.status_code == 400 and reason in refused.json()["error"], refused.text
        assert httpx.post(f"{url}v1/ask", json={}).status_code == 422  # no question: the body's schema says so
        schema = httpx.get(f"{url}v1/openapi.json").json()
        assert {"/v1/ask", "/v1/search", "/v1/status"} <= set(schema["paths"])
        assert httpx.get(f"{url}v1/docs").status_code == 404  # not the starting page: no such endpoint
    finally:
        server.close()


def test_a_store_still_being_built_is_a_503_that_says_so(small_corpus, tmp_path):
    from vanban.library import Library

    library = Library(tmp_path / "store", small_corpus)
    library.start()  # no store yet: it is built in the background
    server = serve_app(library, page=False)
    try:
        refused = httpx.post(f"{server.url}v1/ask", json={"question": QUESTION})
        assert refused.status_code == 503 and "index not ready" in refused.json()["error"]
        assert library.wait(180), library.status
        assert httpx.post(f"{server.url}v1/ask", json={"question": QUESTION}, timeout=60).status_code == 200
    finally:
        server.close()


@pytest.mark.parametrize(
    "header, ok",
    [
        ("Basic " + base64.b64encode("minh:mật-khẩu:1".encode()).decode(), True),  # UTF-8, a colon in the password
        ("basic " + base64.b64encode("lan:abc".encode("latin-1")).decode(), True),  # the scheme in any case
        ("Basic " + base64.b64encode(b"minh:m\xe1t").decode(), False),  # Latin-1 bytes: another password
        ("Basic " + base64.b64encode(b"minh:sai").decode(), False),
        ("Basic " + base64.b64encode(b"ai:abc").decode(), False),  # no such user
        ("Basic " + base64.b64encode(b"minh").decode(), False),  # no colon
        ("Basic not*base64", False),
        ("Bearer " + base64.b64encode(b"lan:abc").decode(), False),
        ("", False),
    ],
)
def test_basic_credentials_are_read_as_utf8(header, ok):
    from vanban.server import credentials_match

    assert credentials_match(header, {"minh": "mật-khẩu:1", "lan": "abc"}) is ok
