"""The prose view: one clean text per article, with a map back to the file.

Loaders read markup; rules read prose. Between them sits this module: a loader hands the
:class:`ProseBuilder` the spans of its file that are text (and says where markup breaks a line or
a paragraph), and gets back the article's *prose* and an :class:`OffsetMap`. In the prose:

- typography is folded once, so that every kind meets one spelling of a phrase: an apostrophe
  inside a word (``it’s``, ``don&rsquo;t``) is ``'``; the rare hyphens, minus signs and dashes are
  ``-``, ``–`` or ``—``; low and guillemet quote marks are ``“``/``”``; soft hyphens and zero-width
  characters are gone;
- character references are decoded (``&amp;``, ``&amp`` without its semicolon, ``&#8217;``);
- white space is collapsed: a run of spaces, tabs or Unicode spaces (NBSP, thin spaces...) is one
  space, a line break is one ``\\n`` and a paragraph break is ``\\n\\n``, however much markup
  stood there. No kind ever meets a run of hundreds of spaces that stands for markup.

The map is a short list of *runs*, so building it and looking an offset up cost little: a copy
run maps prose characters one to one onto the file, a replacement run maps its prose text (a
decoded reference, a collapsed gap) onto the whole span of the file it came from. Lookups are a
binary search over the runs. Everything here is linear in the file's length.
"""

from __future__ import annotations

import bisect

from newslint.patterns import lazy_compile

# What the builder must look at in a text span; everything else is copied as it is. White space
# runs other than one space (or one line break where line breaks are kept), zero-width and soft
# hyphen characters, typographic marks to fold, and (for HTML and Markdown) character references.
_ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_WS_CLASS = rf"\s{_ZERO_WIDTH}"
_FOLD_CHARS = "’ʼ‛‐‑‒―−„‟«»＂"
_SCAN_TEXT = lazy_compile(rf"(?:[^\S ]|[{_ZERO_WIDTH}])[{_WS_CLASS}]*| [{_WS_CLASS}]+|[{_FOLD_CHARS}]")
# Where line and space layout is the author's (plain text): only characters to fold one by one.
_UNICODE_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2028\u2029"
_SCAN_LAYOUT = lazy_compile(rf"[{_UNICODE_SPACES}{_ZERO_WIDTH}{_FOLD_CHARS}]")
_SCAN_MARKUP = lazy_compile(
    rf"(?:[^\S ]|[{_ZERO_WIDTH}])[{_WS_CLASS}]*| [{_WS_CLASS}]+|[{_FOLD_CHARS}]"
    r"|&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)"
)
_FOLD = {"‐": "-", "‑": "-", "−": "-", "‒": "–", "―": "—", "„": "“", "‟": "“", "«": "“", "»": "”", "＂": '"'}
_APOSTROPHES = "’ʼ‛"

# Levels of a pending gap: nothing, a space, a line break, a paragraph break.
NONE, SPACE, LINE, PARAGRAPH = 0, 1, 2, 3
_GAP_TEXT = {SPACE: " ", LINE: "\n", PARAGRAPH: "\n\n"}


class OffsetMap:
    """Prose offsets to file offsets and back, as runs: ``(prose start, file start, file end,
    copied)``. A copied run has as many prose characters as file characters."""

    __slots__ = ("_pstart", "_sstart", "_send", "_copy", "prose_len", "source_len")

    def __init__(self, runs: list[tuple[int, int, int, bool]], prose_len: int, source_len: int) -> None:
        self._pstart = [r[0] for r in runs]
        self._sstart = [r[1] for r in runs]
        self._send = [r[2] for r in runs]
        self._copy = [r[3] for r in runs]
        self.prose_len = prose_len
        self.source_len = source_len

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        return cls([(0, 0, length, True)], length, length)

    @property
    def runs(self) -> int:
        return len(self._pstart)

    def start(self, p: int) -> int:
        """The file offset where the prose character at ``p`` begins (for ``p`` at the end of the
        prose: the end of the last mapped file text)."""
        if not self._pstart:
            return 0
        if p >= self.prose_len:
            return self._send[-1]
        i = max(0, bisect.bisect_right(self._pstart, p) - 1)
        return self._sstart[i] + (p - self._pstart[i]) if self._copy[i] else self._sstart[i]

    def end(self, p: int) -> int:
        """The file offset just after the prose character at ``p - 1``: where a span of prose
        that ends at ``p`` ends in the file."""
        if not self._pstart or p <= 0:
            return self.start(0) if self._pstart else 0
        i = max(0, bisect.bisect_right(self._pstart, p - 1) - 1)
        return self._sstart[i] + (p - self._pstart[i]) if self._copy[i] else self._send[i]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """A prose span as a file span (an empty span stays empty)."""
        sa = self.start(a)
        return (sa, sa) if b <= a else (sa, max(sa, self.end(b)))

    def to_prose(self, s: int) -> int:
        """The first prose offset whose file text begins at or after file offset ``s``."""
        if not self._pstart:
            return 0
        i = bisect.bisect_right(self._sstart, s) - 1
        if i < 0:
            return 0
        if self._copy[i] and s < self._send[i]:
            return self._pstart[i] + (s - self._sstart[i])
        if s == self._sstart[i]:
            return self._pstart[i]
        return self._pstart[i + 1] if i + 1 < len(self._pstart) else self.prose_len


