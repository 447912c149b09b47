"""What the web page shows, without Gradio: its texts in Vietnamese and English, its styles and
scripts, and the HTML of answers, citation cards, the source viewer and the collection.

app.py builds the page from these pieces; keeping them here lets them be tested without a server.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

from vanban.cite import Clip, reference, short_name, to_docx, to_markdown, vi_date, whole_quote

MAX_QUESTION = 2000  # longer input is cut, and the page says so
MAX_HISTORY = 30  # questions kept in a browser's history

EXAMPLES = {
    "vi": [
        "Nhiệm vụ và giải pháp của Kết luận 57 là gì?",
        "Ai ký Kết luận 57?",
        "nhiem vu KL 57",
        "Hạn gửi báo cáo tổng kết 10 năm Kết luận 16 là ngày nào?",
        "Thành phần dự hội nghị cấp huyện",
    ],
    "en": [
        "What are KL 57's tasks?",
        "Who signed Conclusion 57?",
        "When was Conclusion 16 issued?",
        "Who attends the district conference?",
    ],
}

# Every text a person reads, in both languages; keys are used by app.py.
TEXT = {
    "vi": {
        "intro": "Hỏi đáp và tra cứu văn bản hướng dẫn về công tác thông tin đối ngoại, kèm trích dẫn chính xác.",
        "tab_ask": "Hỏi đáp",
        "tab_collection": "Sưu tập",
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
        "examples": "Câu hỏi mẫu (bấm để hỏi)",
        "history": "Câu hỏi đã hỏi (bấm để hỏi lại)",
        "history_clear": "Xóa lịch sử",
        "empty": "Hãy nhập câu hỏi hoặc từ khóa cần tìm.",
        "too_long": "Câu hỏi dài quá {n} ký tự; chỉ dùng {n} ký tự đầu.",
        "not_ready": "Chỉ mục chưa sẵn sàng.",
        "no_hits": "Không tìm thấy đoạn văn nào phù hợp.",
        "not_found_badge": "Không tìm thấy câu trả lời",
        "unsure_badge": "Chưa chắc chắn",
        "confidence": "Độ tin cậy {p}%",
        "kinds": {"fact": "Thông tin", "list": "Danh sách", "section": "Nội dung mục"},
        "sources": "Trích dẫn",
        "results": "Kết quả",
        "view": "Xem nguồn",
        "copy": "Sao chép trích dẫn",
        "copied": "Đã sao chép",
        "add": "Thêm vào sưu tập",
        "added": "Đã thêm",
        "section": "mục",
        "page": "tr.",
        "file": "tệp",
        "close": "Đóng",
        "viewer_title": "Nguồn",
        "gone": "Văn bản này không còn trong kho.",
        "page_image": "Trang {p} của bản gốc",
        "original": "Tải bản gốc",
        "feedback": "Câu trả lời này đúng không?",
        "right": "Đúng",
        "wrong": "Sai",
        "feedback_note": "Ghi chú (không bắt buộc): đúng ra là gì, thiếu gì…",
        "feedback_thanks": "Cảm ơn, đã ghi nhận ý kiến về câu trả lời này.",
        "feedback_failed": "Không ghi được ý kiến: {why}",
        "collection_empty": "Sưu tập trống. Bấm “Thêm vào sưu tập” dưới một trích dẫn.",
        "collection_count": "{n} đoạn trích",
        "up": "Lên",
        "down": "Xuống",
        "drop": "Bỏ",
        "clip_note": "Ghi chú cho đoạn trích này…",
        "asked": "Câu hỏi",
        "export_md": "Tải Markdown",
        "export_docx": "Tải DOCX (A4)",
        "clear": "Xóa sưu tập",
        "upload": "Tải văn bản lên",
        "upload_hint": "PDF, DOCX, DOC, TXT, MD, HTML; tối đa 20 MB mỗi tệp. Tệp được đọc và lập chỉ mục ngay, "
        "việc tra cứu vẫn tiếp tục.",
        "added_files": "Đã nhận {names}; đang đọc và cập nhật chỉ mục (tệp không đọc được sẽ được báo ở dòng "
        "trạng thái).",
        "columns": ["Văn bản", "Loại", "Cơ quan ban hành", "Ngày", "Số đoạn"],
        "pick": "Chọn văn bản (hoặc bấm vào một dòng của bảng)",
        "edit": "Sửa thông tin văn bản",
        "code": "Số, ký hiệu",
        "title": "Trích yếu / tiêu đề",
        "date": "Ngày ban hành (ngày/tháng/năm)",
        "save": "Lưu",
        "saved": "Đã lưu thông tin của {name}; đang đọc lại văn bản.",
        "edit_note": "Thông tin sửa được giữ trong một tệp bên cạnh văn bản (văn bản không bị sửa) và giữ nguyên "
        "khi lập chỉ mục lại.",
        "remove": "Xóa văn bản",
        "protected": "Văn bản có sẵn của kho: được bảo vệ, không xóa từ trang này.",
        "confirm_remove": "Xóa hẳn tệp **{source}** ({n} văn bản) khỏi kho? Không hoàn tác được.",
        "confirm": "Xóa hẳn",
        "cancel": "Hủy",
        "removed": "Đã xóa {name}; đang cập nhật chỉ mục.",
        "nothing_picked": "Chưa chọn văn bản nào.",
        "notes": "Ghi chú",
    },
    "en": {
        "intro": "Ask and search guidance documents on foreign-information work, with exact citations.",
        "tab_ask": "Ask",
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
        "examples": "Example questions (click to ask)",
        "history": "Questions asked (click to ask again)",
        "history_clear": "Clear history",
        "empty": "Type a question or some keywords.",
        "too_long": "The question is longer than {n} characters; only the first {n} are used.",
        "not_ready": "The index is not ready yet.",
        "no_hits": "No matching passage.",
        "not_found_badge": "No answer found",
        "unsure_badge": "Not sure",
        "confidence": "Confidence {p}%",
        "kinds": {"fact": "Fact", "list": "List", "section": "Section"},
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
        "gone": "This document is no longer stored.",
        "page_image": "Page {p} of the original",
        "original": "Download the original",
        "feedback": "Is this answer right?",
        "right": "Right",
        "wrong": "Wrong",
        "feedback_note": "Note (optional): what the right answer is, what is missing…",
        "feedback_thanks": "Thank you: your verdict on this answer is recorded.",
        "feedback_failed": "Could not record it: {why}",
        "collection_empty": "The collection is empty. Click “Add to collection” under a citation.",
        "collection_count": "{n} quotes",
        "up": "Up",
        "down": "Down",
        "drop": "Remove",
        "clip_note": "A note on this quote…",
        "asked": "Question",
        "export_md": "Download Markdown",
        "export_docx": "Download DOCX (A4)",
        "clear": "Clear collection",
        "upload": "Upload documents",
        "upload_hint": "PDF, DOCX, DOC, TXT, MD, HTML; up to 20 MB each. Files are read and indexed at once; "
        "search keeps working meanwhile.",
        "added_files": "Received {names}; reading and indexing now (a file that cannot be read is reported in the "
        "status line).",
        "columns": ["Document", "Type", "Issuing body", "Date", "Passages"],
        "pick": "Choose a document (or click a row of the table)",
        "edit": "Edit document details",
        "code": "Number and symbol",
        "title": "Title",
        "date": "Date issued (day/month/year)",
        "save": "Save",
        "saved": "Saved the details of {name}; reading the document again.",
        "edit_note": "Corrections are kept in a file beside the document (the document itself is not changed) and "
        "survive re-indexing.",
        "remove": "Remove document",
        "protected": "A document the library came with: protected, not removed from this page.",
        "confirm_remove": "Remove the file **{source}** ({n} documents) from the library? This cannot be undone.",
        "confirm": "Remove",
        "cancel": "Cancel",
        "removed": "Removed {name}; updating the index.",
        "nothing_picked": "No document chosen.",
        "notes": "Notes",
    },
}

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
.vb-actions button:disabled {opacity: .45; cursor: default;}
.vb-clip-note {width: 100%; box-sizing: border-box; margin-top: 6px; padding: 6px 8px; border-radius: 6px;
  border: 1px solid var(--border-color-primary); background: var(--input-background-fill); color: var(--body-text-color);
  font: inherit; font-size: .92em; resize: vertical;}
.vb-note {padding: 10px 14px; border-radius: 8px; background: var(--background-fill-secondary); margin: 6px 0;}
.vb-doc {white-space: pre-wrap; line-height: 1.55; max-height: 70vh; overflow-y: auto; padding: 8px 14px;
  border: 1px solid var(--border-color-primary); border-radius: 8px;}
.vb-doc mark {background: #ffe58a; color: #111; padding: 1px 0;}
.vb-page {display: block; text-align: center; color: var(--body-text-color-subdued); font-size: .8em; margin: 10px 0;}
.vb-ref-line {font-size: .9em; margin: 4px 0 8px;}
#vb-viewer-box {position: sticky; top: 8px; align-self: flex-start;}
.vb-table {width: 100%; border-collapse: collapse; font-size: .92em;}
.vb-table th {text-align: left; font-weight: 600; padding: 8px 10px; border-bottom: 2px solid var(--border-color-primary);}
.vb-table td {padding: 7px 10px; border-bottom: 1px solid var(--border-color-primary); vertical-align: top;}
.vb-table tbody tr {cursor: pointer;}
.vb-table tbody tr:hover {background: var(--background-fill-secondary);}
.vb-table td.vb-date {white-space: nowrap;}
.vb-table td.vb-num, .vb-table th.vb-num {text-align: right;}
.vb-table small {display: block; color: var(--body-text-color-subdued); font-size: .85em; word-break: break-all;}
@media (max-width: 640px) {  /* a phone: the question on two lines; of the documents, name, issuer and date */
  #vb-query textarea {min-height: 3.2em;}
  .vb-table .vb-type, .vb-table .vb-num {display: none;}
}
#vb-feedback {align-items: center;}
/* The status line is polled every second; Gradio shows its timer on a polled output even with
   show_progress="hidden", which made the line flicker "0.0s". */
#vb-status [data-testid=status-tracker] {display: none !important;}
"""

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
# The collection's controls: move a quote up or down, drop it, or write its note (sent when the
# note box loses focus).
COLLECTION_JS = """
const send = (action, extra) => {
  props.value = {...props.value, ...extra, action: action + ':' + Date.now()};
  trigger('select');
};
element.addEventListener('click', (event) => {
  const el = event.target.closest('button[data-action]');
  if (!el) return;
  event.preventDefault();
  send(el.dataset.action + ':' + el.dataset.n, {});
});
element.addEventListener('change', (event) => {
  const el = event.target.closest('textarea[data-n]');
  if (el) send('note:' + el.dataset.n, {note: el.value});
});
"""
# A click on a row of the documents table picks that document.
DOCS_JS = """
element.addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-id]');
  if (!row) return;
  props.value = {...props.value, action: 'pick:' + row.dataset.id + ':' + Date.now()};
  trigger('select');
});
"""
SCROLL_JS = "() => { document.querySelector('#vb-viewer mark')?.scrollIntoView({block: 'center'}); }"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def note(text: str) -> str:
    return f'<div class="vb-note">{esc(text)}</div>'


