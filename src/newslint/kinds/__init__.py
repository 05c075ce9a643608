"""Rule kinds. A rule file's ``kind`` selects one module here; this table is the only place that
names them. A kind module defines:

- ``OPTIONS``: ``dict[str, Opt]``, the options a rule of this kind takes;
- ``prepare(options) -> state``: compile patterns, load weights (once per process);
- ``check(article, rule, state) -> Iterable[Finding]``: pure, per article.

and optionally ``measure(article, rule, state) -> dict`` (figures for the article summary).
"""

from __future__ import annotations

import importlib
from types import ModuleType

KINDS: dict[str, str] = {
    "phrases": "newslint.kinds.phrases",
    "unsourced_quotes": "newslint.kinds.unsourced_quotes",
    "anonymous_sources": "newslint.kinds.anonymous_sources",
}


def load_kind(name: str) -> ModuleType | None:
    module = KINDS.get(name)
    return importlib.import_module(module) if module else None
