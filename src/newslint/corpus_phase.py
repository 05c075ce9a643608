"""The corpus phase of ``check``: kinds that compare articles with each other (near-duplicate).

In the workers, :func:`collect_article` takes what each corpus kind needs from an article.
:func:`digest_collected` turns a batch of reports' worth into the kind's compact form and
:func:`compare` runs each corpus kind once over everything collected, handing it the index when
the kind uses one (opened here, from the configuration: the kind never opens it): both in the
corpus process when the command line started one (:mod:`newslint.corpus_process`), else in the
parent. :func:`check_corpus` merges the findings into the file reports.

An article whose front matter or comments disable a corpus rule is still collected: the others are
compared with it (a copy of it is still a copy), only the findings *on* it are dropped. When that
happens its suppression did suppress something, so its ``unused-suppression`` note is withdrawn.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time

from newslint.article import Article
from newslint.errors import CorpusFailure, NewslintError, internal
from newslint.findings import Finding

if TYPE_CHECKING:  # engine imports this module: its names are imported where they are used
    from typing import Any
    from newslint.engine import FileReport, Reported, RuleBook
    from newslint.ruleset import CompiledRule


@dataclass(frozen=True)
class Collected:
    """What a corpus kind collected from one article in the worker, with the place (title or start)
    where its findings on that article will be reported."""

    rule: str
    level: str
    anchor: "Reported"
    data: Any
    digested: bool = False  # turned into the kind's compact form (``digest``) already
    # Spans of the suppressions that disable the rule on this article: it takes part in the
    # comparison, but findings on it are dropped.
    suppressed_by: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class CorpusContext:
    """What a corpus kind gets besides the collected items: the opened index (or None) and the
    index key of an article name (so that an article is not reported as a copy of itself)."""

    index: Any = None
    key_of: Any = None


def suppressing(article: Article, rule_id: str) -> tuple[tuple[int, int], ...]:
    """Spans of the suppressions that cover ``rule_id`` at the article's title (or first line):
    front matter, or a disable comment around it. Empty when the rule is not suppressed."""
    from newslint.engine import apply_suppressions

    if not article.suppressions:
        return ()
    start, end = anchor_span(article)
    probe = Finding(rule_id, "info", "", start, end)
    unused = apply_suppressions(article, [probe], True, "info")
    if probe in unused:
        return ()
    left = {(f.start, f.end) for f in unused if f.rule == "unused-suppression"}
    return tuple((s.start, s.end) for s in article.suppressions if s.kind != "enable" and (s.start, s.end) not in left)


def anchor_span(article: Article) -> tuple[int, int]:
    """Where findings on the whole article are reported: the first line of its title, else of its
    first paragraph."""
    span = article.title_span or (article.paragraphs[0] if article.paragraphs else None)
    start, end = article.to_source(span.start, span.end) if span is not None else (0, 0)  # prose view -> file
    newline = article.source.find("\n", start, end)
    return start, (newline if newline != -1 else end)


def collect_article(article: Article, corpus_rules: list["CompiledRule"]) -> list[Collected]:
    """What each corpus kind compares, with whether the article suppresses the rule. Never raises
    for bad input: an article that fails is left out."""
    from newslint.engine import resolve

    out = []
    start, end = anchor_span(article)
    for rule in corpus_rules:
        try:
            data = rule.kind.collect(article, rule.rule, rule.state)
        except (ValueError, MemoryError):
            continue
        anchor = resolve(article, Finding(rule.id, rule.rule.level, "", start, end))
        out.append(Collected(rule.id, rule.rule.level, anchor, data, suppressed_by=suppressing(article, rule.id)))
    return out


def _corpus_rule(book: "RuleBook", rid: str) -> "CompiledRule":
    return next((r for r in book.base if r.id == rid), book.all[rid])  # with configured options


def digest_collected(reports: list["FileReport"], book: "RuleBook") -> list["FileReport"]:
    """Let each corpus kind with a ``digest`` turn what it collected from these reports into its
    compact form, in one batch (a worker does this for its chunk of files)."""
    by_rule: dict[str, list[tuple[int, int]]] = {}
    for i, r in enumerate(reports):
        for j, c in enumerate(r.collected):
            if not c.digested:
                by_rule.setdefault(c.rule, []).append((i, j))
    if not by_rule:
        return reports
    collected = [list(r.collected) for r in reports]
    for rid, places in by_rule.items():
        rule = _corpus_rule(book, rid)
        digest = getattr(rule.kind, "digest", None)
        if digest is None:
            continue
        done = guarded(rid, digest, [collected[i][j].data for i, j in places], rule.rule, rule.state)
        for (i, j), data in zip(places, done):
            collected[i][j] = replace(collected[i][j], data=data, digested=True)
    return [replace(r, collected=tuple(c)) if c != list(r.collected) else r for r, c in zip(reports, collected)]


def _context(rule: "CompiledRule", settings: Any) -> CorpusContext:
    """The index for a kind that uses one, when the configuration names one that exists."""
    if not getattr(rule.kind, "USES_INDEX", False) or not settings.index:
        return CorpusContext()
    from newslint.index import configured_index

    found = configured_index(settings, rule.state.params)
    return CorpusContext(*found) if found else CorpusContext()


def guarded(rid: str, fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, a step of corpus rule ``rid``; an exception that is not a
    NewslintError (an index that cannot be read: the user's to fix, said as such) is a bug in the
    kind, raised as :class:`~newslint.errors.CorpusFailure`: the run goes on without the comparison."""
    try:
        return fn(*args, **kwargs)
    except NewslintError:
        raise
    except Exception as exc:  # noqa: BLE001 - see above
        raise CorpusFailure(rid, internal(exc)) from exc


