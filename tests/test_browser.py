"""The app in a real browser: headless Chromium (Debian's package) driven by Playwright, on loopback.

Screenshots are saved in test-artifacts/browser/. Without Chromium these tests are skipped, unless
VANBAN_REQUIRE_BROWSER=1 (CI sets it) turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.test_app import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
QUESTION = "Nhiệm vụ và giải pháp của Kết luận 57 là gì?"

if not Path(CHROMIUM).exists():
    if os.environ.get("VANBAN_REQUIRE_BROWSER") == "1":
        raise RuntimeError("Chromium is required for the browser tests: apt-get install chromium")
    pytest.skip("Chromium not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def app_url(corpus_store, tmp_path_factory):
    """The app over a copy of the corpus and of its built store, so uploads touch neither."""
    import app
    from vanban.library import Library

    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(CORPUS, root / "corpus")
    shutil.copytree(corpus_store, root / "store")
    library = Library(root / "store", root / "corpus")
    library.start()
    demo = app.build_app(library)
    port = free_port()
    app.launch(demo, port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/", library
    demo.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 1300}, accept_downloads=True)
    pg = context.new_page()
    pg.goto(app_url[0])
    pg.wait_for_selector("#vb-query textarea")
    yield pg
    context.close()


def ask(page, question: str):
    box = page.locator("#vb-query textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_selector("#vb-results .vb-answer, #vb-results .vb-note, #vb-results .vb-cite", timeout=60_000)


def test_ask_kl57_tasks_by_typing_and_enter(page):
    ask(page, QUESTION)
    answer = page.locator("#vb-results .vb-answer")
    assert answer.locator("li").count() == 5
    assert "Tiếp tục quán triệt" in answer.locator("li").first.inner_text()
    cards = page.locator("#vb-results .vb-cite")
    assert cards.count() == 5
    assert all("57-KL/TW" in cards.nth(i).inner_text() for i in range(5))
    badge = page.locator("#vb-results .vb-badge.vb-sure").inner_text()
    assert badge.startswith("Danh sách · Độ tin cậy") and badge.endswith("%")
    page.screenshot(path=str(ARTIFACTS / "ask-kl57.png"), full_page=True)


def test_an_unsure_answer_looks_unsure(page, app_url):
    library = app_url[1]
    sure = library.answerer.reader
    library.answerer.reader = type(sure)(**{**sure.__dict__, "show": 1.01})  # nothing is sure enough
    try:
        ask(page, "Hội nghị trực tuyến kéo dài bao lâu?")
        page.wait_for_selector("#vb-results .vb-answer.vb-unsure")
        assert page.locator("#vb-results .vb-badge.vb-unsure").inner_text().startswith("Chưa chắc chắn")
        assert page.locator("#vb-results .vb-answer strong").count() >= 1  # the best sentence of each passage
        page.screenshot(path=str(ARTIFACTS / "ask-unsure.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 900})
        page.screenshot(path=str(ARTIFACTS / "ask-unsure-390.png"), full_page=True)
    finally:
        library.answerer.reader = sure


def test_citation_opens_the_source_viewer_with_the_passage_marked(page):
    ask(page, QUESTION)
    quote = page.locator("#vb-cite-3 .vb-quote").inner_text()
    page.locator("#vb-results .vb-answer a.vb-ref[data-n='3']").click()
    mark = page.locator("#vb-viewer mark")
    mark.wait_for(timeout=30_000)
    assert mark.inner_text().strip() == quote.strip()
    assert "Kết luận số 57-KL/TW ngày 15/6/2023" in page.locator("#vb-viewer .vb-ref-line").inner_text()
    time.sleep(0.5)  # the scroll into view is animated
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] <= page.viewport_size["height"]
    page.screenshot(path=str(ARTIFACTS / "source-viewer.png"))


def test_copy_citation_puts_the_standard_reference_on_the_clipboard(page):
    ask(page, QUESTION)
    page.locator("#vb-cite-2 [data-action=copy]").click()
    page.wait_for_function("() => window.vanbanCopied !== undefined")
    copied = page.evaluate("() => window.vanbanCopied")
    assert copied.startswith("Kết luận số 57-KL/TW ngày 15/6/2023 của Bộ Chính trị")
    assert "mục II- NHIỆM VỤ VÀ GIẢI PHÁP › 2" in copied


def test_collect_and_export_markdown_and_docx(page, tmp_path):
    ask(page, QUESTION)
    first = page.locator("#vb-cite-1 .vb-quote").inner_text()
    page.locator("#vb-cite-1 [data-action=add]").click()
    page.locator("#vb-cite-4 [data-action=add]").click()
    page.get_by_role("tab", name="Bộ sưu tập").click()
    page.wait_for_function("() => document.querySelector('#vb-collection')?.textContent.includes('2 đoạn trích')")
    page.screenshot(path=str(ARTIFACTS / "collection.png"))
    with page.expect_download() as md:
        page.locator("#vb-export-md").click()
    text = Path(md.value.path()).read_text(encoding="utf-8")
    assert f"> {first.strip()}" in text and text.count("Kết luận số 57-KL/TW ngày 15/6/2023") == 2
    with page.expect_download() as dx:
        page.locator("#vb-export-docx").click()
    from docx import Document

    paragraphs = [p.text for p in Document(dx.value.path()).paragraphs]
    assert first.strip() in paragraphs
    assert any(p.startswith("[2] Kết luận số 57-KL/TW") for p in paragraphs)


def test_upload_a_file_then_find_it(page, app_url, tmp_path):
    library = app_url[1]
    upload = tmp_path / "Kế hoạch hội thảo chè.txt"
    upload.write_text(
        "KẾ HOẠCH\nTổ chức hội thảo quảng bá đặc sản chè Tân Cương với bạn bè quốc tế năm 2024.\n"
        "Giao Sở Công Thương chủ trì hội thảo chè Tân Cương.\n",
        encoding="utf-8",
    )
    page.get_by_role("tab", name="Văn bản").click()
    page.locator("#vb-upload input[type=file]").set_input_files(str(upload))
    page.wait_for_timeout(500)
    page.locator("#vb-add").click()
    page.wait_for_function("() => document.querySelector('#vb-doc-message').innerText.includes('Đã nhận')")
    assert library.wait(180), library.status
    page.wait_for_function(
        "() => document.querySelector('#vb-docs').innerText.includes('uploads/Kế hoạch hội thảo chè.txt')",
        timeout=30_000,
    )
    page.screenshot(path=str(ARTIFACTS / "documents.png"), full_page=True)
    page.get_by_role("tab", name="Hỏi đáp & tìm kiếm").click()
    page.locator("#vb-mode label", has_text="Tìm kiếm").click()
    ask(page, "hội thảo chè Tân Cương")
    assert "uploads/Kế hoạch hội thảo chè.txt" in page.locator("#vb-cite-1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "search-uploaded.png"))


def test_refused_upload_says_why(page, tmp_path):
    bad = tmp_path / "scan.pdf"  # the file picker only offers the supported types; this one has no text
    bad.write_bytes(b"%PDF-1.4 this is not a PDF")
    page.get_by_role("tab", name="Văn bản").click()
    page.locator("#vb-upload input[type=file]").set_input_files(str(bad))
    page.wait_for_timeout(500)
    page.locator("#vb-add").click()
    page.wait_for_function("() => document.querySelector('#vb-doc-message').innerText.includes('scan.pdf')")
    assert "không đọc được" in page.locator("#vb-doc-message").inner_text()


def test_very_long_and_garbage_input(page):
    ask(page, "nhiệm vụ thông tin đối ngoại " * 120)  # about 3,500 characters
    assert "chỉ dùng 2000 ký tự đầu" in page.locator("#vb-results").inner_text()
    ask(page, "@@@ ### !!! qwzx")
    page.wait_for_selector("#vb-results .vb-nf")
    assert "Không tìm thấy câu trả lời" in page.locator("#vb-results").inner_text()


def test_empty_question_and_english_switch(page):
    page.locator("#vb-query textarea").press("Enter")
    page.wait_for_selector("#vb-results .vb-note")
    assert "Hãy nhập câu hỏi" in page.locator("#vb-results").inner_text()
    page.locator("#vb-lang label", has_text="English").click()
    page.wait_for_function("() => document.body.innerText.includes('Question or keywords')")
    page.wait_for_function("() => document.querySelector('#vb-status').innerText.includes('documents')")
    ask(page, "What are KL 57's tasks?")
    assert page.locator("#vb-results .vb-cite").first.locator("[data-action=view]").inner_text() == "View source"
    page.screenshot(path=str(ARTIFACTS / "english.png"))
