"""Kind ``repetition``: the same content phrase used again and again in one article.

Counts word n-grams (``n`` words, lowercased) over the body. A phrase is reported when it occurs
at least ``min_count`` times, holds at least ``min_content_words`` words that are not stopwords,
is not only a name (every content word capitalised where it occurs first), and the article's
repetition is high by a Gopher quality-filter measure: the share of words that lie in n-grams
occurring more than once (``min_duplicate_share``; Gopher counts characters, words are cheaper and
behave the same). One finding per phrase, on its first
occurrence, listing the lines of the others.
"""

from __future__ import annotations

from collections import Counter
from itertools import repeat
from operator import contains

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Iterable, Iterator

from newslint.article import Article
from newslint.findings import Finding
from newslint.kinds.textstats import STOPWORDS
from newslint.segment import BREAK
from newslint.options import Opt
from newslint.patterns import lazy_compile

MAX_WORDS = 10

OPTIONS = {
    "n": Opt(int, 3, min=2, max=8, doc="words in a phrase"),
    "min_count": Opt(int, 3, min=2, doc="occurrences that make a phrase repeated"),
    "min_content_words": Opt(int, 2, min=1, doc="words of the phrase that must not be stopwords"),
    "min_duplicate_share": Opt(float, 0.0, min=0.0, max=1.0,
                               doc="Gopher measure: share of words inside repeated n-grams the article must reach"),
    "max_per_article": Opt(int, 5, min=1),
}


def prepare(options: dict, where) -> dict:
    return options


def duplicate_share(words: list[str], n: int, counts: Counter, grams: Iterable[tuple[str, ...]]) -> float:
    """A Gopher quality-filter measure, counted in words: the share of the words (break marks
    aside) that lie inside an n-gram occurring more than once."""
    total = sum(1 for w in words if w != BREAK)
    if not total:
        return 0.0
    covered = bytearray(len(words))
    for i, g in enumerate(grams):
        if counts[g] > 1 and BREAK not in g:
            covered[i : i + n] = b"\x01" * n
    return sum(covered) / total


def clean_excess(grams: Iterable[tuple[str, ...]], distinct: set[tuple[str, ...]], total: int) -> int:
    """The n-grams without a BREAK, counted by position, less the distinct ones: at least half
    the positions from which :func:`duplicate_share` covers words (a repeated n-gram at ``c``
    positions adds ``c - 1`` here, and ``c - 1 >= c / 2``). ``grams``: the article's ``total``
    n-grams; ``distinct``: the set of them. Counted by C-level passes, no n-gram filtered in
    Python."""
    with_break = sum(map(contains, grams, repeat(BREAK)))
    distinct_with_break = sum(map(contains, distinct, repeat(BREAK)))
    return (total - with_break) - (len(distinct) - distinct_with_break)


