"""Loaders: what is prose and what is not, metadata, and offsets that index the source file."""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from newslint.article import LineIndex
from newslint.loaders import format_for, load_bytes, load_text


def one(text: str, fmt: str, path: str = "a"):
    (article,) = load_text(path, text, fmt)
    assert article.source == text
    assert_words_map_back(article)
    return article


def assert_words_map_back(article) -> None:
    """The prose view's invariant: every word of the prose is the word of the file its offsets
    map to (character references decoded, typographic apostrophes folded)."""
    import html
    import re

    for m in re.finditer(r"[A-Za-z0-9]+", article.prose):
        a, b = article.to_source(*m.span())
        assert html.unescape(article.source[a:b]) == m.group(), (m.group(), article.source[a:b])


def prose_words(article) -> str:
    return " ".join(article.prose.split())


# --- Markdown ---------------------------------------------------------------------------------

MD = """\
---
title: Flood defences approved
author: [Maria Lopez, Sam Ode]
date: 2026-03-14
url: https://example.org/flood
secret: FRONTMATTERWORD
---

# Council approves flood defences

The council voted on Tuesday. See [the plan](https://example.org/LINKTARGET "TITLEWORD") and
[the minutes][m] and ![a chart](CHARTFILE.png).

<!-- an editor's COMMENTWORD -->

```python
CODEWORD = 1
```

~~~
TILDECODE
~~~

Inline `INLINECODE` is not prose, but *emphasis* and **bold** words are.

[m]: https://example.org/REFTARGET
"""


def test_markdown_front_matter_is_metadata_never_prose() -> None:
    a = one(MD, "markdown")
    assert a.title == "Flood defences approved"
    assert a.byline == "Maria Lopez, Sam Ode"
    assert a.date == "2026-03-14"
    assert a.url == "https://example.org/flood"
    assert "FRONTMATTERWORD" not in a.prose and "title:" not in a.prose
    assert a.prose.startswith("Council approves flood defences\n\nThe council voted")


def test_markdown_code_links_comments_are_not_prose() -> None:
    a = one(MD, "markdown")
    for hidden in ("LINKTARGET", "TITLEWORD", "REFTARGET", "CHARTFILE", "COMMENTWORD", "CODEWORD", "TILDECODE",
                   "INLINECODE", "https", "**", "[", "]"):
        assert hidden not in a.prose, hidden
    text = prose_words(a)
    assert "See the plan and the minutes" in text
    assert "but emphasis and bold words are." in text


def test_markdown_offsets_are_source_offsets() -> None:
    a = one(MD, "markdown")
    p = a.prose.index("Tuesday")
    i, j = a.to_source(p, p + 7)
    assert MD[i:j] == "Tuesday"
    assert MD.splitlines()[10].startswith("The council voted on Tuesday.")
    assert a.prose_position(p) == (11, len("The council voted on ") + 1)


def test_markdown_headline_is_title_not_body() -> None:
    a = one("# Big news today\n\nThe body. It has two sentences.\n", "markdown")
    assert a.title == "Big news today"
    assert a.title_span is not None and a.prose[a.title_span.start : a.title_span.end] == "Big news today"
    assert a.source[slice(*a.to_source(a.title_span.start, a.title_span.end))] == "Big news today"
    assert [a.prose[s.start : s.end] for s in a.sentences] == ["The body.", "It has two sentences."]


