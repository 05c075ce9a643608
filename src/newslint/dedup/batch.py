"""The batch engine: read article files and compute their features on all cores.

Files are loaded with the same loaders as ``newslint check`` and features are computed in chunks
(vectorized inside a chunk) in a fork pool. Texts are not kept: the few needed to describe reported
pairs are read again by :meth:`Articles.text`.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from newslint.dedup.features import Extractor
from newslint.dedup.model import Features, compute
from newslint.loaders import load_bytes

CHUNK = 256  # files per task


@dataclass
class Articles:
    names: list[str] = field(default_factory=list)  # path as given, or path#id for JSON Lines
    where: list[tuple[str, str, int]] = field(default_factory=list)  # (path, display, article index in file)
    digests: list[bytes] = field(default_factory=list)
    feats: list[Features] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def text(self, i: int) -> str:
        path, display, k = self.where[i]
        try:
            loaded = load_bytes(display, Path(path).read_bytes())
            return loaded.articles[k].prose
        except (OSError, IndexError):
            return ""


def _texts_of(item: tuple[str, str]) -> tuple[list[tuple[str, int, str]], str | None]:
    path, display = item
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return [], f"{display}: cannot read: {exc.strerror or exc}"
    loaded = load_bytes(display, data)
    return [(a.display_name, k, a.prose) for k, a in enumerate(loaded.articles) if a.prose.strip()], None


def _chunk(args: tuple[list[tuple[str, str]], Extractor, int]):
    items, ex, num_perm = args
    rows, texts, errors = [], [], []
    for path, display in items:
        arts, err = _texts_of((path, display))
        if err:
            errors.append(err)
        for name, k, text in arts:
            rows.append((name, path, display, k, hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=8).digest()))
            texts.append(text)
    return rows, compute(texts, ex, num_perm), errors


def gather(files: list[tuple[Path, str]], ex: Extractor, num_perm: int, jobs: int | None = None,
           progress: Callable[[int], None] | None = None) -> Articles:
    """Features of every article in the files, in file order."""
    items = [(str(p), d) for p, d in files]
    chunks = [(items[i : i + CHUNK], ex, num_perm) for i in range(0, len(items), CHUNK)]
    jobs = jobs or os.cpu_count() or 1
    out = Articles()

    def results() -> Iterator:
        if jobs <= 1 or len(chunks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            yield from map(_chunk, chunks)
            return
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_chunk, chunks)

    for (rows, feats, errors), chunk in zip(results(), chunks):
        for name, path, display, k, digest in rows:
            out.names.append(name)
            out.where.append((path, display, k))
            out.digests.append(digest)
        out.feats.extend(feats)
        out.unreadable.extend(errors)
        if progress:
            progress(len(chunk[0]))
    return out


class Progress:
    """A one-line counter on standard error: only on a terminal, and only once a run has taken
    more than ``delay`` seconds (short runs print nothing)."""

    def __init__(self, total: int, label: str, stream=None, delay: float = 2.0) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.start = time.monotonic()
        self.delay = delay
        self.shown = False
        self.last = 0.0

    def __call__(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < self.delay or now - self.last < 0.1:
            return
        self.last = now
        self.shown = True
        width = 30
        filled = int(width * self.done / max(1, self.total))
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (len(self.label) + 50) + "\r")
            self.stream.flush()
