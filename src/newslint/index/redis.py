"""The Redis store: one index shared by many CI runners and editors' desks.

Layout (all under the prefix ``newslint:``), three hashes keyed by the article's index key and one
for the settings:

- ``newslint:feat``: key -> what every query reads (content words, names and numbers, the 8-bit
  signature, about 1.5 KB), so a query streams one hash with ``HSCAN`` and nothing else;
- ``newslint:sh``: key -> the sampled shingles, read only for the few candidates of a query;
- ``newslint:digest``: key -> the content digest, so an ``add`` of unchanged articles reads 8 bytes
  each and writes nothing;
- ``newslint:meta``: format, shingle, num_perm (checked on open, as the SQLite file's ``meta``).

The article's key is the field name: no id counter to allocate, so writers never contend on one,
and adding an article twice replaces it. Each batch of articles is written in one ``MULTI``/``EXEC``
transaction: Redis runs it whole or not at all, so a reader or a crash never sees an article with
features but no shingles. Four runners adding at once write disjoint fields and lose nothing.

Persistence is the server's: with RDB and AOF off (``--save '' --appendonly no``) a restart empties
the index, and ``index stats`` then shows 0 articles; run Redis with ``appendonly yes`` to keep it.
"""

from __future__ import annotations

import contextlib
import struct
from typing import Any, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from newslint.dedup.model import FORMAT, FeatureTable, unpack_content
from newslint.dedup.pairs import Params
from newslint.errors import NewslintError
from newslint.index import Entry, Row

PREFIX = "newslint:"
SCAN_COUNT = 2000
HEADER = struct.Struct("<I")