def test_markdown_headline_text_is_cut_as_the_lazy_pattern_cut_it() -> None:
    """loaders.markdown's heading against the pattern it replaced (quadratic on a long line)."""
    import random
    import re

    from newslint.loaders.markdown import _H1, h1_text

    old = re.compile(r"^#[ \t]+([^\n]*?)[ \t#]*$", re.M)
    pieces = ["#", " ", "\t", "x", "Title", "\n", "\r", "##", " # ", "a#b"]
    rnd = random.Random(5)
    seen = 0
    for _ in range(10000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        m, n = old.search(text), _H1.search(text)
        assert (m is None) == (n is None), repr(text)
        if m:
            assert h1_text(n) == (m.start(1), m.end(1), m.group(1)), repr(text)
            seen += bool(m.group(1))
    assert seen > 100


def test_markdown_unclosed_fence_masks_to_end_in_linear_time() -> None:
    text = "Intro here.\n\n```\n" + "code line\n" * 20000
    a = one(text, "markdown")
    assert prose_words(a) == "Intro here."


def test_markdown_malformed_front_matter_is_a_finding_with_its_line_and_body_is_kept() -> None:
    text = "---\ntitle: ok\nbad: [unclosed\n---\n\nThe body is here.\n"
    a = one(text, "markdown")
    (note,) = a.notes
    assert note.rule == "front-matter"
    assert "not valid YAML" in note.message
    assert a.position(note.start) == (3, 6)  # the unclosed "["
    assert "The body is here." in a.prose


def test_markdown_unclosed_front_matter_is_read_as_body() -> None:
    a = one("---\ntitle: x\n\nThe body is here.\n", "markdown")
    assert [n.rule for n in a.notes] == ["front-matter"]
    assert "The body is here." in a.prose


def test_markdown_yaml_bomb_in_front_matter_is_a_finding() -> None:
    bomb = "---\na: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "---\nBody text.\n"
    a = one(bomb, "markdown")
    assert [n.rule for n in a.notes] == ["front-matter"]
    assert "Body text." in a.prose


# --- HTML -------------------------------------------------------------------------------------

HTML = """\
<!DOCTYPE html>
<html><head><title>Page title &amp; more</title>
<meta name="author" content="Ana Ruiz"><meta property="og:url" content="https://example.org/story">
<style>p { color: red } STYLEWORD</style>
<script>var SCRIPTWORD = "<p>not text</p>";</script></head>
<body>
<nav><a href="/">NAVWORD Home</a></nav>
<article>
<h1>Storm hits coast</h1>
<p>The storm reached the coast at dawn,
wrecking piers &amp; roads.</p>
<!-- COMMENTWORD -->
<p>Officials said <a href="https://example.org/HREFWORD">repairs</a> would take weeks.</p>
<aside>ASIDEWORD</aside>
</article>
<footer>FOOTERWORD</footer>
</body></html>
"""


def test_html_scripts_styles_nav_and_furniture_are_not_prose() -> None:
    a = one(HTML, "html")
    for hidden in ("STYLEWORD", "SCRIPTWORD", "not text", "NAVWORD", "COMMENTWORD", "HREFWORD", "ASIDEWORD",
                   "FOOTERWORD", "<p>", "href"):
        assert hidden not in a.prose, hidden
    assert a.title == "Storm hits coast"
    assert a.byline == "Ana Ruiz"
    assert a.url == "https://example.org/story"
    assert [a.prose[p.start : p.end].split() for p in a.paragraphs] == [
        "The storm reached the coast at dawn, wrecking piers & roads.".split(),
        "Officials said repairs would take weeks.".split(),
    ]


def test_html_offsets_map_back_to_the_source() -> None:
    a = one(HTML, "html")
    for word in ("dawn", "wrecking", "repairs", "weeks"):
        p = a.prose.index(word)
        i, j = a.to_source(p, p + len(word))
        assert HTML[i:j] == word
        line = HTML[:i].count("\n") + 1
        assert a.prose_position(p) == (line, i - HTML.rfind("\n", 0, i))
    amp = a.prose.index("&")
    i, j = a.to_source(amp, amp + 1)
    assert HTML[i:j] == "&amp;"


def test_html_not_well_formed_is_a_note_and_text_is_kept() -> None:
    a = one("<html><body><p>Broken <b>bold</p><div>Still read here.", "html")
    assert [n.rule for n in a.notes] == ["html-structure"]
    assert "Still read here." in a.prose
    assert "Broken" in a.prose


def test_html_unclosed_script_and_comment_do_not_leak() -> None:
    a = one("<p>Kept text.</p><script>var x = 1; HIDDEN", "html")
    assert "HIDDEN" not in a.prose and "Kept text." in a.prose
    b = one("<p>Kept text.</p><!-- HIDDEN", "html")
    assert "HIDDEN" not in b.prose and "Kept text." in b.prose


# --- Plain text -------------------------------------------------------------------------------

def test_text_first_line_is_headline_when_a_blank_line_follows() -> None:
    a = one("Storm hits coast\n\nThe storm arrived. It left.\n", "text")
    assert a.title == "Storm hits coast"
    assert len(a.paragraphs) == 1
    b = one("The storm arrived.\nIt left.\n", "text")
    assert b.title is None and b.title_span is None


def test_text_headline_is_found_as_the_pattern_it_replaced_found_it() -> None:
    """loaders.text.headline against the pattern it replaced (which backtracked over long runs of
    white space), on short first lines where the pattern is quick."""
    import random
    import re

    from newslint.loaders.text import headline

    old = re.compile(r"[^\S\n]*([^\n]{1,300}?)[^\S\n]*\r?\n[^\S\n]*\r?\n")
    pieces = [" ", "\t", "\r", "\n", "\u00a0", "\u2003", "x", "Harbour", ".", " plan ", "\n\n", "\r\n", "y" * 150]
    rnd = random.Random(3)
    seen = 0
    for _ in range(4000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 9)))
        m = old.match(text)
        want = (m.start(1), m.end(1)) if m and m.group(1).strip() else None  # the span the loader took
        seen += want is not None
        assert headline(text) == want, repr(text)
    assert seen > 100  # headlines were found, not only their absence


def test_text_sentence_ending_first_line_is_not_a_headline() -> None:
    a = one("The storm arrived at dawn.\n\nIt left.\n", "text")
    assert a.title is None
    assert len(a.paragraphs) == 2


