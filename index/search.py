"""Search a store: dense (FAISS), lexical (BM25) or both fused."""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

import numpy as np

from index import fusion
from index.ann import CANDIDATES
from index.embedders import Embedder, make_embedder
from index.modes import FUSIONS, MODES
from index.query import QueryPlan, Understanding, names_document
from index.query import plan as make_plan
from index.restore import DiacriticRestorer
from index.store import Store, mismatch
from ingest.structure import CLOSING, OPENING
from vanban.lexicon import document_refs
from vanban.records import Chunk, Document, Hit
from vanban.text import fold_plain

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "bm25"]
MAX_QUERY_CHARS = 2000
QUERY_CACHE = 1024  # query embeddings kept, oldest dropped first
SIMILARITY_CACHE = 8  # questions whose similarities with every vector are kept (search, then ask)
MASK_CACHE = 16  # filters whose allowed passages are kept
SPREAD_SAMPLE = 20_000  # vectors the spread of a question's cosines is read from in a large store
# A passage's dense score mixes its best sentence piece with the passage as a whole.
PIECE_MIX = 0.7


@dataclass(frozen=True)
class FusionConfig:
    """How hybrid search combines its channels; defaults measured on the dev set (README)."""

    method: str = "weighted"  # "weighted": min-max scores summed; "rrf": reciprocal rank fusion
    # Share of the dense channel. Separate weights per query language measured no better (README).
    dense_weight: float = 0.4
    doc_boost: float = 0.1  # a passage of a document the query names
    intent_boost: float = 0.2  # the signature or header block for "who signed" / "when issued"
    rrf_k: int = fusion.RRF_K


RRF_DEFAULTS = FusionConfig(method="rrf", dense_weight=0.5, doc_boost=0.008, intent_boost=0.012)


class QueryError(ValueError):
    """A query that cannot be searched (empty, unknown mode...)."""


@dataclass(frozen=True)
class Filters:
    """Restrict a search to documents of a type, issuer, year or code; None means any."""

    doc_type: str | None = None  # "Kết luận", "ket luan"
    issuer: str | None = None  # any part of the issuing body: "Bộ Chính trị", "Thái Nguyên"
    year: int | None = None
    code: str | None = None  # "57-KL/TW", "57-KL", or a reference such as "KL 57"
    doc_id: str | None = None  # one stored document

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.doc_type, self.issuer, self.year, self.code, self.doc_id))

    def accepts(self, doc: Document | None) -> bool:
        """True when the document passes every filter that is set."""
        if doc is None:
            return not self
        if self.doc_id and doc.doc_id != self.doc_id:
            return False
        if self.doc_type and fold_plain(doc.doc_type or "") != fold_plain(self.doc_type):
            return False
        if self.issuer and fold_plain(self.issuer) not in fold_plain(doc.issuer or ""):
            return False
        if self.year and not (doc.date or "").startswith(f"{self.year:04d}"):
            return False
        if self.code:
            refs = document_refs(self.code) or [_split_code(self.code)]
            if not any(names_document(ref, doc.code, "") for ref in refs if ref[0]):
                return False
        return True


def _split_code(code: str) -> tuple[str, str]:
    m = re.match(r"\s*(\d+)\s*[-/]\s*([A-Za-zĐđ]+)", code)
    return (m.group(1), m.group(2).upper()) if m else ("", "")


