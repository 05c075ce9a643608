"""A JSON Lines feed against the same records as files, and a 100,000-record feed, through
``newslint dupes`` end to end (a child process on all cores, as a user runs it).

    python benchmarks/feed_scale.py ../shared/corpus [--records 20000] [--feed 100000]

Articles are recombined real paragraphs with republished copies (paragraphs shuffled) and the
ai-news bot rewrites among them (see ``recombined.py``), written to a temporary folder and deleted
afterwards. The goal: the feed takes no longer than the files, with the same pairs.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dedup_throughput  # noqa: E402
from recombined import articles, write_feeds  # noqa: E402


def run_cli(*args: str) -> tuple[float, int, str, int]:
    """Seconds, exit code, standard output and peak memory (KB) of a newslint command (a child process)."""
    secs, rc, out, rss = dedup_throughput.run_cli(*args)
    if rc not in (0, 1):
        raise SystemExit(f"newslint {' '.join(args)} failed: {out[-2000:]}")
    return secs, rc, out, rss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--records", type=int, default=20_000, help="records in the feed-vs-files run (0: skip)")
    ap.add_argument("--feed", type=int, default=100_000, help="records in the large feed run (0: skip)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="newslint-feed-"))
    try:
        if args.records:
            texts = list(articles(args.corpus, args.records))
            write_feeds(texts, tmp / "feed", args.records)
            (tmp / "files").mkdir()
            for i, t in enumerate(texts):
                (tmp / "files" / f"{i:06d}.txt").write_text(t, encoding="utf-8")
            mb = (tmp / "feed" / "feed00000.jsonl").stat().st_size / 1e6
            s_feed, _, out_feed, rss_feed = run_cli("dupes", str(tmp / "feed" / "feed00000.jsonl"), "--format", "json", "--no-config")
            s_files, _, out_files, rss_files = run_cli("dupes", str(tmp / "files"), "--format", "json", "--no-config")

            def pairs(out: str, pattern: str) -> set[tuple]:
                doc = json.loads(out)
                num = lambda name: int(re.search(pattern, name).group(1))  # noqa: E731
                return {(num(p["a"]), num(p["b"]), p["kind"], p["similarity"]) for p in doc["pairs"]}

            feed_pairs = pairs(out_feed, r"#(\d+)$")
            file_pairs = pairs(out_files, r"(\d+)\.txt$")
            print(f"{args.records} records ({mb:.0f} MB): one JSON Lines file {s_feed:.1f}s (peak {rss_feed / 1024:.0f} MB), "
                  f"{args.records} files {s_files:.1f}s (peak {rss_files / 1024:.0f} MB): feed/files time ratio "
                  f"{s_feed / s_files:.2f} (goal <= 1); {len(feed_pairs)} pairs, same pairs: {feed_pairs == file_pairs}")
        if args.feed:
            write_feeds(articles(args.corpus, args.feed, seed=2), tmp / "big", args.feed)
            mb = (tmp / "big" / "feed00000.jsonl").stat().st_size / 1e6
            secs, rc, out, rss = run_cli("dupes", str(tmp / "big" / "feed00000.jsonl"), "--format", "json", "--no-config")
            doc = json.loads(out)
            copies = sum(p["kind"] == "copy" for p in doc["pairs"])
            print(f"{args.feed} records in one JSON Lines file ({mb:.0f} MB): dupes {secs:.1f}s ({args.feed / secs:.0f} "
                  f"articles/s), {copies} copy and {len(doc['pairs']) - copies} rewrite pairs, {len(doc['clusters'])} clusters, "
                  f"peak memory {rss / 1024:.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    from corpus_sets import run

    run(main)
