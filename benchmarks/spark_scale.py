"""``newslint dupes`` at 10k, 100k and 1M articles: the single-process engine and Spark local mode
side by side on the same files, with peak memory, CPU time, and the cluster that 100 million
articles within one hour would need, from the measured per-core rate.

    python benchmarks/spark_scale.py ../shared/corpus [--sizes 10000,100000,1000000] [--timeout 7200]

Articles are recombined real paragraphs of the corpus with republished copies and the ai-news bot
rewrites among them (``recombined.py``), written as JSON Lines files of 5,000 records to a temporary
folder and deleted afterwards. Each run is a child process in its own process group (``--jobs``
all cores for the local engine, ``local[*]`` for Spark, its scratch files in the temporary folder).
Per run: wall seconds, articles/s, CPU seconds of the whole process tree (driver, JVM, workers:
the sum of each process's user and system time, sampled every half second) and the peak of the
tree's summed resident memory. A run past ``--timeout`` is stopped (SIGTERM to its group, SIGKILL
10 s later) and reported with the phase it had reached and the Spark steps it had finished.

The per-core rate is articles per CPU second: on a shared machine a run's wall time counts the
other users' processes too, its CPU time does not. The cluster estimate divides the 27,778
articles/s that 100 million articles in one hour need by the Spark per-core rate of the largest
size measured (the rate falls as the input grows: see the README's Spark section).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from recombined import articles, write_feeds  # noqa: E402

SRC = str(Path(__file__).resolve().parent.parent / "src")
PER_FILE = 5000
TARGET, HOUR = 100_000_000, 3600
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
STEP = r"newslint: spark: ([^\r\n]*)"  # the Spark engine's step timings (NEWSLINT_SPARK_TIMINGS=1), mixed with --progress


def processes() -> dict[int, tuple[int, float, int]]:
    """pid -> (parent, CPU seconds, resident bytes), from /proc."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            out[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, int(fields[21]) * PAGE)
        except (OSError, IndexError, ValueError):
            continue
    return out


