"""Question sets in JSONL: one question a line, gold answers as verbatim spans."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


class QueriesError(ValueError):
    """A malformed question file; the message names the file, the line and the problem."""


@dataclass(frozen=True)
class GoldSpan:
    span: str
    source: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    query: str
    kind: str
    lang: str
    answerable: bool
    relevant: tuple[GoldSpan, ...]
    must: tuple[str, ...] = ()  # short verbatim phrases a right answer has to state
    split: str | None = None  # "tune" or "test" in generated sets


def _parse(line: str, where: str) -> Question:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise QueriesError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(data, dict):
        raise QueriesError(f"{where}: expected a JSON object, got {type(data).__name__}")
    for key, kind in (("id", str), ("query", str), ("kind", str), ("answerable", bool), ("relevant", list)):
        if key not in data:
            raise QueriesError(f"{where}: missing field '{key}'")
        if not isinstance(data[key], kind):
            raise QueriesError(f"{where}: field '{key}' must be {kind.__name__}, got {type(data[key]).__name__}")
    for key in ("id", "query", "kind"):
        if not data[key].strip():
            raise QueriesError(f"{where}: field '{key}' is empty")
    spans = []
    for i, rel in enumerate(data["relevant"]):
        if not isinstance(rel, dict) or not isinstance(rel.get("span"), str) or not rel["span"].strip():
            raise QueriesError(f"{where}: relevant[{i}] needs a non-empty 'span' string")
        source = rel.get("source")
        if source is not None and not isinstance(source, str):
            raise QueriesError(f"{where}: relevant[{i}].source must be a string")
        spans.append(GoldSpan(rel["span"], source))
    must = data.get("must", [])
    if not isinstance(must, list) or not all(isinstance(m, str) and m.strip() for m in must):
        raise QueriesError(f"{where}: field 'must' must be a list of non-empty strings")
    if must and not data["answerable"]:
        raise QueriesError(f"{where}: unanswerable question '{data['id']}' must have no 'must' phrases")
    split = data.get("split")
    if split is not None and split not in ("tune", "test"):
        raise QueriesError(f'{where}: field \'split\' must be "tune" or "test", got {split!r}')
    if data["answerable"] and not spans:
        raise QueriesError(f"{where}: answerable question '{data['id']}' has no relevant spans")
    if not data["answerable"] and spans:
        raise QueriesError(f"{where}: unanswerable question '{data['id']}' must have no relevant spans")
    return Question(
        data["id"],
        data["query"],
        data["kind"],
        str(data.get("lang", "vi")),
        data["answerable"],
        tuple(spans),
        tuple(must),
        split,
    )


def load_questions(path: Path) -> list[Question]:
    """Read and check a question file; raise QueriesError naming the line at the first problem."""
    questions: list[Question] = []
    seen: dict[str, int] = {}
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            q = _parse(line, f"{path}:{n}")
            if q.id in seen:
                raise QueriesError(f"{path}:{n}: duplicate id '{q.id}' (first on line {seen[q.id]})")
            seen[q.id] = n
            questions.append(q)
    if not questions:
        raise QueriesError(f"{path}: no questions")
    return questions
