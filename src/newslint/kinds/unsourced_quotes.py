"""Kind ``unsourced-quotes``: direct quotations of full statements that nobody is said to have said.

The attribution analysis (:mod:`newslint.attribution`, computed once per article) decides whether
each quotation is a statement and how it is attributed; this kind only applies the rule's
thresholds. Scare quotes, titles of works and fragments woven into a sentence are not statements.

Nor are the quoted titles of a reference list ("Further reading", "Sources"), which this kind tells
by their structure: two or more lines in a row, short, each holding a quotation and, outside it,
the marks of a citation (a year, a link, "Smith, J.").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Iterator

from newslint.article import Article
from newslint.findings import Finding, capped
from newslint.options import Opt
from newslint.patterns import lazy_compile

OPTIONS = {
    "min_words": Opt(int, 5, min=1, doc="a quotation shorter than this is a scare quote or phrase, not a statement"),
    "next_sentence": Opt(bool, False, doc="accept a speaker named in the sentence after the quotation"),
    "max_per_article": Opt(int, 5, min=1, doc="report this many quotations of an article, then how many more"),
}


@dataclass(frozen=True)
class State:
    """The rule's options."""

    min_words: int
    next_sentence: bool
    max_per_article: int


def prepare(options: dict, where) -> State:
    return State(options["min_words"], options["next_sentence"], options["max_per_article"])


def unsourced(article: Article, state: State) -> list[tuple[int, int]]:
    """(start, end) of each quotation the rule reports, in text order."""
    out: list[tuple[int, int]] = []
    starts = [q.start for q in article.attribution.quotes]
    for q in article.attribution.quotes:
        if not q.statement or q.words < state.min_words:
            continue
        if q.how and (q.how != "next" or state.next_sentence):
            continue
        if in_reference_list(article, q.start, starts):
            continue
        out.append((q.start, q.end))
    return out


# The marks of a citation outside its quoted title: a year, a link, an author as "Smith, J.".
_CITATION = lazy_compile(r"\b(?:1[6-9]\d\d|20\d\d)\b|https?://|\bwww\.|\b[A-Z][\w'’-]+, [A-Z]\.")
_WORD = lazy_compile(r"\w+")
MAX_ENTRY_CHARS = 300  # a reference is a line; a paragraph of news is longer


def in_reference_list(article: Article, start: int, starts: list[int]) -> bool:
    """Whether the quotation at ``start`` is a title in a list of references: its line is an
    entry (short, with a quotation and a citation outside it) and so is the line before or after.
    ``starts``: where the article's quotations start, in order."""
    line = _line(article, start)
    if not _entry(article, starts, *line):
        return False
    return any(n is not None and _entry(article, starts, *n) for n in (_next_line(article, line, -1), _next_line(article, line, 1)))


def _line(article: Article, pos: int) -> tuple[int, int]:
    """The line of the prose holding ``pos``, within its paragraph (an HTML list item is one). A
    line longer than MAX_ENTRY_CHARS is cut there, longer still: a quotation in a paragraph of a
    megabyte costs no more than one in a short line."""
    para = article.paragraphs[article.paragraph_index(pos)]
    lo, hi = max(para.start, pos - MAX_ENTRY_CHARS - 1), min(para.end, pos + MAX_ENTRY_CHARS + 1)
    a = max(lo, article.prose.rfind("\n", lo, pos) + 1)
    b = article.prose.find("\n", pos, hi)
    return a, hi if b == -1 else b


def _next_line(article: Article, line: tuple[int, int], step: int) -> tuple[int, int] | None:
    """The non-blank line before (``step`` -1) or after (1) ``line``, across paragraph breaks."""
    paras = article.paragraphs
    i = article.paragraph_index(line[0])
    pos = line[0] - 1 if step < 0 else line[1] + 1
    while True:
        if paras[i].start <= pos < paras[i].end:
            a, b = _line(article, pos)
            if article.prose[a:b].strip():
                return a, b
            pos = a - 1 if step < 0 else b + 1
            continue
        i += step
        if not 0 <= i < len(paras):
            return None
        pos = paras[i].end - 1 if step < 0 else paras[i].start


def _entry(article: Article, starts: list[int], a: int, b: int) -> bool:
    if b - a > MAX_ENTRY_CHARS:
        return False
    if bisect.bisect_left(starts, a) == bisect.bisect_left(starts, b):
        return False  # no quotation on the line
    outside = article.attribution.bare[a:b]
    return len(_WORD.findall(outside)) >= 2 and _CITATION.search(outside) is not None


def check(article: Article, rule, state: State) -> Iterator[Finding]:
    found = [rule.finding(start, end) for start, end in unsourced(article, state)]
    yield from capped(found, state.max_per_article, _the_rest)


def _the_rest(n: int) -> str:
    return "; and 1 more quotation in this article has no speaker" if n == 1 else f"; and {n} more quotations in this article have no speaker"


def preload(state: State) -> None:
    """Build the attribution analysis's lexicon and patterns: called before a parallel run forks its workers."""
    from newslint.attribution import preload as build

    build()
