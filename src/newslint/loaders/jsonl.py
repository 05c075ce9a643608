"""JSON Lines: one article per line, with ``text`` and optional ``id``, ``title``, ``url``, ``date``."""

from __future__ import annotations

import json

from newslint.article import Article
from newslint.findings import Finding
from newslint.prose import fold_text


def load(path: str, text: str) -> list[Article]:
    articles: list[Article] = []
    # On "\n" only: JSON strings may hold U+2028, U+2029 and U+0085 raw, which splitlines() cuts at.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        problem = None
        try:
            record = json.loads(line)
        except ValueError as exc:
            record, problem = None, f"line is not valid JSON ({exc.msg} at column {exc.colno})"
        if record is not None and not isinstance(record, dict):
            problem = "line is not a JSON object"
        elif record is not None and not isinstance(record.get("text"), str):
            problem = 'record has no "text" string'
        if problem:
            note = Finding("invalid-record", "warning", problem, 0, 0)
            articles.append(Article(path=path, source="", prose="", id=str(lineno), origin_line=lineno, fmt="jsonl", notes=(note,)))
            continue
        body = record["text"]
        rid = record.get("id")
        prose, offsets = fold_text(body)
        articles.append(
            Article(
                path=path,
                source=body,
                prose=prose,
                offsets=offsets,
                id=str(rid) if rid is not None else str(lineno),
                title=_str(record.get("title") or record.get("title_en")),
                url=_str(record.get("url")),
                date=_str(record.get("date")),
                byline=_str(record.get("author") or record.get("byline")),
                origin_line=lineno,
                fmt="jsonl",
            )
        )
    return articles


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None
