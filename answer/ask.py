"""`ask`: search, decide whether the corpus answers, read the candidates, and assemble a cited answer.

Extractive by default. The candidates are the sentences, list items and sections of the passages
the search returned (answer/units.py); a fitted reader weighs them (answer/features.py,
answer/reader.py) and the best one gives the answer its shape: a fact in its sentence, a list
with every item, a section with what it says. Its calibrated probability is the answer's
confidence; a low one is shown as the nearest passages, not as a claim. Every quote is checked
against the stored document text before it is shown; with a generator configured, a model writes
the answer from the same passages and its markers and quotes are checked the same way
(answer/generate.py).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from answer.answerable import FUNCTION_WORDS, FUNCTION_WORDS_MARKED, Answerability, Verdict
from answer.extract import Span, escape, highlight, sentences, trim
from answer.features import (
    FEATURES,
    QuestionInfo,
    Signals,
    answer_type,
    asked_letters,
    asks_which_says,
    bare_phrase,
    cited_codes,
    compete,
    counted_words,
    features,
    heading_share,
    heading_terms,
    idf_weights,
    inside,
    named_terms,
    opens_with_document,
    ordinal,
    own_heading_words,
    question_focus,
    quoted,
    section_numbers,
    share,
    states_values,
    subject_refs,
    value_spans,
    wants,
    wants_parts,
    without_question_words,
)
from answer.reader import Reader, logit
from answer.units import Unit, candidates, lead_span, number_path, quote_span, titled, walk
from index.query import QueryPlan, names_document
from index.search import Filters, QueryError, Searcher
from index.wordstats import identity_terms, terms
from ingest.metadata import code_type_letters
from ingest.structure import CLOSING, OPENING, Section, parse_sections
from vanban.cite import short_name
from vanban.lexicon import TYPE_CODES, document_refs, expand, expansions, ref_spans, subject_type, without_refs
from vanban.records import Answer, Chunk, Citation, Document, Hit
from vanban.text import fold_plain, plain_tokens, tokens

log = logging.getLogger(__name__)

DEPTH = 10  # passages retrieved per question
POOL = 6  # of which this many give candidates
SUBJECT_POOL = 6  # and this many of each document the question is about
SUBJECT_RANKED = 60  # passages of that document ranked, for the sections a question names
MAX_ITEMS = 15
OUTLINE_LINE = 160  # an outline's part is its whole first line up to this long ("3.3. … biển, đảo; phân giới, cắm mốc")
SECTION_CHARS = 1_500  # a section of paragraphs up to this long is shown whole
PASSAGES_SHOWN = 3
# Questions whose answer is a value a document states: when no candidate states one, it is not found.
STATED_TYPES = frozenset({"number", "duration", "person"})
# Values read from a document's own header, signature or lists: found exactly, so an answer must
# state one, and a document named by the question that has none does not state it. Other values
# (places, dates in the text, counts) are recognised less surely and only weigh as a signal.
FIELD_TYPES = frozenset({"signer", "issued", "issuer", "code", "document", "recipients"})
# Values only a unit that states one may answer: the document's own fields, and a person, whom a
# sentence that names a body does not name.
ONLY_STATED = FIELD_TYPES | {"person"}


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


class _Citations:
    """Numbers quotes in order of first use; a quote is checked before it gets a number."""

    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer
        self.items: list[Citation] = []

    def add(self, doc_id: str, span: Span) -> int | None:
        for c in self.items:
            if c.doc_id == doc_id and (c.start, c.end) == (span.start, span.end):
                return c.n
        doc = self.answerer.document(doc_id)
        chunk = self.answerer.chunk_at(doc_id, span.start)
        n = len(self.items) + 1
        try:
            if doc is None or chunk is None:
                raise QuoteError(f"document {doc_id} is not in the store")
            self.items.append(cite(doc, chunk, n, span))
        except QuoteError as err:
            log.warning("dropped a citation: %s", err)
            return None
        return n


@dataclass
class Reading:
    """Everything `ask` worked out for one question; the evaluation fits the reader on these."""

    question: str
    plan: QueryPlan
    hits: list[Hit]
    verdict: Verdict
    info: QuestionInfo | None = None
    units: list[Unit] = field(default_factory=list)
    rows: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    probs: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # The number of the section the best unit is, when the question asks for it by that number and its
    # document numbers another part the same ("III. THÀNH PHẦN" and "III. TỔ CHỨC THỰC HIỆN"): no
    # weighing tells which one is meant, so neither is claimed.
    twin: str = ""
    heading_words: list[list[str]] = field(default_factory=list)  # each unit's own heading words

    def order(self) -> list[int]:
        return sorted(range(len(self.units)), key=lambda i: (-self.probs[i], self.units[i].rank, self.units[i].start))

    def eligible(self) -> tuple[list[int], bool]:
        """Units an answer may come from, best first, and whether one of them states the value asked for.

        Only the document the question is about, when it names one; for a question that asks
        for a value (a date, a signer …), only units that state one, when any does; for one that asks
        what parts there are, only outlines (units.outline), when there are any.
        """
        info = self.info
        if info is None:
            return [], False
        order = [i for i in self.order() if not info.subject_docs or self.units[i].doc_id in info.subject_docs]
        if info.wants_parts:  # the parts a document or section has are its numbered headings, when it has them
            typed = [i for i in order if self.units[i].outline]
        else:
            typed = [i for i in order if self.rows[i][_VALUE] > 0]
        if info.wants_parts or info.answer_type in ONLY_STATED:
            return (typed, True) if typed else (order, False)
        return order, bool(typed)


class Answerer:
    """Answers questions over one store; `generator` (optional) writes answers with a model."""

    def __init__(
        self,
        searcher: Searcher,
        generator=None,
        answerability: Answerability | None = None,
        reader: Reader | None = None,
    ) -> None:
        self.searcher = searcher
        self.generator = generator
        self.answerability = answerability or Answerability(searcher)
        self.reader = reader or Reader.load()
        store = searcher.store
        self._docs = {d.doc_id: d for d in store.documents}
        self._files: dict[str, list[str]] = {}  # file → its documents (a letter and what it forwards)
        for d in store.documents:
            self._files.setdefault(d.source, []).append(d.doc_id)
        self._trees: dict[str, list[Section]] = {}
        self._doc_terms: dict[tuple[str, bool], set[str]] = {}  # the words of a document, marked or plain
        self._span_terms: dict[tuple, frozenset[str]] = {}
        self._layouts: dict[tuple, list] = {}
        self._citing: dict[tuple[str, str], set[str]] | None = None  # code → documents whose title cites it
        self._refs: dict[str, frozenset[tuple[str, str]]] = {}  # document → its own code and the codes it cites
        # passages holding each syllable and syllable pair, with diacritics and without (counted at ingest)
        self._df: dict[bool, Counter[str]] = {False: store.wordstats.df_marked, True: store.wordstats.df_plain}
        self._n = max(store.wordstats.passages, 1)
        # The words that name each document (its type, code, title, issuer, place, with marks; its file
        # name, without), counted at ingest; worked out here for a store from before they were
        self._named_by: dict[bool, dict[str, set[str]]] | None = None
        if not store.wordstats.names_known:
            self._named_by = {False: {}, True: {}}
            for d in store.documents:
                for plain, words in zip((False, True), identity_terms(d), strict=True):
                    for t in words:
                        self._named_by[plain].setdefault(t, set()).add(d.doc_id)
        # Dense segments of a document (its sentence pieces, or whole passages that have none), worked
        # out when a question first needs them
        self._segments: dict[str, list[tuple[int, int, bool, int]]] = {}

    def document(self, doc_id: str) -> Document | None:
        return self._docs.get(doc_id)

    def _fellows(self, doc_ids: Iterable[str]) -> frozenset[str]:
        """The documents of the files these documents are in, them included."""
        return frozenset(d for doc_id in doc_ids for d in self._files[self._docs[doc_id].source])

    def _naming(self, word: str, plain: bool) -> set[str]:
        """The stored documents a word names (with marks, or plain)."""
        if self._named_by is not None:
            return self._named_by[plain].get(word, set())
        return {d for d in self.searcher.store.wordstats.naming(word, plain) if d in self._docs}

    def _chunks_of(self, doc_id: str) -> list[tuple[int, Chunk]]:
        """(row, passage) of each passage of a document, in order."""
        chunks = self.searcher.store.chunks
        return [(int(i), chunks[i]) for i in self.searcher.rows_of(doc_id)]

    def segments(self, doc_id: str) -> list[tuple[int, int, bool, int]]:
        """(start, end, is a piece, its row) of each dense segment of a document, in text order."""
        if doc_id not in self._segments:
            pieces = self.searcher.store.pieces
            segs = []
            for i, chunk in self._chunks_of(doc_id):
                own = self.searcher.pieces_of(i)
                for p in own:
                    _, a, b = (int(x) for x in pieces[p])
                    segs.append((chunk.start + a, chunk.start + b, True, int(p)))
                if not len(own):
                    segs.append((chunk.start, chunk.end, False, i))
            self._segments[doc_id] = _capped(self._segments, segs, DOC_CACHE)
        return self._segments[doc_id]

    def chunk_at(self, doc_id: str, offset: int) -> Chunk | None:
        for _, chunk in self._chunks_of(doc_id):
            if chunk.start <= offset < chunk.end:
                return chunk
        return None

    def tree(self, doc: Document) -> list[Section]:
        if doc.doc_id not in self._trees:
            self._trees[doc.doc_id] = _capped(self._trees, parse_sections(doc.text), DOC_CACHE)
        return self._trees[doc.doc_id]

    # --- reading ----------------------------------------------------------------------------------

    def read(self, question: str, filters: Filters | None = None) -> Reading:
        """Search, judge answerability, and weigh every candidate unit (no answer assembled yet)."""
        if not isinstance(question, str) or not question.strip():
            raise QueryError("the question is empty; type a question")
        question = question.strip()
        qp = self.searcher.analyze(question)
        hits = self.searcher.search(question, k=DEPTH, filters=filters, plan=qp)
        verdict = self.answerability.judge(qp, hits)
        reading = Reading(question, qp, hits, verdict)
        if not verdict.found:
            return reading
        info = self._question(question, qp, verdict)
        if len(info.subject_docs) > MAX_SUBJECTS:  # copies of one Conclusion in many provinces' files
            info = replace(info, subject_docs=_leading(info.subject_docs, hits, MAX_SUBJECTS))
        place = ordinal(question) if info.subject_docs and not info.numbers else None
        if place:  # "nhiệm vụ thứ nhất": item 1 of the section the question names by its words
            info = replace(info, numbers=self._items_at(info, place) or info.numbers)
        # a place the question names keeps out the documents that never name it, when others do
        pool = [h for h in hits if h.chunk.doc_id not in info.elsewhere][:POOL] or hits[:POOL]
        ranked: dict[str, list[Hit]] = {}  # every passage of a document the question is about, ranked
        for doc_id in sorted(info.subject_docs):
            size = min(len(self._chunks_of(doc_id)), SUBJECT_RANKED)
            ranked[doc_id] = self.searcher.search(question, k=max(size, 1), filters=_within(filters, doc_id), plan=qp)
            more = ranked[doc_id][:SUBJECT_POOL]
            if info.answer_type in FIELD_TYPES:  # the header and the closing block state the document's own facts
                more += [
                    Hit(DEPTH + 1, 0.0, c, self._docs[doc_id])
                    for _, c in self._chunks_of(doc_id)
                    if c.section in (OPENING, CLOSING)
                ]
            pool += [h for h in more if h.chunk.chunk_id not in {p.chunk.chunk_id for p in pool}]
        reading.info = info
        reading.units, signals = self._candidates(info, qp, pool, hits[0].score if hits else 1.0, ranked)
        function = FUNCTION_WORDS if info.plain else FUNCTION_WORDS_MARKED
        words = reading.heading_words = [
            own_heading_words(info, u, s, function) for u, s in zip(reading.units, signals)
        ]
        rows = [features(info, u, s, w, function) for u, s, w in zip(reading.units, signals, words)]
        reading.rows = np.asarray(rows, dtype=np.float64).reshape(len(rows), -1)
        compete(info, reading.units, words, reading.rows)
        reading.probs = self.reader.probabilities(reading.rows)
        return reading

    def _items_at(self, info: QuestionInfo, place: int) -> tuple[str, ...]:
        """Number paths of the place-th numbered item of each section the question names by its heading."""
        wanted = _named(info)
        out = []
        for doc_id in sorted(info.subject_docs):
            doc = self._docs[doc_id]
            for node, parents in walk(self.tree(doc)):
                if node.level > 0 and wanted(node, number_path(node, parents), titled(node, doc.text)):
                    items = [c for c in node.children if c.number]
                    if len(items) >= place:
                        out.append(number_path(items[place - 1], (*parents, node)))
        return tuple(p for p in dict.fromkeys(out) if p)

    def _question(self, question: str, qp: QueryPlan, verdict: Verdict) -> QuestionInfo:
        kind = answer_type(question, qp.intent)
        wants_list, wants_section = wants(question)
        if kind is None and not wants_list and bare_phrase(question):
            # "nhiệm vụ KL 57": a bare noun phrase that a heading names asks for what that section lists
            wants_list = self.answerability.names_a_heading(replace(qp, restored=without_refs(qp.restored)))
        subject = subject_type(question)
        named = self._named_words(qp)
        total = sum(named["_"].values()) or 1.0
        identity = {d: sum(named["_"][t] for t in hit) / total for d, hit in named.items() if d != "_"}
        by_code = [(d, ref) for d in self._docs.values() for ref in qp.refs if names_document(ref, d.code, "")]
        coded = frozenset(d.doc_id for d, ref in by_code if subject is None or ref[1] == subject)
        forwarded = False
        if not coded and subject is not None:  # what a document it names forwards ("Đề cương … kèm Công văn 4564")
            coded = frozenset(
                d for d in self._fellows(doc.doc_id for doc, _ in by_code) if _type_letters(self._docs[d]) == subject
            )
            # the words that name the letter name what it forwards, not another document it describes; not
            # so the other way round: "Công văn … KL 57" is not the letter KL 57 came with
            forwarded = bool(coded) and all(d.first_in_file for d, _ in by_code)
        letters = {d: _type_letters(self._docs[d]) for d in identity}
        # a document named by its code that is not stored is what the question is about (its date
        # and issuer are where other documents cite it): no stored document is described instead
        unstored = not coded and any(subject is None or ref[1] == subject for ref in qp.refs)
        names = _proper_names(qp.text)
        # a place the question gives its document ("Chi bộ tôi ở Bắc Ninh …") rules out the documents that
        # never name it; a place in the topic it asks about ("… nói gì về báo Kon Tum?") does not
        topic = _TOPIC.search(qp.text)
        unnamed = self._unnamed(named, _proper_names(qp.text[: topic.start(1)] if topic else qp.text))
        docs = coded if unstored or forwarded else _subject(named, letters, subject, coded, names, unnamed)
        plain = qp.lang == "vi-plain"
        text = qp.lexical_text if qp.lang == "en" else f"{qp.dense_text} {qp.lexical_text}"
        words = said = self._words(without_refs(text), plain)
        if docs:  # the words that name the document say which one, not what is asked of it
            names = [self._docs[d] for d in docs]
            naming = set().union(*(terms(f"{d.doc_type or ''} {d.code or ''} {d.title}", plain) for d in names))
            # the bodies a code's letters stand for, unless the question also writes them out
            tails = terms(" ".join(expansions(" ".join(_code_tails(qp.text, names)))), plain)
            naming |= tails - terms(without_refs(qp.restored), plain)
            words = {t: w for t, w in words.items() if t not in naming} or words
            if coded and not unstored and not _TOPIC.search(qp.text):  # "KL 57 nói gì về …" asks what it says
                docs |= self._carried_out(docs, words, plain)
        numbers = section_numbers(question)
        if numbers:  # "Nội dung mục 2 …": the section is named by its number, and "nội dung" asks for it
            frame = _FRAME | {p.lower() for n in numbers for p in re.split(r"[. ]", n)}
            frame |= {
                w for pair in _FRAME_PAIRS if re.search(rf"\b{pair}\b", fold_plain(question)) for w in pair.split()
            }
            words = {t: w for t, w in words.items() if not set(fold_plain(t.replace("_", " ")).split()) <= frame}
        margin = verdict.margin_z if np.isfinite(verdict.margin_z) else 0.0
        return QuestionInfo(
            kind,
            wants_list,
            wants_section,
            subject,
            docs,
            qp.refs,
            qp.lang == "en",
            words,
            margin,
            numbers,
            plain,
            # it names no stored document, or the one it is about is not stored ("HD 111 về quán triệt KL 57")
            bool(qp.refs) and not docs and (not by_code or unstored),
            quoted(question),
            identity,
            question_focus(question, FUNCTION_WORDS if plain else FUNCTION_WORDS_MARKED, plain),
            asked_letters(question),
            counted_words(question, FUNCTION_WORDS if plain else FUNCTION_WORDS_MARKED, plain, qp.lang == "en")
            if kind == "number"
            else (),
            unnamed if len(unnamed) < len(self._docs) else frozenset(),
            wants_parts(question),
            frozenset(said),
            # in English the glossary's Vietnamese is what it says; in Vietnamese, not the terms added for it
            frozenset(said) if qp.lang == "en" else frozenset(terms(without_refs(qp.restored), plain)),
        )

    def _named_words(self, qp: QueryPlan) -> dict:
        """The question's own words ("_": their IDF weights) that name each document: its type, code,
        title, issuer, place or file name (not the words added to search with: "tasks" → "nhiệm vụ")."""
        plain = qp.lang != "vi"
        words = self._words(_strip_words(qp.text, plain), plain)
        out = _Named(_=words)
        for t in words:
            docs = self._naming(t, True) if plain else self._naming(t, False) | self._naming(fold_plain(t), True)
            for doc_id in docs:
                out.setdefault(doc_id, set()).add(t)
        return out

    def _unnamed(self, named: dict, names: set[str] | None) -> frozenset[str]:
        """Documents that never use a name the question gives in capitals to say which document it means:
        "Chi bộ tôi ở Bắc Ninh … Kết luận 57" is not about the Conclusion, whose text never says Bắc Ninh."""
        if not names:
            return frozenset()
        naming = names & self.answerability.places
        if not naming:
            return frozenset()
        using = set.intersection(*(self.answerability.docs_naming(t) for t in naming))
        return frozenset(d for d in self._docs if d not in using)

    def _words(self, text: str, plain: bool) -> dict[str, float]:
        """IDF weights of the question's content words and word pairs (question words such as "là gì" left out)."""
        toks = plain_tokens(expand(text)) if plain else tokens(expand(text))
        weights = idf_weights(toks, self._df[plain], self._n)
        function = FUNCTION_WORDS if plain else FUNCTION_WORDS_MARKED
        content = {t: w for t, w in weights.items() if not all(p in function for p in t.split("_"))}
        return content or weights

    def _candidates(
        self, info: QuestionInfo, qp: QueryPlan, pool: list[Hit], top: float, ranked: dict[str, list[Hit]]
    ) -> tuple[list, list]:
        top = top if top > 0 else 1.0
        by_doc: dict[str, list[tuple[int, int, int, float, bool]]] = {}
        for h in pool:
            by_doc.setdefault(h.chunk.doc_id, []).append(
                (h.chunk.start, h.chunk.end, h.rank, h.score / top, h.chunk.section == CLOSING)
            )
        q = self.searcher.query_vector(qp.dense_text)
        store = self.searcher.store
        units, signals = [], []
        for doc_id, spans in by_doc.items():
            doc = self._docs.get(doc_id)
            if doc is None:
                continue
            segs = self.segments(doc_id)
            pieces = [row for _, _, is_piece, row in segs if is_piece]
            whole = [row for _, _, is_piece, row in segs if not is_piece]
            cos_p = iter(store.piece_vectors[pieces] @ q if pieces else [])
            cos_w = iter(store.vectors[whole] @ q if whole else [])
            seg_cos = [(a, b, float(next(cos_p) if is_piece else next(cos_w))) for a, b, is_piece, _ in segs]
            opening = [(c.start, c.end) for _, c in self._chunks_of(doc_id) if c.section == OPENING]
            letters = _type_letters(doc)
            titles = " ".join(plain_tokens(f"{doc.doc_type or ''} {doc.title} {doc.subject or ''}"))
            about = doc_id in info.subject_docs or (not info.subject_docs and doc_id == pool[0].chunk.doc_id)
            all_ranked = [(h.chunk.start, h.chunk.end, h.rank, h.score / top) for h in ranked.get(doc_id, [])]
            wanted = _named(info) if about else None
            for unit in candidates(doc.text, doc_id, self.tree(doc), spans, wanted, DEPTH + 1, all_ranked):
                cos = max((c for a, b, c in seg_cos if a < unit.end and b > unit.start), default=-1.0)
                shown, stated, text, displayed = self._stated(doc, unit, info)
                signals.append(
                    Signals(
                        shown=shown,
                        text=text,
                        stated=stated,
                        displayed=displayed,
                        headings=f"{unit.path} {unit.heading if unit.titled else ''}",
                        own_heading=unit.heading,
                        dense=cos,
                        doc_id=doc_id,
                        doc_type_letters=letters,
                        doc_code=doc.code,
                        doc_date=doc.date,
                        doc_signer=doc.signer,
                        doc_issuer=doc.issuer,
                        doc_title=titles,
                        opening=any(a <= unit.start < b for a, b in opening),
                    )
                )
                units.append(unit)
        best = max((s.dense for s in signals), default=0.0)
        # a section the question names is as close to it as the closest unit
        signals = [_replace_dense(s, 0.0 if u.named else s.dense - best) for u, s in zip(units, signals)]
        return units, signals

    def _doc_terms_of(self, doc_id: str, plain: bool) -> frozenset[str]:
        """The syllables and pairs of a document's text, with abbreviations written out (cached)."""
        key = (doc_id, plain)
        if key not in self._doc_terms:
            self._doc_terms[key] = _capped(self._doc_terms, terms(expand(self._docs[doc_id].text), plain), DOC_CACHE)
        return self._doc_terms[key]

    def _carried_out(self, docs: frozenset[str], words: dict, plain: bool) -> frozenset[str]:
        """The documents that carry out the ones a question names by code, when it asks about what the named
        ones never mention: they are what it is about, too. "Bí thư chi bộ phải làm gì với Kết luận 57?" names
        the Conclusion, and the letter that forwards it ("… quán triệt Kết luận số 57-KL/TW") tells the
        branch secretaries what to do. A document carries out another when its title cites its code; it
        must use a word pair of the question that none of the named documents uses."""
        pairs = [t for t in words if "_" in t and t in self._df[plain]]
        missing = [t for t in pairs if not any(t in self._doc_terms_of(d, plain) for d in docs)]
        if not missing:
            return frozenset()
        if self._citing is None:  # the titles are read once, not on every question
            self._citing = {}
            for d in self._docs.values():
                for ref in document_refs(d.title):
                    self._citing.setdefault(ref, set()).add(d.doc_id)
        carrying = {
            c for d in docs for ref in document_refs(self._docs[d].code or "") for c in self._citing.get(ref, ())
        }
        return frozenset(d for d in carrying - docs if any(t in self._doc_terms_of(d, plain) for t in missing))

    def _mentions(self, qp: QueryPlan, info: QuestionInfo) -> bool:
        """False when the question's topic (its words without the ones that name the document and the
        question words) has word pairs the corpus knows, none of which occurs in the document it asks
        about: "Kết luận 57 nói gì về cấp tỉnh?" when Conclusion 57 never says "cấp tỉnh". Those pairs
        must be at least half the topic's."""
        about = _ABOUT.search(qp.text)
        if about is None:  # only a question that names its topic ("nói gì về X") is checked
            return True
        topic = self._words(about.group(1), info.plain)
        pairs = [t for t in topic if "_" in t and t in info.words]
        # a topic that is mostly the words naming the document is its own subject, qualified ("Kết luận 57
        # về vị trí công tác thông tin đối ngoại"): the qualifier alone says nothing of what it holds
        if not pairs or 2 * len(pairs) < sum("_" in t for t in topic):
            return True
        return any(t in self._doc_terms_of(doc_id, info.plain) for doc_id in info.subject_docs for t in pairs)

    # --- what a unit shows ------------------------------------------------------------------------

    def parts(self, doc: Document, unit: Unit, info: QuestionInfo | None) -> list[tuple[list[Span], Span]]:
        """For each part a unit shows: the spans displayed (its lead, and the sentence that holds more
        of the question when there is one) and the span quoted (the whole part, cut at a sentence end)."""
        out = []
        # a section the question names by its heading is shown by its items' leads alone
        named = info is not None and unit.titled and share(info.words, terms(unit.heading, info.plain)) >= 0.5
        for _, lead, rest, quote in self._layout(doc, unit):
            if lead is None:
                continue
            shown = [lead]
            if rest and info is not None and info.words and not named:
                lead_share = share(info.words, self.span_terms(doc, lead, info.plain))
                scored = [(share(info.words, self.span_terms(doc, s, info.plain)), s) for s in rest]
                better = [x for x in scored if x[0] > lead_share + 0.1]
                if better:
                    shown.append(max(better, key=lambda x: x[0])[1])
            out.append((shown, quote))
        return out

    def _layout(self, doc: Document, unit: Unit) -> list[tuple[Span, Span | None, list[Span], Span]]:
        """(part, its lead, its other sentences, its quote) for the parts a unit shows (cached)."""
        key = (doc.doc_id, unit.kind, unit.outline, unit.start, unit.end)  # a section and its outline differ
        if key not in self._layouts:
            out = []
            # a section of paragraphs (no items of its own) that is short enough is its content:
            # each paragraph shown whole, not by its lead clause
            prose = (
                unit.kind == "block"
                and not unit.children
                and not unit.closing
                and sum(p.end - p.start for p in unit.parts) <= SECTION_CHARS
            )
            for part in unit.parts[:MAX_ITEMS]:
                if unit.outline:  # a heading as the document numbers it; a long first line to its first sentence end
                    first = sentences(doc.text, part.start, part.end)
                    cut = part.end - part.start > OUTLINE_LINE and first
                    line = Span(part.start, first[0].end if cut else part.end)
                    out.append((part, line, [], line))
                    continue
                if unit.kind == "sentence":
                    out.append((part, part, [], quote_span(doc.text, part)))
                    continue
                if prose:
                    whole = quote_span(doc.text, part, SECTION_CHARS)
                    out.append((part, whole, [], whole))
                    continue
                lead = lead_span(doc.text, part)
                rest = [x for x in sentences(doc.text, lead.end, part.end) if x.start >= lead.end] if lead else []
                out.append((part, lead, rest, quote_span(doc.text, part)))
            self._layouts[key] = _capped(self._layouts, out)
        return self._layouts[key]

    def span_terms(self, doc: Document, span: Span, plain: bool) -> frozenset[str]:
        """The syllables and syllable pairs of doc.text[span] (cached: the same passages come back)."""
        key = (doc.doc_id, span.start, span.end, plain)
        found = self._span_terms.get(key)
        if found is None:
            found = frozenset(terms(doc.text[span.start : span.end], plain))
            self._span_terms[key] = _capped(self._span_terms, found)
        return found

    def _stated(self, doc: Document, unit: Unit, info: QuestionInfo) -> tuple[frozenset, frozenset, str, str]:
        """(terms of what the unit shows, terms of all it states, the text it states, the text it shows)."""
        parts = self.parts(doc, unit, info)
        head = Span(unit.start, unit.start + len(unit.heading))
        heading = self.span_terms(doc, head, info.plain) if unit.heading else frozenset()
        shown = heading.union(*(self.span_terms(doc, x, info.plain) for spans, _ in parts for x in spans))
        stated = shown.union(*(self.span_terms(doc, q, info.plain) for _, q in parts))
        displayed = "\n".join([unit.heading, *(doc.text[x.start : x.end] for spans, _ in parts for x in spans)])
        return shown, stated, self.unit_text(unit, info, statement=False), displayed.strip()

    def unit_text(self, unit: Unit, info: QuestionInfo | None, statement: bool = True) -> str:
        """What an answer built on the unit states: its heading, displayed spans and quotes, and
        (with statement) the issuing body in full when the question asks who issued the document."""
        doc = self._docs[unit.doc_id]
        bits = [doc.issuer if statement and info is not None and info.answer_type == "issuer" else ""]
        bits.append(unit.heading)
        for shown, quote in self.parts(doc, unit, info):
            bits += [doc.text[s.start : s.end] for s in shown] + [doc.text[quote.start : quote.end]]
        if info is not None and info.answer_type in ("signer", "issuer") and unit.kind == "sentence":
            span = _signature(doc.text, unit.parts[0])
            bits.append(doc.text[span.start : span.end])
        return "\n".join(b for b in bits if b)

    # --- answering --------------------------------------------------------------------------------

    def ask(self, question: str, filters: Filters | None = None, generate: bool | None = None) -> Answer:
        """Answer a question with verified citations, or say plainly that the corpus does not answer it."""
        reading = self.read(question, filters)
        if not reading.verdict.found:
            return self._not_found(reading, reading.verdict.reason)
        answer = self.answer(reading)
        use_model = self.generator is not None if generate is None else generate
        if answer.found and answer.kind != "passages" and use_model and self.generator is not None:
            return self.generator.answer(reading.question, reading.hits, self, fallback=answer)
        return answer

    def answer(self, reading: Reading) -> Answer:
        """The answer a reading supports: the best unit in its shape, the nearest passages, or not found."""
        claim, signals, reason = self.claim(reading)
        if claim is None:
            return self._not_found(reading, reason)
        confidence = self.reader.confidence(signals)
        if reading.twin:  # one of two parts numbered alike: as sure as a coin
            return self._passages(reading, min(confidence, 0.5))
        if self._off_reference(reading.info, claim):
            return self._passages(reading, min(confidence, 0.5), guess=claim)
        if not states_values(reading.question, "\n".join([claim.answer, *(c.quote for c in claim.citations)])):
            # "ở đâu và thu hút bao nhiêu lượt khách?" answered with a place alone is half an answer
            return self._passages(reading, min(confidence, 0.5), guess=claim)
        if confidence < self.reader.show:
            return self._passages(reading, confidence, guess=claim)
        return replace(claim, confidence=confidence)

    def claim(self, reading: Reading, floor: bool = True) -> tuple[Answer | None, list[float], str]:
        """The answer the best candidate makes, whatever its confidence, with the signals its confidence
        is read from (reader.CONFIDENCE); or (None, [], why) when the documents do not answer.
        floor=False ignores the reader's floor."""
        info = reading.info
        if info is None or not reading.units:
            return None, [], "no candidate answer"
        eligible, typed = reading.eligible()
        if info.answer_type in STATED_TYPES and not typed:
            return None, [], f"no passage states the {info.answer_type} asked for"
        if info.counted and not any(reading.rows[i][_COUNTED] > 0 for i in eligible):
            return None, [], f"no passage states how many {' '.join(info.counted)}"
        if info.subject_docs and info.answer_type in FIELD_TYPES and not typed:
            names = ", ".join(short_name(self._docs[d]) for d in sorted(info.subject_docs))
            return None, [], f"{names} does not state the {info.answer_type} asked for"
        if not eligible:
            return None, [], "the document asked about does not answer it"
        if info.cited_only:
            refs = ", ".join(f"{n}-{letters}" for n, letters in subject_refs(info))
            if info.answer_type == "signer":  # a citation names a document, not who signed it
                return None, [], f"{refs} is not stored, and the documents that cite it do not say who signed it"
            if wants(reading.question)[0] and opens_with_document(reading.question):
                # what a document sets out is in its own text: a citation gives its date, issuer and title
                return None, [], f"{refs} is not stored, and the documents that cite it do not list what it sets out"
        if info.subject_docs and not info.english:
            # an attachment is named by the letter it came with too ("Đề cương … của Thái Nguyên")
            absent = self.answerability.unknown_names(reading.plan.text, self._fellows(info.subject_docs))
            if absent:
                names = ", ".join(short_name(self._docs[d]) for d in sorted(info.subject_docs))
                return None, [], f"{names} does not mention {', '.join(absent)}"
        if info.subject_docs and info.answer_type is None and not self._mentions(reading.plan, info):
            names = ", ".join(short_name(self._docs[d]) for d in sorted(info.subject_docs))
            return None, [], f"{names} does not mention what is asked"
        best = eligible[0]
        p = float(reading.probs[best])
        # the floor says the document does not state it; that it has numbered parts is what a question for
        # its parts asks, whatever the outline's words
        if floor and info.subject_docs and not (info.wants_parts and typed) and p < self.reader.not_found:
            names = ", ".join(short_name(self._docs[d]) for d in sorted(info.subject_docs))
            return None, [], f"{names} does not say it (best candidate {p:.2f})"
        best = self._narrowed(reading, self._announced(reading, best), eligible)
        reading.twin = self._twin(reading, best)
        chosen = [best]
        second = next((i for i in eligible[1:] if _apart(reading.units[i], reading.units[best])), None)
        unit = reading.units[best]
        elsewhere = max(
            (float(reading.probs[i]) for i in range(len(reading.units)) if _apart(reading.units[i], unit)), default=0.0
        )
        signals = [
            logit(p),
            logit(p) - logit(elsewhere),
            logit(p)
            - logit(
                max((float(reading.probs[i]) for i in eligible if self._rival(reading.units[i], unit)), default=0.0)
            ),
            float(unit.kind == "block"),
            float(typed),
            float(bool(info.subject_docs)),
            float(info.english),
            float(info.plain),
        ]
        if (
            second is not None
            and reading.units[best].kind == "sentence"
            and reading.units[second].kind == "sentence"
            and reading.probs[second] >= self.reader.second * p
        ):
            chosen.append(second)
        shaped = self._shape(reading, [reading.units[i] for i in chosen], 0.0)
        return (shaped, signals, "") if shaped is not None else (None, [], "no quote could be verified")

    def _announced(self, reading: Reading, best: int) -> int:
        """When the sentence of a section's item that the question matches announces a list ("… trong đó
        tập trung một số nội dung cơ bản sau:"), that item, with its list, rather than the section, which
        shows the announcement alone. Else best."""
        unit, info = reading.units[best], reading.info
        if unit.kind != "block" or not unit.children or unit.outline or not (info.wants_list or info.wants_section):
            return best
        doc = self._docs[unit.doc_id]
        for shown, _ in self.parts(doc, unit, info):
            if not any(doc.text[s.end : s.end + 3].lstrip(" *").startswith(":") for s in shown[1:]):
                continue
            part = next(p for p in unit.parts if p.start <= shown[0].start < p.end)
            item = next(
                (
                    i
                    for i, u in enumerate(reading.units)
                    if u.kind == "block" and not u.outline and u.doc_id == unit.doc_id and u.start == part.start
                ),
                None,
            )
            return best if item is None else item
        return best

    def _narrowed(self, reading: Reading, best: int, eligible: list[int]) -> int:
        """When the best unit is a section whose heading the question names only in part ("I- QUAN ĐIỂM, MỤC
        TIÊU" by "Mục tiêu … là gì?"), the section inside it whose heading the question names whole ("2. Mục
        tiêu"), if the reader weighs it near the best (reader.second): the other parts are not asked for, and
        shown beside it they cut the one that is to its lead sentence. Else best."""
        unit, info, words = reading.units[best], reading.info, reading.heading_words
        if unit.kind != "block" or not unit.children or unit.outline or not words[best]:
            return best
        if heading_share(words[best], info) == 1.0:
            return best
        floor = self.reader.second * float(reading.probs[best])
        for i in eligible:  # best first
            inner = reading.units[i]
            if (
                inner.kind == "block"
                and not inner.outline
                and inside(inner, unit)
                and words[i]
                and heading_share(words[i], info) == 1.0
                and float(reading.probs[i]) >= floor
            ):
                return i
        return best

    def _rival(self, unit: Unit, best: Unit) -> bool:
        """A unit that would make another answer than the best one: apart from it, and not in its paragraph."""
        if unit.doc_id != best.doc_id:
            return True
        return _apart(unit, best) and _other_paragraph(self._docs[unit.doc_id].text, unit, best)

    def _shape(self, reading: Reading, units: list[Unit], confidence: float) -> Answer | None:
        info = reading.info
        english = info.english
        cites = _Citations(self)
        unit = units[0]
        doc = self._docs[unit.doc_id]
        if unit.kind == "block":
            lines = []
            numbered = unit.children and not unit.outline  # an outline keeps the document's own numbers
            for number, (shown, quote) in enumerate(self.parts(doc, unit, info), start=1):
                n = cites.add(doc.doc_id, quote)
                if n is None:
                    continue
                # "- 1. …" would be a list inside the item: the document's number stays text
                text = " … ".join(
                    escape(doc.text[s.start : s.end], item=not numbered and not i) for i, s in enumerate(shown)
                )
                lines.append(f"{number}. {text} [{n}]" if numbered else f"- {text} [{n}]")
            if not lines:
                return None
            name = escape(_doc_name(doc))
            heading = escape(unit.heading.strip("* :").removesuffix(".")) or escape(unit.path)
            if not unit.titled and not unit.outline and unit.number:  # its first line is content, shown below
                heading = escape(_part_name(unit.number, english))
            part = "" if heading.startswith(("Điều", "khoản", "điểm")) else "mục "  # "Điều 2", not "mục Điều 2"
            count = len(unit.parts)
            if unit.outline and heading:
                intro = (
                    f"**{name}**, {heading}: {count} parts"
                    if english
                    else f"**{name}**, {part}{heading}, gồm {count} phần"
                )
            elif unit.outline:
                intro = f"**{name}** has {count} parts" if english else f"**{name}** gồm {count} phần"
            elif numbered:
                intro = (
                    f"**{name}**, {heading}: {count} items"
                    if english
                    else f"**{name}**, {part}{heading}, gồm {count} nội dung"
                )
            else:
                intro = f"**{name}**, {heading}" if english else f"**{name}**, {part}{heading}"
            more = "" if count <= MAX_ITEMS else f"\n\n(… {count - MAX_ITEMS} more)"
            kind = "list" if numbered or unit.outline else "section"
            body = f"{intro}:\n\n" + "\n".join(lines) + more
            return Answer(
                reading.question, True, body, tuple(cites.items), kind, hits=tuple(reading.hits), confidence=confidence
            )
        lines = []
        shown: set[tuple[str, int, int]] = set()
        which_says = asks_which_says(reading.question)  # the document that says it is the answer
        for u in units:
            d = self._docs[u.doc_id]
            # a signer with the lines above that say on whose behalf; a clause between semicolons in its
            # whole sentence, whose rest is often asked too
            signed = info.answer_type in ("signer", "issuer")
            span = _signature(d.text, u.parts[0]) if signed else _sentence_of(d.text, u.parts[0])
            quote = quote_span(d.text, span)
            if (d.doc_id, quote.start, quote.end) in shown:
                continue
            shown.add((d.doc_id, quote.start, quote.end))
            n = cites.add(d.doc_id, quote)
            if n is None:
                continue
            text = d.text[quote.start : quote.end]
            if info.answer_type == "document":
                marks = cited_codes(text, d.code, info.asked_letters)
            else:
                marks = (
                    value_spans(info.answer_type, text, d, self.searcher.store.wordstats.bigrams)
                    if info.answer_type
                    else []
                )
            said = f"**{escape(d.issuer)}**: " if info.answer_type == "issuer" and d.issuer and marks else ""
            if which_says:
                said = f"**{escape(short_name(d))}**: "
            lines.append(f"{said}{highlight(text, marks)} [{n}]")
        if not lines:
            return None
        return Answer(
            reading.question,
            True,
            "\n\n".join(lines),
            tuple(cites.items),
            "fact",
            hits=tuple(reading.hits),
            confidence=confidence,
        )

    def _off_reference(self, info: QuestionInfo, claim: Answer) -> bool:
        """True when the question names documents by code and the claim quotes only documents that neither
        are one of them nor cite one anywhere. "Chương trình hành động của Chính phủ thực hiện KL57 … quyết
        định số mấy?" is not answered by the action programme of the 2013 strategy, in an outline that was
        written before Conclusion 57 and never names it: the value is another subject's."""
        if not info.refs or not claim.citations:
            return False
        for doc_id in {c.doc_id for c in claim.citations}:
            refs = self._refs.get(doc_id)
            if refs is None:
                doc = self._docs[doc_id]
                refs = self._refs[doc_id] = frozenset(document_refs(f"{doc.code or ''} {doc.title}\n{doc.text}"))
            if refs & set(info.refs):
                return False
        return True

    def _twin(self, reading: Reading, best: int) -> str:
        """Reading.twin for the best unit."""
        unit = reading.units[best]
        if not unit.number or unit.number not in reading.info.numbers:
            return ""
        same = (
            n
            for n, parents in walk(self.tree(self._docs[unit.doc_id]))
            if n.level > 0 and number_path(n, parents) == unit.number
        )
        return unit.number if sum(1 for _ in same) > 1 else ""

    def _passages(self, reading: Reading, confidence: float, guess: Answer | None = None) -> Answer:
        """Not sure: the best passages, each with its best sentence, and no claim. A `guess` (the claim
        the confidence was too low for) comes first, unbolded and said to be a guess, with its quotes:
        the reader's best unit in its own shape (a whole list, a section) is what an official most
        needs to check, and a passage cut at its first sentence may not hold it."""
        english = reading.info is not None and reading.info.english
        cites = _Citations(self)
        guessed: list[Citation] = []
        for c in guess.citations if guess is not None else ():
            if cites.add(c.doc_id, Span(c.start, c.end)) == c.n:
                guessed.append(c)
        if guess is not None and len(guessed) < len(guess.citations):  # numbering would not hold: no guess
            cites, guessed = _Citations(self), []
        shown: dict[str, list[Span]] = {}  # passage → its best sentences, best passage first
        owners: dict[str, tuple[str, Chunk]] = {}
        for i in reading.eligible()[0]:
            unit = reading.units[i]
            doc = self._docs[unit.doc_id]
            first = unit.parts[0] if unit.kind == "sentence" else lead_span(doc.text, unit.parts[0])
            chunk = self.chunk_at(unit.doc_id, first.start) if first else None
            if chunk is None or (chunk.chunk_id not in shown and len(shown) == PASSAGES_SHOWN):
                continue
            spans = shown.setdefault(chunk.chunk_id, [])
            owners[chunk.chunk_id] = (doc.doc_id, chunk)
            if len(spans) < 2 and not any(s.start < first.end and first.start < s.end for s in spans):
                spans.append(first)
        lines = []
        for chunk_id, spans in shown.items():
            doc_id, chunk = owners[chunk_id]
            doc = self._docs[doc_id]
            n = cites.add(doc_id, _trimmed(doc.text, chunk))
            if n is None:
                continue
            best = " … ".join(f"**{escape(doc.text[s.start : s.end])}**" for s in sorted(spans, key=lambda s: s.start))
            lines.append(f"- {escape(_doc_name(doc))}: {best} [{n}]")
        if reading.twin:
            name = escape(_doc_name(self._docs[reading.units[reading.eligible()[0][0]].doc_id]))
            head = (
                f"{name} numbers more than one part {reading.twin}; the most relevant passages:"
                if english
                else f"{name} có hơn một mục cùng số {reading.twin}; các đoạn liên quan nhất:"
            )
        else:
            head = "Not sure; the most relevant passages:" if english else "Chưa chắc chắn; các đoạn liên quan nhất:"
        text = f"{head}\n\n" + "\n".join(lines)
        if guessed:
            said = guess.answer.replace("**", "")
            text = ("Not sure. Perhaps:" if english else "Chưa chắc chắn. Có thể là:") + f"\n\n{said}"
            if lines:
                more = "Other relevant passages:" if english else "Các đoạn liên quan khác:"
                text += f"\n\n{more}\n\n" + "\n".join(lines)
        return Answer(
            reading.question,
            True,
            text,
            tuple(cites.items),
            "passages",
            hits=tuple(reading.hits),
            confidence=confidence,
        )

    def _not_found(self, reading: Reading, reason: str) -> Answer:
        """Say plainly that the documents do not answer; show the best sentence of the three nearest passages."""
        english = reading.plan.lang == "en"
        cites = _Citations(self)
        lines = []
        plain = reading.plan.lang == "vi-plain"
        words = self._words(reading.plan.dense_text, plain)
        for hit in reading.hits[:PASSAGES_SHOWN]:
            doc = self._docs.get(hit.chunk.doc_id)
            spans = sentences(doc.text, hit.chunk.start, hit.chunk.end) if doc else []
            if not spans:
                continue
            best = max(spans, key=lambda s: share(words, terms(doc.text[s.start : s.end], plain)))
            n = cites.add(doc.doc_id, quote_span(doc.text, best, 320))
            if n is not None:
                lines.append(f"- {escape(_doc_name(doc))}: {escape(cites.items[-1].quote)} [{n}]")
        head = (
            "The loaded documents do not answer this question."
            if english
            else "Các văn bản đã nạp không trả lời câu hỏi này."
        )
        related = ("Possibly related:" if english else "Các đoạn gần nhất, có thể liên quan:") if lines else ""
        body = f"{head}\n\n{related}\n" + "\n".join(lines) if lines else head
        return Answer(
            reading.question, False, body, tuple(cites.items), "not-found", notes=(reason,), hits=tuple(reading.hits)
        )


