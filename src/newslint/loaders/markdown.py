"""Markdown with optional YAML front matter.

Front matter becomes metadata and is never linted; code, comments, link targets, images and
markup characters are masked out of the prose (see :mod:`newslint.loaders.mask`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

import yaml

from newslint.article import Article, Span, Suppression
from newslint.findings import Finding
from newslint.loaders import mask, suppressions
from newslint.prose import ProseBuilder
from newslint.safeyaml import YamlLimitError, describe_yaml_error, load_yaml

_FM_OPEN = re.compile(r"---[ \t]*\r?\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*$", re.M)
_INLINE_CODE = re.compile(r"`[^`\n]+`")
# Link text may hold one level of brackets ("[a [b] c](url)"); each alternative starts with its
# own character, so the scan cannot backtrack.
_BRACKETED = r"(?:[^\[\]\n]|\[[^\[\]\n]*\])*"
_IMAGE = re.compile(r"!\[" + _BRACKETED + r"\]\([^)\n]*\)")
_LINK = re.compile(r"(\[)" + _BRACKETED + r"(\]\([^)\n]*\)|\]\[[^\]\n]*\])")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*$", re.M)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_URL = re.compile(r"https?://[^\s)>\]]+")
_LINE_MARKUP = re.compile(r"^[^\S\n]*(?:#{1,6}(?=\s)|>+|[-*+](?=\s)|\d{1,9}[.)](?=\s)|[-*_][ \t]*[-*_][ \t]*[-*_][-*_ \t]*$|[=-]+[ \t]*$)", re.M)
# Emphasis markers and table pipes. One character class (fast to scan: 6x the speed of an
# alternation with look-arounds); word-internal underscores (snake_case) are dropped in Python.
_EMPHASIS = re.compile(r"[*_|]+")
_WORD_CHAR = re.compile(r"\w")
_H1 = re.compile(r"^#[ \t]+([^\n]*)$", re.M)  # the closing "#"s and white space are cut by h1_text, not by a lazy run

_META_KEYS = {"title": "title", "headline": "title", "author": "byline", "byline": "byline", "authors": "byline",
              "date": "date", "published": "date", "url": "url", "permalink": "url", "link": "url", "id": "id", "slug": "id"}


def h1_text(m: re.Match) -> tuple[int, int, str]:
    """(start, end, text) of an ATX heading's text: the line after "#" and its white space, less
    its closing "#"s and white space. Cut here rather than by a lazy run before ``[ \\t#]*$``,
    which rescanned the line's white space at every character: quadratic on a long line."""
    text = m.group(1).rstrip(" \t#")
    return m.start(1), m.start(1) + len(text), text


def load(path: str, text: str) -> list[Article]:
    edits: list[tuple[int, int, str | None]] = []
    notes: list[Finding] = []
    sups: list[Suppression] = []
    meta: dict[str, str] = {}
    body_start = 0

    fm_open = _FM_OPEN.match(text)
    if fm_open:
        close = _FM_CLOSE.search(text, fm_open.end())
        if close is None:
            notes.append(Finding("front-matter", "warning", "front matter opened with '---' is never closed; read as body text", 0, fm_open.end() - 1))
        else:
            body_start = close.end()
            edits.append((0, body_start, None))
            fm_text = text[fm_open.end() : close.start()]
            _read_front_matter(fm_text, fm_open.end(), meta, sups, notes)

    _mask_code_and_comments(text, body_start, edits, sups)
    for rx in (_IMAGE, _REF_DEF, _TAG, _URL, _INLINE_CODE):
        edits.extend((m.start(), m.end(), None) for m in rx.finditer(text, body_start))
    for m in _LINK.finditer(text, body_start):
        edits.append((m.start(1), m.end(1), None))
        edits.append((m.start(2), m.end(2), None))
        inner = text[m.end(1) : m.start(2)]
        if "[" in inner:  # "[a [b] c](url)": the inner brackets are markup too
            for k, ch in enumerate(inner):
                if ch in "[]":
                    edits.append((m.end(1) + k, m.end(1) + k + 1, None))
    edits.extend((m.start(), m.end(), None) for m in _LINE_MARKUP.finditer(text, body_start))
    edits.extend(_emphasis(text, body_start))
    edits.extend(_indented_code(text, body_start))
    masked = mask.apply(text, edits)
    # The masked text has the file's length: the prose view built from it maps onto the file.
    builder = ProseBuilder(masked, references=True)
    builder.text(0, len(masked))
    prose, offsets = builder.build()

    title_span = None
    h1 = _H1.search(text, body_start)
    head = h1_text(h1) if h1 else None
    if h1 and head and not text[body_start : h1.start()].strip(" \t\r\n") and head[2].strip():
        a, b = offsets.to_prose(head[0]), offsets.to_prose(head[1])
        if prose[a:b].strip():
            title_span = Span(a, b)
        meta.setdefault("title", head[2].strip())
    return [
        Article(path=path, source=text, prose=prose, offsets=offsets, title_span=title_span, suppressions=tuple(sups),
                notes=tuple(notes), fmt="markdown", **meta)
    ]


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")


def _indented_code(text: str, start: int) -> list[tuple[int, int, None]]:
    """Indented code blocks (four spaces or a tab, after a blank line, not a list item's
    continuation): code, not prose. One pass over the lines."""
    out = []
    blank_before = True
    in_list = False
    in_code = False
    pos = start
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        line = text[pos:end]
        if not line.strip():
            blank_before = True
        else:
            indented = line.startswith(("    ", "\t"))
            if indented and (in_code or blank_before and not in_list):
                out.append((pos, end, None))
                in_code = True
            else:
                in_code = False
                if not indented:
                    in_list = bool(_LIST_ITEM.match(line))
            blank_before = False
        pos = end + 1
    return out


def _emphasis(text: str, start: int) -> list[tuple[int, int, None]]:
    out = []
    n = len(text)
    for m in _EMPHASIS.finditer(text, start):
        a, b = m.span()
        if 0 < a and b < n and _WORD_CHAR.match(text, a - 1) and _WORD_CHAR.match(text, b) and not m.group().strip("_"):
            continue  # underscores inside a word: snake_case, not emphasis
        out.append((a, b, None))
    return out


def _mask_code_and_comments(text: str, start: int, edits: list, sups: list[Suppression]) -> None:
    """Fenced code blocks and HTML comments, in one left-to-right pass (linear even when unclosed)."""
    fences = list(_FENCE.finditer(text, start))
    code: list[tuple[int, int]] = []  # fenced blocks and inline code: a comment there is code, not a directive
    i = 0
    while i < len(fences):
        opener = fences[i]
        mark = opener.group(1)
        j = i + 1
        while j < len(fences) and not (fences[j].group(1)[0] == mark[0] and len(fences[j].group(1)) >= len(mark)
                                       and not text[fences[j].end(1):fences[j].end()].strip()):
            j += 1
        end = fences[j].end() if j < len(fences) else len(text)
        edits.append((opener.start(), end, None))
        code.append((opener.start(), end))
        i = j + 1
    code = _add_outside(code, [m.span() for m in _INLINE_CODE.finditer(text, start)])
    starts = [a for a, _ in code]
    pos = start
    while True:
        a = text.find("<!--", pos)
        if a == -1:
            break
        k = bisect.bisect_right(starts, a) - 1
        if k >= 0 and a < code[k][1]:
            pos = code[k][1]
            continue
        b = text.find("-->", a + 4)
        if b == -1:
            break
        b += 3
        edits.append((a, b, None))
        sup = suppressions.parse(text[a + 4 : b - 3], a, b)
        if sup is not None:
            sups.append(sup)
        pos = b


def _add_outside(blocks: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted disjoint ``blocks`` plus those ``spans`` (sorted) that do not start inside one; linear."""
    out: list[tuple[int, int]] = []
    k = 0
    for a, b in spans:
        while k < len(blocks) and blocks[k][1] <= a:
            out.append(blocks[k])
            k += 1
        if k < len(blocks) and blocks[k][0] <= a:
            continue
        if out and out[-1][1] > a:
            continue
        out.append((a, b))
    out.extend(blocks[k:])
    return out


def _read_front_matter(fm_text: str, offset: int, meta: dict, sups: list, notes: list) -> None:
    try:
        data = load_yaml(fm_text)
    except (yaml.YAMLError, YamlLimitError) as exc:
        msg, line = describe_yaml_error(exc)
        # Point at the construct that is broken (an unclosed "[" opens it), not where the parser gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        index = getattr(mark, "index", None)
        start = offset + (min(index, len(fm_text)) if isinstance(index, int) else _line_offset(fm_text, line))
        notes.append(Finding("front-matter", "warning", f"front matter is not valid YAML: {msg}", start, start))
        return
    if data is None:
        return
    if not isinstance(data, dict):
        notes.append(Finding("front-matter", "warning", "front matter is not a mapping of keys to values", offset, offset))
        return
    for key, field in _META_KEYS.items():
        value = data.get(key)
        if field in meta or value is None:
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if isinstance(value, (str, int, float, dt.date)):
            meta[field] = str(value)
    own = data.get("newslint")
    if own is None:
        return
    disable = own.get("disable") if isinstance(own, dict) else None
    if not isinstance(own, dict) or set(own) - {"disable"} or not isinstance(disable, list) or not all(isinstance(r, str) for r in disable):
        notes.append(Finding("front-matter", "warning", "front matter key 'newslint' must be {disable: [rule ids]}", offset, offset))
        return
    sups.append(Suppression("file", tuple(disable), offset, offset))


def _line_offset(text: str, line: int | None) -> int:
    if not line:
        return 0
    pos = 0
    for _ in range(line - 1):
        nxt = text.find("\n", pos)
        if nxt == -1:
            break
        pos = nxt + 1
    return pos