class ProseBuilder:
    """Builds a prose view from a file: ``text`` spans are folded in, ``gap`` marks where markup
    separates words, lines or paragraphs. White space is held back until the next text, so that
    runs of it (and gaps next to it) come out as one space, one line break or one paragraph break,
    whichever is the strongest among them."""

    def __init__(self, source: str, references: bool = False, join_lines: bool = False, collapse: bool = True) -> None:
        self.source = source
        self._scan = _SCAN_MARKUP if references else _SCAN_TEXT if collapse else _SCAN_LAYOUT
        self._collapse = collapse
        self._join_lines = join_lines
        self._parts: list[str] = []
        self._runs: list[tuple[int, int, int, bool]] = []
        self._len = 0
        self._last = ""  # the last character written
        self._gap = NONE
        self._gap_span: tuple[int, int] | None = None

    @property
    def written(self) -> int:
        """The length of the prose written so far (a pending gap not counted)."""
        return self._len

    @property
    def offset(self) -> int:
        """The prose offset the next text will start at (after the pending gap, if any)."""
        return self._len + (len(_GAP_TEXT[self._gap]) if self._gap and self._len else 0)

    def gap(self, level: int, start: int, end: int) -> None:
        """Markup (or white space) at file ``start``..``end`` that separates what is on either side
        at ``level``: NONE (an inline tag: words run on), SPACE, LINE or PARAGRAPH."""
        if self._gap_span is None:
            self._gap_span = (start, end)
        else:
            self._gap_span = (self._gap_span[0], max(end, self._gap_span[1]))
        if level > self._gap:
            self._gap = level

    def _flush(self) -> None:
        span = self._gap_span
        level = self._gap
        self._gap, self._gap_span = NONE, None
        if not level or not self._len:  # nothing before it: leading white space is dropped
            return
        text = _GAP_TEXT[level]
        self._put(text, span[0], span[1], self.source[span[0] : span[1]] == text)

    def _put(self, text: str, start: int, end: int, copied: bool) -> None:
        if not text:
            return
        runs = self._runs
        if copied and runs and runs[-1][3] and runs[-1][2] == start:
            p, s, _, _ = runs[-1]
            runs[-1] = (p, s, end, True)  # one run for adjacent copies
        else:
            runs.append((self._len, start, end, copied))
        self._parts.append(text)
        self._len += len(text)
        self._last = text[-1]

    def _word(self, text: str, start: int, end: int, copied: bool) -> None:
        if self._gap:
            self._flush()
        self._gap_span = None
        self._put(text, start, end, copied)

    def text(self, start: int, end: int) -> None:
        """File text ``start``..``end``, folded."""
        src = self.source
        pos = start
        for m in self._scan.finditer(src, start, end):
            a, b = m.span()
            if a > pos:
                self._word(src[pos:a], pos, a, True)
            pos = b
            token = m.group()
            c = token[0]
            if c == "&":
                import html  # only for text that holds a reference: html.entities is a large table

                char = html.unescape(token)
                if char == token:  # not a reference after all ("&c", "AT&T")
                    self._word(token, a, b, True)
                    continue
                if char.isspace() or char in _ZERO_WIDTH:
                    self.gap(SPACE if char.isspace() else NONE, a, b)
                    continue
                if char in _APOSTROPHES:
                    char = "'" if self._last.isalnum() and not self._gap and b < end and src[b : b + 1].isalnum() else "’"
                    if char == "’" and self._last.isalnum() and src.startswith("&", b):
                        char = "'"  # don&rsquo;&#116; and the like: rare, still a word
                self._word(_FOLD.get(char, char), a, b, False)
                continue
            if c in _FOLD_CHARS and len(token) == 1:
                if c in _APOSTROPHES:
                    inside = self._last.isalnum() and not self._gap and b < end and src[b : b + 1].isalnum()
                    out = "'" if inside else "’"
                    self._word(out, a, b, out == c)
                else:
                    self._word(_FOLD[c], a, b, False)
                continue
            # White space and zero-width characters.
            if not self._collapse:  # the author's layout: one character for one
                if c in _ZERO_WIDTH:
                    self.gap(NONE, a, b)
                else:
                    self._word("\n" if c in "\u2028\u2029" else " ", a, b, False)
                continue
            if token == "\n" and not self._join_lines:
                self.gap(LINE, a, b)
                continue
            if not any(ch.isspace() for ch in token):
                self.gap(NONE, a, b)  # zero-width only: the word runs on ("impor\u00adtant")
                continue
            newlines = token.count("\n") if not self._join_lines else 0
            self.gap(PARAGRAPH if newlines >= 2 else LINE if newlines == 1 else SPACE, a, b)
        if end > pos:
            self._word(src[pos:end], pos, end, True)

    def build(self) -> tuple[str, OffsetMap]:
        """The prose and its map (a trailing gap is dropped)."""
        return "".join(self._parts), OffsetMap(self._runs, self._len, len(self.source))


def fold_text(source: str) -> tuple[str, OffsetMap]:
    """The prose view of plain text: its layout kept (white space is the author's, not markup),
    typography folded character by character."""
    if source.isascii() or not _SCAN_LAYOUT.search(source):
        # The common case: nothing to fold, the prose is the file (every character folded is
        # outside ASCII, and the ASCII flag is read without a scan: half of BBC's stories).
        return source, OffsetMap.identity(len(source))
    b = ProseBuilder(source, collapse=False)
    b.text(0, len(source))
    return b.build()
