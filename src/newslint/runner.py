"""The one file pipeline of every command: find the files, read and load each once, and map a
command's work over them in chunks on all cores, with results in the order of a serial run.

``check`` plugs in "lint these files"; ``dupes`` and ``index`` plug in "compute the near-duplicate
features of their articles".
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import _signal  # the signal module without its enums (~1 ms of start-up): the same functions and numbers

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Callable, Iterable, Iterator, TypeVar

    R = TypeVar("R")

from newslint.config import Settings
from newslint.errors import REPORT_BUG, NewslintError, internal
from newslint.loaders import FORMATS, Loaded, load_bytes
from newslint.pipes import die_with_parent, libc_prctl, pack, read_exact, receive, widen, write_all

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".newslint", ".tox", ".mypy_cache"}
PARALLEL_MIN_FILES = 48


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
        mode = _mode(p)
        if mode is None:
            raise NewslintError("no such file or folder", display_name(raw))
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):  # reading a pipe or device named here could block
            raise NewslintError("not a regular file or folder (a pipe or device?); use - for standard input", display_name(raw))
        if stat.S_ISREG(mode):
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


def _mode(p: Path) -> int | None:
    """``p.stat().st_mode``, or None where ``p.exists()`` is false: one stat for what exists,
    is_file and is_dir each asked the system again (600 files named: 27 ms -> 19 ms)."""
    try:
        return p.stat().st_mode
    except OSError as exc:  # as pathlib: a missing or unreachable path does not exist, other errors are raised
        if getattr(exc, "errno", None) in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP) \
                or getattr(exc, "winerror", None) in (21, 123, 1921):
            return None
        raise
    except ValueError:  # a NUL in the name
        return None


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
            data = _read_bytes(path)
        except OSError as exc:
            if path.is_dir():  # only a folder the walk could not list gets here
                try:
                    os.scandir(path).close()
                except OSError as why:
                    exc = why
                return Source(path, display, Loaded(()), f"cannot read folder: {exc.strerror or exc}")
            return Source(path, display, Loaded(()), f"cannot read: {exc.strerror or exc}")
    try:
        return Source(path, display, load_bytes(display, data, fmt))
    except Exception as exc:  # noqa: BLE001 - a bug in a loader: this file is reported unread, the others go on
        return Source(path, display, Loaded(()), f"reading it failed ({internal(exc)}): {REPORT_BUG}")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, as ``path.read_bytes()`` reads them, by the system calls themselves:
    pathlib's file object took twice as long on a folder of small stories (14.7 against 7.4 ms
    for 600 BBC articles)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        size = os.fstat(fd).st_size
        first = os.read(fd, size + 1 if size else 1 << 16)  # one read for a regular file (and one more for its end)
        if not first:
            return first
        chunks = [first]
        while True:  # a file that grew, or one whose size is not known (a pipe, /proc)
            more = os.read(fd, 1 << 20)
            if not more:
                break
            chunks.append(more)
        return first if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


def map_files(files: list[tuple[Path, str]], work: Callable[[list[Source]], list[R]], jobs: int | None = None,
              progress: Callable[[int], None] | None = None, warm: Callable[[], None] | None = None,
              meanwhile: Callable[[], None] | None = None, private: tuple[int, ...] = ()) -> Iterator[R]:
    """``work`` over the files, read and loaded, a chunk at a time (so that it can batch array work
    over many articles): in forked workers on all cores from PARALLEL_MIN_FILES files on, else here.
    Yields one result per file, in the order given. In a parallel run ``warm`` runs once before the
    workers fork (what they all use, built once and inherited rather than built in each), and
    ``meanwhile`` here once they have started (what only this process needs, built while they work).
    ``private``: file descriptors of this process's own that the workers close at once (its pipes
    to another child, which must see this process, not a worker, hold their other ends)."""
    jobs = jobs or os.cpu_count() or 1
    chunks = _chunks(files, min(jobs, 4 * (os.cpu_count() or 1)))
    results: Iterable[list[R]]
    if jobs > 1 and len(files) >= PARALLEL_MIN_FILES and hasattr(os, "fork"):
        if warm is not None:
            warm()
        # No more workers than chunks, nor than a few per core (--jobs 10000 must not fork 10000
        # processes; a CPU-bound linter gains nothing past the cores).
        results = _forked(chunks, work, min(jobs, len(chunks), 4 * (os.cpu_count() or 1)), meanwhile, private)
    else:
        results = (_in_worker(chunk, work) for chunk in chunks)
    for done in results:
        yield from done
        if progress:
            progress(len(done))


def _chunks(files: list[tuple[Path, str]], workers: int) -> list[list[tuple[Path, str]]]:
    """The files in chunks that shrink as the work runs out (guided self-scheduling): each holds
    a quarter of a worker's share of the files not yet cut, at most 64 (a batch for array work).
    The workers start on large chunks, cheap to hand out, and end on single files, so that they
    finish within an article or two of each other: with chunks of one size (37 of 600 files on
    two workers), one worker still had up to two of them to do, 0.1 s of lint, while the other
    was done. A few files make chunks of one file each (a JSON Lines feed of 50,000 articles is
    one file: two in one chunk would hold both feeds' features at once)."""
    out = []
    i, n = 0, len(files)
    while i < n:
        size = max(1, min(64, (n - i) // (4 * workers)))
        out.append(files[i : i + size])
        i += size
    return out


# --- the workers ------------------------------------------------------------------------------------
#
# A pool of forked processes of our own rather than multiprocessing's: importing multiprocessing and
# starting its Pool (its modules, locks, three threads) cost ~25 ms of CPU and ~80 ms of wall time,
# and tearing it down ~20 ms more, in every parallel run. Each worker has two pipes: the chunks it
# is to do come down one (4-byte chunk indices; a worker always has the next one waiting), its
# results go up the other (8-byte length, then the pickled ``(index, ok, value)``). The work
# function and the chunks are inherited by fork, never pickled. The parent reads whichever worker
# has a result ready and yields the results in the order of the chunks.


class _Worker:
    __slots__ = ("pid", "tasks", "results", "pending")

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid, self.tasks, self.results, self.pending = pid, tasks, results, 0


def _forked(chunks: list[list[tuple[Path, str]]], work: Callable, n: int, meanwhile: Callable[[], None] | None,
            private: tuple[int, ...] = ()) -> Iterator[list]:
    import pickle
    import select

    workers: list[_Worker] = []
    finished = False
    prctl = libc_prctl()  # looked up once here: each worker would import ctypes for it (~5 ms)
    try:
        for _ in range(n):
            workers.append(_start_worker(chunks, work, workers, prctl, private))
        total, assigned = len(chunks), 0

        def assign(w: _Worker, keep: int = 2) -> None:
            """Hand ``w`` chunks until it has ``keep`` to do (or none are left)."""
            nonlocal assigned
            while w.pending < keep and assigned < total:
                os.write(w.tasks, assigned.to_bytes(4, "little"))
                w.pending += 1
                assigned += 1
            if not w.pending:  # nothing left for it: it ends when it reads the end of its pipe
                os.close(w.tasks)
                w.tasks = -1

        # Its first chunk and the next, so that it never waits for one; while this process is busy
        # with ``meanwhile`` (importing NumPy: ~0.15 s, more on a loaded machine) and assigns
        # nothing, a quarter of all the chunks each. Later a worker is topped up to two as its
        # results come in, so that when the chunks run out none holds a queue of them while
        # another has nothing left to do.
        ahead = 2 if meanwhile is None else max(2, -(-total // (2 * n)))
        for keep in range(1, ahead + 1):  # in turns: the workers share the first chunks alike
            for w in workers:
                assign(w, keep)
        if meanwhile is not None:
            meanwhile()  # results wait in the pipes meanwhile (widened to hold a few chunks' worth)
        poll = select.poll()
        by_fd = {}
        for w in workers:
            poll.register(w.results, select.POLLIN)
            by_fd[w.results] = w
        done: dict[int, list] = {}
        want = 0
        while want < total:
            if want in done:
                yield done.pop(want)
                want += 1
                continue
            for fd, _ in poll.poll():
                w = by_fd[fd]
                if not w.pending:
                    continue
                body = receive(fd)
                if not body:
                    raise RuntimeError(f"a worker process (pid {w.pid}) ended before its work was done")
                index, ok, value = pickle.loads(body)
                if not ok:
                    raise value
                done[index] = value
                w.pending -= 1
                assign(w)
                if not w.pending:
                    poll.unregister(fd)
        finished = True
    finally:
        for w in workers:
            for fd in (w.tasks, w.results):
                if fd != -1:
                    os.close(fd)
            if not finished:  # an error, an interrupt, or the caller stopped early
                with contextlib.suppress(OSError):
                    os.kill(w.pid, _signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(w.pid, 0)


def _start_worker(chunks: list[list[tuple[Path, str]]], work: Callable, others: list[_Worker], prctl: Callable | None = None,
                  private: tuple[int, ...] = ()) -> _Worker:
    task_r, task_w = os.pipe()
    result_r, result_w = os.pipe()
    widen(result_w)
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the worker: it never returns into the parent's code
        code = 1
        try:
            # Only its own ends stay open: a pipe end held by a sibling would keep a worker from
            # ever reading the end of its task pipe, and the parent from seeing a worker die.
            os.close(task_w)
            os.close(result_r)
            for fd in [fd for w in others for fd in (w.tasks, w.results)] + list(private):
                if fd != -1:
                    os.close(fd)
            _worker_loop(chunks, work, parent, task_r, result_w, prctl)
            code = 0
        finally:
            os._exit(code)  # no exit handlers, no flushing the parent's buffered output again
    os.close(task_r)
    os.close(result_w)
    return _Worker(pid, task_w, result_r)


def _worker_loop(chunks: list[list[tuple[Path, str]]], work: Callable, parent: int, tasks: int, results: int,
                 prctl: Callable | None = None) -> None:
    # Ctrl-C reaches the whole process group: only the parent handles it (and stops the workers),
    # so the user sees one line rather than a traceback per worker.
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    # A parent killed outright leaves its workers writing results into a closed pipe: die of
    # SIGPIPE quietly, as a command-line tool does, rather than print a BrokenPipeError traceback.
    _signal.signal(_signal.SIGPIPE, _signal.SIG_DFL)
    # A worker waiting for its next chunk would otherwise wait for ever: on Linux the kernel ends
    # it with its parent.
    die_with_parent(parent, prctl)
    while True:
        head = read_exact(tasks, 4)
        if len(head) < 4:
            return  # the end of the pipe: no more work
        index = int.from_bytes(head, "little")
        try:
            message = pack((index, True, _in_worker(chunks[index], work)))
        except Exception as exc:  # noqa: BLE001 - raised again in the parent
            try:
                message = pack((index, False, exc))
            except Exception:  # noqa: BLE001 - an exception that does not pickle
                message = pack((index, False, RuntimeError(internal(exc))))
        write_all(results, message)


def _in_worker(chunk: list[tuple[Path, str]], work: Callable) -> list:
    """Read and load a chunk of files and run ``work`` on them."""
    return work([read_file(path, display) for path, display in chunk])
