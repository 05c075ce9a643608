"""``newslint serve`` against ``newslint check`` run as a process, side by side on one article.

A CMS that wants newslint's findings on a story either posts it to a running server
(``POST /api/check``) or starts ``newslint check --format json -`` for each story. This measures
both with 1, 4 and 16 concurrent clients, in the same run, on a typical article (the one of
median length among the corpus folder's articles): requests per second, the 50th and 99th
percentile latency, and errors. Each server answer is compared once with the process's output.

    python benchmarks/serve_latency.py ../shared/corpus/bbc [--requests 400] [--runs 24]

The article is read from the corpus folder and sent; nothing is copied into the project.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

SRC = str(Path(__file__).resolve().parent.parent / "src")
ENV = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}


def typical_article(folder: Path, limit: int = 3000) -> Path:
    files = sorted(p for p in folder.rglob("*.txt") if p.is_file())[:limit]
    if not files:
        sys.exit(f"serve_latency: {folder}: no .txt articles found")
    files.sort(key=lambda p: p.stat().st_size)
    return files[len(files) // 2]


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s)) - 1))]


def run_clients(clients: int, total: int, one) -> tuple[float, list[float], int]:
    """``total`` calls of ``one(state)`` spread over ``clients`` threads: (wall seconds, latencies, errors)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    share = [total // clients + (i < total % clients) for i in range(clients)]

    def client(n: int) -> None:
        state: dict = {}
        for _ in range(n):
            t = time.perf_counter()
            ok = one(state)
            dt = time.perf_counter() - t
            with lock:
                latencies.append(dt)
                errors[0] += not ok
        if "conn" in state:
            state["conn"].close()

    threads = [threading.Thread(target=client, args=(n,)) for n in share]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies, errors[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="a folder of .txt articles, e.g. ../shared/corpus/bbc")
    ap.add_argument("--requests", type=int, default=400, help="requests to the server per concurrency level")
    ap.add_argument("--runs", type=int, default=24, help="check processes per concurrency level")
    ap.add_argument("--clients", default="1,4,16")
    args = ap.parse_args()
    article = typical_article(args.corpus)
    body = article.read_bytes()
    name = article.name
    expected: list[str] = []

    def process_once(state: dict) -> bool:
        p = subprocess.run([sys.executable, "-m", "newslint", "check", "--no-config", "--format", "json",
                            "--stdin-filename", name, "-"], input=body, capture_output=True, env=ENV, cwd=work)
        if not expected:
            expected.append(p.stdout.decode())
        return p.returncode in (0, 1) and p.stdout.decode() == expected[0]

    with tempfile.TemporaryDirectory() as work:
        server = subprocess.Popen([sys.executable, "-m", "newslint", "serve", "--port", "0", "--no-config"],
                                  cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
        try:
            line = server.stdout.readline().decode()
            if "listening on" not in line:
                sys.exit(f"serve_latency: the server did not start: {line!r} {server.stderr.read().decode()!r}")
            port = int(line.split("listening on http://127.0.0.1:", 1)[1].split("/", 1)[0])
            path = f"/api/check?filename={quote(name)}"
            answers: set[str] = set()

            def post_once(state: dict) -> bool:
                try:
                    conn = state.setdefault("conn", http.client.HTTPConnection("127.0.0.1", port, timeout=60))
                    conn.request("POST", path, body=body, headers={"Content-Type": "text/plain"})
                    r = conn.getresponse()
                    out = r.read().decode()
                    if len(answers) < 2:
                        answers.add(out)
                    return r.status == 200
                except (OSError, http.client.HTTPException):
                    state.pop("conn").close()
                    return False

            process_once({})  # the reference output, and the disk cache warm
            run_clients(1, 20, post_once)  # warm the server (rules loaded on start; first requests)
            if answers != {expected[0]}:
                sys.exit("serve_latency: the server's answer differs from check --format json")
            words = len(body.decode("utf-8", "replace").split())
            print(f"article: {article} ({len(body):,} bytes, {words:,} words); "
                  f"{args.requests} requests and {args.runs} processes per level; {os.cpu_count()} cores")
            print(f"{'clients':>7} | {'serve rps':>9} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} | "
                  f"{'process rps':>11} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} | {'rps ratio':>9} {'p50 ratio':>9}")
            for clients in (int(c) for c in args.clients.split(",")):
                s_wall, s_lat, s_err = run_clients(clients, args.requests, post_once)
                p_wall, p_lat, p_err = run_clients(clients, max(args.runs, clients), process_once)
                s_rps, p_rps = len(s_lat) / s_wall, len(p_lat) / p_wall
                s50, p50 = statistics.median(s_lat), statistics.median(p_lat)
                print(f"{clients:>7} | {s_rps:>9.1f} {s50 * 1e3:>7.1f} {percentile(s_lat, 99) * 1e3:>7.1f} {s_err:>6} | "
                      f"{p_rps:>11.1f} {p50 * 1e3:>7.1f} {percentile(p_lat, 99) * 1e3:>7.1f} {p_err:>6} | "
                      f"{s_rps / p_rps:>8.1f}x {p50 / s50:>8.1f}x")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    from corpus_sets import run

    run(main)
