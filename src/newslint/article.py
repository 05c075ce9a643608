"""The document model: one article, its metadata and its prose, with a map back to the source.

Loaders build an :class:`Article` from a file; every rule reads it. Rules read ``prose``, the
article's *prose view* (see :mod:`newslint.prose`): its text with markup, code and front matter
left out, typography folded and white space collapsed. Rules report prose offsets; the engine
maps every finding back to the file once (:meth:`Article.to_source`), so that no rule converts
between coordinate systems and every finding still points at the right characters of the file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from newslint import attribution, segment
from newslint.findings import Finding
from newslint.prose import OffsetMap


class cached_property:  # noqa: N801 - used as functools.cached_property is
    """``functools.cached_property`` without its lock, as Python 3.12 has it: in 3.11 one lock per
    property serves every article (a server checking two articles at once waits on it) and costs
    ~1 us at each first use, a dozen an article. Two threads that ask one article for the same
    value at once may each compute it; the values are pure, so either is right."""

    def __init__(self, func) -> None:
        self.func, self.attrname, self.__doc__ = func, func.__name__, func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.attrname = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.attrname] = self.func(instance)
        return value


@dataclass(frozen=True)
class Span:
    """A span of the prose: ``start``..``end``, character offsets."""

    start: int
    end: int


@dataclass(frozen=True)
class Quotation:
    """A direct quotation: ``start``/``end`` include the quote marks; ``parts`` are the quoted
    text spans (one per paragraph when a quote runs over several paragraphs, news style)."""

    start: int
    end: int
    parts: tuple[Span, ...]

    def text(self, prose: str) -> str:
        return " ".join(prose[p.start : p.end].strip() for p in self.parts)


@dataclass(frozen=True)
class Suppression:
    """``<!-- newslint-disable RULE -->`` and friends; ``rules`` empty means every rule."""

    kind: str  # "disable", "enable", "disable-next-line", "file"
    rules: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One article: its source text and prose view, metadata, and the structure derived from the prose on first use."""

    path: str
    source: str
    prose: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None
    url: str | None = None
    id: str | None = None
    title_span: Span | None = None
    suppressions: tuple[Suppression, ...] = ()
    notes: tuple[Finding, ...] = ()
    origin_line: int | None = None  # JSON Lines: the 1-based line of the record in its file
    fmt: str = "text"
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    offsets: OffsetMap | None = field(default=None, compare=False, hash=False, repr=False)

    # --- the map between prose and source ---

    @cached_property
    def _map(self) -> OffsetMap:
        return self.offsets if self.offsets is not None else OffsetMap.identity(len(self.prose))

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """A span of the prose as a span of the source."""
        return self._map.span(start, end)

    def to_prose(self, offset: int) -> int:
        """The first prose offset at or after a source offset."""
        return self._map.to_prose(offset)

    def has_prose(self, start: int, end: int) -> bool:
        """Whether the source span ``start``..``end`` holds any prose that is not white space."""
        return bool(self.prose[self.to_prose(start) : self.to_prose(end)].strip())

    def prose_position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the file of a prose offset."""
        return self.position(self._map.start(offset))

    # --- derived structure, computed once on first use and shared by all rules ---

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        spans = segment.paragraphs(self.prose)
        if self.title_span is not None:
            spans = [s for s in spans if s[1] <= self.title_span.start or s[0] >= self.title_span.end]
        return tuple(Span(a, b) for a, b in spans)

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        return tuple(map(Span, *self.sentence_bounds))

    @cached_property
    def sentence_bounds(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The starts and the ends of the sentences, in order: what the quotation analysis reads,
        without a Span for each (~1 us apiece)."""
        starts: list[int] = []
        ends: list[int] = []
        for p in self.paragraphs:
            for a, b in segment.sentences(self.prose, p.start, p.end):
                starts.append(a)
                ends.append(b)
        return tuple(starts), tuple(ends)

    @cached_property
    def quotations(self) -> tuple[Quotation, ...]:
        raw = segment.quotations(self.prose, [(p.start, p.end) for p in self.paragraphs])
        return tuple(Quotation(a, b, tuple(Span(x, y) for x, y in parts)) for a, b, parts in raw)

    @cached_property
    def attribution(self) -> "attribution.Attribution":
        """Who is said to have said what: shared by the quotation rules (see :mod:`newslint.attribution`)."""
        return attribution.analyse(self)

    @cached_property
    def words(self) -> tuple[tuple[int, int], ...]:
        """Word token spans over the body (title excluded)."""
        out: list[tuple[int, int]] = []
        for p in self.paragraphs:
            out.extend(segment.words(self.prose, p.start, p.end))
        return tuple(out)

    @cached_property
    def word_set(self) -> frozenset[str]:
        """Distinct lowercase words of the whole prose (title included), for cheap
        "can this phrase occur at all" tests."""
        return frozenset(self.words_in(0, len(self.prose)))

    @cached_property
    def body_tokens(self) -> list[str]:
        """``segment.tokens(body_text, breaks=True)``: the body's lowercase words, with clause and
        sentence marks as ``segment.BREAK`` tokens. Shared: read it, never change it."""
        split = self._paragraph_tokens
        return split[0] if split is not None else segment.tokens(self.body_text, breaks=True)

    @cached_property
    def _paragraph_tokens(self) -> tuple[list[str], list[int]] | None:
        """``body_tokens`` and where each paragraph's tokens begin in it (and one more entry, the
        end), from one tokenization of the paragraphs joined by a marker token, so that
        ``words_in`` answers for runs of paragraphs without tokenizing their text again. None
        when the prose holds a NUL or the marker, or its paragraphs are parted by anything but
        white space (then every answer is worked out from the text itself)."""
        prose, paras = self.prose, self.paragraphs
        if not paras or "\x00" in prose or _MARK in prose:
            return None
        for a, b in zip(paras, paras[1:]):
            if not prose[a.end : b.start].isspace():
                return None
        marked = segment.tokens(_MARKED.join([prose[p.start : p.end] for p in paras]), breaks=True)
        words: list[str] = []
        starts = [0]
        at = 0
        for _ in range(len(paras) - 1):  # linear: each paragraph's tokens copied once, no marker deleted in place
            mark = marked.index(_MARK, at)
            words += marked[at:mark]
            starts.append(len(words))
            at = mark + 1
        words += marked[at:]
        starts.append(len(words))
        return words, starts

    def words_in(self, start: int, end: int) -> set[str]:
        """``set(segment.tokens(prose[start:end]))``: the distinct lowercase words of a span. For
        a span made of whole paragraphs (with the white space between them, and any text before
        the first or after the last: a title), the paragraphs' words are read from the body's
        tokens rather than tokenized again."""
        prose = self.prose
        split = self._paragraph_tokens
        if split is not None:
            starts = self._paragraph_starts
            i = bisect.bisect_left(starts, start)
            j = bisect.bisect_left(starts, end)  # paragraphs i..j-1 start inside the span
            paras = self.paragraphs
            if i < j and paras[j - 1].end <= end:
                a, b = paras[i].start, paras[j - 1].end
                # The span's own text around the paragraphs is tokenized apart: it meets them at
                # white space (paragraphs are trimmed and parted by white space), so no word is cut.
                if (a == 0 or prose[a - 1].isspace()) and (b == len(prose) or prose[b].isspace()):
                    words, at = split
                    out = set(words[at[i] : at[j]])
                    out.discard(segment.BREAK)
                    if start < a:
                        out.update(segment.tokens(prose[start:a]))
                    if b < end:
                        out.update(segment.tokens(prose[b:end]))
                    return out
        return set(segment.tokens(prose[start:end]))

    @cached_property
    def body_text(self) -> str:
        """The paragraphs joined by blank lines: for measures that need plain text, not offsets."""
        return "\n\n".join(self.prose[p.start : p.end] for p in self.paragraphs)

    @cached_property
    def _sentence_starts(self) -> tuple[int, ...]:
        return self.sentence_bounds[0]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    @cached_property
    def _quotation_starts(self) -> list[int]:
        return [q.start for q in self.quotations]

    def inside_quotation(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside one quotation (a binary search: quotations do not nest)."""
        i = bisect.bisect_right(self._quotation_starts, start) - 1
        return i >= 0 and end <= self.quotations[i].end

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def paragraph_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._paragraph_starts, offset) - 1)

    @cached_property
    def line_index(self) -> "LineIndex":
        return LineIndex(self.source)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset. For a JSON Lines record, the line of the record
        in its file and the column as the 1-based offset inside the record's text."""
        if self.origin_line is not None:
            return self.origin_line, offset + 1
        if offset <= 4096 and "line_index" not in self.__dict__:
            # Near the start (a title, the first paragraph: where whole-article findings go),
            # counted rather than indexed: every article's first lookup, often its only one.
            return self.source.count("\n", 0, offset) + 1, offset - self.source.rfind("\n", 0, offset)
        return self.line_index.position(offset)

    @property
    def display_name(self) -> str:
        return f"{self.path}#{self.id}" if self.origin_line is not None and self.id else self.path


# The paragraphs are tokenized in one piece, each followed by this marker (a token of its own:
# segment.tokens leaves control characters alone) to find where the next one begins.
_MARK = "\x01"
_MARKED = f"\n{_MARK}\n"


class LineIndex:
    """Maps character offsets to 1-based line and column, in O(log lines)."""

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_start(self, line: int) -> int:
        """Offset of the start of a 1-based line."""
        return self._starts[min(max(line, 1), len(self._starts)) - 1]

    @property
    def count(self) -> int:
        return len(self._starts)
