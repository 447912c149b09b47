"""Optional generative answers from an OpenAI-compatible chat endpoint, checked before they are shown.

Off unless VANBAN_LLM_BASE_URL is set (with VANBAN_LLM_MODEL, and VANBAN_LLM_API_KEY when the
server wants one). The model sees only the numbered top passages and must cite them as [n];
`check` then keeps a sentence only when its markers point at real passages and every quote in
it is found word for word in the passages it cites. Anything else is dropped and noted; when
nothing verifiable is left, the extractive answer is shown instead.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field

from answer.extract import Span, escape, sentences
from vanban.records import Answer, Citation, Hit

log = logging.getLogger(__name__)

ENV_BASE_URL = "VANBAN_LLM_BASE_URL"  # e.g. http://127.0.0.1:8080/v1
ENV_MODEL = "VANBAN_LLM_MODEL"
ENV_API_KEY = "VANBAN_LLM_API_KEY"
PASSAGES = 5
MIN_QUOTE = 8  # shorter text in quotation marks is a term, not a quote
MAX_UNCITED = 80  # an uncited sentence longer than this is a claim nobody can check

SYSTEM_PROMPT = (
    "You answer questions about Vietnamese official documents. Use only the numbered passages "
    "you are given. Answer in the language of the question, briefly. End every sentence with the "
    "number of the passage it comes from in square brackets, like [1] or [1][3]. When you quote, "
    "copy the words exactly and put them in double quotes. If the passages do not answer the "
    "question, say so."
)


class GenerationError(RuntimeError):
    """The endpoint could not be reached or answered with something that is not a chat completion."""


@dataclass(frozen=True)
class Checked:
    """A model's answer after checking: the kept text with markers renumbered 1..n, and what was dropped."""

    text: str
    passages: tuple[int, ...]  # passage index (0-based) behind each new marker n = position + 1
    quotes: dict[int, tuple[int, int]] = field(default_factory=dict)  # passage index → quote offsets in it
    notes: tuple[str, ...] = ()


_MARKER = re.compile(r"\[(\d{1,3})\]")
_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def locate(quote: str, passage: str) -> tuple[int, int] | None:
    """Offsets of quote in passage, ignoring differences in whitespace only."""
    parts = quote.split()
    if not parts:
        return None
    m = re.search(r"\s+".join(re.escape(p) for p in parts), passage)
    return (m.start(), m.end()) if m else None


def check(text: str, passages: list[str]) -> Checked:
    """Keep what the passages support; renumber markers in order of first use."""
    notes: list[str] = []
    order: list[int] = []
    quotes: dict[int, tuple[int, int]] = {}
    kept_lines: list[str] = []
    for line in text.splitlines():
        kept: list[str] = []
        for sentence in _SENTENCE_END.split(line):
            if not sentence.strip():
                continue
            cited = []
            for m in _MARKER.finditer(sentence):
                n = int(m.group(1))
                if 1 <= n <= len(passages):
                    cited.append(n - 1)
                else:
                    notes.append(f"removed marker [{n}]: there is no passage {n}")
            quoted = (next(g for g in m.groups() if g) for m in _QUOTE.finditer(sentence))
            found_quotes = [q for q in quoted if len(q.strip()) >= MIN_QUOTE]
            bad = None
            placed: dict[int, tuple[int, int]] = {}
            for quote in found_quotes:
                where = [(i, locate(quote, passages[i])) for i in (cited or range(len(passages)))]
                where = [(i, span) for i, span in where if span]
                if not where:
                    bad = quote
                    break
                placed.setdefault(where[0][0], where[0][1])
                if where[0][0] not in cited:
                    cited.append(where[0][0])
            if bad is not None:
                notes.append(f"dropped a sentence quoting words the passages do not contain: “{bad[:80]}”")
                continue
            body = re.sub(r"\s+([.,;:!?…])", r"\1", _MARKER.sub("", sentence)).rstrip()
            if not cited:
                if len(body) > MAX_UNCITED:
                    notes.append(f"dropped a sentence that cites no passage: “{body[:80]}”")
                    continue
                kept.append(body)
                continue
            for i, span in placed.items():
                quotes.setdefault(i, span)
            marks = ""
            for i in dict.fromkeys(cited):
                if i not in order:
                    order.append(i)
                marks += f"[{order.index(i) + 1}]"
            end = body[-1] if body and body[-1] in ".!?…" else ""
            kept.append(f"{body[: len(body) - len(end)]} {marks}{end}")
        if kept:
            kept_lines.append(" ".join(kept))
        elif not line.strip():
            kept_lines.append("")
    return Checked("\n".join(kept_lines).strip(), tuple(order), quotes, tuple(notes))


