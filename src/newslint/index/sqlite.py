"""The SQLite index backend: one file, safe against crashes and concurrent writers.

Layout (format ``FORMAT`` in table ``meta``): one row per article with its key, a content digest and
the compact features as blobs (shingle and name sets delta-coded and compressed, content words and
the 16-bit MinHash signature raw). Writes run in ``BEGIN IMMEDIATE`` transactions in WAL mode with a
busy timeout, so a process killed mid-``add`` leaves the last committed state and two adders wait for
each other instead of failing. A query reads signatures, content words and names of every article
into flat arrays (about 1.5 KB each) in one read transaction; :mod:`newslint.index.query` finds the
candidates there and reads shingles only for candidates.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np

from newslint.dedup.model import FORMAT, FeatureTable, unpack_content
from newslint.dedup.pairs import Params
from newslint.errors import NewslintError
from newslint.index import Entry, Row

BUSY_MS = 60_000
ROWS_BATCH = 2000
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


def _locked(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _when_unlocked(fn, wait_ms: int = BUSY_MS) -> None:
    """Run ``fn``, retrying while another process holds the lock. Switching a new file to WAL
    takes an exclusive lock that SQLite does not wait for (the busy timeout does not cover it), so
    two processes creating the same index at once would otherwise fail."""
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if not _locked(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def exists(path: Path) -> bool:
    """An index file is there. An empty (0-byte) file counts as no index yet, as a missing one:
    ``add`` builds the index in it, the other commands say there is none yet, ``check`` goes on
    without one."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