_MD = MarkdownIt("commonmark", {"html": False})


def render_answer_markdown(markdown: str) -> str:
    """An answer's Markdown as HTML, its [n] markers made into links that open the source."""
    body = _MD.render(markdown)
    return re.sub(r"\[(\d{1,3})\]", r'<a class="vb-ref" href="#" data-action="view" data-n="\1">[\1]</a>', body)


def card(c: dict, lang: str) -> str:
    """A citation or search result: its document, section, page and file, the quote, and its actions."""
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
        f'<div class="vb-cite-head"><span class="vb-n">[{c["n"]}]</span>{esc(head)}</div>'
        f'<div class="vb-meta">{esc(" · ".join(meta))}</div>'
        f'<div class="vb-quote">{esc(c["quote"])}</div>'
        '<div class="vb-actions">'
        f'<button data-action="view" data-n="{c["n"]}">{esc(t["view"])}</button>'
        f'<button data-action="copy" data-n="{c["n"]}" data-cite="{esc(c["cite"])}" '
        f'data-done="{esc(t["copied"])}">{esc(t["copy"])}</button>'
        f'<button data-action="add" data-n="{c["n"]}" data-done="{esc(t["added"])}">{esc(t["add"])}</button>'
        "</div></div>"
    )


def cite_dict(n: int, doc, section: str | None, start: int, end: int) -> dict:
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


