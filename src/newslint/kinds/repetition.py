"""Kind ``repetition``: the same content phrase used again and again in one article.

Counts word n-grams (``n`` words, lowercased) over the body. A phrase is reported when it occurs
at least ``min_count`` times, holds at least ``min_content_words`` words that are not stopwords,
is not only a name (every content word capitalised where it occurs first), and the article's
repetition is high by the Gopher quality-filter measure: the share of word characters that lie in
n-grams occurring more than once (``min_duplicate_share``). One finding per phrase, on its first
occurrence, listing the lines of the others.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from newslint.article import Article
from newslint.findings import Finding
from newslint.kinds.textstats import STOPWORDS
from newslint.options import Opt

OPTIONS = {
    "n": Opt(int, 3, min=2, max=8, doc="words in a phrase"),
    "min_count": Opt(int, 3, min=2, doc="occurrences that make a phrase repeated"),
    "min_content_words": Opt(int, 2, min=1, doc="words of the phrase that must not be stopwords"),
    "min_duplicate_share": Opt(float, 0.0, min=0.0, max=1.0,
                               doc="Gopher measure: share of word characters inside repeated n-grams the article must reach"),
    "max_per_article": Opt(int, 5, min=1),
}


def prepare(options: dict, where) -> dict:
    return options


def duplicate_share(words: list[str], n: int, occ: dict[tuple[str, ...], list[int]]) -> float:
    """Gopher's 'fraction of characters in duplicate n-grams' (each word counted once)."""
    total = sum(len(w) for w in words)
    if not total:
        return 0.0
    covered = bytearray(len(words))
    for positions in occ.values():
        if len(positions) > 1:
            for i in positions:
                covered[i : i + n] = b"\x01" * n
    return sum(len(w) for w, c in zip(words, covered) if c) / total


def repeated_phrases(article: Article, o: dict) -> list[tuple[int, list[int]]]:
    """(n-gram length, word indices of each occurrence) of each reported phrase; uses article.words."""
    spans = article.words
    n = o["n"]
    if len(spans) < n * o["min_count"]:
        return []
    prose = article.prose
    words = [prose[a:b] for a, b in spans]
    lower = [w.lower() for w in words]
    occ: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in range(len(lower) - n + 1):
        occ[tuple(lower[i : i + n])].append(i)
    min_count = o["min_count"]
    cands = []
    for gram, pos in occ.items():
        if len(pos) < min_count:
            continue
        content = [k for k, w in enumerate(gram) if w not in STOPWORDS and not w.isdigit() and len(w) > 1]
        if len(content) < o["min_content_words"]:
            continue
        first = pos[0]
        if all(words[first + k][:1].isupper() for k in content):
            continue  # a name ("Forces Japan", "Prime Minister Kishida")
        # Occurrences must not overlap each other ("very very very").
        if any(b - a < n for a, b in zip(pos, pos[1:])):
            continue
        cands.append((gram, pos))
    if not cands:
        return []
    if o["min_duplicate_share"] > 0 and duplicate_share(lower, n, occ) < o["min_duplicate_share"]:
        return []
    cands.sort(key=lambda gp: (-len(gp[1]), gp[1][0]))
    taken: set[int] = set()
    out = []
    for gram, pos in cands:
        if any(i in taken for i in pos):
            continue  # part of a longer repeated run already reported
        for i in pos:
            taken.update(range(i - n + 1, i + n))
        out.append((n, pos))
        if len(out) >= o["max_per_article"]:
            break
    return out


def check(article: Article, rule, state: dict) -> Iterator[Finding]:
    spans = article.words
    for n, pos in repeated_phrases(article, rule.options):
        a, b = spans[pos[0]][0], spans[pos[0] + n - 1][1]
        phrase = " ".join(article.prose[a:b].split())
        lines = ", ".join(str(article.position(spans[i][0])[0]) for i in pos[1:])
        msg = rule.message.replace("{phrase}", phrase).replace("{count}", str(len(pos))).replace("{lines}", lines)
        related = tuple((spans[i][0], spans[i + n - 1][1]) for i in pos[1:])
        yield rule.finding(a, b, msg, related=related)
