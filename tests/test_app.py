"""The real Gradio app on loopback: first start builds the store, the named endpoints answer; page rendering."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import serve_app


@pytest.fixture
def running_app(small_corpus, tmp_path):
    from vanban.library import Library

    library = Library(tmp_path / "store", small_corpus)
    library.start()
    assert library.busy and "đang xây dựng" in library.status.lower()
    assert library.wait(180), library.status
    assert library.answerer is not None, library.status
    server = serve_app(library)
    yield library, server.url
    server.close()


def test_first_start_builds_store_and_named_endpoints_answer(running_app):
    from gradio_client import Client

    library, url = running_app
    assert library.status.startswith("3 văn bản")
    client = Client(url, verbose=False)
    data = client.predict("trưng bày sách biển đảo", 2, "hybrid", api_name="/search")
    assert data["query"] == "trưng bày sách biển đảo"
    assert data["results"][0]["source"] == "a.txt"
    assert data["results"][0]["rank"] == 1 and len(data["results"]) == 2
    answer = client.predict("Huyện trưng bày sách gì về biển đảo?", api_name="/ask")
    assert set(answer) == {"question", "found", "answer", "citations", "confidence", "kind"}
    assert answer["found"] and answer["citations"][0]["source"] == "a.txt"
    assert answer["citations"][0]["quote"] in (library.corpus / "a.txt").read_text(encoding="utf-8")


def test_answer_markers_become_links_and_html_is_escaped():
    import app

    page = app.render_answer_markdown("**Trương Thị Mai** [1] <script>x</script>")
    assert '<a class="vb-ref" href="#" data-action="view" data-n="1">[1]</a>' in page
    assert "<strong>Trương Thị Mai</strong>" in page and "<script>" not in page


def test_cards_escape_passages():
    from vanban import ui

    cite = {
        "n": 2, "label": "Kết luận 57-KL/TW", "issuer": "Bộ Chính trị", "date": "2023-06-15", "section": "II › 3",
        "page": 4, "source": "kl.pdf", "quote": "<b>x</b>", "cite": 'Kết luận "57"',
    }  # fmt: skip
    card = ui.card(cite, "vi")
    assert "&lt;b&gt;x&lt;/b&gt;" in card and "<b>x</b>" not in card
    assert "Kết luận 57-KL/TW · Bộ Chính trị · 15/6/2023" in card and "mục II › 3 · tr. 4 · tệp kl.pdf" in card
    assert 'data-cite="Kết luận &quot;57&quot;"' in card
    assert "View source" in ui.card(cite, "en")


def test_english_and_vietnamese_texts_have_the_same_keys():
    from vanban import ui

    assert set(ui.TEXT["vi"]) == set(ui.TEXT["en"]) and set(ui.EXAMPLES) == set(ui.TEXT)


def test_viewer_marks_the_cited_passage_on_its_page(tmp_path):
    from vanban import ui
    from vanban.records import Document

    text = "Trang một.\nTrang hai có đoạn <trích>.\n"
    doc = Document("d", "d.pdf", "Tiêu đề", text, "-", page_starts=((1, 0), (2, 11)))

    start = text.index("đoạn")
    cite = {"n": 1, "doc_id": "d", "start": start, "end": start + len("đoạn <trích>"), "cite": "Tiêu đề, tr. 2."}
    page = ui.render_document(doc, cite, "vi")
    assert '<mark id="vb-mark">đoạn &lt;trích&gt;</mark>' in page
    assert page.index("— tr. 2 —") < page.index("<mark")


def test_a_built_store_is_opened_not_rebuilt(corpus_store, tmp_path):
    import shutil

    import app
    from vanban.library import Library

    store = tmp_path / "store"
    shutil.copytree(corpus_store, store)
    library = Library(store, tmp_path / "no-corpus-needed")
    library.start()
    assert not library.busy and library.answerer is not None
    app.build_app(library)
    assert library.answerer.ask("Ai ký Kết luận 57?").found


def test_answer_badges_tell_a_claim_from_passages_and_not_found():
    import app
    from vanban.records import Answer

    sure = app.answer_badge(Answer("?", True, "x", kind="list", confidence=0.934), "vi")
    assert sure == ('<div class="vb-badge vb-sure">Danh sách · Độ tin cậy 93%</div>', "vb-answer vb-sure")
    unsure = app.answer_badge(Answer("?", True, "x", kind="passages", confidence=0.41), "en")
    assert unsure == ('<div class="vb-badge vb-unsure">Not sure · Confidence 41%</div>', "vb-answer vb-unsure")
    missing = app.answer_badge(Answer("?", False, "x", kind="not-found"), "vi")
    assert missing[1] == "vb-answer vb-nf" and "Không tìm thấy" in missing[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("nhiệm vụ", 0, "hybrid"), "k must be a whole number from 1 to 50"),
        (("nhiệm vụ", "abc", "hybrid"), "k must be a whole number from 1 to 50, got 'abc'"),
        (("nhiệm vụ", 5, "foo"), "unknown mode 'foo'"),
        (("   ", 5, "hybrid"), "the question is empty"),
    ],
)
def test_api_errors_say_what_is_wrong(running_app, args, says):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    _, url = running_app
    with pytest.raises(AppError, match=says):
        Client(url, verbose=False).predict(*args, api_name="/search")


def test_ask_api_refuses_an_empty_question_with_the_reason(running_app):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    _, url = running_app
    with pytest.raises(AppError, match="the question is empty"):
        Client(url, verbose=False).predict("", api_name="/ask")


def test_signing_in_is_required_when_users_are_given(running_app):
    """The page asks for its login, the JSON API for HTTP Basic credentials of the same users."""
    import httpx

    library, _ = running_app
    server = serve_app(library, users=[("minh", "mật-khẩu-1")])
    try:
        url = server.url.rstrip("/")
        assert httpx.get(f"{url}/config").status_code == 401  # nothing but the login page without a session
        session = httpx.Client()
        assert session.post(f"{url}/login", data={"username": "minh", "password": "sai"}).status_code == 400
        assert session.post(f"{url}/login", data={"username": "minh", "password": "mật-khẩu-1"}).status_code == 200
        assert session.get(f"{url}/config").status_code == 200
        question = {"question": "Huyện trưng bày sách gì về biển đảo?"}
        refused = httpx.post(f"{url}/v1/ask", json=question)
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Basic"
        assert httpx.post(f"{url}/v1/ask", json=question, auth=("minh", "sai")).status_code == 401
        answered = httpx.post(f"{url}/v1/ask", json=question, auth=("minh", "mật-khẩu-1"), timeout=60)
        assert answered.status_code == 200 and answered.json()["citations"][0]["source"] == "a.txt"
    finally:
        server.close()


def test_a_busy_port_is_one_clear_error(running_app):
    from vanban.server import ServeError, serve

    library, url = running_app
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    with pytest.raises(ServeError, match=f"port {port} on 127.0.0.1 is in use"):
        serve(library, "127.0.0.1", port)


def test_the_load_test_runs_many_users_on_loopback(small_corpus, tmp_path):
    from eval.load import run_load
    from vanban.library import Library

    library = Library(tmp_path / "store", small_corpus)
    library.start()
    assert library.wait(180), library.status
    for via in ("page", "api"):
        result = run_load(tmp_path / "store", small_corpus, "search", users=4, seconds=3, via=via)
        assert result["via"] == via and result["many"]["users"] == 4 and result["many"]["requests"] > 4
        assert result["alone"]["errors"] == 0 and result["many"]["errors"] == 0, result


def test_the_http_upload_route_refuses_more_than_the_limit(running_app):
    import httpx

    from vanban.library import MAX_UPLOAD_BYTES

    _, url = running_app
    big = b"0" * (MAX_UPLOAD_BYTES + 1024)
    response = httpx.post(f"{url}gradio_api/upload", files={"files": ("big.txt", big, "text/plain")}, timeout=60)
    assert response.status_code in (400, 413), response.status_code
    small = httpx.post(f"{url}gradio_api/upload", files={"files": ("small.txt", b"abc", "text/plain")}, timeout=60)
    assert small.status_code == 200


def test_collection_controls_move_drop_and_annotate():
    from vanban.ui import edit_collection

    clips = [{"quote": q, "reference": "r", "source": "s"} for q in ("a", "b", "c")]
    assert [c["quote"] for c in edit_collection(clips, "down:1:99")] == ["b", "a", "c"]
    assert [c["quote"] for c in edit_collection(clips, "up:1:99")] == ["a", "b", "c"]  # the first stays first
    assert [c["quote"] for c in edit_collection(clips, "drop:2:99")] == ["a", "c"]
    noted = edit_collection(clips, "note:3:99", "  cho bài giảng  ")
    assert noted[2]["note"] == "cho bài giảng" and "note" not in clips[2]  # a new list; the old one unchanged
    assert edit_collection(clips, "drop:9:99") == clips  # out of range: nothing happens


def test_history_keeps_the_newest_first_once_each():
    from vanban.ui import MAX_HISTORY, remember

    history = []
    for q in ("a", "b", "a"):
        history = remember(history, q, "ask")
    assert [h["q"] for h in history] == ["a", "b"]
    for n in range(MAX_HISTORY + 5):
        history = remember(history, f"q{n}", "search")
    assert len(history) == MAX_HISTORY and history[0]["q"] == f"q{MAX_HISTORY + 4}"


def test_documents_table_escapes_and_names_every_document():
    from vanban.records import Document
    from vanban.ui import render_documents

    docs = [
        Document("a", "a.txt", "<x>", "t", "-", code="57-KL/TW", doc_type="Kết luận", date="2023-06-15"),
        Document("b", "uploads/b.txt", "Kế hoạch hội thảo", "t", "-", doc_type="Kế hoạch", issuer="Huyện uỷ"),
    ]
    table = render_documents(docs, {"a": 15}, "en")
    assert table.count('<tr data-id="') == 2 and '<th class="vb-issuer">Issuing body</th>' in table
    assert "Kết luận 57-KL/TW<small>a.txt</small>" in table and ">15/6/2023<" in table and ">0<" in table


def test_serving_quiets_the_libraries_that_log_no_news():
    import logging

    from vanban.server import quiet_logs

    quiet_logs()
    assert not logging.getLogger("faiss.loader").isEnabledFor(logging.INFO)
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)


def test_a_build_loaded_while_the_page_refreshes_is_shown_on_the_next_tick(corpus_store, tmp_path):
    """The table and filters are marked seen with the build they were read from, never a newer one."""
    import shutil

    import app
    from vanban.library import Library

    store = tmp_path / "store"
    shutil.copytree(corpus_store, store)
    library = Library(store, tmp_path / "no-corpus-needed")
    library.start()
    page = app.Page(library)
    read = library.documents

    def documents_while_a_build_loads():
        docs = read()
        library.version += 1  # what a build loading in the background does between two reads
        return docs

    library.documents = documents_while_a_build_loads
    before = library.version
    _, seen, *updates = page.refresh(0, "", "vi", None)
    assert seen == before and library.version > before
    library.documents = read
    _, seen, *updates = page.refresh(seen, "", "vi", None)
    assert seen == library.version
    assert "Kết luận 57-KL/TW" in updates[4]["html"]


def test_collection_downloads_are_written_once_per_collection_and_old_ones_dropped():
    from vanban.ui import Exports

    exports = Exports(keep=2)
    clip = {"quote": "Trưng bày sách về biển đảo.", "reference": "Kế hoạch 27-KH/HU", "source": "a.txt"}
    assert exports.write([]) == (None, None)
    md, docx = exports.write([clip])
    assert "biển đảo" in Path(md).read_text(encoding="utf-8") and Path(docx).stat().st_size > 0
    assert exports.write([clip]) == (md, docx)  # a page load or a restore: the same files, nothing new
    assert len(list(exports.root.iterdir())) == 1
    for n in range(3):
        exports.write([clip, {**clip, "note": f"ghi chú {n}"}])
    assert len(list(exports.root.iterdir())) == 2 and not Path(md).exists()  # the least recently used went
    root = exports.root
    del exports
    assert not root.exists()  # the folder goes with the server
