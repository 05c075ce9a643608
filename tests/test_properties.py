"""Property tests: arbitrary text and markup through every loader and every rule kind.

Whatever the input, nothing raises and every finding's offsets lie inside the text. Kinds are taken
from the KINDS table and rules from ``rules/``, so kinds and rules added later are covered too.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.engine import DIAGNOSTICS, lint_article, resolve
from newslint.errors import RuleError
from newslint.kinds import KINDS, load_kind
from newslint.loaders import FORMATS, load_bytes, load_text
from newslint.options import validate
from newslint.ruleset import CompiledRule, Rule, bundled_rules_dir, load_rules

FRAGMENTS = [
    "\n", "\n\n", " ", "\t", "\r\n", ".", ". ", "? ", "!", ",", '"', "“", "”", "'", "‘", "’", "(", ")",
    "---\n", "...\n", "title: x\n", "newslint: {disable: [ai-filler]}\n", ": [", "&a ", "*a ",
    "# ", "## ", "> ", "- ", "1. ", "***", "_", "`", "```\n", "~~~\n", "[link](http://x.y/z)", "![i](p.png)", "[r]: u\n",
    "<p>", "</p>", "<div>", "</div>", "<br/>", "<script>", "</script>", "<style>", "</style>", "<nav>", "</nav>",
    "<article>", "</article>", "<main>", "<h1>", "</h1>", "<title>", "</title>", '<meta name="author" content="A">',
    "<!--", "-->", "<!-- newslint-disable -->", "<!-- newslint-enable -->", "<!-- newslint-disable-next-line ai-filler -->",
    "<!-- newslint-disable ai-filler, nothing -->", "&amp;", "&quot;", "&ldquo;", "&rdquo;", "&#8220;", "&#x201d;",
    "&nbsp;", "&bogus;", "<", ">", "</", "<![CDATA[", "<?xml?>", "\x00", "\ufeff", "\u2028", "\u00a0",
    "Mr. ", "U.S. ", "It is important to note", "said", "according to", "officials said", "Share This Article",
    "Share on Facebook", "4 Min Read", "Reuter", "All rights reserved.", "the same phrase again ", "12%", "$5 ",
]

markup = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(FRAGMENTS)), max_size=60).map("".join)
SETTINGS = settings(max_examples=int(os.environ.get("NEWSLINT_HYPOTHESIS_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def bundled() -> tuple[CompiledRule, ...]:
    return tuple(load_rules([bundled_rules_dir()]))


@lru_cache(maxsize=1)
def kind_rules() -> tuple[CompiledRule, ...]:
    """One rule per kind in KINDS with its default options, where the defaults make a valid rule."""
    out = []
    for name in KINDS:
        kind = load_kind(name)
        where = lambda msg: RuleError(msg, f"<default {name}>")  # noqa: E731
        try:
            options = validate(kind.OPTIONS, {}, where)
            state = kind.prepare(options, where)
        except RuleError:
            continue  # needs options: covered by the bundled rules of this kind
        rule = Rule(f"default-{name}", name, "warning", "m", "s", "w", options, (), (), "<test>")
        out.append(CompiledRule(rule, kind, state))
    return tuple(out)


def all_rules() -> list[CompiledRule]:
    return [*bundled(), *kind_rules()]


def test_every_kind_is_exercised() -> None:
    covered = {r.rule.kind for r in all_rules()}
    assert covered == set(KINDS), f"kinds without a bundled rule or valid defaults: {set(KINDS) - covered}"


def check_article(article) -> None:
    n = len(article.prose)
    for a, b in ((0, n), (n // 3, n // 2), (n, n)):  # the map stays inside the file, in order
        x, y = article.to_source(a, b)
        assert 0 <= x <= y <= len(article.source)
    for span in (*article.paragraphs, *article.sentences):
        assert 0 <= span.start < span.end <= n
    for a, b in article.words:
        assert 0 <= a < b <= n
    for q in article.quotations:
        assert 0 <= q.start < q.end <= n
        assert all(q.start <= p.start <= p.end <= q.end for p in q.parts)
    article.quotations and article.quotations[0].text(article.prose)
    findings, metrics = lint_article(article, all_rules(), {k: v[0] for k, v in DIAGNOSTICS.items()})
    assert isinstance(metrics, dict)
    n = len(article.source)  # findings are in file offsets
    for f in findings:
        assert 0 <= f.start <= f.end <= n, (f.rule, f.start, f.end, n)
        assert f.level in ("error", "warning", "info")
        for a, b in f.related:
            assert 0 <= a <= b <= n, (f.rule, "related", a, b, n)
        if f.fix is not None:
            assert 0 <= f.fix.start <= f.fix.end <= n
        r = resolve(article, f)
        assert r.line >= 1 and r.column >= 1 and (r.end_line, r.end_column) >= (r.line, r.column)


@SETTINGS
@given(text=markup, fmt=st.sampled_from(["markdown", "html", "text"]))
def test_loaders_and_rules_survive_arbitrary_markup(text: str, fmt: str) -> None:
    for article in load_text("x", text, fmt):
        check_article(article)


@SETTINGS
@given(rows=st.lists(st.one_of(markup, st.builds(lambda t, i: json.dumps({"id": i, "text": t}), markup, st.integers())),
                     max_size=4))
def test_jsonl_loader_survives_arbitrary_lines(rows: list[str]) -> None:
    articles = load_text("x.jsonl", "\n".join(rows), "jsonl")
    for article in articles:
        assert article.origin_line is not None and article.origin_line >= 1
        check_article(article)


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=300), suffix=st.sampled_from(sorted(FORMATS)))
def test_load_bytes_survives_arbitrary_bytes(data: bytes, suffix: str) -> None:
    loaded = load_bytes("x" + suffix, data)
    assert loaded.skipped or loaded.articles or suffix == ".jsonl"
    for article in loaded.articles:
        check_article(article)