_VALUE = FEATURES.index("value")
_COUNTED = FEATURES.index("value_counted")


_TYPE_LETTERS = {name: letters for letters, name in TYPE_CODES.items()}


def _type_letters(doc: Document) -> str | None:
    """ "KL" for a Kết luận, from its code or else its type."""
    if doc.code:
        return code_type_letters(doc.code)
    return _TYPE_LETTERS.get(doc.doc_type or "")


# "… nói gì về X", "… đề cập đến X": the topic a question names
_ABOUT = re.compile(r"(?:\bvề|\bve|đề cập(?: đến| tới)?|de cap(?: den| toi)?)\s+(.+?)\s*\??$", re.IGNORECASE)

# "… nói gì về X", "… đề cập đến X", "what does … say about X": the topic, after the words that ask for it
_TOPIC = re.compile(
    r"\b(?:nói|nêu|đề cập|quy định|noi|neu|de cap|quy dinh|say|says)\s+(?:gì\s+|gi\s+)?"
    r"(?:về|đến|tới|ve|den|toi|about)\s+(.+)",
    re.IGNORECASE,
)

# A question describes one document ("kế hoạch của Lạng Sơn") when this share of its words name it,
# and clearly more than the next document; such a question is answered from that document only.
DESCRIBES = 0.5
DESCRIBES_MARGIN = 0.15
DESCRIBES_TYPED = 0.3  # … when the question also names its type ("đề cương …"): the type word is evidence too
DESCRIBES_EXTRA = 0.1  # words naming another document than the one named by code


