"""Finding the files to check, and checking them on all cores with output in a stable order."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Callable, Iterator

from newslint.engine import FileReport, RuleBook, check_file, digest_collected
from newslint.errors import NewslintError
from newslint.loaders import FORMATS

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".newslint", ".tox", ".mypy_cache"}
PARALLEL_MIN_FILES = 48


def no_articles(paths: list[str]) -> NewslintError:
    """The error for paths that hold no article file (the commands share its wording)."""
    return NewslintError(f"no articles found (looked for {', '.join(sorted(FORMATS))} files)", ", ".join(paths))


def discover(paths: list[str], book: RuleBook, suffixes: set[str] | None = None) -> list[tuple[Path, str]]:
    """Files to check, in a stable order: files named on the command line are taken whatever their
    suffix (unless the configuration excludes them); folders are walked for article files. Raises
    NewslintError for a missing path."""
    suffixes = suffixes or set(FORMATS)
    out: list[tuple[Path, str]] = []
    seen: set[str] = set()  # absolute, normalised paths: no per-file symlink resolution (it cost a stat per component)
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise NewslintError("no such file or folder", raw)
        if p.is_file():
            key = os.path.abspath(raw)
            # Excluded globs hold for named files too: pre-commit and editors name files one by one.
            if key not in seen and not book.settings.is_excluded(p):
                seen.add(key)
                out.append((p, raw))
            continue
        for fp in _walk(str(p), suffixes):
            key = os.path.abspath(fp)
            path = Path(fp)
            if key not in seen and not book.settings.is_excluded(path):
                seen.add(key)
                out.append((path, str(path)))  # "news/a.md", not "./news/a.md"
    return out


def _walk(folder: str, suffixes: set[str]) -> Iterator[str]:
    """Article files under ``folder``, sorted by name at each level, hidden and tool folders skipped.
    Regular files only: a named pipe or socket in the tree would block the read."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    dirs = []
    for e in entries:
        try:
            if e.is_dir(follow_symlinks=False):  # as os.walk: no symlink loops
                if e.name not in SKIP_DIRS and not e.name.startswith("."):
                    dirs.append(e.path)
            elif os.path.splitext(e.name)[1].lower() in suffixes and e.is_file():
                yield e.path
        except OSError:
            continue
    for d in dirs:
        yield from _walk(d, suffixes)


# A worker process's rule book. Set once per worker by the pool initializer (the book holds
# compiled patterns and modules, which are inherited by fork rather than pickled).
_worker_state: dict[str, object] = {}


def _init_worker(book: RuleBook, fix: bool) -> None:
    # Ctrl-C reaches the whole process group: only the parent handles it (and stops the pool),
    # so the user sees one line rather than a traceback per worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_state["book"] = book
    _worker_state["fix"] = fix


def _work(items: list[tuple[Path, str]]) -> list[FileReport]:
    """Check a chunk of files, then let the corpus kinds digest what they collected from all of
    them in one batch (array work on many articles at once, in this worker rather than the parent)."""
    book: RuleBook = _worker_state["book"]  # type: ignore[assignment]
    reports = [check_file(path, display, book, fix=bool(_worker_state["fix"])) for path, display in items]
    return digest_collected(reports, book)


def check_files(files: list[tuple[Path, str]], book: RuleBook, fix: bool = False, jobs: int | None = None,
                progress: Callable[[int], None] | None = None) -> Iterator[FileReport]:
    """Yield one report per file, in the order given."""
    jobs = jobs or os.cpu_count() or 1
    parallel = jobs > 1 and len(files) >= PARALLEL_MIN_FILES
    if parallel:
        import multiprocessing  # only for parallel runs: it costs ~10 ms to import

        parallel = "fork" in multiprocessing.get_all_start_methods()
    if not parallel:
        for path, display in files:
            yield check_file(path, display, book, fix=fix)
            if progress:
                progress(1)
        return
    for rule in book.for_path(None):
        warm = getattr(rule.kind, "warm", None)
        if warm is not None:
            warm(rule.state)  # built once here and inherited by every worker, not built in each
    ctx = multiprocessing.get_context("fork")
    size = max(1, min(64, len(files) // (jobs * 8)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(book, fix)) as pool:
        for reports in pool.imap(_work, chunks):
            yield from reports
            if progress:
                progress(len(reports))
