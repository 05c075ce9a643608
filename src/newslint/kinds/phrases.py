"""Kind ``phrases``: word lists and regular expressions, matched on word boundaries.

Options select where to look (``scope``), whether text inside quotations counts (a phrase in a
quote is the speaker's, not the writer's), and whether case matters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time

from newslint.article import Article
from newslint.findings import Finding
from newslint.options import Opt
from newslint.segment import tokens
from newslint.patterns import compile_alternation, finditer, phrase_pattern

if TYPE_CHECKING:
    from typing import Iterator
    from newslint.patterns import RulePattern

OPTIONS = {
    "phrases": Opt(list, [], item=str, doc="literal phrases; any white space between words"),
    "patterns": Opt(list, [], item=str, doc="regular expressions"),
    "case_sensitive": Opt(bool, False),
    "scope": Opt(str, "body", choices=("body", "title", "all"), doc="body: paragraphs; title: headline; all: both"),
    "skip_quotations": Opt(bool, True, doc="ignore matches inside direct quotations"),
    "max_per_article": Opt(int, 20, min=1, doc="report at most this many matches in one article"),
}


class Phrase:
    """One literal phrase: its words (to test cheaply whether it can occur) and its two patterns,
    compiled on first use: most phrases never occur in a given run, and compiling hundreds of them
    at start-up would cost a pre-commit run more than checking its files."""

    def __init__(self, text: str, case_sensitive: bool) -> None:
        self.text, self.case_sensitive = text, case_sensitive
        self.words = frozenset(tokens(text))

    @cached_property
    def fast(self) -> re.Pattern:
        """For lowercased text (unless case-sensitive); the caller checks the leading boundary."""
        return phrase_pattern([self.text], self.case_sensitive, fast=True)

    @cached_property
    def safe(self) -> re.Pattern:
        return phrase_pattern([self.text], self.case_sensitive)


@dataclass(frozen=True)
class State:
    """The rule's patterns and phrases, prepared."""

    patterns: tuple[RulePattern, ...]
    # Each literal phrase with the set of its (lowercase) words: a phrase is searched for only
    # when all its words occur in the text, so most articles run none of them. (An alternation of
    # all phrases costs ~150 us an article, tried at every position; one phrase starting with a
    # literal is found by a fast substring search.)
    literals: tuple[Phrase, ...] = ()
    # Each phrase filed under its longest word (usually its rarest), so only the phrases whose key
    # word occurs are tested: one C-level set intersection per article.
    by_key: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)
    keys: frozenset[str] = frozenset()
    case_sensitive: bool = False


def prepare(options: dict, where) -> State:
    cs = options["case_sensitive"]
    literals = tuple(Phrase(p, cs) for p in dict.fromkeys(options["phrases"]) if p.strip())
    # One alternation for all the patterns: one scan of the text instead of one per pattern.
    compiled = [p for p in [compile_alternation(options["patterns"], cs, where)] if p is not None]
    if not literals and not compiled:
        raise where("a phrases rule needs at least one entry in 'phrases' or 'patterns'")
    # (Lowercase words even for case-sensitive rules: the test only has to be necessary.)
    by_key: dict[str, list] = {}
    for lit in literals:
        if lit.words:
            by_key.setdefault(max(lit.words, key=len), []).append(lit)
    frozen = {k: tuple(v) for k, v in by_key.items()}
    return State(tuple(compiled), literals, frozen, frozenset(frozen), cs)


def matches(article: Article, state: State, start: int = 0, end: int | None = None) -> Iterator:
    """Matches of the literal phrases (a phrase is searched for only when all its words occur in
    the text) and of the patterns (bounded in time), in prose[start:end], as (start, end) in order;
    where a pattern has a group named ``report``, that group is the match. Where matches overlap,
    the one that starts first (then the longest) is kept."""
    end = len(article.prose) if end is None else end
    spans: list[tuple[int, int]] = []
    if state.literals:
        prose = article.prose
        words = article.word_set if start == 0 and end == len(prose) else article.words_in(start, end)
        todo = [lit for key in state.keys & words for lit in state.by_key[key] if lit.words <= words]
        if todo:
            text = prose if state.case_sensitive else prose.lower()
            if len(text) == len(prose):  # lowercasing kept every offset (it nearly always does)
                for lit in todo:
                    spans.extend(m.span() for m in lit.fast.finditer(text, start, end)
                                 if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"))
            else:
                for lit in todo:
                    spans.extend(m.span() for m in lit.safe.finditer(prose, start, end))
    for pattern in state.patterns:
        report = "report" in pattern.groupindex
        spans.extend(m.span("report") if report and m.start("report") >= 0 else m.span()
                     for m in finditer(pattern, article.prose, start, end))
    spans.sort(key=lambda se: (se[0], -se[1]))
    last = -1
    for a, b in spans:
        if a >= last:
            yield a, b
            last = b


def in_scope(article: Article, start: int, scope: str) -> bool:
    t = article.title_span
    in_title = t is not None and t.start <= start < t.end
    return scope == "all" or (scope == "title") == in_title


def report(article: Article, rule, state: State, start: int = 0, end: int | None = None) -> Iterator[Finding]:
    """Findings for the matches in prose[start:end], within the rule's scope, outside quotations
    when ``skip_quotations``, at most ``max_per_article``."""
    o = rule.options
    scope = o.get("scope", "all")
    count = 0
    for a, b in matches(article, state, start, end):
        if b == a or not in_scope(article, a, scope):
            continue
        if o["skip_quotations"] and article.quotations and article.inside_quotation(a, b):
            continue
        yield rule.finding(a, b, rule.message.replace("{match}", " ".join(article.prose[a:b].split())))
        count += 1
        if count >= o["max_per_article"]:
            return


def check(article: Article, rule, state: State) -> Iterator[Finding]:
    return report(article, rule, state)
