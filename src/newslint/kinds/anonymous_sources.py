"""Kind ``anonymous-sources``: claims attributed to people the article does not name, with no
reason given for keeping them anonymous.

The attribution analysis (:mod:`newslint.attribution`) finds the unnamed sources ("a defense
official stated", "according to people familiar with the talks"); this kind looks for a reason
for the anonymity in the same sentence and the next ``reason_window`` sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import regex

from newslint.article import Article
from newslint.findings import Finding
from newslint.options import Opt
from newslint.patterns import compile_pattern, finditer

_SPOKESPERSON = frozenset(("spokesman", "spokeswoman", "spokesperson"))

OPTIONS = {
    "reasons": Opt(list, [], item=str, doc="regular expressions; a match near the source gives the reason for its anonymity"),
    "reason_window": Opt(int, 1, min=0, max=5, doc="sentences after the attribution searched for a reason"),
    "roles": Opt(list, [], item=str, doc="words for unnamed people that count (lower case); empty: every word the analysis knows"),
    "spokespeople": Opt(
        str, "skip", choices=("skip", "skip-named-bodies", "report"),
        doc="a spokesperson speaks on the record for an organisation: skip every one named in the singular"
        " ('a spokesman said'), only those whose organisation the phrase names ('a Sony spokesman'), or none",
    ),
    "max_per_article": Opt(int, 10, min=1, doc="report at most this many sources in one article"),
}


@dataclass(frozen=True)
class State:
    reasons: regex.Pattern | None
    window: int
    max_per_article: int
    roles: frozenset[str]
    spokespeople: str


def prepare(options: dict, where) -> State:
    reasons = None
    if options["reasons"]:
        reasons = compile_pattern("|".join(f"(?:{r})" for r in options["reasons"]), False, where)
    return State(reasons, options["reason_window"], options["max_per_article"],
                 frozenset(r.lower() for r in options["roles"]), options["spokespeople"])


def unexplained(article: Article, state: State) -> list[tuple[int, int]]:
    """(start, end) of each unnamed source given no reason for its anonymity."""
    analysis = article.attribution
    sentences = article.sentences
    out: list[tuple[int, int]] = []
    for src in analysis.unnamed:
        if state.roles and src.role not in state.roles:
            continue
        if src.role in _SPOKESPERSON and (state.spokespeople == "skip" or state.spokespeople == "skip-named-bodies" and src.for_named_body):
            continue
        if state.reasons is not None:
            last = min(len(sentences) - 1, src.sentence + state.window)
            a, b = sentences[src.sentence].start, sentences[last].end
            if next(finditer(state.reasons, analysis.bare, a, b), None) is not None:
                continue
        out.append((src.start, src.end))
    return out


def check(article: Article, rule, state: State) -> Iterator[Finding]:
    prose = article.prose
    for start, end in unexplained(article, state)[: state.max_per_article]:
        yield rule.finding(start, end, rule.message.replace("{match}", " ".join(prose[start:end].split())))
