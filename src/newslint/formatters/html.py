"""A report for editors: one self-contained HTML page (nothing fetched), the same page that
``newslint serve`` shows.

Each article is shown as readable text, paragraph by paragraph, with every finding highlighted
where it occurs and numbered; the numbered list below the text gives the rule, its message and,
folded, why the rule exists. A card at the top of each article gives its bot-likeness and its
counts per rule. The text comes from reading the file again with the same loaders (prose only:
front matter and markup are not shown); findings on standard input, or on a file that can no
longer be read, are listed without the text (the server passes the text it was sent).

The page is complete without scripts. Its one inline script (``web/static/report.js``) adds filters
by level and rule, ``j``/``k`` navigation and "copy as Markdown"; a Content-Security-Policy names
that script and the style sheet by hash, so nothing else can run even if an article's text were
to slip past the escaping.
"""

from __future__ import annotations

from dataclasses import replace

import base64
import hashlib
import html
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence

from newslint.engine import FileReport, Reported
from newslint.formatters.escape import visible
from newslint.formatters import Run, totals
from newslint.loaders import Loaded

# A finding longer than this (a whole-article score, a long residue block) gets a marker at its
# start instead of a highlight over the text.
MAX_HIGHLIGHT = 400
_RANK = {"error": 3, "warning": 2, "info": 1}


@dataclass(frozen=True)
class Passage:
    """One passage two stories share, as (before, passage, after) in each; ``theirs`` is None when
    the other story's text is not at hand (an index holds features, not texts)."""

    mine: tuple[str, str, str]
    theirs: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class Neighbour:
    """A story that an article copies or rewrites (in the index, for the desk; in the run, for dupes)."""

    key: str
    title: str | None
    kind: str
    similarity: float
    shared: tuple[str, ...] = ()  # passages (copies) or names and numbers (rewrites)
    passages: tuple[Passage, ...] = ()
    adds: str = ""  # rewrites: what one of the two stories brings that the other lacks, in a sentence


CONTEXT = 120  # characters of text shown either side of a shared passage


def passage_in(text: str, passage: str) -> tuple[str, str, str] | None:
    """(before, passage, after) where ``passage`` occurs in ``text``: the near-duplicate detector
    gives passages with white space folded and maybe cut short with "…"."""
    words = passage.rstrip("…").split()
    if not words:
        return None
    found = re.search(r"\s+".join(map(re.escape, words)), text)
    if found is None:
        return None
    before = " ".join(text[max(0, found.start() - CONTEXT) : found.start()].split())
    after = " ".join(text[found.end() : found.end() + CONTEXT].split())
    return ("…" + before + " " if before else "", " ".join(found.group().split()), " " + after + "…" if after else "")


def _asset(name: str) -> str:
    return (resources.files("newslint.web") / "static" / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@dataclass(frozen=True)
class Assets:
    """The report's style sheet and script, with the hashes a Content-Security-Policy names them by."""

    css: str
    js: str

    @property
    def css_hash(self) -> str:
        return _sha256(self.css)

    @property
    def js_hash(self) -> str:
        return _sha256(self.js)

    @property
    def policy(self) -> str:
        """Exactly these two may run inline, nothing else, and nothing is fetched."""
        return (f"default-src 'none'; style-src '{self.css_hash}'; script-src '{self.js_hash}'; "
                "img-src data:; base-uri 'none'; form-action 'none'")


def page_assets() -> Assets:
    return Assets(_asset("report.css"), _asset("report.js"))


def render(run: Run, color: bool = False, sources: Mapping[str, Loaded] | None = None,
           neighbours: Mapping[str, Sequence[Neighbour]] | None = None) -> str:
    """The whole page. ``sources``: the loaded text of reports by path (the server passes what was
    sent; without it the files are read again); ``neighbours``: index matches by article name."""
    return _page("newslint report", body(run, sources, neighbours))


def _page(title: str, inside: list[str]) -> str:
    assets = page_assets()
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{assets.policy}">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{title}</title>",
        '<link rel="icon" href="data:,">',
        f"<style>{assets.css}</style></head><body>",
        '<main id="report">',
        *inside,
        f"</main><script>{assets.js}</script></body></html>",
    ]) + "\n"