def masked(url: str) -> str:
    """The URL as it may be printed: any password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None and "@" not in parts.netloc:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, parts.fragment))


def check_url(url: str) -> None:
    where = masked(url)
    scheme = urlsplit(url).scheme.lower()
    if scheme == "rediss":
        raise NewslintError("TLS (rediss://) is not supported by this newslint; reach the server through a TLS "
                            "tunnel (stunnel, an SSH forward) with a redis:// URL", where)
    if scheme != "redis":
        raise NewslintError("not an index URL newslint knows (expected redis://HOST:PORT/DB)", where)
    try:
        urlsplit(url).port
    except ValueError:
        raise NewslintError("the port is not a number (expected redis://HOST:PORT/DB)", where) from None


def pack_features(content: bytes, keys: bytes, sig: bytes) -> bytes:
    return HEADER.pack(len(content)) + content + keys + sig


def unpack_features(record: bytes, num_perm: int) -> tuple[bytes, bytes, bytes]:
    (n,) = HEADER.unpack_from(record)
    if len(record) < HEADER.size + n + num_perm:
        raise ValueError("a stored record is shorter than its header says")
    body = record[HEADER.size :]
    return body[:n], body[n : len(body) - num_perm], body[len(body) - num_perm :]


class RedisStore:
    def __init__(self, url: str, params: Params, create: bool = True, write: bool | None = None) -> None:
        check_url(url)
        self.url, self.where, self.params = url, masked(url), params
        self.write = create if write is None else write
        try:
            import redis
        except ImportError:
            raise NewslintError("a Redis index needs redis-py: pip install 'newslint[redis]'", self.where) from None
        self.errors = redis.exceptions
        try:
            self.r = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=60)
        except ValueError as exc:
            raise NewslintError(f"not a valid Redis URL ({self._clean(exc)})", self.where) from None
        self.connected = False
        meta = self._run(lambda: self.r.hgetall(PREFIX + "meta"))
        self.connected = True
        expected = {b"format": str(FORMAT).encode(), b"shingle": str(params.shingle).encode(),
                    b"num_perm": str(params.num_perm).encode()}
        if not meta:
            if not create:
                raise NewslintError("no index here yet (run 'newslint index add' first)", self.where)

            def init() -> dict:
                pipe = self.r.pipeline(transaction=True)
                for k, v in expected.items():
                    pipe.hsetnx(PREFIX + "meta", k, v)  # two runners creating it at once agree
                pipe.hgetall(PREFIX + "meta")
                return pipe.execute()[-1]

            meta = self._run(init)
        if meta.get(b"format") != expected[b"format"]:
            raise NewslintError(f"index format {meta.get(b'format', b'?').decode()!r}, this newslint reads format {FORMAT}; "
                                "remove it and rebuild with 'newslint index add'", self.where)
        for key in (b"shingle", b"num_perm"):
            if meta.get(key) != expected[key]:
                raise NewslintError(f"index built with {key.decode()}={meta.get(key, b'?').decode()}, rule options say "
                                    f"{expected[key].decode()}; rebuild the index or restore the options", self.where)

    def _clean(self, exc: BaseException) -> str:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        password = urlsplit(self.url).password
        return text.replace(password, "***") if password else text

    def _auth_failed(self) -> str:
        if urlsplit(self.url).password is None:
            return "the Redis server needs a password: give it in the URL (redis://:PASSWORD@HOST:PORT/DB)"
        return "the Redis server refused the password in the URL (authentication failed)"

    def _run(self, fn):
        e = self.errors
        try:
            return fn()
        except e.AuthenticationError:
            raise NewslintError(self._auth_failed(), self.where) from None
        except e.BusyLoadingError:
            raise NewslintError("the Redis server is still loading its data; run the command again in a moment", self.where) from None
        except (e.ConnectionError, e.TimeoutError) as exc:
            if not self.connected:
                raise NewslintError(f"cannot connect to the Redis server ({self._clean(exc)})", self.where) from None
            raise NewslintError(f"lost the connection to the Redis server ({self._clean(exc)}); articles written so far "
                                "are whole, run the command again to complete it", self.where) from None
        except e.ResponseError as exc:
            text = self._clean(exc)
            if text.startswith(("NOAUTH", "WRONGPASS")):
                raise NewslintError(self._auth_failed(), self.where) from None
            if text.startswith("READONLY"):
                raise NewslintError("the Redis server is a read-only replica: cannot write to it", self.where) from None
            raise NewslintError(f"the Redis server refused the command ({text})", self.where) from None
        except e.RedisError as exc:
            raise NewslintError(f"Redis error ({self._clean(exc)})", self.where) from None

    def add(self, entries: Sequence[Entry]) -> tuple[int, int]:
        if not entries:
            return 0, 0

        def work() -> tuple[int, int]:
            old = self.r.hmget(PREFIX + "digest", [e.key for e in entries])
            pipe = self.r.pipeline(transaction=True)  # MULTI/EXEC: every article whole or not at all
            changed = 0
            for e, digest in zip(entries, old):
                if digest == e.digest:
                    continue
                sh, content, keys, sig = e.features.pack()
                pipe.hset(PREFIX + "feat", e.key, pack_features(content, keys, sig))
                pipe.hset(PREFIX + "sh", e.key, sh)
                pipe.hset(PREFIX + "digest", e.key, e.digest)
                changed += 1
            if changed:
                pipe.execute()
            return changed, len(entries) - changed

        return self._run(work)

    def remove(self, keys: Sequence[str]) -> int:
        def work() -> int:
            pipe = self.r.pipeline(transaction=True)
            pipe.hdel(PREFIX + "digest", *keys)
            pipe.hdel(PREFIX + "feat", *keys)
            pipe.hdel(PREFIX + "sh", *keys)
            return int(pipe.execute()[0])

        return self._run(work) if keys else 0

    def snapshot(self):
        # HSCAN returns every article present for the whole scan; one added meanwhile may or may
        # not be seen (each article is whole either way).
        return contextlib.nullcontext()

    def _scan(self) -> Iterator[list[tuple[bytes, bytes]]]:
        cursor = 0
        while True:
            cursor, part = self._run(lambda c=cursor: self.r.hscan(PREFIX + "feat", c, count=SCAN_COUNT))
            if part:
                yield list(part.items())
            if cursor == 0:
                return

    def load(self, extra: FeatureTable) -> tuple[list[str], FeatureTable]:
        k = self.params.num_perm
        ids: list[str] = []
        contents: list[bytes] = []
        keyss: list[bytes] = []
        sigs: list[bytes] = []
        for part in self._scan():
            for key, record in part:
                c, ks, sg = unpack_features(record, k)
                ids.append(key.decode("utf-8", "replace"))
                contents.append(c)
                keyss.append(ks)
                sigs.append(sg)
        n = len(ids)

        def flat(blobs: list[bytes], more: np.ndarray, more_ptr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            ptr = np.zeros(n + len(more_ptr), dtype=np.int64)
            np.cumsum([len(b) // 3 for b in blobs], out=ptr[1 : n + 1])
            ptr[n + 1 :] = ptr[n] + more_ptr[1:]
            return np.concatenate([unpack_content(b"".join(blobs)), more]), ptr

        content, cptr = flat(contents, extra.content, extra.content_ptr)
        keys, kptr = flat(keyss, extra.keys, extra.keys_ptr)
        stored = np.frombuffer(b"".join(sigs), dtype=np.uint8).reshape(n, k)
        table = FeatureTable(content, cptr, keys, kptr, np.concatenate([stored, extra.sigs.reshape(len(extra), -1).astype(np.uint8)])
                             if len(extra) else stored)
        return ids, table

    def shingles(self, row) -> bytes | None:
        return self._run(lambda: self.r.hget(PREFIX + "sh", row))

    def keys_of(self, rows) -> list[str]:
        return list(rows)

    def rows(self) -> Iterator[list[Row]]:
        for part in self._scan():
            names = [key for key, _ in part]
            digests = self._run(lambda: self.r.hmget(PREFIX + "digest", names))
            shingles = self._run(lambda: self.r.hmget(PREFIX + "sh", names))
            out = []
            for (key, record), d, sh in zip(part, digests, shingles):
                if d is None or sh is None:
                    continue  # removed during the scan
                c, ks, sg = unpack_features(record, self.params.num_perm)
                out.append((key.decode("utf-8", "replace"), d, sh, c, ks, sg))
            yield out

    def put_rows(self, rows: Sequence[Row]) -> None:
        def work() -> None:
            pipe = self.r.pipeline(transaction=True)
            for key, digest, sh, content, keys, sig in rows:
                pipe.hset(PREFIX + "feat", key, pack_features(content, keys, sig))
                pipe.hset(PREFIX + "sh", key, sh)
                pipe.hset(PREFIX + "digest", key, digest)
            pipe.execute()

        if rows:
            self._run(work)

    def stats(self) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            count = int(self.r.hlen(PREFIX + "feat"))
            size = sum(int(self.r.memory_usage(PREFIX + h) or 0) for h in ("feat", "sh", "digest"))
            p = self.params
            return {"path": self.where, "articles": count, "format": FORMAT, "shingle": p.shingle, "num_perm": p.num_perm,
                    "server_bytes": size, "bytes_per_article": round(size / count) if count else 0}

        return self._run(work)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.r.close()
