"""Evaluation output: Markdown tables, a report folder with a chart, TREC files and the ask figures."""

from __future__ import annotations

import json
import math
from pathlib import Path

from eval.answers import AskResult, ask_table
from eval.evaluate import EvalResult
from eval.metrics import METRICS

_HEAD = {"recall@1": "R@1", "recall@5": "R@5", "recall@10": "R@10", "mrr@10": "MRR@10", "ndcg@10": "nDCG@10"}


def _cell(x: float) -> str:
    return "-" if isinstance(x, float) and math.isnan(x) else f"{x:.3f}"


def table(result: EvalResult) -> str:
    """One Markdown table: a row per kind and mode, then the overall rows."""
    lines = [
        "| kind | n | mode | " + " | ".join(_HEAD[m] for m in METRICS) + " |",
        "|---|---:|---|" + "---:|" * len(METRICS),
    ]
    kinds = list(next(iter(result.modes.values())).by_kind) if result.modes else []
    for kind in kinds:
        for mode, r in result.modes.items():
            row = r.by_kind[kind]
            lines.append(f"| {kind} | {row['n']} | {mode} | " + " | ".join(_cell(row[m]) for m in METRICS) + " |")
    for mode, r in result.modes.items():
        o = r.overall
        lines.append(f"| **overall** | {o['n']} | {mode} | " + " | ".join(f"**{_cell(o[m])}**" for m in METRICS) + " |")
    return "\n".join(lines)


def _chart(result: EvalResult, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    modes = list(result.modes)
    kinds = list(result.modes[modes[0]].by_kind) + ["overall"]
    width = 0.8 / len(modes)
    x = np.arange(len(kinds))
    fig, ax = plt.subplots(figsize=(max(8, 1.3 * len(kinds)), 4.5))
    for i, mode in enumerate(modes):
        r = result.modes[mode]
        values = [r.by_kind[k]["recall@5"] for k in kinds[:-1]] + [r.overall["recall@5"]]
        ax.bar(x + (i - (len(modes) - 1) / 2) * width, values, width, label=mode)
    ax.set_xticks(x, kinds, rotation=20, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("Recall@5")
    ax.set_title(f"Recall@5 per kind ({len(result.questions)} questions)")
    ax.legend()
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(result: EvalResult, folder: Path, command: str, asked: AskResult | None = None) -> list[Path]:
    """report.md, recall5_by_kind.png, qrels.trec, run.<mode>.trec and metrics.json in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    qrels = folder / "qrels.trec"
    with qrels.open("w", encoding="utf-8") as f:
        for qid in sorted(result.relevant):
            for doc in sorted(result.relevant[qid]):
                f.write(f"{qid} 0 {doc} 1\n")
    written.append(qrels)
    for mode, r in result.modes.items():
        run = folder / f"run.{mode}.trec"
        with run.open("w", encoding="utf-8") as f:
            for qid, docs in r.ranked.items():
                for rank, doc in enumerate(docs, start=1):
                    f.write(f"{qid} Q0 {doc} {rank} {len(docs) - rank + 1} vanban-{mode}\n")
        written.append(run)
    chart = folder / "recall5_by_kind.png"
    _chart(result, chart)
    written.append(chart)
    metrics = folder / "metrics.json"
    data = result.to_json()
    if asked is not None:
        data["ask"] = {**asked.summary(), "by_kind": asked.by_kind()}
    metrics.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(metrics)
    misses = []
    for mode, r in result.modes.items():
        for qid, row in r.per_question.items():
            if row["recall@5"] == 0:
                q = next(q for q in result.questions if q.id == qid)
                misses.append(f"| {mode} | {qid} | {q.kind} | {q.query} |")
    body = [
        "# vanban retrieval evaluation",
        "",
        f"Made by `{command}`: {len(result.questions)} questions, "
        f"{sum(q.answerable for q in result.questions)} answerable (unanswerable ones have no relevant "
        f"passage and are left out of these metrics), top {result.k} passages per question.",
        "",
        "A passage is relevant when it holds a gold span of the question (see eval/judge.py).",
        "Metrics by ranx; the run files give score = k - rank + 1 so every tool sees vanban's order.",
        "",
        table(result),
        "",
        "![Recall@5 per kind](recall5_by_kind.png)",
        "",
        "## Questions with no relevant passage in the top 5",
        "",
        "| mode | id | kind | question |",
        "|---|---|---|---|",
        *misses,
        "",
    ]
    if asked is not None:
        body += [
            "## Answers (`vanban ask`, extractive)",
            "",
            "A citation includes a gold passage when the answer is found and one of its citations is a passage",
            "that holds a gold span; lists are complete when every gold span is quoted, in order.",
            "",
            ask_table(asked),
            "",
        ]
    report = folder / "report.md"
    report.write_text("\n".join(body), encoding="utf-8")
    written.insert(0, report)
    return written