def render_dupes(run, text_of: Callable[[str], str | None]) -> str:
    """``newslint dupes --format html``: each pair as the desk shows a story's near-duplicates, with
    the shared passages side by side. ``run`` is a :class:`~newslint.formatters.dupes.DupesRun`;
    ``text_of(name)`` gives an article's text (None for an indexed story that is not at hand)."""
    copies = sum(p.kind == "copy" for p in run.pairs)
    out = ["<header><h1>newslint near-duplicates</h1>",
           f'<p class="totals">{copies} copy pair(s), {len(run.pairs) - copies} rewrite pair(s), {len(run.clusters)} cluster(s)'
           f' among {run.articles} article(s) · newslint {_e(run.version)}</p></header>']
    for p in run.pairs:
        mine, theirs = text_of(p.a), text_of(p.b)
        passages = tuple(Passage(found, passage_in(theirs, s) if theirs else None)
                         for s in p.shared if p.kind == "copy" and mine and (found := passage_in(mine, s)))
        out.append(f'<article><h2>{_e(p.a)}</h2>')
        out.extend(_neighbours([Neighbour(p.b, None, p.kind, p.similarity, p.shared, passages, p.addition())],
                               "Near-duplicate"))
        out.append("</article>")
    if run.clusters:
        out.append('<article><h2>clusters</h2><ol class="findings">')
        out.extend(f"<li>{_e(', '.join(c))}</li>" for c in run.clusters)
        out.append("</ol></article>")
    return _page("newslint near-duplicates", out)


def body(run: Run, sources: Mapping[str, Loaded] | None = None,
         neighbours: Mapping[str, Sequence[Neighbour]] | None = None) -> list[str]:
    """The report inside ``<main>``: totals, the (script-built) tools bar and one ``<article>`` per article."""
    t = totals(run.reports)
    out = [
        "<header><h1>newslint report</h1>",
        f'<p class="totals">{t["files"]} file(s): {t["errors"]} error(s), {t["warnings"]} warning(s), {t["infos"]} info'
        f' · newslint {_e(run.version)}</p></header>',
        '<nav class="tools" aria-label="filters" hidden></nav>',
    ]
    serial = itertools.count(1)  # articles on the page: their finding anchors are a1-3, a2-1, ...
    for report in run.reports:
        loaded = sources.get(report.path) if sources is not None else None
        out.extend(_file(report, run, serial, loaded, neighbours or {}))
    return out


def _file(report: FileReport, run: Run, serial: Iterator[int], loaded: Loaded | None,
          neighbours: Mapping[str, Sequence[Neighbour]]) -> list[str]:
    if report.error or report.skipped:
        why = report.error or f"skipped: {report.skipped}"
        return [f'<article><h2>{_e(report.path)}</h2><p class="meta">{_e(why)}</p></article>']
    texts = _texts(loaded) if loaded is not None else _read_texts(report.path)
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
            # The text shown is the prose view: findings (file offsets) placed by its map.
            to_prose = text[4]
            shown = [replace(f, start=to_prose(f.start), end=max(to_prose(f.start), to_prose(f.end))) for f in findings]
            out.extend(_body(text[2], text[3], shown, anchor))
        out.append(_list(findings, run, anchor))
        out.extend(_neighbours(neighbours.get(name, ())))
        out.append("</article>")
    return out


Texts = dict[int | None, tuple[str | None, str, str, list[tuple[int, int, str]], Callable[[int], int]]]


def _read_texts(path: str) -> Texts | None:
    """The texts of the file read again from disk (None when it cannot be read)."""
    from newslint.runner import read_file

    p = Path(path)
    if not p.is_file():
        return None
    source = read_file(p, path)
    return None if source.error else _texts(source.loaded)


