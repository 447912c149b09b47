"""vanban at the size of a province's archive: `vanban bench --files N`.

N documents are made from the bundled ones and the evaluation ones by changing what differs between
real documents of one kind (place, numbers, dates, the order of a section's items), so that every
one is its own text. They are ingested with `BenchVectors` — random unit vectors, a bench-only
embedder that no command can choose and whose store says so in its manifest — so that everything
but the model is timed at scale; the model's own rate is measured on a sample of the same texts and
gives the projected embedding time. Search and ask embed their questions with the real model.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PLACES = (
    "Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lào Cai", "Yên Bái", "Sơn La", "Hòa Bình", "Phú Thọ",
    "Vĩnh Phúc", "Hải Dương", "Hưng Yên", "Thái Bình", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Quảng Nam", "Bình Định", "Phú Yên", "Khánh Hòa",
    "Gia Lai", "Đắk Lắk", "Đắk Nông", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Long An",
    "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "Kiên Giang", "Hậu Giang", "Sóc Trăng",
    "Bạc Liêu", "Cà Mau",
)  # fmt: skip
TEMPLATE_PLACES = ("Thái Nguyên", "Bắc Ninh", "Lạng Sơn", "Đơn Dương", "Lâm Đồng", "Kon Tum", "Ninh Thuận",
                   "Mường Khương", "Quảng Ngãi", "Điện Biên", "An Giang")  # fmt: skip
QUESTIONS = (
    "Nhiệm vụ và giải pháp của Kết luận 57 là gì?",
    "Ai ký kế hoạch tuyên truyền đối ngoại?",
    "Hạn gửi báo cáo tổng kết là ngày nào?",
    "thành phần dự hội nghị cấp huyện",
    "nhung han che trong cong tac thong tin doi ngoai",
    "What are the tasks of Conclusion 57?",
)


class BenchVectors:
    """Random unit vectors, one per distinct text: for the scale bench only, never for a real store."""

    name = "e5-small-q4"  # the store answers questions with the real model; its vectors are noise
    dim = 384
    manifest_note = "bench store: random passage vectors (vanban bench --files); not for use"

    def embed_passages(self, texts):
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little")
            v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out

    def embed_queries(self, texts):
        return self.embed_passages(texts)


def templates() -> list[str]:
    """The texts variants are made from: the bundled corpus and the evaluation documents."""
    root = Path(__file__).resolve().parent
    files = sorted((root.parent / "corpus").glob("*.txt")) + sorted((root / "extra").glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def variant(text: str, n: int, rng: random.Random) -> str:
    """Document n: other places, numbers, dates and order of items than its template."""
    for place in TEMPLATE_PLACES:
        text = text.replace(place, rng.choice(PLACES))
    text = re.sub(r"\b(\d{2,4})(?=-[A-ZĐ]{1,5}/)", lambda m: str(rng.randint(10, 9999)), text)
    text = re.sub(r"ngày (\d{1,2})", lambda m: f"ngày {rng.randint(1, 28):02d}", text)
    text = re.sub(r"năm 20(1|2)\d", lambda m: f"năm 20{rng.choice('12')}{rng.randint(0, 9)}", text)
    lines = text.split("\n")
    items = [i for i, line in enumerate(lines) if line.startswith("- ")]
    moved = [lines[i] for i in items]
    rng.shuffle(moved)
    for i, line in zip(items, moved):
        lines[i] = line
    lines.insert(min(len(lines), 12), f"(Tài liệu số {n} của kho lưu trữ, bản {rng.randint(1, 9)}.)")
    return "\n".join(lines)


def generate(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """n variant documents as text files under folder (in sub-folders of 100, as an archive is)."""
    rng = random.Random(seed)
    bases = templates()
    paths = []
    for i in range(n):
        path = folder / f"{i // 100:03d}" / f"van-ban-{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(variant(bases[i % len(bases)], i, rng), encoding="utf-8")
        paths.append(path)
    return paths


# --- steps run in a process of their own, so that their memory is theirs ---------------------------


def _ingest(corpus: str, store: str) -> None:
    from answer.answerable import background_vectors
    from index.build import ingest_corpus
    from index.embedders import make_embedder

    report = ingest_corpus(Path(corpus), Path(store), BenchVectors())
    background_vectors(Path(store), make_embedder())  # as `vanban ingest` does
    print(json.dumps({"seconds": report.seconds, "chunks": report.chunks, "errors": len(report.errors)}))


def _child(*args: str) -> tuple[dict, float, float]:
    """(its JSON output, wall seconds, peak RSS MB) of `python -m eval.scale ARGS` in a new process."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "eval.scale", *args], stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode:
        raise RuntimeError(f"eval.scale {' '.join(args)} failed ({proc.returncode})")
    return json.loads(out.strip().splitlines()[-1]), wall, usage.ru_maxrss / 1024


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def run_scale(n: int, queries: int = 60) -> dict:
    """The whole table for N generated documents, in a temporary folder."""
    from answer.ask import Answerer
    from eval.bench import _percentiles, bench_queries
    from eval.load import serve_times
    from index.embedders import DEFAULT_EMBEDDER, make_embedder
    from index.search import Filters, Searcher
    from index.store import load_store

    with tempfile.TemporaryDirectory(prefix="vanban-scale-") as tmp:
        corpus, store = Path(tmp) / "corpus", Path(tmp) / "store"
        generate(corpus, n)
        cold, _, peak = _child("ingest", str(corpus), str(store))
        extra = corpus / "them" / "van-ban-them.txt"
        extra.parent.mkdir()
        extra.write_text(variant(templates()[0], n + 1, random.Random(1)), encoding="utf-8")
        added, _, _ = _child("ingest", str(corpus), str(store))
        extra.unlink()
        removed, _, _ = _child("ingest", str(corpus), str(store))
        cli = {
            "help": _timed([sys.executable, "-m", "vanban.cli", "--help"]),
            "search": _timed([sys.executable, "-m", "vanban.cli", "search", QUESTIONS[0], "--store", str(store)]),
            "ask": _timed([sys.executable, "-m", "vanban.cli", "ask", QUESTIONS[0], "--store", str(store)]),
        }
        served = serve_times(store, QUESTIONS[0])
        e5 = make_embedder(DEFAULT_EMBEDDER)
        loaded = load_store(store)
        searcher = Searcher(loaded, e5)
        texts = [c.text for c in loaded.chunks[:2000]]
        asked = bench_queries(texts, queries, seed=5)
        latency = {}
        for mode in ("hybrid", "dense", "bm25"):
            ms = []
            for q in asked:
                searcher._query_vectors.clear()
                t = time.perf_counter()
                searcher.search(q, k=10, mode=mode)
                ms.append((time.perf_counter() - t) * 1000)
            latency[mode] = _percentiles(ms)
        ms = []
        only = Filters(doc_type="Kế hoạch")
        for q in asked:
            searcher._query_vectors.clear()
            t = time.perf_counter()
            searcher.search(q, k=10, filters=only)
            ms.append((time.perf_counter() - t) * 1000)
        latency["filtered"] = _percentiles(ms)
        answerer = Answerer(searcher)
        answerer.ask(QUESTIONS[0])
        ms = []
        for q in asked:
            searcher._query_vectors.clear()
            t = time.perf_counter()
            answerer.ask(q)
            ms.append((time.perf_counter() - t) * 1000)
        ask_ms = _percentiles(ms)
        # the model's own rate on a sample of these texts: passages with their context, and pieces
        sample = [c.embed_text() for c in loaded.chunks[:32]]
        pieces = [loaded.chunks[int(i)].piece_text(int(a), int(b)) for i, a, b in loaded.pieces[:96]]
        t = time.perf_counter()
        e5.embed_passages(sample + pieces)
        rate = (len(sample) + len(pieces)) / (time.perf_counter() - t)
        total_texts = len(loaded.chunks) + len(loaded.pieces)
        result = {
            "files": n,
            "passages": len(loaded.chunks),
            "pieces": len(loaded.pieces),
            "ingest_s": round(cold["seconds"], 2),
            "add_one_s": round(added["seconds"], 3),
            "remove_one_s": round(removed["seconds"], 3),
            "ingest_peak_rss_mb": round(peak, 1),
            "serve_rss_mb": round(served["rss_mb"], 1),
            "serve_rss_anon_mb": round(served["rss_anon_mb"], 1),
            "vectors_mb": round((len(loaded.chunks) + len(loaded.pieces)) * loaded.vectors.shape[1] * 4 / 2**20, 1),
            "store_mb": round(_folder_mb(store), 1),
            "cli_s": {k: round(v, 2) for k, v in cli.items()},
            "serve_first_answer_s": round(served["answer_s"], 2),
            "serve_page_s": round(served["page_s"], 2),
            "search_ms": latency,
            "ask_ms": ask_ms,
            "embed_texts_per_s": round(rate, 1),
            "embed_projected_s": round(total_texts / rate, 1),
        }
        shutil.rmtree(corpus, ignore_errors=True)
    return result


