"""The documents behind the app: open or build the store, answer, add and remove files.

Changes to the corpus are indexed in a background thread; until the new build is complete,
questions are answered from the last one (the store switches builds atomically), so the page
stays usable while a file is being indexed.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from vanban.cite import short_name
from vanban.text import fold_tone_placement

log = logging.getLogger(__name__)

UPLOAD_SUFFIXES = (".pdf", ".docx", ".doc", ".txt", ".md", ".html", ".htm")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_FOLDER = "uploads"  # inside the corpus; files users add go here


class LibraryError(ValueError):
    """A file or request the library refuses, with the reason (in Vietnamese; `en` in English)."""

    def __init__(self, message: str, en: str | None = None) -> None:
        super().__init__(message)
        self.en = en or message

    def say(self, lang: str) -> str:
        return self.en if lang == "en" else str(self)


@dataclass(frozen=True)
class Options:
    """What the filters can choose from, read off the documents in the store."""

    types: tuple[str, ...]
    issuers: tuple[str, ...]
    years: tuple[int, ...]
    documents: tuple[tuple[str, str], ...]  # (name that tells it apart, doc_id), every document


_ABSOLUTE = re.compile(r"(?<![\w.:/])/(?:[^\s/:'\"]+/)*([^\s/:'\"]+)")


def without_paths(message: str) -> str:
    """A message for every visitor: absolute paths of the server cut to their last name."""
    return _ABSOLUTE.sub(lambda m: m.group(1), message)


FEEDBACK = "feedback.jsonl"


# Why a file could not be read, as ingest says it (in English, as in logs and the CLI), and as the
# Vietnamese page says it; what follows the matched words (a count, a library's message) is kept.
_REASONS_VI = (
    (r"not a readable PDF", "không phải tệp PDF đọc được"),
    (r"not a readable DOCX file", "không phải tệp DOCX đọc được"),
    (r"not a readable Word 97-2003 file", "không phải tệp Word 97-2003 đọc được"),
    (r"reading \.doc files needs a converter:", "cần chương trình chuyển tệp .doc:"),
    (
        r"the PDF is encrypted with a password; save an unprotected copy",
        "tệp PDF có mật khẩu; hãy lưu một bản không khóa",
    ),
    (r"a scanned PDF without a text layer, and", "PDF quét, không có lớp chữ, và"),
    (r"OCR failed", "nhận dạng chữ (OCR) không thành công"),
    (r"no text could be extracted.*", "không lấy được chữ nào (tệp rỗng, hoặc bản quét không có lớp chữ)"),
    (r"the file is empty", "tệp rỗng"),
    (r"nothing but page noise was left after cleaning", "chỉ còn số trang, tiêu đề trang sau khi làm sạch"),
    (r"its bytes are not text in any encoding vanban reads", "không phải văn bản ở bảng mã nào đọc được"),
    (r"it looks like binary data, not text", "là dữ liệu nhị phân, không phải văn bản"),
    (r"it is not Vietnamese or English text", "không phải văn bản tiếng Việt hay tiếng Anh"),
    (r"unsupported file type", "loại tệp không được hỗ trợ"),
    (r"cannot be read", "không đọc được"),
    (r"could not be read", "không đọc được"),
)


def reason_in(lang: str, reason: str) -> str:
    """A reason ingest gave, in the page's language (English as given)."""
    if lang == "en":
        return reason
    for english, vietnamese in _REASONS_VI:
        m = re.match(english, reason)
        if m:
            return vietnamese + reason[m.end() :]
    return reason


def iso_date(text: str) -> str:
    """ "15/6/2023", "15-06-2023" or "2023-06-15" → "2023-06-15"; anything else is refused."""
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if not m:
            raise LibraryError(
                f"ngày '{text}' không đúng dạng (ví dụ 15/6/2023)", f"date '{text}' not understood (e.g. 15/6/2023)"
            )
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        raise LibraryError(f"ngày '{text}' không có thật", f"there is no date '{text}'")
    return f"{year:04d}-{month:02d}-{day:02d}"


def safe_name(name: str) -> str:
    """A file name without folders or characters that trouble file systems; Vietnamese letters kept."""
    name = unicodedata.normalize("NFC", Path(name).name).strip()
    name = re.sub(r"[^\w.\- ]+", "_", name).strip(" ._")
    return name or "tai-lieu"


