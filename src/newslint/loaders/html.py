"""HTML: the article's text, with scripts, styles, navigation and page furniture masked out.

A regular-expression tokenizer (linear, tolerant of broken markup) walks the tags; block-level
tags become line breaks in the prose mask so that paragraphs fall where the page puts them, and
character references become their character padded with spaces, so offsets stay those of the file.
When the page has an ``<article>`` (or else a ``<main>``) element, only its content is prose.
"""

from __future__ import annotations

import html as htmllib
import re

from newslint.article import Article, Span, Suppression
from newslint.findings import Finding
from newslint.loaders import mask, suppressions

# A quoted attribute value (right after "=") may hold < and >, as browsers read it; atomic, so a
# quote that is never closed costs no backtracking.
_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9:-]*)((?>[^<>=]+|=\s*"[^"]*"|=\s*'[^']*'|=)*)>|<!--|<![^<>]*>|<\?[^<>]*>""")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ATTR = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")

SKIP = frozenset("script style noscript template svg nav aside form button select textarea iframe head object canvas math".split())
BLOCK = frozenset(
    """p div br h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote section article header footer main table tr td th
    thead tbody tfoot pre figure figcaption hr address details summary caption body html title""".split()
)
VOID = frozenset("area base br col embed hr img input link meta source track wbr param keygen".split())


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1).lower(): htmllib.unescape(m.group(2) or m.group(3) or m.group(4) or "") for m in _ATTR.finditer(raw)}


def load(path: str, text: str) -> list[Article]:
    edits: list[tuple[int, int, str | None]] = []
    sups: list[Suppression] = []
    meta: dict[str, str] = {}
    stack: list[tuple[str, int]] = []
    problem: tuple[str, int] | None = None
    skip_depth = 0
    skip_start = 0
    # <article> and <main> elements: (name, content start, content end); the prose is the one
    # with the most text (see _choose_region).
    regions: list[tuple[str, int, int]] = []
    region_open: list[tuple[str, int]] = []
    title_span: Span | None = None
    h1_open: int | None = None
    title_open: int | None = None
    pos = 0
    while True:
        m = _TAG.search(text, pos)
        if m is None:
            break
        a, b = m.span()
        if m.group(0) == "<!--":
            close = text.find("-->", b)
            end = len(text) if close == -1 else close + 3
            edits.append((a, end, None))
            if close == -1:
                problem = problem or ("comment is never closed", a)
            else:
                sup = suppressions.parse(text[b:close], a, end)
                if sup is not None:
                    sups.append(sup)
            pos = end
            continue
        pos = b
        name = (m.group(2) or "").lower()
        closing = m.group(1) == "/"
        fill = "\n" * (b - a) if name in BLOCK else None
        edits.append((a, b, fill))
        if not name:
            continue
        if not closing:
            attrs = _attrs(m.group(3) or "")
            if name == "meta":
                _meta_tag(attrs, meta)
            elif name == "link" and "canonical" in attrs.get("rel", "").lower().split():
                meta.setdefault("url", attrs.get("href", ""))
            elif name == "time" and "datetime" in attrs:
                meta.setdefault("date", attrs["datetime"])
        if name in SKIP and not m.group(3).rstrip().endswith("/"):
            if not closing:
                if skip_depth == 0:
                    skip_start = a
                skip_depth += 1
                if name in ("script", "style"):
                    # Raw text elements: nothing inside is markup, so jump to the closing tag.
                    close = re.compile(rf"</{name}\s*>", re.I).search(text, b)
                    end = close.start() if close else len(text)
                    edits.append((b, end, None))
                    pos = end
                    if close is None:
                        problem = problem or (f"<{name}> is never closed", a)
            elif skip_depth:
                skip_depth -= 1
                if skip_depth == 0:
                    edits.append((skip_start, b, None))
            continue
        if name == "title":
            if closing and title_open is not None:
                meta.setdefault("title", htmllib.unescape(text[title_open:a]).strip())
                edits.append((title_open, a, None))
            title_open = None if closing else b
        if name == "h1":
            if not closing:
                h1_open = b
            elif h1_open is not None and title_span is None and text[h1_open:a].strip():
                title_span = Span(h1_open, a)
        if name in ("article", "main") and len(regions) < MAX_REGIONS:
            if not closing:
                region_open.append((name, b))
            elif region_open and region_open[-1][0] == name:
                regions.append((name, region_open.pop()[1], a))
        if name in VOID or (m.group(3) or "").rstrip().endswith("/"):
            continue
        if not closing:
            stack.append((name, a))
        elif stack and stack[-1][0] == name:
            stack.pop()
        else:
            found = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == name), None)
            if found is None:
                problem = problem or (f"</{name}> closes no open element", a)
            else:
                if name not in ("p", "li", "td", "tr", "th", "dd", "dt", "option"):
                    problem = problem or (f"<{stack[-1][0]}> is not closed before </{name}>", stack[-1][1])
                del stack[found:]
    if skip_depth:
        edits.append((skip_start, len(text), None))
    unclosed = [(n, o) for n, o in stack if n not in ("p", "li", "html", "body", "head", "td", "tr", "th", "dd", "dt")]
    if unclosed:
        problem = problem or (f"<{unclosed[-1][0]}> is never closed", unclosed[-1][1])
    regions.extend((name, start, len(text)) for name, start in region_open)
    for em in _ENTITY.finditer(text):
        char = htmllib.unescape(em.group(0))
        if char == em.group(0) or len(char) > em.end() - em.start():
            continue
        if char in "\u00a0\u2009\u200a\u202f":
            char = " "
        edits.append((em.start(), em.end(), char + " " * (em.end() - em.start() - len(char))))
    prose = mask.apply(text, edits)
    region = _choose_region(prose, regions)
    if region is not None:
        prose = mask.blank(prose[: region[0]]) + prose[region[0] : region[1]] + mask.blank(prose[region[1] :])
        if title_span is not None and not region[0] <= title_span.start < region[1]:
            title_span = None
    # Line breaks inside running text are spaces; only block tags separate paragraphs.
    prose = _join_wrapped_lines(prose, text)
    if title_span is not None:
        # The article's own headline, not the page's <title> (which often carries the site name).
        meta["title"] = " ".join(prose[title_span.start:title_span.end].split())
    notes: tuple[Finding, ...] = ()
    if problem:
        notes = (Finding("html-structure", "info", f"HTML is not well formed: {problem[0]}", problem[1], problem[1]),)
    return [Article(path=path, source=text, prose=prose, title_span=title_span, suppressions=tuple(sups),
                    notes=notes, fmt="html", **meta)]


