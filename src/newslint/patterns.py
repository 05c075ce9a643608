"""Regular expressions from rule files: rejected at load when they can backtrack catastrophically,
and matched with a time bound in any case (the ``regex`` module's ``timeout``)."""

from __future__ import annotations

from typing import Callable, Iterator

import regex

from newslint.errors import RuleError

# A quantified group whose body itself ends in a quantifier: (a+)+, (\w*)*, (x|y+){2,}.
_NESTED_QUANTIFIER = regex.compile(r"\((?:\?:)?(?:[^()\\]|\\.)*(?:[+*]|\{\d*,\d*\})\)(?:[+*]|\{\d*,\d*\})")
SECONDS_PER_MB = 2.0


class PatternTimeout(Exception):
    pass


def compile_pattern(src: str, case_sensitive: bool, where: Callable[[str], RuleError]) -> regex.Pattern:
    if _NESTED_QUANTIFIER.search(src):
        raise where(f"pattern {src!r} nests quantifiers and can backtrack catastrophically; rewrite it without a repeated group that itself repeats")
    try:
        return regex.compile(src, 0 if case_sensitive else regex.IGNORECASE)
    except regex.error as exc:
        raise where(f"pattern {src!r} is not a valid regular expression: {exc}") from None


def phrase_pattern(phrases: list[str], case_sensitive: bool) -> regex.Pattern | None:
    """One alternation of literal phrases, matched on word boundaries, any white space between words."""
    if not phrases:
        return None
    parts = sorted({r"\s+".join(regex.escape(w) for w in p.split()) for p in phrases if p.strip()}, key=len, reverse=True)
    flags = 0 if case_sensitive else regex.IGNORECASE
    return regex.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", flags)


def finditer(pattern: regex.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
    """``pattern.finditer`` bounded in time by the text's length; raises PatternTimeout."""
    timeout = 1.0 + SECONDS_PER_MB * len(text) / 1_000_000
    try:
        yield from pattern.finditer(text, pos, len(text) if endpos is None else endpos, timeout=timeout)
    except TimeoutError:
        raise PatternTimeout(f"pattern {pattern.pattern[:60]!r} took longer than {timeout:.0f}s") from None
