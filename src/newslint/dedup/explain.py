"""What two articles share, in words a reader can check: the longest shared passages of a copy, the
shared names and numbers of a rewrite, and what the second story of a rewrite pair adds. Computed
only for reported pairs, from the texts at hand and the other article's features."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from newslint.dedup.features import Extractor, isin
from newslint.dedup.model import hash24, hash32
from newslint.errors import cut

MAX_PASSAGE = 160
MAX_QUOTE = 80
COUNTERPART = 1 / 3  # a sentence has a counterpart when this share of its content words occur in the other
QUOTE_KNOWN = 0.6  # a quotation is new when at most this share of its content words occur in the other
QUOTE = re.compile(r'"((?:[^"\n]|\n(?!\s*\n))+)"|“((?:[^”\n]|\n(?!\s*\n))+)”')  # within a paragraph
_STOPS = frozenset(b".!?")


@dataclass(frozen=True)
class Added:
    """What one story of a rewrite pair brings that the other does not have: numbers and names it
    alone uses (names as written, the words of one name together), quotations whose words are mostly
    its own, and how many of its sentences have no counterpart in the other (fewer than a third of
    their content words occur there). A bot rewrite adds nothing; a follow-up adds facts."""

    numbers: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    unmatched: int = 0  # sentences with no counterpart in the other story
    sentences: int = 0

    @property
    def nothing(self) -> bool:
        return not (self.numbers or self.names or self.quotes)

    def summary(self, limit: int = 6) -> str:
        """"adds nothing new" or "adds 2 numbers, 1 name, 1 quote: 3.1, 250,000; Imogen Falstaff; "...""
        with the share of sentences that have no counterpart."""
        kinds = [(self.numbers, "number", ", "), (self.names, "name", ", "), (self.quotes, "quote", " ")]
        counted = [_count(len(items), noun) for items, noun, _ in kinds if items]
        shown = ["; ".join(sep.join(_shown(items[:limit], noun)) + (" …" if len(items) > limit else "")
                           for items, noun, sep in kinds if items)]
        head = "adds nothing new" if self.nothing else f"adds {', '.join(counted)}: {shown[0]}"
        if self.unmatched:
            head += f" ({self.unmatched} of {_count(self.sentences, 'sentence')} without a counterpart)"
        return head

    def as_dict(self) -> dict:
        return {"numbers": list(self.numbers), "names": list(self.names), "quotes": list(self.quotes),
                "sentences": self.sentences, "unmatched_sentences": self.unmatched}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _shown(items: tuple[str, ...], noun: str) -> list[str]:
    return [f'"{q}"' for q in items] if noun == "quote" else list(items)


def added(text: str, other: np.ndarray, ex: Extractor) -> Added:
    """What ``text`` adds to the article whose 24-bit content words are ``other`` (its
    :attr:`~newslint.dedup.model.Features.content`; an indexed article's are enough). The numbers and
    names are those that the rewrite rule's ``rewrite_max_new_facts`` counts, written out."""
    b = ex.extract([text])
    tok = b.tok
    if len(tok.hashes) == 0:
        return Added()
    known = np.isin(hash24(tok.hashes), other)
    new = b.is_key & ~known
    numbers: dict[str, None] = {}
    names: dict[str, str] = {}
    buf = tok.buffer

    def joined(i: int) -> bool:  # only white space between word i-1 and word i
        return not buf[tok.ends[i - 1] : tok.starts[i]].strip()

    j, n = 0, len(tok.hashes)
    while j < n:
        if not new[j]:
            j += 1
        elif tok.number[j]:
            numbers.setdefault(b.word(j), None)
            j += 1
        else:  # a name: its new capitalised words that follow one another, with only spaces between,
            # and the one before when it starts a sentence (so not a name by itself: "Halvorsen Structures said")
            first = j - 1 if j and tok.upper[j - 1] and b.is_content[j - 1] and not known[j - 1] and joined(j) else j
            k = j + 1
            while k < n and new[k] and not tok.number[k] and joined(k):
                k += 1
            name = " ".join(b.word(i) for i in range(first, k))
            names.setdefault(name.lower(), name)
            j = k
    # Sentences: a stop (. ! ? or a blank line) between two words ends one.
    gaps = [buf[tok.ends[i - 1] : tok.starts[i]] for i in range(1, n)]
    starts = [0] + [i for i, g in enumerate(gaps, 1) if _STOPS.intersection(g) or b"\n\n" in g] + [n]
    sentences = unmatched = 0
    for lo, hi in zip(starts[:-1], starts[1:]):
        words = np.flatnonzero(b.is_content[lo:hi]) + lo
        mine = words[np.unique(tok.hashes[words], return_index=True)[1]]
        if len(mine):
            sentences += 1
            unmatched += bool(known[mine].mean() < COUNTERPART)
    quotes = []
    for m in QUOTE.finditer(text):
        q = " ".join((m.group(1) or m.group(2)).split())
        qb = ex.extract([q])
        words = np.unique(hash24(qb.tok.hashes[qb.is_content]))
        if len(qb.tok.hashes) >= 3 and len(words) and np.isin(words, other).mean() <= QUOTE_KNOWN:
            quotes.append(cut(q, MAX_QUOTE))
    return Added(tuple(numbers), tuple(names.values()), tuple(dict.fromkeys(quotes)), unmatched, sentences)


def shared_passages(text: str, other: np.ndarray, ex: Extractor, limit: int = 3, sample: int = 1) -> list[str]:
    """The ``limit`` longest runs of ``text`` whose shingles all occur in the other article. With
    ``sample`` > 1 the other article's shingles are a 1-in-``sample`` sample (from the index): a
    run is then a stretch of matching sampled shingles no more than 2 * sample apart."""
    b = ex.extract([text])
    sh, _ = b.shingle_hashes()
    pos = b.shingle_positions()
    if len(sh) == 0:
        return []
    h = hash32(sh)
    # Stored shingle sets are sorted: one binary search each (np.isin sorts both again: a quarter
    # of the time of describing the 1,100 copies among 20,000 recombined articles).
    hit = isin(h, other, is_sorted=not (other[1:] < other[:-1]).any()) & (h % sample == 0)
    if sample > 1:
        at = np.flatnonzero(hit)
        if len(at) == 0:
            return []
        breaks = np.flatnonzero(np.diff(at) > 2 * sample)
        starts = at[np.concatenate(([0], breaks + 1))]
        ends = at[np.concatenate((breaks, [len(at) - 1]))] + 1
    else:
        edges = np.diff(hit.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    runs = sorted(zip(starts.tolist(), ends.tolist()), key=lambda r: (r[0] - r[1], r[0]))[:limit]
    out = []
    tok = b.tok
    last = len(tok.starts) - 1
    for s, e in runs:
        first = int(pos[s])
        final = min(int(pos[e - 1]) + ex.shingle - 1, last)
        raw = tok.buffer[tok.starts[first] : tok.ends[final]].decode("utf-8", "replace")
        out.append(cut(" ".join(raw.split()), MAX_PASSAGE))
    return out


def shared_names(text: str, other: np.ndarray, ex: Extractor, weight, limit: int = 12) -> list[str]:
    """Names and numbers of ``text`` that the other article has too, rarest first."""
    b = ex.extract([text])
    words = b.key_words(0)
    if not words:
        return []
    hashes = np.array(list(words), dtype=np.uint64)
    h24 = hash24(hashes)
    mask = np.isin(h24, other)
    chosen = h24[mask]
    forms = [words[int(h)] for h in hashes[mask]]
    w = weight(chosen) if len(chosen) else np.zeros(0)
    order = sorted(range(len(forms)), key=lambda i: (-w[i], forms[i]))
    return [forms[i] for i in order[:limit]]
