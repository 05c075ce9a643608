"""A report for editors: one self-contained HTML page (no scripts, no external files).

Each article is shown as readable text, paragraph by paragraph, with every finding highlighted
where it occurs and numbered; the numbered list below the text gives the rule, its message and,
folded, why the rule exists. A card at the top of each article gives its bot-likeness and its
counts per rule. The text comes from reading the file again with the same loaders (prose only:
front matter and markup are not shown); findings on standard input, or on a file that can no
longer be read, are listed without the text.
"""

from __future__ import annotations

import html
import itertools
from collections import defaultdict
from pathlib import Path
from typing import Iterator

from newslint.engine import FileReport, Reported
from newslint.formatters import Run, totals

# A finding longer than this (a whole-article score, a long residue block) gets a marker at its
# start instead of a highlight over the text.
MAX_HIGHLIGHT = 400
_RANK = {"error": 3, "warning": 2, "info": 1}

CSS = """
body{font:16px/1.55 Georgia,serif;margin:0;background:#f6f5f1;color:#222}
main{max-width:46rem;margin:0 auto;padding:1.5rem}
header h1{font:700 1.4rem system-ui,sans-serif;margin:.2rem 0}
.totals,.card,.findings,.meta{font:14px/1.45 system-ui,sans-serif}
article{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem 1.4rem;margin:1.2rem 0}
article h2{font:600 1.05rem system-ui,sans-serif;word-break:break-all;color:#555}
.card{display:flex;flex-wrap:wrap;gap:.4rem .9rem;align-items:center;margin:.4rem 0 1rem}
.bar{width:8rem;height:.55rem;background:#e6e6e6;border-radius:3px;overflow:hidden;display:inline-block;vertical-align:middle}
.bar i{display:block;height:100%;background:#c0392b}
.clean{color:#2e7d32;font-weight:600}
.headline{font-weight:700;font-size:1.15rem}
mark{background:#fff3b0;border-bottom:2px solid #e0a800;padding:0 1px}
mark.error{background:#ffd6d1;border-bottom-color:#c0392b}
mark.info{background:#dcefff;border-bottom-color:#3b82c4}
sup.n{font:700 10px system-ui,sans-serif;color:#fff;background:#777;border-radius:7px;padding:0 4px;margin-left:1px}
sup.n.error{background:#c0392b}sup.n.warning{background:#b07d00}sup.n.info{background:#3b82c4}
sup.n a{color:inherit;text-decoration:none}
.findings{list-style:none;padding:0}
.findings li{margin:.35rem 0}
.findings .lvl{font-weight:700;text-transform:uppercase;font-size:11px}
.findings .error .lvl{color:#c0392b}.findings .warning .lvl{color:#b07d00}.findings .info .lvl{color:#3b82c4}
.findings details{color:#555;margin:.15rem 0 0 .2rem}
.findings code{font-size:12px}
.meta{color:#666}
"""


def render(run: Run, color: bool = False) -> str:
    t = totals(run.reports)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        "<title>newslint report</title>",
        f"<style>{CSS}</style></head><body><main>",
        "<header><h1>newslint report</h1>",
        f'<p class="totals">{t["files"]} file(s): {t["errors"]} error(s), {t["warnings"]} warning(s), {t["infos"]} info'
        f' · newslint {_e(run.version)}</p></header>',
    ]
    serial = itertools.count(1)  # articles on the page: their finding anchors are a1-3, a2-1, ...
    for report in run.reports:
        out.extend(_file(report, run, serial))
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def _file(report: FileReport, run: Run, serial: Iterator[int]) -> list[str]:
    if report.error or report.skipped:
        why = report.error or f"skipped: {report.skipped}"
        return [f'<article><h2>{_e(report.path)}</h2><p class="meta">{_e(why)}</p></article>']
    texts = _texts(report.path)
    # JSON Lines records are told apart by their line (feeds repeat ids), other files are one article.
    by_article: dict[int | None, list[Reported]] = defaultdict(list)
    ids: dict[int | None, str | None] = {}
    for f in report.findings:
        key = f.line if f.article is not None else None
        by_article[key].append(f)
        ids[key] = f.article
    keys = list(by_article) or [None]
    if texts is not None and (len(texts) > 1 or not by_article):
        # JSON Lines: every record, flagged or not, and the file's own notes (encoding)
        keys = list(texts) + [k for k in by_article if k not in texts]
        ids.update((k, t[0]) for k, t in texts.items())
    if texts is not None and len(texts) == len(report.articles):
        summaries = dict(zip(texts, report.articles))
    else:
        by_name = {a.name: a for a in report.articles}
        summaries = {k: by_name.get(f"{report.path}#{ids[k]}" if ids.get(k) else report.path) for k in keys}
    out: list[str] = []
    for key in keys:
        name = f"{report.path}#{ids[key]}" if ids.get(key) else report.path
        findings = sorted(by_article.get(key, []), key=lambda f: (f.start, -_RANK[f.level]))
        anchor = f"a{next(serial)}-"
        out.append(f'<article id="{anchor[:-1]}"><h2>{_e(name)}</h2>')
        if report.note:
            out.append(f'<p class="meta">{_e(report.note)}</p>')
        if report.fixed:
            out.append(f'<p class="meta">fixed {report.fixed} finding(s) in place</p>')
        out.append(_card(summaries.get(key), findings))
        text = texts.get(key) if texts is not None else None
        # Shown only if the file still holds what was checked (not for standard input given a
        # file's name, nor for a file changed since).
        if text is not None and findings and all(text[1][f.start : f.end] == f.match for f in findings):
            out.extend(_body(*text[2:], findings, anchor))
        out.append(_list(findings, run, anchor))
        out.append("</article>")
    return out