def corpus_rules(book: "RuleBook") -> dict[str, "CompiledRule"]:
    """Every rule that compares articles, by id, with its configured options."""
    return {rid: _corpus_rule(book, rid) for rid, r in book.all.items() if r.compares}


def compare(items: dict[str, list], rules: dict[str, "CompiledRule"], settings: Any, progress=None) -> dict[str, list]:
    """Run each corpus kind once over its collected items (raw or digested: a kind's
    ``check_corpus`` takes both), with the index when it uses one: the findings of each item, by
    rule. ``progress`` (optional) is handed to the kind, which reports its phases through it."""
    found = {}
    for rid, data in sorted(items.items()):
        if not data:
            continue
        rule = rules[rid]
        context = _context(rule, settings)
        try:
            found[rid] = guarded(rid, rule.kind.check_corpus, data, rule.rule, rule.state, context, progress=progress)
        finally:
            if context.index is not None:
                context.index.close()
    return found


def check_corpus(reports: list["FileReport"], book: "RuleBook", progress=None, compared: dict[str, list] | None = None) -> list["FileReport"]:
    """Compare everything collected (:func:`compare`), unless ``compared`` holds its answer
    already (from :mod:`newslint.corpus_process`), and add the findings to the reports."""
    from newslint.engine import Reported

    by_rule: dict[str, list[tuple[int, Collected]]] = {}
    for i, r in enumerate(reports):
        for c in r.collected:
            by_rule.setdefault(c.rule, []).append((i, c))
    if compared is None:
        compared = compare({rid: [c.data for _, c in items] for rid, items in by_rule.items()},
                           {rid: _corpus_rule(book, rid) for rid in by_rule}, book.settings, progress)
    added: dict[int, list[Reported]] = {}
    used: dict[int, set[tuple[str | None, int, int]]] = {}  # suppressions that dropped a finding
    for rid, items in sorted(by_rule.items()):
        found = compared[rid]
        for (i, c), findings in zip(items, found):
            a = c.anchor
            if c.suppressed_by:
                if findings:
                    used.setdefault(i, set()).update((a.article, s, e) for s, e in c.suppressed_by)
                continue
            for f in findings:
                added.setdefault(i, []).append(Reported(rid, c.level, f.message, a.line, a.column, a.end_line,
                                                        a.end_column, a.start, a.end, a.match, a.article))
    if not added and not used:
        return reports
    out = []
    for i, r in enumerate(reports):
        extra, spent = added.get(i, []), used.get(i, set())
        if not extra and not spent:
            out.append(r)
            continue
        withdrawn = [f for f in r.findings if f.rule == "unused-suppression" and (f.article, f.start, f.end) in spent]
        counts = Counter((f.article, f.rule) for f in extra)
        counts.subtract(Counter((f.article, f.rule) for f in withdrawn))
        order = {_record_id(r.path, a.name): n for n, a in enumerate(r.articles)}
        summaries = []
        for s in r.articles:
            key = _record_id(r.path, s.name)
            merged = dict(s.counts)
            for (art, rid), v in counts.items():
                if art == key:
                    merged[rid] = merged.get(rid, 0) + v
            summaries.append(replace(s, counts={k: v for k, v in merged.items() if v}))
        kept = [f for f in r.findings if f not in withdrawn]
        findings = sorted((*kept, *extra), key=lambda f: (order.get(f.article, 0), f.start, f.end, f.rule))
        out.append(replace(r, findings=tuple(findings), articles=tuple(summaries)))
    return out


def _record_id(path: str, name: str) -> str | None:
    """The JSON Lines record id in an article's display name (``path#id``), else None."""
    return name[len(path) + 1 :] if name.startswith(path + "#") else None
