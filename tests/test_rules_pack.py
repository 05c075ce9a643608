"""The news rule pack: examples of every pack rule, the bot-like story, and the fix of boilerplate endings."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newslint.config import Settings
from newslint.engine import RuleBook, check_file, lint_article
from newslint.loaders import load_text
from newslint.ruleset import bundled_rules_dir, load_rules
from newslint.runner import read_file

ROOT = Path(__file__).resolve().parent.parent
PACK = ("boilerplate-ending", "stock-conclusion", "restated-paragraph", "repeated-phrase", "ai-filler", "bot-like-article")


@pytest.fixture(scope="module")
def rules():
    return load_rules([bundled_rules_dir()])


@pytest.fixture(scope="module")
def book(rules):
    return RuleBook(rules, Settings())


def _ids(text: str, rules, fmt: str = "text") -> dict[str, int]:
    article = load_text("t.txt", text, fmt)[0]
    findings, metrics = lint_article(article, rules, {})
    out: dict[str, int] = {}
    for f in findings:
        out[f.rule] = out.get(f.rule, 0) + 1
    return out


@pytest.mark.parametrize("rid", [r for r in PACK if r != "bot-like-article"])
def test_examples_of_pack_rules(rid, rules):
    rule = next(r for r in rules if r.id == rid)
    assert rule.rule.examples_fail and rule.rule.examples_pass and rule.rule.why
    for text in rule.rule.examples_fail:
        assert list(rule.check(load_text("t.txt", text)[0])), (rid, text)
    for text in rule.rule.examples_pass:
        assert not list(rule.check(load_text("t.txt", text)[0])), (rid, text)


def test_bot_like_examples_with_all_rules(rules):
    rule = next(r for r in rules if r.id == "bot-like-article")
    assert rule.rule.examples_fail and rule.rule.examples_pass
    for text in rule.rule.examples_fail:
        assert "bot-like-article" in _ids(text, rules)
    for text in rule.rule.examples_pass:
        assert "bot-like-article" not in _ids(text, rules)


def test_bot_story_gets_every_pack_finding(book, tmp_path):
    src = ROOT / "examples" / "bot-story.txt"
    p = tmp_path / "bot.txt"
    p.write_bytes(src.read_bytes())
    report = check_file(read_file(p, "bot.txt"), book)
    got = {f.rule for f in report.findings}
    assert {"boilerplate-ending", "ai-filler", "restated-paragraph", "stock-conclusion", "bot-like-article"} <= got
    bp = next(f for f in report.findings if f.rule == "boilerplate-ending")
    assert bp.level == "error" and "Share This Article" in bp.match and "3 Min Read" in bp.match and "bot" in bp.match
    fillers = " | ".join(f.match for f in report.findings if f.rule == "ai-filler")
    for phrase in ("It is important to note", "underscoring the shared commitment", "poised to deepen"):
        assert phrase in fillers
    restated = [f for f in report.findings if f.rule == "restated-paragraph"]
    assert restated and "paragraph 1" in restated[0].message
    assert report.articles[0].metrics["bot_likeness"] > 0.9


def test_clean_story_stays_clean(book):
    p = ROOT / "examples" / "clean-story.md"
    report = check_file(read_file(p, str(p)), book)
    assert report.findings == ()
    assert report.articles[0].metrics["bot_likeness"] < 0.5


BODY = "Grain exports rose four percent in March, the ministry said on Friday, after a dry winter.\n"


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_fix_removes_only_the_block(book, tmp_path, nl, bom):
    head = "Exports rise\n\n" + BODY
    text = head + "\nShare This Article\nwirebot\n2 Min Read\n"
    p = tmp_path / "a.txt"
    p.write_bytes(bom + text.replace("\n", nl).encode())
    report = check_file(read_file(p, "a.txt"), book, fix=True)
    assert report.fixed == 1
    assert p.read_bytes() == bom + head.replace("\n", nl).encode()
    assert not [f for f in report.findings if f.rule == "boilerplate-ending"]


def test_fix_in_markdown_keeps_front_matter_and_tail(book, tmp_path):
    head = "---\ntitle: Exports rise\n---\n\n# Exports rise\n\n" + BODY
    p = tmp_path / "a.md"
    p.write_text(head + "\n**Share this article**\n\n*4 min read*\n", encoding="utf-8")
    check_file(read_file(p, "a.md"), book, fix=True)
    assert p.read_text(encoding="utf-8") == head


def test_fix_in_html_removes_the_residue_elements_and_keeps_the_markup_well_formed(book, tmp_path):
    head = ("<html><body><article><h1>Exports rise</h1>\n<p>" + BODY.strip() + "</p>")
    tail = "\n</article>\n<footer>&copy; Site</footer></body></html>\n"
    residue = ('\n<p>Share This Article</p>\n<div class="share"><a href="/x">wirebot</a></div>\n'
               "<!-- widget --><p><b>2 Min Read</b></p>")
    p = tmp_path / "a.html"
    p.write_text(head + residue + tail, encoding="utf-8")
    report = check_file(read_file(p, "a.html"), book, fix=True)
    assert report.fixed == 1
    assert p.read_text(encoding="utf-8") == head + tail


def test_html_residue_sharing_an_element_with_article_text_is_reported_not_fixed(book, tmp_path):
    # Removing "Share This Article" here would cut the first <p> in two: no fix, file untouched.
    text = "<article><h1>Exports rise</h1><p>" + BODY.strip() + "<br>Share This Article</p><p>2 Min Read</p></article>\n"
    p = tmp_path / "b.html"
    p.write_text(text, encoding="utf-8")
    report = check_file(read_file(p, "b.html"), book, fix=True)
    assert report.fixed == 0 and [f for f in report.findings if f.rule == "boilerplate-ending"]
    assert p.read_text(encoding="utf-8") == text


def test_wire_signoff_and_no_newline_at_end(book, tmp_path):
    p = tmp_path / "w.txt"
    p.write_text("Grain\n\n" + BODY + " Reuter", encoding="utf-8")
    check_file(read_file(p, "w.txt"), book, fix=True)
    assert p.read_text(encoding="utf-8") == "Grain\n\n" + BODY.rstrip("\n")


def test_file_without_finding_is_never_touched(book, tmp_path):
    p = tmp_path / "c.txt"
    data = ("Grain\r\n\r\n" + BODY + "Share prices fell.  \r\n\r\n\r\n").encode()
    p.write_bytes(data)
    before = p.stat().st_mtime_ns
    report = check_file(read_file(p, "c.txt"), book, fix=True)
    assert report.fixed == 0 and p.read_bytes() == data and p.stat().st_mtime_ns == before


def test_residue_alone_is_not_an_article(rules):
    assert "boilerplate-ending" not in _ids("Share This Article\n4 Min Read\n", rules)


@settings(max_examples=60, deadline=None)
@example([["port", "berth", "rail", "port"], ["rail", "link", "berth"], ["council", "vote", "port"]])
@given(st.lists(st.lists(st.sampled_from(["port", "berth", "rail", "link", "vote", "council", "tide", "crane"]),
                         min_size=1, max_size=12), min_size=1, max_size=8))
def test_restatement_tfidf_matches_scikit_learn_on_any_term_lists(docs):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from newslint.kinds.restatement import tfidf_vectors

    ours = tfidf_vectors(docs)
    vec = TfidfVectorizer(analyzer=lambda d: d, smooth_idf=True, sublinear_tf=True, norm="l2")
    X = vec.fit_transform(docs).toarray()
    for i, row in enumerate(X):
        for term, j in vec.vocabulary_.items():
            assert math.isclose(row[j], ours[i].get(term, 0.0), abs_tol=1e-9)


def test_restated_paragraph_agrees_with_scikit_learn_cosine(rules):
    # The rule's closest earlier paragraph and its similarity, for every candidate paragraph of
    # the sample bot story, are those of scikit-learn's TfidfVectorizer + cosine_similarity.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    from newslint.kinds.restatement import restatements
    from newslint.kinds.textstats import content_terms

    article = load_text("b.txt", (ROOT / "examples" / "bot-story.txt").read_text(encoding="utf-8"))[0]
    (rule,) = [r for r in rules if r.id == "restated-paragraph"]
    options = dict(rule.rule.options, threshold=0.0, min_old_share=0.0, min_terms=1, last_paragraphs=0)
    found = restatements(article, options)
    assert len(found) >= 3
    terms = [content_terms(article.prose[p.start : p.end]) for p in article.paragraphs]
    sims = cosine_similarity(TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True).fit_transform(terms))
    for later, earlier, cos, _ in found:
        best = max(range(later), key=lambda i: (sims[later][i], i))
        assert earlier == best and math.isclose(cos, sims[later][best], abs_tol=1e-9)


def test_bot_score_weights_are_validated():
    from newslint.errors import RuleError
    from newslint.kinds import bot_score

    def where(msg):
        return RuleError(msg, "x.yaml", "options")

    with pytest.raises(RuleError):
        bot_score.prepare({"weights": {"Not A Signal": 1.0}}, where)
    assert bot_score.prepare({"weights": {"ai-filler": 1.0, "lexical_variety": 2.0}}, where)["rules"] == ("ai-filler",)


def test_garbage_never_raises(rules):
    for text in ["", "\n\n\n", "“" * 50, "Share\n" * 40, "a " * 3000, "\x00\ufeff\u202e", "Reuter"]:
        _ids(text, rules)


def test_bot_like_examples_hold_even_without_other_rules(rules):
    rule = next(r for r in rules if r.id == "bot-like-article")
    for text in rule.rule.examples_fail:
        assert list(rule.check(load_text("t.txt", text)[0]))
    for text in rule.rule.examples_pass:
        assert not list(rule.check(load_text("t.txt", text)[0]))
