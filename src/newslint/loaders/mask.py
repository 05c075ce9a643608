"""Building the prose mask: same length as the source, non-prose replaced."""

from __future__ import annotations

import re

_NOT_NEWLINE = re.compile(r"[^\n]")


def blank(segment: str) -> str:
    """White space of the same length, keeping line breaks (so paragraphs stay apart)."""
    return _NOT_NEWLINE.sub(" ", segment)


def apply(text: str, edits: list[tuple[int, int, str | None]]) -> str:
    """Apply same-length replacements; ``None`` means blank. Overlapping edits: first wins."""
    out: list[str] = []
    pos = 0
    for start, end, repl in sorted(edits, key=lambda e: (e[0], -e[1])):
        if start < pos:
            if end <= pos:
                continue
            start = pos
            repl = None
        out.append(text[pos:start])
        seg = text[start:end]
        out.append(blank(seg) if repl is None else repl)
        pos = end
    out.append(text[pos:])
    result = "".join(out)
    assert len(result) == len(text)
    return result
