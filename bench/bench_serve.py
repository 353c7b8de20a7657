"""``termlint serve`` under load: concurrent clients on 127.0.0.1 send drafts
of 2-20 KB (cut from the texts of ``../shared/corpus``) until a fixed number
of requests is done, half to the JSON API (``POST /api/check``) and half to
the LanguageTool-compatible one (``POST /v2/check``), over keep-alive
connections. It stops by itself and prints requests per second, p50 and p99
latency and the number of errors (any answer but 200); the exit code is 1 if
there was any error.

    python bench/bench_serve.py [--clients 16] [--requests 2000] [--workers 1]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"


def drafts(count: int, seed: int = 7) -> list[str]:
    """``count`` drafts of 2-20 KB, each cut at paragraph breaks of the corpus."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        size = rng.randint(2_000, 20_000)
        start = rng.randrange(0, max(1, len(text) - size))
        start = text.rfind("\n\n", 0, start) + 2 if text.rfind("\n\n", 0, start) > 0 else 0
        out.append(text[start : start + size])
    return out


def start_server(workers: int) -> tuple[subprocess.Popen[str], str, int]:
    exe = shutil.which("termlint", path=str(Path(sys.executable).parent)) or "termlint"
    proc = subprocess.Popen(
        [exe, "serve", "--port", "0", "--workers", str(workers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        found = re.search(r"http://([\d.]+):(\d+)", line)
        if found:
            threading.Thread(target=proc.stdout.read, daemon=True).start()  # drain
            return proc, found.group(1), int(found.group(2))
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("termlint serve did not start")


def client(
    host: str, port: int, jobs: list[str], lock: threading.Lock, results: list[tuple[float, int]]
) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=60)
    n = 0
    while True:
        with lock:
            if not jobs:
                break
            draft = jobs.pop()
        n += 1
        if n % 2:
            body = json.dumps({"text": draft}).encode("utf-8")
            path, ctype = "/api/check", "application/json"
        else:
            body = urllib.parse.urlencode({"text": draft, "language": "en-US"}).encode("ascii")
            path, ctype = "/v2/check", "application/x-www-form-urlencoded"
        t0 = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers={"Content-Type": ctype})
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=60)
        with lock:
            results.append((time.perf_counter() - t0, status))
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    jobs = drafts(args.requests)
    size = sum(len(d.encode("utf-8")) for d in jobs)
    proc, host, port = start_server(args.workers)
    try:
        lock = threading.Lock()
        results: list[tuple[float, int]] = []
        threads = [
            threading.Thread(target=client, args=(host, port, jobs, lock, results))
            for _ in range(args.clients)
        ]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    latencies = sorted(r[0] for r in results)
    errors = sum(1 for _, status in results if status != 200)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"| {args.workers} | {args.clients} | {len(results):,} | {size / 1e6:.1f} MB "
        f"| {elapsed:.1f} | {len(results) / elapsed:.0f} "
        f"| {statistics.median(latencies) * 1000:.0f} | {p99 * 1000:.0f} | {errors} |"
    )
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
