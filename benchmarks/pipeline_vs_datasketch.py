"""The near-duplicate pipeline against a plain datasketch pipeline on the same 20,000 articles,
side by side in one run.

    python benchmarks/pipeline_vs_datasketch.py ../shared/corpus

The articles are recombined real paragraphs with republished copies and the ai-news bot rewrites
among them (``recombined.py``). The datasketch pipeline: 5-word shingles, ``MinHash.bulk`` (128
permutations), ``MinHashLSH`` at threshold 0.5, insert every article, query every article. newslint's
pipeline runs both detectors (copies and rewrites), confirms every candidate exactly and says what
each pair shares: in one process (features, candidates, confirmation, description), and end to end
as ``newslint dupes`` on a JSON Lines file (all cores). Goal: at least 5 times faster.

    python benchmarks/pipeline_vs_datasketch.py ../shared/corpus --phases 3

only runs newslint's in-process pipeline, 3 times, and prints the CPU seconds of each phase (the
least of the runs; CPU time, so that other work on the machine disturbs it less than wall time).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from recombined import articles  # noqa: E402

from newslint.dedup.features import Extractor  # noqa: E402
from newslint.dedup.model import compute  # noqa: E402
from newslint.dedup.pairs import Params  # noqa: E402
from newslint.dedup.pipeline import LocalEngine, report  # noqa: E402

WORD = re.compile(r"\w+")
SRC = str(Path(__file__).resolve().parent.parent / "src")


def datasketch_pipeline(texts: list[str]) -> set[tuple[int, int]]:
    from datasketch import MinHash, MinHashLSH

    sets = []
    for t in texts:
        w = WORD.findall(t.lower())
        sets.append([" ".join(w[i : i + 5]).encode() for i in range(max(1, len(w) - 4))])
    sigs = MinHash.bulk(sets, num_perm=128, seed=1)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for i, m in enumerate(sigs):
        lsh.insert(str(i), m)
    pairs = set()
    for i, m in enumerate(sigs):
        for j in map(int, lsh.query(m)):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def newslint_pipeline(texts: list[str], progress=None) -> list:
    p, ex = Params(), Extractor.create(5)
    if progress:
        progress("features", 1)
    feats = compute(texts, ex, p.num_perm)
    engine = LocalEngine()
    pairs = engine.pairs(feats, p, progress)
    out, _ = report(pairs, len(feats), lambda ids: {i: texts[i] for i in ids}, feats, p, ex, progress, engine.collection)
    return out


def phases(texts: list[str], runs: int) -> None:
    """CPU seconds of each phase of the in-process pipeline (least of ``runs``), from its progress
    calls: a phase lasts until the next one starts; "finding candidates" is cut at its steps."""
    steps = {"finding candidates": ["copy candidates", "rewrite candidates", "rewrite prefilter"]}
    best: dict[str, float] = {}
    for _ in range(runs):
        marks: list[tuple[str, float]] = []

        def progress(label: str, total: int):
            names = iter(steps.get(label, []))
            marks.append((next(names, label), time.process_time()))

            def tick(n: int) -> None:
                name = next(names, None)
                if name:
                    marks.append((name, time.process_time()))
            return tick

        start = time.process_time()
        newslint_pipeline(texts, progress)
        marks.append(("end", time.process_time()))
        got: dict[str, float] = {"total": marks[-1][1] - start}
        for (label, t0), (_, t1) in zip(marks, marks[1:]):
            got[label] = got.get(label, 0.0) + t1 - t0
        for k, v in got.items():
            best[k] = min(best.get(k, v), v)
    for k, v in best.items():
        print(f"  {k:20s} {v:6.2f}s")


def timed(fn, *args):
    """(wall seconds, CPU seconds of this process, the answer)."""
    t, c = time.perf_counter(), time.process_time()
    out = fn(*args)
    return time.perf_counter() - t, time.process_time() - c, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--phases", type=int, metavar="RUNS", help="only time the phases of newslint's pipeline")
    args = ap.parse_args()
    texts = list(articles(args.corpus, args.articles, seed=5))
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts)} articles, {words:.0f} words on average")
    if args.phases:
        print(f"newslint pipeline, CPU seconds per phase (least of {args.phases} runs):")
        phases(texts, args.phases)
        return
    t_ds, c_ds, ds = timed(datasketch_pipeline, texts)
    t_nl, c_nl, nl = timed(newslint_pipeline, texts)
    copies = sum(r.kind == "copy" for r in nl)
    print(f"datasketch (one process): {t_ds:.1f}s, {len(ds)} candidate pairs (unconfirmed)")
    print(f"newslint pipeline (one process): {t_nl:.1f}s, {copies} copies and {len(nl) - copies} rewrites, confirmed "
          f"and described: {t_ds / t_nl:.2f}x datasketch (goal >= 5)")
    # On a shared machine the wall times swing with the other work; CPU time much less.
    print(f"  CPU time: datasketch {c_ds:.1f}s, newslint {c_nl:.1f}s: {c_ds / c_nl:.2f}x")
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        feed.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "newslint", "dupes", str(feed), "--format", "json", "--no-config"],
                              env={**os.environ, "PYTHONPATH": SRC}, capture_output=True, text=True)
        t_cli = time.perf_counter() - t
        n = len(json.loads(proc.stdout)["pairs"]) if proc.returncode in (0, 1) else "?"
    print(f"newslint dupes feed.jsonl end to end ({os.cpu_count()} cores): {t_cli:.1f}s, {n} pairs: {t_ds / t_cli:.2f}x datasketch")


if __name__ == "__main__":
    from corpus_sets import run

    run(main)
