"""The Article's shared tokens: ``body_tokens``, ``word_set`` and ``words_in`` read the paragraphs'
words from one tokenization of the body; each must answer exactly as tokenizing the text itself
(``segment.tokens``) does, whatever the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.loaders import load_text
from newslint.segment import tokens

PIECES = [
    "The council said", " ", "\n", "\n\n", "\n \n\t", ".", ". ", "? ", "!", ",", ";", ":", "—", "–", "…", '"', "“", "”",
    "'", "’", "-", "(", ")", "Mayor O'Neil", "ΟΔΟΣ ΣΑΣ", "İstanbul", "x\x00y", "a\x01b", "\u2028", "\xa0", "42,000",
    "U.S.", "# Title\n\n", "<p>", "</p>", "<h1>Head</h1>", "state-run", "Hello World", "won’t",
]
FORMATS = (("a.txt", "text"), ("a.md", "markdown"), ("a.html", "html"))


def assert_as_plain(article) -> None:
    prose = article.prose
    assert list(article.body_tokens) == tokens(article.body_text, breaks=True)
    assert article.word_set == frozenset(tokens(prose))
    marks = {0, len(prose)} | {x for p in article.paragraphs for x in (p.start, p.end)}
    if article.title_span is not None:
        marks |= {article.title_span.start, article.title_span.end}
    for start in marks:
        for end in marks:
            if start <= end:
                assert article.words_in(start, end) == set(tokens(prose[start:end])), (start, end)


def test_a_story_is_answered_from_the_body_tokens_as_from_its_text() -> None:
    text = ("Council approves budget\n\nThe council said on Tuesday it would spend $14m. “It is a start,” the mayor said.\n\n"
            "Critics say the plan—drafted in haste—won’t work; officials disagree!\n\n"
            "ΟΔΟΣ: the council… will meet again.\n\n\"More to come,\" she said.\n")
    (article,) = load_text("a.txt", text, "text")
    assert article._paragraph_tokens is not None  # the shared path is the one taken
    assert_as_plain(article)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from(FORMATS))
def test_every_text_is_answered_as_by_tokenizing_it(pieces: list[str], fmt: tuple[str, str]) -> None:
    for article in load_text(fmt[0], "".join(pieces), fmt[1]):
        assert_as_plain(article)
