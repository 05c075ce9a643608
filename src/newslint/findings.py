"""Findings: what a rule reports, as immutable values holding character offsets."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
