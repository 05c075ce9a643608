"""Kind ``ending-residue``: scraped page residue at the end of an article.

Walks back from the end of the body over *units* (a whole paragraph when it is residue as a
whole, else its lines, last first) while each unit is residue, and reports the block as one finding.
A unit is *strong* residue when it matches a strong pattern (share widgets, read-time lines,
subscribe calls, copyright, wire sign-offs...) and *weak* when it only could be (a lone lowercase
handle, a short line with no closing punctuation, a photo caption). A block must hold a strong unit;
weak units above its first strong unit are left out, so a caption-like article line is never taken.

The fix removes the block and the white space that joins it to the article, nothing else. In HTML
it also removes the markup of the elements the block empties (``<p>Share This Article</p>``) and
is offered only when that leaves the markup well formed and takes no other text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time

from newslint.article import Article
from newslint.findings import Finding, Fix
from newslint.options import Opt
from newslint.patterns import compile_alternation, fullmatch, phrase_pattern, search

if TYPE_CHECKING:
    from typing import Iterator
    from newslint.patterns import RulePattern

OPTIONS = {
    "strong_patterns": Opt(list, [], item=str, doc="regular expressions a whole unit (line or paragraph) must match to be residue"),
    "weak_patterns": Opt(list, [], item=str, doc="units that are residue only inside a block with a strong unit"),
    "widget_words": Opt(list, [], item=str, doc="share-widget words; a unit made only of these (and separators) is residue"),
    "end_patterns": Opt(list, [], item=str, doc="residue that can close the last article line (a sign-off after a wide gap)"),
    "max_units": Opt(int, 12, min=1, max=100, doc="look at most this many units back from the end"),
    "max_unit_chars": Opt(int, 320, min=10, doc="a longer unit is never residue"),
    "min_body_words": Opt(int, 5, min=0, doc="words of article that must remain above the block"),
    "fix": Opt(bool, True, doc="offer a fix that deletes the block (text, Markdown and HTML files)"),
}

@dataclass(frozen=True)
class State:
    """The rule's patterns, compiled."""

    strong: RulePattern
    weak: RulePattern | None
    widget: re.Pattern | None
    end: RulePattern | None
    # Fixed patterns, compiled here with the rule's own (and cached with them), not at import.
    separators: re.Pattern
    punct_only: re.Pattern


def prepare(options: dict, where) -> State:
    strong = compile_alternation(options["strong_patterns"], False, where)
    if strong is None and not options["widget_words"]:
        raise where("an ending-residue rule needs 'strong_patterns' or 'widget_words'")
    return State(strong or re.compile(r"(?!)"), compile_alternation(options["weak_patterns"], False, where),
                 phrase_pattern(options["widget_words"], False), compile_alternation(options["end_patterns"], False, where),
                 separators=re.compile(r"[\s|·•,/:;>»\-–—]+"), punct_only=re.compile(r"[\W_\d]*"))


def _classify(unit: str, state: State, max_chars: int) -> int:
    """2 strong residue, 1 weak residue, 0 article text."""
    norm = " ".join(unit.split())
    if not norm or len(norm) > max_chars:
        return 0
    if fullmatch(state.strong, norm, timeout=1.0):
        return 2
    if state.widget is not None and any(c.isalpha() for c in norm):
        rest = state.separators.sub("", state.widget.sub("", norm))
        if not rest:
            return 2
    if state.punct_only.fullmatch(norm):
        return 1
    if state.weak is not None and fullmatch(state.weak, norm, timeout=1.0):
        return 1
    return 0


def _wrapped_residue(prose: str, start: int, end: int, state: State, max_chars: int) -> bool:
    """Whether every line of a paragraph is residue by itself or a wrapped continuation (starts in
    lower case). Matched as a whole, with its lines joined, a paragraph such as "The mayor said
    ... in May." over "Copyright 2024 ..." fits a residue pattern, and its article line would go too."""
    for a, b in _units_backwards(prose, start, end):
        if not prose[a].islower() and not _classify(prose[a:b], state, max_chars):
            return False
    return True


