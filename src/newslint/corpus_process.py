"""The corpus phase of ``check`` in a process of its own, started at launch.

Comparing articles with each other (near-duplicate) needs NumPy, and importing it takes longer
(0.15-0.2 s) than everything a 600-article check does before its workers start. So the installed
command forks this process first thing when its command line names two articles or a folder,
before it imports anything else (:mod:`newslint.command`): here the corpus kinds' modules are
imported while the parent loads its own, reads its configuration and starts its workers, on a
core that would otherwise wait.
The parent then sends the corpus rules and, as the reports come in, what the workers collected;
this process turns each batch into the kinds' compact form (``digest``) and, at the end, runs
:func:`newslint.corpus_phase.compare` and sends back the findings of each item. The parent merges
them as when it runs the corpus phase itself (:func:`newslint.corpus_phase.check_corpus`), which
it does when there is no such process: ``--jobs 1``, one core, no ``fork``, or ``main`` called
from Python rather than from the command line.

Messages are pickled, each after its 8-byte length (as the worker pool's, :mod:`newslint.runner`).
This process ignores Ctrl-C (the parent stops it), dies with its parent, and leaves by
``os._exit``; the parent kills it when the run turns out to compare nothing.
"""

from __future__ import annotations

import os
import time

import _signal

from newslint.pipes import die_with_parent, libc_prctl, receive, send, widen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

# What the corpus kinds need before any rule is read (NumPy and the near-duplicate arrays).
PREIMPORT = ("newslint.kinds.near_duplicate", "newslint.corpus_phase", "newslint.ruleset")
TICK_EVERY = 0.1  # seconds between progress messages of one phase


def worth_starting(argv: list[str]) -> bool:
    """Whether a ``check`` with these arguments is likely to compare articles: it names two files
    or a folder (or nothing: the current folder), may use two processes, and does not leave the
    bundled near-duplicate rule out with ``--ignore`` or ``--select``. A guess from the bare
    command line, made before any module reads it: a file named as an option's value counts too,
    and a configuration that turns near-duplicate off is not read yet (the parent stops the
    process once it knows better); a rule of one's own that compares, picked by ``--select``, is
    run by the parent itself."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return False
    args = argv[argv.index("check") + 1 :] if "check" in argv else []
    for i, a in enumerate(args):
        if a in ("-h", "--help", "--jobs=1", "-j1") or (a in ("--jobs", "-j") and args[i + 1 : i + 2] == ["1"]):
            return False
    ignored, selected = _option_ids(args, "--ignore"), _option_ids(args, "--select")
    if "near-duplicate" in ignored or (selected and "near-duplicate" not in selected):
        return False
    paths = [a for a in args if not a.startswith("-")]
    if not paths:
        return True
    files = 0
    for p in paths:
        if os.path.isdir(p):
            return True
        files += os.path.isfile(p)
        if files >= 2:
            return True
    return False


def _option_ids(args: list[str], option: str) -> set[str]:
    """The rule ids given to ``option`` (``--ignore a,b`` or ``--ignore=a,b``; the last one counts,
    as argparse keeps it). An abbreviated option is not read: the process is then started."""
    value = None
    for i, a in enumerate(args):
        if a == option and i + 1 < len(args):
            value = args[i + 1]
        elif a.startswith(option + "="):
            value = a[len(option) + 1 :]
    return {x.strip() for x in value.split(",")} if value is not None else set()


class CorpusProcess:
    """The parent's handle on the process (see the module's text)."""

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid, self.tasks, self.results = pid, tasks, results

    @staticmethod
    def start() -> "CorpusProcess | None":
        """Fork the process; None where that fails (the parent then runs the phase itself)."""
        try:
            task_r, task_w = os.pipe()
            result_r, result_w = os.pipe()
        except OSError:
            return None
        widen(task_w)
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            for fd in (task_r, task_w, result_r, result_w):
                os.close(fd)
            return None
        if pid == 0:  # the process: it never returns into the parent's code
            code = 1
            try:
                os.close(task_w)
                os.close(result_r)
                _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
                _signal.signal(_signal.SIGPIPE, _signal.SIG_DFL)
                die_with_parent(parent, libc_prctl())  # ctypes imported here, not in the parent
                _serve(task_r, result_w)
                code = 0
            finally:
                os._exit(code)
        os.close(task_r)
        os.close(result_w)
        return CorpusProcess(pid, task_w, result_r)

    def _send(self, message: tuple) -> None:
        try:
            send(self.tasks, message)
        except OSError:  # it has ended: with an error it sent (raised here), or killed
            self._answer()
            raise self._ended() from None

    def _answer(self) -> tuple[str, list]:
        """The process's next message: an error it sent is raised, progress and findings returned."""
        import pickle

        body = receive(self.results)
        try:
            kind, *rest = pickle.loads(body) if body else ("gone",)
        except Exception:  # noqa: BLE001 - a message that does not unpickle
            kind, rest = "gone", []
        if kind == "error":
            raise rest[0]
        if kind == "gone":
            raise self._ended()
        return kind, rest

    def _ended(self) -> Exception:
        from newslint.errors import NewslintError

        return NewslintError(f"the process comparing the articles (pid {self.pid}) ended before its work was done", "near-duplicate")

    def rules(self, rules: dict[str, Any], settings: Any) -> None:
        """The corpus rules by id (with their configured options) and the settings (the index)."""
        self._send(("rules", {rid: (r.rule, r.kind.__name__, r.state) for rid, r in rules.items()}, settings))

    def add(self, reports: list) -> None:
        """What the workers collected from these reports, in the order of the run's reports."""
        items = [(c.rule, c.data) for r in reports for c in r.collected]
        if items:
            self._send(("items", items))

    def finish(self, progress: Callable | None = None, meanwhile: Callable[[], Any] | None = None) -> dict[str, list]:
        """The findings of every item, by rule, in the order sent; the process then ends.
        ``meanwhile`` runs here while the process compares."""
        self._send(("end",))
        os.close(self.tasks)
        self.tasks = -1
        if meanwhile is not None:
            meanwhile()
        tick: Callable[[int], Any] | None = None
        while True:
            kind, rest = self._answer()
            if kind == "phase":
                tick = progress(*rest) if progress else None
            elif kind == "tick":
                if tick:
                    tick(rest[0])
            else:  # "done"
                return rest[0]

    def close(self) -> None:
        """Stop the process (if it still runs) and reap it."""
        for fd in (self.tasks, self.results):
            if fd != -1:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.tasks = self.results = -1
        if self.pid:
            try:
                os.kill(self.pid, _signal.SIGKILL)
            except OSError:  # it has ended already
                pass
            try:
                os.waitpid(self.pid, 0)
            except OSError:  # it has been reaped already
                pass
            self.pid = 0


