"""Formatters: reports in, text out. They decide nothing about what is a finding."""

from __future__ import annotations

from dataclasses import dataclass, field

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Callable

from newslint.engine import FileReport


@dataclass(frozen=True)
class RuleDoc:
    """What output formats show of a rule: its id, level, summary and why."""

    id: str
    level: str
    summary: str
    why: str


@dataclass(frozen=True)
class Run:
    """One run's reports, with the rules' documentation and newslint's version, as formatters receive it."""

    reports: list[FileReport]
    rules: dict[str, RuleDoc] = field(default_factory=dict)
    version: str = ""


def printable(s: str) -> str:
    """``s`` for a terminal, lines kept: control and bidirectional characters (but tab and
    newline) shown as backslash escapes (see :mod:`newslint.formatters.escape`)."""
    from newslint.formatters.escape import visible

    return visible(s, keep="\n\t")


def totals(reports: list[FileReport]) -> dict[str, int]:
    counts = {"files": len(reports), "errors": 0, "warnings": 0, "infos": 0}
    for r in reports:
        for f in r.findings:
            counts[f.level + "s"] += 1
    return counts


def get(name: str) -> Callable[..., str]:
    from newslint.formatters import github, html, json_format, sarif, text

    return {"text": text.render, "json": json_format.render, "sarif": sarif.render, "github": github.render, "html": html.render}[name]


NAMES = ("text", "json", "sarif", "github", "html")
