"""SARIF 2.1.0, for code-scanning dashboards. Columns count Unicode code points."""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from urllib.parse import quote

from newslint.formatters import Run
from newslint.formatters.escape import json_safe

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def artifact_uri(path: str) -> str:
    """A URI reference, as SARIF requires: ``file://`` for absolute paths, percent-encoded relative
    references otherwise (spaces, ``#`` and ``%`` in file names would break a plain path)."""
    p = PurePath(path)
    if p.is_absolute():
        return Path(path).as_uri()
    return quote(p.as_posix(), safe="/")


def render(run: Run, color: bool = False) -> str:
    used = sorted({f.rule for r in run.reports for f in r.findings} | set(run.rules))
    index = {rid: i for i, rid in enumerate(used)}
    rules = []
    for rid in used:
        doc = run.rules.get(rid)
        entry: dict = {"id": rid, "name": rid}
        if doc:
            entry["shortDescription"] = {"text": doc.summary}
            entry["fullDescription"] = {"text": doc.why}
            entry["defaultConfiguration"] = {"level": _LEVEL[doc.level]}
        rules.append(entry)
    results = []
    for r in run.reports:
        for f in r.findings:
            region: dict = {"startLine": f.line}
            if f.article is None:
                region.update(startColumn=f.column, endLine=f.end_line, endColumn=f.end_column,
                              charOffset=f.start, charLength=f.end - f.start)
            if f.match:
                region["snippet"] = {"text": f.match}
            result = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": _LEVEL[f.level],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(r.path)}, "region": region}}],
            }
            if f.article is not None:
                result["properties"] = {"article": f.article, "start": f.start, "end": f.end}
            results.append(result)
    # Files that could not be read or were skipped are said as the run's notifications, so that a
    # dashboard shows them rather than a silently shorter list of results.
    notes = []
    for r in run.reports:
        for level, text in (("error", r.error), ("note", r.skipped and f"skipped ({r.skipped})"), ("note", r.note)):
            if text:
                notes.append({"level": level, "message": {"text": f"{r.path}: {text}"},
                              "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(r.path)}}}]})
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "newslint", "version": run.version or "0", "rules": rules}},
            "invocations": [{"executionSuccessful": not any(r.error for r in run.reports), "toolExecutionNotifications": notes}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json_safe(json.dumps(doc, ensure_ascii=False, indent=1)) + "\n"
