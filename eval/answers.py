"""Measure `ask` on a question set: cited gold, not-found decisions, complete ordered lists."""

from __future__ import annotations

from dataclasses import dataclass, field

from eval.judge import holds
from eval.queries import Question


@dataclass(frozen=True)
class AskRecord:
    """One question's outcome."""

    id: str
    kind: str
    answerable: bool
    found: bool
    cited_gold: bool  # found, and a citation is a passage that holds a gold span
    list_in_order: bool | None  # for questions with several gold spans: all quoted, in order
    reason: str


@dataclass
class AskResult:
    records: list[AskRecord] = field(default_factory=list)

    def summary(self) -> dict:
        answerable = [r for r in self.records if r.answerable]
        unanswerable = [r for r in self.records if not r.answerable]
        lists = [r for r in answerable if r.list_in_order is not None]

        def share(rows, test) -> float:
            return sum(1 for r in rows if test(r)) / len(rows) if rows else float("nan")

        return {
            "answerable": len(answerable),
            "unanswerable": len(unanswerable),
            "cited_gold": share(answerable, lambda r: r.cited_gold),
            "answerable_marked_not_found": share(answerable, lambda r: not r.found),
            "unanswerable_answered": share(unanswerable, lambda r: r.found),
            "lists": len(lists),
            "lists_complete_in_order": share(lists, lambda r: r.list_in_order),
        }

    def by_kind(self) -> dict[str, dict]:
        kinds: dict[str, list[AskRecord]] = {}
        for r in self.records:
            kinds.setdefault(r.kind, []).append(r)
        out = {}
        for kind, rows in kinds.items():
            out[kind] = {
                "n": len(rows),
                "found": sum(r.found for r in rows) / len(rows),
                "cited_gold": sum(r.cited_gold for r in rows) / len(rows),
            }
        return out


def in_order(quotes: list[str], spans: list[str]) -> bool:
    """Every span is held by a quote, and the first quotes holding them come in the spans' order."""
    positions = []
    for span in spans:
        found = [i for i, quote in enumerate(quotes) if holds(quote, span) or holds(span, quote)]
        if not found:
            return False
        positions.append(found[0])
    return positions == sorted(positions)


def run_ask(answerer, questions: list[Question], relevant: dict[str, set[str]]) -> AskResult:
    """Ask every question and judge the answers against the gold spans."""
    result = AskResult()
    for q in questions:
        answer = answerer.ask(q.query)
        cited = {c.chunk_id for c in answer.citations}
        gold = relevant.get(q.id, set())
        spans = [g.span for g in q.relevant]
        ordered = None
        if q.answerable and len(spans) > 1:
            ordered = answer.found and in_order([c.quote for c in answer.citations], spans)
        result.records.append(
            AskRecord(
                id=q.id,
                kind=q.kind,
                answerable=q.answerable,
                found=answer.found,
                cited_gold=answer.found and bool(cited & gold),
                list_in_order=ordered,
                reason=answer.notes[0] if answer.notes else answer.kind,
            )
        )
    return result


def ask_table(result: AskResult) -> str:
    """Markdown: the ask figures overall, then per kind."""
    s = result.summary()

    def pct(x: float) -> str:
        return "-" if x != x else f"{100 * x:.1f}%"

    lines = [
        "| ask (extractive) | value |",
        "|---|---:|",
        f"| answerable questions whose citations include a gold passage | {pct(s['cited_gold'])} of {s['answerable']} |",
        f"| answerable questions wrongly marked not found | {pct(s['answerable_marked_not_found'])} |",
        f"| unanswerable questions answered anyway | {pct(s['unanswerable_answered'])} of {s['unanswerable']} |",
        f"| multi-passage lists complete and in order | {pct(s['lists_complete_in_order'])} of {s['lists']} |",
        "",
        "| kind | n | found | cited gold |",
        "|---|---:|---:|---:|",
    ]
    for kind, row in result.by_kind().items():
        lines.append(f"| {kind} | {row['n']} | {pct(row['found'])} | {pct(row['cited_gold'])} |")
    misses = [r for r in result.records if (r.answerable and not r.cited_gold) or (not r.answerable and r.found)]
    if misses:
        lines += ["", "| missed | kind | outcome |", "|---|---|---|"]
        for r in misses:
            outcome = "answered" if r.found else f"not found: {r.reason}"
            lines.append(f"| {r.id} | {r.kind} | {outcome} |")
    return "\n".join(lines)
