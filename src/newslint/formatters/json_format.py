"""The JSON report (version 1). Its shape is an interface: other tools rely on it."""

from __future__ import annotations

import json
from collections import Counter

from newslint.formatters import Run, totals

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterable
from newslint.formatters.escape import json_safe


def file_summary(report) -> dict:
    """Counts per rule and the article metrics; a file with several articles lists each one."""
    counts = Counter()
    for a in report.articles:
        counts.update(a.counts)
    summary: dict = {"counts": dict(sorted(counts.items()))}
    if len(report.articles) == 1:
        summary.update(report.articles[0].metrics)
    elif report.articles:
        summary["articles"] = [{"id": a.name, "counts": a.counts, **a.metrics} for a in report.articles]
    return summary


def _dumper() -> Callable[[object], str]:
    """One line of JSON per value: readable in a diff or a pager, and written by json's C encoder
    (indent would switch to the pure-Python one, several times slower on a large run)."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    return lambda value: json_safe(encode(value))


def file_parts(run: Run, color: bool = False, only: "Iterable[int] | None" = None) -> list[str | None]:
    """Each report's line of the report, in the order of ``run.reports`` (only those at the
    indices ``only``, when given; None for the others): :func:`assemble` joins them."""
    dump = _dumper()
    parts: list[str | None] = [None] * len(run.reports)
    for i in range(len(run.reports)) if only is None else only:
        r = run.reports[i]
        entry = {
            "path": r.path,
            "findings": [
                {"rule": f.rule, "level": f.level, "message": f.message, "line": f.line, "column": f.column,
                 "end_line": f.end_line, "end_column": f.end_column, "start": f.start, "end": f.end,
                 "match": f.match, **({"article": f.article} if f.article else {})}
                for f in r.findings
            ],
            "summary": file_summary(r),
        }
        if r.skipped:
            entry["skipped"] = r.skipped
        if r.error:
            entry["error"] = r.error
        if r.note:
            entry["note"] = r.note
        parts[i] = dump(entry)
    return parts


def assemble(run: Run, parts: list[str], color: bool = False) -> str:
    """The report from every file's part (:func:`file_parts`) and the run's totals."""
    summary = _dumper()(totals(run.reports))
    if not parts:
        return f'{{"version": 1, "files": [], "summary": {summary}}}\n'
    body = ",\n  ".join(parts)
    return f'{{"version": 1,\n "files": [\n  {body}\n ],\n "summary": {summary}}}\n'


def render(run: Run, color: bool = False) -> str:
    return assemble(run, file_parts(run), color)
