"""Suppression comments shared by the Markdown and HTML loaders."""

from __future__ import annotations

import re

from newslint.article import Suppression

COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_DIRECTIVE = re.compile(r"^\s*newslint-(disable-next-line|disable|enable)\b(.*)$", re.S)


def parse(body: str, start: int, end: int) -> Suppression | None:
    """A suppression from the inside of one HTML comment, or None when it is an ordinary comment."""
    m = _DIRECTIVE.match(body)
    if not m:
        return None
    rules = tuple(r for r in re.split(r"[\s,]+", m.group(2).strip()) if r)
    return Suppression(m.group(1), rules, start, end)
