"""What people said of answers in the app (feedback.jsonl in the store) as questions for an evaluation set.

An answer marked right becomes an answerable question whose gold spans are the quotes it cited; an
answer marked wrong goes to a review list with the person's note, for someone to write its gold
spans (the documents may not answer it at all).
"""

from __future__ import annotations

import json
from pathlib import Path


def read_feedback(path: Path) -> list[dict]:
    """The entries of a feedback file, skipping lines that are not JSON objects."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("question"):
            out.append(entry)
    return out


def to_questions(entries: list[dict]) -> tuple[list[dict], list[dict]]:
    """(questions in the question-set format, entries to review), each question asked once (the last
    verdict on it counts)."""
    last: dict[str, dict] = {}
    for entry in entries:
        last[entry["question"].strip()] = entry
    questions, review = [], []
    for n, (question, entry) in enumerate(last.items(), start=1):
        spans = [{"span": c["quote"], "source": c["source"]} for c in entry.get("citations", []) if c.get("quote")]
        if entry.get("verdict") == "right" and spans:
            questions.append(
                {
                    "id": f"feedback-{n:04d}",
                    "query": question,
                    "kind": "feedback",
                    "lang": entry.get("lang", "vi"),
                    "answerable": True,
                    "relevant": spans,
                }
            )
        else:
            review.append({"question": question, "verdict": entry.get("verdict"), "note": entry.get("note", ""),
                           "answer": entry.get("answer", "")})  # fmt: skip
    return questions, review


def write(entries: list[dict], out: Path) -> tuple[int, int]:
    """Write the questions to out and the entries to review beside it (…-review.jsonl)."""
    questions, review = to_questions(entries)
    out.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
    rest = out.with_name(out.stem + "-review.jsonl")
    rest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in review), encoding="utf-8")
    return len(questions), len(review)
