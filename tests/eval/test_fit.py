"""Fitting the reader: on questions generated from the office documents, with the real model."""

from __future__ import annotations

import json

import numpy as np

from answer.ask import Answerer
from answer.features import FEATURES
from answer.reader import CONFIDENCE, Reader, neutral
from eval.answers import judge_answer, summarize
from eval.fit import collect, fit_reader
from eval.generate import generate
from eval.queries import GoldSpan, Question
from index.search import Searcher
from index.store import load_store


def _questions(documents) -> list[Question]:
    rows = generate(documents)
    return [
        Question(
            r["id"],
            r["query"],
            r["kind"],
            r["lang"],
            r["answerable"],
            tuple(GoldSpan(g["span"], g["source"]) for g in r["relevant"]),
            tuple(r.get("must", ())),
            r["split"],
        )
        for r in rows
    ]


def test_units_are_labelled_by_what_they_state(office_store, office_documents, e5):
    answerer = Answerer(Searcher(load_store(office_store), e5), reader=neutral())
    questions = [q for q in _questions(office_documents) if q.query == "Ai ký Kế hoạch 12-KH/HU?"]
    (example,) = collect(answerer, questions)
    right = [u for u, label in zip(example.reading.units, example.labels) if label]
    assert right and all("Trần Văn Bình" in answerer.unit_text(u, example.reading.info) for u in right)


def test_a_fitted_reader_answers_the_questions_it_was_fitted_on_and_round_trips(
    office_store, office_documents, e5, tmp_path
):
    answerer = Answerer(Searcher(load_store(office_store), e5), reader=neutral())
    questions = _questions(office_documents)
    reader, stats = fit_reader(answerer, questions)
    assert stats["questions"] == len(questions) and stats["positive_units"] > 0
    assert reader.weights.shape == (len(FEATURES),) and len(reader.calibration) == len(CONFIDENCE) + 1
    assert 0.05 <= reader.show <= 0.95
    path = tmp_path / "reader.json"
    path.write_text(json.dumps(reader.to_json(fitted_on="office")), encoding="utf-8")
    loaded = Reader.load(path)
    assert np.allclose(loaded.weights, reader.weights, atol=1e-5)
    answerer.reader = loaded
    records = [judge_answer(q, answerer.ask(q.query), set()) for q in questions]
    summary = summarize(records)
    assert summary["answer_right"] >= 0.8  # on its own training questions
    assert summary["unanswerable_flagged"] >= 0.8


def test_folds_keep_each_document_whole(office_documents):
    from eval.fit import Example, folds

    questions = _questions(office_documents)
    examples = [Example(q, np.zeros((0, 1)), np.zeros(0), np.zeros(0, dtype=bool), False, True) for q in questions]
    fold = folds(examples, k=3)
    by_doc: dict[str, set[int]] = {}
    for q, f in zip(questions, fold):
        if q.relevant:
            by_doc.setdefault(q.relevant[0].source, set()).add(int(f))
    assert len(by_doc) >= 3 and all(len(fs) == 1 for fs in by_doc.values())  # a document is in one fold
    assert len(set(fold.tolist())) == 3  # and every fold holds some


def test_the_show_threshold_keeps_confidently_wrong_answers_under_the_share_asked():
    """Worked by hand: nine generated questions (weight 1) and one written (weight 3), total 12; by
    confidence 0.95 right, 0.9 wrong, 0.85 right, 0.8 right (written), 0.7 wrong, 0.6 right ..."""
    import math
    from types import SimpleNamespace

    from eval.fit import choose_show

    reader = Reader(np.zeros(len(FEATURES)), 0.0, (1.0, *[0.0] * (len(CONFIDENCE) - 1), 0.0))

    def best(p: float, right: bool, split: str | None = "tune", answerable: bool = True):
        question = Question("q", "?", "fact", "vi", answerable, (), (), split)
        return (SimpleNamespace(question=question), [math.log(p / (1 - p)), *[0.0] * (len(CONFIDENCE) - 1)], right)

    answers = [
        best(0.95, True),
        best(0.9, False),
        best(0.85, True),
        best(0.8, True, split=None),
        best(0.7, False),
        best(0.6, True),
        best(0.5, True, answerable=False),  # any claim on an unanswerable question is wrong
        None,  # not answered: counts in the total, never shown
        best(0.3, True),
        best(0.2, True),
    ]
    # wrong share from the top: at 0.9 it is 1/12, at 0.7 2/12, at 0.5 3/12
    assert choose_show(reader, answers, max_wrong=0.0) == 0.95
    assert choose_show(reader, answers, max_wrong=1 / 12) == 0.8
    assert choose_show(reader, answers, max_wrong=2 / 12) == 0.6
    assert choose_show(reader, answers, max_wrong=0.5) == 0.2
