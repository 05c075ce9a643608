"""Time ``newslint check`` against proselint on the same articles, side by side in one run.

    python benchmarks/lint_throughput.py ../shared/corpus/bbc [--limit N] [--jobs N] [--repeat N]

Both tools run as a user runs them: their command lines, as child processes, all their rules on
(newslint: every bundled rule, no configuration), the same article files named on the command line,
output discarded. Prints articles per second for each, the ratio, and each tool's peak memory (the
largest resident set of the child process tree, from ``os.wait4``'s ``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}


def articles(folder: Path, limit: int | None) -> list[str]:
    files = sorted(str(p) for p in folder.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file())
    return files[:limit] if limit else files


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, exit status and peak RSS in MB of ``cmd`` (and its waited-for children)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {err.strip()[-500:]}")
    return elapsed, p.returncode, usage.ru_maxrss // 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="folder of article files (for example ../shared/corpus/bbc)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles (sorted by path)")
    ap.add_argument("--jobs", type=int, default=None, help="newslint --jobs (default: all cores)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each tool; the fastest counts (default 3)")
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
    newslint = [sys.executable, "-m", "newslint", "check", "--no-config", "--format", "json"]
    if args.jobs:
        newslint += ["--jobs", str(args.jobs)]
    proselint_bin = shutil.which("proselint", path=str(Path(sys.executable).parent)) or shutil.which("proselint")
    if proselint_bin is None:
        sys.exit("proselint is not installed: pip install proselint")
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
    for _ in range(args.repeat):
        for name, cmd in tools.items():
            all_runs[name].append(timed(cmd, env))
    for name, runs in all_runs.items():
        best = min(r[0] for r in runs)
        peak = max(r[2] for r in runs)
        results[name] = len(files) / best
        print(f"{name:<10} {best:7.2f} s  {results[name]:8.0f} articles/s  peak memory {peak} MB")
    print("(newslint: all default rules; newslint-1: without near-duplicate, the cross-article rule)")
    print(f"ratio newslint/proselint: {results['newslint'] / results['proselint']:.1f}x; "
          f"newslint-1/proselint: {results['newslint-1'] / results['proselint']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
