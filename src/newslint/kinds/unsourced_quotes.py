"""Kind ``unsourced-quotes``: direct quotations of full statements that nobody is said to have said.

The attribution analysis (:mod:`newslint.attribution`, computed once per article) decides whether
each quotation is a statement and how it is attributed; this kind only applies the rule's
thresholds. Scare quotes, titles of works and fragments woven into a sentence are not statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from newslint.article import Article
from newslint.findings import Finding, capped
from newslint.options import Opt

OPTIONS = {
    "min_words": Opt(int, 5, min=1, doc="a quotation shorter than this is a scare quote or phrase, not a statement"),
    "next_sentence": Opt(bool, False, doc="accept a speaker named in the sentence after the quotation"),
    "max_per_article": Opt(int, 5, min=1, doc="report this many quotations of an article, then how many more"),
}


@dataclass(frozen=True)
class State:
    min_words: int
    next_sentence: bool
    max_per_article: int


def prepare(options: dict, where) -> State:
    return State(options["min_words"], options["next_sentence"], options["max_per_article"])


def unsourced(article: Article, state: State) -> list[tuple[int, int]]:
    """(start, end) of each quotation the rule reports, in text order."""
    out: list[tuple[int, int]] = []
    for q in article.attribution.quotes:
        if not q.statement or q.words < state.min_words:
            continue
        if q.how and (q.how != "next" or state.next_sentence):
            continue
        out.append((q.start, q.end))
    return out


def check(article: Article, rule, state: State) -> Iterator[Finding]:
    found = [rule.finding(start, end) for start, end in unsourced(article, state)]
    yield from capped(found, state.max_per_article, _the_rest)


def _the_rest(n: int) -> str:
    return "; and 1 more quotation in this article has no speaker" if n == 1 else f"; and {n} more quotations in this article have no speaker"