def render_document(doc, cite: dict, lang: str) -> str:
    """The whole document, page marks included, with the cited passage highlighted."""
    t = TEXT[lang]
    if doc is None:
        return note(t["gone"])
    text, start, end = doc.text, cite["start"], cite["end"]
    cuts = sorted({0, start, end, len(text), *(o for _, o in doc.page_starts if 0 < o < len(text))})
    pages = {o: n for n, o in doc.page_starts}
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a in pages and a > 0:
            out.append(f'<span class="vb-page">— {t["page"]} {pages[a]} —</span>')
        piece = esc(text[a:b])
        out.append(f'<mark id="vb-mark">{piece}</mark>' if start <= a < end else piece)
    head = (
        f'<div class="vb-cite-head">{esc(t["viewer_title"])} [{cite["n"]}]: {esc(doc.title)}</div>'
        f'<div class="vb-ref-line">{esc(cite["cite"])}</div>'
        '<div class="vb-actions">'
        f'<button data-action="copy" data-n="{cite["n"]}" data-cite="{esc(cite["cite"])}" '
        f'data-done="{esc(t["copied"])}">{esc(t["copy"])}</button></div>'
    )
    return f'{head}<div class="vb-doc">{"".join(out)}</div>'


def answer_badge(answer, lang: str) -> tuple[str, str]:
    """The badge over an answer and the answer box's classes: a claim with its confidence, the
    nearest passages when the reader is not sure, or not found."""
    t = TEXT[lang]
    if not answer.found:
        return f'<div class="vb-badge">{esc(t["not_found_badge"])}</div>', "vb-answer vb-nf"
    percent = min(round(100 * answer.confidence), 99)  # never "certain"
    if answer.kind == "passages":
        label = f"{t['unsure_badge']} · {t['confidence'].format(p=percent)}"
        return f'<div class="vb-badge vb-unsure">{esc(label)}</div>', "vb-answer vb-unsure"
    label = f"{t['kinds'].get(answer.kind, '')} · {t['confidence'].format(p=percent)}".strip(" ·")
    return f'<div class="vb-badge vb-sure">{esc(label)}</div>', "vb-answer vb-sure"