# --- JSON Lines -------------------------------------------------------------------------------

def test_jsonl_positions_are_file_line_and_offset_in_the_record() -> None:
    rows = [
        {"id": "a1", "title": "One", "url": "https://e.org/1", "date": "2026-01-01", "text": "First story here."},
        {"text": "Second story, with no id."},
    ]
    text = json.dumps(rows[0]) + "\n\n" + json.dumps(rows[1]) + "\n"
    first, second = load_text("f.jsonl", text, "jsonl")
    assert (first.id, first.title, first.url, first.date) == ("a1", "One", "https://e.org/1", "2026-01-01")
    assert first.source == "First story here."
    assert first.position(6) == (1, 7)
    assert second.id == "3" and second.position(0) == (3, 1)
    assert second.display_name == "f.jsonl#3"


def test_jsonl_bad_records_are_findings_not_errors() -> None:
    text = '{"text": "Good."}\nnot json\n[1, 2]\n{"id": 5}\n'
    arts = load_text("f.jsonl", text, "jsonl")
    assert [a.notes[0].rule if a.notes else None for a in arts] == [None, "invalid-record", "invalid-record", "invalid-record"]
    assert [a.origin_line for a in arts] == [1, 2, 3, 4]


# --- bytes: decoding, binary, empty, format selection ---------------------------------------

def test_format_is_chosen_by_suffix() -> None:
    assert [format_for(p) for p in ("a.md", "a.MARKDOWN", "a.htm", "a.html", "a.txt", "a.jsonl", "a.py")] == [
        "markdown", "markdown", "html", "html", "text", "jsonl", None]


@given(st.text(alphabet="/.amdhtlxMD ", max_size=14))
@example("...md")
@example("dir/a.md/.")
@example("a.md/")
@example(".md")
def test_the_suffix_is_read_as_pathlib_reads_it(path: str) -> None:
    from pathlib import PurePath

    from newslint.loaders import FORMATS

    assert format_for(path) == FORMATS.get(PurePath(path).suffix.lower())


def test_non_utf8_is_decoded_with_a_stated_fallback() -> None:
    loaded = load_bytes("a.txt", "Café society\n\nThe café opened.\n".encode("cp1252"))
    assert loaded.decoded.encoding == "cp1252"
    assert "decoded as cp1252" in loaded.note and "not valid UTF-8" in loaded.note
    assert "café opened" in loaded.articles[0].prose


def test_utf8_bom_and_utf16_are_read() -> None:
    assert load_bytes("a.txt", b"\xef\xbb\xbfHello there.").articles[0].source == "Hello there."
    utf16 = "Hello there.".encode("utf-16")  # with a byte-order mark
    assert load_bytes("a.txt", utf16).articles[0].source == "Hello there."


def test_binary_and_empty_files_are_skipped() -> None:
    assert load_bytes("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00").skipped.startswith("binary")
    assert load_bytes("a.md", b"").skipped == "empty file"
    assert load_bytes("a.md", b" \n\n \t").skipped == "empty file"


# --- offset -> line:col -----------------------------------------------------------------------

def test_line_index_maps_offsets_to_one_based_line_and_column() -> None:
    text = "ab\ncd\n\né€x\n"
    idx = LineIndex(text)
    expected = {0: (1, 1), 1: (1, 2), 2: (1, 3), 3: (2, 1), 5: (2, 3), 6: (3, 1), 7: (4, 1), 9: (4, 3), 11: (5, 1)}
    for offset, pos in expected.items():
        assert idx.position(offset) == pos, offset
    assert idx.count == 5
    assert idx.line_start(4) == 7
    assert LineIndex("").position(0) == (1, 1)


def test_crlf_files_count_lines_once() -> None:
    a = one("Head\r\n\r\nOne.\r\nTwo words.\r\n", "text")
    i = a.source.index("Two")
    assert a.position(i) == (4, 1)


def test_html_prose_is_the_article_with_the_most_text_not_a_teaser() -> None:
    from newslint.loaders import load_text

    story = "<p>" + "The council voted on Tuesday to fund the flood barriers. " * 6 + "</p>"
    page = ("<html><body><main><article class='teaser'><p>Read our other story.</p></article>"
            f"<h1>Flood barriers approved</h1>{story}</main>"
            "<aside><article><p>Most read today.</p></article></aside></body></html>")
    (a,) = load_text("p.html", page, "html")
    assert "The council voted" in a.body_text
    assert a.title == "Flood barriers approved"  # the story's <main>, not the teaser <article>
    assert "Most read today" not in a.body_text
    page2 = f"<html><body><nav>Home</nav><article><h1>Barriers</h1>{story}</article><footer>(c) Paper</footer></body></html>"
    (b,) = load_text("q.html", page2, "html")
    assert "The council voted" in b.body_text and "(c) Paper" not in b.body_text and "Home" not in b.body_text
