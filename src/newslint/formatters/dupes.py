"""Output of ``newslint dupes``: pairs and clusters in text, JSON, SARIF or GitHub annotations.

The JSON shape is an interface: ``{"version": 1, "pairs": [{"a", "b", "kind", "similarity",
"shared", "adds"}], "clusters": [[name, ...], ...]}``; ``adds`` is null for a copy and for a rewrite
says what one of the two stories brings that the other lacks: ``{"story", "numbers", "names",
"quotes", "sentences", "unmatched_sentences", "summary"}`` (``story`` is the second, ``b``, or for a
match in the index the article of this run).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newslint.formatters.escape import json_safe, one_line, visible
from newslint.formatters.github import _data, _prop

if TYPE_CHECKING:
    from newslint.dedup.explain import Added


@dataclass(frozen=True)
class DupePair:
    """A pair of near-duplicate articles, by name, as ``dupes`` reports it."""

    a: str
    b: str
    kind: str
    similarity: float
    shared: tuple[str, ...]
    adds: Added | None = None  # rewrites: what the story ``adding`` brings that the other lacks
    adding: str = ""  # b, or a for a match in the index (its text is the one at hand)

    def addition(self) -> str:
        """"NAME adds ..." for a rewrite, "" otherwise."""
        return f"{self.adding} {self.adds.summary()}" if self.adds is not None else ""


@dataclass(frozen=True)
class DupesRun:
    """One ``dupes`` run: its pairs and clusters."""

    pairs: list[DupePair]
    clusters: list[list[str]]
    articles: int
    version: str = ""


def _path(name: str) -> str:
    return name.split("#", 1)[0] if "#" in name else name


def _adds(p: DupePair) -> dict | None:
    if p.adds is None:
        return None
    return {"story": p.adding, **p.adds.as_dict(), "summary": p.adds.summary()}


def _pair(p: DupePair) -> dict:
    return {"a": p.a, "b": p.b, "kind": p.kind, "similarity": p.similarity, "shared": list(p.shared), "adds": _adds(p)}


def render_json(run: DupesRun, color: bool = False) -> str:
    doc = {"version": 1, "pairs": [_pair(p) for p in run.pairs], "clusters": run.clusters}
    return json_safe(json.dumps(doc, ensure_ascii=False, indent=1)) + "\n"


def render_text(run: DupesRun, color: bool = False) -> str:
    bold, dim, reset = ("\033[1m", "\033[2m", "\033[0m") if color else ("", "", "")
    lines = []
    for p in run.pairs:
        lines.append(f"{bold}{visible(p.a)}{reset} ~ {bold}{visible(p.b)}{reset}: {p.kind} {p.similarity:.2f}")
        if p.shared:
            label = "shared passages" if p.kind == "copy" else "shared names and numbers"
            items = [f'"{one_line(s)}"' for s in p.shared] if p.kind == "copy" else [one_line(s) for s in p.shared]
            lines.append(f"  {dim}{label}: {'; '.join(items) if p.kind == 'copy' else ', '.join(items)}{reset}")
        if p.adds is not None:
            lines.append(f"  {dim}{visible(p.adding)} {one_line(p.adds.summary())}{reset}")
    for i, c in enumerate(run.clusters, 1):
        lines.append(f"cluster {i} ({len(c)} articles): " + visible(", ".join(c)))
    copies = sum(p.kind == "copy" for p in run.pairs)
    lines.append(f"Found {_n(copies, 'copy pair')} and {_n(len(run.pairs) - copies, 'rewrite pair')} in "
                 f"{_n(len(run.clusters), 'cluster')} among {_n(run.articles, 'article')}.")
    return "\n".join(lines) + "\n"


def render_sarif(run: DupesRun, color: bool = False) -> str:
    results = []
    for p in run.pairs:
        results.append({
            "ruleId": "near-duplicate", "ruleIndex": 0, "level": "warning",
            "message": {"text": _message(p)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _path(p.a)}, "region": {"startLine": 1}}}],
            "relatedLocations": [{"id": 1, "physicalLocation": {"artifactLocation": {"uri": _path(p.b)}, "region": {"startLine": 1}}}],
            "properties": _pair(p),
        })
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "newslint", "version": run.version or "0",
                                         "rules": [{"id": "near-duplicate", "name": "near-duplicate"}]}},
                     "results": results}]}
    return json_safe(json.dumps(doc, ensure_ascii=False, indent=1)) + "\n"


def render_github(run: DupesRun, color: bool = False) -> str:
    lines = [f"::warning file={_prop(_path(p.a))},line=1,title={_prop('newslint near-duplicate')}::"
             f"{_data(_message(p))}" for p in run.pairs]
    lines.append(f"newslint: {len(run.pairs)} near-duplicate pairs in {len(run.clusters)} clusters among {run.articles} articles")
    return "\n".join(lines) + "\n"


def _message(p: DupePair) -> str:
    """One line for an annotation on the first story: what it duplicates and, for a rewrite, what
    one of the two adds."""
    return f"{p.kind} of {p.b} (similarity {p.similarity:.2f})" + (f"; {p.addition()}" if p.adds is not None else "")


RENDER = {"text": render_text, "json": render_json, "sarif": render_sarif, "github": render_github}


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
