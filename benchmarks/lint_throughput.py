"""Time ``newslint check`` against proselint on the same articles, side by side in one run.

    python benchmarks/lint_throughput.py ../shared/corpus/bbc [--limit N] [--jobs N] [--repeat N]
    python benchmarks/lint_throughput.py ../shared/corpus/bbc --startup [--runs N]

Both tools run as a user runs them: their command lines, as child processes, all their rules on
(newslint: every bundled rule, no configuration), the same article files named on the command line,
output discarded. Prints articles per second for each, the ratio, and each tool's peak memory (the
largest resident set of the child process tree, from ``os.wait4``'s ``ru_maxrss``).
Goal: at least 10 times proselint's articles per second on 600 articles or more (``--limit 600``
is where start-up weighs most).

``--startup``: the wall time of one run on one article (the first of the folder, or ``--article``),
as a pre-commit hook runs it on every commit: ``newslint check`` and ``proselint check``, one run of
each in turn, ``--runs`` times, best and median of each and their ratios. Goal: newslint in at
most half of proselint's time. The interpreter alone (``python -c pass``) is timed in the same turns,
for the floor no Python tool can go under.

Each tool runs once before the timed runs, unreported, and both run byte-compiled, as installed
(``PYTHONDONTWRITEBYTECODE`` is dropped for the children: with it set, this checkout's modules
would be compiled from source on every run, which no installed copy does).
"""

from __future__ import annotations

import argparse
import os
import statistics
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}


