"""Evidence for the ai-filler phrase list: phrases far more common in ChatGPT news than in human news.

Usage: python benchmarks/mine_ai_phrases.py CORPUS_DIR [--top N]

Counts, for every 1- to 4-word phrase, the share of documents that contain it among the 252
ChatGPT texts and the 63 human texts of ``ai-news``, and among the professional articles of
``bbc`` and ``polnear`` (3,149 articles). A phrase is a candidate when the generated texts of at
least ``--min-stories`` different stories use it (the four texts of one story share its topic words),
at most one human ai-news text does, and at most ``--max-professional`` of BBC and PolNeAR
articles do (default 0.1%: one professional article in a thousand; every use there is a false
finding). Prints the candidates ranked by the generated/human log ratio, and then the figures for
every phrase of the current ``rules/ai-filler.yaml`` so each entry's evidence is visible, marking
those above the professional limit (the rule keeps such a phrase only when the issue names it).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

import regex
import yaml

WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*")
STOP_EDGE = frozenset("the a an and or of to in on for with by at from as is are was were be that this it its their".split())


def doc_phrases(text: str, max_n: int = 4) -> set[str]:
    words = WORD.findall(text.lower())
    out: set[str] = set()
    for n in range(1, max_n + 1):
        for i in range(len(words) - n + 1):
            gram = words[i : i + n]
            if gram[0] in STOP_EDGE or gram[-1] in STOP_EDGE and n > 1:
                continue
            out.add(" ".join(gram))
    return out


def doc_freq(texts: list[str]) -> Counter:
    df: Counter = Counter()
    for t in texts:
        df.update(doc_phrases(t))
    return df


def load_ai_news(corpus: Path) -> tuple[list[str], list[str], list[str]]:
    """Generated texts, their story titles, and the human texts."""
    rows = [json.loads(l) for l in (corpus / "ai-news/news_chatgpt_generated.jsonl").open(encoding="utf-8")]
    hum = [json.loads(l)["text"] for l in (corpus / "ai-news/news_human_generated.jsonl").open(encoding="utf-8")]
    return [r["text"] for r in rows], [r["title_en"] for r in rows], hum


def story_freq(texts: list[str], stories: list[str]) -> Counter:
    """In how many distinct stories a phrase occurs (the four texts of one story share its topic
    words, so a phrase counts once per story)."""
    seen: dict[str, set[str]] = {}
    for t, s in zip(texts, stories):
        for ph in doc_phrases(t):
            seen.setdefault(ph, set()).add(s)
    return Counter({ph: len(ss) for ph, ss in seen.items()})


def load_professional(corpus: Path) -> list[str]:
    paths = sorted((corpus / "bbc").rglob("*.txt")) + sorted((corpus / "polnear").rglob("*.txt"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def phrase_share(phrase: str, texts: list[str]) -> float:
    rx = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.lower().split())) + r"(?!\w)")
    return sum(1 for t in texts if rx.search(t.lower())) / max(1, len(texts))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--top", type=int, default=80)
    ap.add_argument("--min-stories", type=int, default=4)
    ap.add_argument("--max-professional", type=float, default=0.001, help="largest share of BBC+PolNeAR articles using a phrase")
    ap.add_argument("--rule", type=Path, default=Path(__file__).resolve().parent.parent / "rules/ai-filler.yaml")
    args = ap.parse_args(argv)
    gen, stories, hum = load_ai_news(args.corpus)
    pro = load_professional(args.corpus)
    n_stories = len(set(stories))
    print(f"documents: generated {len(gen)} ({n_stories} stories), human ai-news {len(hum)}, BBC+PolNeAR {len(pro)}")
    dg, dh, dp = story_freq(gen, stories), doc_freq(hum), doc_freq(pro)
    rows = []
    for ph, g in dg.items():
        if g >= args.min_stories and dh[ph] <= 1 and dp[ph] / len(pro) <= args.max_professional:
            ratio = math.log((g + 0.5) / n_stories) - math.log((dh[ph] + 0.5) / len(hum))
            rows.append((ratio, ph, g, dh[ph], dp[ph]))
    rows.sort(reverse=True)
    print(f"\ncandidates (in >= {args.min_stories} stories' generated texts, <= 1 human ai-news text, <= {100 * args.max_professional:g}% of BBC+PolNeAR): {len(rows)}")
    print(f"{'phrase':40} {'stories':>7} {'human':>6} {'bbc+pol':>8} {'log ratio':>9}")
    for ratio, ph, g, h, p in rows[: args.top]:
        print(f"{ph:40} {g:7d} {h:6d} {p:8d} {ratio:9.2f}")
    if args.rule.exists():
        rule = yaml.safe_load(args.rule.read_text(encoding="utf-8"))
        phrases = rule.get("options", {}).get("phrases", [])
        print(f"\nphrases of {args.rule.name}: share of documents containing each")
        print(f"{'phrase':40} {'gen %':>6} {'human %':>8} {'bbc+pol %':>9}")
        for ph in phrases:
            share = phrase_share(ph, pro)
            over = "  > limit" if share > args.max_professional else ""
            print(f"{ph:40} {100 * phrase_share(ph, gen):6.1f} {100 * phrase_share(ph, hum):8.1f} {100 * share:9.2f}{over}")
        for pat in rule.get("options", {}).get("patterns", []):
            rx = regex.compile(pat, 0 if rule["options"].get("case_sensitive") else regex.IGNORECASE)
            shares = [100 * sum(1 for t in texts if rx.search(t)) / len(texts) for texts in (gen, hum, pro)]
            print(f"{'pattern ' + pat[:31]:40} {shares[0]:6.1f} {shares[1]:8.1f} {shares[2]:9.2f}")
    return 0


if __name__ == "__main__":
    from corpus_sets import run

    run(main)