def _units_backwards(prose: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Lines of prose[start:end], last first, as trimmed (start, end) spans."""
    b = end
    while b > start:
        a = prose.rfind("\n", start, b) + 1
        if a <= start:
            a = start
        x, y = a, b
        while x < y and prose[x].isspace():
            x += 1
        while y > x and prose[y - 1].isspace():
            y -= 1
        if x < y:
            yield x, y
        b = a - 1


def residue_block(article: Article, state: State, options: dict) -> tuple[int, int] | None:
    """(start, end) of the residue block at the end of the body, or None."""
    prose, paras = article.prose, article.paragraphs
    max_units, max_chars = options["max_units"], options["max_unit_chars"]
    units: list[tuple[int, int, int]] = []  # (start, end, strength), last first
    for pi in range(len(paras) - 1, -1, -1):
        p = paras[pi]
        if len(units) >= max_units:
            break
        strength = _classify(prose[p.start : p.end], state, max_chars) if p.end - p.start <= max_chars * 2 else 0
        if strength == 2 and not _wrapped_residue(prose, p.start, p.end, state, max_chars):
            strength = 0  # an article line above the residue: take the residue lines one by one
        if strength == 2 or strength == 1 and "\n" not in prose[p.start : p.end]:
            units.append((p.start, p.end, strength))
            continue
        # Not residue as a whole: take its trailing lines that are.
        for a, b in _units_backwards(prose, p.start, p.end):
            s = _classify(prose[a:b], state, max_chars) if b - a <= max_chars * 2 else 0
            if not s and state.end is not None:
                m = search(state.end, prose, max(a, b - 80), b, timeout=1.0)
                if m is not None and m.end() == b:
                    units.append((m.start() + len(m.group(0)) - len(m.group(0).lstrip()), b, 2))
            if not s or len(units) >= max_units:
                break
            units.append((a, b, s))
        break
    # Reading order; drop weak units above the first strong one.
    units.reverse()
    while units and units[0][2] != 2:
        units.pop(0)
    if not units:
        return None
    first = units[0][0]
    # Enough article must remain above the block, or this is not an article with residue.
    if _words_before(article, first) < options["min_body_words"]:
        return None
    return first, units[-1][1]


def _words_before(article: Article, offset: int) -> int:
    return bisect.bisect_left(article.words, (offset, offset))


def removal(article: Article, start: int, end: int) -> tuple[int, int]:
    """The file range to delete for the block at prose ``start``..``end``: its lines (with the
    markup on them) and the white space joining it to what precedes it; the line break after
    the block is kept."""
    src = article.source
    start, end = article.to_source(start, end)
    line_start = src.rfind("\n", 0, start) + 1
    if not article.has_prose(line_start, start):
        start = line_start
    line_end = src.find("\n", end)
    line_end = len(src) if line_end == -1 else line_end
    if line_end > end and src[line_end - 1] == "\r":
        line_end -= 1
    if not article.has_prose(end, line_end):
        end = line_end
    return _joined(src, start), end


def _joined(src: str, start: int) -> int:
    """``start`` moved back over the white space that joins the block to what precedes it."""
    while start > 0 and src[start - 1].isspace():
        start -= 1
    return start


def _holds_non_prose(article: Article, a: int, b: int) -> bool:
    """Whether a line in file range ``a``..``b`` is content that is not prose (a code block, an
    HTML tag, a footnote or link definition): deleting it is not deleting residue. Lines of
    markup punctuation only (a table rule, a list bullet) are part of the residue."""
    src = article.source
    pos = a
    while pos < b:
        nl = src.find("\n", pos, b)
        stop = b if nl == -1 else nl
        if not article.has_prose(pos, stop) and any(ch.isalnum() for ch in src[pos:stop]):
            return True
        pos = stop + 1
    return False


def _quoted(text: str, limit: int = 40) -> str:
    """The start of a block for a message: whole words, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def check(article: Article, rule, state: State) -> Iterator[Finding]:
    block = residue_block(article, state, rule.options)
    if block is None:
        return
    start, end = block
    fix = None
    if rule.options["fix"] and article.origin_line is None:
        if article.fmt in ("text", "markdown"):
            a, b = removal(article, start, end)
            fix = None if _holds_non_prose(article, a, b) else Fix(a, b, "")
        elif article.fmt == "html":
            from newslint.loaders.html import removable_span  # an HTML article's loader is imported already

            span = removable_span(article.source, *article.to_source(start, end))
            if span is not None:
                fix = Fix(_joined(article.source, span[0]), span[1], "")
    lines = sum(1 for line in article.prose[start:end].split("\n") if line.strip())
    msg = rule.message.replace("{lines}", f"{lines} line" if lines == 1 else f"{lines} lines").replace("{first}", _quoted(article.prose[start:end]))
    yield rule.finding(start, end, msg, fix=fix)
