"""Plain text: the first line is the headline when a blank line follows it."""

from __future__ import annotations

from newslint.article import Article, Span
from newslint.prose import fold_text

HEADLINE_MAX = 300  # characters of a first line that can be a headline


def load(path: str, text: str) -> list[Article]:
    return [article_from_text(path, text)]


def article_from_text(path: str, text: str, **meta) -> Article:
    title_span = None
    prose, offsets = fold_text(text)
    head = headline(text)
    if head is not None and not text[head[0] : head[1]].endswith((".", ":", ",")):
        title_span = Span(offsets.to_prose(head[0]), offsets.to_prose(head[1]))
        meta.setdefault("title", text[head[0] : head[1]])
    return Article(path=path, source=text, prose=prose, offsets=offsets, title_span=title_span, fmt="text", **meta)


def headline(text: str) -> tuple[int, int] | None:
    """Where the headline is: the first line, less its white space, when it holds 1 to
    ``HEADLINE_MAX`` characters and the next line is blank (white space only) and ends. Found by
    two searches for a line break; a pattern for it (white space, a lazy run, white space, a
    break) backtracked over a long run of white space: 500 times " \\t" took 3.7 s, 1,000 took
    14 s."""
    first = text.find("\n")
    if first < 0:
        return None
    second = text.find("\n", first + 1)
    if second < 0 or (second > first + 1 and not text[first + 1 : second].isspace()):
        return None
    line = text[:first]
    content = line.strip()
    if not content or len(content) > HEADLINE_MAX:
        return None
    start = len(line) - len(line.lstrip())
    return start, start + len(content)
