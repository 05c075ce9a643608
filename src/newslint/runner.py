"""The one file pipeline of every command: find the files, read and load each once, and map a
command's work over them in chunks on all cores, with results in the order of a serial run.

``check`` plugs in "lint these files"; ``dupes`` and ``index`` plug in "compute the near-duplicate
features of their articles".
"""

from __future__ import annotations

import contextlib
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from newslint.config import Settings
from newslint.errors import NewslintError
from newslint.loaders import FORMATS, Loaded, load_bytes

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".newslint", ".tox", ".mypy_cache"}
PARALLEL_MIN_FILES = 48
R = TypeVar("R")


def display_name(raw: str) -> str:
    """A path as output shows it: bytes of a file name that are not UTF-8 (legal on Linux, held by
    Python as lone surrogates that no output can encode) written as ``\\xff``. Every command's
    names go through here once; the formatters escape the rest the way each format needs."""
    try:
        raw.encode("utf-8")
        return raw
    except UnicodeEncodeError:
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def no_articles(paths: list[str]) -> NewslintError:
    """The error for paths that hold no article file (the commands share its wording)."""
    return NewslintError(f"no articles found (looked for {', '.join(sorted(FORMATS))} files)", ", ".join(paths))


def discover(paths: list[str], settings: Settings) -> list[tuple[Path, str]]:
    """Files to read, in a stable order: files named on the command line are taken whatever their
    suffix (unless the configuration excludes them); folders are walked for article files. Raises
    NewslintError for a missing path."""
    out: list[tuple[Path, str]] = []
    seen: set[str] = set()  # absolute, normalised paths: no per-file symlink resolution (it cost a stat per component)
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise NewslintError("no such file or folder", display_name(raw))
        if not p.is_file() and not p.is_dir():  # reading a pipe or device named here could block
            raise NewslintError("not a regular file or folder (a pipe or device?); use - for standard input", display_name(raw))
        if p.is_file():
            key = os.path.abspath(raw)
            # Excluded globs hold for named files too: pre-commit and editors name files one by one.
            if key not in seen and not settings.is_excluded(p):
                seen.add(key)
                out.append((p, display_name(raw)))
            continue
        for fp in _walk(str(p)):
            key = os.path.abspath(fp)
            path = Path(fp)
            if key not in seen and not settings.is_excluded(path):
                seen.add(key)
                out.append((path, display_name(str(path))))  # "news/a.md", not "./news/a.md"
    return out


def _walk(folder: str) -> Iterator[str]:
    """Article files under ``folder``, sorted by name at each level, hidden and tool folders skipped.
    Regular files only: a named pipe or socket in the tree would block the read."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        yield folder  # a folder that cannot be listed: read_file reports why, rather than skip it unseen
        return
    dirs = []
    for e in entries:
        try:
            if e.is_dir(follow_symlinks=False):  # as os.walk: no symlink loops
                if e.name not in SKIP_DIRS and not e.name.startswith("."):
                    dirs.append(e.path)
            elif os.path.splitext(e.name)[1].lower() in FORMATS and e.is_file():
                yield e.path
        except OSError:
            continue
    for d in dirs:
        yield from _walk(d)


@dataclass(frozen=True)
class Source:
    """One file as read: its loaded articles (none when skipped or unreadable), or why it could not be read."""

    path: Path
    display: str
    loaded: Loaded
    error: str | None = None


def read_file(path: Path, display: str, data: bytes | None = None, fmt: str | None = None) -> Source:
    """Read (unless ``data`` is given), decode and load one file. Never raises for bad input."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            if path.is_dir():  # only a folder the walk could not list gets here
                try:
                    os.scandir(path).close()
                except OSError as why:
                    exc = why
                return Source(path, display, Loaded(()), f"cannot read folder: {exc.strerror or exc}")
            return Source(path, display, Loaded(()), f"cannot read: {exc.strerror or exc}")
    return Source(path, display, load_bytes(display, data, fmt))


def map_files(files: list[tuple[Path, str]], work: Callable[[list[Source]], list[R]], jobs: int | None = None,
              progress: Callable[[int], None] | None = None, warm: Callable[[], None] | None = None) -> Iterator[R]:
    """``work`` over the files, read and loaded, a chunk at a time (so that it can batch array work
    over many articles): in forked workers on all cores from PARALLEL_MIN_FILES files on, else here.
    Yields one result per file, in the order given; ``warm`` runs once before the workers fork."""
    jobs = jobs or os.cpu_count() or 1
    size = max(1, min(64, len(files) // (jobs * 8)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    results: Iterable[list[R]] = (_in_worker(chunk, work) for chunk in chunks)
    with contextlib.ExitStack() as stack:
        if jobs > 1 and len(files) >= PARALLEL_MIN_FILES:
            import multiprocessing  # only for parallel runs: it costs ~10 ms to import

            if "fork" in multiprocessing.get_all_start_methods():
                if warm is not None:
                    warm()  # built once here and inherited by every worker, not built in each
                # The work function is inherited by fork rather than pickled (it holds compiled rules).
                # No more workers than chunks, nor than a few per core (--jobs 10000 must not fork
                # 10000 processes; a CPU-bound linter gains nothing past the cores).
                workers = min(jobs, len(chunks), 4 * (os.cpu_count() or 1))
                pool = multiprocessing.get_context("fork").Pool(workers, initializer=_init_worker, initargs=(work, os.getpid()))
                results = stack.enter_context(pool).imap(_in_worker, chunks)
        for done in results:
            yield from done
            if progress:
                progress(len(done))


# A worker process's work function, set once per worker by the pool initializer.
_worker_state: dict[str, Callable] = {}


def _init_worker(work: Callable, parent: int) -> None:
    # Ctrl-C reaches the whole process group: only the parent handles it (and stops the pool),
    # so the user sees one line rather than a traceback per worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed outright leaves its workers writing results into a closed pipe: die of
    # SIGPIPE quietly, as a command-line tool does, rather than print a BrokenPipeError traceback.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # A worker waiting for its next chunk would wait for ever (its siblings hold the task pipe
    # open): on Linux the kernel ends it with its parent.
    _die_with_parent(parent)
    _worker_state["work"] = work


def _die_with_parent(parent: int) -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the SIGPIPE above still ends a writing worker
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)


def _in_worker(chunk: list[tuple[Path, str]], work: Callable | None = None) -> list:
    """Read and load a chunk of files and run ``work`` on them (in a worker: the one it was given)."""
    return (work or _worker_state["work"])([read_file(path, display) for path, display in chunk])
