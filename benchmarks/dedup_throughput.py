"""Near-duplicate speed and size: signatures per second (newslint, datasketch MinHash.bulk, rensa,
side by side in one run, same articles), ``newslint dupes`` end to end, a synthetic 100,000-article
run, and the index size and query memory per article (extrapolated to 1 million from the measured
synthetic build; the extrapolation is linear and said so in the output).

    python benchmarks/dedup_throughput.py ../shared/corpus [--synthetic 100000]

Synthetic articles are recombined corpus paragraphs with 5% republished copies (``recombined.py``),
written to a temporary folder as JSON Lines, and deleted afterwards: nothing is stored.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_sets import read_ai_news, read_bbc, read_polnear, read_reuters  # noqa: E402
from recombined import articles, write_feeds  # noqa: E402

from newslint.dedup.features import Extractor  # noqa: E402
from newslint.dedup.model import BATCH, compute  # noqa: E402
from newslint.dedup.signatures import oph  # noqa: E402

WORD = re.compile(r"\w+")
SRC = str(Path(__file__).resolve().parent.parent / "src")
NUM_PERM = 128


def newslint_signatures(texts: list[str], ex: Extractor, batch: int = BATCH) -> int:
    n = 0
    for i in range(0, len(texts), batch):
        b = ex.extract(texts[i : i + batch])
        h, o = b.shingle_hashes()
        n += len(oph(h, o, b.size, NUM_PERM))
    return n


def newslint_features(texts: list[str], ex: Extractor) -> int:
    return len(compute(texts, ex, NUM_PERM))


def _shingles(text: str) -> list[str]:
    w = WORD.findall(text.lower())
    return [" ".join(w[i : i + 5]) for i in range(max(1, len(w) - 4))]


def datasketch_signatures(texts: list[str]) -> int:
    from datasketch import MinHash

    sets = [[s.encode() for s in _shingles(t)] for t in texts]
    return len(MinHash.bulk(sets, num_perm=NUM_PERM, seed=1))


def rensa_signatures(texts: list[str]) -> int:
    from rensa import RMinHash

    n = 0
    for t in texts:
        m = RMinHash(num_perm=NUM_PERM, seed=1)
        m.update(_shingles(t))
        m.digest()
        n += 1
    return n


def best_rate(fn, texts, repeat: int = 3) -> float:
    best = 0.0
    for _ in range(repeat):
        t = time.perf_counter()
        n = fn(texts)
        best = max(best, n / (time.perf_counter() - t))
    return best


def run_cli(*args: str) -> tuple[float, int, str]:
    """Seconds, exit code and max RSS (KB) of a newslint command in a child process."""
    env = {**os.environ, "PYTHONPATH": SRC}
    code = ("import resource, sys; from newslint.cli import main; rc = main(sys.argv[1:]); "
            "sys.stderr.write('MAXRSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(rc)")
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    secs = time.perf_counter() - t
    rss = int(re.search(r"MAXRSS (\d+)", p.stderr).group(1)) if "MAXRSS" in p.stderr else 0
    return secs, p.returncode, p.stdout if p.returncode in (0, 1) else p.stderr, rss  # type: ignore[return-value]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--synthetic", type=int, default=100_000, help="articles in the synthetic run (0: skip)")
    args = ap.parse_args()
    root = args.corpus
    docs = read_bbc(root) + read_polnear(root) + read_reuters(root) + [(r["name"], r["text"]) for r in read_ai_news(root)]
    texts = [t for _, t in docs]
    words = sum(len(WORD.findall(t)) for t in texts) / len(texts)
    sentences = [s.strip() + "." for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if 8 <= len(s.split()) <= 40]
    rng = random.Random(0)
    five = [" ".join(rng.choice(sentences) for _ in range(24)) for _ in range(len(texts))]
    words5 = sum(len(WORD.findall(t)) for t in five) / len(five)
    ex = Extractor.create(5)
    print(f"one process, {NUM_PERM}-value signatures of 5-word shingles; best of 3 runs")
    for label, sample, avg in (("corpus articles", texts, words), ("recombined 500-word articles", five, words5)):
        rates = {
            "newslint signatures": best_rate(lambda t: newslint_signatures(t, ex), sample),
            "newslint all features": best_rate(lambda t: newslint_features(t, ex), sample),
            "datasketch MinHash.bulk": best_rate(datasketch_signatures, sample, 1),
            "rensa RMinHash": best_rate(rensa_signatures, sample),
        }
        print(f"{label}: {len(sample)} articles, {avg:.0f} words on average")
        for k, v in rates.items():
            print(f"  {k:26s} {v:9.0f} articles/s")
        r = rates["rensa RMinHash"]
        print(f"  ratios: newslint signatures / rensa = {rates['newslint signatures'] / r:.2f}; "
              f"/ datasketch = {rates['newslint signatures'] / rates['datasketch MinHash.bulk']:.2f}; "
              f"all features / rensa = {rates['newslint all features'] / r:.2f}")

    folders = [str(root / "bbc"), str(root / "polnear")]
    secs, rc, out, rss = run_cli("dupes", *folders, "--format", "json", "--no-config")
    doc = json.loads(out)
    n_art = len(read_bbc(root)) + len(read_polnear(root))
    print(f"newslint dupes bbc/ polnear/ end to end (2 cores): {n_art} articles in {secs:.1f}s "
          f"({n_art / secs:.0f}/s), {len(doc['pairs'])} pairs, {len(doc['clusters'])} clusters, exit {rc}")

    if args.synthetic:
        tmp = Path(tempfile.mkdtemp(prefix="newslint-synth-"))
        try:
            t = time.perf_counter()
            # Recombined real paragraphs, 5% of them republished copies (paragraphs shuffled), as
            # JSON Lines files of 1,000 records.
            write_feeds(articles(root, args.synthetic, seed=1), tmp / "feed", 1000)
            print(f"synthetic: {args.synthetic} articles of recombined corpus paragraphs (5% republished copies, "
                  f"paragraphs shuffled) written in {time.perf_counter() - t:.1f}s to a temporary folder")
            secs, rc, out, rss = run_cli("dupes", str(tmp / "feed"), "--format", "json", "--no-config")
            doc = json.loads(out)
            copies = sum(p["kind"] == "copy" for p in doc["pairs"])
            print(f"  newslint dupes: {args.synthetic} articles in {secs:.1f}s ({args.synthetic / secs:.0f}/s; goal < 120 s), "
                  f"{copies} copy and {len(doc['pairs']) - copies} rewrite pairs, {len(doc['clusters'])} clusters, "
                  f"peak memory {rss / 1024:.0f} MB")
            # Index: build half, query, add the other half, query again. Memory per indexed article
            # is the slope between the two queries (fixed costs, such as the interpreter and the
            # 64 MB document-frequency table, cancel out).
            ix = tmp / "ix.sqlite"
            half = tmp / "half"
            half.mkdir()
            files = sorted((tmp / "feed").glob("*.jsonl"))
            for f in files[: len(files) // 2]:
                f.rename(half / f.name)
            one = tmp / "one.txt"
            one.write_text(" ".join(sentences[:30]), encoding="utf-8")
            s_half, _, _, _ = run_cli("index", "add", str(half), "--index", str(ix), "--no-config")
            n_half = sum(1 for f in half.glob("*.jsonl") for _ in f.open(encoding="utf-8"))
            q_half, _, _, rss_half = run_cli("index", "query", str(one), "--index", str(ix), "--no-config")
            s_rest, rc, _, _ = run_cli("index", "add", str(tmp / "feed"), "--index", str(ix), "--no-config")
            q_all, _, _, rss_all = run_cli("index", "query", str(one), "--index", str(ix), "--no-config")
            size = ix.stat().st_size + (Path(f"{ix}-wal").stat().st_size if Path(f"{ix}-wal").exists() else 0)
            n_all = args.synthetic
            print(f"  newslint index add: {n_all} articles in {s_half + s_rest:.1f}s ({n_all / (s_half + s_rest):.0f}/s); "
                  f"file {size / 1e6:.0f} MB = {size / n_all:.0f} bytes per article -> 1,000,000 articles ~ "
                  f"{size / n_all * 1e6 / 1e9:.2f} GB (linear extrapolation from {n_all}; goal 2 GB)")
            per = (rss_all - rss_half) * 1024 / (n_all - n_half)
            print(f"  newslint index query (1 article): {q_half:.1f}s against {n_half} articles, peak memory {rss_half / 1024:.0f} MB; "
                  f"{q_all:.1f}s against {n_all}, {rss_all / 1024:.0f} MB: {per:.0f} bytes per indexed article "
                  f"-> 1,000,000 articles ~ {(rss_all * 1024 + per * (1e6 - n_all)) / 1e9:.2f} GB in all "
                  f"(linear extrapolation; goal 2 KB per article)")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    from corpus_sets import run

    run(main)