class Library:
    """One store and its corpus folder, shared by every visitor of the app."""

    def __init__(self, store: Path, corpus: Path, read_only: bool = False, remove_bundled: bool = False) -> None:
        self.store, self.corpus = Path(store), Path(corpus)
        self.read_only = read_only  # no uploads, no removals: a shared deployment that only answers
        self.remove_bundled = remove_bundled  # the files the corpus came with may be removed too
        self.refused: list[tuple[str, str]] = []  # uploads the last indexing could not read: (name, reason)
        self._pages: dict[tuple, Path] = {}  # rendered PDF pages
        self._copies: dict[tuple, Path] = {}  # copies of originals given for download
        self.answerer = None
        self.error: str | None = None  # why the last indexing failed
        self.progress: tuple[str, int, int] | None = None  # ("read" | "ocr" | "embed", done, total) while indexing
        self._stage_started = time.monotonic()
        self.unreadable: list[str] = []  # files the last indexing could not read, with the reason
        self.version = 0  # grows each time a new build is loaded
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pending = False

    # --- state ------------------------------------------------------------------------------

    @property
    def searcher(self):
        return self.answerer.searcher if self.answerer else None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Open the store, or build it from the corpus in the background when there is none."""
        from index.store import StoreNotFound

        try:
            self._load()
        except StoreNotFound:
            self.reindex()

    def _load(self) -> None:
        import vanban

        answerer = vanban.open_answerer(self.store)
        with self._lock:
            self.answerer = answerer
            self.version += 1
        self.error = None

    @property
    def status(self) -> str:
        return self.describe("vi")

    def describe(self, lang: str = "vi") -> str:
        """One line on the state of the index, in Vietnamese ("vi") or English ("en")."""
        vi = lang != "en"
        parts = []
        if self.searcher is not None:
            m = self.searcher.store.manifest
            c = m["counts"]
            model = m["embedder"]["name"]
            parts.append(
                f"{c['documents']} văn bản · {c['chunks']} đoạn · mô hình {model}"
                if vi
                else f"{c['documents']} documents · {c['chunks']} passages · model {model}"
            )
        if self.busy:
            if self.progress:
                stage, done, total = self.progress
                what = {
                    "read": "Đọc tệp" if vi else "reading files",
                    "ocr": "Nhận dạng trang quét (OCR)" if vi else "OCR of scanned pages",
                }.get(stage, "Tạo vector" if vi else "embedding")
                percent = 100 * done // total if total else 0
                step = f"{what}: {done}/{total} ({percent}%)"
                left = self._left()
                if left is not None and left >= 5:
                    minutes = round(left / 60)
                    step += (
                        (f", còn khoảng {minutes} phút" if minutes else f", còn khoảng {left:.0f} giây")
                        if vi
                        else (f", about {minutes} min left" if minutes else f", about {left:.0f} s left")
                    )
            else:
                step = "bắt đầu" if vi else "starting"
            if self.searcher is None:
                parts.append(
                    f"Chưa có chỉ mục: đang xây dựng — {step}" if vi else f"No index yet: building it — {step}"
                )
            else:
                parts.append(f"đang cập nhật chỉ mục — {step}" if vi else f"updating the index — {step}")
        elif self.searcher is None and not self.error:
            parts.append("Đang mở chỉ mục…" if vi else "Opening the index…")

        def named(entries):
            return "; ".join(f"{name}: {reason_in(lang, reason)}" for name, reason in entries)

        if self.unreadable:
            parts.append(("không đọc được: " if vi else "could not read: ") + named(self.unreadable))
        if self.refused:
            parts.append(("không nhận: " if vi else "refused: ") + named(self.refused[-3:]))
        if self.error:
            parts.append(("Không cập nhật được chỉ mục: " if vi else "Indexing failed: ") + self.error)
        return " · ".join(parts)

    def documents(self):
        return list(self.searcher.store.documents) if self.searcher else []

    def document(self, doc_id: str):
        return self.answerer.document(doc_id) if self.answerer else None

    def chunk_counts(self) -> dict[str, int]:
        import numpy as np

        if self.searcher is None:
            return {}
        passages = self.searcher.store.chunks
        per = np.bincount(passages.doc, minlength=len(passages.documents))
        return {d.doc_id: int(n) for d, n in zip(passages.documents, per, strict=True) if n}

    def options(self) -> Options:
        docs = self.documents()
        years = sorted({int(d.date[:4]) for d in docs if d.date}, reverse=True)
        issuers: dict[str, str] = {}  # "Tỉnh uỷ" and "Tỉnh ủy" are one issuer: the first spelling names it
        for d in docs:
            if d.issuer:
                issuers.setdefault(fold_tone_placement(d.issuer).lower(), d.issuer)
        return Options(
            tuple(sorted({d.doc_type for d in docs if d.doc_type})),
            tuple(sorted(issuers.values())),
            tuple(years),
            tuple(sorted((short_name(d), d.doc_id) for d in docs)),
        )

    # --- changes ----------------------------------------------------------------------------

    def add(self, path: Path, name: str | None = None) -> str:
        """Take an uploaded file into the corpus's uploads folder; return its corpus-relative path.

        Only what is quick is checked here (type, size, empty), so the upload returns at once; the
        file is read by the next indexing in the background, and one that cannot be read is taken
        out again and listed in `refused` with the reason. Call reindex() afterwards.
        """
        if self.read_only:
            raise LibraryError("kho văn bản chỉ đọc: không nhận tệp mới", "the library is read-only: no uploads")
        name = safe_name(name or path.name)
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            allowed = ", ".join(UPLOAD_SUFFIXES)
            raise LibraryError(
                f"{name}: loại tệp '{suffix or '(không có)'}' không được hỗ trợ (chỉ nhận {allowed})",
                f"{name}: file type '{suffix or '(none)'}' is not supported (only {allowed})",
            )
        size = path.stat().st_size
        if size == 0:
            raise LibraryError(f"{name}: tệp rỗng", f"{name}: the file is empty")
        if size > MAX_UPLOAD_BYTES:
            limit = MAX_UPLOAD_BYTES // 10**6
            raise LibraryError(
                f"{name}: tệp {size / 1e6:.1f} MB, vượt giới hạn {limit} MB",
                f"{name}: {size / 1e6:.1f} MB, over the limit of {limit} MB",
            )
        folder = self.corpus / UPLOAD_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        n = 2
        while target.exists():
            target = folder / f"{Path(name).stem}-{n}{suffix}"
            n += 1
        shutil.copyfile(path, target)
        return target.relative_to(self.corpus).as_posix()

    def bundled(self, source: str) -> bool:
        """True for a file the corpus came with (not one added through the app)."""
        return not source.startswith(f"{UPLOAD_FOLDER}/")

    def remove(self, source: str) -> None:
        """Delete a file of the corpus (a path relative to it); call reindex() afterwards."""
        if self.read_only:
            raise LibraryError(
                "kho văn bản chỉ đọc: không xóa được tệp", "the library is read-only: nothing is removed"
            )
        target = (self.corpus / source).resolve()
        if self.corpus.resolve() not in target.parents or not target.is_file():
            raise LibraryError(
                f"{source}: không có tệp này trong kho văn bản", f"{source}: no such file in the library"
            )
        if self.bundled(source) and not self.remove_bundled:
            raise LibraryError(
                f"{source}: văn bản có sẵn của kho, không xóa từ trang này (người quản trị: vanban serve --allow-remove-bundled)",
                f"{source}: a document the library came with, not removed from this page "
                "(operators: vanban serve --allow-remove-bundled)",
            )
        target.unlink()

    def correct(self, doc_id: str, fields: dict[str, str]) -> str:
        """Correct a document's code, type, issuer, date or title. Kept in a hidden file beside the
        document (never in it), so the next readings keep the correction; call reindex() afterwards.
        Returns the corpus-relative path of the file corrected."""
        from ingest.pipeline import CORRECTED_FIELDS, corrections_path, read_corrections

        if self.read_only:
            raise LibraryError(
                "kho văn bản chỉ đọc: không sửa được thông tin văn bản", "the library is read-only: nothing is changed"
            )
        doc = self.document(doc_id)
        if doc is None:
            raise LibraryError(
                f"{doc_id}: không có văn bản này trong kho", f"{doc_id}: no such document in the library"
            )
        clean = {k: (v or "").strip() for k, v in fields.items() if k in CORRECTED_FIELDS}
        if clean.get("date"):
            clean["date"] = iso_date(clean["date"])
        path = self.corpus / doc.source
        corrections = read_corrections(path)
        corrections[doc_id] = {**corrections.get(doc_id, {}), **clean}
        side = corrections_path(path)
        tmp = side.with_name(side.name + ".tmp")
        tmp.write_text(json.dumps(corrections, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, side)
        return doc.source

    def record_feedback(self, entry: dict) -> None:
        """Append what a person said of an answer (right or wrong, a note) to feedback.jsonl in the
        store; `vanban eval --feedback` makes questions of it."""
        line = json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **entry}, ensure_ascii=False)
        with self._lock, (self.store / FEEDBACK).open("a", encoding="utf-8") as f:
            f.write(line + "\n")

    def original(self, doc_id: str) -> Path | None:
        """A copy of a document's file, for download (the corpus itself is never served)."""
        doc = self.document(doc_id)
        path = self.corpus / doc.source if doc else None
        if path is None or not path.is_file():
            return None
        key = (doc.source, doc.sha256)
        if key not in self._copies or not self._copies[key].is_file():
            folder = Path(tempfile.mkdtemp(prefix="vanban-original-"))
            self._copies[key] = Path(shutil.copy(path, folder / path.name))
        return self._copies[key]

    def page_image(self, doc_id: str, page: int | None) -> Path | None:
        """The page of a PDF rendered as an image, or None for other files (kept per page)."""
        doc = self.document(doc_id)
        if doc is None or page is None or not doc.source.lower().endswith(".pdf"):
            return None
        key = (doc.source, doc.sha256, page)
        if key not in self._pages:
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(str(self.corpus / doc.source))
            try:
                if not 1 <= page <= len(pdf):
                    return None
                image = pdf[page - 1].render(scale=1.5).to_pil()
            finally:
                pdf.close()
            out = Path(tempfile.mkdtemp(prefix="vanban-page-")) / f"{Path(doc.source).stem}-{page}.png"
            image.save(out)
            self._pages[key] = out
        return self._pages[key]

    def _refuse(self, errors) -> None:
        """Uploads the indexing could not read leave the corpus; their reasons are kept for the page."""
        indexed = {d.source for d in self.documents()}
        for e in errors:
            if e.source not in indexed:
                (self.corpus / e.source).unlink(missing_ok=True)
                self.refused.append((Path(e.source).name, e.reason))
        del self.refused[:-20]

    def reindex(self) -> None:
        """Bring the store up to date with the corpus in the background; searches go on meanwhile."""
        with self._lock:
            if self._thread is not None:
                self._pending = True  # one more pass when the running one ends
                return
            self._thread = threading.Thread(target=self._run, name="vanban-ingest", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for background indexing; True when it has finished."""
        thread = self._thread
        while thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                return False
            thread = self._thread  # a pending pass may have started another
        return True

    def _progress(self, stage: str, done: int, total: int) -> None:
        if self.progress is None or self.progress[0] != stage:
            self._stage_started = time.monotonic()
        self.progress = (stage, done, total)

    def _left(self) -> float | None:
        """Seconds the current stage has left, from its pace so far (None before there is one)."""
        if not self.progress:
            return None
        _, done, total = self.progress
        elapsed = time.monotonic() - self._stage_started
        if done <= 0 or elapsed < 2:
            return None
        return elapsed / done * (total - done)

    def _run(self) -> None:
        import vanban

        while True:
            self._pending = False
            self.progress = None
            try:
                report = vanban.ingest(self.corpus, self.store, progress=self._progress)
                self._load()
                self._refuse([e for e in report.errors if not self.bundled(e.source)])
                self.unreadable = [(e.source, e.reason) for e in report.errors if self.bundled(e.source)]
            except Exception as exc:  # shown on the page; the app stays up with the last build
                log.exception("indexing failed")
                self.error = without_paths(str(exc))
            with self._lock:
                if not self._pending:
                    self._thread = None
                    return
