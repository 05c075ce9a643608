"""CPU time of ``newslint check``'s per-article work, in one process, without start-up or workers.

    python benchmarks/check_cpu.py ../shared/corpus/bbc [--limit 600] [--repeat 5] [--stages]

Loads the bundled rules (no configuration) as ``check`` does, reads the articles, checks them once
unreported (first-use costs: lexicon, lazy patterns), then times ``check_file`` on all of them,
freshly read each time (derived structure is cached per article), and prints the best CPU time of
``--repeat`` runs. ``--stages`` also times segmentation, the attribution analysis and each rule
alone. On this shared machine, compare two checkouts by running each in turn a few times
(``PYTHONPATH=other/src python benchmarks/check_cpu.py ...``) and keep the best of each.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="folder of article files")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles (sorted by path)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs; the fastest counts (default 5)")
    ap.add_argument("--stages", action="store_true", help="also time segmentation, attribution and each rule")
    args = ap.parse_args()
    files = sorted(str(p) for p in args.corpus.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file())
    files = files[: args.limit] if args.limit else files
    if not files:
        sys.exit(f"no article files in {args.corpus}")

    from newslint.cli.common import load_setup
    from newslint.engine import check_file
    from newslint.runner import read_file

    gc.set_threshold(100_000, 50, 100)  # as check sets it
    settings, book = load_setup(argparse.Namespace(no_config=True, config=None, rules_dir=[]), files)
    gc.freeze()

    def sources():
        return [read_file(Path(f), f) for f in files]

    for s in sources():  # unreported: first-use costs
        check_file(s, book)
    best = float("inf")
    for _ in range(args.repeat):
        batch = sources()
        t = time.process_time()
        for s in batch:
            check_file(s, book)
        best = min(best, time.process_time() - t)
    print(f"{len(files)} articles: check_file {best * 1000:.0f} ms CPU, {best / len(files) * 1e6:.0f} us an article (best of {args.repeat})")
    if args.stages:
        stages(sources, book, Path(files[0]))
    return 0


def stages(sources, book, path: Path) -> None:
    times: dict[str, float] = {}
    articles = [a for s in sources() for a in s.loaded.articles]
    for name in ("paragraphs", "sentences", "quotations", "attribution"):
        t = time.process_time()
        for a in articles:
            getattr(a, name)
        times[name] = time.process_time() - t
    for r in book.for_path(path):
        t = time.process_time()
        for a in articles:
            if getattr(r.kind, "NEEDS_FINDINGS", False):
                r.kind.assess(a, r.rule, r.state, findings=())
            else:
                list(r.check(a))
                r.measure(a)
        times[f"rule {r.id}"] = time.process_time() - t
    for name, seconds in times.items():
        print(f"  {name:<28} {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    from corpus_sets import run

    run(main)
