"""A query against a Redis index against the same query on a SQLite index, side by side, on the
same 100,000 articles (recombined real paragraphs, see ``recombined.py``).

    python benchmarks/index_query.py ../shared/corpus [--articles 100000] [--queries 5]

Starts its own redis-server (Debian's package) on a free port in a temporary folder, persistence
off, and stops it afterwards. Reports the time of ``Index.query`` for one article (best of three, for
each of ``--queries`` articles), the ratio Redis/SQLite (goal: within 3), whether the answers are
identical, and the time to add the articles to each store.
"""

from __future__ import annotations

import argparse
import shutil
import socket
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
from newslint.index import Entry, IndexSettings, open_index  # noqa: E402


def start_redis(folder: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def best(fn, repeat: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=5)
    args = ap.parse_args()
    p, ex = Params(), Extractor.create(5)
    texts = list(articles(args.corpus, args.articles + args.queries, seed=3))
    t = time.perf_counter()
    feats = compute(texts, ex, p.num_perm)
    print(f"{len(texts)} articles' features in {time.perf_counter() - t:.1f}s")
    indexed, queries = feats[: args.articles], texts[args.articles :]
    # the queries: new articles, and copies of indexed ones
    queries = queries[: max(1, args.queries // 2)] + texts[1 : 1 + args.queries - max(1, args.queries // 2)]
    entries = [Entry(f"a{i}.txt", str(i).encode(), f) for i, f in enumerate(indexed)]
    tmp = Path(tempfile.mkdtemp(prefix="newslint-ixq-"))
    proc, port = start_redis(tmp)
    try:
        stores = {"sqlite": open_index(IndexSettings(tmp / "ix.sqlite"), p),
                  "redis": open_index(IndexSettings(url=f"redis://127.0.0.1:{port}/0"), p)}
        for name, idx in stores.items():
            t = time.perf_counter()
            for i in range(0, len(entries), 500):
                idx.add(entries[i : i + 500])
            print(f"{name}: added {len(entries)} articles in {time.perf_counter() - t:.1f}s; stats {idx.stats()}")
        ratios, same = [], True
        for q, text in enumerate(queries):
            f = compute([text], ex, p.num_perm)
            got = {}
            for name, idx in stores.items():
                secs, found = best(lambda: idx.query(f, lambda ids: {0: text}, ex))
                got[name] = (secs, [(m.key, m.kind, m.similarity, m.shared) for m in found])
            same &= got["sqlite"][1] == got["redis"][1]
            ratios.append(got["redis"][0] / got["sqlite"][0])
            print(f"query {q + 1}: sqlite {got['sqlite'][0]:.2f}s, redis {got['redis'][0]:.2f}s (ratio {ratios[-1]:.2f}), "
                  f"{len(got['sqlite'][1])} matches")
        print(f"Redis/SQLite query time against {len(entries)} articles: median ratio {sorted(ratios)[len(ratios) // 2]:.2f} "
              f"(goal <= 3); identical answers: {same}")
        for idx in stores.values():
            idx.close()
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    from corpus_sets import run

    run(main)
