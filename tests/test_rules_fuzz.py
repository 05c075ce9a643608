"""The pack's kinds survive arbitrary text, and a fix never touches text outside its block."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.engine import lint_article
from newslint.loaders import load_text
from newslint.ruleset import bundled_rules_dir, load_rules

RULES = load_rules([bundled_rules_dir()])
PIECES = st.sampled_from(["Share This Article", "4 Min Read", "newsbot", "Reuter", "\n", "\n\n", "\r\n", " ",
                          "“", "”", '"', "It is important to note", ", underscoring the", "the solar farm",
                          "Mr. Smith said.", "U.S.", "—", "İ", "\ufeff", "...", "Only time will tell."])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from(["text", "markdown", "html"]))
def test_pack_never_raises(text, fmt):
    for article in load_text("f", text, fmt):
        findings, metrics = lint_article(article, RULES, {})
        assert 0.0 <= metrics["bot_likeness"] <= 1.0
        for f in findings:
            assert 0 <= f.start <= f.end <= len(article.source)
            if f.fix is not None:
                assert 0 <= f.fix.start <= f.start and f.end <= f.fix.end <= len(article.source)
                assert not article.has_prose(f.fix.start, f.start)  # only white space or markup


HTML_PIECES = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<br>", "<!-- c -->", "</article>",
                               "<a href='x'>", "</a>", "Share This Article", "4 Min Read", "newsbot", "Share This Article",
                               "4 Min Read", "The council voted.", "\n", " "])
# A story paragraph, then markup and residue in any order (well formed or not).
HTML = st.lists(HTML_PIECES, max_size=30).map(
    lambda pieces: "<article><p>The council voted on Tuesday to build flood barriers, the mayor said.</p>" + "".join(pieces))


@settings(max_examples=300, deadline=None)
@given(HTML)
def test_html_fix_takes_only_whole_elements_and_no_other_text(text):
    from newslint.loaders.html import _balance

    for article in load_text("f.html", text, "html"):
        findings, _ = lint_article(article, RULES, {})
        for f in findings:
            if f.fix is None:
                continue
            assert not article.has_prose(f.fix.start, f.start) and not article.has_prose(f.end, f.fix.end)
            assert _balance(article.source, f.fix.start, f.fix.end) == (False, False)  # every element it opens, it closes
