"""Load on the app as a shared deployment sees it: many users calling /search or /ask at once.

`vanban bench --load` starts `vanban serve` on a free loopback port over a built store, measures
one user alone, then N users for S seconds (each sends its next request when the last one is
answered), through Gradio's HTTP API as any script would (POST the call, read the event stream).
It never reaches beyond this machine, and the users and seconds are bounded.
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

MAX_USERS = 50
MAX_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _call(client, base: str, api: str, data: list) -> float:
    """One API call, start to answer, in seconds; raises on an error event or a bad status."""
    start = time.perf_counter()
    posted = await client.post(f"{base}/gradio_api/call/{api}", json={"data": data})
    posted.raise_for_status()
    event_id = posted.json()["event_id"]
    async with client.stream("GET", f"{base}/gradio_api/call/{api}/{event_id}") as stream:
        event = None
        async for line in stream.aiter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                if event == "error":
                    raise RuntimeError(line[5:].strip())
                json.loads(line[5:])
                return time.perf_counter() - start
    raise RuntimeError("the stream ended without an answer")


def serve_times(store: Path, question: str = "Ai ký Kết luận 57?", timeout: float = 300) -> dict:
    """Start `vanban serve` on a built store: seconds to its first answer through /v1/ask, to its
    page (/config answers), and its RSS in MB once the page is up. Asked over plain HTTP, as a
    script or a browser that is already running does."""
    import httpx

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "vanban.cli", "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        answer = _first(lambda: httpx.post(f"{base}/v1/ask", json={"question": question}, timeout=timeout), started)
        page = _first(lambda: httpx.get(f"{base}/config", timeout=timeout), started, timeout)
        return {"answer_s": answer, "page_s": page, **_memory_mb(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(30)


def _first(request, started: float, timeout: float = 300) -> float:
    """Seconds from `started` until `request()` returns 200 (not listening, or 503 while starting: again)."""
    import httpx

    while time.perf_counter() - started < timeout:
        try:
            response = request()
            if response.status_code == 200:
                return time.perf_counter() - started
            if response.status_code != 503:
                raise RuntimeError(f"{response.request.url}: {response.status_code} {response.text[:200]}")
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"vanban serve did not answer within {timeout:.0f} s")


def _memory_mb(pid: int) -> dict[str, float]:
    """A process's resident memory (rss_mb), and the part of it that is its own (rss_anon_mb: not
    pages of mapped files, such as the store's vectors, which the kernel can drop and read again)."""
    fields = {"VmRSS:": "rss_mb", "RssAnon:": "rss_anon_mb"}
    out = {name: float("nan") for name in fields.values()}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key = line.split(maxsplit=1)[0] if line else ""
        if key in fields:
            out[fields[key]] = int(line.split()[1]) / 1024
    return out


def _args(api: str, query: str) -> list:
    return [query, 5, "hybrid", "", "", "", ""] if api == "search" else [query, "", "", "", ""]


async def _post(client, base: str, api: str, query: str) -> float:
    """One call of the JSON API (/v1/ask or /v1/search), start to answer, in seconds; raises on a bad status."""
    start = time.perf_counter()
    body = {"question": query} if api == "ask" else {"query": query, "k": 5, "mode": "hybrid"}
    response = await client.post(f"{base}/v1/{api}", json=body)
    response.raise_for_status()
    response.json()
    return time.perf_counter() - start


async def _users(base: str, api: str, queries: list[str], users: int, seconds: float, via: str = "page") -> dict:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=users * 2, max_keepalive_connections=users * 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def user(seed: int) -> None:
            rng = random.Random(seed)
            while time.perf_counter() < stop:
                try:
                    query = rng.choice(queries)
                    latencies.append(
                        await (
                            _post(client, base, api, query)
                            if via == "api"
                            else _call(client, base, api, _args(api, query))
                        )
                    )
                except Exception as exc:  # counted, not raised: the figure is how many fail
                    errors.append(f"{type(exc).__name__}: {exc}")

        started = time.perf_counter()
        await asyncio.gather(*(user(i) for i in range(users)))
        elapsed = time.perf_counter() - started
    ms = np.array(latencies) * 1000 if latencies else np.zeros(1)
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "first_errors": errors[:3],
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p95_ms": round(float(np.percentile(ms, 95)), 1),
        "p99_ms": round(float(np.percentile(ms, 99)), 1),
    }


def run_load(
    store: Path, corpus: Path, api: str = "search", users: int = 20, seconds: float = 60, via: str = "page"
) -> dict:
    """Start the app on a free loopback port, measure one user, then `users` for `seconds`; `via` "page"
    calls the page's endpoint as Gradio's client does, "api" the JSON API (/v1/)."""
    import httpx

    from eval.bench import bench_queries
    from index.store import load_store

    users, seconds = min(users, MAX_USERS), min(seconds, MAX_SECONDS)
    # varied questions: the handwritten ones and windows of the documents' own text
    queries = bench_queries([c.text for c in load_store(store).chunks], 1000)
    port = _free_port()
    command = [sys.executable, "-m", "vanban.cli", "serve", "--port", str(port), "--store", str(store)]
    server = subprocess.Popen(
        [*command, "--corpus", str(corpus)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for line in server.stdout:  # its URL at once, then its status line once the store is open and warm
            if line.startswith("vanban: ") and "open http://" not in line:
                break
        else:
            raise RuntimeError("vanban serve stopped before it was ready")
        _first(lambda: httpx.get(f"{base}/config", timeout=5), time.perf_counter(), 60)  # the page is up
        alone = asyncio.run(_users(base, api, queries, 1, min(10.0, seconds), via))
        many = asyncio.run(_users(base, api, queries, users, seconds, via))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"api": api, "via": via, "alone": alone, "many": many}


def format_load(result: dict) -> str:
    a, m = result["alone"], result["many"]
    return "\n".join(
        [
            (
                f"/v1/{result['api']} through the JSON API"
                if result.get("via") == "api"
                else f"/{result['api']} through the page's endpoint"
            )
            + ", loopback:",
            f"  1 user:   {a['requests']} requests in {a['seconds']} s, {a['per_second']}/s, "
            f"p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms, errors {a['errors']}",
            f"  {m['users']} users: {m['requests']} requests in {m['seconds']} s, {m['per_second']}/s, "
            f"p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms, p99 {m['p99_ms']} ms, errors {m['errors']}",
            *(f"  error: {e}" for e in m["first_errors"]),
        ]
    )
