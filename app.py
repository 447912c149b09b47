"""vanban web app: ask and search Vietnamese guidance documents, read the sources, collect quotes.

python app.py [--host 127.0.0.1] [--port 7860] [--store DIR] [--corpus DIR]

The page only talks to a person: answering lives in answer/, the documents in vanban/library.py, the
texts and HTML of the page in vanban/ui.py. Here each part of the page is one method of Page, which
builds its components, wires its events and says how to relabel them in the other language.

A person's collection of quotes and question history are kept in their browser (Gradio's
BrowserState, in localStorage, encrypted with a key kept in the store): they survive reloads and
server restarts, stay with the person without accounts, and the server holds nobody's work.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from an offline tool

import gradio as gr  # noqa: E402

from vanban import server  # noqa: E402
from vanban.cite import short_name, vi_date  # noqa: E402
from vanban.config import corpus_path, store_path  # noqa: E402
from vanban.library import MAX_UPLOAD_BYTES, UPLOAD_SUFFIXES, Library, LibraryError  # noqa: E402
from vanban.ui import (  # noqa: E402
    CARD_JS,
    COLLECTION_JS,
    CSS,
    DOCS_JS,
    EXAMPLES,
    MAX_QUESTION,
    SCROLL_JS,
    TEXT,
    VIEWER_JS,
    Exports,
    answer_badge,
    card,
    cite_dict,
    clip_of,
    edit_collection,
    esc,
    note,
    remember,
    render_answer_markdown,
    render_collection,
    render_document,
    render_documents,
)

log = logging.getLogger(__name__)

LANGS = {"Tiếng Việt": "vi", "English": "en"}
# Local font stacks only: the default theme fonts come from a web font service an offline machine cannot reach.
THEME = gr.themes.Soft(
    font=["Noto Sans", "DejaVu Sans", "Segoe UI", "system-ui", "sans-serif"],
    font_mono=["DejaVu Sans Mono", "Consolas", "monospace"],
)
PRIVATE = {"api_visibility": "private"}  # the page's own events are not part of the API


def browser_secret(store: Path) -> str:
    """The key that encrypts what the page keeps in browsers; kept in the store so that collections
    survive restarts (a new key would make every stored collection unreadable)."""
    path = store / ".browser-secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        pass
    key = secrets.token_urlsafe(32)
    try:
        store.mkdir(parents=True, exist_ok=True)
        path.write_text(key, encoding="utf-8")
        path.chmod(0o600)
    except OSError as exc:  # a read-only store: collections then last until the server restarts
        log.warning("cannot keep the browser key in the store (%s); collections will not survive a restart", exc)
    return key


def _choices(values, lang: str) -> list[tuple[str, str]]:
    return [(TEXT[lang]["any"], "")] + [(str(v), str(v)) for v in values]


def _samples(questions: list[str]) -> list[list[str]]:
    return [[q] for q in questions]


class Page:
    """The page of one library: build() gives the Gradio Blocks."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.exports = Exports()
        self.relabels: list[tuple[list, Callable[[str], list]]] = []  # (components, lang -> their updates)

    def relabel(self, components: list, fn: Callable[[str], list]) -> None:
        self.relabels.append((components, fn))

    @staticmethod
    def kept(fn: Callable, at: int) -> Callable:
        """A handler whose output `at` is the collection or the history, which the browser keeps too:
        sent again, for the BrowserState, in the same response (a chained event could still be on
        its way when the page is reloaded, and the newest question would be lost)."""

        def handler(*args):
            out = list(fn(*args))
            return [*out, out[at]]

        return handler

    # --- the whole page ------------------------------------------------------------------------

    def build(self) -> gr.Blocks:
        secret = browser_secret(self.library.store)
        # Files Gradio keeps to serve (uploads, downloads, page images) are dropped a day after they were made.
        with gr.Blocks(title="vanban — hỏi đáp văn bản", delete_cache=(3600, 86400)) as demo:
            self.lang = gr.State("vi")
            self.cites = gr.State([])  # the citations shown now
            self.last = gr.State({})  # the answer shown now, for feedback and the collection
            # The library version the filters and tables show, held by the page itself (not the
            # server's session State): an update the page never applied leaves it behind, and the
            # next tick sends the tables again.
            self.seen = gr.Number(-1, precision=0, visible="hidden", elem_id="vb-seen")
            # The collection and history a session works on are server-side State (two quick clicks
            # each see the other's change); every event that changes them also sends them to the
            # browser's BrowserState (Page.kept), which a new visit reads back.
            self.clips, self.history = gr.State([]), gr.State([])
            self.kept_clips = gr.BrowserState([], storage_key="vanban-collection", secret=secret)
            self.kept_history = gr.BrowserState([], storage_key="vanban-history", secret=secret)
            self.header()
            with gr.Tabs():
                with gr.Tab(TEXT["vi"]["tab_ask"], id="ask", elem_id="vb-tab-ask") as tab_ask:
                    self.question_panel()
                    with gr.Row(equal_height=False):
                        with gr.Column(scale=3, min_width=320):
                            self.answer_panel()
                            self.feedback_panel()
                        self.viewer_panel()
                    self.history_panel()
                with gr.Tab(TEXT["vi"]["tab_collection"], id="collection", elem_id="vb-tab-collection") as tab_col:
                    self.collection_panel()
                with gr.Tab(TEXT["vi"]["tab_docs"], id="docs", elem_id="vb-tab-docs") as tab_docs:
                    self.documents_panel()
            tabs = [tab_ask, tab_col, tab_docs]
            self.relabel(
                tabs, lambda lang: [gr.update(label=TEXT[lang][k]) for k in ("tab_ask", "tab_collection", "tab_docs")]
            )
            self.wire_asking()
            self.wire_results()
            self.wire_language()
            self.wire_refresh(demo)
            self.api()
        return demo

    def header(self) -> None:
        t = TEXT["vi"]
        with gr.Row(elem_id="vb-header"):
            with gr.Column(scale=4):
                gr.Markdown("# vanban")
                intro = gr.Markdown(t["intro"])
            self.language = gr.Radio(
                list(LANGS), value="Tiếng Việt", show_label=False, container=False, elem_id="vb-lang", scale=1
            )
        self.status = gr.Markdown(self.library.describe("vi"), elem_id="vb-status")
        self.relabel([intro], lambda lang: [TEXT[lang]["intro"]])

    # --- asking ---------------------------------------------------------------------------------

    def question_panel(self) -> None:
        t = TEXT["vi"]
        with gr.Row(equal_height=True):
            self.query = gr.Textbox(
                label=t["query"],
                placeholder=t["placeholder"],
                lines=1,
                max_lines=4,
                autofocus=True,
                scale=5,
                elem_id="vb-query",
            )
            self.submit = gr.Button(t["submit"], variant="primary", scale=1, min_width=80, elem_id="vb-submit")
        self.mode = gr.Radio(
            [(t["mode_ask"], "ask"), (t["mode_search"], "search")], value="ask", label=t["mode"], elem_id="vb-mode"
        )
        with gr.Accordion(t["filters"], open=False) as box, gr.Row():
            self.f_type = gr.Dropdown([(t["any"], "")], value="", label=t["type"], elem_id="vb-f-type")
            self.f_issuer = gr.Dropdown([(t["any"], "")], value="", label=t["issuer"], elem_id="vb-f-issuer")
            self.f_year = gr.Dropdown([(t["any"], "")], value="", label=t["year"], elem_id="vb-f-year")
            self.f_doc = gr.Dropdown([(t["any"], "")], value="", label=t["document"], elem_id="vb-f-doc")
            self.k = gr.Slider(1, 20, value=5, step=1, label=t["k"])
        self.examples = gr.Dataset(
            components=[self.query], samples=_samples(EXAMPLES["vi"]), label=t["examples"], elem_id="vb-examples"
        )
        self.relabel(
            [self.query, self.submit, self.mode, box, self.f_type, self.f_issuer, self.f_year, self.f_doc, self.k],
            lambda lang: [
                gr.update(label=TEXT[lang]["query"], placeholder=TEXT[lang]["placeholder"]),
                gr.update(value=TEXT[lang]["submit"]),
                gr.update(
                    label=TEXT[lang]["mode"],
                    choices=[(TEXT[lang]["mode_ask"], "ask"), (TEXT[lang]["mode_search"], "search")],
                ),
                gr.update(label=TEXT[lang]["filters"]),
                *(gr.update(label=TEXT[lang][k]) for k in ("type", "issuer", "year", "document", "k")),
            ],
        )
        self.relabel(
            [self.examples],
            lambda lang: [gr.Dataset(samples=_samples(EXAMPLES[lang]), label=TEXT[lang]["examples"])],
        )

    def answer_panel(self) -> None:
        self.results = gr.HTML(
            {"html": "", "action": ""}, html_template="${value.html}", js_on_load=CARD_JS, elem_id="vb-results"
        )

    def feedback_panel(self) -> None:
        """Right / wrong on the answer shown, with an optional note: appended to feedback.jsonl."""
        t = TEXT["vi"]
        with gr.Row(visible=False, elem_id="vb-feedback") as self.feedback_box:
            ask = gr.Markdown(t["feedback"], elem_id="vb-feedback-ask")
            right = gr.Button(t["right"], size="sm", min_width=60, elem_id="vb-right")
            wrong = gr.Button(t["wrong"], size="sm", min_width=60, elem_id="vb-wrong")
            text = gr.Textbox(show_label=False, placeholder=t["feedback_note"], scale=3, elem_id="vb-feedback-note")
        thanks = gr.Markdown(elem_id="vb-feedback-done")
        self.feedback_done = thanks

        def record(verdict: str, note_text: str, last: dict, lang: str):
            if not last:
                return gr.skip(), gr.skip()
            try:
                self.library.record_feedback({**last, "verdict": verdict, "note": (note_text or "").strip()[:2000]})
            except OSError as exc:
                return gr.skip(), TEXT[lang]["feedback_failed"].format(why=exc.strerror or exc)
            return gr.update(visible=False), TEXT[lang]["feedback_thanks"]

        for button, verdict in ((right, "right"), (wrong, "wrong")):
            button.click(
                lambda n, last, lang, v=verdict: record(v, n, last, lang),
                [text, self.last, self.lang],
                [self.feedback_box, thanks],
                **PRIVATE,
            ).then(lambda: "", None, text, **PRIVATE)
        self.relabel(
            [ask, right, wrong, text],
            lambda lang: [
                TEXT[lang]["feedback"],
                gr.update(value=TEXT[lang]["right"]),
                gr.update(value=TEXT[lang]["wrong"]),
                gr.update(placeholder=TEXT[lang]["feedback_note"]),
            ],
        )

    def viewer_panel(self) -> None:
        """Beside the answer: the document with the passage marked, the PDF page, the original."""
        t = TEXT["vi"]
        with gr.Column(scale=2, min_width=320, visible=False, elem_id="vb-viewer-box") as self.viewer_box:
            self.viewer = gr.HTML(elem_id="vb-viewer", js_on_load=VIEWER_JS)
            self.page_image = gr.Image(
                type="filepath", interactive=False, visible=False, buttons=["fullscreen"], elem_id="vb-page-image"
            )
            with gr.Row():
                self.original = gr.DownloadButton(t["original"], size="sm", visible=False, elem_id="vb-original")
                close = gr.Button(t["close"], size="sm", elem_id="vb-close")
        close.click(lambda: gr.update(visible=False), None, self.viewer_box, **PRIVATE)
        self.relabel(
            [self.original, close],
            lambda lang: [gr.update(value=TEXT[lang]["original"]), gr.update(value=TEXT[lang]["close"])],
        )

    def show_source(self, cite: dict, lang: str) -> list:
        """The viewer's updates for one citation."""
        doc = self.library.document(cite["doc_id"])
        image = self.library.page_image(cite["doc_id"], cite.get("page")) if doc else None
        original = self.library.original(cite["doc_id"]) if doc else None
        return [
            gr.update(visible=True),
            render_document(doc, cite, lang),
            gr.update(
                value=str(image) if image else None,
                visible=image is not None,
                label=TEXT[lang]["page_image"].format(p=cite.get("page")),
            ),
            gr.update(value=str(original) if original else None, visible=original is not None),
        ]

    def history_panel(self) -> None:
        t = TEXT["vi"]
        with gr.Accordion(t["history"], open=False, elem_id="vb-history-box") as box:
            self.history_list = gr.Dataset(components=[self.query], samples=[], elem_id="vb-history", label=None)
            clear = gr.Button(t["history_clear"], size="sm", elem_id="vb-history-clear")
        clear.click(
            self.kept(lambda: ([], gr.Dataset(samples=[])), 0),
            None,
            [self.history, self.history_list, self.kept_history],
            **PRIVATE,
        )
        self.relabel(
            [box, clear],
            lambda lang: [gr.update(label=TEXT[lang]["history"]), gr.update(value=TEXT[lang]["history_clear"])],
        )

    def filters(self, doc_type, issuer, year, code):
        """The filters as chosen; `code` is a document of the store (its id, from the document filter)."""
        return server.filters(self.library, doc_type, issuer, year, code)

    def run(self, question, mode, doc_type, issuer, year, code, k, lang, history):
        """Answer or search: the results, their citations, the answer kept for feedback, the history."""
        from index.search import QueryError

        t = TEXT[lang]
        question = (question or "").strip()
        notes = []
        if len(question) > MAX_QUESTION:
            question = question[:MAX_QUESTION]
            notes.append(note(t["too_long"].format(n=MAX_QUESTION)))
        nothing = ({"html": note(t["empty"]), "action": ""}, [], {}, gr.skip(), gr.skip(), gr.update(visible=False))
        if not question:
            return nothing
        library = self.library
        if library.answerer is None:
            return ({"html": note(f"{t['not_ready']} {library.describe(lang)}"), "action": ""}, *nothing[1:])
        filters = self.filters(doc_type, issuer, year, code)
        parts, last = notes, {}
        try:
            if mode == "search":
                hits = library.searcher.search(question, k=int(k), filters=filters)
                cites = [cite_dict(h.rank, h.doc, h.chunk.section, h.chunk.start, h.chunk.end) for h in hits if h.doc]
                parts.append(f'<div class="vb-h">{esc(t["results"])}</div>')
                parts += [card(c, lang) for c in cites] or [note(t["no_hits"])]
                last = {"question": question}
            else:
                answer = library.answerer.ask(question, filters=filters)
                cites = [
                    cite_dict(c.n, library.document(c.doc_id), c.section, c.start, c.end) for c in answer.citations
                ]
                badge, klass = answer_badge(answer, lang)
                parts.append(f'<div class="{klass}">{badge}{render_answer_markdown(answer.answer)}</div>')
                if cites:
                    parts.append(f'<div class="vb-h">{esc(t["sources"])}</div>')
                    parts += [card(c, lang) for c in cites]
                last = {**answer.to_json(), "lang": lang}
        except QueryError:
            return nothing
        history = remember(history, question, mode)
        return (
            {"html": "".join(parts), "action": ""},
            cites,
            last,
            history,
            gr.Dataset(samples=_samples([h["q"] for h in history])),
            gr.update(visible=mode != "search"),
        )

    def wire_asking(self) -> None:
        inputs = [
            self.query,
            self.mode,
            self.f_type,
            self.f_issuer,
            self.f_year,
            self.f_doc,
            self.k,
            self.lang,
            self.history,
        ]  # Page.run's arguments
        outputs = [
            self.results,
            self.cites,
            self.last,
            self.history,
            self.history_list,
            self.feedback_box,
            self.kept_history,
        ]
        run = self.kept(self.run, 3)

        def after(event):
            return event.then(
                lambda: (gr.update(visible=False), ""), None, [self.viewer_box, self.feedback_done], **PRIVATE
            )

        for trigger in (self.query.submit, self.submit.click):
            after(trigger(run, inputs, outputs, **PRIVATE))
        for listed in (self.examples, self.history_list):  # a click on a listed question asks it
            after(
                listed.click(lambda sample: sample[0], [listed], [self.query], **PRIVATE).then(
                    run, inputs, outputs, **PRIVATE
                )
            )

    # --- results, the collection ----------------------------------------------------------------

    def wire_results(self) -> None:
        """A click inside the results: open a source beside them, or add a citation to the collection."""

        def on_card(value, cites, clips, last, lang):
            action = (value or {}).get("action", "")
            kind, _, rest = action.partition(":")
            n = int(rest.split(":")[0]) if rest[:1].isdigit() else None
            cite = next((c for c in cites or [] if c["n"] == n), None)
            if cite is None:
                return [gr.skip()] * 8
            if kind == "view":
                return [*self.show_source(cite, lang), gr.skip(), gr.skip(), gr.skip(), gr.skip()]
            doc = self.library.document(cite["doc_id"])
            clip = clip_of(cite, doc, (last or {}).get("question"))
            clips = list(clips or [])
            if all((c["quote"], c["source"]) != (clip["quote"], clip["source"]) for c in clips):
                clips.append(clip)
            return [gr.skip()] * 4 + [clips, *self.collection_view(clips, lang)]

        clicked = self.results.select(
            self.kept(on_card, 4),
            [self.results, self.cites, self.clips, self.last, self.lang],
            [
                self.viewer_box,
                self.viewer,
                self.page_image,
                self.original,
                self.clips,
                *self.collection_outputs,
                self.kept_clips,
            ],
            **PRIVATE,
            trigger_mode="multiple",  # two quick "add" clicks are two additions ...
            concurrency_limit=1,  # ... made one after the other, each seeing the collection so far
        )
        clicked.then(None, None, None, js=SCROLL_JS)

    def collection_view(self, clips: list[dict], lang: str) -> list:
        """The collection's HTML and its two downloads."""
        md, docx = self.exports.write(clips)
        return [
            {"html": render_collection(clips, lang), "action": ""},
            gr.update(value=md, interactive=md is not None),
            gr.update(value=docx, interactive=docx is not None),
        ]

    def collection_panel(self) -> None:
        t = TEXT["vi"]
        self.collection = gr.HTML(
            {"html": render_collection([], "vi"), "action": ""},
            html_template="${value.html}",
            js_on_load=COLLECTION_JS,
            elem_id="vb-collection",
        )
        with gr.Row():
            dl_md = gr.DownloadButton(t["export_md"], interactive=False, elem_id="vb-export-md")
            dl_docx = gr.DownloadButton(t["export_docx"], interactive=False, elem_id="vb-export-docx")
            clear = gr.Button(t["clear"], variant="stop", elem_id="vb-clear")
        self.collection_outputs = [self.collection, dl_md, dl_docx]

        def on_control(value, clips, lang):
            value = value or {}
            clips = edit_collection(clips, value.get("action", ""), value.get("note"))
            return [clips, *self.collection_view(clips, lang)]

        self.collection.select(
            self.kept(on_control, 0),
            [self.collection, self.clips, self.lang],
            [self.clips, *self.collection_outputs, self.kept_clips],
            **PRIVATE,
            trigger_mode="multiple",
            concurrency_limit=1,
        )
        clear.click(
            self.kept(lambda lang: [[], *self.collection_view([], lang)], 0),
            [self.lang],
            [self.clips, *self.collection_outputs, self.kept_clips],
            **PRIVATE,
        )
        self.relabel(
            [dl_md, dl_docx, clear],
            lambda lang: [gr.update(value=TEXT[lang][k]) for k in ("export_md", "export_docx", "clear")],
        )

    # --- documents ------------------------------------------------------------------------------

    def documents_panel(self) -> None:
        t = TEXT["vi"]
        library = self.library
        changes = not library.read_only  # a read-only deployment shows the documents, nothing to change them
        with gr.Row(equal_height=True, visible=changes):
            upload = gr.UploadButton(
                t["upload"],
                file_count="multiple",
                file_types=list(UPLOAD_SUFFIXES),
                variant="primary",
                scale=1,
                min_width=160,
                elem_id="vb-upload",
            )
            hint = gr.Markdown(t["upload_hint"], elem_id="vb-upload-hint")
        message = gr.Markdown(elem_id="vb-doc-message")
        self.table = gr.HTML(
            {"html": "", "action": ""}, html_template="${value.html}", js_on_load=DOCS_JS, elem_id="vb-docs"
        )
        self.pick = gr.Dropdown([], label=t["pick"], elem_id="vb-pick", visible=True)
        with gr.Accordion(t["edit"], open=False, visible=changes, elem_id="vb-edit-box") as edit_box:
            with gr.Row():
                code = gr.Textbox(label=t["code"], elem_id="vb-edit-code")
                doc_type = gr.Textbox(label=t["type"], elem_id="vb-edit-type")
                date = gr.Textbox(label=t["date"], elem_id="vb-edit-date")
            issuer = gr.Textbox(label=t["issuer"], elem_id="vb-edit-issuer")
            title = gr.Textbox(label=t["title"], elem_id="vb-edit-title")
            edit_note = gr.Markdown(t["edit_note"])
            save = gr.Button(t["save"], variant="primary", elem_id="vb-save")
        with gr.Row(visible=changes):
            remove = gr.Button(t["remove"], variant="stop", interactive=False, elem_id="vb-remove")
            protected = gr.Markdown(elem_id="vb-protected")
        with gr.Row(visible=False, elem_id="vb-confirm-box") as confirm_box:
            confirm_text = gr.Markdown(elem_id="vb-confirm-text")
            confirm = gr.Button(t["confirm"], variant="stop", elem_id="vb-confirm")
            cancel = gr.Button(t["cancel"], elem_id="vb-cancel")
        fields = [code, doc_type, issuer, date, title]

        def uploaded(files, lang):
            added, errors = [], []
            for f in files or []:
                path = Path(f if isinstance(f, str) else f.name)
                try:
                    added.append(library.add(path, path.name))  # Gradio keeps the visitor's file name
                except LibraryError as exc:
                    errors.append(exc.say(lang))
            lines = []
            if added:
                library.reindex()
                lines.append(TEXT[lang]["added_files"].format(names=", ".join(added)))
            return "\n\n".join(lines + [f"⚠ {e}" for e in errors])

        def picked(doc_id, lang):
            """The form for the document a person picked. Only their own picking fills it (the
            picker's `input`, a click on a row), never a refresh of the choices when a new build
            loads, which would overwrite what they are typing."""
            doc = library.document(doc_id) if doc_id else None
            if doc is None:
                return [""] * 5 + [gr.update(interactive=False), "", gr.update(visible=False)]
            locked = library.bundled(doc.source) and not library.remove_bundled
            return [
                doc.code or "",
                doc.doc_type or "",
                doc.issuer or "",
                vi_date(doc.date) or "",
                doc.title,
                gr.update(interactive=not locked),
                TEXT[lang]["protected"] if locked else "",
                gr.update(visible=False),
            ]

        def clicked_row(value, lang):
            doc_id = (value or {}).get("action", "").partition(":")[2].rpartition(":")[0]
            if library.document(doc_id) is None:
                return [gr.skip()] * 9
            return [doc_id, *picked(doc_id, lang)]

        def saved(doc_id, lang, *values):
            doc = library.document(doc_id) if doc_id else None
            if doc is None:
                return TEXT[lang]["nothing_picked"]
            try:
                library.correct(doc_id, dict(zip(("code", "doc_type", "issuer", "date", "title"), values, strict=True)))
            except LibraryError as exc:
                return f"⚠ {exc.say(lang)}"
            library.reindex()
            return TEXT[lang]["saved"].format(name=short_name(doc).rstrip(". "))

        def asked_to_remove(doc_id, lang):
            doc = library.document(doc_id) if doc_id else None
            if doc is None:
                return "", TEXT[lang]["nothing_picked"]
            n = sum(d.source == doc.source for d in library.documents())
            return TEXT[lang]["confirm_remove"].format(source=doc.source, n=n), ""

        def removed(doc_id, lang):
            doc = library.document(doc_id) if doc_id else None
            if doc is None:
                return TEXT[lang]["nothing_picked"], *[gr.skip()] * 7, gr.update(visible=False)
            try:
                library.remove(doc.source)
            except LibraryError as exc:
                return f"⚠ {exc.say(lang)}", *[gr.skip()] * 7, gr.update(visible=False)
            library.reindex()
            return TEXT[lang]["removed"].format(name=doc.source), *picked(None, lang)  # the form emptied

        upload.upload(uploaded, [upload, self.lang], message, **PRIVATE)
        form = [*fields, remove, protected, confirm_box]
        self.table.select(clicked_row, [self.table, self.lang], [self.pick, *form], **PRIVATE)
        self.pick.input(picked, [self.pick, self.lang], form, **PRIVATE)
        save.click(saved, [self.pick, self.lang, *fields], message, **PRIVATE)
        # The question first, then the box that holds it: Gradio's page applies a response's updates side
        # by side, and a box shown in the same response as its text could come up without the text.
        remove.click(asked_to_remove, [self.pick, self.lang], [confirm_text, message], **PRIVATE).then(
            lambda text: gr.update(visible=bool(text)), confirm_text, confirm_box, **PRIVATE
        )
        confirm.click(removed, [self.pick, self.lang], [message, *form], **PRIVATE)
        cancel.click(lambda: gr.update(visible=False), None, confirm_box, **PRIVATE)
        self.relabel(
            [upload, hint, self.pick, edit_box, *fields, edit_note, save, remove, confirm, cancel],
            lambda lang: [
                gr.update(label=TEXT[lang]["upload"]),
                TEXT[lang]["upload_hint"],
                gr.update(label=TEXT[lang]["pick"]),
                gr.update(label=TEXT[lang]["edit"]),
                *(gr.update(label=TEXT[lang][k]) for k in ("code", "type", "issuer", "date", "title")),
                TEXT[lang]["edit_note"],
                *(gr.update(value=TEXT[lang][k]) for k in ("save", "remove", "confirm", "cancel")),
            ],
        )

    # --- language, status, what changes with the library ------------------------------------------

    def wire_language(self) -> None:
        components = [c for cs, _ in self.relabels for c in cs]

        def switch(label):
            lang = LANGS.get(label, "vi")
            return [lang, -1, *(u for _, fn in self.relabels for u in fn(lang))]  # -1: redo filters and table

        self.language.change(switch, [self.language], [self.lang, self.seen, *components], **PRIVATE).then(
            self.restore, [self.clips, self.history, self.lang], self.restore_outputs, **PRIVATE
        )

    @property
    def restore_outputs(self) -> list:
        return [self.clips, self.history, *self.collection_outputs, self.history_list]

    def restore(self, clips, history, lang):
        """The collection and the history (as the browser kept them, on a new visit), shown."""
        clips = [c for c in clips if isinstance(c, dict) and c.get("quote")] if isinstance(clips, list) else []
        history = [h for h in history if isinstance(h, dict) and h.get("q")] if isinstance(history, list) else []
        return [
            clips,
            history,
            *self.collection_view(clips, lang),
            gr.Dataset(samples=_samples([h["q"] for h in history])),
        ]

    def refresh(self, seen, shown, lang, picked):
        """The status line when it changes; filters, documents table and pickers when a new build is loaded."""
        library = self.library
        # The version is read before what it describes: a build loaded meanwhile leaves `seen` behind,
        # so the next tick shows it (read after, it would mark the new build seen with the old table).
        version = library.version
        text = library.describe(lang)
        status = text if text != shown else gr.skip()  # `shown`: the status line as the page has it
        if seen == version:
            return status, *([gr.skip()] * 7)  # the version and the six views: unchanged
        o = library.options()
        docs = library.documents()
        every = [(TEXT[lang]["any"], "")] + list(o.documents)
        return (
            status,
            version,
            gr.update(choices=_choices(o.types, lang)),
            gr.update(choices=_choices(o.issuers, lang)),
            gr.update(choices=_choices(o.years, lang)),
            gr.update(choices=every),
            {"html": render_documents(docs, library.chunk_counts(), lang), "action": ""},
            gr.update(choices=[(short_name(d), d.doc_id) for d in docs])  # the choice stays, while it exists
            if any(d.doc_id == picked for d in docs)
            else gr.update(choices=[(short_name(d), d.doc_id) for d in docs], value=None),
        )

    def wire_refresh(self, demo: gr.Blocks) -> None:
        outputs = [
            self.status,
            self.seen,
            self.f_type,
            self.f_issuer,
            self.f_year,
            self.f_doc,
            self.table,
            self.pick,
        ]
        timer = gr.Timer(1.0)
        timer.tick(
            self.refresh, [self.seen, self.status, self.lang, self.pick], outputs, **PRIVATE, show_progress="hidden"
        )
        demo.load(
            self.refresh, [self.seen, self.status, self.lang, self.pick], outputs, **PRIVATE, show_progress="hidden"
        )
        demo.load(self.restore, [self.kept_clips, self.kept_history, self.lang], self.restore_outputs, **PRIVATE)

    # --- the API ----------------------------------------------------------------------------------

    def api(self) -> None:
        library = self.library

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
            try:
                return server.search(library, query, k, mode, doc_type, issuer, year, code)
            except server.ApiError as exc:
                raise gr.Error(str(exc)) from exc

        def ask_api(question: str, doc_type: str = "", issuer: str = "", year: str = "", code: str = "") -> dict:
            """Answer a question with verified citations; the same JSON as `vanban ask --json`."""
            try:
                return server.ask(library, question, doc_type, issuer, year, code)
            except server.ApiError as exc:
                raise gr.Error(str(exc)) from exc

        gr.api(search_api, api_name="search")
        gr.api(ask_api, api_name="ask")