def _texts(loaded: Loaded) -> Texts:
    """For each article of the file (keyed by its JSON Lines line, or None): its id, source, prose,
    the blocks to show (title and paragraphs, as prose offsets with their HTML tag) and the map
    from file offsets to prose offsets."""
    out: dict[int | None, tuple[str | None, str, str, list[tuple[int, int, str]]]] = {}
    for a in loaded.articles:
        blocks = [(s.start, s.end, "p") for s in a.paragraphs]
        if a.title_span is not None:
            blocks.insert(0, (a.title_span.start, a.title_span.end, "h3"))
        out[a.origin_line] = (a.id, a.source, a.prose, sorted(blocks), a.to_prose)
    return out


def _card(summary, findings: list[Reported]) -> str:
    parts: list[str] = []
    if summary is not None and "bot_likeness" in summary.metrics:
        score = float(summary.metrics["bot_likeness"])
        judged = summary.metrics.get("bot_likeness_judged") is not False
        if judged:
            parts.append(f'<span class="headline">bot-likeness {score:.2f}</span> <meter min="0" max="1" low="0.5" high="0.8" optimum="0" value="{score:.2f}"></meter>')
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
            ids = " ".join(f"{numbers[id(f)][1]}{numbers[id(f)][0]}" for f in cover)
            text = f'<mark class="{top.level}" data-f="{ids}" title="{_e(title)}">{text}</mark>'
        pieces.append(text)
    return "".join(pieces).strip()


def _sup(f: Reported, numbers: dict[int, tuple[int, str]]) -> str:
    n, anchor = numbers[id(f)]
    return f'<sup class="n {f.level}" data-f="{anchor}{n}"><a href="#{anchor}{n}">{n}</a></sup>'


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
            f'<li id="{anchor}{n}" class="{f.level}" data-rule="{_e(f.rule)}" data-level="{f.level}" data-line="{f.line}"'
            f' data-start="{f.start}" data-end="{f.end}"><span class="lvl">{n}. {f.level}</span> <code>{_e(f.rule)}</code>'
            f' line {f.line}: <span class="msg">{_e(f.message)}</span>{quoted}{why}</li>'
        )
    return '<ol class="findings">' + "".join(items) + "</ol>"


def _neighbours(found: Sequence[Neighbour], heading: str = "Near-duplicates in the index") -> list[str]:
    if not found:
        return []
    out = [f'<section class="dupes"><h3>{heading}</h3>']
    for nb in found:
        name = f"<b>{_e(nb.title)}</b> ({_e(nb.key)})" if nb.title else f"<b>{_e(nb.key)}</b>"
        out.append(f'<div class="neighbour"><p>{nb.kind} of {name}, similarity {nb.similarity:.2f}</p>')
        if nb.passages:
            out.append(f'<table><tr><th>this story</th><th>{_e(nb.key)}</th></tr>')
            for ps in nb.passages:
                theirs = _passage(ps.theirs) if ps.theirs else '<span class="meta">(its text is not at hand: the index keeps only its features)</span>'
                out.append(f"<tr><td>{_passage(ps.mine)}</td><td>{theirs}</td></tr>")
            out.append("</table>")
        elif nb.shared:
            label = "shared passages" if nb.kind == "copy" else "shared names and numbers"
            out.append(f'<p class="meta">{label}: {_e("; ".join(nb.shared))}</p>')
        if nb.adds:
            out.append(f'<p class="meta">{_e(nb.adds)}</p>')
        out.append("</div>")
    out.append("</section>")
    return out


def _passage(parts: tuple[str, str, str]) -> str:
    before, passage, after = parts
    return f"{_e(before)}<mark>{_e(passage)}</mark>{_e(after)}"


def _e(s: str) -> str:
    """Text for the page: control characters and bidirectional overrides (U+202E and friends, which
    would let a file name or an article reorder what the editor reads) shown as escapes, then
    HTML-escaped."""
    return html.escape(visible(s, keep="\n\t"), quote=True)
