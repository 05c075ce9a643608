"""Behaviour of the rule-pack kinds on short fixtures: what each finds, and what it leaves alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newslint.engine import lint_article
from newslint.errors import RuleError
from newslint.loaders import load_text
from newslint.ruleset import bundled_rules_dir, load_rules

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rules():
    return {r.id: r for r in load_rules([bundled_rules_dir()])}


def run(rule, text: str, fmt: str = "text"):
    return list(rule.check(load_text("t.txt", text, fmt)[0]))


def test_ai_filler_trailing_significance_clause(rules):
    r = rules["ai-filler"]
    found = run(r, "Ministers signed the pact on Monday, marking a major step in trade ties.")
    assert [f.message for f in found] and '"marking a major step"' in found[0].message
    assert not run(r, "Ministers signed the pact on Monday, marking the border with posts.")


def test_ai_filler_ignores_quotations(rules):
    assert not run(rules["ai-filler"], 'The minister said: "It is important to note that we agreed."')


def test_overlapping_phrases_give_one_finding(rules):
    found = run(rules["ai-filler"], "This is a significant step forward for the port.")
    assert len(found) == 1


def test_stock_conclusion_only_in_the_closing(rules):
    head = "Port plan\n\nIt remains to be seen how the port will pay, the mayor said on Monday.\n\n"
    body = "The council voted 9-2.\n\nWork starts in June.\n"
    assert not run(rules["stock-conclusion"], head + body)
    assert run(rules["stock-conclusion"], "Port plan\n\nThe council voted 9-2.\n\nWork starts in June.\n\nOnly time will tell.\n")


def test_repeated_phrase_ignores_names(rules):
    text = ("Talks go on\n\n" + " ".join(f"Prime Minister Kishida Fumio {v}." for v in ("spoke", "left", "waved", "smiled"))
            + "\n\nPrime Minister Kishida Fumio returned.\n")
    assert not run(rules["repeated-phrase"], text)


def test_repeated_phrase_one_finding_per_phrase_listing_lines(rules):
    text = "Town plans library\n\n" + "\n\n".join(
        ["We must boost local reading habits now."] * 4)
    found = run(rules["repeated-phrase"], text)
    assert len(found) == 1 and "boost local reading habits" in found[0].message and "4 times" in found[0].message
    assert len(found[0].related) == 3
    assert "(again on lines 5, 7 and 9)" in found[0].message


def test_repeated_phrase_says_when_a_line_repeats_it_twice(rules):
    text = ("Town plans library\n\nWe must boost local reading habits now.\n\n"
            "We must boost local reading habits, and boost local reading habits again.\n")
    (found,) = run(rules["repeated-phrase"], text)
    assert "(again on line 5 twice)" in found.message


def test_restated_paragraph_names_the_earlier_one(rules):
    found = run(rules["restated-paragraph"], rules["restated-paragraph"].rule.examples_fail[0])
    assert found and "restates paragraph 1 " in found[0].message and found[0].related


def test_boilerplate_fix_in_html_takes_whole_elements(rules):
    html = ("<html><body><article><p>The council voted on Tuesday to build flood barriers along the river.</p>"
            "<p>Share This Article</p><p>4 Min Read</p></article></body></html>")
    (found,) = run(rules["boilerplate-ending"], html, "html")
    assert html[found.fix.start : found.fix.end] == "<p>Share This Article</p><p>4 Min Read</p>"


def test_boilerplate_wire_signoff_after_gap(rules):
    found = run(rules["boilerplate-ending"], "Soy oil\n\nSoybean oil prev 3.7, total 55.8 (33.7).        REUTER\n")
    assert found and found[0].end - found[0].start == len("REUTER")


def test_bot_like_sees_other_rules_findings(rules):
    article = load_text("t.txt", (ROOT / "examples" / "bot-story.txt").read_text(encoding="utf-8"))[0]
    alone, m_alone = lint_article(article, [rules["bot-like-article"]], {})
    together, m_all = lint_article(article, list(rules.values()), {})
    assert m_all["bot_likeness"] > m_alone["bot_likeness"]
    assert any(f.rule == "bot-like-article" for f in together)


def test_faulty_pattern_is_named(tmp_path):
    (tmp_path / "my-rule.yaml").write_text(
        "id: my-rule\nkind: ending-residue\nlevel: error\nmessage: m\nsummary: s\nwhy: w\n"
        "options:\n  strong_patterns: ['ok', '(a+)+']\nexamples: {fail: [], pass: []}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"\(a\+\)\+"):
        load_rules([tmp_path])


def test_json_summary_has_bot_likeness(tmp_path):
    p = tmp_path / "a.md"
    p.write_text((ROOT / "examples" / "clean-story.md").read_text(encoding="utf-8"), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "newslint", "check", "--format", "json", "--no-config", str(p)],
                         capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")})
    data = json.loads(out.stdout)
    summary = data["files"][0]["summary"]
    assert 0.0 <= summary["bot_likeness"] < 0.5 and out.returncode == 0


def test_bot_story_exits_1_from_the_command_line():
    out = subprocess.run([sys.executable, "-m", "newslint", "check", "--no-config", "examples/bot-story.txt"],
                         capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")})
    assert out.returncode == 1 and "boilerplate-ending" in out.stdout and "bot-likeness" in out.stdout


def test_phrase_search_agrees_with_the_plain_alternation(rules):
    from newslint.kinds.phrases import matches
    from newslint.patterns import phrase_pattern

    rule = rules["ai-filler"]
    phrases = rule.rule.options["phrases"]
    text = "Lead\n\n" + " ".join(f"X {p.upper()} y, a{p} b, {p}s and {p.title()}." for p in phrases) + "\n"
    article = load_text("t.txt", text)[0]
    ours = [se for se in matches(article, rule.state) if not rule.state.patterns or se]
    plain = phrase_pattern(phrases, False)
    expected, last = [], -1
    for m in sorted(plain.finditer(text), key=lambda m: (m.start(), -m.end())):
        if m.start() >= last:
            expected.append(m.span())
            last = m.end()
    pattern_spans = {m.span("report") for p in rule.state.patterns for m in p.finditer(text)}
    assert [se for se in ours if se not in pattern_spans] == [se for se in expected if se not in pattern_spans]


def test_bot_like_names_its_signals_in_an_editors_words(rules):
    article = load_text("t.txt", (ROOT / "examples" / "bot-story.txt").read_text(encoding="utf-8"))[0]
    findings, _ = lint_article(article, list(rules.values()), {})
    (bot,) = [f for f in findings if f.rule == "bot-like-article"]
    named = bot.message.split("strongest signals: ")[1]
    filler = sum(f.rule == "ai-filler" for f in findings)
    assert f"filler phrases ({filler})" in named, named  # counted as reported
    assert "_" not in named and "mean word length" not in named and "ai-filler" not in named


def test_bot_like_names_what_departs_from_a_typical_story(rules):
    from dataclasses import replace

    from newslint.ruleset import compile_rule

    base = rules["bot-like-article"].rule
    text = "Headline\n\n" + "The council met on Tuesday and it is important to note that it voted. " * 20

    def named(typical: dict) -> str:
        options = {**base.options, "threshold": 0.0, "top_signals": 10, "typical": typical,
                   "weights": {"ai-filler": 1.0, "mean_word_length": 1.0}, "labels": {"ai-filler": "filler phrases", "mean_word_length": "long words"}}
        rule = compile_rule(replace(base, options=options))
        found, _ = lint_article(load_text("t.txt", text)[0], [rules["ai-filler"], rule], {})
        n = sum(f.rule == "ai-filler" for f in found)
        return next(f.message for f in found if f.rule == "bot-like-article").split("strongest signals: ")[1].replace(str(n), "N")

    assert named({}) == "filler phrases (N), long words"
    assert named({"mean_word_length": 6.0}) == "filler phrases (N)"  # words shorter than typical: not a sign
    with pytest.raises(RuleError, match="labels: 'nope' has no weight"):
        compile_rule(replace(base, options={**base.options, "labels": {"nope": "x"}}))