@dataclass
class Generator:
    """Writes answers with a chat model behind an OpenAI-compatible endpoint."""

    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 60.0

    @classmethod
    def from_env(cls, environ: dict | None = None) -> Generator | None:
        """A generator when VANBAN_LLM_BASE_URL is set, else None."""
        env = os.environ if environ is None else environ
        base = (env.get(ENV_BASE_URL) or "").strip()
        if not base:
            return None
        model = (env.get(ENV_MODEL) or "").strip()
        if not model:
            raise GenerationError(f"{ENV_BASE_URL} is set but {ENV_MODEL} is not; name the model to use")
        return cls(base.rstrip("/"), model, (env.get(ENV_API_KEY) or "").strip() or None)

    def complete(self, messages: list[dict]) -> str:
        """The text of one chat completion."""
        import httpx

        url = f"{self.base_url}/chat/completions"
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        payload = {"model": self.model, "messages": messages, "temperature": 0}
        try:
            response = httpx.post(url, json=payload, headers=headers, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise GenerationError(f"could not reach {url}: {exc}") from exc
        if response.status_code != 200:
            raise GenerationError(f"{url} answered HTTP {response.status_code}: {response.text[:200]}")
        try:
            return response.json()["choices"][0]["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise GenerationError(f"{url} did not answer with a chat completion") from exc

    def answer(self, question: str, hits: list[Hit], answerer, fallback: Answer) -> Answer:
        """The model's answer, checked; the extractive fallback when nothing of it can be verified."""
        top = hits[:PASSAGES]
        blocks = [f"[{i}] ({h.chunk.context()})\n{h.chunk.text}" for i, h in enumerate(top, start=1)]
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"Câu hỏi: {question}\n\nCác đoạn văn bản:\n\n" + "\n\n".join(blocks)},
        ]
        try:
            text = self.complete(messages)
        except GenerationError as exc:
            log.warning("%s", exc)
            return _with_notes(fallback, f"model not used: {exc}")
        checked = check(text, [h.chunk.text for h in top])
        if not checked.passages:
            return _with_notes(fallback, *checked.notes, "the model's answer cited nothing verifiable")
        citations = []
        for n, i in enumerate(checked.passages, start=1):
            citation = _citation(answerer, top[i], n, checked.quotes.get(i))
            if citation is None:
                return _with_notes(fallback, *checked.notes, "a cited passage is no longer in the store")
            citations.append(citation)
        return Answer(
            question,
            True,
            escape_keep_markers(checked.text),
            tuple(citations),
            kind=fallback.kind,
            mode="generative",
            notes=checked.notes,
            hits=tuple(hits),
        )


def escape_keep_markers(text: str) -> str:
    """Model text made safe as Markdown line by line, keeping its [n] markers."""
    out = []
    for line in text.split("\n"):
        body = escape(line)
        out.append(re.sub(r"\\\[(\d+)\\\]", r"[\1]", body))
    return "\n".join(out)


def _citation(answerer, hit: Hit, n: int, quote: tuple[int, int] | None) -> Citation | None:
    """A citation of the passage: the quote the model made, or else the passage's first sentence."""
    from answer.ask import QuoteError, cite

    doc = answerer.document(hit.chunk.doc_id)
    if doc is None:
        return None
    chunk = hit.chunk
    if quote is not None:
        span = Span(chunk.start + quote[0], chunk.start + quote[1])
    else:
        first = sentences(doc.text, chunk.start, chunk.end)
        span = first[0] if first else Span(chunk.start, chunk.end)
    try:
        return cite(doc, chunk, n, span)
    except QuoteError:
        return None


def _with_notes(answer: Answer, *notes: str) -> Answer:
    from dataclasses import replace

    return replace(answer, notes=answer.notes + tuple(notes))
