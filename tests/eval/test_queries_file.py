"""Question files: malformed lines are named, and the bundled dev set is sound."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eval.evaluate import DEFAULT_QUERIES
from eval.judge import fold
from eval.queries import QueriesError, load_questions
from ingest.pipeline import discover, load_documents, relative_source
from tests.conftest import CORPUS

GOOD = {"id": "q1", "query": "Ai ký?", "kind": "fact", "lang": "vi", "answerable": True, "relevant": [{"span": "x"}]}


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "query"}), "missing field 'query'"),
        (json.dumps({**GOOD, "answerable": "yes"}), "field 'answerable' must be bool"),
        (json.dumps({**GOOD, "relevant": []}), "has no relevant spans"),
        (json.dumps({**GOOD, "answerable": False}), "must have no relevant spans"),
        (json.dumps({**GOOD, "relevant": [{"source": "a.txt"}]}), "relevant[0] needs a non-empty 'span'"),
        (json.dumps({**GOOD, "query": "  "}), "field 'query' is empty"),
    ],
)
def test_malformed_line_is_named(tmp_path, line, message):
    path = _write(tmp_path, [json.dumps(GOOD | {"id": "q0"}), "", line])
    with pytest.raises(QueriesError) as err:
        load_questions(path)
    assert f"{path}:3:" in str(err.value)
    assert message in str(err.value)


def test_duplicate_id(tmp_path):
    path = _write(tmp_path, [json.dumps(GOOD), json.dumps(GOOD)])
    with pytest.raises(QueriesError, match=r":2: duplicate id 'q1' \(first on line 1\)"):
        load_questions(path)


def test_dev_set_shape():
    questions = load_questions(DEFAULT_QUERIES)
    kinds = Counter(q.kind for q in questions)
    assert len(questions) >= 80
    for kind in ("keyword", "paraphrase", "fact", "plain-language", "no-diacritics", "cross-lingual", "abbreviation"):
        assert kinds[kind] >= 8, kind
    assert kinds["unanswerable"] >= 6
    assert all(not q.answerable for q in questions if q.kind == "unanswerable")
    assert all(q.lang == "en" for q in questions if q.kind == "cross-lingual")


EVAL = DEFAULT_QUERIES.parent
SETS = ("queries.jsonl", "heldout.jsonl", "generated.jsonl", *(f"fresh{n}.jsonl" for n in ("", 2, 3, 4, 5, 6, 7)))


@pytest.fixture(scope="module")
def corpus_texts() -> list[tuple[str, str]]:
    docs = []
    for path in discover(CORPUS):
        docs.extend(load_documents(path, relative_source(path, CORPUS), "-"))
    return [(d.source, fold(d.text)) for d in docs]


def test_every_dev_span_is_in_the_corpus_exactly_once(corpus_texts):
    for q in load_questions(DEFAULT_QUERIES):
        for gold in q.relevant:
            span = fold(gold.span)
            hits = [src for src, text in corpus_texts for _ in range(text.count(span))]
            assert hits == [gold.source], (q.id, gold.span, hits)


@pytest.mark.parametrize("name", SETS)
def test_every_span_is_in_its_source(name, corpus_texts):
    for q in load_questions(EVAL / name):
        for gold in q.relevant:
            assert any(gold.source in (None, src) and fold(gold.span) in text for src, text in corpus_texts), (
                q.id,
                gold.span,
            )


@pytest.mark.parametrize("name", SETS)
def test_every_answerable_question_has_must_phrases_from_its_sources(name, corpus_texts):
    texts: dict[str, str] = {}
    for src, text in corpus_texts:  # a file may hold several documents
        texts[src] = texts.get(src, "") + "\n" + text
    for q in load_questions(EVAL / name):
        if not q.answerable:
            continue
        assert 1 <= len(q.must) <= 3, q.id
        sources = " ".join(texts[g.source] if g.source else " ".join(texts.values()) for g in q.relevant).lower()
        for phrase in q.must:
            assert fold(phrase).lower() in sources, (q.id, phrase)
