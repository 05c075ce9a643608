"""Who said it: the attribution analysis shared by the quotation rules.

Computed once per article (``Article.attribution``) and read by ``unsourced-quote`` and
``anonymous-source``. It works on *bare* text: the prose with the inside of every direct quotation
blanked, so that words a speaker says ("sources say") are never taken for the writer's attribution.

The package is a small grammar with its words as data:

- ``lexicon.yaml`` / :mod:`.lexicon`: verbs of saying and believing, source nouns by class, titles
  and the grammar's small words, tagged, read on first use;
- :mod:`.quotes`: how each direct quotation is attributed, one function per way news does it
  (in its sentence, a lead-in ending in a colon, the continuation of the previous quotation, a
  signed quote, the sentence before or after);
- :mod:`.sources`: claims pinned on people the text does not name, found as a few named patterns
  of noun phrases around a source noun, each graded in a class (insider, institutional, crowd).

Cost: one C-level split of the text tells which cue and source words occur at all; only those are
located (plain substring search), and an article with no quotation and no unnamed source needs no
sentences. The rest is constant work per quotation or candidate, so the cost is linear in the text.
Nothing is read or compiled at import.
"""

from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time

from newslint.attribution.lexicon import CROWD, INSIDER, INSTITUTIONAL, tables, words_among, words_present

if TYPE_CHECKING:
    from newslint.article import Article, Quotation

__all__ = ["Attribution", "QuoteInfo", "UnnamedSource", "analyse", "bare_text", "INSIDER", "INSTITUTIONAL", "CROWD"]


@dataclass(frozen=True)
class QuoteInfo:
    """One direct quotation as the quotation rules see it."""

    start: int
    end: int
    words: int
    # A full statement, not a scare quote, title of a work or woven fragment. Judged only for a
    # quotation with no speaker in or before it (how "" or "next"): one attributed to a speaker is
    # someone's words whatever its form, and the judgement is the costliest part of the analysis.
    statement: bool
    how: str  # how it is attributed: sentence, colon, previous, paragraph, next, continuation; "" if not


@dataclass(frozen=True)
class UnnamedSource:
    """A claim attributed to people the text does not name: ``start``..``end`` covers the
    phrase ("a defense official stated"); ``sentence`` is the index of its sentence; ``role``
    the word for them, lower-cased ("official"); ``for_named_body`` is true when the phrase
    names the organisation they speak for ("a Sony spokesman", "a spokeswoman for the BBC");
    ``klass`` the class a newsroom's standard puts them in."""

    start: int
    end: int
    sentence: int
    role: str = ""
    for_named_body: bool = False
    klass: str = INSIDER  # insider, institutional or crowd (see sources.source_class)


@dataclass(frozen=True)
class Attribution:
    """The analysis of one article: its quotations, its unnamed sources and its bare text."""

    quotes: tuple[QuoteInfo, ...]
    unnamed: tuple[UnnamedSource, ...]
    bare: str  # the prose with the inside of every quotation blanked
    low: str | None = None  # ``bare`` lower-cased, where that keeps its length (else None)


def bare_text(prose: str, quotations: tuple["Quotation", ...]) -> str:
    """``prose`` with quoted text replaced by spaces (quote marks kept), same length."""
    if not quotations:
        return prose
    pieces: list[str] = []
    pos = 0
    for q in quotations:
        for p in q.parts:
            if p.start < pos:
                continue
            pieces.append(prose[pos : p.start])
            pieces.append(" " * (p.end - p.start))
            pos = p.end
    pieces.append(prose[pos:])
    return "".join(pieces)


def analyse(article: "Article") -> Attribution:
    from newslint.attribution import quotes, sources

    prose = article.prose
    quotations = article.quotations
    bare = bare_text(prose, quotations)
    low: str | None = bare.lower()
    if len(low) != len(bare):
        low = None
    # The words of the article, for cheap tests of whether a word list can match at all; an
    # article with no quotation and no unnamed source saying something needs no sentences.
    t = tables()
    tokens = words_among(article.word_set) if low is not None else words_present(bare.lower())
    unnamed_possible = bool(tokens & t.roles and tokens & t.claim_gate)
    if not quotations and not unnamed_possible:
        return Attribution((), (), bare, low)
    starts, ends = article.sentence_bounds
    if not starts:
        return Attribution((), (), bare, low)
    found = quotes.attribute(article, bare, starts, ends, quotes.Cues(bare, low, starts, ends, tokens)) if quotations else ()
    unnamed = sources.unnamed_sources(bare, low, starts, ends, tokens) if unnamed_possible else ()
    return Attribution(found, unnamed, bare, low)


def preload() -> None:
    """Read the lexicon and build every pattern of the analysis now, rather than on first use: a
    parallel run calls this before its workers fork, so that they inherit one copy instead of
    each building its own (~40 ms a worker; rebuilt from the rule cache's programs, ~5 ms once)."""
    from newslint.attribution import cues, quotes, sources
    from newslint.patterns import LazyPattern

    tables()
    for module in (cues, quotes, sources):
        for value in vars(module).values():
            if isinstance(value, LazyPattern):
                value.pattern  # noqa: B018 - the first use compiles it
