"""findings.one_per_span: the same words reported by two rules become one finding."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli, write
from newslint.findings import MAX_SAME_WORDS, Finding, Fix, one_per_span


def f(rule: str, start: int, end: int, level: str = "warning", **kw) -> Finding:
    return Finding(rule, level, f"{rule} message", start, end, **kw)


def test_the_longer_match_over_the_same_words_wins() -> None:
    poised, deepen = f("stock-conclusion", 21, 30), f("ai-filler", 21, 37)  # "poised to", "poised to deepen"
    role_long, role = f("stock-conclusion", 113, 137), f("ai-filler", 123, 137)  # "will play a pivotal role", "a pivotal role"
    assert one_per_span([poised, deepen, role_long, role]) == [deepen, role_long]


def test_a_more_severe_finding_wins_over_a_longer_one_and_a_fix_over_none() -> None:
    short_error, long_warning = f("house-rule", 21, 30, "error"), f("ai-filler", 21, 37)
    assert one_per_span([long_warning, short_error]) == [short_error]
    fixable, plain = f("boilerplate-ending", 0, 9, fix=Fix(0, 9)), f("stock-conclusion", 0, 9)
    assert one_per_span([plain, fixable]) == [fixable]


def test_findings_about_other_words_or_larger_structures_are_all_kept() -> None:
    quote = f("unsourced-quote", 0, 100)  # a phrase inside a quotation: not the same words
    phrase = f("ai-filler", 40, 60)
    paragraph, residue = f("restated-paragraph", 500, 900), f("boilerplate-ending", 520, 900, "error")
    apart, touching = f("ai-filler", 1000, 1010), f("stock-conclusion", 1010, 1020)
    article, note = f("bot-like-article", 0, 2000), f("encoding", 0, 0, "info")
    kept = [quote, phrase, paragraph, residue, apart, touching, article, note]
    assert one_per_span(kept) == kept


def test_ties_are_decided_the_same_way_whatever_the_order() -> None:
    a, b = f("ai-filler", 5, 20), f("stock-conclusion", 5, 20)
    assert one_per_span([a, b]) == one_per_span([b, a]) == [a]


spans = st.lists(st.tuples(st.integers(0, 300), st.integers(0, 150), st.sampled_from(["a", "b", "c"]),
                           st.sampled_from(["error", "warning", "info"])), max_size=40)


@settings(max_examples=200, deadline=None)
@given(spans)
def test_kept_findings_never_share_most_of_their_words_and_each_dropped_one_lost_to_a_kept_one(raw) -> None:
    findings = [f(rule, s, s + n, level) for s, n, rule, level in raw]
    kept = one_per_span(findings)
    assert [x for x in findings if any(x is y for y in kept)] == kept  # a subset, in the order given
    assert one_per_span(kept) == kept

    def same_words(x: Finding, y: Finding) -> bool:
        overlap = min(x.end, y.end) - max(x.start, y.start)
        longer = max(x.end - x.start, y.end - y.start)
        return overlap > 0 and 2 * overlap >= longer and longer <= MAX_SAME_WORDS

    for i, x in enumerate(kept):
        assert not any(same_words(x, y) for y in kept[i + 1 :])
    for x in findings:
        if not any(x is y for y in kept):
            assert any(same_words(x, y) for y in kept)


def test_check_reports_poised_to_deepen_once(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": "Talks\n\nThe two countries met on Monday in Paris for talks about trade and energy.\n\n"
                              "Both governments are poised to deepen ties after the summit.\n\n"
                              "The new port will play a pivotal role in the region.\n"})
    r = run_cli("check", "--no-config", "--select", "ai-filler,stock-conclusion", str(tmp_path / "a.txt"))
    found = [line.split(" ", 3)[2:] for line in r.out.splitlines() if " warning " in line]
    assert [(rule, msg.split('"')[1]) for rule, msg in found] == [
        ("ai-filler", "poised to deepen"), ("stock-conclusion", "will play a pivotal role")], r.out
