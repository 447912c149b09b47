"""vanban web app: ask and search Vietnamese guidance documents, read the sources, collect quotes.

python app.py [--host 127.0.0.1] [--port 7860] [--store DIR] [--corpus DIR]

The page only talks to a person; answering lives in answer/, the documents in vanban/library.py.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import re
import socket
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from an offline tool

import gradio as gr  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

from vanban.cite import Clip, reference, short_name, to_docx, to_markdown, vi_date  # noqa: E402
from vanban.config import corpus_path, store_path  # noqa: E402
from vanban.library import MAX_UPLOAD_BYTES, UPLOAD_SUFFIXES, Library, LibraryError  # noqa: E402

log = logging.getLogger(__name__)

MAX_QUESTION = 2000  # longer input is cut, and the page says so
EXAMPLES = [
    "Nhiệm vụ và giải pháp của Kết luận 57 là gì?",
    "Ai ký Kết luận 57?",
    "nhiem vu KL 57",
    "Hạn gửi báo cáo tổng kết 10 năm Kết luận 16 là ngày nào?",
    "Thành phần dự hội nghị cấp huyện",
    "What are KL 57's tasks?",
]

# Every text a person reads, in both languages; keys are used by the UI code below.
TEXT = {
    "vi": {
        "intro": "Hỏi đáp và tra cứu văn bản hướng dẫn về công tác thông tin đối ngoại, kèm trích dẫn chính xác.",
        "tab_ask": "Hỏi đáp & tìm kiếm",
        "tab_collection": "Bộ sưu tập",
        "tab_docs": "Văn bản",
        "query": "Câu hỏi hoặc từ khóa",
        "placeholder": "Ví dụ: Nhiệm vụ và giải pháp của Kết luận 57 là gì?",
        "submit": "Gửi",
        "mode": "Chế độ",
        "mode_ask": "Hỏi đáp",
        "mode_search": "Tìm kiếm",
        "filters": "Bộ lọc",
        "type": "Loại văn bản",
        "issuer": "Cơ quan ban hành",
        "year": "Năm",
        "document": "Văn bản",
        "any": "Tất cả",
        "k": "Số đoạn (tìm kiếm)",
        "examples": "Câu hỏi mẫu",
        "empty": "Hãy nhập câu hỏi hoặc từ khóa cần tìm.",
        "too_long": "Câu hỏi dài quá {n} ký tự; chỉ dùng {n} ký tự đầu.",
        "not_ready": "Chỉ mục chưa sẵn sàng.",
        "no_hits": "Không tìm thấy đoạn văn nào phù hợp.",
        "not_found_badge": "Không tìm thấy câu trả lời",
        "unsure_badge": "Chưa chắc chắn",
        "confidence": "Độ tin cậy {p}%",
        "kinds": {"fact": "Thông tin", "list": "Danh sách", "section": "Nội dung mục"},
        "answer": "Trả lời",
        "sources": "Trích dẫn",
        "results": "Kết quả",
        "view": "Xem nguồn",
        "copy": "Sao chép trích dẫn",
        "copied": "Đã sao chép",
        "add": "Thêm vào bộ sưu tập",
        "added": "Đã thêm",
        "section": "mục",
        "page": "tr.",
        "file": "tệp",
        "close": "Đóng",
        "viewer_title": "Nguồn",
        "collection_empty": "Bộ sưu tập trống. Bấm “Thêm vào bộ sưu tập” dưới một trích dẫn.",
        "collection_count": "{n} đoạn trích",
        "export_md": "Tải Markdown",
        "export_docx": "Tải DOCX",
        "clear": "Xóa bộ sưu tập",
        "upload": "Thêm văn bản (PDF, DOCX, TXT, MD, HTML; tối đa 20 MB mỗi tệp)",
        "add_files": "Thêm vào kho",
        "no_files": "Chưa chọn tệp nào.",
        "added_files": "Đã nhận {names}; đang đọc và cập nhật chỉ mục (tệp không đọc được sẽ được báo ở dòng trạng thái), việc tra cứu vẫn tiếp tục.",
        "remove_pick": "Chọn tệp để xóa",
        "remove": "Xóa văn bản",
        "removed": "Đã xóa {name}; đang cập nhật chỉ mục.",
        "columns": ["Văn bản", "Loại", "Cơ quan ban hành", "Ngày", "Trích yếu", "Tệp", "Số đoạn"],
        "notes": "Ghi chú",
    },
    "en": {
        "intro": "Ask and search guidance documents on foreign-information work, with exact citations.",
        "tab_ask": "Ask & search",
        "tab_collection": "Collection",
        "tab_docs": "Documents",
        "query": "Question or keywords",
        "placeholder": "e.g. What are KL 57's tasks?",
        "submit": "Send",
        "mode": "Mode",
        "mode_ask": "Ask",
        "mode_search": "Search",
        "filters": "Filters",
        "type": "Document type",
        "issuer": "Issuing body",
        "year": "Year",
        "document": "Document",
        "any": "Any",
        "k": "Passages (search)",
        "examples": "Example questions",
        "empty": "Type a question or some keywords.",
        "too_long": "The question is longer than {n} characters; only the first {n} are used.",
        "not_ready": "The index is not ready yet.",
        "no_hits": "No matching passage.",
        "not_found_badge": "No answer found",
        "unsure_badge": "Not sure",
        "confidence": "Confidence {p}%",
        "kinds": {"fact": "Fact", "list": "List", "section": "Section"},
        "answer": "Answer",
        "sources": "Citations",
        "results": "Results",
        "view": "View source",
        "copy": "Copy citation",
        "copied": "Copied",
        "add": "Add to collection",
        "added": "Added",
        "section": "section",
        "page": "p.",
        "file": "file",
        "close": "Close",
        "viewer_title": "Source",
        "collection_empty": "The collection is empty. Click “Add to collection” under a citation.",
        "collection_count": "{n} quotes",
        "export_md": "Download Markdown",
        "export_docx": "Download DOCX",
        "clear": "Clear collection",
        "upload": "Add documents (PDF, DOCX, TXT, MD, HTML; up to 20 MB each)",
        "add_files": "Add to library",
        "no_files": "No file chosen.",
        "added_files": "Received {names}; reading and indexing now (a file that cannot be read is reported in the status line), search keeps working meanwhile.",
        "remove_pick": "File to remove",
        "remove": "Remove document",
        "removed": "Removed {name}; updating the index.",
        "columns": ["Document", "Type", "Issuing body", "Date", "Title", "File", "Passages"],
        "notes": "Notes",
    },
}
LANGS = {"Tiếng Việt": "vi", "English": "en"}

CSS = """
#vb-header {align-items: center;}
#vb-lang {max-width: 260px; margin-left: auto;}
.vb-answer {border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 12px 18px; margin: 8px 0 14px;}
.vb-answer.vb-nf {border-style: dashed;}
.vb-answer.vb-unsure {border-style: dashed; border-color: #c98a00;}
.vb-answer.vb-sure {border-left: 4px solid #2e7d32;}
.vb-badge.vb-unsure {background: #fff3cd; color: #6b4e00;}
.vb-badge.vb-sure {background: #e3f2e4; color: #1e5a22;}
.vb-badge {display: inline-block; font-size: .8em; padding: 2px 8px; border-radius: 999px;
  background: var(--background-fill-secondary); margin-bottom: 6px;}
.vb-h {font-weight: 600; margin: 14px 0 4px; color: var(--body-text-color-subdued); font-size: .9em;
  text-transform: uppercase; letter-spacing: .04em;}
.vb-ref {cursor: pointer; color: var(--link-text-color); font-weight: 600; text-decoration: none; white-space: nowrap;}
.vb-cite {border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 10px 14px; margin: 8px 0;}
.vb-cite-head {font-weight: 600;}
.vb-n {color: var(--link-text-color); margin-right: 4px;}
.vb-meta {color: var(--body-text-color-subdued); font-size: .86em; margin: 2px 0 6px;}
.vb-quote {white-space: pre-wrap; line-height: 1.5; border-left: 3px solid var(--color-accent); margin: 6px 0;
  padding: 2px 10px;}
.vb-actions button {margin: 4px 6px 0 0; padding: 3px 10px; border-radius: 6px; font-size: .85em; cursor: pointer;
  border: 1px solid var(--border-color-primary); background: var(--background-fill-secondary);
  color: var(--body-text-color);}
.vb-note {padding: 10px 14px; border-radius: 8px; background: var(--background-fill-secondary); margin: 6px 0;}
.vb-doc {white-space: pre-wrap; line-height: 1.55; max-height: 65vh; overflow-y: auto; padding: 8px 14px;
  border: 1px solid var(--border-color-primary); border-radius: 8px;}
.vb-doc mark {background: #ffe58a; color: #111; padding: 1px 0;}
.vb-page {display: block; text-align: center; color: var(--body-text-color-subdued); font-size: .8em; margin: 10px 0;}
.vb-ref-line {font-size: .9em; margin: 4px 0 8px;}
#vb-docs, #vb-docs * {font-family: var(--font) !important;}  /* mono fonts misplace Vietnamese tone marks */
"""

# Local font stacks only: the default theme fonts come from a web font service an offline machine cannot reach.
THEME = gr.themes.Soft(
    font=["Noto Sans", "DejaVu Sans", "Segoe UI", "system-ui", "sans-serif"],
    font_mono=["DejaVu Sans Mono", "Consolas", "monospace"],
)

# Copying a citation happens in the browser only.
_COPY_JS = """
function vanbanCopy(el) {
  const text = el.dataset.cite;
  const done = () => { el.textContent = el.dataset.done; };
  window.vanbanCopied = text;
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, done);
  } else {
    const area = document.createElement('textarea');
    area.value = text; document.body.appendChild(area); area.select();
    document.execCommand('copy'); area.remove(); done();
  }
}
"""
# Clicks inside result cards: open the source viewer or add to the collection (both go to Python
# through the component's "select" event), or copy a citation.
CARD_JS = (
    _COPY_JS
    + """
element.addEventListener('click', (event) => {
  const el = event.target.closest('[data-action]');
  if (!el) return;
  event.preventDefault();
  if (el.dataset.action === 'copy') { vanbanCopy(el); return; }
  if (el.dataset.action === 'add') { el.textContent = el.dataset.done; el.disabled = true; }
  props.value = {...props.value, action: el.dataset.action + ':' + el.dataset.n + ':' + Date.now()};
  trigger('select');
});
"""
)
VIEWER_JS = (
    _COPY_JS
    + """
element.addEventListener('click', (event) => {
  const el = event.target.closest('[data-action="copy"]');
  if (el) { event.preventDefault(); vanbanCopy(el); }
});
"""
)
SCROLL_JS = "() => { document.querySelector('#vb-viewer mark')?.scrollIntoView({block: 'center'}); }"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _note(text: str) -> str:
    return f'<div class="vb-note">{_esc(text)}</div>'


_MD = MarkdownIt("commonmark", {"html": False})


def render_answer_markdown(markdown: str) -> str:
    """An answer's Markdown as HTML, its [n] markers made into links that open the source."""
    body = _MD.render(markdown)
    return re.sub(r"\[(\d{1,3})\]", r'<a class="vb-ref" href="#" data-action="view" data-n="\1">[\1]</a>', body)


def _card(c: dict, lang: str) -> str:
    t = TEXT[lang]
    head = " · ".join(x for x in (c["label"], c.get("issuer"), vi_date(c.get("date"))) if x)
    meta = []
    if c.get("section"):
        meta.append(f"{t['section']} {c['section']}")
    if c.get("page"):
        meta.append(f"{t['page']} {c['page']}")
    meta.append(f"{t['file']} {c['source']}")
    return (
        f'<div class="vb-cite" id="vb-cite-{c["n"]}" data-n="{c["n"]}">'
        f'<div class="vb-cite-head"><span class="vb-n">[{c["n"]}]</span>{_esc(head)}</div>'
        f'<div class="vb-meta">{_esc(" · ".join(meta))}</div>'
        f'<div class="vb-quote">{_esc(c["quote"])}</div>'
        '<div class="vb-actions">'
        f'<button data-action="view" data-n="{c["n"]}">{_esc(t["view"])}</button>'
        f'<button data-action="copy" data-n="{c["n"]}" data-cite="{_esc(c["cite"])}" '
        f'data-done="{_esc(t["copied"])}">{_esc(t["copy"])}</button>'
        f'<button data-action="add" data-n="{c["n"]}" data-done="{_esc(t["added"])}">{_esc(t["add"])}</button>'
        "</div></div>"
    )


def _cite_dict(n: int, doc, section: str | None, start: int, end: int) -> dict:
    """What the page keeps of a citation: enough to render it, open its source and export it."""
    page = doc.page_at(start)
    return {
        "n": n,
        "doc_id": doc.doc_id,
        "label": short_name(doc),
        "issuer": doc.issuer,
        "date": doc.date,
        "section": section,
        "page": page,
        "source": doc.source,
        "start": start,
        "end": end,
        "quote": doc.text[start:end],
        "cite": reference(doc, section, page),
    }


def render_document(library: Library, cite: dict, lang: str) -> str:
    """The whole document, page marks included, with the cited passage highlighted."""
    doc = library.document(cite["doc_id"])
    if doc is None:
        return _note("Văn bản này không còn trong kho." if lang == "vi" else "This document is no longer stored.")
    t = TEXT[lang]
    text, start, end = doc.text, cite["start"], cite["end"]
    cuts = sorted({0, start, end, len(text), *(o for _, o in doc.page_starts if 0 < o < len(text))})
    pages = {o: n for n, o in doc.page_starts}
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a in pages and a > 0:
            out.append(f'<span class="vb-page">— {t["page"]} {pages[a]} —</span>')
        piece = _esc(text[a:b])
        out.append(f'<mark id="vb-mark">{piece}</mark>' if start <= a < end else piece)
    head = (
        f'<div class="vb-cite-head">{_esc(t["viewer_title"])} [{cite["n"]}]: {_esc(doc.title)}</div>'
        f'<div class="vb-ref-line">{_esc(cite["cite"])}</div>'
        '<div class="vb-actions">'
        f'<button data-action="copy" data-n="{cite["n"]}" data-cite="{_esc(cite["cite"])}" '
        f'data-done="{_esc(t["copied"])}">{_esc(t["copy"])}</button></div>'
    )
    return f'{head}<div class="vb-doc">{"".join(out)}</div>'


def answer_badge(answer, lang: str) -> tuple[str, str]:
    """The badge over an answer and the answer box's classes: a claim with its confidence, the
    nearest passages when the reader is not sure, or not found."""
    t = TEXT[lang]
    if not answer.found:
        return f'<div class="vb-badge">{_esc(t["not_found_badge"])}</div>', "vb-answer vb-nf"
    percent = min(round(100 * answer.confidence), 99)  # never "certain"
    if answer.kind == "passages":
        label = f"{t['unsure_badge']} · {t['confidence'].format(p=percent)}"
        return f'<div class="vb-badge vb-unsure">{_esc(label)}</div>', "vb-answer vb-unsure"
    label = f"{t['kinds'].get(answer.kind, '')} · {t['confidence'].format(p=percent)}".strip(" ·")
    return f'<div class="vb-badge vb-sure">{_esc(label)}</div>', "vb-answer vb-sure"


def render_collection(clips: list[dict], lang: str) -> str:
    t = TEXT[lang]
    if not clips:
        return _note(t["collection_empty"])
    items = [f'<div class="vb-h">{_esc(t["collection_count"].format(n=len(clips)))}</div>']
    for n, c in enumerate(clips, start=1):
        items.append(
            f'<div class="vb-cite"><div class="vb-cite-head"><span class="vb-n">[{n}]</span>{_esc(c["reference"])}</div>'
            f'<div class="vb-quote">{_esc(c["quote"])}</div>'
            f'<div class="vb-meta">{_esc(t["file"])} {_esc(c["source"])}</div></div>'
        )
    return "".join(items)


def export_files(clips: list[dict], folder: Path) -> tuple[str | None, str | None]:
    """Write the collection as Markdown and DOCX; None when it is empty."""
    if not clips:
        return None, None
    folder.mkdir(parents=True, exist_ok=True)
    items = [Clip(c["quote"], c["reference"], c["source"], c.get("question")) for c in clips]
    md = folder / "vanban-trich-dan.md"
    md.write_text(to_markdown(items), encoding="utf-8")
    docx = to_docx(items, folder / "vanban-trich-dan.docx")
    return str(md), str(docx)


def build_app(library: Library) -> gr.Blocks:
    """The page: ask or search with filters, results with citations, source viewer, collection, documents."""
    from index.search import Filters, QueryError

    def filters_of(doc_type, issuer, year, code) -> Filters:
        """The filters as chosen; `code` is a document of the store (its id, from the document
        filter) or a code as typed ("57-KL/TW", "KL 57") through the API."""
        stored = bool(code) and library.document(code) is not None
        return Filters(
            doc_type=doc_type or None,
            issuer=issuer or None,
            year=int(year) if year else None,
            code=None if stored else code or None,
            doc_id=code if stored else None,
        )

    def clean(question: str, lang: str) -> tuple[str, str]:
        question = (question or "").strip()
        note = ""
        if len(question) > MAX_QUESTION:
            question, note = question[:MAX_QUESTION], TEXT[lang]["too_long"].format(n=MAX_QUESTION)
        return question, note

    def run(question, mode, doc_type, issuer, year, code, k, lang):
        t = TEXT[lang]
        question, note = clean(question, lang)
        empty = {"html": "", "action": ""}
        if not question:
            return {**empty, "html": _note(t["empty"])}, []
        if library.answerer is None:
            return {**empty, "html": _note(f"{t['not_ready']} {library.describe(lang)}")}, []
        filters = filters_of(doc_type, issuer, year, code)
        parts = [_note(note)] if note else []
        try:
            if mode == "search":
                hits = library.searcher.search(question, k=int(k), filters=filters)
                cites = [_cite_dict(h.rank, h.doc, h.chunk.section, h.chunk.start, h.chunk.end) for h in hits if h.doc]
                parts.append(f'<div class="vb-h">{_esc(t["results"])}</div>')
                parts += [_card(c, lang) for c in cites] or [_note(t["no_hits"])]
            else:
                answer = library.answerer.ask(question, filters=filters)
                cites = [
                    _cite_dict(c.n, library.document(c.doc_id), c.section, c.start, c.end) for c in answer.citations
                ]
                badge, klass = answer_badge(answer, lang)
                parts.append(f'<div class="{klass}">{badge}{render_answer_markdown(answer.answer)}</div>')
                if cites:
                    parts.append(f'<div class="vb-h">{_esc(t["sources"])}</div>')
                    parts += [_card(c, lang) for c in cites]
        except QueryError:
            return {**empty, "html": _note(t["empty"])}, []
        return {"html": "".join(parts), "action": ""}, cites

    def on_card(value, cites, clips, question, lang):
        """A click inside the results: open a source, or add a citation to the collection."""
        action = (value or {}).get("action", "")
        kind, _, rest = action.partition(":")
        n = int(rest.split(":")[0]) if rest[:1].isdigit() else None
        cite = next((c for c in cites or [] if c["n"] == n), None)
        if cite is None:
            return gr.update(), gr.update(), clips, gr.update(), gr.update(), gr.update()
        if kind == "view":
            return (
                gr.update(visible=True),
                render_document(library, cite, lang),
                clips,
                gr.update(),
                gr.update(),
                gr.update(),
            )
        clip = {"quote": cite["quote"], "reference": cite["cite"], "source": cite["source"], "question": question}
        clips = [*(clips or []), clip] if clip not in (clips or []) else clips
        md, docx = export_files(clips, Path(tempfile.mkdtemp(prefix="vanban-export-")))
        return (
            gr.update(),
            gr.update(),
            clips,
            render_collection(clips, lang),
            gr.update(value=md, interactive=md is not None),
            gr.update(value=docx, interactive=docx is not None),
        )

    def clear_collection(lang):
        return (
            [],
            render_collection([], lang),
            gr.update(value=None, interactive=False),
            gr.update(value=None, interactive=False),
        )

    def add_files(files, lang):
        t = TEXT[lang]
        if not files:
            return t["no_files"]
        added, errors = [], []
        for f in files:
            path = Path(f if isinstance(f, str) else f.name)
            name = getattr(f, "orig_name", None) or path.name
            try:
                added.append(library.add(path, _original_name(name)))
            except LibraryError as exc:
                errors.append(str(exc))
        lines = []
        if added:
            library.reindex()
            lines.append(t["added_files"].format(names=", ".join(added)))
        lines += [f"⚠ {e}" for e in errors]
        return "\n\n".join(lines)

    def remove_file(source, lang):
        if not source:
            return TEXT[lang]["no_files"]
        try:
            library.remove(source)
        except LibraryError as exc:
            return f"⚠ {exc}"
        library.reindex()
        return TEXT[lang]["removed"].format(name=source)

    def documents_table(lang):
        counts = library.chunk_counts()
        rows = [
            [
                short_name(d),
                d.doc_type or "",
                d.issuer or "",
                vi_date(d.date) or "",
                d.title,
                d.source,
                counts.get(d.doc_id, 0),
            ]
            for d in library.documents()
        ]
        return gr.update(value=rows, headers=TEXT[lang]["columns"])

    def choices(values, lang):
        return [(TEXT[lang]["any"], "")] + [(str(v), str(v)) for v in values]

    def refresh(seen_version, lang):
        """Status every second; filters, document list and file choices when a new build is loaded."""
        status_text = library.describe(lang)
        if seen_version == library.version:
            return status_text, seen_version, *([gr.update()] * 6)
        o = library.options()
        sources = sorted({d.source for d in library.documents()})
        return (
            status_text,
            library.version,
            gr.update(choices=choices(o.types, lang)),
            gr.update(choices=choices(o.issuers, lang)),
            gr.update(choices=choices(o.years, lang)),
            gr.update(choices=[(TEXT[lang]["any"], "")] + list(o.documents)),
            documents_table(lang),
            gr.update(choices=sources, value=None),
        )

    def switch_language(label, clips):
        lang = LANGS.get(label, "vi")
        t = TEXT[lang]
        return (
            lang,
            t["intro"],
            gr.update(label=t["query"], placeholder=t["placeholder"]),
            gr.update(value=t["submit"]),
            gr.update(label=t["mode"], choices=[(t["mode_ask"], "ask"), (t["mode_search"], "search")]),
            gr.update(label=t["type"]),
            gr.update(label=t["issuer"]),
            gr.update(label=t["year"]),
            gr.update(label=t["document"]),
            gr.update(label=t["k"]),
            gr.update(label=t["tab_ask"]),
            gr.update(label=t["tab_collection"]),
            gr.update(label=t["tab_docs"]),
            render_collection(clips or [], lang),
            gr.update(value=t["export_md"]),
            gr.update(value=t["export_docx"]),
            gr.update(value=t["clear"]),
            gr.update(label=t["upload"]),
            gr.update(value=t["add_files"]),
            gr.update(label=t["remove_pick"]),
            gr.update(value=t["remove"]),
            gr.update(value=t["close"]),
            gr.update(label=t["filters"]),
            gr.update(label=t["examples"]),
            -1,  # forces the next refresh to redo the filters and the table in this language
        )

    def search_api(
        query: str,
        k: int = 5,
        mode: str = "hybrid",
        doc_type: str = "",
        issuer: str = "",
        year: str = "",
        code: str = "",
    ) -> dict:
        """Search the documents; the same JSON as `vanban search --json`."""
        if library.searcher is None:
            raise gr.Error(f"index not ready: {library.status}")
        query, k, filters = _checked(query, k, mode, year), int(k), filters_of(doc_type, issuer, year, code)
        try:
            hits = library.searcher.search(query, k=k, mode=mode, filters=filters)
        except QueryError as exc:
            raise gr.Error(str(exc)) from exc
        return {"query": query, "results": [h.to_json() for h in hits]}

    def ask_api(question: str, doc_type: str = "", issuer: str = "", year: str = "", code: str = "") -> dict:
        """Answer a question with verified citations; the same JSON as `vanban ask --json`."""
        if library.answerer is None:
            raise gr.Error(f"index not ready: {library.status}")
        question = _checked(question, 1, "hybrid", year)
        try:
            return library.answerer.ask(question, filters=filters_of(doc_type, issuer, year, code)).to_json()
        except QueryError as exc:
            raise gr.Error(str(exc)) from exc

    t = TEXT["vi"]
    with gr.Blocks(title="vanban — hỏi đáp văn bản") as demo:
        lang = gr.State("vi")
        cites = gr.State([])
        clips = gr.State([])
        seen = gr.State(-1)
        with gr.Row(elem_id="vb-header"):
            with gr.Column(scale=4):
                gr.Markdown("# vanban")
                intro = gr.Markdown(t["intro"])
            language = gr.Radio(list(LANGS), value="Tiếng Việt", show_label=False, elem_id="vb-lang", scale=1)
        status = gr.Markdown(library.status, elem_id="vb-status")
        with gr.Tabs():
            with gr.Tab(t["tab_ask"], id="ask") as tab_ask:
                with gr.Row(equal_height=True):
                    query = gr.Textbox(
                        label=t["query"],
                        placeholder=t["placeholder"],
                        lines=1,
                        max_lines=4,
                        autofocus=True,
                        scale=5,
                        elem_id="vb-query",
                    )
                    submit = gr.Button(t["submit"], variant="primary", scale=1, elem_id="vb-submit")
                mode = gr.Radio(
                    [(t["mode_ask"], "ask"), (t["mode_search"], "search")],
                    value="ask",
                    label=t["mode"],
                    elem_id="vb-mode",
                )
                with gr.Accordion(t["filters"], open=False) as filters_box, gr.Row():
                    f_type = gr.Dropdown([(t["any"], "")], value="", label=t["type"], elem_id="vb-f-type")
                    f_issuer = gr.Dropdown([(t["any"], "")], value="", label=t["issuer"], elem_id="vb-f-issuer")
                    f_year = gr.Dropdown([(t["any"], "")], value="", label=t["year"], elem_id="vb-f-year")
                    f_doc = gr.Dropdown([(t["any"], "")], value="", label=t["document"], elem_id="vb-f-doc")
                    k = gr.Slider(1, 20, value=5, step=1, label=t["k"])
                examples = gr.Examples(EXAMPLES, inputs=[query], label=t["examples"])
                results = gr.HTML(
                    {"html": "", "action": ""}, html_template="${value.html}", js_on_load=CARD_JS, elem_id="vb-results"
                )
                with gr.Column(visible=False) as viewer_box:
                    viewer = gr.HTML(elem_id="vb-viewer", js_on_load=VIEWER_JS)
                    close = gr.Button(t["close"], size="sm", elem_id="vb-close")
            with gr.Tab(t["tab_collection"], id="collection") as tab_collection:
                collection = gr.HTML(render_collection([], "vi"), elem_id="vb-collection")
                with gr.Row():
                    dl_md = gr.DownloadButton(t["export_md"], interactive=False, elem_id="vb-export-md")
                    dl_docx = gr.DownloadButton(t["export_docx"], interactive=False, elem_id="vb-export-docx")
                    clear = gr.Button(t["clear"], variant="stop", elem_id="vb-clear")
            with gr.Tab(t["tab_docs"], id="docs") as tab_docs:
                changes = not library.read_only  # a read-only deployment shows the documents, nothing to change them
                upload = gr.File(
                    label=t["upload"],
                    file_count="multiple",
                    file_types=list(UPLOAD_SUFFIXES),
                    elem_id="vb-upload",
                    visible=changes,
                )
                add = gr.Button(t["add_files"], variant="primary", elem_id="vb-add", visible=changes)
                doc_message = gr.Markdown(elem_id="vb-doc-message")
                table = gr.Dataframe(headers=t["columns"], interactive=False, wrap=True, elem_id="vb-docs")
                with gr.Row(equal_height=True, visible=changes):
                    remove_pick = gr.Dropdown([], label=t["remove_pick"], scale=4, elem_id="vb-remove-pick")
                    remove = gr.Button(t["remove"], variant="stop", scale=1, elem_id="vb-remove")

        inputs = [query, mode, f_type, f_issuer, f_year, f_doc, k, lang]
        for trigger in (query.submit, submit.click):
            trigger(run, inputs, [results, cites], api_visibility="private").then(
                lambda: gr.update(visible=False), None, viewer_box, api_visibility="private"
            )
        results.select(
            on_card,
            [results, cites, clips, query, lang],
            [viewer_box, viewer, clips, collection, dl_md, dl_docx],
            api_visibility="private",
            trigger_mode="multiple",  # two quick "add" clicks are two additions ...
            concurrency_limit=1,  # ... made one after the other, each seeing the collection so far
        ).then(None, None, None, js=SCROLL_JS)
        close.click(lambda: gr.update(visible=False), None, viewer_box, api_visibility="private")
        clear.click(clear_collection, [lang], [clips, collection, dl_md, dl_docx], api_visibility="private")
        add.click(add_files, [upload, lang], doc_message, api_visibility="private").then(
            lambda: None, None, upload, api_visibility="private"
        )
        remove.click(remove_file, [remove_pick, lang], doc_message, api_visibility="private")
        language.change(
            switch_language,
            [language, clips],
            [
                lang,
                intro,
                query,
                submit,
                mode,
                f_type,
                f_issuer,
                f_year,
                f_doc,
                k,
                tab_ask,
                tab_collection,
                tab_docs,
                collection,
                dl_md,
                dl_docx,
                clear,
                upload,
                add,
                remove_pick,
                remove,
                close,
                filters_box,
                examples.dataset,
                seen,
            ],
            api_visibility="private",
        )
        refresh_outputs = [status, seen, f_type, f_issuer, f_year, f_doc, table, remove_pick]
        timer = gr.Timer(1.0)
        timer.tick(refresh, [seen, lang], refresh_outputs, api_visibility="private", show_progress="hidden")
        demo.load(refresh, [seen, lang], refresh_outputs, api_visibility="private")
        gr.api(search_api, api_name="search")
        gr.api(ask_api, api_name="ask")
    return demo


MAX_K = 50


def _checked(text, k, mode: str, year) -> str:
    """The question of an API call, after its arguments are checked; a gr.Error says what is wrong."""
    from index.search import MODES

    if not isinstance(text, str) or not text.strip():
        raise gr.Error("the question is empty; send some text")
    whole = (
        k
        if isinstance(k, int) and not isinstance(k, bool)
        else int(k)
        if isinstance(k, float) and k.is_integer()
        else int(k)
        if isinstance(k, str) and k.strip().isdigit()
        else None
    )
    if whole is None or not 1 <= whole <= MAX_K:
        raise gr.Error(f"k must be a whole number from 1 to {MAX_K}, got {k!r}")
    if mode not in MODES:
        raise gr.Error(f"unknown mode {mode!r}: choose from {', '.join(MODES)}")
    if year and not str(year).strip().isdigit():
        raise gr.Error(f"year must be a year such as 2023, got {year!r}")
    return text.strip()[:MAX_QUESTION]


def _original_name(name: str) -> str:
    """Gradio keeps uploads under temporary names; the visitor's file name is what the corpus should show."""
    return Path(name).name


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, users=None, **options):
    """Serve the page with its styles (Gradio 6 takes CSS and theme at launch).

    Requests that only read run side by side, as many as the machine has cores (twice over:
    they wait on the model in turn, and do the rest in parallel); uploads are limited at the HTTP
    layer too; `users` [(name, password)] must log in.
    """
    concurrency = 2 * (os.cpu_count() or 1)
    return demo.queue(default_concurrency_limit=concurrency).launch(
        server_name=host,
        server_port=port,
        ssr_mode=False,
        css=CSS,
        theme=THEME,
        footer_links=["api"],
        max_file_size=MAX_UPLOAD_BYTES,
        auth=list(users) if users else None,
        auth_message="vanban — đăng nhập / sign in",
        **options,
    )


class ServeError(RuntimeError):
    """The app cannot be served as asked; the message says why and what to do."""


def port_free(host: str, port: int) -> bool:
    """True when host:port can be listened on now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def serve(library: Library, host: str = "127.0.0.1", port: int = 7860, opening=None, users=None) -> None:
    """Serve the page for a library; `opening` is the thread still opening its store, if any;
    `users` [(name, password)] must log in."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if not port_free(host, port):
        raise ServeError(
            f"port {port} on {host} is in use (another vanban, or another program): choose another with --port"
        )
    if host not in LOOPBACK and not users:
        print(
            f"vanban: WARNING: serving on {host} without logins: anyone who reaches port {port} can "
            + ("read every document" if library.read_only else "upload and remove documents")
            + ". Add users with --auth USER:PASSWORD (or --auth-file, VANBAN_AUTH), or --read-only.",
            file=sys.stderr,
            flush=True,
        )
    demo = build_app(library)
    if opening is not None:
        opening.join()
    if library.answerer is not None:
        library.answerer.ask(EXAMPLES[0])  # loads what the first question needs before anyone asks
    print(f"vanban: {library.status}\nvanban: open http://{host}:{port}", flush=True)
    launch(demo, host, port, users=users)


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def main(host: str = "127.0.0.1", port: int = 7860, store: str | None = None, corpus: str | None = None) -> None:
    """Open (or build) the store and serve the page."""
    library = Library(store_path(store), corpus_path(corpus))
    library.start()
    serve(library, host, port)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="vanban web app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--store")
    parser.add_argument("--corpus")
    a = parser.parse_args()
    main(a.host, a.port, a.store, a.corpus)
