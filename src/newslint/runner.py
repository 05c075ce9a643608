"""Finding the files to check, and checking them on all cores with output in a stable order."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Callable, Iterator

from newslint.engine import FileReport, RuleBook, check_file
from newslint.errors import NewslintError
from newslint.loaders import FORMATS

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".newslint", ".tox", ".mypy_cache"}
PARALLEL_MIN_FILES = 48


def discover(paths: list[str], book: RuleBook, suffixes: set[str] | None = None) -> list[tuple[Path, str]]:
    """Files to check, in a stable order: files named on the command line are taken whatever their
    suffix; folders are walked for article files. Raises NewslintError for a missing path."""
    suffixes = suffixes or set(FORMATS)
    out: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise NewslintError("no such file or folder", raw)
        if p.is_file():
            if p.resolve() not in seen:
                seen.add(p.resolve())
                out.append((p, raw))
            continue
        found = []
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(files):
                fp = Path(root) / name
                # Regular files only: a named pipe or socket in the tree would block the read.
                if fp.suffix.lower() in suffixes and fp.is_file() and not book.settings.is_excluded(fp):
                    found.append(fp)
        for fp in found:
            if fp.resolve() not in seen:
                seen.add(fp.resolve())
                out.append((fp, str(fp)))
    return out


# A worker process's rule book. Set once per worker by the pool initializer (the book holds
# compiled patterns and modules, which are inherited by fork rather than pickled).
_worker_state: dict[str, object] = {}


def _init_worker(book: RuleBook, fix: bool) -> None:
    _worker_state["book"] = book
    _worker_state["fix"] = fix


def _work(item: tuple[Path, str]) -> FileReport:
    return check_file(item[0], item[1], _worker_state["book"], fix=bool(_worker_state["fix"]))  # type: ignore[arg-type]


def check_files(files: list[tuple[Path, str]], book: RuleBook, fix: bool = False, jobs: int | None = None,
                progress: Callable[[int], None] | None = None) -> Iterator[FileReport]:
    """Yield one report per file, in the order given."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(files) < PARALLEL_MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        for path, display in files:
            yield check_file(path, display, book, fix=fix)
            if progress:
                progress(1)
        return
    ctx = multiprocessing.get_context("fork")
    chunk = max(1, min(64, len(files) // (jobs * 8)))
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(book, fix)) as pool:
        for report in pool.imap(_work, files, chunksize=chunk):
            yield report
            if progress:
                progress(1)