class Searcher:
    """Answers queries over one loaded store with the embedder it was built with."""

    def __init__(
        self,
        store: Store,
        embedder: Embedder | None = None,
        fusion_method: str = "weighted",
        config: FusionConfig | None = None,
        depth: int = 50,
        understanding: Understanding | None = None,
    ) -> None:
        if embedder is None:
            embedder = make_embedder(store.embedder_name)
        if embedder.name != store.embedder_name:
            mismatch(store.embedder_name, embedder.name)
        if fusion_method not in FUSIONS:
            raise QueryError(f"unknown fusion '{fusion_method}' (choose from {', '.join(FUSIONS)})")
        if config is None:
            config = RRF_DEFAULTS if fusion_method == "rrf" else FusionConfig()
        self.store = store
        self.embedder = embedder
        self.config = config
        self.depth = depth
        self.understanding = understanding or Understanding()
        self._query_vectors: dict[str, np.ndarray] = {}
        self._similarities: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._masks: OrderedDict[Filters, np.ndarray] = OrderedDict()
        self.restorer = DiacriticRestorer(counts=(store.wordstats.unigrams, store.wordstats.bigrams))
        self._doc_index = {d.doc_id: n for n, d in enumerate(store.documents)}
        passages = store.chunks
        known = np.array([self._doc_index.get(d.doc_id, -1) for d in passages.documents], dtype=np.int64)
        self._doc_of = known[passages.doc] if len(passages) else np.zeros(0, dtype=np.int64)
        # each document's passages: _doc_rows[_doc_bounds[n]:_doc_bounds[n + 1]], in store order
        self._doc_rows = np.argsort(self._doc_of, kind="stable")
        self._doc_bounds = np.searchsorted(self._doc_of[self._doc_rows], np.arange(len(store.documents) + 1))
        self._blocks = {
            (passages.doc_id(i), block): int(i) for block in (CLOSING, OPENING) for i in passages.with_section(block)
        }
        owners = store.pieces[:, 0].astype(np.int64) if len(store.pieces) else np.zeros(0, dtype=np.int64)
        self._owners = owners
        # each passage's pieces: _piece_order[_piece_bounds[i]:_piece_bounds[i + 1]] (arrays, not a list
        # per passage: a large store has hundreds of thousands)
        self._piece_order = np.argsort(owners, kind="stable")
        self._piece_bounds = np.searchsorted(owners[self._piece_order], np.arange(len(store.chunks) + 1))
        # a store with graphs is searched approximately; the not-found check's spread of cosines is
        # then read off a fixed sample of the vectors instead of all of them
        self.approximate = store.approximate is not None
        rng = np.random.default_rng(0)
        self._sample = np.sort(rng.choice(len(store.chunks), min(SPREAD_SAMPLE, len(store.chunks)), replace=False))
        self._piece_sample = np.sort(rng.choice(len(owners), min(SPREAD_SAMPLE, len(owners)), replace=False))

    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        filters: Filters | None = None,
        plan: QueryPlan | None = None,
    ) -> list[Hit]:
        """The k best passages for a query, best first, optionally only from some documents.

        `plan` is this query's analyze() result when the caller already has it (ask needs it too).
        """
        if not isinstance(query, str) or not query.strip():
            raise QueryError("the query is empty; type a question or some keywords")
        if mode not in MODES:
            raise QueryError(f"unknown mode '{mode}' (choose from {', '.join(MODES)})")
        if k < 1:
            raise QueryError("k must be at least 1")
        qp = plan or self.analyze(query)
        allowed = self._allowed(filters)
        depth = max(self.depth, k)
        if mode == "dense":
            ranked = list(zip(*self._dense(qp.dense_text, k, allowed)))
        elif mode == "bm25":
            ranked = list(zip(*self._bm25(qp, k, allowed)))
        else:
            dense_ids, dense_scores = self._dense(qp.dense_text, depth, allowed)
            bm25_ids, bm25_scores = self._bm25(qp, depth, allowed)
            w_dense, w_bm25 = self._weights()
            if self.config.method == "rrf":
                fused = fusion.rrf([dense_ids, bm25_ids], k=self.config.rrf_k, weights=[w_dense, w_bm25])
            else:
                fused = fusion.weighted([(dense_ids, dense_scores), (bm25_ids, bm25_scores)], [w_dense, w_bm25])
            ranked = fusion.top(self._boost(fused, qp), k)
        return [
            Hit(rank=r, score=float(score), chunk=self.store.chunks[int(i)], doc=self.document_of(int(i)))
            for r, (i, score) in enumerate(ranked[:k], start=1)
        ]

    def analyze(self, query: str) -> QueryPlan:
        """What each channel searches for this query (language, restored diacritics, named documents)."""
        return make_plan(query.strip()[:MAX_QUERY_CHARS], self.restorer, self.understanding)

    def similarities(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Cosine of a query text with every passage (mixed with its best piece, as dense search ranks)
        and every piece. One pass over the vectors per text: search and the not-found check share it."""
        found = self._similarities.get(text)
        if found is not None:
            self._similarities.move_to_end(text)
            return found
        q = self._query_vector(text)
        whole = np.asarray(self.store.vectors @ q, dtype=np.float32)
        pieces = (
            np.asarray(self.store.piece_vectors @ q, dtype=np.float32)
            if len(self._owners)
            else np.zeros(0, dtype=np.float32)
        )
        best = whole.copy()
        if len(pieces):  # a passage with pieces is ranked by its best piece
            starts, has = self._piece_bounds[:-1], self._piece_bounds[1:] > self._piece_bounds[:-1]
            best[has] = np.maximum.reduceat(pieces[self._piece_order], starts[has])
        found = (PIECE_MIX * best + (1 - PIECE_MIX) * whole, pieces)
        self._similarities[text] = found
        if len(self._similarities) > SIMILARITY_CACHE:
            self._similarities.popitem(last=False)
        return found

    def mixed(self, text: str, rows: np.ndarray) -> np.ndarray:
        """Exact dense scores (best piece mixed with the whole passage) of some passages."""
        if not self.approximate:
            return self.similarities(text)[0][rows]
        q = self._query_vector(text)
        rows = np.asarray(rows, dtype=np.int64)
        whole = np.asarray(self.store.vectors[rows] @ q, dtype=np.float32)
        best = whole.copy()
        lists = [self.pieces_of(int(r)) for r in rows]
        flat = np.concatenate(lists).astype(np.int64) if lists else np.zeros(0, dtype=np.int64)
        if len(flat):
            cos = np.asarray(self.store.piece_vectors[flat] @ q, dtype=np.float32)
            starts = np.cumsum([0] + [len(ps) for ps in lists[:-1]])
            has = np.array([len(ps) > 0 for ps in lists])
            best[has] = np.maximum.reduceat(cos, starts[has])
        return PIECE_MIX * best + (1 - PIECE_MIX) * whole

    def spread(self, text: str) -> float:
        """Standard deviation of the question's cosines over the store (passages and pieces); over a
        fixed sample of them in a store searched approximately."""
        if not self.approximate:
            passages, pieces = self.similarities(text)
            return float(np.concatenate([passages, pieces]).std()) or 1.0
        q = self._query_vector(text)
        cos = np.concatenate([self.store.vectors[self._sample] @ q, self.store.piece_vectors[self._piece_sample] @ q])
        return float(cos.std()) or 1.0

    def _candidates(self, text: str, k: int) -> np.ndarray:
        """Passages dense search scores exactly in a large store: the graphs' nearest passages and the
        passages of their nearest pieces, and every passage of the segments small enough to have none."""
        q = self._query_vector(text)
        a = self.store.approximate
        found = [a.exact_passages]
        for graph, rows in a.passages:
            local = graph.search(q, CANDIDATES * k)
            found.append(rows[local][rows[local] >= 0])
        for graph, rows in a.pieces:
            local = graph.search(q, 3 * CANDIDATES * k)
            pieces = rows[local][rows[local] >= 0]
            found.append(self._owners[pieces])
        if len(a.exact_pieces):
            found.append(self._owners[a.exact_pieces])
        return np.unique(np.concatenate(found).astype(np.int64))

    def query_vector(self, text: str) -> np.ndarray:
        """The embedding of a query text (cached)."""
        return self._query_vector(text)

    def rows_of(self, doc_id: str) -> np.ndarray:
        """The passages of a document, in store order (none for a document the store does not have)."""
        n = self._doc_index.get(doc_id)
        if n is None:
            return np.zeros(0, dtype=np.int64)
        return self._doc_rows[self._doc_bounds[n] : self._doc_bounds[n + 1]]

    def row_of(self, chunk: Chunk) -> int:
        """A passage's row in the store."""
        for i in self.rows_of(chunk.doc_id):
            if self.store.chunks.chunk_id(i) == chunk.chunk_id:
                return int(i)
        raise KeyError(chunk.chunk_id)

    def document_of(self, chunk_index: int) -> Document | None:
        """The document a passage is of (None if the store does not have it)."""
        n = int(self._doc_of[chunk_index])
        return self.store.documents[n] if n >= 0 else None

    def pieces_of(self, chunk_index: int) -> np.ndarray:
        """Indices of the sentence pieces of a passage, in order."""
        return self._piece_order[self._piece_bounds[chunk_index] : self._piece_bounds[chunk_index + 1]]

    def _allowed(self, filters: Filters | None) -> np.ndarray | None:
        """Indices of the passages a search may return, or None for all: the filters are asked of
        each document once, and its passages follow (an array mask, kept for repeated filters)."""
        if not filters:
            return None
        allowed = self._masks.get(filters)
        if allowed is None:
            docs = np.array([filters.accepts(d) for d in self.store.documents] + [filters.accepts(None)], dtype=bool)
            allowed = np.flatnonzero(docs[self._doc_of])
            self._masks[filters] = allowed
            if len(self._masks) > MASK_CACHE:
                self._masks.popitem(last=False)
        return allowed

    def _bm25(self, qp: QueryPlan, k: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if allowed is None:
            return self.store.bm25.search(qp.lexical_text, k, qp.plain_lexical)
        scores = self.store.bm25.scores(qp.lexical_text, qp.plain_lexical)[allowed]
        order = np.argsort(-scores, kind="stable")[:k]
        order = order[scores[order] > 0]
        return allowed[order], scores[order]

    def _weights(self) -> tuple[float, float]:
        """(dense, bm25) weights; RRF weights are doubled so 0.5 gives plain RRF."""
        w = self.config.dense_weight
        scale = 2.0 if self.config.method == "rrf" else 1.0
        return w * scale, (1 - w) * scale

    def _boost(self, fused: dict[int, float], qp: QueryPlan) -> dict[int, float]:
        """Raise passages of documents the query names ("KL 57"); answer "who signed" from the block that says.

        For an intent, each candidate document's signature (or header) block is lifted to that
        document's best score plus the boost, so the document that best matches the rest of the
        question supplies the answer even when the block shares few of its words.
        """
        if not qp.refs and not qp.intent:
            return fused
        out = dict(fused)
        if qp.refs:
            for i in out:
                doc = self.document_of(i)
                if doc is not None and any(names_document(r, doc.code, doc.title) for r in qp.refs):
                    out[i] += self.config.doc_boost
        block = {"signer": CLOSING, "issued": OPENING}.get(qp.intent or "")
        if block:
            best: dict[str, float] = {}
            for i, score in out.items():
                doc_id = self.store.chunks.doc_id(i)
                best[doc_id] = max(best.get(doc_id, float("-inf")), score)
            for doc_id, score in best.items():
                target = self._blocks.get((doc_id, block))
                if target is not None:
                    out[target] = max(out.get(target, float("-inf")), score + self.config.intent_boost)
        return out

    def _query_vector(self, query: str) -> np.ndarray:
        vector = self._query_vectors.get(query)
        if vector is None:
            vector = self.embedder.embed_queries([query])[0]
            if len(self._query_vectors) >= QUERY_CACHE:
                self._query_vectors.pop(next(iter(self._query_vectors)))
            self._query_vectors[query] = vector
        return vector

    def _dense(self, query: str, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k passages by PIECE_MIX × best piece + (1 − PIECE_MIX) × whole passage similarity:
        over every passage (or every allowed one), or in a large store over the graphs' candidates."""
        if self.approximate:
            candidates = self._candidates(query, k) if allowed is None else allowed
            if candidates.size == 0:
                return candidates, np.zeros(0, dtype=np.float32)
            scores = self.mixed(query, candidates)
        else:
            mixed, _ = self.similarities(query)
            candidates = np.arange(len(mixed)) if allowed is None else allowed
            if candidates.size == 0:
                return candidates, np.zeros(0, dtype=np.float32)
            scores = mixed[candidates]
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        order = top[np.argsort(-scores[top], kind="stable")]
        return candidates[order].astype(np.int64), scores[order]
