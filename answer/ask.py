"""`ask`: search, decide whether the corpus answers, and assemble a cited answer.

Extractive by default: lists come from the section tree, facts and everything else from the
sentences of the best passages. Every quote is checked against the stored document text
before it is shown; with a generator configured, a model writes the answer from the same
passages and its markers and quotes are checked the same way (answer/generate.py).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from answer.answerable import Answerability, Verdict
from answer.extract import (
    VALUE_TYPES,
    Span,
    answer_spans,
    cap,
    escape,
    heading_share,
    highlight,
    lead,
    list_section,
    overlap,
    question_kind,
    sentences,
    weights,
)
from index.query import names_document
from index.search import Filters, QueryError, Searcher
from ingest.chunk import doc_label
from ingest.structure import CLOSING, OPENING, Section, parse_sections
from vanban.lexicon import document_refs, expand
from vanban.records import Answer, Chunk, Citation, Document, Hit
from vanban.text import plain_tokens, with_bigrams

log = logging.getLogger(__name__)

DEPTH = 10  # passages retrieved per question
LIST_VOTES_FROM = 5  # list answers look at this many top passages
MAX_ITEMS = 15
GENERAL_SENTENCES = 3


class QuoteError(ValueError):
    """A quote that is not the stored text at its offsets."""


def verify(doc: Document, start: int, end: int, quote: str) -> None:
    """Raise QuoteError unless quote is exactly the document's text at start:end."""
    if not quote.strip() or doc.text[start:end] != quote:
        raise QuoteError(f"quote does not match {doc.source} at {start}:{end}")


def cite(doc: Document, chunk: Chunk, n: int, span: Span) -> Citation:
    """Citation n of the document's text at span, checked against the stored text."""
    quote = doc.text[span.start : span.end]
    verify(doc, span.start, span.end, quote)
    return Citation(
        n=n,
        chunk_id=chunk.chunk_id,
        doc_id=doc.doc_id,
        doc_code=doc.code,
        title=doc.title,
        section=chunk.section,
        page=doc.page_at(span.start),
        source=doc.source,
        quote=quote,
        start=span.start,
        end=span.end,
        date=doc.date,
    )


@dataclass(frozen=True)
class _Sentence:
    score: float
    rank: int
    chunk: Chunk
    doc: Document
    span: Span
    names: tuple[str, ...]
    has_answer: bool


class _Citations:
    """Numbers quotes in order of first use; a quote is checked before it gets a number."""

    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer
        self.items: list[Citation] = []

    def add(self, chunk: Chunk, span: Span) -> int | None:
        for c in self.items:
            if c.doc_id == chunk.doc_id and (c.start, c.end) == (span.start, span.end):
                return c.n
        doc = self.answerer.document(chunk.doc_id)
        n = len(self.items) + 1
        try:
            if doc is None:
                raise QuoteError(f"document {chunk.doc_id} is not in the store")
            self.items.append(cite(doc, chunk, n, span))
        except QuoteError as err:
            log.warning("dropped a citation: %s", err)
            return None
        return n


