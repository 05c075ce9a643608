"""Suppressions: ``newslint-disable`` comments and front matter ``newslint: {disable: [...]}``,
applied to an article's findings (file offsets), and the ones that suppressed nothing."""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

from newslint.article import Article
from newslint.findings import Finding


def apply_suppressions(article: Article, findings: list[Finding], report_unused: bool, unused_level: str) -> list[Finding]:
    if not article.suppressions:
        return findings
    line_of = article.line_index.position
    # Regions: (rules, start, end, suppression index); disable..enable, next line, whole file.
    regions: list[tuple[tuple[str, ...], int, int, int]] = []
    open_disables: list[tuple[int, Any]] = []
    n = len(article.source)
    for i, s in enumerate(article.suppressions):
        if s.kind == "file":
            regions.append((s.rules, 0, n, i))
        elif s.kind == "disable-next-line":
            line, _ = line_of(s.end)
            a = article.line_index.line_start(line + 1) if line < article.line_index.count else n
            nxt = article.source.find("\n", a)
            b = n if nxt == -1 else nxt
            if article.fmt == "html" and article.has_prose(s.end, a) and article.paragraphs:
                # HTML written without line breaks: "the next line" is the next paragraph.
                p = article.paragraphs[article.paragraph_index(article.to_prose(s.end))]
                a, b = s.end, max(s.end, article.to_source(p.start, p.end)[1])
            regions.append((s.rules, a, b, i))
        elif s.kind == "disable":
            open_disables.append((i, s))
        elif s.kind == "enable":
            for j in range(len(open_disables) - 1, -1, -1):
                idx, d = open_disables[j]
                if not s.rules or not d.rules or set(s.rules) & set(d.rules):
                    regions.append((d.rules, d.end, s.start, idx))
                    del open_disables[j]
                    break
    regions.extend((d.rules, d.end, n, idx) for idx, d in open_disables)
    used: set[int] = set()
    kept = []
    for f in findings:
        hit = [idx for rules, a, b, idx in regions if (not rules or f.rule in rules) and a <= f.start <= b and f.rule != "unused-suppression"]
        if hit:
            used.update(hit)
        else:
            kept.append(f)
    if report_unused:
        for i, s in enumerate(article.suppressions):
            if s.kind != "enable" and i not in used:
                what = ", ".join(s.rules) or "all rules"
                kept.append(Finding("unused-suppression", unused_level, f"newslint-{s.kind} ({what}) suppresses nothing", s.start, s.end))
    return kept
