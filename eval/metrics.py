"""Retrieval metrics through ranx: per question, then averaged overall and per kind."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

METRICS = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")


def per_question(
    relevant: dict[str, set[str]], ranked: dict[str, list[str]], metrics: tuple[str, ...] = METRICS
) -> dict[str, dict[str, float]]:
    """Each metric for each question that has relevant passages, computed by ranx.

    ranked[qid] is the result list best first; ranx gets scores that keep exactly that order.
    """
    from ranx import Qrels, Run, evaluate

    qids = [q for q in relevant if relevant[q]]
    if not qids:
        return {}
    qrels = Qrels({q: {doc: 1 for doc in sorted(relevant[q])} for q in qids})
    run = Run({q: {doc: float(len(ranked.get(q, [])) - i) for i, doc in enumerate(ranked.get(q, []))} for q in qids})
    scores = evaluate(qrels, run, list(metrics), return_mean=False, make_comparable=True)
    if len(metrics) == 1:
        scores = {metrics[0]: scores}
    order = list(qrels.keys())
    return {q: {m: float(np.asarray(scores[m])[i]) for m in metrics} for i, q in enumerate(order)}


def mean(rows: list[dict[str, float]], metrics: tuple[str, ...] = METRICS) -> dict[str, float]:
    """Average of each metric over rows (0 rows gives NaN, shown as '-')."""
    return {m: float(np.mean([r[m] for r in rows])) if rows else float("nan") for m in metrics}


def by_group(scores: dict[str, dict[str, float]], group: dict[str, str]) -> dict[str, dict[str, float]]:
    """Averages per group (a question's kind), keyed by group name in first-seen order."""
    rows: dict[str, list[dict[str, float]]] = defaultdict(list)
    for qid, row in scores.items():
        rows[group[qid]].append(row)
    return {g: {**mean(r), "n": len(r)} for g, r in rows.items()}
