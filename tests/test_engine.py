"""The engine with a stub kind: fixes written atomically and byte-exactly, levels and diagnostics
from configuration, and rule timeouts reported instead of raised."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from types import SimpleNamespace

from newslint.config import Settings
from newslint.engine import RuleBook, check_file, exit_code
from newslint.findings import Fix
from newslint.patterns import PatternTimeout
from newslint.ruleset import CompiledRule, Rule
from newslint.runner import read_file


def stub_rule(rid: str, check, level: str = "error") -> CompiledRule:
    kind = SimpleNamespace(OPTIONS={}, prepare=lambda o, w: None, check=check)
    rule = Rule(rid, "stub", level, "m", "s", "w", {}, (), (), "<stub>")
    return CompiledRule(rule, kind, None)


def remove_word(word: str):
    def check(article, rule, state):
        i = article.source.find(word)
        if i >= 0:
            yield rule.finding(i, i + len(word), fix=Fix(i, i + len(word), ""))
    return check


def test_fix_removes_exactly_the_span_and_keeps_encoding_bom_newlines_and_mode(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    original = "\ufeffTitle\r\n\r\nKeep this. REMOVE Keep é too.\r\n".encode("utf-8")
    p.write_bytes(original)
    p.chmod(0o640)
    book = RuleBook([stub_rule("strip", remove_word("REMOVE "))], Settings())
    report = check_file(read_file(p, "a.txt"), book, fix=True)
    assert report.fixed == 1 and report.findings == ()
    assert p.read_bytes() == original.replace(b"REMOVE ", b"")
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert [x.name for x in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def test_fix_never_touches_a_file_without_fixes(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Nothing to remove here.\n")
    before = (p.read_bytes(), p.stat().st_mtime_ns)
    book = RuleBook([stub_rule("strip", remove_word("REMOVE"))], Settings())
    report = check_file(read_file(p, "a.txt"), book, fix=True)
    assert report.fixed == 0 and (p.read_bytes(), p.stat().st_mtime_ns) == before


def test_fix_skips_jsonl_and_fallback_decoded_files(tmp_path: Path) -> None:
    book = RuleBook([stub_rule("strip", remove_word("REMOVE"))], Settings())
    for name, data in (("a.jsonl", b'{"text": "x REMOVE y"}\n'), ("b.txt", "caf\xe9 REMOVE".encode("cp1252"))):
        p = tmp_path / name
        p.write_bytes(data)
        report = check_file(read_file(p, name), book, fix=True)
        assert report.fixed == 0 and p.read_bytes() == data
        assert [f.rule for f in report.findings if f.rule == "strip"] == ["strip"]


def test_overlapping_fixes_apply_once(tmp_path: Path) -> None:
    def check(article, rule, state):
        yield rule.finding(0, 6, fix=Fix(0, 6, ""))
        yield rule.finding(3, 9, fix=Fix(3, 9, ""))
    p = tmp_path / "a.txt"
    p.write_text("abcdefghij")
    report = check_file(read_file(p, "a.txt"), RuleBook([stub_rule("x", check)], Settings()), fix=True)
    assert report.fixed == 1 and p.read_text() in ("ghij", "abcj")


def test_rule_timeout_is_a_finding_and_other_rules_still_run(tmp_path: Path) -> None:
    def slow(article, rule, state):
        raise PatternTimeout("pattern took too long")
        yield  # pragma: no cover

    p = tmp_path / "a.txt"
    p.write_text("Some REMOVE text.\n")
    book = RuleBook([stub_rule("slow", slow), stub_rule("strip", remove_word("REMOVE"), level="warning")], Settings())
    report = check_file(read_file(p, "a.txt"), book)
    assert sorted((f.rule, f.level) for f in report.findings) == [("rule-timeout", "warning"), ("strip", "warning")]
    assert exit_code([report], "error") == 0 and exit_code([report], "warning") == 1


def _busy(seconds: float) -> None:
    import time

    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_each_rule_gets_its_whole_budget_from_one_timer_and_none_is_left_set() -> None:
    """One interval timer serves an article's rules (budget.RuleTimer): the second rule starts
    after the timer was set for the first and runs past the first's deadline, yet it is not
    stopped; a rule that never ends is; afterwards no timer is pending."""
    import _signal

    from newslint.budget import RuleOverrun, RuleTimer

    timer = RuleTimer()
    finished, stopped = [], []
    try:
        for name, seconds in (("first", 0.35), ("second", 0.35), ("endless", 60.0), ("after", 0.0)):
            try:
                with timer.rule(0.5):
                    _busy(seconds)
                finished.append(name)
            except RuleOverrun:
                stopped.append(name)
    finally:
        timer.close()
    assert finished == ["first", "second", "after"] and stopped == ["endless"]
    assert _signal.getitimer(_signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_rule_past_its_budget_under_the_engine_is_a_rule_timeout(tmp_path: Path) -> None:
    def endless(article, rule, state):
        _busy(60.0)
        yield  # pragma: no cover

    p = tmp_path / "a.txt"
    p.write_text("Some REMOVE text.\n")
    book = RuleBook([stub_rule("endless", endless), stub_rule("strip", remove_word("REMOVE"), level="warning")],
                    Settings(rule_time_budget=0.2))
    report = check_file(read_file(p, "a.txt"), book)
    assert sorted(f.rule for f in report.findings) == ["rule-timeout", "strip"]
    assert "took longer than its time budget" in next(f.message for f in report.findings if f.rule == "rule-timeout")


def test_unreadable_path_is_a_report_not_an_exception(tmp_path: Path) -> None:
    report = check_file(read_file(tmp_path / "missing.md", "missing.md"), RuleBook([], Settings()))
    assert report.error and report.error.startswith("cannot read")
    assert os.listdir(tmp_path) == []


def test_a_rule_that_raises_is_an_internal_error_finding_and_the_others_still_run(tmp_path: Path) -> None:
    """A bug in a kind (an exception on this article) costs that rule on that article: an
    ``internal-error`` finding at error level names the rule and the exception; the other rules'
    findings stand, and configuration can re-level or ignore the diagnostic like any other."""
    def broken(article, rule, state):
        yield rule.finding(0, 4)
        raise KeyError("no such thing")

    p = tmp_path / "a.txt"
    p.write_text("Some REMOVE text.\n")
    rules = [stub_rule("broken", broken), stub_rule("strip", remove_word("REMOVE"), level="warning")]
    report = check_file(read_file(p, "a.txt"), RuleBook(rules, Settings()))
    assert sorted((f.rule, f.level) for f in report.findings) == [("internal-error", "error"), ("strip", "warning")]
    message = next(f.message for f in report.findings if f.rule == "internal-error")
    assert message.startswith("broken failed (KeyError: 'no such thing'); rule skipped") and "a bug in newslint" in message
    assert exit_code([report], "error") == 1
    quiet = check_file(read_file(p, "a.txt"), RuleBook(rules, Settings(ignore=("internal-error",))))
    assert [f.rule for f in quiet.findings] == ["strip"]


def test_a_failure_outside_the_rules_costs_that_article_only(tmp_path: Path, monkeypatch) -> None:
    """A bug after the rules ran (here: mapping the findings to the file) loses one article of a
    JSON Lines file, reported on its own line; the file's other article is checked in full."""
    import newslint.engine as engine

    def strip_all(article, rule, state):
        i = article.source.find("REMOVE")
        if i >= 0:
            yield rule.finding(i, i + 6)

    real = engine.lint_article

    def lint(article, *a, **k):
        if "first" in article.prose:
            raise IndexError("offset map out of range")
        return real(article, *a, **k)

    monkeypatch.setattr(engine, "lint_article", lint)
    p = tmp_path / "feed.jsonl"
    p.write_text('{"id": "one", "text": "The first REMOVE story."}\n{"id": "two", "text": "The second REMOVE story."}\n')
    report = check_file(read_file(p, "feed.jsonl"), RuleBook([stub_rule("strip", strip_all)], Settings()))
    got = sorted((f.rule, f.line, f.article) for f in report.findings)
    assert got == [("internal-error", 1, "one"), ("strip", 2, "two")]
    assert [s.counts for s in report.articles] == [{"internal-error": 1}, {"strip": 1}]


def test_a_loader_that_raises_reports_the_file_unread(tmp_path: Path, monkeypatch) -> None:
    import newslint.runner as runner

    def broken(*a, **k):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(runner, "load_bytes", broken)
    p = tmp_path / "a.md"
    p.write_text("# Title\n\nText.\n")
    source = read_file(p, "a.md")
    assert source.error.startswith("reading it failed (RecursionError: maximum recursion depth exceeded)")
    assert check_file(source, RuleBook([], Settings())).error == source.error


def test_an_exception_whose_message_fails_is_still_named() -> None:
    from newslint.errors import internal

    class Odd(Exception):
        def __str__(self) -> str:
            raise ValueError("no message")

    assert internal(Odd()) == "Odd"
    assert internal(KeyError("x" * 500)).endswith("…") and len(internal(KeyError("x" * 500))) < 140