def articles(folder: Path, limit: int | None) -> list[str]:
    files = sorted(str(p) for p in folder.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file())
    return files[:limit] if limit else files


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int, float]:
    """Wall seconds, exit status, peak RSS in MB and CPU seconds (user and system) of ``cmd`` (and
    its waited-for children)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
    if p.returncode not in (0, 1) or "Traceback (most recent call last)" in err:  # 1 is also Python's status for a crash
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {err.strip()[-500:]}")
    return elapsed, p.returncode, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def startup(newslint: list[str], proselint: list[str], article: str, runs: int, env: dict[str, str]) -> None:
    """One article, each tool in turn ``runs`` times: best and median wall time, and the ratios.
    newslint runs as a hook runs it from its second commit on, its rule cache filled by the run
    before; "newslint-nc" is the same run with the cache turned off (the first run, or
    NEWSLINT_CACHE_DIR set empty)."""
    tools = {"newslint": (newslint + [article], env), "newslint-nc": (newslint + [article], {**env, "NEWSLINT_CACHE_DIR": ""}),
             "proselint": (proselint + [article], env), "python": ([sys.executable, "-c", "pass"], env)}
    for cmd, cmd_env in tools.values():  # unreported: byte-compiles what is not yet, fills the caches
        timed(cmd, cmd_env)
    wall: dict[str, list[float]] = {name: [] for name in tools}
    cpu: dict[str, list[float]] = {name: [] for name in tools}
    for _ in range(runs):  # interleaved: a burst of load on this shared machine falls on every tool alike
        for name, (cmd, cmd_env) in tools.items():
            elapsed, _, _, used = timed(cmd, cmd_env)
            wall[name].append(elapsed)
            cpu[name].append(used)
    words = len(Path(article).read_text(encoding="utf-8", errors="replace").split())
    print(f"one article, {article} ({words} words), {runs} runs each, interleaved, {os.cpu_count()} cores")
    for name in tools:
        print(f"{name:<12} wall best {min(wall[name]) * 1000:5.0f} ms  median {statistics.median(wall[name]) * 1000:5.0f} ms"
              f"   CPU best {min(cpu[name]) * 1000:5.0f} ms")
    for name in ("newslint", "newslint-nc"):
        best = min(wall[name]) / min(wall["proselint"])
        median = statistics.median(wall[name]) / statistics.median(wall["proselint"])
        print(f"ratio {name}/proselint: best {best:.2f}, median {median:.2f} (goal: at most 0.50)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="folder of article files (for example ../shared/corpus/bbc)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles (sorted by path)")
    ap.add_argument("--jobs", type=int, default=None, help="newslint --jobs (default: all cores)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each tool; the fastest counts (default 3)")
    ap.add_argument("--startup", action="store_true", help="time one run on one article instead (start-up)")
    ap.add_argument("--runs", type=int, default=15, help="--startup: runs of each tool (default 15)")
    ap.add_argument("--article", type=Path, default=None, help="--startup: this article (default: the folder's first)")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"not a folder: {args.corpus}")
    files = articles(args.corpus, args.limit)
    if not files:
        sys.exit(f"no article files in {args.corpus}")
    env = dict(os.environ)
    src = Path(__file__).resolve().parent.parent / "src"
    env["PYTHONPATH"] = f"{src}{os.pathsep}{env.get('PYTHONPATH', '')}"  # this checkout, installed or not
    env.pop("GITHUB_ACTIONS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # both tools byte-compiled, as installed (see above)
    # newslint's rule cache in a folder of this run's own: filled by the unreported first run, as a
    # user's is after their first, and the user's own cache left alone.
    cache = tempfile.TemporaryDirectory(prefix="newslint-bench-cache-")
    env["NEWSLINT_CACHE_DIR"] = cache.name
    proselint_bin = shutil.which("proselint", path=str(Path(sys.executable).parent)) or shutil.which("proselint")
    if proselint_bin is None:
        sys.exit("proselint is not installed: pip install proselint")
    # What the installed `newslint` command runs (its console script), on this checkout's code, as
    # proselint runs from its own; `python -m newslint` would also import runpy (~5 ms).
    launcher = [sys.executable, "-c", "from newslint.command import console; console()"]
    if args.startup:
        # As a pre-commit hook runs it: text output, every bundled rule.
        startup(launcher + ["check", "--no-config"], [proselint_bin, "check"], str(args.article or files[0]), args.runs, env)
        return 0
    newslint = launcher + ["check", "--no-config", "--format", "json"]
    if args.jobs:
        newslint += ["--jobs", str(args.jobs)]
    # Two newslint runs: every default rule, and the single-article rules alone (near-duplicate
    # compares the articles with each other, work proselint has no counterpart for).
    tools = {"newslint": newslint + files,
             "newslint-1": newslint + ["--ignore", "near-duplicate"] + files,
             "proselint": [proselint_bin, "check"] + files}
    print(f"{len(files)} articles from {args.corpus} ({sum(os.path.getsize(f) for f in files) / 1e6:.1f} MB), "
          f"{os.cpu_count()} cores, best of {args.repeat}")
    results = {}
    # Interleaved (a, b, c, a, b, c, ...), so that a burst of load on this shared machine falls on
    # every tool alike; the fastest run of each counts.
    all_runs: dict[str, list] = {name: [] for name in tools}
    for cmd in tools.values():  # unreported: byte-compiles what is not yet, warms the file cache
        timed(cmd, env)
    for _ in range(args.repeat):
        for name, cmd in tools.items():
            all_runs[name].append(timed(cmd, env))
    for name, runs in all_runs.items():
        best = min(r[0] for r in runs)
        peak = max(r[2] for r in runs)
        results[name] = len(files) / best
        print(f"{name:<10} {best:7.2f} s  {results[name]:8.0f} articles/s  peak memory {peak} MB"
              f"  CPU {min(r[3] for r in runs):6.2f} s (all processes)")
    print("(newslint: all default rules; newslint-1: without near-duplicate, the cross-article rule)")
    print(f"ratio newslint/proselint: {results['newslint'] / results['proselint']:.1f}x; "
          f"newslint-1/proselint: {results['newslint-1'] / results['proselint']:.1f}x (goal: at least 10x)")
    return 0


if __name__ == "__main__":
    from corpus_sets import run

    run(main)
