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
from functools import cached_property

from newslint import attribution, segment
from newslint.findings import Finding
from newslint.prose import OffsetMap


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
        out: list[Span] = []
        for p in self.paragraphs:
            out.extend(Span(a, b) for a, b in segment.sentences(self.prose, p.start, p.end))
        return tuple(out)

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
        return frozenset(segment.tokens(self.prose))

    @cached_property
    def body_text(self) -> str:
        """The paragraphs joined by blank lines: for measures that need plain text, not offsets."""
        return "\n\n".join(self.prose[p.start : p.end] for p in self.paragraphs)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

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
