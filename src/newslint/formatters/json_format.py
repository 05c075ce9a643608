"""The JSON report (version 1). Its shape is an interface: other tools rely on it."""

from __future__ import annotations

import json
from collections import Counter

from newslint.formatters import Run, totals
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


def render(run: Run, color: bool = False) -> str:
    files = []
    for r in run.reports:
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
        files.append(entry)
    # One line per file: readable in a diff or a pager, and written by json's C encoder (indent
    # would switch to the pure-Python one, several times slower on a large run).
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode

    def dump(value) -> str:
        return json_safe(encode(value))

    body = ",\n  ".join(dump(f) for f in files)
    return (f'{{"version": 1,\n "files": [\n  {body}\n ],\n "summary": {dump(totals(run.reports))}}}\n'
            if files else f'{{"version": 1, "files": [], "summary": {dump(totals(run.reports))}}}\n')