MAX_REGIONS = 64


def _choose_region(prose: str, regions: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The page's article: the <article> with the most text, unless a <main> holds more than twice
    as much (then the article is a teaser, and main is the story). None when there is neither."""
    def size(r: tuple[str, int, int]) -> int:
        seg = prose[r[1] : r[2]]
        return len(seg) - seg.count(" ") - seg.count("\n")

    if not regions:
        return None
    sized = [(size(r), r) for r in regions]
    best = max(sized, key=lambda x: x[0])
    articles = [x for x in sized if x[1][0] == "article"]
    if articles:
        top = max(articles, key=lambda x: x[0])
        if top[0] * 2 >= best[0]:
            best = top
    return best[1][1], best[1][2]


def _join_wrapped_lines(prose: str, source: str) -> str:
    """Source newlines in text become spaces; newlines that stand for block tags stay."""
    chars = []
    start = 0
    for m in re.finditer(r"\n", source):
        i = m.start()
        if prose[i] == "\n":
            chars.append(prose[start:i])
            chars.append(" ")
            start = i + 1
    chars.append(prose[start:])
    return "".join(chars)


def _meta_tag(attrs: dict[str, str], meta: dict[str, str]) -> None:
    key = (attrs.get("name") or attrs.get("property") or "").lower()
    content = attrs.get("content")
    if not content:
        return
    field = {"author": "byline", "article:author": "byline", "og:title": "title", "twitter:title": "title",
             "og:url": "url", "article:published_time": "date", "date": "date"}.get(key)
    if field:
        meta.setdefault(field, content)


# Elements a removal may take away whole once it has emptied them; never the page's frame.
_FRAME = frozenset("html body article main".split())


def removable_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span to delete so that the text in ``start``..``end`` goes and the markup stays well
    formed: grown over the tags that touch it until every element it opens it also closes, taking
    along the elements it empties (``<p>Share This Article</p>``). None when that would take text
    outside the range (the range cuts through an element that holds article text too)."""
    a, b = start, end
    for _ in range(256):
        opened, stray_close = _balance(text, a, b)
        if stray_close:
            tag = _adjacent_tag(text, a, before=True)
            if tag is None or tag[2]:
                return None
            a = tag[0]
        elif opened:
            tag = _adjacent_tag(text, b, before=False)
            if tag is None or not tag[2]:
                return None
            b = tag[1]
        else:
            left, right = _adjacent_tag(text, a, before=True), _adjacent_tag(text, b, before=False)
            if not (left and right and not left[2] and right[2] and left[3] == right[3] and left[3] not in _FRAME):
                return a, b
            a, b = left[0], right[1]
    return None


def _balance(text: str, a: int, b: int) -> tuple[bool, bool]:
    """Whether the tags inside a..b leave an element open, and whether one closes an element
    opened before a."""
    stack: list[str] = []
    stray = False
    pos = a
    while True:
        m = _TAG.search(text, pos, b)
        if m is None:
            break
        pos = m.end()
        if m.group(0) == "<!--":
            close = text.find("-->", pos, b)
            if close == -1:
                return True, stray  # a comment cut in two
            pos = close + 3
            continue
        name = (m.group(2) or "").lower()
        if not name or name in VOID or (m.group(3) or "").rstrip().endswith("/"):
            continue
        if not m.group(1):
            stack.append(name)
        elif name in stack:
            del stack[len(stack) - 1 - stack[::-1].index(name):]
        else:
            stray = True
    return bool(stack), stray


def _adjacent_tag(text: str, at: int, before: bool) -> tuple[int, int, bool, str] | None:
    """The tag right before (or after) ``at`` with only white space between: (start, end,
    closing, name)."""
    if before:
        i = at
        while i > 0 and text[i - 1].isspace():
            i -= 1
        if i == 0 or text[i - 1] != ">":
            return None
        lt = text.rfind("<", 0, i)
        m = _TAG.fullmatch(text, lt, i) if lt != -1 else None
    else:
        i = at
        while i < len(text) and text[i].isspace():
            i += 1
        m = _TAG.match(text, i) if text.startswith("<", i) else None
    if m is None or not m.group(2):
        return None
    return m.start(), m.end(), bool(m.group(1)), m.group(2).lower()
