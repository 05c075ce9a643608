"""The SQLite index backend: one file, safe against crashes and concurrent writers.

Layout (format ``FORMAT`` in table ``meta``): one row per article with its key, a content digest and
the compact features as blobs (shingle and name sets delta-coded and compressed, content words and
the 16-bit MinHash signature raw). Writes run in ``BEGIN IMMEDIATE`` transactions in WAL mode with a
busy timeout, so a process killed mid-``add`` leaves the last committed state and two adders wait for
each other instead of failing. A query reads signatures, content words and names of every article
into memory (about 1 KB each), finds candidates there, and reads shingle sets only for candidates.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from newslint.dedup import describe
from newslint.dedup.features import Extractor
from newslint.dedup.model import FORMAT, Features, unpack_sorted
from newslint.dedup.pairs import Collection, Params, find_pairs
from newslint.errors import NewslintError
from newslint.index import Entry, Match

BUSY_MS = 60_000
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  digest BLOB NOT NULL,
  shingles BLOB NOT NULL,
  content BLOB NOT NULL,
  keys BLOB NOT NULL,
  sig BLOB NOT NULL
);
"""


class SqliteIndex:
    def __init__(self, path: Path, params: Params, create: bool = True) -> None:
        self.path = path
        self.params = params
        self.where = str(path)
        if not path.exists() and not create:
            raise NewslintError("no index here yet (run 'newslint index add' first)", self.where)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(path), timeout=BUSY_MS / 1000, isolation_level=None)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._init()
        except sqlite3.DatabaseError as exc:
            raise NewslintError(f"not a newslint index or corrupt ({exc}); remove it and rebuild with 'newslint index add'", self.where) from None

    def _expected(self) -> dict[str, str]:
        p = self.params
        return {"format": str(FORMAT), "shingle": str(p.shingle), "num_perm": str(p.num_perm)}

    def _init(self) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for stmt in SCHEMA.strip().split(";"):
                if stmt.strip():
                    db.execute(stmt)
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            expected = self._expected()
            if not meta:
                db.executemany("INSERT INTO meta VALUES (?, ?)", list(expected.items()))
                db.execute("COMMIT")
                return
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK") if db.in_transaction else None
            raise
        if meta.get("format") != expected["format"]:
            raise NewslintError(f"index format {meta.get('format')!r}, this newslint reads format {FORMAT}; "
                                "remove the file and rebuild with 'newslint index add'", self.where)
        for key in ("shingle", "num_perm"):
            if meta.get(key) != expected[key]:
                raise NewslintError(f"index built with {key}={meta.get(key)}, rule options say {expected[key]}; "
                                    "rebuild the index or restore the options", self.where)

    def _run(self, fn):
        try:
            return fn()
        except sqlite3.DatabaseError as exc:
            raise NewslintError(f"index is corrupt or unreadable ({exc})", self.where) from None

    def add(self, entries: Sequence[Entry]) -> tuple[int, int]:
        def work() -> tuple[int, int]:
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                changed = same = 0
                for e in entries:
                    row = db.execute("SELECT digest FROM articles WHERE key = ?", (e.key,)).fetchone()
                    if row is not None and bytes(row[0]) == e.digest:
                        same += 1
                        continue
                    db.execute("INSERT INTO articles (key, digest, shingles, content, keys, sig) VALUES (?, ?, ?, ?, ?, ?) "
                               "ON CONFLICT(key) DO UPDATE SET digest=excluded.digest, shingles=excluded.shingles, "
                               "content=excluded.content, keys=excluded.keys, sig=excluded.sig",
                               (e.key, e.digest, *e.features.pack()))
                    changed += 1
                db.execute("COMMIT")
                return changed, same
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

        return self._run(work)

    def remove(self, keys: Sequence[str]) -> int:
        def work() -> int:
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                n = sum(db.execute("DELETE FROM articles WHERE key = ?", (k,)).rowcount for k in keys)
                db.execute("COMMIT")
                return n
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

        return self._run(work)

    def _load(self) -> tuple[list[int], list[str], list[Features]]:
        rows, keys, feats = [], [], []
        for rid, key, content, names, sig in self.db.execute("SELECT id, key, content, keys, sig FROM articles ORDER BY id"):
            rows.append(rid)
            keys.append(key)
            feats.append(Features(None, np.frombuffer(content, dtype="<u4"), unpack_sorted(names),  # type: ignore[arg-type]
                                  np.frombuffer(sig, dtype="<u2")))
        return rows, keys, feats

    def query(self, feats: Sequence[Features], text_of: Callable[[int], str] | None = None) -> list[Match]:
        def work() -> list[Match]:
            self.db.execute("BEGIN")  # one consistent snapshot for the whole query
            try:
                rows, keys, stored = self._load()
                n = len(stored)

                def load_shingles(i: int) -> np.ndarray:
                    blob = self.db.execute("SELECT shingles FROM articles WHERE id = ?", (rows[i],)).fetchone()
                    return unpack_sorted(blob[0]) if blob else np.zeros(0, dtype=np.uint32)

                coll = Collection([*stored, *feats], self.params.reference_docs, load_shingles)
                pairs = find_pairs(coll, self.params, keep=lambda a, b: (a < n) != (b < n))
                ex = Extractor.create(self.params.shingle)
                out = []
                for p in pairs:
                    q, other = (p.b, p.a) if p.a < n else (p.a, p.b)
                    shared: tuple[str, ...] = ()
                    if text_of is not None:
                        from newslint.dedup.pairs import Pair

                        shared = describe(Pair(q, other, p.kind, p.similarity), text_of(q - n), coll, ex)
                    out.append(Match(q - n, keys[other], p.kind, p.similarity, shared))
                return sorted(out, key=lambda m: (m.query, -m.similarity, m.key))
            finally:
                self.db.execute("COMMIT")

        return self._run(work)

    def stats(self) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            count, blob_bytes = self.db.execute(
                "SELECT COUNT(*), COALESCE(SUM(LENGTH(shingles) + LENGTH(content) + LENGTH(keys) + LENGTH(sig) + LENGTH(digest) + LENGTH(key)), 0) FROM articles").fetchone()
            meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
            size = sum(os.path.getsize(p) for p in (self.path, Path(f"{self.path}-wal")) if os.path.exists(p))
            return {"path": self.where, "articles": count, "format": int(meta.get("format", 0)),
                    "shingle": int(meta.get("shingle", 0)), "num_perm": int(meta.get("num_perm", 0)),
                    "file_bytes": size, "bytes_per_article": round(size / count) if count else 0,
                    "feature_bytes_per_article": round(blob_bytes / count) if count else 0}

        return self._run(work)

    def close(self) -> None:
        self.db.close()
