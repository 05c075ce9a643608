"""Kind ``phrases``: word lists and regular expressions, matched on word boundaries.

Options select where to look (``scope``), whether text inside quotations counts (a phrase in a
quote is the speaker's, not the writer's), and whether case matters.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    import re

    import regex

from newslint.article import Article
from newslint.findings import Finding
from newslint.options import Opt
from newslint.patterns import compile_pattern, finditer, phrase_pattern

OPTIONS = {
    "phrases": Opt(list, [], item=str, doc="literal phrases; any white space between words"),
    "patterns": Opt(list, [], item=str, doc="regular expressions"),
    "case_sensitive": Opt(bool, False),
    "scope": Opt(str, "body", choices=("body", "title", "all"), doc="body: paragraphs; title: headline; all: both"),
    "skip_quotations": Opt(bool, True, doc="ignore matches inside direct quotations"),
    "max_per_article": Opt(int, 20, min=1, doc="report at most this many matches in one article"),
}


@dataclass(frozen=True)
class State:
    patterns: tuple[regex.Pattern | re.Pattern, ...]


def prepare(options: dict, where) -> State:
    compiled = [phrase_pattern(options["phrases"], options["case_sensitive"])]
    compiled += [compile_pattern(p, options["case_sensitive"], where) for p in options["patterns"]]
    compiled = [p for p in compiled if p is not None]
    if not compiled:
        raise where("a phrases rule needs at least one entry in 'phrases' or 'patterns'")
    return State(tuple(compiled))


def in_scope(article: Article, start: int, scope: str) -> bool:
    t = article.title_span
    in_title = t is not None and t.start <= start < t.end
    return scope == "all" or (scope == "title") == in_title


def inside_quotation(article: Article, start: int, end: int, starts: list[int] | None = None) -> bool:
    """Whether [start, end) lies in one quotation. ``starts``: the quotations' start offsets (sorted),
    so that many matches in an article with many quotations cost a binary search each."""
    quotes = article.quotations
    if starts is None:
        return any(q.start <= start and end <= q.end for q in quotes)
    i = bisect.bisect_right(starts, start) - 1
    return i >= 0 and end <= quotes[i].end


def check(article: Article, rule, state: State) -> Iterator[Finding]:
    o = rule.options
    count = 0
    starts: list[int] | None = None
    for pattern in state.patterns:
        for m in finditer(pattern, article.prose):
            if m.end() == m.start() or not in_scope(article, m.start(), o["scope"]):
                continue
            if o["skip_quotations"] and article.quotations:
                if starts is None:
                    starts = [q.start for q in article.quotations]
                if inside_quotation(article, m.start(), m.end(), starts):
                    continue
            yield rule.finding(m.start(), m.end(), rule.message.replace("{match}", " ".join(m.group(0).split())))
            count += 1
            if count >= o["max_per_article"]:
                return
