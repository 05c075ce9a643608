"""A persistent index of published stories: storage behind one interface, one query over any storage.

``open_index(settings, params)`` opens the store the configuration names (a SQLite file by default,
``url: redis://...`` for a Redis server shared by many runners) and returns an :class:`Index`: the
store's ``add``, ``remove`` and ``stats``, and :func:`newslint.index.query.query`, written once over
what every store offers (``load`` the compact features of every article, ``shingles`` of one,
``keys_of`` row ids). The steps that use an index never branch on which store it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Callable, Iterator, Mapping, Protocol, Sequence

from newslint.dedup.explain import Added
from newslint.dedup.features import Extractor
from newslint.dedup.model import Features
from newslint.dedup.pairs import Params
from newslint.errors import ConfigError, NewslintError

DEFAULT_PATH = ".newslint/index.sqlite"
INDEX_KEYS = {"path", "url", "backend"}
BACKENDS = ("sqlite", "redis")


@dataclass(frozen=True)
class Entry:
    """One article to add: its key (path, or ``path#id`` for JSON Lines), content digest, features."""

    key: str
    digest: bytes
    features: Features


@dataclass(frozen=True)
class Match:
    """An indexed story that a query article duplicates."""

    query: int  # position of the query article in the list given to ``query``
    key: str  # the indexed article's key
    kind: str
    similarity: float
    shared: tuple[str, ...] = ()
    adds: Added | None = None  # rewrites: what the query article brings that the indexed one lacks


# One stored article as the stores hold it: key, digest, then the blobs of Features.pack().
Row = tuple[str, bytes, bytes, bytes, bytes, bytes]


class Store(Protocol):
    where: str  # the file or the URL with its password masked, for messages

    def add(self, entries: Sequence[Entry]) -> tuple[int, int]: ...  # (added or replaced, unchanged)
    def remove(self, keys: Sequence[str]) -> int: ...
    def snapshot(self): ...  # a context in which loads see one state of the index
    def load(self, extra) -> tuple[Sequence[Any], Any]: ...  # (row ids, FeatureTable of rows + extra)
    def shingles(self, row: Any) -> bytes | None: ...
    def keys_of(self, rows: Sequence[Any]) -> list[str]: ...
    def stats(self) -> dict[str, Any]: ...
    def rows(self) -> Iterator[list[Row]]: ...  # every article, in batches (for migrate)
    def put_rows(self, rows: Sequence[Row]) -> None: ...
    def close(self) -> None: ...


class Index:
    """A store and the one query over it."""

    def __init__(self, store: Store, params: Params) -> None:
        self.store, self.params = store, params
        self.where = store.where

    def add(self, entries: Sequence[Entry]) -> tuple[int, int]:
        return self.store.add(entries)

    def remove(self, keys: Sequence[str]) -> int:
        return self.store.remove(keys)

    def query(self, feats: Sequence[Features], texts_of: Callable[[Sequence[int]], Mapping[int, str]] | None = None,
              ex: Extractor | None = None, progress=None) -> list[Match]:
        """Indexed stories that the articles copy or rewrite. With ``texts_of`` (positions ->
        texts, read in one go) and ``ex`` (the rule's tokenizer), each match says what is shared."""
        from newslint.index.query import query

        return query(self.store, self.params, feats, texts_of, ex, progress)

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def close(self) -> None:
        self.store.close()


@dataclass(frozen=True)
class IndexSettings:
    """Where the index is: a SQLite file or a Redis URL."""

    path: Path | None = None
    url: str | None = None

    @property
    def backend(self) -> str:
        return "redis" if self.url else "sqlite"

    @staticmethod
    def parse(target: str, root: Path | None = None) -> "IndexSettings":
        """``--index`` or ``migrate --from/--to``: a URL (``redis://``) or a file path."""
        if "://" in target:
            return IndexSettings(url=target)
        p = Path(target)
        return IndexSettings(p if p.is_absolute() or root is None else root / p)


def index_settings(raw: Mapping[str, Any], root: Path, where: str | None) -> IndexSettings:
    """Validate the ``index:`` mapping of the configuration."""
    unknown = sorted(set(map(str, raw)) - INDEX_KEYS)
    if unknown:
        raise ConfigError(f"unknown key (expected one of {', '.join(sorted(INDEX_KEYS))})", where, f"index.{unknown[0]}")
    backend = raw.get("backend", "redis" if "url" in raw else "sqlite")
    if backend not in BACKENDS:
        raise ConfigError(f"expected one of {', '.join(BACKENDS)}, got {backend!r}", where, "index.backend")
    if "url" in raw or backend == "redis":
        url = raw.get("url")
        if not isinstance(url, str) or "://" not in url:
            raise ConfigError("expected a URL such as redis://HOST:PORT/DB", where, "index.url")
        if "path" in raw:
            raise ConfigError("give either path (a SQLite file) or url (a Redis server), not both", where, "index.url")
        return IndexSettings(url=url)
    path = raw.get("path", DEFAULT_PATH)
    if not isinstance(path, str) or not path.strip():
        raise ConfigError("expected a file path", where, "index.path")
    return IndexSettings.parse(path, root)


def key_base(root: Path, configured: bool, index_path: Path | None) -> Path:
    """The folder that index keys are relative to: the configuration's folder, else the folder the
    index serves (the one holding ``.newslint/``, or the index file's own; for a server, the
    current folder)."""
    if configured:
        return root
    if index_path is None:
        return Path.cwd()
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


def open_store(s: IndexSettings, params: Params, create: bool = True, write: bool | None = None) -> Store:
    if s.url:
        from newslint.index.redis import RedisStore

        return RedisStore(s.url, params, create=create, write=write)
    from newslint.index.sqlite import SqliteIndex

    assert s.path is not None
    return SqliteIndex(s.path, params, create=create, write=write)


def open_index(s: IndexSettings, params: Params, create: bool = True, write: bool | None = None) -> Index:
    """``create``: make the index if missing; ``write`` (default: as ``create``): it will be
    changed, else it is only read (and may be read-only)."""
    return Index(open_store(s, params, create, write), params)


def settings_for(settings, override: str | None = None) -> IndexSettings:
    """The index the configuration names, or the one given on the command line."""
    if override:
        return IndexSettings.parse(override)
    return index_settings(settings.index, settings.root, settings.path)


def open_configured(settings, params: Params, create: bool, override: str | None = None, write: bool | None = None) -> Index:
    return open_index(settings_for(settings, override), params, create=create, write=write)


def key_function(settings, index: Index, configured: bool | None = None) -> Callable[[str], str]:
    """Article name (as given on the command line) -> its key in this index."""
    s = index.store
    base = key_base(settings.root, settings.path is not None if configured is None else configured, getattr(s, "path", None))
    return lambda name: index_key(name, base)


def configured_index(settings, params: Params) -> tuple[Index, Callable[[str], str]] | None:
    """For ``check``: the index the configuration names, opened for reading, with the key function
    (keys relative to the configuration's folder), or None when there is no index yet."""
    s = index_settings(settings.index, settings.root, settings.path)
    if s.path is not None:
        from newslint.index.sqlite import exists

        if not exists(s.path):
            return None
    try:
        idx = open_index(s, params, create=False)
    except NewslintError as exc:
        if s.url and "no index here yet" in exc.detail:
            return None
        raise
    return idx, key_function(settings, idx, configured=True)
