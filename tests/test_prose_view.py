"""The prose view (issue 9): one clean text per article, typography folded, markup gaps
collapsed, every finding mapped back to the right characters of the file; and a worst case that
stays linear, with the engine's time budget as the backstop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newslint.engine import DIAGNOSTICS, lint_article
from newslint.loaders import load_text
from newslint.prose import OffsetMap, ProseBuilder, fold_text
from newslint.ruleset import bundled_rules_dir, load_rules

ALL = {k: v[0] for k, v in DIAGNOSTICS.items()}


@pytest.fixture(scope="module")
def rules():
    return load_rules([bundled_rules_dir()])


def findings(text: str, fmt: str, rules, budget: float = 2.0):
    (article,) = load_text("a." + {"markdown": "md", "html": "html", "text": "txt"}[fmt], text, fmt)
    found, _ = lint_article(article, rules, ALL, budget)
    return article, found


# --- typography: every spelling of a phrase ----------------------------------------------------

FILLER_FORMS = {
    "text": "Storm hits coast\n\nIt{apos}s important to note that the storm came early. The council met.\n",
    "markdown": "# Storm hits coast\n\nIt{apos}s important to note that the storm came early. The council met.\n",
    "html": "<html><body><article><h1>Storm hits coast</h1><p>It{apos}s important to note that the storm came early. "
            "The council met.</p></article></body></html>",
}


# Character references are markup: plain text has none.
SPELLINGS = [(fmt, apos) for fmt in sorted(FILLER_FORMS) for apos in ("'", "\u2019", "\u02bc", "&rsquo;", "&#8217;")
             if fmt != "text" or not apos.startswith("&")]


@pytest.mark.parametrize(("fmt", "apos"), SPELLINGS)
def test_ai_filler_finds_the_phrase_in_every_spelling_of_the_apostrophe(fmt: str, apos: str, rules) -> None:
    text = FILLER_FORMS[fmt].format(apos=apos)
    article, found = findings(text, fmt, rules)
    (hit,) = [f for f in found if f.rule == "ai-filler"]
    # The finding points at the phrase in the file, whatever spells its apostrophe.
    assert text[hit.start : hit.end].startswith("It") and text[hit.start : hit.end].endswith("important to note")


def test_html_references_breaks_and_typography_fold_into_one_text() -> None:
    page = ("<article><p>We don&rsquo;t know&nbsp;yet, said Smith &amp Jones&#8212;the firm.<br>"
            "A second line of the same paragraph.</p><p>It\u2019s \u201cnew\u201d\u2009news \u2014 again.</p></article>")
    (a,) = load_text("p.html", page, "html")
    assert "don't know yet" in a.prose  # one word, not "don’      t"
    assert "Smith & Jones—the firm." in a.prose  # &amp without its semicolon is decoded
    assert len(a.paragraphs) == 2  # <br> is a line break, not a paragraph break
    assert "paragraph.\n\nIt's “new” news — again." in a.prose
    i = a.prose.index("don't")
    s, e = a.to_source(i, i + len("don't"))
    assert page[s:e] == "don&rsquo;t"


def test_markdown_indented_code_and_nested_link_brackets_are_not_prose() -> None:
    md = ("# Title\n\nThe council met on Monday.\n\n    def code_block():\n        return 'NOTPROSE'\n\n"
          "See [the plan [PDF] for details](http://x.y/plan.pdf) today.\n\n- a list item\n\n    continued item text\n")
    (a,) = load_text("a.md", md, "markdown")
    assert "NOTPROSE" not in a.prose and "code_block" not in a.prose
    assert "See the plan PDF for details today." in " ".join(a.prose.split())
    assert "[" not in a.prose and "]" not in a.prose
    assert "continued item text" in a.prose  # a list item's continuation is prose, not code


def test_html_pre_and_code_are_not_prose() -> None:
    page = "<article><p>The mayor spoke.</p><pre>x = 1\nx = 1\nx = 1</pre><p>She <code>rm -rf</code> left.</p></article>"
    (a,) = load_text("p.html", page, "html")
    assert "x = 1" not in a.prose and "rm -rf" not in a.prose


def test_unicode_spaces_and_zero_width_characters_fold_in_plain_text() -> None:
    text = "It is impor\u00adtant\u00a0to\u2009note\u200b that the vote was close."
    prose, offsets = fold_text(text)
    assert prose == "It is important to note that the vote was close."
    i = prose.index("important")
    assert text[slice(*offsets.span(i, i + len("important")))] == "impor\u00adtant"


def test_offset_map_round_trips_copied_text_and_clamps_replaced_text() -> None:
    b = ProseBuilder("ab<x>cd &amp; ef", references=True)
    b.text(0, 2)
    b.gap(0, 2, 5)
    b.text(5, len("ab<x>cd &amp; ef"))
    prose, m = b.build()
    assert prose == "abcd & ef"
    assert m.span(0, 4) == (0, 7)  # "ab<x>cd": the inline tag is inside the span
    amp = prose.index("&")
    assert m.span(amp, amp + 1) == (8, 13)
    assert m.to_prose(8) == amp and m.to_prose(5) == 2
    assert OffsetMap.identity(5).span(1, 3) == (1, 3)


# --- linear worst case ---------------------------------------------------------------------------

def harbour_page(n: int) -> str:
    """The reproduction from issue 9: a repeated phrase, then one of its words beside a run of
    white space that markup left: it took 46 s at n = 10,000 (quadratic backtracking)."""
    paras = "".join(f"<p>The harbour expansion plan was approved by the council on day {i}.</p>" for i in range(6))
    gap = " \t" * n
    return f"<html><body>{paras}<div>harbour{gap}<span>closed</span></div></body></html>"


def test_the_harbour_page_is_checked_far_inside_the_budget(rules) -> None:
    # A budget of a quarter of a second per rule: the quadratic pattern needed 46 s here.
    article, found = findings(harbour_page(10_000), "html", rules, budget=0.25)
    assert not [f for f in found if f.rule == "rule-timeout"], [f.message for f in found if f.rule == "rule-timeout"]
    assert "harbour closed" in article.prose  # the gap is one space
    (rep,) = [f for f in found if f.rule == "repeated-phrase"]
    assert "harbour expansion plan" in rep.message


UNICODE_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\u2028\u2029\u200b\ufeff"
QUOTES = "\"'“”‘’‚‛„‟«»‹›「」＂"
HOSTILE = st.one_of(
    st.integers(1, 6000).map(lambda n: " " * n),
    st.integers(1, 3000).map(lambda n: " \t" * n),
    st.builds(lambda c, n: c * n, st.sampled_from(list(".,!?;:-—\"'“”*_#>|&<")), st.integers(1, 5000)),
    st.integers(1, 2000).map(lambda n: "the harbour plan was approved " * n),
    st.integers(1, 2000).map(lambda n: "&amp;&#8217;&rsquo;&bogus;&#x;&" * n),
    st.integers(1, 20000).map(lambda n: "<div>" * n),
    st.integers(1, 20000).map(lambda n: "<span>a</span>" * n),
    st.integers(1, 10000).map(lambda n: "w" * n),
    st.integers(1, 2000).map(lambda n: "“unclosed quote " * n),
    st.text(alphabet=UNICODE_SPACES + QUOTES, max_size=200),
    st.sampled_from(["It’s important to note ", "officials said ", "\n\n", "<p>", "</p>", "<br>", "    ", "```\n",
                     "Share This Article\n", "4 Min Read\n", "said: “", "”", "<!--", "-->", "<pre>", "<code>"]),
)
hostile_article = st.lists(HOSTILE, min_size=1, max_size=8).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(text=hostile_article, fmt=st.sampled_from(["text", "markdown", "html"]))
@example(text=harbour_page(10_000), fmt="html")
@example(text="<p>" + "harbour plan " * 20 + "</p>" + " \t" * 20_000 + "harbour plan", fmt="markdown")
@example(text="<div>" * 100_000 + "The story." + "</div>" * 100_000, fmt="html")
@example(text="“" + "word " * 20_000, fmt="text")
@example(text=" \t" * 3000 + "x", fmt="text")  # a first line of white space: the headline pattern hung
def test_hostile_articles_finish_far_inside_the_budget(text: str, fmt: str, rules) -> None:
    """Every loader and every kind on hostile pieces: no rule may come near its budget (a
    quarter of the default), and nothing raises."""
    for article in load_text("x", text, fmt):
        if fmt != "text":  # in plain text white space is the author's; in markup it stands for markup
            assert "      " not in article.prose
        found, _ = lint_article(article, rules, ALL, 0.5)
        late = [f.message for f in found if f.rule == "rule-timeout"]
        assert not late, late


def test_a_rule_past_its_budget_is_a_rule_timeout_and_the_rest_is_kept(tmp_path: Path, cli) -> None:
    slow = "The council met. " * 40_000 + "\n"
    (tmp_path / "slow.txt").write_text("Budget test\n\n" + slow, encoding="utf-8")
    (tmp_path / "fine.txt").write_text("Storm hits coast\n\nIt is important to note that the storm came.\n", encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("rule_time_budget: 0.001\n", encoding="utf-8")
    r = cli("check", "--format", "json", str(tmp_path))
    assert r.code == 0, r.err
    assert "Traceback" not in r.err
    files = {Path(f["path"]).name: f for f in json.loads(r.out)["files"]}
    timeouts = [f for f in files["slow.txt"]["findings"] if f["rule"] == "rule-timeout"]
    assert timeouts and all("time budget" in f["message"] for f in timeouts)
    assert any(f["rule"] == "ai-filler" for f in files["fine.txt"]["findings"]) or any(
        f["rule"] == "rule-timeout" for f in files["fine.txt"]["findings"])


def test_rule_time_budget_is_validated(tmp_path: Path, cli) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nBody text here.\n", encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("rule_time_budget: -1\n", encoding="utf-8")
    r = cli("check", str(tmp_path))
    assert r.code == 2 and "rule_time_budget" in r.err and "Traceback" not in r.err


def test_a_slow_user_pattern_is_a_rule_timeout_not_a_traceback(tmp_path: Path, cli) -> None:
    rules_dir = tmp_path / "myrules"
    rules_dir.mkdir()
    (rules_dir / "slow-ending.yaml").write_text(
        "id: slow-ending\nkind: ending-residue\nlevel: warning\nsummary: s\nmessage: m\nwhy: w\n"
        "options:\n  strong_patterns: ['(?:.*a){12}X']\n  max_unit_chars: 100000\n"
        "examples:\n  fail: []\n  pass: []\n", encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("rule_dirs: [myrules]\nrule_time_budget: 0.3\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Title here\n\nThe council met on Monday and voted.\n\n" + "a" * 6000 + "\n", encoding="utf-8")
    r = cli("check", "--format", "json", str(tmp_path / "a.txt"))
    assert "Traceback" not in r.err and r.code in (0, 1), r.err
    rules_hit = [f["rule"] for f in json.loads(r.out)["files"][0]["findings"]]
    assert "rule-timeout" in rules_hit


def test_plain_text_in_ascii_is_its_own_prose_view() -> None:
    """fold_text skips the scan for a text in ASCII: exact only while every character it folds
    lies outside ASCII. Each character of the scan's class is checked, and ASCII text of every
    character comes back as it was."""
    from newslint import prose

    spaces = prose._UNICODE_SPACES.replace("\u2000-\u200a", "".join(map(chr, range(0x2000, 0x200B))))
    scanned = spaces + prose._ZERO_WIDTH + prose._FOLD_CHARS
    assert all(prose._SCAN_LAYOUT.fullmatch(c) for c in scanned)
    assert not any(c.isascii() for c in scanned)
    every_ascii = "".join(map(chr, range(128)))
    assert prose._SCAN_LAYOUT.search(every_ascii) is None
    text, offsets = prose.fold_text(every_ascii * 3)
    assert text == every_ascii * 3 and offsets.to_prose(200) == 200
