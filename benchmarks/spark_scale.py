"""``newslint dupes`` at 10k, 100k and 1M articles: the single-process engine and Spark local mode
side by side on the same files, with peak memory, and the cluster that 100 million articles within
one hour would need, from the measured per-core rate.

    python benchmarks/spark_scale.py ../shared/corpus [--sizes 10000,100000,1000000] [--timeout 7200]

Articles are recombined real paragraphs of the corpus with republished copies and the ai-news bot
rewrites among them (``recombined.py``), written as JSON Lines files of 5,000 records to a temporary
folder and deleted afterwards. Each run is a child process (``--jobs`` all cores for the local
engine, ``local[*]`` for Spark); peak memory is the largest sum of the resident memory of the
process tree (driver, JVM, workers), sampled every half second.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from recombined import articles, write_feeds  # noqa: E402

SRC = str(Path(__file__).resolve().parent.parent / "src")
PER_FILE = 5000
TARGET, HOUR = 100_000_000, 3600


def tree_rss(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(c for c, p in parents.items() if p == pid)
    return total


def run(args: list[str], timeout: float) -> tuple[float | None, int, dict | None]:
    """Seconds (None on timeout), peak memory of the tree and the JSON report of one dupes run."""
    env = {**os.environ, "PYTHONPATH": SRC}
    out = tempfile.TemporaryFile()
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "newslint", "dupes", *args, "--format", "json", "--no-config"],
                            env=env, stdout=out, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        if time.perf_counter() - t > timeout:
            subprocess.run(["pkill", "-TERM", "-P", str(proc.pid)], check=False)
            proc.terminate()
            proc.wait()
            return None, peak, None
        time.sleep(0.5)
    secs = time.perf_counter() - t
    out.seek(0)
    data = out.read()
    return secs, peak, json.loads(data) if proc.returncode in (0, 1) and data else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--engines", default="local,spark")
    ap.add_argument("--timeout", type=float, default=7200, help="seconds per run before it is stopped and reported so")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    print(f"{cores} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB; "
          f"JSON Lines files of {PER_FILE} records; per run: seconds, articles/s, peak memory of the process tree")
    best_rate: dict[str, float] = {}
    for n in (int(x) for x in args.sizes.split(",")):
        tmp = Path(tempfile.mkdtemp(prefix="newslint-spark-"))
        try:
            write_feeds(articles(args.corpus, n, seed=4), tmp / "feed", PER_FILE)
            results = {}
            for engine in args.engines.split(","):
                secs, peak, doc = run([str(tmp / "feed"), "--engine", engine], args.timeout)
                results[engine] = doc
                if secs is None:
                    print(f"{n:>9,} articles  {engine:5s}: not finished within {args.timeout:.0f}s (stopped), "
                          f"peak memory {peak / 2**30:.1f} GB", flush=True)
                    continue
                best_rate[engine] = n / secs
                pairs = len(doc["pairs"]) if doc else "?"
                print(f"{n:>9,} articles  {engine:5s}: {secs:8.1f}s {n / secs:8.0f} articles/s  peak {peak / 2**30:5.1f} GB  "
                      f"{pairs} pairs", flush=True)
            if all(results.get(e) for e in ("local", "spark")):
                print(f"{n:>9,} articles  same pairs and clusters from both engines: {results['local'] == results['spark']}", flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if "spark" in best_rate:
        per_core = best_rate["spark"] / cores
        need = TARGET / HOUR
        print(f"cluster estimate for {TARGET:,} articles in one hour: {need:,.0f} articles/s needed; Spark measured "
              f"{best_rate['spark']:,.0f} articles/s on {cores} cores = {per_core:,.0f} per core -> {need / per_core:,.0f} cores "
              f"at that rate, {2 * need / per_core:,.0f} with a 2x margin for the larger shuffles "
              f"(= {2 * need / per_core / 16:,.0f} executors of 16 cores)")


if __name__ == "__main__":
    main()
