"""Measure `ask` on a question set: is the answer right, is it honest about being unsure, is it cited.

An answer is *right* when it states every `must` phrase of its question (in its text or its
quotes; eval/judge.py `states`); a question without `must` phrases needs one of its gold spans
stated instead. It is *shown as an answer* unless it says it found nothing (`found` false) or
only lists the nearest passages (`kind` "passages"). *Confidently wrong* is an answer shown as an
answer that is not right, or any answer shown to a question the documents do not answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from eval.judge import holds, states
from eval.queries import Question

RELIABILITY_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0001)


@dataclass(frozen=True)
class AskRecord:
    """One question's outcome."""

    id: str
    kind: str
    answerable: bool
    found: bool
    shown: str  # "answer", "passages" or "not-found"
    right: bool  # found, and every must phrase is stated
    cited_gold: bool  # found, and a citation is a passage that holds a gold span
    confidence: float
    list_in_order: bool | None  # for questions with several gold spans: all quoted, in order
    reason: str
    split: str | None = None

    @property
    def confidently_wrong(self) -> bool:
        return self.shown == "answer" and not (self.answerable and self.right)


@dataclass
class AskResult:
    records: list[AskRecord] = field(default_factory=list)

    def summary(self) -> dict:
        return summarize(self.records)

    def by_kind(self) -> dict[str, dict]:
        kinds: dict[str, list[AskRecord]] = {}
        for r in self.records:
            kinds.setdefault(r.kind, []).append(r)
        return {kind: summarize(rows) for kind, rows in kinds.items()}

    def by_split(self) -> dict[str, dict]:
        splits: dict[str, list[AskRecord]] = {}
        for r in self.records:
            if r.split:
                splits.setdefault(r.split, []).append(r)
        return {split: summarize(rows) for split, rows in sorted(splits.items(), reverse=True)}

    def reliability(self) -> list[dict]:
        """Answered questions grouped by confidence: how many were right in each group."""
        answered = [r for r in self.records if r.found]
        rows = []
        for lo, hi in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
            group = [r for r in answered if lo <= r.confidence < hi]
            right = [r for r in group if r.answerable and r.right]
            mean = sum(r.confidence for r in group) / len(group) if group else math.nan
            rows.append(
                {"from": lo, "to": min(hi, 1.0), "n": len(group), "confidence": mean, "right": _share(right, group)}
            )
        return rows


def _share(part: list, whole: list) -> float:
    return len(part) / len(whole) if whole else math.nan


def summarize(records: list[AskRecord]) -> dict:
    """The headline figures over some questions."""
    answerable = [r for r in records if r.answerable]
    unanswerable = [r for r in records if not r.answerable]
    lists = [r for r in answerable if r.list_in_order is not None]
    return {
        "n": len(records),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "answer_right": _share([r for r in answerable if r.right], answerable),
        "right_shown_as_answer": _share([r for r in answerable if r.right and r.shown == "answer"], answerable),
        "cited_gold": _share([r for r in answerable if r.cited_gold], answerable),
        "answerable_marked_not_found": _share([r for r in answerable if not r.found], answerable),
        "unanswerable_flagged": _share([r for r in unanswerable if not r.found], unanswerable),
        "confidently_wrong": _share([r for r in records if r.confidently_wrong], records),
        "lists": len(lists),
        "lists_complete_in_order": _share([r for r in lists if r.list_in_order], lists),
    }


def in_order(quotes: list[str], spans: list[str]) -> bool:
    """Every span is held by a quote, and the first quotes holding them come in the spans' order."""
    positions = []
    for span in spans:
        found = [i for i, quote in enumerate(quotes) if holds(quote, span) or holds(span, quote)]
        if not found:
            return False
        positions.append(found[0])
    return positions == sorted(positions)


def is_right(question: Question, found: bool, text: str) -> bool:
    """The answer states every must phrase (or, without them, one gold span)."""
    if not found or not question.answerable:
        return False
    if question.must:
        return all(states(text, phrase) for phrase in question.must)
    return any(states(text, g.span) for g in question.relevant)