def _texts(path: str) -> dict[int | None, tuple[str | None, str, str, list[tuple[int, int, str]]]] | None:
    """For each article of the file (keyed by its JSON Lines line, or None): its id, source, prose
    and the blocks to show (title and paragraphs, as source offsets with their HTML tag)."""
    from newslint.runner import read_file

    p = Path(path)
    if not p.is_file():
        return None
    source = read_file(p, path)
    if source.error:
        return None
    loaded = source.loaded
    out: dict[int | None, tuple[str | None, str, str, list[tuple[int, int, str]]]] = {}
    for a in loaded.articles:
        blocks = [(s.start, s.end, "p") for s in a.paragraphs]
        if a.title_span is not None:
            blocks.insert(0, (a.title_span.start, a.title_span.end, "h3"))
        out[a.origin_line] = (a.id, a.source, a.prose, sorted(blocks))
    return out


def _card(summary, findings: list[Reported]) -> str:
    parts: list[str] = []
    if summary is not None and "bot_likeness" in summary.metrics:
        score = float(summary.metrics["bot_likeness"])
        judged = summary.metrics.get("bot_likeness_judged") is not False
        if judged:
            parts.append(f'<span class="headline">bot-likeness {score:.2f}</span> <span class="bar"><i style="width:{round(score * 100)}%"></i></span>')
        else:
            parts.append('<span class="meta">bot-likeness not judged (too short)</span>')
    counts = summary.counts if summary is not None else {}
    if not counts and not findings:
        parts.append('<span class="clean">no findings</span>')
    for rule, n in sorted(counts.items()):
        parts.append(f"<span>{_e(rule)} {n}</span>")
    return f'<div class="card">{"".join(parts)}</div>'


def _body(prose: str, blocks: list[tuple[int, int, str]], findings: list[Reported], anchor: str) -> list[str]:
    numbers = {id(f): (k, anchor) for k, f in enumerate(findings, 1)}
    marked = [f for f in findings if 0 < f.end - f.start <= MAX_HIGHLIGHT]
    out: list[str] = []
    placed: set[int] = set()
    for start, end, tag in blocks:
        here = [f for f in findings if start <= f.start < end or (f.start < start < f.end and f in marked)]
        out.append(f"<{tag}>{_marked(prose, start, end, here, marked, numbers, placed)}</{tag}>")
    rest = [f for f in findings if id(f) not in placed]
    if rest:  # offsets outside the shown blocks (the document as a whole)
        out.append("<p>" + "".join(_sup(f, numbers) for f in rest) + "</p>")
    return out


def _marked(prose: str, start: int, end: int, here: list[Reported], marked: list[Reported],
            numbers: dict[int, tuple[int, str]], placed: set[int]) -> str:
    """The block's text with highlights: cut at every finding boundary; each piece is marked with
    the most severe finding covering it, and each finding's number sits where it starts."""
    cuts = {start, end}
    for f in here:
        cuts.update(x for x in (f.start, f.end) if start < x < end)
    edges = sorted(cuts)
    pieces: list[str] = []
    for a, b in zip(edges, edges[1:]):
        for f in here:
            if f.start == a or (a == start and f.start < start and id(f) not in placed):
                pieces.append(_sup(f, numbers))
                placed.add(id(f))
        text = _e(" ".join(prose[a:b].split()) if prose[a:b].strip() else " ")
        if prose[a:a + 1].isspace() and text != " ":
            text = " " + text
        if prose[b - 1:b].isspace() and text != " ":
            text += " "
        cover = [f for f in marked if f.start <= a and b <= f.end and f in here]
        if cover:
            top = max(cover, key=lambda f: _RANK[f.level])
            title = "; ".join(f"{f.rule}: {f.message}" for f in cover)
            text = f'<mark class="{top.level}" title="{_e(title)}">{text}</mark>'
        pieces.append(text)
    return "".join(pieces).strip()


def _sup(f: Reported, numbers: dict[int, tuple[int, str]]) -> str:
    n, anchor = numbers[id(f)]
    return f'<sup class="n {f.level}"><a href="#{anchor}{n}">{n}</a></sup>'


def _list(findings: list[Reported], run: Run, anchor: str) -> str:
    if not findings:
        return ""
    items: list[str] = []
    for n, f in enumerate(findings, 1):
        doc = run.rules.get(f.rule)
        why = f"<details><summary>why</summary>{_e(doc.why)}</details>" if doc and doc.why and doc.why != f.message else ""
        quote = " ".join(f.match.split())
        quoted = f' <q>{_e(quote[:120] + ("…" if len(quote) > 120 else ""))}</q>' if quote and quote.lower() not in f.message.lower() else ""
        items.append(
            f'<li id="{anchor}{n}" class="{f.level}"><span class="lvl">{n}. {f.level}</span> <code>{_e(f.rule)}</code>'
            f' line {f.line}: {_e(f.message)}{quoted}{why}</li>'
        )
    return '<ol class="findings">' + "".join(items) + "</ol>"


def _e(s: str) -> str:
    return html.escape(s, quote=True)
