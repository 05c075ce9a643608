"""Articles made by recombining real paragraphs of the corpus, with true copies and rewrites among
them, for the scale benchmarks. Built in memory from the corpus folder given on the command line;
nothing is stored in the repository.

- an original: 5 to 9 paragraphs drawn at random from BBC, PolNeAR and Reuters;
- a republished copy (``copy_rate`` of the articles): an earlier original with its paragraphs
  shuffled and a few words changed, as feeds republish wire stories;
- rewrites: the ai-news human stories and their ChatGPT rephrases (real bot rewrites), each
  placed once among the first articles.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Iterator

from corpus_sets import read_ai_news, read_bbc, read_polnear, read_reuters

EDITS = ["also", "then", "new", "local", "earlier", "later"]


def corpus_paragraphs(root: Path) -> list[str]:
    out = []
    for _, text in read_bbc(root) + read_polnear(root) + read_reuters(root):
        for para in re.split(r"\n\s*\n|\n(?=[A-Z\"])", text):
            para = " ".join(para.split())
            if 20 <= len(para.split()) <= 150:
                out.append(para)
    return out


def rewrites(root: Path) -> list[str]:
    rows = read_ai_news(root)
    return [r["text"] for r in rows if r.get("author") == "human" or str(r.get("source", "")).startswith("rephrase")]


def articles(root: Path, n: int, seed: int = 1, copy_rate: float = 0.05) -> Iterator[str]:
    """``n`` article texts, the same for the same seed."""
    rng = random.Random(seed)
    paras = corpus_paragraphs(root)
    fixed = rewrites(root)
    recent: list[list[str]] = []  # originals a copy may republish
    for i in range(n):
        if i < 2 * len(fixed) and i % 2 == 0:
            yield fixed[i // 2]
            continue
        if recent and rng.random() < copy_rate:
            body = list(rng.choice(recent))
            rng.shuffle(body)
            words = "\n\n".join(body).split(" ")
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(EDITS)
            yield " ".join(words)
            continue
        body = [rng.choice(paras) for _ in range(rng.randint(5, 9))]
        if len(recent) < 5000:
            recent.append(body)
        else:
            recent[rng.randrange(len(recent))] = body
        yield "\n\n".join(body)


def write_feeds(texts, folder: Path, per_file: int) -> int:
    """Texts as JSON Lines files of ``per_file`` records (``{"id", "text"}``) in ``folder``; returns
    how many were written."""
    folder.mkdir(parents=True, exist_ok=True)
    fh = None
    n = 0
    try:
        for n, text in enumerate(texts, 1):
            if (n - 1) % per_file == 0:
                if fh:
                    fh.close()
                fh = open(folder / f"feed{(n - 1) // per_file:05d}.jsonl", "w", encoding="utf-8")
            fh.write(json.dumps({"id": str(n - 1), "text": text}) + "\n")
    finally:
        if fh:
            fh.close()
    return n
