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
                assert not article.prose[f.fix.start : f.start].strip()  # only white space or markup