def tree(root: int, procs: dict[int, tuple[int, float, int]]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in procs.items():
        children.setdefault(parent, []).append(pid)
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


@dataclass
class Run:
    secs: float | None  # None: stopped at the timeout
    cpu: float
    peak: int
    doc: dict | None
    log: str  # standard error: phases and Spark step timings
    steps: list[str] = field(default_factory=list)

    def reached(self) -> str:
        """The last phase shown by --progress (the line redrawn with carriage returns)."""
        log = re.sub(STEP, "", self.log)
        parts = [p.strip() for p in log.replace("\n", "\r").split("\r") if p.strip()]
        return parts[-1] if parts else "(no phase shown)"


def run(args: list[str], timeout: float, scratch: Path) -> Run:
    """One ``dupes`` run in its own process group, sampled every half second."""
    env = {**os.environ, "PYTHONPATH": SRC, "NEWSLINT_SPARK_TIMINGS": "1", "SPARK_LOCAL_DIRS": str(scratch)}
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "newslint", "dupes", *args, "--format", "json", "--no-config",
                             "--progress", "always"], env=env, stdout=out, stderr=err, start_new_session=True)
    peak, cpu, members = 0, {}, [proc.pid]
    stopped = False
    while proc.poll() is None:
        procs = processes()
        members = tree(proc.pid, procs)
        for pid in members:
            if pid in procs:
                cpu[pid] = max(cpu.get(pid, 0.0), procs[pid][1])
        peak = max(peak, sum(procs[p][2] for p in members if p in procs))
        if time.perf_counter() - t > timeout and not stopped:
            stopped = True
            _stop(proc, members)
            break
        time.sleep(0.5)
    secs = None if stopped else time.perf_counter() - t
    out.seek(0)
    err.seek(0)
    data, log = out.read(), err.read().decode("utf-8", "replace")
    doc = json.loads(data) if not stopped and proc.returncode in (0, 1) and data else None
    steps = re.findall(STEP, log)
    return Run(secs, sum(cpu.values()), peak, doc, log, steps)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _stop(proc: subprocess.Popen, members: list[int]) -> None:
    """SIGTERM to the run's process group and to every process of its tree (PySpark's worker daemon
    makes a group of its own), SIGKILL to those left 10 s later; returns when all are gone."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        for pid in members:
            if pid != proc.pid and _alive(pid):
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
        end = time.perf_counter() + 10
        while time.perf_counter() < end:
            if proc.poll() is not None and not any(_alive(p) for p in members if p != proc.pid):
                return
            time.sleep(0.2)
    proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--engines", default="local,spark")
    ap.add_argument("--timeout", type=float, default=7200, help="seconds per run before it is stopped and reported so")
    ap.add_argument("--tmp", type=Path, default=None, help="folder for the generated feeds (default: the system's)")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    print(f"{cores} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB, load "
          f"{os.getloadavg()[0]:.1f}; JSON Lines files of {PER_FILE} records; per run: wall seconds, articles/s, "
          "CPU seconds of the process tree, articles per CPU second, peak memory of the tree", flush=True)
    per_core: dict[str, tuple[int, float]] = {}  # engine -> (size, articles per CPU second) of the largest finished
    for n in (int(x) for x in args.sizes.split(",")):
        tmp = Path(tempfile.mkdtemp(prefix="newslint-spark-", dir=args.tmp))
        try:
            t = time.perf_counter()
            write_feeds(articles(args.corpus, n, seed=4), tmp / "feed", PER_FILE)
            print(f"{n:>9,} articles  written in {time.perf_counter() - t:.0f}s (load {os.getloadavg()[0]:.1f})", flush=True)
            results = {}
            for engine in args.engines.split(","):
                scratch = tmp / f"scratch-{engine}"
                scratch.mkdir()
                r = run([str(tmp / "feed"), "--engine", engine], args.timeout, scratch)
                shutil.rmtree(scratch, ignore_errors=True)
                results[engine] = r.doc
                head = f"{n:>9,} articles  {engine:5s}:"
                if r.secs is None:
                    print(f"{head} not finished within {args.timeout:.0f}s (stopped; load {os.getloadavg()[0]:.1f}), "
                          f"CPU {r.cpu:.0f}s, peak memory {r.peak / 2**30:.1f} GB; phase reached: {r.reached()}", flush=True)
                elif r.doc is None:
                    print(f"{head} failed after {r.secs:.1f}s: {r.log.strip().splitlines()[-1:]}", flush=True)
                else:
                    per_core[engine] = (n, n / r.cpu)
                    print(f"{head} {r.secs:8.1f}s {n / r.secs:7.0f} articles/s  CPU {r.cpu:7.1f}s "
                          f"({n / r.cpu:5.0f} articles per CPU second)  peak {r.peak / 2**30:5.1f} GB  "
                          f"{len(r.doc['pairs'])} pairs, {len(r.doc['clusters'])} clusters (load {os.getloadavg()[0]:.1f})", flush=True)
                for step in r.steps:
                    print(f"{'':>28}spark: {step}", flush=True)
            if all(results.get(e) for e in ("local", "spark")):
                print(f"{n:>9,} articles  same pairs and clusters from both engines: {results['local'] == results['spark']}", flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if "spark" in per_core:
        size, rate = per_core["spark"]
        need = TARGET / HOUR
        cores = math.ceil(need / rate)  # whole cores and executors, rounded up
        print(f"cluster estimate for {TARGET:,} articles in one hour: {need:,.0f} articles/s needed; Spark measured "
              f"{rate:,.1f} articles per CPU second at {size:,} articles -> {need / rate:,.1f}, so {cores} cores at that "
              f"rate, {2 * cores} with a 2x margin for the larger shuffles (= {math.ceil(2 * cores / 16)} executors "
              "of 16 cores); the rate may fall as the input grows, so this is a lower bound", flush=True)


if __name__ == "__main__":
    from corpus_sets import run

    run(main)
