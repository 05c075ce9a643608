"""Findings: what a rule reports, as immutable values holding character offsets."""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field, replace

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Callable

LEVELS = ("error", "warning", "info")
LEVEL_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Fix:
    """Replace source[start:end] with ``replacement``. Offsets are into the decoded file text."""

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True)
class Finding:
    """One problem found in one article.

    ``start`` and ``end`` are 0-based character offsets into the article's source text
    (for JSON Lines input: into that record's ``text``). Line and column are derived at output.
    """

    rule: str
    level: str
    message: str
    start: int
    end: int
    fix: Fix | None = None
    related: tuple[tuple[int, int], ...] = field(default=())

    def with_level(self, level: str) -> "Finding":
        return Finding(self.rule, level, self.message, self.start, self.end, self.fix, self.related)


def capped(findings: list[Finding], cap: int, rest: Callable[[int], str]) -> list[Finding]:
    """The first ``cap`` findings, the last of them saying how many more there were (its message
    followed by ``rest(n)``): past a handful, more findings of the same add only noise."""
    kept = findings[:cap]
    if len(findings) > cap:
        kept[-1] = replace(kept[-1], message=kept[-1].message + rest(len(findings) - cap))
    return kept


# Findings longer than this are about structure (a paragraph, a quotation, a residue block, the
# article), not about a phrase: they never stand in for one another.
MAX_SAME_WORDS = 200


def one_per_span(findings: list[Finding]) -> list[Finding]:
    """One finding per span of words: of findings that report mostly the same words (their overlap
    is at least half of the longer one, and neither is longer than MAX_SAME_WORDS), only the most
    specific is kept: the more severe, then the one with a fix, then the longer match, then the
    first rule id. "poised to deepen" (ai-filler) is kept over "poised to" (stock-conclusion), "will
    play a pivotal role" over "a pivotal role". The others keep their order."""
    phrases = [f for f in findings if 0 < f.end - f.start <= MAX_SAME_WORDS]
    if len(phrases) < 2:
        return findings
    ranked = sorted(phrases, key=lambda f: (-LEVEL_RANK[f.level], f.fix is None, f.start - f.end, f.rule, f.start))
    kept: list[tuple[int, int]] = []  # (start, end) of the findings kept so far, by start
    dropped: set[int] = set()
    for f in ranked:
        # Only findings starting within MAX_SAME_WORDS before f can overlap it.
        lo, hi = bisect_left(kept, (f.start - MAX_SAME_WORDS, 0)), bisect_left(kept, (f.end, 0))
        if any(_same_words(f.start, f.end, s, e) for s, e in kept[lo:hi]):
            dropped.add(id(f))
        else:
            insort(kept, (f.start, f.end))
    return [f for f in findings if id(f) not in dropped] if dropped else findings


def _same_words(a: int, b: int, c: int, d: int) -> bool:
    overlap = min(b, d) - max(a, c)
    return overlap > 0 and 2 * overlap >= max(b - a, d - c)
