"""HTML: the article's text, with scripts, styles, navigation and page furniture left out.

The standard library's ``html.parser`` reads the page (tolerant of broken markup, and it reports
where each tag and text starts); the loader keeps what no library does: which region is the
article (its ``<article>``, else its ``<main>``, else the page) and the prose view, built by
:class:`~newslint.prose.ProseBuilder` from the page's text spans: block tags are paragraph breaks,
``<br>`` a line break, inline tags nothing, character references decoded, typography folded.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from newslint.article import Article, LineIndex, Span, Suppression
from newslint.findings import Finding
from newslint.loaders import suppressions
from newslint.prose import LINE, NONE, PARAGRAPH, ProseBuilder

# Only for the fix path (removable_span): a quoted attribute value may hold < and >, as browsers
# read it; atomic, so a quote that is never closed costs no backtracking.
_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9:-]*)((?>[^<>=]+|=\s*"[^"]*"|=\s*'[^']*'|=)*)>|<!--|<![^<>]*>|<\?[^<>]*>""")

SKIP = frozenset("script style noscript template svg nav aside form button select textarea iframe head object canvas math pre code".split())
BLOCK = frozenset(
    """p div br h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote section article header footer main table tr td th
    thead tbody tfoot figure figcaption hr address details summary caption body html title""".split()
)
VOID = frozenset("area base br col embed hr img input link meta source track wbr param keygen".split())
MAX_REGIONS = 64
# Elements whose end tag HTML lets a page leave out.
_OPTIONAL_END = frozenset("p li td tr th dd dt option html body head".split())

# Events: (kind, start, end, name, attrs). kind: "start", "end", "text", "comment".
Event = tuple