def shown_as(answer) -> str:
    """How the answer is presented to the person who asked."""
    if not answer.found:
        return "not-found"
    return "passages" if answer.kind == "passages" else "answer"


def judge_answer(q: Question, answer, gold: set[str]) -> AskRecord:
    """One answer against its question's gold spans and must phrases."""
    cited = {c.chunk_id for c in answer.citations}
    spans = [g.span for g in q.relevant]
    ordered = None
    if q.answerable and len(spans) > 1:
        ordered = answer.found and in_order([c.quote for c in answer.citations], spans)
    text = "\n".join([answer.answer, *(c.quote for c in answer.citations)])
    return AskRecord(
        id=q.id,
        kind=q.kind,
        answerable=q.answerable,
        found=answer.found,
        shown=shown_as(answer),
        right=is_right(q, answer.found, text),
        cited_gold=answer.found and bool(cited & gold),
        confidence=float(answer.confidence),
        list_in_order=ordered,
        reason=answer.notes[0] if answer.notes else answer.kind,
        split=q.split,
    )


def run_ask(answerer, questions: list[Question], relevant: dict[str, set[str]]) -> AskResult:
    """Ask every question and judge the answers."""
    result = AskResult()
    for q in questions:
        result.records.append(judge_answer(q, answerer.ask(q.query), relevant.get(q.id, set())))
    return result


def _pct(x: float) -> str:
    return "-" if x != x else f"{100 * x:.1f}%"


_FIGURES = (
    ("answer_right", "answerable questions answered right (every must phrase stated)"),
    ("right_shown_as_answer", "… of them shown as an answer (not only as the nearest passages)"),
    ("cited_gold", "answerable questions whose citations include a gold passage"),
    ("answerable_marked_not_found", "answerable questions wrongly marked not found"),
    ("unanswerable_flagged", "unanswerable questions flagged not found"),
    ("confidently_wrong", "confidently wrong: shown as an answer and not right (all questions)"),
    ("lists_complete_in_order", "multi-passage lists complete and in order"),
)


def ask_table(result: AskResult, misses: bool = True) -> str:
    """Markdown: the ask figures overall (and per split), per kind, reliability, then the misses."""
    s = result.summary()
    splits = result.by_split()
    cols = [("all", s), *splits.items()]
    lines = [
        "| ask | " + " | ".join(name for name, _ in cols) + " |",
        "|---|" + "---:|" * len(cols),
        "| questions (answerable + unanswerable) | "
        + " | ".join(f"{c['answerable']} + {c['unanswerable']}" for _, c in cols)
        + " |",
    ]
    for key, label in _FIGURES:
        lines.append(f"| {label} | " + " | ".join(_pct(c[key]) for _, c in cols) + " |")
    lines += [
        "",
        "| kind | n | right | shown as answer and right | cited gold | not found | confidently wrong |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, row in result.by_kind().items():
        not_found = 1 - row["unanswerable_flagged"] if row["answerable"] == 0 else row["answerable_marked_not_found"]
        lines.append(
            f"| {kind} | {row['n']} | {_pct(row['answer_right'])} | {_pct(row['right_shown_as_answer'])} "
            f"| {_pct(row['cited_gold'])} | {_pct(not_found if row['answerable'] else 1 - not_found)} "
            f"| {_pct(row['confidently_wrong'])} |"
        )
    lines += ["", "| confidence | answers | mean confidence | right |", "|---|---:|---:|---:|"]
    for row in result.reliability():
        if row["n"]:
            lines.append(
                f"| {row['from']:.1f}–{row['to']:.1f} | {row['n']} | {row['confidence']:.2f} | {_pct(row['right'])} |"
            )
    if misses:
        wrong = [r for r in result.records if (r.answerable and not r.right) or (not r.answerable and r.found)]
        if wrong:
            lines += ["", "| missed | kind | outcome |", "|---|---|---|"]
            for r in wrong:
                outcome = (
                    f"not found: {r.reason}"
                    if not r.found
                    else f"{r.shown} ({r.reason}), confidence {r.confidence:.2f}"
                )
                lines.append(f"| {r.id} | {r.kind} | {outcome} |")
    return "\n".join(lines)
