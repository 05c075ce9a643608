"""GitHub Actions workflow commands: annotations on the changed files."""

from __future__ import annotations

from newslint.formatters import Run, totals
from newslint.formatters.escape import visible

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    # Line breaks are the format's own escapes; other controls (ESC would reach the log raw) and
    # bidirectional characters are shown as backslash escapes.
    return visible(s, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render(run: Run, color: bool = False) -> str:
    lines = []
    for r in run.reports:
        for f in r.findings:
            props = f"file={_prop(r.path)},line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column},title={_prop('newslint ' + f.rule)}"
            lines.append(f"::{_LEVEL[f.level]} {props}::{_data(f.message)}")
        if r.error:
            lines.append(f"::error file={_prop(r.path)}::{_data(r.error)}")
    t = totals(run.reports)
    lines.append(f"newslint: {t['errors']} errors, {t['warnings']} warnings, {t['infos']} infos in {t['files']} files")
    return "\n".join(lines) + "\n"
