"""Rule kinds. A rule file's ``kind`` selects one module here; this table is the only place that
names them. A kind module defines:

- ``OPTIONS``: ``dict[str, Opt]``, the options a rule of this kind takes;
- ``prepare(options) -> state``: compile patterns, load weights (once per process);
- ``check(article, rule, state) -> Iterable[Finding]``: pure, per article. It reads the article's
  prose view (``article.prose``) and reports prose offsets; the engine maps them to the file, and
  runs it within the per-article time budget (:mod:`newslint.budget`).

and optionally ``measure(article, rule, state) -> dict`` (figures for the article summary).
A kind that sets ``NEEDS_FINDINGS = True`` (an article-level score) runs after all others: the
engine calls its ``assess(article, rule, state, findings=...) -> (findings, metrics)`` once, with
the findings so far (its ``check`` and ``measure`` take ``findings=`` too, for direct use).

A kind that compares articles with each other (``near-duplicate``) also defines the corpus hook:
``collect(article, rule, state) -> picklable`` (run per article in the worker) and
``check_corpus(items, rule, state, context, progress=None) -> list[list[Finding]]`` (run once in the
parent after all files, one list of findings per item; :mod:`newslint.corpus_phase` places them at
each article's title or start). ``USES_INDEX = True`` asks the corpus phase to open the configured
index and hand it over in ``context``: a kind never opens one itself.
Its rule examples are lists of articles, run by ``run_example(rule, state, example)``. Optional
``digest(items, rule, state)`` turns a batch of collected items into a compact form (``check`` does
it as the reports come in, in the corpus process or the parent), ``preimport()`` imports what that
needs before any rule is read (the corpus process calls it at launch: its module is listed in
``newslint.corpus_process.PREIMPORT``), and ``warm(state)`` builds it all in the parent while a
parallel run's workers work, when the parent compares the articles itself.

Any kind may define ``preload(state)``: it builds what every article needs and would otherwise
build on first use (the attribution lexicon and patterns), called before a parallel run forks its
workers so that they inherit it rather than each build its own.
"""

from __future__ import annotations

import importlib
from types import ModuleType

KINDS: dict[str, str] = {
    "phrases": "newslint.kinds.phrases",
    "ending-residue": "newslint.kinds.ending_residue",
    "closing-phrases": "newslint.kinds.closing_phrases",
    "restatement": "newslint.kinds.restatement",
    "repetition": "newslint.kinds.repetition",
    "bot-score": "newslint.kinds.bot_score",
    "unsourced-quotes": "newslint.kinds.unsourced_quotes",
    "anonymous-sources": "newslint.kinds.anonymous_sources",
    "near-duplicate": "newslint.kinds.near_duplicate",
}


def load_kind(name: str) -> ModuleType | None:
    module = KINDS.get(name)
    return importlib.import_module(module) if module else None