def build_app(library: Library) -> gr.Blocks:
    """The page: ask or search with filters, answers with citations beside the source viewer,
    feedback, history, the collection, the documents."""
    return Page(library).build()


def page(library: Library, users=None, host: str = "127.0.0.1", port: int = 7860):
    """The page as a FastAPI app: Gradio mounted at / with its styles, queue, upload limit and logins.

    Requests that only read run side by side, as many as the machine has cores (twice over:
    they wait on the model in turn, and do the rest in parallel); uploads are limited at the HTTP
    layer too; `users` [(name, password)] must log in.
    """
    from fastapi import FastAPI

    demo = build_app(library)
    demo.queue(default_concurrency_limit=2 * (os.cpu_count() or 1))
    return gr.mount_gradio_app(
        FastAPI(docs_url=None, redoc_url=None, openapi_url=None),
        demo,
        "/",
        server_name=host,
        server_port=port,
        footer_links=["api"],
        auth=list(users) if users else None,
        auth_message="vanban — đăng nhập / sign in",
        max_file_size=MAX_UPLOAD_BYTES,
        ssr_mode=False,
        theme=THEME,
        css=CSS,
    )


def serve(library: Library, host: str = "127.0.0.1", port: int = 7860, opening=None, users=None) -> None:
    """Serve the page and the JSON API for a library until interrupted (see vanban.server)."""
    server.serve(library, host, port, opening=opening, users=users, build_page=page)


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
