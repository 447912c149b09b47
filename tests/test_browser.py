"""The app in a real browser: headless Chromium (Debian's package) driven by Playwright, on loopback.

Screenshots are saved in test-artifacts/browser/. Without Chromium these tests are skipped, unless
VANBAN_REQUIRE_BROWSER=1 (CI sets it) turns the skip into a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS, free_port, serve_app

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
    from vanban.library import Library

    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(CORPUS, root / "corpus")
    shutil.copytree(corpus_store, root / "store")
    library = Library(root / "store", root / "corpus")
    library.start()
    server = serve_app(library)
    yield server.url, library
    server.close()


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


def upload_files(page, *paths: Path):
    """Choose files with the upload button (its file input is hidden, as a person never sees it)."""
    with page.expect_file_chooser() as chooser:
        page.locator("#vb-upload").click()
    chooser.value.set_files([str(p) for p in paths])


SHOWN = ("#vb-results .vb-answer", "#vb-results .vb-note", "#vb-results .vb-cite")


def ask(page, question: str):
    """Ask and wait for this question's results: what an earlier question showed is marked stale first
    (waiting for any answer returned at once after a second question, before its results came)."""
    page.evaluate("s => document.querySelectorAll(s).forEach(e => e.dataset.stale = '1')", ", ".join(SHOWN))
    box = page.locator("#vb-query textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_selector(", ".join(f"{s}:not([data-stale])" for s in SHOWN), timeout=60_000)


def shows(page, selector: str, text: str, around: str, timeout: float = 30_000, context=lambda: "") -> None:
    """Wait for the element `selector` to show `text`; on a timeout, say what `around` held, and
    `context()` (what the server held then)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "([s, t]) => (document.querySelector(s)?.innerText || '').includes(t)",
            arg=[selector, text],
            timeout=timeout,
        )
    except PlaywrightTimeout:
        held = page.evaluate("s => document.querySelector(s)?.outerHTML ?? '(not on the page)'", around)
        pytest.fail(f"{selector} never showed {text!r}; {context()}\n{around} held:\n{held[:3000]}")


def shows_table(page, library, text: str) -> None:
    """Wait for the documents table to show `text`; on a timeout, with the library's version and status
    and the version the page holds (#vb-seen)."""
    shows(page, "#vb-docs", text, around="#vb-docs", timeout=60_000, context=lambda: (
        f"library version {library.version}, status {library.status!r}; "
        f"the page holds version {page.locator('#vb-seen input').input_value()}, "
        f"its status line {page.locator('#vb-status').inner_text()!r}"
    ))  # fmt: skip


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


def collection_count(page, n: int):
    page.wait_for_function(
        f"() => document.querySelector('#vb-collection')?.textContent.includes('{n} đoạn trích')", timeout=90_000
    )


def test_collect_reorder_annotate_and_export(page, tmp_path):
    ask(page, QUESTION)
    first = page.locator("#vb-cite-1 .vb-quote").inner_text().strip()
    page.locator("#vb-cite-1 [data-action=add]").click()
    page.locator("#vb-cite-4 [data-action=add]").click()
    page.get_by_role("tab", name="Sưu tập").click()
    collection_count(page, 2)
    assert first in page.locator("#vb-clip-1 .vb-quote").inner_text()  # the whole list item, its number too
    # move the first quote down, annotate it, then drop the other
    page.locator("#vb-clip-1 [data-action=down]").click()
    page.wait_for_function(
        "q => document.querySelector('#vb-clip-2 .vb-quote')?.textContent.includes(q)", arg=first[:40]
    )
    box = page.locator("#vb-clip-2 textarea")
    box.fill("Dùng cho bài giảng buổi 2")
    box.blur()
    page.wait_for_timeout(1500)
    assert page.locator("#vb-clip-2 textarea").input_value() == "Dùng cho bài giảng buổi 2"
    page.screenshot(path=str(ARTIFACTS / "collection.png"), full_page=True)
    with page.expect_download() as md:
        page.locator("#vb-export-md").click()
    text = Path(md.value.path()).read_text(encoding="utf-8")
    assert text.index("[^1]") < text.index(first[:40])  # the moved quote is now the second
    assert "*Ghi chú:* Dùng cho bài giảng buổi 2" in text
    assert "[^2]: Kết luận số 57-KL/TW ngày 15/6/2023 của Bộ Chính trị" in text
    with page.expect_download() as dx:
        page.locator("#vb-export-docx").click()
    import zipfile

    from docx import Document

    doc = Document(dx.value.path())
    assert round(doc.sections[0].page_width.mm) == 210 and round(doc.sections[0].page_height.mm) == 297  # A4
    assert any(first[:40] in p.text for p in doc.paragraphs)
    with zipfile.ZipFile(dx.value.path()) as z:
        assert z.read("word/footnotes.xml").decode().count("Kết luận số 57-KL/TW ngày 15/6/2023") == 2
    page.locator("#vb-clip-1 [data-action=drop]").click()
    collection_count(page, 1)
    assert first[:40] in page.locator("#vb-clip-1 .vb-quote").inner_text()