class Answerer:
    """Answers questions over one store; `generator` (optional) writes answers with a model."""

    def __init__(self, searcher: Searcher, generator=None, answerability: Answerability | None = None) -> None:
        self.searcher = searcher
        self.generator = generator
        self.answerability = answerability or Answerability(searcher)
        store = searcher.store
        self._docs = {d.doc_id: d for d in store.documents}
        self._trees: dict[str, list[Section]] = {}
        self._df: Counter[str] = Counter()  # passages holding each plain syllable and syllable pair
        self._chunks_by_doc: dict[str, list[Chunk]] = {}
        for chunk in store.chunks:
            self._df.update(set(with_bigrams(plain_tokens(chunk.text))))
            self._chunks_by_doc.setdefault(chunk.doc_id, []).append(chunk)
        self._n = len(store.chunks)

    def document(self, doc_id: str) -> Document | None:
        return self._docs.get(doc_id)

    def ask(self, question: str, filters: Filters | None = None, generate: bool | None = None) -> Answer:
        """Answer a question with verified citations, or say plainly that the corpus does not answer it."""
        if not isinstance(question, str) or not question.strip():
            raise QueryError("the question is empty; type a question")
        question = question.strip()
        qp = self.searcher.analyze(question)
        hits = self.searcher.search(question, k=DEPTH, filters=filters, plan=qp)
        verdict = self.answerability.judge(qp, hits)
        if not verdict.found:
            return self._not_found(question, qp, hits, verdict)
        extractive = self._extract(question, qp, hits)
        use_model = self.generator is not None if generate is None else generate
        if use_model and self.generator is not None:
            return self.generator.answer(question, hits, self, fallback=extractive)
        return extractive

    # --- assembling -----------------------------------------------------------------------

    def _extract(self, question: str, qp, hits: list[Hit]) -> Answer:
        kind, answer_type = question_kind(question, qp.intent)
        english = qp.lang == "en"
        query_words = self._query_words(qp)
        if kind == "list":
            answer = self._list_answer(question, hits, query_words, english)
            if answer is not None:
                return answer
            kind = "general"
        if kind == "fact":
            return self._fact_answer(question, qp, hits, answer_type, query_words)
        return self._general_answer(question, hits, query_words)

    def _query_words(self, qp) -> dict[str, float]:
        text = qp.lexical_text if qp.lang == "en" else f"{qp.dense_text} {qp.lexical_text}"
        return weights(plain_tokens(expand(text)), self._df, self._n)

    def _tree(self, doc: Document) -> list[Section]:
        if doc.doc_id not in self._trees:
            self._trees[doc.doc_id] = parse_sections(doc.text)
        return self._trees[doc.doc_id]

    def _chunk_at(self, doc_id: str, offset: int) -> Chunk | None:
        for chunk in self._chunks_by_doc.get(doc_id, []):
            if chunk.start <= offset < chunk.end:
                return chunk
        return None

    def _list_answer(self, question: str, hits: list[Hit], query_words, english: bool) -> Answer | None:
        top = hits[:LIST_VOTES_FROM]
        by_doc = Counter(h.chunk.doc_id for h in top)
        for doc_id, _ in by_doc.most_common():
            doc = self.document(doc_id)
            if doc is None:
                continue
            best = top[0].score if top[0].score > 0 else 1.0
            passages = [(Span(h.chunk.start, h.chunk.end), h.score / best) for h in top if h.chunk.doc_id == doc_id]
            section = list_section(self._tree(doc), passages, lambda heading: heading_share(heading, query_words))
            if section is None:
                continue
            cites = _Citations(self)
            lines = []
            for number, item in enumerate(section.children[:MAX_ITEMS], start=1):
                span = lead(doc.text, item)
                chunk = self._chunk_at(doc_id, span.start) if span else None
                n = cites.add(chunk, span) if chunk else None
                if n is None:
                    continue
                text = doc.text[span.start : span.end]
                more = "…" if span.end < item.end and not text.endswith((".", ";", ":")) else ""
                lines.append(f"{number}. {escape(text)}{more} [{n}]")
            if len(lines) < 2:
                continue
            heading = escape(section.heading.strip("* "))
            name = escape(_doc_name(doc))
            count = len(section.children)
            intro = (
                f"**{name}**, {heading}: {count} items"
                if english
                else f"**{name}**, mục {heading}, gồm {count} nội dung"
            )
            shown = "" if count <= MAX_ITEMS else f"\n\n(… {count - MAX_ITEMS} more)"
            return Answer(
                question,
                True,
                f"{intro}:\n\n" + "\n".join(lines) + shown,
                tuple(cites.items),
                kind="list",
                hits=tuple(hits),
            )
        return None

    def _candidates(
        self, hits: list[Hit], query_words: dict[str, float], answer_type: str | None, refs=()
    ) -> list[_Sentence]:
        """Sentences of the top passages, best first: question words they hold, their passage's
        score, whether their document is the one the question names, and for a fact question
        whether they hold words of the kind asked for."""
        top_score = hits[0].score if hits and hits[0].score > 0 else 1.0
        out = []
        for hit in hits[:5]:
            doc = self.document(hit.chunk.doc_id)
            if doc is None:
                continue
            names = (doc.signer,) if doc.signer else ()
            named = 0.0  # the document the question names answers first; one that cites it next
            if any(names_document(r, doc.code, "") for r in refs):
                named = 0.5
            elif any(names_document(r, None, doc.title) for r in refs):
                named = 0.25
            for span in sentences(doc.text, hit.chunk.start, hit.chunk.end):
                text = doc.text[span.start : span.end]
                has_answer = bool(answer_type and answer_spans(answer_type, text, names))
                cites_ref = 0.5 if refs and set(refs) & set(document_refs(text)) else 0.0
                score = overlap(query_words, text) + 0.5 * hit.score / top_score + named + cites_ref
                score += 0.5 if has_answer else 0.0
                out.append(_Sentence(score, hit.rank, hit.chunk, doc, span, names, has_answer))
        out.sort(key=lambda c: (-c.score, c.rank))
        return out

    def _fact_answer(self, question: str, qp, hits: list[Hit], answer_type: str | None, query_words) -> Answer:
        stored = [r for r in qp.refs if any(names_document(r, d.code, "") for d in self._docs.values())]
        if answer_type == "issued" and qp.refs and not stored:
            answer_type = "date"  # a document only cited here: its date is where it is cited
        candidates = self._candidates(hits, query_words, answer_type, qp.refs)
        if answer_type in VALUE_TYPES and not any(c.has_answer for c in candidates):
            verdict = Verdict(False, f"no passage states the {answer_type} asked for", float("nan"))
            return self._not_found(question, qp, hits, verdict)
        # "Ai ký?" and "ban hành ngày nào?" are answered by the signature or header block that
        # the search ranked first: it already weighed which document the question is about.
        block = {"signer": CLOSING, "issued": OPENING}.get(answer_type or "")
        if block:
            in_block = [c for c in candidates if c.has_answer and c.chunk.section == block]
            candidates = sorted(in_block, key=lambda c: c.rank)[:1] or candidates
        cites = _Citations(self)
        lines = []
        for c in candidates[:2]:
            # A second sentence only when it is from the same passage and also holds an answer.
            if lines and (c.chunk.chunk_id != candidates[0].chunk.chunk_id or not c.has_answer):
                break
            span = _signature(c.doc.text, c.span) if answer_type == "signer" else cap(c.doc.text, c.span)
            n = cites.add(c.chunk, span)
            if n is None:
                continue
            text = c.doc.text[span.start : span.end]
            lines.append(f"{highlight(text, answer_spans(answer_type, text, c.names))} [{n}]")
        if not lines:
            return self._general_answer(question, hits, query_words)
        return Answer(question, True, "\n\n".join(lines), tuple(cites.items), kind="fact", hits=tuple(hits))

    def _general_answer(self, question: str, hits: list[Hit], query_words) -> Answer:
        """The best sentence of each of the top passages, in the passages' order."""
        cites = _Citations(self)
        lines, used = [], set()
        for c in self._candidates(hits, query_words, None):
            if c.rank in used or c.rank > GENERAL_SENTENCES:
                continue
            span = cap(c.doc.text, c.span)
            n = cites.add(c.chunk, span)
            if n is None:
                continue
            used.add(c.rank)
            lines.append((c.rank, f"- {escape(c.doc.text[span.start : span.end])} [{n}]"))
        lines.sort()
        return Answer(
            question, True, "\n".join(line for _, line in lines), tuple(cites.items), kind="general", hits=tuple(hits)
        )

    def _not_found(self, question: str, qp, hits: list[Hit], verdict: Verdict) -> Answer:
        """Say plainly that the documents do not answer; show the best sentence of the three nearest passages."""
        english = qp.lang == "en"
        cites = _Citations(self)
        lines = []
        for c in self._candidates(hits[:3], self._query_words(qp), None):
            if any(item.chunk_id == c.chunk.chunk_id for item in cites.items):
                continue
            n = cites.add(c.chunk, cap(c.doc.text, c.span))
            if n is not None:
                lines.append(f"- {escape(_doc_name(c.doc))}: {escape(cites.items[-1].quote)} [{n}]")
        head = (
            "The loaded documents do not answer this question."
            if english
            else "Các văn bản đã nạp không trả lời câu hỏi này."
        )
        related = ("Possibly related:" if english else "Các đoạn gần nhất, có thể liên quan:") if lines else ""
        body = f"{head}\n\n{related}\n" + "\n".join(lines) if lines else head
        return Answer(
            question,
            False,
            body,
            tuple(cites.items),
            kind="not-found",
            notes=(verdict.reason,),
            hits=tuple(hits),
        )


_SIGNATURE_LINE = re.compile(r"^(?:T/M|TM\.?|KT\.?|Q\.|TL\.|TUQ\.|\(đã ký\)|\(Đã ký\)|[^a-zà-ỹđ]+$)")


def _signature(text: str, span: Span) -> Span:
    """The signer's line with the lines above it that say on whose behalf ("T/M BỘ CHÍNH TRỊ", "(đã ký)")."""
    start = span.start
    for _ in range(3):
        above = text.rfind("\n", 0, max(start - 1, 0)) + 1
        line = text[above : start - 1].strip()
        if start <= 0 or not line or not _SIGNATURE_LINE.match(line):
            break
        start = above
    return Span(start, span.end)


def _doc_name(doc: Document, limit: int = 90) -> str:
    """ "Kết luận 57-KL/TW", or the title (shortened) when there is no code."""
    if doc.code:
        return doc_label(doc)
    return doc.title if len(doc.title) <= limit else doc.title[: limit - 1].rsplit(" ", 1)[0] + "…"