# --- the collection ----------------------------------------------------------------------------


def clip_of(cite: dict, doc, question: str | None) -> dict:
    """A citation as the collection keeps it: the whole sentences or list items it stands in."""
    quote = cite["quote"]
    if doc is not None:
        a, b = whole_quote(doc.text, cite["start"], cite["end"])
        quote = doc.text[a:b]
    return {"quote": quote, "reference": cite["cite"], "source": cite["source"], "question": question, "note": ""}


def edit_collection(clips: list[dict], action: str, note_text: str | None = None) -> list[dict]:
    """The collection after one of its controls: "up:N", "down:N", "drop:N" or "note:N" (1-based)."""
    kind, _, rest = action.partition(":")
    n = int(rest.split(":")[0]) - 1 if rest[:1].isdigit() else -1
    clips = [dict(c) for c in clips or []]
    if not 0 <= n < len(clips):
        return clips
    if kind == "up" and n > 0:
        clips[n - 1], clips[n] = clips[n], clips[n - 1]
    elif kind == "down" and n < len(clips) - 1:
        clips[n + 1], clips[n] = clips[n], clips[n + 1]
    elif kind == "drop":
        del clips[n]
    elif kind == "note":
        clips[n]["note"] = (note_text or "").strip()[:2000]
    return clips


def render_collection(clips: list[dict], lang: str) -> str:
    """The quotes kept, each with its reference, note box and controls to move or drop it."""
    t = TEXT[lang]
    if not clips:
        return note(t["collection_empty"])
    items = [f'<div class="vb-h">{esc(t["collection_count"].format(n=len(clips)))}</div>']
    for n, c in enumerate(clips, start=1):
        asked = f'<div class="vb-meta">{esc(t["asked"])}: {esc(c["question"])}</div>' if c.get("question") else ""
        items.append(
            f'<div class="vb-cite vb-clip" id="vb-clip-{n}">'
            f'<div class="vb-cite-head"><span class="vb-n">[{n}]</span>{esc(c["reference"])}</div>{asked}'
            f'<div class="vb-quote">{esc(c["quote"])}</div>'
            f'<div class="vb-meta">{esc(t["file"])} {esc(c["source"])}</div>'
            f'<textarea class="vb-clip-note" rows="2" data-n="{n}" placeholder="{esc(t["clip_note"])}">'
            f"{esc(c.get('note') or '')}</textarea>"
            '<div class="vb-actions">'
            f'<button data-action="up" data-n="{n}"{" disabled" if n == 1 else ""}>↑ {esc(t["up"])}</button>'
            f'<button data-action="down" data-n="{n}"{" disabled" if n == len(clips) else ""}>↓ {esc(t["down"])}'
            "</button>"
            f'<button data-action="drop" data-n="{n}">✕ {esc(t["drop"])}</button>'
            "</div></div>"
        )
    return "".join(items)


