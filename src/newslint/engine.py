"""Running rules over articles: each rule within its time budget, findings mapped from the prose
view to the file, suppressions applied, in one place after the kinds.

``lint_article`` runs the rule list of a :class:`~newslint.rulebook.RuleBook` on one article;
``check_file`` lints and (optionally) fixes one file as the runner read it and returns a picklable
:class:`FileReport`. Around it: :mod:`newslint.rulebook` (which rules, at which level, for a path),
:mod:`newslint.suppress` (newslint-disable comments and front matter), :mod:`newslint.fixes`
(writing fixes back), :mod:`newslint.budget` (the time budget).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Iterable

from newslint.article import Article
from newslint.budget import RuleOverrun, RuleTimer, budget_for
from newslint.config import RULE_TIME_BUDGET
from newslint.findings import LEVEL_RANK, Finding, one_per_span
from newslint.fixes import write_fixed
from newslint.corpus_phase import Collected, collect_article
from newslint.errors import REPORT_BUG, internal
from newslint.patterns import PatternTimeout
from newslint.rulebook import DIAGNOSTICS, RuleBook
from newslint.ruleset import CompiledRule
from newslint.runner import Source
from newslint.suppress import apply_suppressions

__all__ = ["DIAGNOSTICS", "RuleBook", "Reported", "ArticleSummary", "Collected", "FileReport", "lint_article",
           "in_source", "apply_suppressions", "resolve", "check_file", "exit_code"]

@dataclass(frozen=True)
class Reported:
    """A finding with its position resolved, as formatters receive it."""

    rule: str
    level: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    match: str
    article: str | None = None  # JSON Lines: the record's id


@dataclass(frozen=True)
class ArticleSummary:
    """One article's counts of findings by rule and its metrics (bot-likeness)."""

    name: str
    counts: dict[str, int]
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FileReport:
    """What checking one file found: findings, article summaries, and why it was skipped or not read."""

    path: str
    findings: tuple[Reported, ...] = ()
    articles: tuple[ArticleSummary, ...] = ()
    skipped: str | None = None
    note: str | None = None
    fixed: int = 0
    error: str | None = None  # the file could not be read
    collected: tuple[Collected, ...] = ()  # corpus kinds: per-article features for check_corpus


def lint_article(article: Article, rules: list[CompiledRule], diagnostics: dict[str, str],
                 budget: float = RULE_TIME_BUDGET) -> tuple[list[Finding], dict[str, Any]]:
    """Run the rules on one article, each within its time budget; map their findings from the
    prose to the file; apply suppressions; report suppressions that suppressed nothing."""
    notes: list[Finding] = [n.with_level(diagnostics[n.rule]) for n in article.notes if n.rule in diagnostics]
    found: list[Finding] = []  # in prose offsets, until mapped below
    metrics: dict[str, Any] = {}
    seconds = budget_for(budget, len(article.prose))
    # Kinds with NEEDS_FINDINGS (article-level scores) run last and see the findings so far.
    ordered = sorted(((r.needs_findings, r) for r in rules), key=_first)
    timer = RuleTimer()
    try:
        for late, rule in ordered:
            try:
                with timer.rule(seconds):
                    if late:
                        more, measured = rule.kind.assess(article, rule.rule, rule.state, findings=tuple(notes + found))
                    else:
                        more, measured = list(rule.check(article)), rule.measure(article)
            except (RuleOverrun, PatternTimeout, TimeoutError) as exc:
                if "rule-timeout" in diagnostics:
                    why = str(exc) if isinstance(exc, PatternTimeout) else f"took longer than its time budget ({seconds:.1f} s)"
                    notes.append(Finding("rule-timeout", diagnostics["rule-timeout"], f"{rule.id}: {why}; rule skipped for this article", 0, 0))
                continue
            except Exception as exc:  # noqa: BLE001 - a bug in the kind: this rule on this article is lost, nothing else
                if "internal-error" in diagnostics:
                    notes.append(Finding("internal-error", diagnostics["internal-error"],
                                         f"{rule.id} failed ({internal(exc)}); rule skipped for this article: {REPORT_BUG}", 0, 0))
                continue
            found.extend(more)
            metrics.update(measured)
    finally:
        timer.close()
    raw = notes + [in_source(article, f) for f in found]
    findings = one_per_span(apply_suppressions(article, raw, "unused-suppression" in diagnostics, diagnostics.get("unused-suppression", "info")))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings, metrics


def _first(pair: tuple) -> bool:
    return pair[0]


def in_source(article: Article, f: Finding) -> Finding:
    """A kind's finding (prose offsets) with its offsets in the file. Fixes already hold file
    offsets (a fix edits the file)."""
    start, end = article.to_source(f.start, f.end)
    related = tuple(article.to_source(a, b) for a, b in f.related)
    return replace(f, start=start, end=end, related=related)