class SqliteIndex:
    def __init__(self, path: Path, params: Params, create: bool = True, write: bool | None = None) -> None:
        self.path = path
        self.params = params
        self.where = str(path)
        self.write = create if write is None else write
        if path.is_dir():
            raise NewslintError("this is a folder, not an index file", self.where)
        if not create and not exists(path):
            raise NewslintError("no index here yet (run 'newslint index add' first)", self.where)
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise NewslintError(f"cannot create the index's folder ({exc.strerror or exc})", self.where) from None
        try:
            self.db = sqlite3.connect(str(path), timeout=BUSY_MS / 1000, isolation_level=None)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            _when_unlocked(self._setup)
        except sqlite3.OperationalError as exc:
            if _locked(exc):
                raise NewslintError(f"index is locked by another process for over {BUSY_MS // 1000} s", self.where) from None
            if "readonly" in str(exc) or "read-only" in str(exc):
                if self.write:
                    raise NewslintError(f"index is read-only here, cannot write to it ({exc})", self.where) from None
                self._open_read_only()  # a shared index on a read-only mount: reading it is fine
                return
            raise NewslintError(f"not a newslint index or corrupt ({exc}); remove it and rebuild with 'newslint index add'", self.where) from None
        except sqlite3.DatabaseError as exc:
            raise NewslintError(f"not a newslint index or corrupt ({exc}); remove it and rebuild with 'newslint index add'", self.where) from None

    def _open_read_only(self) -> None:
        """Open without writing anything: plain read-only, else (no -shm file can be made beside
        the index) as an immutable file."""
        self.db.close()
        uri = self.path.absolute().as_uri()
        last: Exception | None = None
        for mode in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                db = sqlite3.connect(uri + mode, uri=True, timeout=BUSY_MS / 1000, isolation_level=None)
                meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            except sqlite3.DatabaseError as exc:
                last = exc
                continue
            self.db = db
            self._check_meta(meta)
            return
        raise NewslintError(f"not a newslint index or corrupt ({last})", self.where)

    def _setup(self) -> None:
        # Someone else's SQLite file given as the index: refuse before changing anything in it.
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "meta" not in tables or not tables and not self.write:
            raise NewslintError("not a newslint index (it holds other tables or none); give another index path", self.where)
        # Rows are 1-2 KB: large pages pack them with little slack (set before the first table).
        self.db.execute("PRAGMA page_size = 65536")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self._init()

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
        self._check_meta(meta)

    def _check_meta(self, meta: dict[str, str]) -> None:
        expected = self._expected()
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
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc):
                # The file or its folder refuses writes (permissions, a read-only mount): not corruption.
                raise NewslintError("index is read-only here (permission denied): cannot write to it; "
                                    "query it, or add from where it may be written", self.where) from None
            if _locked(exc):
                raise NewslintError(f"index is locked by another process for over {BUSY_MS // 1000} s", self.where) from None
            raise NewslintError(f"index is corrupt or unreadable ({exc})", self.where) from None
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

    def _load(self, extra: FeatureTable, chunk: int = 20000) -> tuple[np.ndarray, FeatureTable]:
        """Every article's row id, content words, names and signature, then the ``extra`` (query)
        articles, into flat arrays allocated once (sizes read first) and filled chunk by chunk:
        no per-article objects, no copies."""
        count, csize, ksize = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(LENGTH(content)), 0), COALESCE(SUM(LENGTH(keys)), 0) FROM articles").fetchone()
        k = self.params.num_perm
        ids = np.zeros(count, dtype=np.int64)
        content = np.zeros(csize // 3 + len(extra.content), dtype=np.uint32)
        cptr = np.zeros(count + len(extra) + 1, dtype=np.int64)
        kptr = np.zeros(count + len(extra) + 1, dtype=np.int64)
        sigs = np.zeros((count + len(extra), k), dtype=np.uint8)
        keys = np.zeros(ksize // 3 + len(extra.keys), dtype=np.uint32)
        cur = self.db.execute("SELECT id, content, keys, sig FROM articles ORDER BY id")
        i = clen = klen = 0
        while True:
            batch = cur.fetchmany(chunk)
            if not batch or i >= count:
                break
            batch = batch[: count - i]
            m = len(batch)
            ids[i : i + m] = [r[0] for r in batch]
            c = unpack_content(b"".join(r[1] for r in batch))
            content[clen : clen + len(c)] = c[: len(content) - clen]
            cptr[i + 1 : i + m + 1] = clen + np.cumsum([len(r[1]) // 3 for r in batch])
            clen += len(c)
            ks = unpack_content(b"".join(r[2] for r in batch))
            keys[klen : klen + len(ks)] = ks[: len(keys) - klen]
            kptr[i + 1 : i + m + 1] = klen + np.cumsum([len(r[2]) // 3 for r in batch])
            klen += len(ks)
            sigs[i : i + m] = np.frombuffer(b"".join(r[3] for r in batch), dtype=np.uint8).reshape(m, k)
            i += m
        n = i
        content[clen : clen + len(extra.content)] = extra.content
        cptr[n + 1 : n + len(extra) + 1] = clen + extra.content_ptr[1:]
        kptr[n + 1 : n + len(extra) + 1] = klen + extra.keys_ptr[1:]
        sigs[n : n + len(extra)] = extra.sigs
        keys[klen : klen + len(extra.keys)] = extra.keys
        m = n + len(extra)
        return ids[:n], FeatureTable(content[: clen + len(extra.content)], cptr[: m + 1],
                                     keys[: klen + len(extra.keys)], kptr[: m + 1], sigs[:m])

    def snapshot(self):
        """One read transaction: the whole query sees one state of the index."""
        import contextlib

        @contextlib.contextmanager
        def snap():
            self._run(lambda: self.db.execute("BEGIN"))
            try:
                yield
            finally:
                if self.db.in_transaction:
                    self.db.execute("COMMIT")

        return snap()

    def load(self, extra: FeatureTable) -> tuple[np.ndarray, FeatureTable]:
        return self._run(lambda: self._load(extra))

    def shingles(self, row) -> bytes | None:
        found = self._run(lambda: self.db.execute("SELECT shingles FROM articles WHERE id = ?", (int(row),)).fetchone())
        return bytes(found[0]) if found else None

    def keys_of(self, rows) -> list[str]:
        def work() -> list[str]:
            out = []
            for row in rows:
                found = self.db.execute("SELECT key FROM articles WHERE id = ?", (int(row),)).fetchone()
                out.append(found[0] if found else str(row))
            return out

        return self._run(work)

    def rows(self) -> Iterator[list[Row]]:
        cur = self._run(lambda: self.db.execute("SELECT key, digest, shingles, content, keys, sig FROM articles ORDER BY id"))
        while True:
            batch = self._run(lambda: cur.fetchmany(ROWS_BATCH))
            if not batch:
                return
            yield [(k, bytes(d), bytes(sh), bytes(c), bytes(ks), bytes(sg)) for k, d, sh, c, ks, sg in batch]

    def put_rows(self, rows: Sequence[Row]) -> None:
        def work() -> None:
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT INTO articles (key, digest, shingles, content, keys, sig) VALUES (?, ?, ?, ?, ?, ?) "
                               "ON CONFLICT(key) DO UPDATE SET digest=excluded.digest, shingles=excluded.shingles, "
                               "content=excluded.content, keys=excluded.keys, sig=excluded.sig", rows)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

        self._run(work)

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