def repeated_phrases(article: Article, o: dict) -> list[list[tuple[int, int]]]:
    """The occurrences (start, end offsets) of each reported phrase, most frequent first.

    Words are the body with punctuation translated away and split at white space (C-level
    operations); clause and sentence marks become a BREAK token, so no phrase spans one. Offsets
    are found only for the few phrases reported.
    """
    n, min_count, min_share = o["n"], o["min_count"], o["min_duplicate_share"]
    words = article.body_tokens  # shared with other kinds: never changed here
    if len(words) < n * min_count:
        return []
    total = len(words) - n + 1
    # The n-grams are generated afresh for each pass, never held in a list (a tuple per word
    # position is most of the memory of a huge article).
    def grams() -> Iterator[tuple[str, ...]]:
        return zip(*(words[k:] for k in range(n)))

    distinct = set(grams())  # C-level; no list, no counts yet
    # Upper bound of the duplicate share: positions of repeated n-grams are at most
    # 2 * (grams - distinct), each covers n words. Most articles stop here, before counting.
    words_total = len(words) - words.count(BREAK)
    if min_share > 0 and 2 * n * (total - len(distinct)) < min_share * words_total:
        return []
    if total - len(distinct) < min_count - 1:
        return []
    # A tighter bound, from the n-grams without a BREAK (only they cover words): most of those
    # still here stop too, before counting (about three in four of news stories).
    if min_share > 0 and 2 * n * clean_excess(grams(), distinct, total) < min_share * words_total:
        return []
    del distinct  # (a huge article's set need not live beside its counts)
    counts = Counter(grams())
    if max(counts.values()) < min_count:
        return []
    if min_share > 0 and duplicate_share(words, n, counts, grams()) < min_share:
        return []
    wanted = {
        gram for gram, c in counts.items()
        if c >= min_count and BREAK not in gram
        and sum(w not in STOPWORDS and w.isalpha() and len(w) > 1 for w in gram) >= o["min_content_words"]
    }
    positions: dict[tuple[str, ...], list[int]] = {gram: [] for gram in wanted}
    for i, g in enumerate(grams()):  # one pass for all candidates: linear in the article
        if g in wanted:
            positions[g].append(i)
    cands = []
    for gram, pos in positions.items():
        if any(b - a < n for a, b in zip(pos, pos[1:])):
            continue  # too few clean occurrences, or overlapping ones ("very very very")
        cands.append((gram, pos))
    if not cands:
        return []
    cands.sort(key=lambda gp: (-len(gp[1]), gp[1][0]))
    taken: set[int] = set()
    out = []
    body_start, body_end = article.paragraphs[0].start, article.paragraphs[-1].end
    word_spans = word_starts = None
    # Each phrase looked at is located by one scan of the text: at most a few times the findings
    # wanted, so that a huge article full of repeats stays linear.
    attempts = 3 * o["max_per_article"]
    for gram, pos in cands:
        if any(i in taken for i in pos):
            continue  # part of a longer repeated run already reported
        attempts -= 1
        if attempts < 0:
            break
        # Grow the phrase to the longest run that recurs at every occurrence.
        length = n
        while length < MAX_WORDS and all(p + length < len(words) for p in pos) \
                and len({words[p + length] for p in pos}) == 1 and words[pos[0] + length] != BREAK:
            length += 1
        gram = tuple(words[pos[0] : pos[0] + length])
        if word_spans is None:  # once per article, for every phrase located
            word_spans = _word_spans(article.prose, body_start, body_end)
            word_starts = _word_starts(word_spans)
        spans = _locate(word_spans, word_starts, gram)
        if len(spans) < min_count:
            continue
        # A word capitalised wherever the phrase occurs is part of a name: the phrase is a name
        # ("Prime Minister Kishida") or a title with one ("rival Bernie Sanders", "South
        # Carolina primary"), a key term that news legitimately repeats.
        occurrences = [article.prose[a:b].split() for a, b in spans]
        if any(all(len(occ) > k and occ[k][:1].isupper() for occ in occurrences) for k, g in enumerate(gram) if g not in STOPWORDS):
            continue
        for i in pos:
            taken.update(range(i - n + 1, i + length))
        out.append(spans)
        if len(out) >= o["max_per_article"]:
            break
    return out


def _locate(spans: list[tuple[int, int, str, bool]], starts: dict[str, list[int]], gram: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the phrase occurs: the runs of its words in the article's word spans (see
    :func:`_word_spans`), tried only where its first word stands (``starts``). Linear in the text,
    whatever it holds: no pattern is built from article words."""
    n = len(gram)
    out = []
    free = 0  # occurrences do not overlap
    for i in starts.get(gram[0], ()):
        if i < free or i + n > len(spans):
            continue
        if all(spans[i + k][2] == gram[k] and spans[i + k][3] for k in range(1, n)):
            out.append((spans[i][0], spans[i + n - 1][1]))
            free = i + n
    return out


def _word_starts(spans: list[tuple[int, int, str, bool]]) -> dict[str, list[int]]:
    starts: dict[str, list[int]] = {}
    for i, sp in enumerate(spans):
        starts.setdefault(sp[2], []).append(i)
    return starts


_TOKEN = lazy_compile(r"[^\W_]+")
_BREAKING = frozenset(".,;:!?—–…")


def _word_spans(prose: str, start: int, end: int) -> list[tuple[int, int, str, bool]]:
    """(start, end, lowercase word, whether a phrase may run on into it) for the words of
    prose[start:end], split as :func:`~newslint.segment.tokens` splits them. A phrase runs on over
    white space and a little punctuation, not over a clause or sentence mark, a paragraph break,
    or a hyphen or apostrophe alone ("third-party" is one term, not two words of a phrase)."""
    out = []
    last = start
    for m in _TOKEN.finditer(prose, start, end):
        a, b = m.span()
        gap = prose[last:a]
        runs_on = gap == " " or (len(gap) <= 8 and any(c.isspace() for c in gap) and "\n\n" not in gap
                                 and not any(c in _BREAKING for c in gap))
        out.append((a, b, m.group().lower(), runs_on))
        last = b
    return out


def check(article: Article, rule, state: dict) -> Iterator[Finding]:
    for spans in repeated_phrases(article, rule.options):
        a, b = spans[0]
        phrase = " ".join(article.prose[a:b].split())
        # {where}: "line 13", "line 13 twice", "lines 15, 27 and 40"
        again = Counter(article.prose_position(x)[0] for x, _ in spans[1:])  # in line order
        parts = [f"{n} twice" if k == 2 else f"{n} {k} times" if k > 2 else str(n) for n, k in again.items()]
        where = ("line " if len(parts) == 1 else "lines ") + (" and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0])
        lines = ", ".join(str(n) for n in again)
        msg = (rule.message.replace("{phrase}", phrase).replace("{count}", str(len(spans)))
               .replace("{where}", where).replace("{lines}", lines))
        yield rule.finding(a, b, msg, related=tuple(spans[1:]))
