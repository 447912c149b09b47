"""`vanban eval` on the real corpus: all modes, report folder, JSON, bad question files."""

from __future__ import annotations

import json

from tests.cli.test_cli import vanban


def test_eval_all_modes_with_report(corpus_store, tmp_path):
    report = tmp_path / "report"
    proc = vanban("eval", "--mode", "all", "--report", str(report), "--json", store=corpus_store)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data["modes"]) == {"hybrid", "dense", "bm25"}
    assert data["answerable"] + data["unanswerable"] == data["questions"] >= 80
    for mode in data["modes"].values():
        overall = mode["overall"]
        assert {"recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"} <= set(overall)
        assert 0.0 <= overall["recall@1"] <= overall["recall@5"] <= overall["recall@10"] <= 1.0
        assert overall["n"] == data["answerable"]
        assert "cross-lingual" in mode["by_kind"] and "unanswerable" not in mode["by_kind"]
    for name in ("report.md", "recall5_by_kind.png", "qrels.trec", "run.hybrid.trec", "run.bm25.trec", "metrics.json"):
        assert (report / name).stat().st_size > 0, name
    assert (report / "recall5_by_kind.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = (report / "report.md").read_text(encoding="utf-8")
    assert "| kind | n | mode |" in text and "vanban eval --mode all" in text
    run_line = (report / "run.hybrid.trec").read_text().splitlines()[0].split()
    assert len(run_line) == 6 and run_line[1] == "Q0" and run_line[3] == "1"


def test_eval_table_output(corpus_store):
    proc = vanban("eval", "--mode", "bm25", "--k", "5", store=corpus_store)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("| kind | n | mode | R@1 | R@5 |")
    assert "| **overall** |" in proc.stdout


def test_eval_malformed_file_names_the_line(corpus_store, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "a", "query": "x", "kind": "fact", "answerable": true, "relevant": [{"span": "y"}]}\n{oops\n'
    )
    proc = vanban("eval", "--queries", str(bad), store=corpus_store)
    assert proc.returncode == 2
    assert f"{bad}:2: not valid JSON" in proc.stderr and "Traceback" not in proc.stderr


def test_serve_times_measures_the_real_command_to_its_answer_and_its_page(corpus_store, tmp_path):
    import shutil

    from eval.load import serve_times

    store = tmp_path / "store"
    shutil.copytree(corpus_store, store)  # the server writes beside the store: not into the shared one
    times = serve_times(store, timeout=180)
    assert 0 < times["answer_s"] <= times["page_s"] < 180
    assert times["rss_mb"] > 50 and 0 < times["rss_anon_mb"] < times["rss_mb"]