# --- the process -------------------------------------------------------------------------------------


def _serve(tasks: int, results: int) -> None:
    import gc

    # What is imported here lives as long as the process: no collection while it loads (NumPy's
    # import ran 15-30 ms longer with the collector on), and none scans it afterwards.
    gc.disable()
    import importlib
    import pickle
    import queue
    import threading

    from newslint import startup
    from newslint.errors import internal

    startup.prepare(os.environ)  # as the parent does: kept dataclass code, inspect deferred

    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:  # the parent's messages are taken off the pipe at once, while NumPy loads
        while True:
            body = receive(tasks)
            inbox.put(body)
            if not body:
                return

    threading.Thread(target=read, daemon=True).start()
    single_threaded_blas(os.environ)
    for name in PREIMPORT:
        hook = getattr(importlib.import_module(name), "preimport", None)
        if hook is not None:
            hook()
    from newslint.corpus_phase import compare, guarded
    from newslint.ruleset import CompiledRule

    gc.freeze()
    gc.enable()

    def reply(message: tuple) -> None:
        try:
            send(results, message)
        except (pickle.PicklingError, TypeError, AttributeError):  # an error that does not pickle: its text
            send(results, ("error", RuntimeError(internal(message[1]))))

    rules: dict[str, CompiledRule] = {}
    settings = None
    items: dict[str, list] = {}

    def digest(rid: str, batch: list) -> list:
        """A batch in the kind's compact form (as it came: the parent batches the reports, see
        ``newslint.cli.check.DIGEST_BATCH``)."""
        fn = getattr(rules[rid].kind, "digest", None)
        return guarded(rid, fn, batch, rules[rid].rule, rules[rid].state) if fn is not None and batch else batch

    try:
        while True:
            body = inbox.get()
            if not body:
                return  # the parent is gone, or stopped the run
            message = pickle.loads(body)
            if message[0] == "rules":
                settings = message[2]
                for rid, (rule, kind, state) in message[1].items():
                    rules[rid] = CompiledRule(rule, importlib.import_module(kind), state)
                    items.setdefault(rid, [])
            elif message[0] == "items":
                batch: dict[str, list] = {rid: [] for rid in rules}
                for rid, data in message[1]:
                    batch[rid].append(data)
                for rid, new in batch.items():
                    items[rid] += digest(rid, new)
            else:  # "end"
                progress = _Progress(reply)
                found = compare(items, rules, settings, progress)
                progress.flush()
                reply(("done", found))
                return
    except Exception as exc:  # noqa: BLE001 - raised again in the parent
        reply(("error", exc))


def single_threaded_blas(environ: Any) -> None:
    """Keep NumPy's BLAS to one thread in this process, unless the user chose a number. OpenBLAS
    starts a thread per core when NumPy loads, and they spin: that cost 0.09 s of CPU here (0.21
    against 0.12 s for the import), on cores the workers fill, for phases that never multiply a
    matrix large enough to share."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        environ.setdefault(name, "1")


class _Progress:
    """``phases(label, total) -> tick`` for the kinds, as messages to the parent (ticks summed and
    sent at most every TICK_EVERY seconds, so a phase of a million steps is not a million messages)."""

    def __init__(self, send: Callable[[tuple], None]) -> None:
        self.send, self.pending, self.last = send, 0, 0.0

    def __call__(self, label: str, total: int) -> Callable[[int], None]:
        self.flush()
        self.send(("phase", label, total))
        return self.tick

    def tick(self, n: int) -> None:
        self.pending += n
        now = time.monotonic()
        if now - self.last >= TICK_EVERY:
            self.flush()
            self.last = now

    def flush(self) -> None:
        if self.pending:
            self.send(("tick", self.pending))
            self.pending = 0
