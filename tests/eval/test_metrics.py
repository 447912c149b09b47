"""Metrics through ranx on toy runs, against values worked out by hand."""

import math

import pytest

from eval.metrics import by_group, mean, per_question


def test_toy_run_by_hand():
    relevant = {"q1": {"a", "b"}, "q2": {"c"}, "q3": {"d"}}
    ranked = {
        "q1": ["a", "x", "b"],  # relevant at ranks 1 and 3
        "q2": ["y", "z", "w", "v", "u", "c"],  # relevant at rank 6
        "q3": [],  # nothing retrieved
    }
    s = per_question(relevant, ranked)
    assert s["q1"]["recall@1"] == pytest.approx(0.5)
    assert s["q1"]["recall@5"] == pytest.approx(1.0)
    assert s["q1"]["mrr@10"] == pytest.approx(1.0)
    # DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3)
    assert s["q1"]["ndcg@10"] == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    assert s["q2"]["recall@5"] == 0.0 and s["q2"]["recall@10"] == 1.0
    assert s["q2"]["mrr@10"] == pytest.approx(1 / 6)
    assert s["q2"]["ndcg@10"] == pytest.approx(1 / math.log2(7))
    assert s["q3"] == {"recall@1": 0.0, "recall@5": 0.0, "recall@10": 0.0, "mrr@10": 0.0, "ndcg@10": 0.0}
    overall = mean(list(s.values()))
    assert overall["recall@5"] == pytest.approx((1 + 0 + 0) / 3)
    assert overall["mrr@10"] == pytest.approx((1 + 1 / 6 + 0) / 3)


def test_questions_without_relevant_passages_are_left_out():
    s = per_question({"q1": {"a"}, "q2": set()}, {"q1": ["a"], "q2": ["b"]})
    assert set(s) == {"q1"}


def test_group_means():
    s = per_question({"q1": {"a"}, "q2": {"b"}, "q3": {"c"}}, {"q1": ["a"], "q2": ["x", "b"], "q3": ["x"]})
    groups = by_group(s, {"q1": "fact", "q2": "fact", "q3": "keyword"})
    assert groups["fact"]["n"] == 2
    assert groups["fact"]["mrr@10"] == pytest.approx((1 + 0.5) / 2)
    assert groups["keyword"]["recall@10"] == 0.0