def test_a_quote_is_whole_not_cut_at_a_semicolon(page, app_url):
    ask(page, "Thành phần dự hội nghị cấp huyện")
    page.locator("#vb-cite-1 [data-action=add]").click()
    page.get_by_role("tab", name="Sưu tập").click()
    page.wait_for_selector("#vb-clip-1")
    quote = page.locator("#vb-clip-1 .vb-quote").inner_text().strip()
    texts = ["\n" + d.text + "\n" for d in app_url[1].documents()]
    assert any(f"\n{quote}\n" in t for t in texts), quote  # whole lines: whole sentences or list items


def test_collection_and_history_survive_a_reload_and_a_restart(browser, app_url):
    """Both live in the browser, encrypted with the key in the store: a new server on the same
    address (the same origin for the browser) reads them back."""
    from vanban.library import Library

    library = app_url[1]
    port = free_port()

    def start():
        served = Library(library.store, library.corpus)
        served.start()
        return serve_app(served, port=port)

    server = start()
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("#vb-query textarea")
        page.wait_for_function("() => document.querySelector('#vb-status').innerText.includes('văn bản')")
        ask(page, "Ai ký Kết luận 57?")
        page.locator("#vb-cite-1 [data-action=add]").click()
        ask(page, QUESTION)
        page.get_by_role("tab", name="Sưu tập").click()
        collection_count(page, 1)
        page.reload()
        page.wait_for_selector("#vb-query textarea")
        page.locator("#vb-history-box").get_by_text("Câu hỏi đã hỏi").click()
        page.wait_for_function(
            "q => document.querySelector('#vb-history')?.innerText.includes(q)", arg="Ai ký Kết luận 57?"
        )
        history = page.locator("#vb-history").inner_text()
        assert history.index(QUESTION) < history.index("Ai ký Kết luận 57?")  # newest first
        page.screenshot(path=str(ARTIFACTS / "history.png"), full_page=True)
        server.close()
        server = start()  # a restart: a new server, the same store and address
        page.reload()
        page.wait_for_selector("#vb-query textarea")
        page.get_by_role("tab", name="Sưu tập").click()
        collection_count(page, 1)
        page.get_by_role("tab", name="Hỏi đáp").click()
        page.locator("#vb-history-box").get_by_text("Câu hỏi đã hỏi").click()
        page.locator("#vb-history").get_by_text("Ai ký Kết luận 57?").click()  # asks it again
        page.wait_for_function("() => document.querySelector('#vb-results .vb-answer')?.innerText.includes('Mai')")
    finally:
        context.close()
        server.close()


def test_an_example_asks_when_clicked(page):
    page.locator("#vb-examples").get_by_text("Ai ký Kết luận 57?").click()
    page.wait_for_selector("#vb-results .vb-answer", timeout=60_000)
    assert page.locator("#vb-query textarea").input_value() == "Ai ký Kết luận 57?"
    assert "Trương Thị Mai" in page.locator("#vb-results .vb-answer").inner_text()


