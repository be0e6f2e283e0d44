#!/usr/bin/env python3
"""Latency and throughput of ``pipespec serve``: a real server on 127.0.0.1, concurrent clients posting to
/api/v1/check, the median and 95th-percentile latency and the requests per second.

    python benchmarks/serve.py                         # 600 requests, 50 clients, --workers = the cores
    python benchmarks/serve.py --requests 300 --clients 20 --workers 2 --svg

The requests are the shipped examples (DSL and YAML), round robin.  Figures depend on the machine and on what
else runs on it; compare runs made one after the other on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post(url: str, body: bytes) -> tuple[int, float]:
    start = time.perf_counter()
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=600)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--svg", action="store_true", help="ask for the drawing too (?include=svg)")
    args = ap.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "pipespec", "serve", "--port", str(port), "--workers",
                               str(args.workers), "--queue", str(max(256, args.requests))], env=env)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        texts = [p.read_text() for p in sorted((ROOT / "examples").rglob("*")) if p.suffix in (".pipe", ".yaml")]
        bodies = [json.dumps({"text": texts[i % len(texts)]}).encode() for i in range(args.requests)]
        url = base + "/api/v1/check" + ("?include=svg" if args.svg else "")
        for b in bodies[:args.workers * 2]:  # warm every worker
            post(url, b)
        start = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as ex:
            results = list(ex.map(lambda b: post(url, b), bodies))
        wall = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(30)
    lat = sorted(t for _, t in results)
    ok = sum(1 for s, _ in results if s == 200)
    p95 = lat[max(0, int(round(0.95 * len(lat))) - 1)]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{args.requests} requests, {args.clients} clients, {args.workers} workers"
          f"{', with SVG' if args.svg else ''}: {ok} answered 200")
    print(f"median {statistics.median(lat) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
          f"{args.requests / wall:.0f} requests/s")
    return 0 if ok == args.requests else 1


if __name__ == "__main__":
    sys.exit(main())
