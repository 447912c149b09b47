"""`vanban ingest` killed with SIGKILL at many moments, as a crash or an operator would: after each
kill the store opens and answers, and the next ingest finishes and leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from index.search import Searcher
from index.store import CURRENT, load_store
from tests.conftest import write_small_corpus

KILLS = 12


def _ingest(corpus: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "vanban.cli", "ingest", "--corpus", str(corpus), "--store", str(store), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_kill_9_at_many_moments_never_breaks_the_store(tmp_path, e5):
    corpus = write_small_corpus(tmp_path / "corpus")
    store = tmp_path / "store"
    started = time.perf_counter()
    first = _ingest(corpus, store)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    full = time.perf_counter() - started
    outcomes = []
    for k in range(KILLS):
        # a changed file, so that every run writes a new build
        (corpus / "d.txt").write_text(f"Phiên bản {k} của văn bản về hội chợ du lịch cộng đồng.", encoding="utf-8")
        run = _ingest(corpus, store)
        time.sleep(full * (k + 1) / (KILLS + 1))
        run.send_signal(signal.SIGKILL)
        code = run.wait(timeout=60)
        outcomes.append("killed" if code == -signal.SIGKILL else f"finished ({code})")
        loaded = load_store(store)  # opens, whatever moment the kill came at
        assert Searcher(loaded, e5).search("biển đảo", k=1)[0].chunk.source == "a.txt"
    print("kill -9 outcomes:", outcomes)
    assert "killed" in outcomes, outcomes
    last = _ingest(corpus, store)
    assert last.wait(timeout=300) == 0, last.stderr.read().decode()
    live = (store / CURRENT).read_text().strip()
    builds = [p.name for p in (store / "builds").iterdir()]
    assert live in builds and len(builds) <= 2 and not [b for b in builds if b.startswith(".")]
    assert not [p for p in os.listdir(store) if p.startswith(f".{CURRENT}.")]
    assert "d.txt" in {c.source for c in load_store(store).chunks}