def test_feedback_on_an_answer_is_kept_in_the_store(page, app_url):
    library = app_url[1]
    ask(page, "Ai ký Kết luận 57?")
    page.locator("#vb-feedback-note textarea").fill("thiếu chức vụ người ký")
    page.locator("#vb-wrong").click()
    page.wait_for_function("() => document.querySelector('#vb-feedback-done').innerText.includes('Cảm ơn')")
    import json

    last = json.loads((library.store / "feedback.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert last["question"] == "Ai ký Kết luận 57?" and last["verdict"] == "wrong"
    assert last["note"] == "thiếu chức vụ người ký" and last["citations"][0]["source"]
    assert not page.locator("#vb-feedback").is_visible()  # one verdict per answer


def test_the_source_opens_beside_the_answer_with_the_pdf_page_and_the_original(page, app_url, tmp_path):
    from tests.ingest.test_readers import _pdf

    library = app_url[1]
    pdf = _pdf(tmp_path / "bao-cao-cang-bien.pdf", [
        "BÁO CÁO\nKết quả thông tin đối ngoại về cảng biển Hải Phòng năm 2024.",
        "Trang hai: tổ chức đón đoàn phóng viên quốc tế tham quan cảng Lạch Huyện.",
    ])  # fmt: skip
    page.get_by_role("tab", name="Văn bản").click()
    upload_files(page, pdf)
    page.wait_for_function("() => document.querySelector('#vb-doc-message').innerText.includes('Đã nhận')")
    assert library.wait(180), library.status
    page.get_by_role("tab", name="Hỏi đáp").click()
    page.locator("#vb-mode label", has_text="Tìm kiếm").click()
    ask(page, "đoàn phóng viên quốc tế tham quan cảng Lạch Huyện")
    assert "bao-cao-cang-bien.pdf" in page.locator("#vb-cite-1").inner_text()
    page.locator("#vb-cite-1 [data-action=view]").click()
    page.wait_for_selector("#vb-viewer mark")
    image = page.locator("#vb-page-image img")
    image.wait_for(timeout=30_000)
    cited = re.search(r"tr\. (\d+)", page.locator("#vb-cite-1 .vb-meta").inner_text())[1]
    assert f"Trang {cited} của bản gốc" in page.locator("#vb-page-image").inner_text()  # the cited page
    results, viewer = page.locator("#vb-results").bounding_box(), page.locator("#vb-viewer-box").bounding_box()
    assert viewer["x"] > results["x"] + results["width"] - 5  # beside the results, not below them
    page.screenshot(path=str(ARTIFACTS / "viewer-pdf.png"))
    with page.expect_download() as original:
        page.locator("#vb-original").click()
    assert Path(original.value.path()).read_bytes() == pdf.read_bytes()
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=str(ARTIFACTS / "viewer-pdf-390.png"), full_page=True)


def test_documents_table_edit_and_remove_with_confirmation(page, app_url, tmp_path):
    library = app_url[1]
    page.get_by_role("tab", name="Văn bản").click()
    table = page.locator("#vb-docs")
    page.wait_for_function("() => document.querySelector('#vb-docs').innerText.includes('Kết luận 57-KL/TW')")
    headers = table.locator("thead th").all_inner_texts()
    assert headers == ["Văn bản", "Loại", "Cơ quan ban hành", "Ngày", "Số đoạn"]
    fits = page.evaluate("() => { const t = document.querySelector('#vb-docs table'); "
                         "return t.getBoundingClientRect().right <= document.documentElement.clientWidth; }")  # fmt: skip
    assert fits, "the documents table is wider than the page"
    # a bundled document: protected
    table.get_by_text("Hướng dẫn 100-HD/BTGTU").first.click()
    page.wait_for_function("() => document.querySelector('#vb-protected').innerText.includes('được bảo vệ')")
    assert page.locator("#vb-remove").is_disabled()
    # an uploaded one: its details corrected from the page, then removed after a confirmation
    plan = tmp_path / "ke-hoach-hoi-thao.txt"
    plan.write_text("KẾ HOẠCH\nTổ chức hội thảo về quảng bá hình ảnh du lịch Tam Đảo.\n", encoding="utf-8")
    upload_files(page, plan)
    assert library.wait(180), library.status
    page.wait_for_function("() => document.querySelector('#vb-docs').innerText.includes('Tam Đảo')")
    table.get_by_text("Tam Đảo").first.click()
    page.wait_for_function("() => !document.querySelector('#vb-remove').disabled")
    page.locator("#vb-edit-box").get_by_text("Sửa thông tin văn bản").click()
    # typed once the opened form shows the document's details; typed within milliseconds of the form
    # coming up (as no person types), a field could still take the document's value after the typing
    # (a code saved empty, the date typed after it kept): typed again until what was typed stays
    page.wait_for_function("() => document.querySelector('#vb-edit-title textarea')?.value.includes('Tam Đảo')")
    code, date = page.locator("#vb-edit-code textarea"), page.locator("#vb-edit-date textarea")
    for _ in range(5):
        code.fill("27-KH/HU")
        date.fill("5/3/2024")
        page.wait_for_timeout(300)
        if (code.input_value(), date.input_value()) == ("27-KH/HU", "5/3/2024"):
            break
    assert (code.input_value(), date.input_value()) == ("27-KH/HU", "5/3/2024"), "what was typed did not stay"
    page.locator("#vb-save").click()
    page.wait_for_function("() => document.querySelector('#vb-doc-message').innerText.includes('Đã lưu')")
    assert library.wait(180), library.status
    # the server's side first, then the page's: a failure says which of them did not follow
    assert library.error is None, library.status
    found = [(d.doc_id, d.code, d.source, d.date) for d in library.documents() if "Tam Đảo" in d.text]
    side = library.corpus / "uploads" / ".ke-hoach-hoi-thao.txt.vanban.json"
    kept = side.read_text(encoding="utf-8") if side.is_file() else "none"
    assert [f[1] for f in found] == ["27-KH/HU"], f"{library.status}; in the build: {found}; corrections: {kept}"
    shows_table(page, library, "Kế hoạch 27-KH/HU")
    assert "5/3/2024" in table.inner_text()
    assert (library.corpus / "uploads" / ".ke-hoach-hoi-thao.txt.vanban.json").is_file()
    page.screenshot(path=str(ARTIFACTS / "documents-edit.png"), full_page=True)
    table.get_by_text("Kế hoạch 27-KH/HU").first.click()
    page.wait_for_function("() => !document.querySelector('#vb-remove').disabled")
    page.locator("#vb-remove").click()
    page.wait_for_selector("#vb-confirm-box", state="visible")
    shows(page, "#vb-confirm-text", "uploads/ke-hoach-hoi-thao.txt", around="#vb-confirm-box")
    page.locator("#vb-cancel").click()  # changed their mind: nothing removed
    assert (library.corpus / "uploads" / "ke-hoach-hoi-thao.txt").exists()
    page.locator("#vb-remove").click()
    page.locator("#vb-confirm").click()
    page.wait_for_function("() => document.querySelector('#vb-doc-message').innerText.includes('Đã xóa')")
    assert library.wait(180)
    page.wait_for_function("() => !document.querySelector('#vb-docs').innerText.includes('27-KH/HU')")
    assert not (library.corpus / "uploads" / "ke-hoach-hoi-thao.txt").exists()


def test_filters_list_every_document_and_issuers_once(page, app_url):
    page.wait_for_function("() => document.querySelector('#vb-status').innerText.includes('văn bản')")
    page.get_by_text("Bộ lọc").click()
    page.locator("#vb-f-doc input").click()
    page.wait_for_function("() => document.querySelectorAll('#vb-f-doc [role=option]').length > 1")
    options = page.locator("#vb-f-doc [role=option]").all_inner_texts()
    documents = app_url[1].documents()
    assert len(options) == len(documents) + 1  # "Tất cả" and every document, coded or not
    assert any("(không số)" not in o and "Kế hoạch" in o and "Lạng Sơn" in o for o in options)
    page.keyboard.press("Escape")
    page.locator("#vb-f-issuer input").click()
    issuers = [o.strip() for o in page.locator("#vb-f-issuer [role=option]").all_inner_texts()]
    from vanban.text import fold_tone_placement

    folded = [fold_tone_placement(i).lower() for i in issuers]
    assert len(folded) == len(set(folded))  # "Tỉnh uỷ" and "Tỉnh ủy" are one issuer


def test_the_status_line_does_not_flicker(page, app_url):
    """The status is polled every second; when nothing changes the page shows no progress timer."""
    library = app_url[1]
    assert library.wait(180)
    page.wait_for_function("s => document.querySelector('#vb-status').innerText == s", arg=library.describe("vi"))
    before = page.locator("#vb-status").inner_text()
    seen = page.evaluate(
        """async () => {
          const seen = new Set();
          for (let i = 0; i < 30; i++) {
            seen.add(document.querySelector('#vb-status').innerText);
            await new Promise(r => setTimeout(r, 100));
          }
          return [...seen];
        }"""
    )
    assert seen == [before], seen
    # the page holds the build it shows (an update it never applied would leave this behind, and be resent)
    assert page.locator("#vb-seen input").input_value() == str(library.version)
    assert not page.locator("#vb-seen").is_visible()


def test_a_phone_sees_every_tab(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(app_url[0])
        page.wait_for_selector("#vb-query textarea")
        for name in ("Hỏi đáp", "Sưu tập", "Văn bản"):
            tab = page.get_by_role("tab", name=name)
            assert tab.is_visible(), name
            box = tab.bounding_box()
            assert box["x"] + box["width"] <= 390, name
        ask(page, QUESTION)
        page.screenshot(path=str(ARTIFACTS / "ask-390.png"), full_page=True)
        page.get_by_role("tab", name="Văn bản").click()
        page.wait_for_function("() => document.querySelector('#vb-docs').innerText.includes('57-KL/TW')")
        page.screenshot(path=str(ARTIFACTS / "documents-390.png"), full_page=True)
    finally:
        context.close()


def test_upload_a_file_then_find_it(page, app_url, tmp_path):
    library = app_url[1]
    upload = tmp_path / "Kế hoạch hội thảo chè.txt"
    upload.write_text(
        "KẾ HOẠCH\nTổ chức hội thảo quảng bá đặc sản chè Tân Cương với bạn bè quốc tế năm 2024.\n"
        "Giao Sở Công Thương chủ trì hội thảo chè Tân Cương.\n",
        encoding="utf-8",
    )
    page.get_by_role("tab", name="Văn bản").click()
    assert "Drop File Here" not in page.locator("body").inner_text()  # the upload widget speaks Vietnamese
    upload_files(page, upload)
    page.wait_for_function("() => document.querySelector('#vb-doc-message').innerText.includes('Đã nhận')")
    assert library.wait(180), library.status
    page.wait_for_function(
        "() => document.querySelector('#vb-docs').innerText.includes('uploads/Kế hoạch hội thảo chè.txt')",
        timeout=30_000,
    )
    page.screenshot(path=str(ARTIFACTS / "documents.png"), full_page=True)
    page.get_by_role("tab", name="Hỏi đáp").click()
    page.locator("#vb-mode label", has_text="Tìm kiếm").click()
    ask(page, "hội thảo chè Tân Cương")
    assert "uploads/Kế hoạch hội thảo chè.txt" in page.locator("#vb-cite-1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "search-uploaded.png"))


def test_refused_upload_says_why(page, app_url, tmp_path):
    bad = tmp_path / "scan.pdf"  # the file picker only offers the supported types; this one is no PDF
    bad.write_bytes(b"%PDF-1.4 this is not a PDF")
    page.get_by_role("tab", name="Văn bản").click()
    upload_files(page, bad)
    page.wait_for_function("() => document.querySelector('#vb-doc-message').innerText.includes('scan.pdf')")
    assert app_url[1].wait(180)
    # the status line says which upload was refused and why, in the page's language; the file is not kept
    page.wait_for_function("() => document.querySelector('#vb-status').innerText.includes('không nhận: scan.pdf')")
    assert "không phải tệp PDF đọc được" in page.locator("#vb-status").inner_text()
    assert not (app_url[1].corpus / "uploads" / "scan.pdf").exists()


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
    assert "%" in page.locator("#vb-results .vb-badge").inner_text()
    # every label, the tabs, the examples, the upload button and the documents table are English too
    body = page.locator("body").inner_text()
    for english in ("Ask", "Collection", "Documents", "Example questions", "Who signed Conclusion 57?", "Filters"):
        assert english in body, english
    page.get_by_role("tab", name="Documents").click()
    page.wait_for_function("() => document.querySelector('#vb-docs').innerText.includes('Issuing body')")
    docs = page.locator("body").inner_text()
    assert "Upload documents" in docs and "Edit document details" in docs
    for vietnamese in ("Tải văn bản lên", "Sửa thông tin", "Cơ quan ban hành", "Drop File Here", "Click to Upload"):
        assert vietnamese not in docs, vietnamese
    page.screenshot(path=str(ARTIFACTS / "english-documents.png"), full_page=True)
    page.get_by_role("tab", name="Ask").click()
    page.screenshot(path=str(ARTIFACTS / "english.png"))


def test_a_page_opened_while_the_server_starts_says_so_and_becomes_the_app(browser, app_url):
    """The address answers before Gradio is ready: a line saying the page is starting, which reloads
    itself into the app once it is mounted; the JSON API answers meanwhile."""
    import threading

    import httpx

    import app
    from vanban.library import Library

    library = app_url[1]
    served = Library(library.store, library.corpus)
    served.start()
    release = threading.Event()

    def slow_page(lib):
        release.wait(120)
        return app.page(lib)

    server = serve_app(served, build_page=slow_page, page=False)
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        page.goto(server.url)
        assert "Trang đang khởi động" in page.locator("body").inner_text()
        page.screenshot(path=str(ARTIFACTS / "starting-390.png"))
        answer = httpx.post(f"{server.url}v1/ask", json={"question": "Ai ký Kết luận 57?"}, timeout=60).json()
        assert "Trương Thị Mai" in answer["answer"]
        release.set()
        page.wait_for_selector("#vb-query textarea", timeout=60_000)  # reloaded by itself
        ask(page, "Ai ký Kết luận 57?")
        assert "Trương Thị Mai" in page.locator("#vb-results .vb-answer").inner_text()
    finally:
        release.set()
        context.close()
        server.close()
