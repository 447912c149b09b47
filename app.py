"""vanban web app: search Vietnamese guidance documents in the browser (Gradio Blocks).

python app.py [--host 127.0.0.1] [--port 7860] [--store DIR] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import threading
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from an offline tool

import gradio as gr  # noqa: E402

from vanban.config import corpus_path, store_path  # noqa: E402

log = logging.getLogger(__name__)

MODES = {"Kết hợp (khuyên dùng)": "hybrid", "Ngữ nghĩa": "dense", "Từ khóa (BM25)": "bm25"}
EXAMPLES = [
    "Nhiệm vụ và giải pháp của Kết luận 57 là gì?",
    "nhiem vu ket luan 57",
    "Hạn gửi báo cáo tổng kết 10 năm Kết luận 16?",
    "Thành phần dự hội nghị cấp huyện",
    "What are the tasks of Conclusion 57?",
]
CSS = """
.vb-hit {border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 12px 16px; margin: 10px 0;}
.vb-title {font-weight: 600; font-size: 1.02em;}
.vb-meta {color: var(--body-text-color-subdued); font-size: 0.88em; margin: 4px 0 8px;}
.vb-score {float: right; font-variant-numeric: tabular-nums; color: var(--body-text-color-subdued);}
.vb-text {white-space: pre-wrap; line-height: 1.5;}
.vb-note {padding: 10px 14px; border-radius: 8px; background: var(--background-fill-secondary);}
"""


# Local font stacks only: the default theme fonts come from a web font service an offline machine cannot reach.
THEME = gr.themes.Soft(
    font=["Noto Sans", "DejaVu Sans", "Segoe UI", "system-ui", "sans-serif"],
    font_mono=["DejaVu Sans Mono", "Consolas", "monospace"],
)


class NotReady(Exception):
    """The store is still being built."""


class Engine:
    """Holds the searcher; when there is no store yet, builds one from the corpus in the background."""

    def __init__(self, store: Path, corpus: Path) -> None:
        self.store, self.corpus = store, corpus
        self.searcher = None
        self.status = "Đang mở chỉ mục…"
        self.error: str | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        import vanban
        from index.store import StoreNotFound

        try:
            self.searcher = vanban.open_searcher(self.store)
            self.status = self._summary()
        except StoreNotFound:
            self.status = f"Chưa có chỉ mục: đang xây dựng từ {self.corpus}…"
            self._thread = threading.Thread(target=self._build, name="vanban-ingest", daemon=True)
            self._thread.start()

    @property
    def building(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _progress(self, stage: str, done: int, total: int) -> None:
        what = "Đọc tệp" if stage == "read" else "Tạo vector cho đoạn văn"
        self.status = f"Đang xây dựng chỉ mục lần đầu — {what}: {done}/{total}"

    def _build(self) -> None:
        import vanban

        try:
            report = vanban.ingest(self.corpus, self.store, progress=self._progress)
            self.searcher = vanban.open_searcher(self.store)
            self.status = self._summary()
            if report.errors:
                self.status += " · " + "; ".join(f"không đọc được {e}" for e in report.errors)
        except Exception as exc:  # shown on the page; the app stays up
            log.exception("building the store failed")
            self.error = f"Không xây dựng được chỉ mục: {exc}"
            self.status = self.error

    def _summary(self) -> str:
        m = self.searcher.store.manifest
        c = m["counts"]
        return f"{c['documents']} văn bản · {c['chunks']} đoạn · mô hình {m['embedder']['name']}"

    def search(self, query: str, k: int, mode: str):
        if self.searcher is None:
            raise NotReady(self.error or self.status)
        return self.searcher.search(query, k=k, mode=mode)


def _note(text: str) -> str:
    return f'<div class="vb-note">{html.escape(text)}</div>'


def _vi_date(iso: str | None) -> str | None:
    """2023-06-15 → 15/6/2023, as Vietnamese documents write dates."""
    if not iso:
        return None
    y, m, d = iso.split("-")
    return f"{int(d)}/{int(m)}/{y}"


def render_hits(hits) -> str:
    """Result cards: title, source, page or section, score, passage."""
    if not hits:
        return _note("Không tìm thấy đoạn văn nào phù hợp.")
    cards = []
    for h in hits:
        c, d = h.chunk, h.doc
        meta = [x for x in (d.code, d.issuer, _vi_date(d.date)) if x] if d else []
        meta.append(f"Nguồn: {c.source}")
        if c.page:
            meta.append(f"trang {c.page}")
        if c.section:
            meta.append(f"mục {c.section}")
        cards.append(
            '<div class="vb-hit">'
            f'<span class="vb-score" title="điểm xếp hạng">{h.score:.4f}</span>'
            f'<div class="vb-title">{h.rank}. {html.escape(c.title)}</div>'
            f'<div class="vb-meta">{html.escape(" · ".join(meta))}</div>'
            f'<div class="vb-text">{html.escape(c.text)}</div>'
            "</div>"
        )
    return "\n".join(cards)


def build_app(engine: Engine) -> gr.Blocks:
    """The page: a question box (Enter submits), options, examples, result cards."""
    from index.search import QueryError

    def search_ui(query: str, k: float, mode_label: str) -> str:
        try:
            return render_hits(engine.search(query, int(k), MODES.get(mode_label, "hybrid")))
        except QueryError:
            return _note("Hãy nhập câu hỏi hoặc từ khóa cần tìm.")
        except NotReady as exc:
            return _note(f"Chỉ mục chưa sẵn sàng. {exc}")

    def search_api(query: str, k: int = 5, mode: str = "hybrid") -> dict:
        """Search the documents; the same JSON as `vanban search --json`."""
        hits = engine.search(query, int(k), mode)
        return {"query": query, "results": [h.to_json() for h in hits]}

    def refresh():
        return engine.status, gr.Timer(active=engine.building)

    with gr.Blocks(title="vanban — tra cứu văn bản") as demo:
        gr.Markdown("# vanban\nTra cứu văn bản hướng dẫn về công tác thông tin đối ngoại, kèm nguồn trích dẫn.")
        status = gr.Markdown(engine.status, elem_id="vb-status")
        with gr.Row(equal_height=True):
            query = gr.Textbox(
                label="Câu hỏi hoặc từ khóa",
                placeholder="Ví dụ: Nhiệm vụ và giải pháp của Kết luận 57 là gì?",
                lines=1,
                max_lines=3,
                autofocus=True,
                scale=5,
                elem_id="vb-query",
            )
            button = gr.Button("Tìm kiếm", variant="primary", scale=1, elem_id="vb-search")
        with gr.Accordion("Tùy chọn", open=False), gr.Row():
            mode = gr.Radio(list(MODES), value=next(iter(MODES)), label="Cách tìm")
            k = gr.Slider(1, 20, value=5, step=1, label="Số kết quả")
        gr.Examples(EXAMPLES, inputs=[query], label="Câu hỏi mẫu")
        results = gr.HTML(elem_id="vb-results")

        query.submit(search_ui, [query, k, mode], results, api_visibility="private")
        button.click(search_ui, [query, k, mode], results, api_visibility="private")
        gr.api(search_api, api_name="search")
        timer = gr.Timer(1.0, active=engine.building)
        timer.tick(refresh, None, [status, timer], api_visibility="private")
        demo.load(refresh, None, [status, timer], api_visibility="private")
    return demo


def main(host: str = "127.0.0.1", port: int = 7860, store: str | None = None, corpus: str | None = None) -> None:
    """Open (or build) the store and serve the page."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    engine = Engine(store_path(store), corpus_path(corpus))
    engine.start()
    demo = build_app(engine)
    print(f"vanban: {engine.status}\nvanban: open http://{host}:{port}", flush=True)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=host, server_port=port, ssr_mode=False, css=CSS, theme=THEME, footer_links=["api"]
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="vanban web app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--store")
    parser.add_argument("--corpus")
    a = parser.parse_args()
    main(a.host, a.port, a.store, a.corpus)
