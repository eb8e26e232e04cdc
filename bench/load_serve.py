"""Load test for `gklint serve` on 127.0.0.1: many concurrent clients uploading real reports.

    python bench/load_serve.py [--clients 50] [--uploads 1000] [--json]

Starts `gklint serve` on a free loopback port, learns each report's expected JSON
with one request per report, then sends `--uploads` uploads from `--clients`
concurrent clients (round-robin over the reports, alternating raw-body and
multipart requests) and checks every answer equals the expected one for the file
sent — no error, no lost or mixed result. Prints latency percentiles and the
server's resident memory before and after. Bounded in count and time; traffic
goes only to 127.0.0.1. tests/web/test_web_load.py runs it in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [*sorted((ROOT / "tests" / "fixtures").glob("*.txt")), ROOT / "examples" / "example-report.txt"]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def run(base: str, clients: int, uploads: int, deadline: float) -> dict[str, object]:
    bodies = {p.name: p.read_bytes() for p in REPORTS}
    names = list(bodies)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        expected = {}
        for name in names:
            r = await client.post("/api/lint", params={"filename": name}, content=bodies[name])
            r.raise_for_status()
            expected[name] = r.json()
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(uploads):
            queue.put_nowait(i)
        latencies: list[float] = []
        failures: list[str] = []

        async def worker() -> None:
            while time.monotonic() < deadline:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                name = names[i % len(names)]
                started = time.perf_counter()
                try:
                    if i % 2:
                        r = await client.post("/api/lint", files={"file": (name, bodies[name], "text/plain")})
                    else:
                        r = await client.post("/api/lint", params={"filename": name}, content=bodies[name])
                    latencies.append(time.perf_counter() - started)
                    if r.status_code != 200:
                        failures.append(f"{name}: HTTP {r.status_code} {r.text[:200]}")
                    elif r.json() != expected[name]:
                        failures.append(
                            f"{name}: answer differs from the expected one (mixed or lost result)"
                        )
                except httpx.HTTPError as exc:
                    failures.append(f"{name}: {type(exc).__name__} {exc}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [float("nan")] * 99
    return {
        "clients": clients,
        "uploads": uploads,
        "completed": len(latencies),
        "failures": failures[:20],
        "failure_count": len(failures),
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1) if elapsed else None,
        "p50_ms": round(quantiles[49] * 1000, 1),
        "p95_ms": round(quantiles[94] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--uploads", type=int, default=1000)
    parser.add_argument("--time-limit", type=float, default=300, help="stop sending after this many seconds")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gklint", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/healthz", timeout=1).text == "ok":
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        before = rss_mb(server.pid)
        result = asyncio.run(run(base, args.clients, args.uploads, time.monotonic() + args.time_limit))
        result["rss_mb_before"] = round(before, 1)
        result["rss_mb_after"] = round(rss_mb(server.pid), 1)
        result["server_alive"] = server.poll() is None and httpx.get(base + "/healthz").text == "ok"
    finally:
        server.terminate()
        server.wait(timeout=10)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>20}: {value}")
    ok = result["failure_count"] == 0 and result["completed"] == args.uploads and result["server_alive"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
