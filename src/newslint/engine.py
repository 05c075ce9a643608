"""Running rules over articles: configuration and suppressions applied in one place, after the kinds.

``RuleBook`` turns the bundled and user rules plus :class:`~newslint.config.Settings` into the rule
list for each file; ``lint_article`` runs it on one article; ``check_file`` lints and (optionally)
fixes one file as the runner read it and returns a picklable :class:`FileReport`.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from newslint.article import Article
from newslint.config import Settings
from newslint.corpus_phase import Collected, collect_article
from newslint.errors import ConfigError, RuleError
from newslint.findings import LEVEL_RANK, Finding
from newslint.patterns import PatternTimeout
from newslint.ruleset import CompiledRule
from newslint.runner import Source

# Diagnostics that newslint itself reports about its input; select/ignore/levels apply to them too.
DIAGNOSTICS: dict[str, tuple[str, str]] = {
    "front-matter": ("warning", "Front matter that is not valid YAML or not closed; the body is still checked."),
    "html-structure": ("info", "HTML that is not well formed (unclosed or stray tags); the text is still checked."),
    "invalid-record": ("warning", "A JSON Lines record that is not a JSON object with a \"text\" string."),
    "encoding": ("info", "A file that is not valid UTF-8 and was decoded with a fallback encoding."),
    "unused-suppression": ("info", "A newslint-disable comment or front matter entry that suppressed nothing."),
    "rule-timeout": ("warning", "A rule pattern that took too long on an article and was stopped."),
    "article-too-long": ("warning", "An article longer than max_article_chars (default 5,000,000 characters), left unchecked."),
}


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
    name: str
    counts: dict[str, int]
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FileReport:
    path: str
    findings: tuple[Reported, ...] = ()
    articles: tuple[ArticleSummary, ...] = ()
    skipped: str | None = None
    note: str | None = None
    fixed: int = 0
    error: str | None = None  # the file could not be read
    collected: tuple[Collected, ...] = ()  # corpus kinds: per-article features for check_corpus


class RuleBook:
    """All rules, and the effective rule list for a path after configuration."""

    def __init__(self, rules: list[CompiledRule], settings: Settings) -> None:
        for r in rules:
            if r.id in DIAGNOSTICS:  # it would silently stand in for the built-in check of that name
                raise RuleError(f"id {r.id!r} is a built-in diagnostic's; give the rule another id", str(r.rule.path), "id")
        self.all = {r.id: r for r in rules}
        self.settings = settings
        self._cache: dict[tuple, list[CompiledRule]] = {}
        self._diagnostics: dict[tuple, dict[str, str]] = {}
        known = set(self.all) | set(DIAGNOSTICS)
        where = settings.path
        self._check_ids(settings.select or (), known, where, "select")
        self._check_ids(settings.ignore, known, where, "ignore")
        self._check_ids(settings.rules, known, where, "rules")
        for i, o in enumerate(settings.overrides):
            self._check_ids(o.select or (), known, where, f"overrides[{i}].select")
            self._check_ids(o.ignore, known, where, f"overrides[{i}].ignore")
            self._check_ids(o.rules, known, where, f"overrides[{i}].rules")
        self._check_options(settings.rules, where, "rules")
        for i, o in enumerate(settings.overrides):
            self._check_options(o.rules, where, f"overrides[{i}].rules")
        self.base = self._effective(())

    @staticmethod
    def _check_ids(ids: Iterable[str], known: set[str], where: str | None, key: str) -> None:
        for rid in ids:
            if rid not in known:
                import difflib

                close = difflib.get_close_matches(rid, sorted(known), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ConfigError(f"unknown rule {rid!r} ({hint}see 'newslint rules')", where, key)

    def _check_options(self, settings: Mapping[str, Any], where: str | None, key: str) -> None:
        """Options given in the configuration are validated there, so an error names the
        configuration file and key rather than the rule file."""
        for rid, setting in settings.items():
            if not setting.options:
                continue
            k = f"{key}.{rid}.options"
            if rid not in self.all:
                raise ConfigError("this built-in check takes no options", where, k)
            try:
                self.all[rid].configured(None, setting.options)
            except RuleError as exc:
                raise ConfigError(exc.detail, where, k) from None

    def for_path(self, path: Path | None) -> list[CompiledRule]:
        if path is None or not self.settings.overrides:
            return self.base
        return self._effective(self.settings.overrides_for(path))

    def enabled_diagnostics(self, path: Path | None) -> dict[str, str]:
        overrides = self.settings.overrides_for(path) if path is not None else ()
        key = tuple(id(o) for o in overrides)
        if key not in self._diagnostics:
            self._diagnostics[key] = self._levels(list(DIAGNOSTICS), {k: v[0] for k, v in DIAGNOSTICS.items()}, overrides)
        return self._diagnostics[key]

    def _levels(self, ids: list[str], defaults: dict[str, str], overrides) -> dict[str, str]:
        s = self.settings
        layers = [(s.select, s.ignore, s.rules)] + [(o.select, o.ignore, o.rules) for o in overrides]
        levels: dict[str, str] = {}
        for rid in ids:
            level = defaults[rid]
            for select, ignore, settings in layers:
                if select is not None:
                    level = level if rid in select else "off"
                if rid in ignore:
                    level = "off"
                setting = settings.get(rid)
                if setting is not None and setting.level is not None:
                    level = setting.level
            levels[rid] = level
        return {k: v for k, v in levels.items() if v != "off"}

    def _effective(self, overrides: tuple) -> list[CompiledRule]:
        key = tuple(id(o) for o in overrides)
        if key in self._cache:
            return self._cache[key]
        levels = self._levels(list(self.all), {k: r.rule.level for k, r in self.all.items()}, overrides)
        out = []
        for rid, level in levels.items():
            options: dict[str, Any] = {}
            for settings in (self.settings.rules, *(o.rules for o in overrides)):
                if rid in settings:
                    options.update(settings[rid].options)
            rule = self.all[rid]
            out.append(rule.configured(level if level != rule.rule.level else None, options or None))
        self._cache[key] = out
        return out


def lint_article(article: Article, rules: list[CompiledRule], diagnostics: dict[str, str]) -> tuple[list[Finding], dict[str, Any]]:
    """Run the rules on one article; apply suppressions; report suppressions that suppressed nothing."""
    raw: list[Finding] = [n.with_level(diagnostics[n.rule]) for n in article.notes if n.rule in diagnostics]
    metrics: dict[str, Any] = {}
    # Kinds with NEEDS_FINDINGS (article-level scores) run last and see the findings so far.
    ordered = sorted(rules, key=lambda r: bool(getattr(r.kind, "NEEDS_FINDINGS", False)))
    for rule in ordered:
        try:
            if getattr(rule.kind, "NEEDS_FINDINGS", False):
                found, measured = rule.kind.assess(article, rule.rule, rule.state, findings=tuple(raw))
                raw.extend(found)
                metrics.update(measured)
                continue
            raw.extend(rule.check(article))
            metrics.update(rule.measure(article))
        except PatternTimeout as exc:
            if "rule-timeout" in diagnostics:
                raw.append(Finding("rule-timeout", diagnostics["rule-timeout"], f"{rule.id}: {exc}; rule skipped for this article", 0, 0))
    findings = apply_suppressions(article, raw, "unused-suppression" in diagnostics, diagnostics.get("unused-suppression", "info"))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings, metrics


def apply_suppressions(article: Article, findings: list[Finding], report_unused: bool, unused_level: str) -> list[Finding]:
    if not article.suppressions:
        return findings
    line_of = article.line_index.position
    # Regions: (rules, start, end, suppression index); disable..enable, next line, whole file.
    regions: list[tuple[tuple[str, ...], int, int, int]] = []
    open_disables: list[tuple[int, Any]] = []
    n = len(article.source)
    for i, s in enumerate(article.suppressions):
        if s.kind == "file":
            regions.append((s.rules, 0, n, i))
        elif s.kind == "disable-next-line":
            line, _ = line_of(s.end)
            a = article.line_index.line_start(line + 1) if line < article.line_index.count else n
            nxt = article.source.find("\n", a)
            b = n if nxt == -1 else nxt
            after = article.prose[s.end : a].lstrip()
            if article.fmt == "html" and after and article.paragraphs:
                # HTML written without line breaks: "the next line" is the next paragraph.
                first = a - len(after)
                a, b = s.end, article.paragraphs[article.paragraph_index(first)].end
            regions.append((s.rules, a, b, i))
        elif s.kind == "disable":
            open_disables.append((i, s))
        elif s.kind == "enable":
            for j in range(len(open_disables) - 1, -1, -1):
                idx, d = open_disables[j]
                if not s.rules or not d.rules or set(s.rules) & set(d.rules):
                    regions.append((d.rules, d.end, s.start, idx))
                    del open_disables[j]
                    break
    regions.extend((d.rules, d.end, n, idx) for idx, d in open_disables)
    used: set[int] = set()
    kept = []
    for f in findings:
        hit = [idx for rules, a, b, idx in regions if (not rules or f.rule in rules) and a <= f.start <= b and f.rule != "unused-suppression"]
        if hit:
            used.update(hit)
        else:
            kept.append(f)
    if report_unused:
        for i, s in enumerate(article.suppressions):
            if s.kind != "enable" and i not in used:
                what = ", ".join(s.rules) or "all rules"
                kept.append(Finding("unused-suppression", unused_level, f"newslint-{s.kind} ({what}) suppresses nothing", s.start, s.end))
    return kept


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
    corpus_rules = [r for r in rules if hasattr(r.kind, "check_corpus")]
    collected: list[Collected] = []
    limit = book.settings.max_article_chars
    for article in loaded.articles:
        if len(article.source) > limit:
            # A dump or an export, not a story: left unchecked rather than spend minutes and
            # gigabytes on it (max_article_chars raises the limit).
            counts = {}
            if "article-too-long" in diagnostics:
                message = f"{len(article.source):,} characters, over the limit of {limit:,} (max_article_chars): not checked"
                reported.append(resolve(article, Finding("article-too-long", diagnostics["article-too-long"], message, 0, 0)))
                counts = {"article-too-long": 1}
            summaries.append(ArticleSummary(article.display_name, counts))
            continue
        collected.extend(collect_article(article, corpus_rules))
        findings, metrics = lint_article(article, rules, diagnostics)
        fixes.extend((f.fix, (f.rule, f.start, f.end)) for f in findings if f.fix is not None)
        reported.extend(resolve(article, f) for f in findings)
        summaries.append(ArticleSummary(article.display_name, dict(Counter(f.rule for f in findings)), metrics))
    fixed = 0
    if fix and fixes and loaded.decoded is not None and len(loaded.articles) == 1 and loaded.articles[0].fmt != "jsonl":
        if loaded.note:
            return FileReport(display, tuple(reported), tuple(summaries), note=f"not fixed: {loaded.note}", collected=tuple(collected))
        try:
            applied = _write_fixed(path, loaded.decoded, [fx for fx, _ in fixes])
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


def _write_fixed(path: Path, decoded, fixes) -> list:
    """Apply non-overlapping fixes from the end backwards; write atomically, same encoding and BOM.
    Returns the fixes applied (none when the text would not change: the file is left untouched)."""
    text = decoded.text
    applied = []
    last = len(text) + 1
    for fx in sorted(fixes, key=lambda x: x.start, reverse=True):
        if fx.end > last:
            continue
        text = text[: fx.start] + fx.replacement + text[fx.end :]
        last = fx.start
        applied.append(fx)
    if text == decoded.text:
        return []
    import tempfile  # only when fixing (it pulls in shutil and compression modules)

    data = decoded.bom + text.encode(decoded.encoding)
    path = Path(os.path.realpath(path))  # through a symlink: replace its target, not the link
    # A short temporary name: the file's own name may be near the file system's limit.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".newslint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except OSError:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return applied


def exit_code(reports: Iterable[FileReport], fail_on: str) -> int:
    threshold = LEVEL_RANK[fail_on]
    return 1 if any(LEVEL_RANK[f.level] >= threshold for r in reports for f in r.findings) else 0
