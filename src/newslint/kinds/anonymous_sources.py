"""Kind ``anonymous-sources``: claims attributed to people the article does not name, graded the
way newsroom standards grade them.

The attribution analysis (:mod:`newslint.attribution`) finds the unnamed sources and puts each in
a class:

- ``insider``: a lone unnamed insider or a few ("a senior official said", "a person familiar with
  the talks", "sources say"). Standards allow them only with a reason for the anonymity, looked
  for in the same sentence and the next ``reason_window`` sentences;
- ``institutional``: a body's spokespeople or officials speaking for a body the phrase names
  ("PG&E officials said", "a spokesman for the BBC"): the body is on the record;
- ``crowd``: weasel words, a crowd whose members are never named ("critics say", "experts
  believe"): no reason makes them a source.

A reason given for the anonymity passes a source of any class. ``levels`` gives each class its level: ``rule`` (the rule's level, as configured), ``error``,
``warning``, ``info`` or ``off``. Each finding's message names the class and what the standard
asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time

if TYPE_CHECKING:  # only for the annotation: importing regex costs ~10 ms of a one-article run
    from typing import Iterator
    import regex

from newslint.article import Article
from newslint.attribution import CROWD, INSIDER, INSTITUTIONAL, UnnamedSource
from newslint.attribution.cues import FOLDS_TO_ASCII, gives_reason
from newslint.findings import Finding
from newslint.options import Opt
from newslint.patterns import compile_pattern, finditer

CLASSES = (INSIDER, INSTITUTIONAL, CROWD)
LEVEL_CHOICES = ("rule", "error", "warning", "info", "off")
# What the standard asks for, per class: the ``{standard}`` of the rule's message.
STANDARDS = {
    INSIDER: "an unnamed insider with no reason given for the anonymity; name the source, or say why they cannot be named",
    INSTITUTIONAL: "institutional attribution, the body is named but not who speaks for it; name the spokesperson or the statement if you can",
    CROWD: "a crowd that hides who is speaking; name at least one of them, or cut the claim",
}

OPTIONS = {
    "reasons": Opt(
        list, [], item=str,
        doc="regular expressions; a match near the source gives the reason for its anonymity, besides the reasons of the"
        " attribution lexicon (reason.* in attribution/lexicon.yaml: 'not authorized to speak', 'on condition of anonymity because')",
    ),
    "reason_window": Opt(int, 1, min=0, max=5, doc="sentences after the attribution searched for a reason"),
    "roles": Opt(list, [], item=str, doc="words for unnamed people that count (lower case); empty: every word the analysis knows"),
    "levels": Opt(
        dict, {INSIDER: "rule", INSTITUTIONAL: "info", CROWD: "rule"}, item=str,
        doc="the level of each class of source (insider, institutional, crowd): rule (the rule's level), error, warning, info or off;"
        " a class left out keeps its default",
    ),
    "max_per_article": Opt(int, 10, min=1, doc="report at most this many sources in one article"),
}


@dataclass(frozen=True)
class State:
    """The rule's options, prepared."""

    reasons: regex.Pattern | None
    window: int
    max_per_article: int
    roles: frozenset[str]
    levels: tuple[tuple[str, str], ...]  # (class, level) for every class


def prepare(options: dict, where) -> State:
    reasons = None
    if options["reasons"]:
        reasons = compile_pattern("|".join(f"(?:{r})" for r in options["reasons"]), False, where)
    levels = dict(OPTIONS["levels"].default)
    for klass, level in options["levels"].items():
        if klass not in CLASSES:
            raise where(f"option 'levels' has an unknown class {klass!r} (known: {', '.join(CLASSES)})")
        if level not in LEVEL_CHOICES:
            raise where(f"option 'levels.{klass}' must be one of {', '.join(LEVEL_CHOICES)}, got {level!r}")
        levels[klass] = level
    return State(reasons, options["reason_window"], options["max_per_article"],
                 frozenset(r.lower() for r in options["roles"]), tuple(sorted(levels.items())))


def reported(article: Article, state: State) -> list[UnnamedSource]:
    """Each unnamed source to report: its class not off, and no reason given for its anonymity."""
    analysis = article.attribution
    starts, ends = article.sentence_bounds
    levels = dict(state.levels)
    out: list[UnnamedSource] = []
    bare, low = analysis.bare, analysis.low
    if analysis.unnamed and low is not None and any(c in bare for c in FOLDS_TO_ASCII):
        low = None
    for src in analysis.unnamed:
        if state.roles and src.role not in state.roles or levels[src.klass] == "off":
            continue
        last = min(len(starts) - 1, src.sentence + state.window)
        a, b = starts[src.sentence], ends[last]
        if gives_reason(bare, low, a, b):
            continue
        if state.reasons is not None and next(finditer(state.reasons, bare, a, b), None) is not None:
            continue
        out.append(src)
    return out


def unexplained(article: Article, state: State) -> list[tuple[int, int]]:
    """(start, end) of each unnamed source reported."""
    return [(s.start, s.end) for s in reported(article, state)]


def check(article: Article, rule, state: State) -> Iterator[Finding]:
    prose = article.prose
    levels = dict(state.levels)
    for src in reported(article, state)[: state.max_per_article]:
        match = " ".join(prose[src.start : src.end].split())
        message = rule.message.replace("{match}", match).replace("{class}", src.klass).replace("{standard}", STANDARDS[src.klass])
        finding = rule.finding(src.start, src.end, message)
        level = levels[src.klass]
        yield finding if level == "rule" else finding.with_level(level)


def preload(state: State) -> None:
    """Build the attribution analysis's lexicon and patterns: called before a parallel run forks its workers."""
    from newslint.attribution import preload as build

    build()
