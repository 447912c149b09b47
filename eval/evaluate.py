"""Run a question set against a store in one or more modes and score it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from eval.judge import is_relevant
from eval.metrics import METRICS, by_group, mean, per_question
from eval.queries import Question

log = logging.getLogger(__name__)

DEFAULT_QUERIES = Path(__file__).resolve().parent / "queries.jsonl"
KIND_ORDER = (
    "keyword",
    "paraphrase",
    "fact",
    "plain-language",
    "no-diacritics",
    "cross-lingual",
    "abbreviation",
)


@dataclass
class ModeResult:
    overall: dict[str, float]
    by_kind: dict[str, dict[str, float]]
    per_question: dict[str, dict[str, float]]
    ranked: dict[str, list[str]]


@dataclass
class EvalResult:
    k: int
    questions: list[Question]
    relevant: dict[str, set[str]]
    modes: dict[str, ModeResult] = field(default_factory=dict)

    def to_json(self) -> dict:
        answerable = [q for q in self.questions if q.answerable]
        return {
            "k": self.k,
            "questions": len(self.questions),
            "answerable": len(answerable),
            "unanswerable": len(self.questions) - len(answerable),
            "metrics": list(METRICS),
            "modes": {mode: {"overall": r.overall, "by_kind": r.by_kind} for mode, r in self.modes.items()},
        }


def judge_store(chunks, questions: list[Question]) -> dict[str, set[str]]:
    """For each answerable question, every stored passage that holds one of its gold spans."""
    relevant = {}
    for q in questions:
        if q.answerable:
            relevant[q.id] = {c.chunk_id for c in chunks if is_relevant(c.text, c.source, q.relevant)}
            if not relevant[q.id]:
                log.warning("question %s: no stored passage holds its gold spans", q.id)
    return relevant


def _kind_key(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind)


def run_eval(searcher, questions: list[Question], modes: list[str], k: int = 10) -> EvalResult:
    """Search every answerable question in each mode and compute the metrics."""
    result = EvalResult(k, questions, judge_store(searcher.store.chunks, questions))
    kinds = {q.id: q.kind for q in questions}
    for mode in modes:
        ranked = {
            q.id: [h.chunk.chunk_id for h in searcher.search(q.query, k=k, mode=mode)]
            for q in questions
            if q.answerable
        }
        scores = per_question(result.relevant, ranked)
        groups = by_group(scores, kinds)
        result.modes[mode] = ModeResult(
            overall={**mean(list(scores.values())), "n": len(scores)},
            by_kind={g: groups[g] for g in sorted(groups, key=_kind_key)},
            per_question=scores,
            ranked=ranked,
        )
    return result