class _Named(dict):
    """The question's words that name each document ("_": their weights); a document none of them
    names has none (documents named by no word are left out: a store has thousands)."""

    def __missing__(self, doc_id: str) -> set[str]:
        return set()


def _strip_words(text: str, plain: bool) -> str:
    """A question without its question words, marks kept unless it is matched plain."""
    if plain:
        return without_question_words(text)
    kept = without_question_words(text).split()
    marked = text.split()
    # without_question_words folds; keep the marked spelling of the words it left
    folded = [fold_plain(w) for w in marked]
    out, i = [], 0
    for w in kept:
        while i < len(folded) and folded[i].strip('.,;:?!()“”"') != w.strip('.,;:?!()“”"'):
            i += 1
        if i < len(folded):
            out.append(marked[i])
            i += 1
    return " ".join(out)


def _proper_names(question: str) -> set[str] | None:
    """The plain syllables (and pairs) of the capitalised words of a question ("Báo Lạng Sơn đưa tin"
    → lạng, sơn …), or None when it is typed all in one case and capitals say nothing."""
    if question == question.lower() or question == question.upper():
        return None
    words = question.split()
    caps = " ".join(w for i, w in enumerate(words) if w[:1].isupper() and i > 0)
    return terms(caps, plain=True)


def _subject(
    named: dict,
    letters: dict[str, str | None],
    subject: str | None,
    coded: frozenset[str],
    names: set[str] | None = None,
    excluded: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """The documents a question is about: those it names by code ("KL 57"), unless it also names
    something only another document has (a place: "Báo Lạng Sơn đưa tin về KL 57"; then that document,
    if it is clearly the one described); else the one document it describes (DESCRIBES), when that is
    of the type it names. `names` are the question's proper names, when its capitals tell them;
    `excluded` documents never use one of the names the question gives to the document it means."""
    weights = named["_"]
    total = sum(weights.values()) or 1.0
    identity = {d: sum(weights[t] for t in hit) / total for d, hit in named.items() if d != "_" and d not in excluded}
    coded = coded - excluded
    ranked = sorted(((score, doc_id) for doc_id, score in identity.items()), reverse=True)
    if coded:
        own = set().union(*(named[d] for d in coded))
        for score, d in ranked:
            beyond = named[d] - own if names is None else {t for t in named[d] - own if fold_plain(t) in names}
            extra = sum(weights[t] for t in beyond) / total
            if d not in coded and score >= max(identity.get(c, 0.0) for c in coded) and extra >= DESCRIBES_EXTRA:
                return _subject(named, letters, None, frozenset(), names, excluded)
        return coded
    if subject is not None:  # "Đề cương tổng kết …" is one of the outlines, however alike a report's title is
        ranked = [(score, d) for score, d in ranked if letters[d] == subject]
    floor = DESCRIBES if subject is None else DESCRIBES_TYPED
    if not ranked or ranked[0][0] < floor:
        return frozenset()
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < DESCRIBES_MARGIN:
        return frozenset()
    return frozenset({ranked[0][1]})


def _code_tails(question: str, docs: list[Document]) -> list[str]:
    """The issuer letters of a document's code where the question writes them in the code or after its
    number and type ("52-HD/BTGTU", "HD 100 BTGTU" for 100-HD/BTGTU): they name the document, not a body
    it is asked about."""
    plain = fold_plain(question)
    tails = {t.lower() for d in docs for t in re.split(r"[/-]", d.code or "")[2:] if t}
    out = []
    for start, end in ref_spans(plain):
        out += [t for t in re.findall(r"[a-z&]+", plain[start:end]) if t in tails]
        if (m := re.match(r"[\s/-]*([a-z&]+)\b", plain[end:])) and m.group(1) in tails:
            out.append(m.group(1))
    return out


# The words around a section named by number: "nội dung (của) mục III.2", "điều 3"
_FRAME = frozenset({"noi", "dung", "cua", "muc", "phan", "tieu", "diem", "khoan", "dieu", "neu", "ghi"})
# and the verbs that ask what it says, "Điều 5 quy định gì?", "mục II.2 đề cập những gì?": their syllables
# only where the question has the pair ("cấp" of "cấp huyện" is a word of what is asked)
_FRAME_PAIRS = ("quy dinh", "de cap")


def _named(info: QuestionInfo):
    """Which sections a question names: by number ("mục III.2"), or by a heading all of whose words it uses."""

    function = FUNCTION_WORDS if info.plain else FUNCTION_WORDS_MARKED

    def wanted(node: Section, number: str, has_title: bool) -> bool:
        if info.numbers:  # named by number, no other section is named by its words
            return bool(number) and number in info.numbers
        words = [w for w in heading_terms(node.heading, info.plain) if w not in function]
        return has_title and bool(words) and named_terms(words, info) >= set(words)

    return wanted


CACHE = 2_000  # spans kept per cache of text work (up to about 8 MB); emptied when full
DOC_CACHE = 64  # documents kept worked out (section trees, words, dense segments): the memory stays bounded
# An archive holds the same Conclusion many times over, attached to each province's letter: a
# question about it is answered from the copies the search ranks first.
MAX_SUBJECTS = 3


def _leading(docs: frozenset[str], hits: list[Hit], n: int) -> frozenset[str]:
    """The n documents of `docs` whose passages the search ranks first (in document order after them)."""
    ranked = list(dict.fromkeys(h.chunk.doc_id for h in hits if h.chunk.doc_id in docs))
    return frozenset((ranked + sorted(docs - set(ranked)))[:n])


def _capped(cache: dict, value, size: int | None = None):
    """The value, after emptying the cache when it is full (CACHE entries unless size is given)."""
    if len(cache) >= (CACHE if size is None else size):
        cache.clear()
    return value


def _within(filters: Filters | None, doc_id: str) -> Filters:
    base = filters or Filters()
    return Filters(base.doc_type, base.issuer, base.year, base.code, doc_id)


def _replace_dense(s: Signals, dense: float) -> Signals:
    return Signals(**{**s.__dict__, "dense": dense})


def _other_paragraph(text: str, a: Unit, b: Unit) -> bool:
    """Two units of a document with a line break between them (a sentence beside the answer is its context)."""
    first, last = (a, b) if a.start <= b.start else (b, a)
    return "\n" in text[first.end : last.start]


def _apart(a: Unit, b: Unit) -> bool:
    return a.doc_id != b.doc_id or a.end <= b.start or b.end <= a.start


SENTENCE_CHARS = 600  # a clause is shown in its whole sentence up to this long
_SENTENCE_END = re.compile(r"[.!?…](?=\s)|\n")


def _sentence_of(text: str, span: Span, limit: int = SENTENCE_CHARS) -> Span:
    """The sentence a clause ("…; kết hợp hài hoà giữa “xây” và “chống”") belongs to, within its line,
    when it is split by semicolons and not longer than limit; else the clause."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, span.start - limit), span.start)]
    start = ends[-1] if ends else span.start
    m = _SENTENCE_END.search(text, span.end - 1, span.end + limit)  # the clause's own full stop, or the next
    end = m.end() if m and m.group() != "\n" else (m.start() if m else span.end)
    whole = trim(text, start, end)
    if whole is None or ";" not in text[whole.start : whole.end] or whole.end - whole.start > limit:
        return span
    if not (whole.start <= span.start and span.end <= whole.end):
        return span
    return whole


def _trimmed(text: str, chunk: Chunk) -> Span:
    start, end = chunk.start, chunk.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


_SIGNATURE_LINE = re.compile(r"^(?:T/M|TM\.?|KT\.?|K/T|Q\.|TL\.|TUQ\.|\(đã ký\)|\(Đã ký\))")


def _signature(text: str, span: Span) -> Span:
    """The signer's line with the lines above it that say on whose behalf ("T/M BỘ CHÍNH TRỊ", "(đã ký)")."""
    start = span.start
    for _ in range(3):
        above = text.rfind("\n", 0, max(start - 1, 0)) + 1
        line = text[above : start - 1].strip()
        while not line and above > 0:  # blank lines between the title and the name
            start = above
            above = text.rfind("\n", 0, max(start - 1, 0)) + 1
            line = text[above : start - 1].strip()
        # the lines above the name: on whose behalf, and the title, in capitals ("PHÓ BÍ THƯ THƯỜNG TRỰC")
        if start <= 0 or not line or not (_SIGNATURE_LINE.match(line) or line == line.upper()):
            break
        start = above
    return Span(start, span.end)


def _part_name(number: str, english: bool) -> str:
    """A number path as a citation reads it: "III.3.b" stays, "Điều 3.2.a" is "điểm a khoản 2 Điều 3"."""
    if not number.startswith("Điều "):
        return number
    article, *inner = number.removeprefix("Điều ").split(".")
    if english:
        return f"Article {article}" + "".join(f"({p})" for p in inner)
    names = ("khoản", "điểm")
    return " ".join([*(f"{names[i]} {p}" for i, p in reversed(list(enumerate(inner[:2])))), f"Điều {article}"])


def _doc_name(doc: Document) -> str:
    """ "Kết luận 57-KL/TW", or without a code its type, subject, place and year."""
    return short_name(doc)
