"""A persistent index of published stories: one interface, backends behind it.

``open_index(settings_index, params)`` returns the backend named by configuration (``backend:``,
default ``sqlite``). Every backend offers ``add``, ``remove``, ``query`` and ``stats``; the steps
that use an index never branch on which backend it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Callable, Mapping, Protocol, Sequence

from newslint.dedup.features import Extractor
from newslint.dedup.model import Features
from newslint.dedup.pairs import Params
from newslint.errors import ConfigError

DEFAULT_PATH = ".newslint/index.sqlite"
INDEX_KEYS = {"path", "backend"}


@dataclass(frozen=True)
class Entry:
    """One article to add: its key (path, or ``path#id`` for JSON Lines), content digest, features."""

    key: str
    digest: bytes
    features: Features


@dataclass(frozen=True)
class Match:
    query: int  # position of the query article in the list given to ``query``
    key: str  # the indexed article's key
    kind: str
    similarity: float
    shared: tuple[str, ...] = ()


class Index(Protocol):
    def add(self, entries: Sequence[Entry]) -> tuple[int, int]: ...  # (added or replaced, unchanged)
    def remove(self, keys: Sequence[str]) -> int: ...
    # With ``text_of`` and ``ex`` (the near-duplicate rule's tokenizer), each match says what is shared.
    def query(self, feats: Sequence[Features], text_of: Callable[[int], str] | None = None, ex: Extractor | None = None) -> list[Match]: ...
    def stats(self) -> dict[str, Any]: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class IndexSettings:
    path: Path
    backend: str = "sqlite"


def index_settings(raw: Mapping[str, Any], root: Path, where: str | None) -> IndexSettings:
    """Validate the ``index:`` mapping of the configuration."""
    unknown = sorted(set(map(str, raw)) - INDEX_KEYS)
    if unknown:
        raise ConfigError(f"unknown key (expected one of {', '.join(sorted(INDEX_KEYS))})", where, f"index.{unknown[0]}")
    path = raw.get("path", DEFAULT_PATH)
    if not isinstance(path, str) or not path.strip():
        raise ConfigError("expected a file path", where, "index.path")
    backend = raw.get("backend", "sqlite")
    if backend not in BACKENDS:
        raise ConfigError(f"expected one of {', '.join(BACKENDS)}, got {backend!r}", where, "index.backend")
    p = Path(path)
    return IndexSettings(p if p.is_absolute() else root / p, backend)


def key_base(root: Path, configured: bool, index_path: Path) -> Path:
    """The folder that index keys are relative to: the configuration's folder, else the folder the
    index serves (the one holding ``.newslint/``, or the index file's own)."""
    if configured:
        return root
    folder = index_path.absolute().parent
    return folder.parent if folder.name == ".newslint" else folder


def index_key(name: str, base: Path) -> str:
    """An article's key in the index: its path relative to ``base`` in POSIX form (``#id`` kept for
    a JSON Lines record), so that "a.md", "./a.md", its absolute path, or the same file named from
    another folder are one key."""
    head, sep, tail = name.rpartition("#")
    path, suffix = (head, sep + tail) if sep and head.lower().endswith(".jsonl") else (name, "")
    try:
        rel = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive
        rel = os.path.abspath(path)
    return PurePath(rel).as_posix() + suffix


def open_index(s: IndexSettings, params: Params, create: bool = True, write: bool | None = None) -> Index:
    """``create``: make the file if missing; ``write`` (default: as ``create``): it will be changed,
    else it is only read (and may be read-only)."""
    from newslint.index.sqlite import SqliteIndex

    return {"sqlite": SqliteIndex}[s.backend](s.path, params, create=create, write=write)


BACKENDS = ("sqlite",)
