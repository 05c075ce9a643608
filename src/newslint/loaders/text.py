"""Plain text: the first line is the headline when a blank line follows it."""

from __future__ import annotations

from newslint.article import Article, Span
from newslint.patterns import lazy_compile
from newslint.prose import fold_text

_HEADLINE = lazy_compile(r"[^\S\n]*([^\n]{1,300}?)[^\S\n]*\r?\n[^\S\n]*\r?\n")


def load(path: str, text: str) -> list[Article]:
    return [article_from_text(path, text)]


def article_from_text(path: str, text: str, **meta) -> Article:
    title_span = None
    prose, offsets = fold_text(text)
    m = _HEADLINE.match(text)
    if m and m.group(1).strip() and not m.group(1).rstrip().endswith((".", ":", ",")):
        title_span = Span(offsets.to_prose(m.start(1)), offsets.to_prose(m.end(1)))
        meta.setdefault("title", m.group(1).strip())
    return Article(path=path, source=text, prose=prose, offsets=offsets, title_span=title_span, fmt="text", **meta)