def resolve(article: Article, f: Finding) -> Reported:
    line, col = article.position(f.start)
    end_line, end_col = article.position(f.end)
    return Reported(f.rule, f.level, f.message, line, col, end_line, end_col, f.start, f.end,
                    article.source[f.start : f.end], article.id if article.origin_line is not None else None)


def check_file(source: Source, book: RuleBook, fix: bool = False) -> FileReport:
    """Lint and optionally fix one file, as read by :func:`~newslint.runner.read_file`. Never raises for bad input."""
    path, display, loaded = source.path, source.display, source.loaded
    if source.error:
        return FileReport(display, error=source.error)
    if loaded.skipped:
        return FileReport(display, skipped=loaded.skipped)
    rules = book.for_path(path)
    diagnostics = book.enabled_diagnostics(path)
    reported: list[Reported] = []
    summaries: list[ArticleSummary] = []
    fixes = []
    note = loaded.note
    if loaded.note and "encoding" in diagnostics:
        # Said once: as a finding (which configuration can silence), else as the file's note.
        reported.append(Reported("encoding", diagnostics["encoding"], loaded.note, 1, 1, 1, 1, 0, 0, ""))
        note = None
    corpus_rules = [r for r in rules if r.compares]
    collected: list[Collected] = []
    limit = book.settings.max_article_chars
    for article in loaded.articles:
        if len(article.prose) > limit:
            # A dump or an export, not a story: left unchecked rather than spend minutes and
            # gigabytes on it (max_article_chars raises the limit). Counted in text, not markup:
            # a page of 18 MB may hold a story of 1 MB.
            counts = {}
            if "article-too-long" in diagnostics:
                message = f"{len(article.prose):,} characters of text, over the limit of {limit:,} (max_article_chars): not checked"
                reported.append(resolve(article, Finding("article-too-long", diagnostics["article-too-long"], message, 0, 0)))
                counts = {"article-too-long": 1}
            summaries.append(ArticleSummary(article.display_name, counts))
            continue
        try:
            found = collect_article(article, corpus_rules)
            findings, metrics = lint_article(article, rules, diagnostics, book.settings.rule_time_budget)
            done = [resolve(article, f) for f in findings]
        except Exception as exc:  # noqa: BLE001 - a bug outside the rules (mapping, suppressions): this article is lost, no other
            counts = {}
            if "internal-error" in diagnostics:
                message = f"checking this article failed ({internal(exc)}): {REPORT_BUG}"
                line = article.origin_line if article.origin_line is not None else 1  # a JSON Lines record's own line
                reported.append(Reported("internal-error", diagnostics["internal-error"], message, line, 1, line, 1, 0, 0, "",
                                         article.id if article.origin_line is not None else None))
                counts = {"internal-error": 1}
            summaries.append(ArticleSummary(article.display_name, counts))
            continue
        collected.extend(found)
        fixes.extend((f.fix, (f.rule, f.start, f.end)) for f in findings if f.fix is not None)
        reported.extend(done)
        summaries.append(ArticleSummary(article.display_name, dict(Counter(f.rule for f in findings)), metrics))
    fixed = 0
    if fix and fixes and loaded.decoded is not None and len(loaded.articles) == 1 and loaded.articles[0].fmt != "jsonl":
        if loaded.note:
            return FileReport(display, tuple(reported), tuple(summaries), note=f"not fixed: {loaded.note}", collected=tuple(collected))
        try:
            applied = write_fixed(path, loaded.decoded, [fx for fx, _ in fixes])
        except OSError as exc:  # a full disk, a read-only folder: the findings stand, the file is as it was
            return FileReport(display, tuple(reported), tuple(summaries), note=f"not fixed: cannot write the file ({exc.strerror or exc})",
                              collected=tuple(collected))
        fixed = len(applied)
        # A fix's range may differ from its finding's (it takes the joining white space too).
        gone = {key for fx, key in fixes if fx in applied}
        reported = [r for r in reported if (r.rule, r.start, r.end) not in gone]
        if gone:  # the summary counts what is left in the file
            left = dict(summaries[0].counts)
            for rule, _, _ in gone:
                left[rule] -= 1
            summaries[0] = ArticleSummary(summaries[0].name, {k: v for k, v in left.items() if v}, summaries[0].metrics)
    return FileReport(display, tuple(reported), tuple(summaries), note=note, fixed=fixed, collected=tuple(collected))




def exit_code(reports: Iterable[FileReport], fail_on: str) -> int:
    threshold = LEVEL_RANK[fail_on]
    return 1 if any(LEVEL_RANK[f.level] >= threshold for r in reports for f in r.findings) else 0
