"""Real news web pages: megabytes per second of ``newslint check`` against proselint, side by side.

    python benchmarks/pages_throughput.py ../shared/corpus/readability-pages [--repeat N] [--keep DIR]

The pages are every ``source.html`` under FOLDER, the same pages with their ``<article>``
element taken away (the case that hung the prose mask: the whole page is then the text), and
issue 9's reproduction (a repeated phrase, then one of its words beside 10,000 runs of white space
that markup leaves). They are written to a temporary folder, then:

- **whole folder**: each tool's command line on all the pages at once, as a user runs it,
  interleaved runs, the fastest counts; megabytes per second and the ratio;
- **page by page**: in this process, each tool's linting of each page alone (newslint: read,
  load and every bundled rule, as ``check`` does per file; proselint: ``LintFile(...).lint()`` with
  its default checks), so that start-up does not drown small pages; each tool's slowest page in
  seconds per megabyte against its median.

Goals (issue 9): the folder at least 3 times faster than proselint; no newslint page slower than
10 times its median per megabyte.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

MIN_KB = 20
_ARTICLE_TAG = re.compile(r"<(/?)article\b[^>]*>", re.IGNORECASE)


def harbour_page(n: int = 10_000) -> str:
    paras = "".join(f"<p>The harbour expansion plan was approved by the council on day {i}.</p>" for i in range(6))
    gap = " \t" * n
    return f"<html><body>{paras}<div>harbour{gap}<span>closed</span></div></body></html>"


def build_pages(folder: Path, out: Path) -> list[Path]:
    pages = []
    for src in sorted(folder.rglob("source.html")):
        html = src.read_text(encoding="utf-8", errors="replace")
        name = src.parent.name
        a = out / f"{name}.html"
        a.write_text(html, encoding="utf-8")
        pages.append(a)
        if _ARTICLE_TAG.search(html):
            b = out / f"{name}--no-article.html"
            b.write_text(_ARTICLE_TAG.sub(lambda m: f"<{m.group(1)}div>", html), encoding="utf-8")
            pages.append(b)
    h = out / "issue9-harbour.html"
    h.write_text(harbour_page(), encoding="utf-8")
    pages.append(h)
    return pages


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {p.stderr.decode('utf-8', 'replace')[-400:]}")
    return elapsed


def per_page(pages: list[Path], repeat: int = 3) -> dict[str, list[tuple[float, Path]]]:
    from proselint.registry import CheckRegistry
    from proselint.checks import __register__
    from proselint.tools import LintFile

    from newslint.config import Settings
    from newslint.engine import RuleBook, check_file
    from newslint.ruleset import bundled_rules_dir, load_rules
    from newslint.runner import read_file

    book = RuleBook(load_rules([bundled_rules_dir()]), Settings())
    CheckRegistry().register_many(__register__)
    out: dict[str, list[tuple[float, Path]]] = {"newslint": [], "proselint": []}
    check_file(read_file(pages[0], str(pages[0])), book)  # warm: patterns compiled on first use
    for page in pages:
        best = float("inf")
        for _ in range(repeat):  # the fastest of a few: the machine is shared
            t0 = time.perf_counter()
            check_file(read_file(page, str(page)), book)
            best = min(best, time.perf_counter() - t0)
        out["newslint"].append((best, page))
        text = page.read_text(encoding="utf-8", errors="replace")
        t0 = time.perf_counter()
        LintFile(str(page), text).lint()
        out["proselint"].append((time.perf_counter() - t0, page))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="folder of pages (source.html files), e.g. ../shared/corpus/readability-pages")
    ap.add_argument("--repeat", type=int, default=3, help="whole-folder runs of each tool; the fastest counts")
    ap.add_argument("--keep", type=Path, default=None, help="write the pages here and keep them")
    args = ap.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"not a folder: {args.folder}")
    out = args.keep or Path(tempfile.mkdtemp(prefix="newslint-pages-"))
    out.mkdir(parents=True, exist_ok=True)
    try:
        pages = build_pages(args.folder, out)
        mb = sum(p.stat().st_size for p in pages) / 1e6
        print(f"{len(pages)} pages, {mb:.1f} MB ({os.cpu_count()} cores): the pages of {args.folder}, "
              f"the same without <article>, and issue 9's reproduction")
        env = dict(os.environ)
        env["PYTHONPATH"] = f"{ROOT / 'src'}{os.pathsep}{env.get('PYTHONPATH', '')}"
        proselint_bin = shutil.which("proselint", path=str(Path(sys.executable).parent)) or shutil.which("proselint")
        if proselint_bin is None:
            sys.exit("proselint is not installed: pip install proselint")
        files = [str(p) for p in pages]
        tools = {"newslint": [sys.executable, "-m", "newslint", "check", "--no-config", "--format", "json", *files],
                 "proselint": [proselint_bin, "check", *files]}
        runs: dict[str, list[float]] = {k: [] for k in tools}
        for _ in range(args.repeat):
            for name, cmd in tools.items():
                runs[name].append(timed(cmd, env))
        best = {k: min(v) for k, v in runs.items()}
        print("\nwhole folder (command line, best of %d):" % args.repeat)
        for name in tools:
            print(f"  {name:10s} {best[name]:7.1f} s  {mb / best[name]:6.2f} MB/s")
        print(f"  newslint is {best['proselint'] / best['newslint']:.1f}x proselint (goal >= 3x)")

        print(f"\npage by page (in process, seconds per MB, pages of {MIN_KB} KB or more: below that a page's"
              " time is the fixed cost of a file, not its size):")
        timings = per_page(pages)
        for name, rows in timings.items():
            rows = [(t, p) for t, p in rows if p.stat().st_size >= MIN_KB * 1000]
            per_mb = sorted(((t / (p.stat().st_size / 1e6), t, p) for t, p in rows), key=lambda r: r[0])
            median = statistics.median(r[0] for r in per_mb)
            worst = per_mb[-1]
            print(f"  {name:10s} median {median:6.3f} s/MB; slowest page {worst[2].name} "
                  f"({worst[2].stat().st_size / 1e3:.0f} KB, {worst[1]:.2f} s, {worst[0]:.3f} s/MB = {worst[0] / median:.1f}x the median)")
            if name == "newslint":
                print(f"  {'':10s} goal: no page over 10x the median per MB -> {'met' if worst[0] <= 10 * median else 'NOT met'}")
            slowest = max(rows, key=lambda r: r[0])
            print(f"  {'':10s} longest page in seconds: {slowest[1].name} {slowest[0]:.2f} s")
    finally:
        if args.keep is None:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    from corpus_sets import run

    run(main)