def export_files(clips: list[dict], folder: Path) -> tuple[str | None, str | None]:
    """Write the collection as Markdown and DOCX; None when it is empty."""
    if not clips:
        return None, None
    folder.mkdir(parents=True, exist_ok=True)
    items = [Clip(c["quote"], c["reference"], c["source"], c.get("question"), c.get("note") or None) for c in clips]
    md = folder / EXPORT_NAMES[0]
    md.write_text(to_markdown(items), encoding="utf-8")
    docx = to_docx(items, folder / EXPORT_NAMES[1])
    return str(md), str(docx)


EXPORT_NAMES = ("vanban-trich-dan.md", "vanban-trich-dan.docx")


class Exports:
    """Where a server writes the collections' downloads: one temporary folder for its life (removed
    when it ends), a sub-folder per collection's content (the same collection, the same files, so a
    page load or a restore writes nothing new), the least recently used dropped past `keep`."""

    def __init__(self, keep: int = 200) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="vanban-export-")
        self.root = Path(self._folder.name)
        self.keep = keep

    def write(self, clips: list[dict]) -> tuple[str | None, str | None]:
        if not clips:
            return None, None
        key = hashlib.sha256(json.dumps(clips, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]
        folder = self.root / key
        if folder.is_dir():
            os.utime(folder)  # used again: the last to be dropped
        else:
            fresh = Path(tempfile.mkdtemp(dir=self.root))  # written aside, then moved into place whole
            export_files(clips, fresh)
            try:
                fresh.rename(folder)
            except OSError:  # another request wrote the same collection meanwhile
                shutil.rmtree(fresh, ignore_errors=True)
            self._prune()
        return str(folder / EXPORT_NAMES[0]), str(folder / EXPORT_NAMES[1])

    def _prune(self) -> None:
        folders = sorted((f for f in self.root.iterdir() if f.is_dir()), key=lambda f: f.stat().st_mtime)
        for old in folders[: max(0, len(folders) - self.keep)]:
            shutil.rmtree(old, ignore_errors=True)


# --- history -----------------------------------------------------------------------------------


def remember(history: list[dict], question: str, mode: str) -> list[dict]:
    """The history with a question added on top (asked again: moved to the top), at most MAX_HISTORY."""
    rest = [h for h in history or [] if h.get("q") != question]
    return [{"q": question, "mode": mode, "at": time.strftime("%Y-%m-%d %H:%M")}, *rest][:MAX_HISTORY]


# --- documents ---------------------------------------------------------------------------------


def render_documents(docs, counts: dict[str, int], lang: str) -> str:
    """The documents table: the name that tells a document apart (its file below), type, issuer,
    date, passages; a click on a row picks the document (DOCS_JS)."""
    names = TEXT[lang]["columns"]
    klass = ("vb-name", "vb-type", "vb-issuer", "vb-date", "vb-num")
    head = "".join(f'<th class="{k}">{esc(n)}</th>' for k, n in zip(klass, names, strict=True))
    rows = []
    for d in docs:
        cells = (
            f"{esc(short_name(d))}<small>{esc(d.source)}</small>",
            esc(d.doc_type or ""),
            esc(d.issuer or ""),
            esc(vi_date(d.date) or ""),
            str(counts.get(d.doc_id, 0)),
        )
        tds = "".join(f'<td class="{k}">{c}</td>' for k, c in zip(klass, cells, strict=True))
        rows.append(f'<tr data-id="{esc(d.doc_id)}">{tds}</tr>')
    return f'<table class="vb-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
