"""Segmentation: paragraphs, sentences, words and quotations (straight, curly, news-style
multi-paragraph), all as offsets into the source."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint import segment
from newslint.loaders import load_text


def article(text: str, fmt: str = "text"):
    (a,) = load_text("t", text, fmt)
    return a


def quotes(text: str, fmt: str = "text") -> list[tuple[str, str]]:
    a = article(text, fmt)
    return [(text[slice(*a.to_source(q.start, q.end))], q.text(a.prose)) for q in a.quotations]


def test_paragraphs_split_on_blank_lines_and_are_trimmed() -> None:
    text = "  One line\nstill one.\n\n \t\nTwo.  \n\n\nThree."
    assert [text[a:b] for a, b in segment.paragraphs(text)] == ["One line\nstill one.", "Two.", "Three."]


def test_sentences_respect_abbreviations_and_initials() -> None:
    text = "Mr. Smith met Dr. Jones at 5 p.m. in the U.S. Capitol. They spoke. J. R. Tolkien wrote it! Did he? Yes."
    got = [text[a:b] for a, b in segment.sentences(text, 0, len(text))]
    assert got == ["Mr. Smith met Dr. Jones at 5 p.m. in the U.S. Capitol.", "They spoke.",
                   "J. R. Tolkien wrote it!", "Did he?", "Yes."]


def test_sentence_ends_inside_closing_quote() -> None:
    text = '"We will win." The crowd cheered.'
    assert [text[a:b] for a, b in segment.sentences(text, 0, len(text))] == ['"We will win."', "The crowd cheered."]


def test_words_keep_apostrophes_and_hyphens() -> None:
    text = "The council's long-term plan isn’t new."
    assert [text[a:b] for a, b in segment.words(text)] == ["The", "council's", "long-term", "plan", "isn’t", "new"]


def test_straight_and_curly_quotations() -> None:
    assert quotes('Lead.\n\nHe said "we will win." Then “left”, she said.') == [
        ('"we will win."', "we will win."), ("“left”", "left")]


def test_multi_paragraph_quote_in_news_style() -> None:
    text = ("Lead.\n\n“The first paragraph of a long quote.\n\n“The second goes on.\n\n"
            "“And it ends here,” she said.\n\nAfter.")
    ((full, inner),) = quotes(text)
    assert full.startswith("“The first") and full.endswith("here,”")
    assert inner == "The first paragraph of a long quote. The second goes on. And it ends here,"
    a = article(text)
    (q,) = a.quotations
    assert len(q.parts) == 3
    assert [text[p.start : p.end] for p in q.parts] == [
        "The first paragraph of a long quote.", "The second goes on.", "And it ends here,"]


def test_straight_multi_paragraph_quote() -> None:
    assert quotes('Lead.\n\n"Open quote\n\n"and ends here," he said.') == [
        ('"Open quote\n\n"and ends here,"', "Open quote and ends here,")]


def test_unclosed_quote_not_reopened_is_dropped() -> None:
    assert quotes('Lead.\n\n"Open quote never closed.\n\nNo reopening. "A new one," she said.') == [
        ('"A new one,"', "A new one,")]


def test_quotations_in_html_and_markdown_index_the_source() -> None:
    html = "<p>He said &ldquo;we will win&rdquo; today.</p>"
    a = article(html, "html")
    (q,) = a.quotations
    start, _ = a.to_source(q.start, q.end)
    assert html[start : start + 7] == "&ldquo;"
    assert q.text(a.prose) == "we will win"
    md = 'Lead.\n\n> "Quoted in a blockquote," he said.\n'
    assert quotes(md, "markdown") == [('"Quoted in a blockquote,"', "Quoted in a blockquote,")]


def test_sentence_and_paragraph_index() -> None:
    text = "Head\n\nOne. Two.\n\nThree."
    a = article(text)
    assert a.sentence_index(text.index("Two")) == 1
    assert a.paragraph_index(text.index("Three")) == 1
    assert a.sentence_index(0) == 0


def test_segmentation_is_linear_on_huge_paragraphs() -> None:
    import time

    small, big = "word " * 20000, "word " * 200000
    t0 = time.perf_counter()
    segment.sentences(small, 0, len(small))
    t1 = time.perf_counter()
    segment.sentences(big, 0, len(big))
    t2 = time.perf_counter()
    assert (t2 - t1) < 30 * max(t1 - t0, 1e-3)


def _token_start_by_steps(text: str, start: int, dot: int) -> int:
    """segment._token_start as first written: stepping back a character at a time."""
    lo, i = max(start, dot - 20), dot
    while i > lo and (text[i - 1].isalnum() or text[i - 1] in "_."):
        i -= 1
    return i


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Mr", "U", "S", "J", "etc", "gen", "government", "é", "٣", "_", ".", "..", " ", "\n",
                                 "-", "The", "He", "x" * 25, "No", "2"]), max_size=14))
def test_the_token_before_a_full_stop_is_found_as_by_stepping_back(pieces: list[str]) -> None:
    from newslint.segment import _token_start

    text = "".join(pieces) + ". The end"
    for dot in (i for i, c in enumerate(text) if c == "."):
        for start in (0, max(0, dot - 3)):
            assert _token_start(text, start, dot) == _token_start_by_steps(text, start, dot)


def test_sentence_bounds_are_the_sentences_spans() -> None:
    from newslint.article import Span

    a = article("Title here\n\nMr. Smith said it. “Really?” she asked. U.S. officials agreed!\n\nA second paragraph. "
                "It ends here.\n\nLast one")
    want = tuple(Span(x, y) for p in a.paragraphs for x, y in segment.sentences(a.prose, p.start, p.end))
    assert len(want) == 6  # "U.S. officials": no sentence ends after the initialism
    assert a.sentence_bounds == (tuple(s.start for s in want), tuple(s.end for s in want))
    assert a.sentences == want
    assert [a.sentence_index(s.start) for s in want] == list(range(len(want)))
