"""``path:line:col: level rule message "match"``, a summary per article and a closing line."""

from __future__ import annotations

from newslint.errors import cut
from newslint.formatters import Run, totals
from newslint.formatters.escape import one_line, visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_DIM, _BOLD, _RESET = "\033[2m", "\033[1m", "\033[0m"
MAX_MATCH = 80
SUMMARY_ALL_UP_TO = 10


def _snippet(match: str) -> str:
    return cut(one_line(match), MAX_MATCH)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _few(run: Run) -> bool:
    """An editor checking a story or two sees every article's summary; a large run only the flagged."""
    return sum(len(r.articles) for r in run.reports) <= SUMMARY_ALL_UP_TO


def file_parts(run: Run, color: bool = False, only: "Iterable[int] | None" = None) -> list[str | None]:
    """Each report's lines (with their newlines), in the order of ``run.reports`` (only those at
    the indices ``only``, when given; None for the others): :func:`assemble` joins them."""
    c = (lambda code, s: f"{code}{s}{_RESET}") if color else (lambda code, s: s)
    few = _few(run)
    parts: list[str | None] = [None] * len(run.reports)
    for i in range(len(run.reports)) if only is None else only:
        r = run.reports[i]
        lines: list[str] = []
        path = visible(r.path)
        if r.error:
            lines.append(f"{path}: {c(_COLORS['error'], 'error')} {one_line(r.error)}")
        if r.skipped:
            lines.append(f"{path}: {c(_DIM, 'skipped')} ({one_line(r.skipped)})")
        if r.note:
            lines.append(f"{path}: {c(_DIM, 'note')} {one_line(r.note)}")
        if r.fixed:
            lines.append(f"{path}: fixed {_plural(r.fixed, 'finding')}")
        for f in r.findings:
            where = visible(f"{r.path}#{f.article}" if f.article else r.path)
            snippet, message = _snippet(f.match), one_line(f.message)
            tail = f' {c(_DIM, chr(34) + snippet + chr(34))}' if snippet and snippet.lower() not in message.lower() else ""
            lines.append(f"{c(_BOLD, f'{where}:{f.line}:{f.column}:')} {c(_COLORS[f.level], f.level)} {f.rule} {message}{tail}")
        for a in r.articles:
            items = []
            if "bot_likeness" in a.metrics:
                # A brief's score is not shown: a number on a story the model cannot judge misleads.
                judged = a.metrics.get("bot_likeness_judged") is not False
                items.append(f"bot-likeness {a.metrics['bot_likeness']:.2f}" if judged else "bot-likeness not judged (too short)")
            items += [f"{rule} {n}" for rule, n in sorted(a.counts.items())]
            if a.counts or (few and items):
                lines.append(c(_DIM, f"  {visible(a.name)}: " + " · ".join(items or ["clean"]) + ("" if a.counts else " · clean")))
        parts[i] = "".join(line + "\n" for line in lines)
    return parts


def assemble(run: Run, parts: list[str], color: bool = False) -> str:
    """The report from every file's part (:func:`file_parts`) and the closing line."""
    t = totals(run.reports)
    checked = sum(1 for r in run.reports if not r.skipped and not r.error)
    skipped = len(run.reports) - checked
    found = t["errors"] + t["warnings"] + t["infos"]
    dirty = sum(1 for r in run.reports if r.findings)
    tail = f" ({skipped} skipped or unreadable)" if skipped else ""
    if found:
        last = (f"Found {_plural(t['errors'], 'error')}, {_plural(t['warnings'], 'warning')}, "
                f"{t['infos']} info in {dirty} of {_plural(checked, 'file')}{tail}.")
    else:
        last = f"No problems in {_plural(checked, 'file')}{tail}."
    return "".join(parts) + last + "\n"


def render(run: Run, color: bool = False) -> str:
    return assemble(run, file_parts(run, color), color)