class _Reader(HTMLParser):
    """Collects the page's tags, text spans and comments with their offsets in the file."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.events: list[Event] = []
        self._lines = LineIndex(text)

    def _at(self) -> int:
        """The file offset of what the parser is at (it reports line and column)."""
        line, col = self.getpos()
        return self._lines.line_start(line) + col

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = self._at()
        self.events.append(("start", a, a + len(self.get_starttag_text() or ""), tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        a = self._at()
        self.events.append(("void", a, a + len(self.get_starttag_text() or ""), tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        a = self._at()
        b = self.text.find(">", a)
        self.events.append(("end", a, len(self.text) if b == -1 else b + 1, tag, None))

    def handle_data(self, data: str) -> None:
        a = self._at()
        self._add_text(a, a + len(data))

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))

    def _reference(self, length: int) -> None:
        a = self._at()
        b = a + length
        if self.text.startswith(";", b):
            b += 1
        self._add_text(a, b)

    def _add_text(self, a: int, b: int) -> None:
        ev = self.events
        if ev and ev[-1][0] == "text" and ev[-1][2] == a:
            ev[-1] = ("text", ev[-1][1], b, "", None)  # one span for text and references in a row
        else:
            ev.append(("text", a, b, "", None))

    def handle_comment(self, data: str) -> None:
        a = self._at()
        self.events.append(("comment", a, a + len(data) + 7, "", data))


# html.parser (CPython before 3.12.11/3.13.4) rescans the rest of the page for every "<" that opens
# markup it cannot complete ("<a<a<a...", "</</", "<?<?"): quadratic, minutes on 200 KB. Such
# a "<" is text to a browser too; past a few of them the parser is given the page with them
# replaced by a character it reads as text (same length: offsets do not move).
_ANGLES = re.compile(r"[<>]")
MAX_STRAY = 64


def _defused(text: str) -> str:
    """The page with every "<" that no ">" closes before the next "<" made plain text, when
    there are more than MAX_STRAY of them (a real page has a handful; a hostile one thousands)."""
    stray: list[int] = []
    open_at = -1
    for m in _ANGLES.finditer(text):
        if m.group() == "<":
            if open_at != -1:
                stray.append(open_at)
            open_at = m.start()
        else:
            open_at = -1
    if open_at != -1:
        stray.append(open_at)
    # "&" is always hidden from the parser: the prose view decodes references itself, and the
    # parser then meets one text span where it would have made an event per reference.
    text = text.replace("&", _AMP)
    if "<!" in text:
        text = _BAD_DECLARATION.sub(_LT + "!", text)
    if len(stray) <= MAX_STRAY:
        return text
    pieces = []
    last = 0
    for i in stray:
        pieces.append(text[last:i])
        pieces.append(_LT)
        last = i + 1
    pieces.append(text[last:])
    return "".join(pieces)


# A "<!" that opens no comment, CDATA section or declaration: html.parser asserts on some ("<![0").
_BAD_DECLARATION = re.compile(r"<!(?!--|\[?[A-Za-z])")

# Stand-ins (private-use characters, one for one) for what the parser is not to see.
_AMP, _LT = "\ue000", "\ue001"


def _attr_value(value: str | None) -> str:
    """An attribute value as the page meant it: stand-ins restored, references decoded."""
    import html as htmllib

    return htmllib.unescape(value.replace(_AMP, "&").replace(_LT, "<")) if value else ""


def read_events(text: str) -> tuple[list[Event], tuple[str, int] | None]:
    """The page's events, and a problem when a comment is never closed (what follows it is the
    comment, as a browser reads it)."""
    problem = None
    limit = len(text)
    pos = 0
    while True:  # the first comment without an end; linear: each search starts past the last
        a = text.find("<!--", pos)
        if a == -1:
            break
        b = text.find("-->", a + 4)
        if b == -1:
            limit, problem = a, ("comment is never closed", a)
            break
        pos = b + 3
    reader = _Reader(text)
    try:
        reader.feed(_defused(text[:limit]))
        reader.close()
    except (AssertionError, ValueError, IndexError):
        # html.parser gives up on some malformed declarations ("<![0"): what it read stands, the
        # rest of the page is read as text, and the page is said to be broken there.
        at = reader._at()
        if reader.events and reader.events[-1][2] > at:
            at = reader.events[-1][2]
        if at < limit:
            reader._add_text(at, limit)
        problem = problem or ("markup the parser cannot read", at)
    return reader.events, problem


def load(path: str, text: str) -> list[Article]:
    events, problem = read_events(text)
    sups: list[Suppression] = []
    meta: dict[str, str] = {}
    stack: list[tuple[str, int]] = []
    visible = [False] * len(events)  # text outside skipped elements
    skip_depth = 0
    regions: list[tuple[str, int, int]] = []  # (name, first event inside, event after the last)
    region_open: list[tuple[str, int]] = []
    title_open: int | None = None
    for i, (kind, a, b, name, attrs) in enumerate(events):
        if kind == "text":
            visible[i] = skip_depth == 0
            continue
        if kind == "comment":
            sup = suppressions.parse(attrs, a, b)
            if sup is not None:
                sups.append(sup)
            continue
        if kind in ("start", "void"):
            values = {k: _attr_value(v) for k, v in attrs}
            if name == "meta":
                _meta_tag(values, meta)
            elif name == "link" and "canonical" in values.get("rel", "").lower().split():
                meta.setdefault("url", values.get("href", ""))
            elif name == "time" and "datetime" in values:
                meta.setdefault("date", values["datetime"])
        if name == "title":
            if kind == "start":
                title_open = b
            elif kind == "end" and title_open is not None:
                import html as htmllib

                meta.setdefault("title", " ".join(htmllib.unescape(text[title_open:a]).split()))
                title_open = None
        if kind == "void":
            continue
        if name in SKIP and name not in VOID:
            if kind == "start":
                skip_depth += 1
            elif skip_depth:
                skip_depth -= 1
            continue
        if name in ("article", "main") and len(regions) < MAX_REGIONS:
            if kind == "start":
                region_open.append((name, i + 1))
            elif region_open and region_open[-1][0] == name:
                regions.append((name, region_open.pop()[1], i))
        if name in VOID:
            continue
        if kind == "start":
            stack.append((name, a))
        elif stack and stack[-1][0] == name:
            stack.pop()
        else:
            found = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == name), None)
            if found is None:
                problem = problem or (f"</{name}> closes no open element", a)
            else:
                if name not in _OPTIONAL_END:
                    problem = problem or (f"<{stack[-1][0]}> is not closed before </{name}>", stack[-1][1])
                del stack[found:]
    unclosed = [(n, o) for n, o in stack if n not in _OPTIONAL_END]
    if unclosed:
        problem = problem or (f"<{unclosed[-1][0]}> is never closed", unclosed[-1][1])
    regions.extend((name, first, len(events)) for name, first in region_open)
    first, last = _choose_region(text, events, visible, regions)
    prose, offsets, title_span = _build(text, events, visible, first, last)
    if title_span is not None:
        # The article's own headline, not the page's <title> (which often carries the site name).
        meta["title"] = " ".join(prose[title_span.start : title_span.end].split())
    notes: tuple[Finding, ...] = ()
    if problem:
        notes = (Finding("html-structure", "info", f"HTML is not well formed: {problem[0]}", problem[1], problem[1]),)
    return [Article(path=path, source=text, prose=prose, offsets=offsets, title_span=title_span, suppressions=tuple(sups),
                    notes=notes, fmt="html", **meta)]


def _build(text: str, events: list[Event], visible: list[bool], first: int, last: int):
    """The prose view of events ``first``..``last`` (their visible text, gaps for their tags)."""
    builder = ProseBuilder(text, references=True, join_lines=True)
    h1_start: int | None = None
    title_span: Span | None = None
    for i in range(first, last):
        kind, a, b, name, _ = events[i]
        if kind == "text":
            if visible[i]:
                builder.text(a, b)
            continue
        level = PARAGRAPH if name in BLOCK and name != "br" else LINE if name == "br" else NONE
        builder.gap(level, a, b)
        if name == "h1" and title_span is None:
            if kind == "start":
                h1_start = builder.offset
            elif kind == "end" and h1_start is not None:
                if builder.written > h1_start:
                    title_span = Span(h1_start, builder.written)
                h1_start = None
    prose, offsets = builder.build()
    return prose, offsets, title_span


def _choose_region(text: str, events: list[Event], visible: list[bool], regions: list[tuple[str, int, int]]) -> tuple[int, int]:
    """The page's article, as a range of events: the <article> with the most text, unless a <main>
    holds more than twice as much (then the article is a teaser, and main is the story); the
    whole page when there is neither."""
    if not regions:
        return 0, len(events)
    sizes = [0]
    total = 0
    for i, ev in enumerate(events):
        if visible[i]:
            seg = text[ev[1] : ev[2]]
            total += len(seg) - seg.count(" ") - seg.count("\n")
        sizes.append(total)

    sized = [(sizes[r[2]] - sizes[r[1]], r) for r in regions]
    best = max(sized, key=lambda x: x[0])
    articles = [x for x in sized if x[1][0] == "article"]
    if articles:
        top = max(articles, key=lambda x: x[0])
        if top[0] * 2 >= best[0]:
            best = top
    return best[1][1], best[1][2]


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
