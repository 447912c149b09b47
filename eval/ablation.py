"""Each query-time component switched off in turn, to measure what it contributes per kind."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import fields, replace

import index.search as search_module
from eval.evaluate import EvalResult, run_eval
from eval.metrics import METRICS
from eval.queries import Question
from index.bm25 import BM25Index
from index.query import Understanding
from index.search import RRF_DEFAULTS, Searcher

LABELS = {
    "restore_diacritics": "diacritic restoration for the dense channel",
    "translate": "English domain glossary for BM25",
    "document_boost": "boost for documents the query names (KL 57)",
    "intents": "who-signed / when-issued blocks",
    "official_terms": "everyday phrasing → official terms",
    "spell_out": "abbreviations written out for the dense channel",
}


@contextlib.contextmanager
def _pieces_off() -> Iterator[None]:
    saved = search_module.PIECE_MIX
    search_module.PIECE_MIX = 0.0
    try:
        yield
    finally:
        search_module.PIECE_MIX = saved


@contextlib.contextmanager
def _bm25_without(searcher: Searcher, **off: bool) -> Iterator[None]:
    """The BM25 index rebuilt in memory from the same passages with some of its features off."""
    saved = searcher.store.bm25
    searcher.store.bm25 = BM25Index.build([c.embed_text() for c in searcher.store.chunks], **off)
    try:
        yield
    finally:
        searcher.store.bm25 = saved


def run_ablation(searcher: Searcher, questions: list[Question], k: int = 10) -> dict[str, EvalResult]:
    """Hybrid results of the full system and of the system less each component, by variant name."""
    full_u, full_c = searcher.understanding, searcher.config
    variants: dict[str, EvalResult] = {}
    try:
        variants["full system"] = run_eval(searcher, questions, ["hybrid"], k)
        for f in fields(Understanding):
            searcher.understanding = replace(full_u, **{f.name: False})
            variants[f"− {LABELS.get(f.name, f.name)}"] = run_eval(searcher, questions, ["hybrid"], k)
        searcher.understanding = full_u
        with _bm25_without(searcher, bigrams=False):
            variants["− syllable bigrams in BM25"] = run_eval(searcher, questions, ["hybrid"], k)
        with _bm25_without(searcher, expand_terms=False):
            variants["− abbreviations indexed both ways (TTĐN ↔ thông tin đối ngoại)"] = run_eval(
                searcher, questions, ["hybrid"], k
            )
        with _pieces_off():
            variants["− sentence pieces in the dense channel"] = run_eval(searcher, questions, ["hybrid"], k)
        searcher.config = RRF_DEFAULTS
        variants["RRF instead of weighted fusion"] = run_eval(searcher, questions, ["hybrid"], k)
        searcher.config = full_c
        searcher.understanding = Understanding(*(False for _ in fields(Understanding)))
        with _pieces_off(), _bm25_without(searcher, expand_terms=False, bigrams=False):
            variants["none of the above (plain hybrid)"] = run_eval(searcher, questions, ["hybrid"], k)
    finally:
        searcher.understanding, searcher.config = full_u, full_c
    return variants


def ablation_table(variants: dict[str, EvalResult], metric: str = "recall@5") -> str:
    """Markdown: a row per variant, a column per kind, cells metric (and change from the full system)."""
    assert metric in METRICS
    full = variants["full system"].modes["hybrid"]
    kinds = list(full.by_kind)
    head = "| variant | " + " | ".join(kinds) + " | overall R@5 | overall MRR@10 |"
    lines = [head, "|---|" + "---:|" * (len(kinds) + 2)]
    for name, result in variants.items():
        r = result.modes["hybrid"]
        cells = []
        for kind in kinds:
            v, base = r.by_kind[kind][metric], full.by_kind[kind][metric]
            cells.append(f"{v:.3f}" if name == "full system" or abs(v - base) < 5e-4 else f"{v:.3f} ({v - base:+.3f})")
        o, fo = r.overall, full.overall
        for m in ("recall@5", "mrr@10"):
            cells.append(f"{o[m]:.3f}" if name == "full system" else f"{o[m]:.3f} ({o[m] - fo[m]:+.3f})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
