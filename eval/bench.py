"""Speed on the real corpus: ingest (cold and incremental), embedding throughput, search and ask latency, memory."""

from __future__ import annotations

import random
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from answer.ask import Answerer
from eval.load import serve_times
from index.build import ingest_corpus
from index.embedders import DEFAULT_EMBEDDER, make_embedder
from index.search import MODES, Searcher
from index.store import load_store
from vanban.text import strip_diacritics

# Questions as officials type them; the rest of the query set is sampled from the corpus.
HANDWRITTEN = [
    "Nhiệm vụ và giải pháp của Kết luận 57 là gì?",
    "nhiem vu ket luan 57",
    "KL 57 nhiệm vụ",
    "What are the tasks of Conclusion 57?",
    "Ai ký Kết luận 57?",
    "hạn gửi báo cáo tổng kết 10 năm Kết luận 16",
    "thành phần dự hội nghị cấp huyện",
    "TTĐN năm 2014 nhiệm vụ trọng tâm",
    "quy chế phát ngôn và cung cấp thông tin cho báo chí",
    "tuyên truyền biển đảo phân giới cắm mốc",
    "how should provinces fight false information online",
    "đề cương báo cáo gồm những phần nào",
    "Sở Ngoại vụ có trách nhiệm gì",
    "kinh phí cho thông tin đối ngoại còn hạn chế",
    "dao tao ngoai ngu cho can bo",
    "Hướng dẫn 100 của Ban Tuyên giáo Tỉnh ủy Thái Nguyên",
    "hội nghị trực tuyến tổ chức khi nào",
    "vai trò của người có uy tín ở nước ngoài",
    "kênh truyền hình đối ngoại quốc gia bằng tiếng nước ngoài",
    "Bắc Ninh triển khai Kết luận 57 trong sinh hoạt chi bộ tháng mấy",
]


class _TimedEmbedder:
    """Delegates to a real embedder and adds up the time spent embedding passages."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.passage_seconds = 0.0

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        started = time.perf_counter()
        try:
            return self.inner.embed_passages(texts)
        finally:
            self.passage_seconds += time.perf_counter() - started


def bench_queries(texts: list[str], n: int, seed: int = 13) -> list[str]:
    """n varied queries: the handwritten ones, then 3-10 word windows of the corpus, a third without marks."""
    rng = random.Random(seed)
    queries = list(HANDWRITTEN)
    words = [t.split() for t in texts if len(t.split()) >= 12]
    while len(queries) < n:
        w = rng.choice(words)
        size = rng.randint(3, 10)
        start = rng.randrange(0, len(w) - size)
        q = " ".join(w[start : start + size])
        queries.append(strip_diacritics(q).lower() if rng.random() < 1 / 3 else q)
    return queries[:n]


def _percentiles(ms: list[float]) -> dict:
    return {"p50": round(float(np.percentile(ms, 50)), 2), "p95": round(float(np.percentile(ms, 95)), 2)}


def run_bench(corpus: Path, n_queries: int = 240, quiet: bool = False) -> dict:
    """Measure on a fresh store in a temporary folder; the user's store is not touched."""
    embedder = _TimedEmbedder(make_embedder(DEFAULT_EMBEDDER))
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        store_dir = Path(tmp) / "store"
        cold = ingest_corpus(corpus, store_dir, embedder)
        seconds = embedder.passage_seconds or float("inf")
        embed_rate = cold.chunks_embedded / seconds  # passages, each with its sentence pieces
        text_rate = (cold.chunks_embedded + cold.pieces_embedded) / seconds
        incremental = ingest_corpus(corpus, store_dir, embedder)
        searcher = Searcher(load_store(store_dir), embedder.inner)
        texts = [c.text for c in searcher.store.chunks]
        queries = bench_queries(texts, n_queries)
        # Warm up on other queries: the searcher caches query embeddings, and measured
        # queries must pay for theirs.
        for q in bench_queries(texts, len(HANDWRITTEN) + 10, seed=99)[len(HANDWRITTEN) :]:
            searcher.search(q, k=10, mode="hybrid")
        latency = {}
        for mode in MODES:
            searcher._query_vectors.clear()  # every mode pays for its query embeddings
            ms = []
            for q in queries:
                started = time.perf_counter()
                searcher.search(q, k=10, mode=mode)
                ms.append((time.perf_counter() - started) * 1000)
            latency[mode] = _percentiles(ms)
        answerer = Answerer(searcher)
        answerer.ask(HANDWRITTEN[0])  # embeds the background lines once
        searcher._query_vectors.clear()
        ms = []
        for q in queries:
            started = time.perf_counter()
            answerer.ask(q)
            ms.append((time.perf_counter() - started) * 1000)
        ask_latency = _percentiles(ms)
        served = serve_times(store_dir)
    return {
        "ingest_s": {"cold": round(cold.seconds, 2), "incremental": round(incremental.seconds, 3)},
        "embed_chunks_per_s": round(embed_rate, 2),
        "embed_texts_per_s": round(text_rate, 2),
        "search_ms": latency["hybrid"],
        "search_ms_by_mode": latency,
        "ask_ms": ask_latency,
        "serve_first_answer_s": round(served["answer_s"], 2),
        "serve_page_s": round(served["page_s"], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "corpus": {"files": cold.files, "chunks": cold.chunks, "pieces": cold.pieces_embedded},
        "queries_per_mode": len(queries),
        "embedder": embedder.name,
    }


def format_bench(result: dict) -> str:
    """The bench result as a short table for a person."""
    lines = [
        f"corpus: {result['corpus']['files']} files, {result['corpus']['chunks']} passages, "
        f"{result['corpus']['pieces']} sentence pieces; embedder {result['embedder']}",
        f"ingest, cold:                 {result['ingest_s']['cold']:8.2f} s",
        f"ingest, incremental (none):   {result['ingest_s']['incremental']:8.3f} s",
        f"embedding throughput:         {result['embed_chunks_per_s']:8.2f} passages/s "
        f"({result['embed_texts_per_s']:.2f} texts/s, pieces included)",
        f"search latency over {result['queries_per_mode']} queries (warm):",
    ]
    for mode, p in result["search_ms_by_mode"].items():
        lines.append(f"  {mode:7s} p50 {p['p50']:7.2f} ms   p95 {p['p95']:7.2f} ms")
    lines.append(
        f"vanban serve, start to first answer: {result['serve_first_answer_s']:6.2f} s, to its page "
        f"{result['serve_page_s']:.2f} s (built store)"
    )
    p = result["ask_ms"]
    lines.append(f"ask latency, extractive (warm): p50 {p['p50']:7.2f} ms   p95 {p['p95']:7.2f} ms")
    lines.append(f"peak RSS:                     {result['peak_rss_mb']:8.1f} MB")
    return "\n".join(lines)