def format_scale(r: dict) -> str:
    s = r["search_ms"]
    return "\n".join(
        [
            f"{r['files']} generated documents, {r['passages']} passages, {r['pieces']} sentence pieces "
            "(random vectors; questions embedded by the real model)",
            f"ingest without embedding:   {r['ingest_s']:8.2f} s, peak RSS {r['ingest_peak_rss_mb']:.0f} MB, "
            f"store {r['store_mb']:.0f} MB",
            f"add one file / remove one:  {r['add_one_s']:8.3f} s / {r['remove_one_s']:.3f} s",
            f"vanban --help / search / ask (one shot): {r['cli_s']['help']:.2f} s / {r['cli_s']['search']:.2f} s / "
            f"{r['cli_s']['ask']:.2f} s",
            f"vanban serve to first answer: {r['serve_first_answer_s']:.2f} s, to its page "
            f"{r['serve_page_s']:.2f} s, RSS {r['serve_rss_mb']:.0f} MB ({r['serve_rss_anon_mb']:.0f} MB its own, "
            f"the rest mapped files; vectors {r['vectors_mb']:.0f} MB)",
            *(f"search {m:8s} p50 {s[m]['p50']:8.2f} ms  p95 {s[m]['p95']:8.2f} ms" for m in s),
            f"ask             p50 {r['ask_ms']['p50']:8.2f} ms  p95 {r['ask_ms']['p95']:8.2f} ms",
            f"embedding all passages and pieces with the bundled model: about {r['embed_projected_s'] / 60:.0f} min "
            f"({r['embed_texts_per_s']:.1f} texts/s measured on a sample)",
        ]
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["ingest"]:
        _ingest(sys.argv[2], sys.argv[3])
