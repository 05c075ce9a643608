"""A time budget for one rule on one article, enforced by the engine for every kind.

Patterns from rule files already run with a time bound, but a kind is Python code: a loop that
grows faster than the article, or a pattern built at run time, would hang a CI job. The engine
runs the rules of an article one after another under a :class:`RuleTimer` (or any code under
:func:`time_limit`); past the budget the rule is interrupted with :class:`RuleOverrun`, and the
engine reports ``rule-timeout`` for that rule and article and keeps everything else.

In the main thread the interruption is a ``SIGALRM`` timer, which also stops a regular
expression match in progress (``re`` checks for signals while it matches). In another thread
(a server's worker) it is an asynchronous exception raised in that thread by a watchdog, which
stops Python code between two instructions.
"""

from __future__ import annotations

import threading
import time

import _signal  # the signal module without its enums (~1 ms of start-up): the same functions and numbers


class RuleOverrun(Exception):
    """A rule ran past its time budget on one article."""


def budget_for(seconds: float, chars: int) -> float:
    """The budget of one rule on an article of ``chars`` prose characters: ``seconds`` for an
    article of up to 100,000 characters (a long story is 30,000), growing with the article."""
    return seconds * max(1.0, chars / 100_000)


def _raise_overrun(signum, frame) -> None:
    raise RuleOverrun()


_ITIMER = hasattr(_signal, "setitimer")  # not on Windows: the watchdog thread there


class time_limit:
    """Run the body with a time limit (``with time_limit(seconds):``); raises RuleOverrun when it
    runs past it. A class rather than a generator-based context manager: the engine enters one for
    every rule on every article (18 a 400-word article), and a generator's setup cost as much as
    the timer itself."""

    __slots__ = ("seconds", "_done", "_guard")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._done: threading.Event | None = None
        self._guard: threading.Thread | None = None

    def __enter__(self) -> None:
        if _ITIMER and threading.current_thread() is threading.main_thread():
            # The handler is installed once and stays: only the timer is set and cleared per rule
            # (installing and restoring it around every rule cost 0.1 ms a time, 60 ms on 600
            # articles). Looked up with ``_signal.getsignal``: ``signal.getsignal`` turns the
            # answer into an enum member first, by way of a ValueError for any Python handler.
            if _signal.getsignal(_signal.SIGALRM) is not _raise_overrun:
                _signal.signal(_signal.SIGALRM, _raise_overrun)
            _signal.setitimer(_signal.ITIMER_REAL, self.seconds)
            return
        target = threading.get_ident()
        done = self._done = threading.Event()
        seconds = self.seconds

        def watchdog() -> None:
            if not done.wait(seconds):
                import ctypes  # only off the main thread (a server's worker): not on a check's path

                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(RuleOverrun))

        guard = self._guard = threading.Thread(target=watchdog, daemon=True)
        guard.start()

    def __exit__(self, *exc: object) -> None:
        if self._guard is None:
            _signal.setitimer(_signal.ITIMER_REAL, 0)
            return
        self._done.set()
        self._guard.join()
        self._done = self._guard = None


class RuleTimer:
    """The time budgets of the rules run one after another on one article: ``with
    timer.rule(seconds):`` around each, ``timer.close()`` after the last.

    In the main thread one interval timer serves them all. It is set when a rule starts and no
    timer is pending; a rule that starts later only moves the deadline (a float, no system call);
    when the timer fires before the running rule's deadline, the handler sets it again for what
    is left, and between rules it lets it lapse. A rule is stopped exactly as :class:`time_limit`
    stops it, once it has run ``seconds``, but an article costs two timer calls instead of two a
    rule (each ~3 us of CPU on a virtual machine, 18 an article: 10,800 calls for 600 articles).
    In another thread each rule gets :class:`time_limit`'s watchdog."""

    __slots__ = ("_seconds", "_deadline", "_armed", "_main")

    def __init__(self) -> None:
        self._seconds = 0.0
        self._deadline: float | None = None  # perf_counter() by which the running rule must end; None between rules
        self._armed = False  # the interval timer is set, with this timer's handler installed
        self._main = _ITIMER and threading.current_thread() is threading.main_thread()

    def rule(self, seconds: float) -> "RuleTimer | time_limit":
        if not self._main:
            return time_limit(seconds)
        self._seconds = seconds
        return self

    def __enter__(self) -> None:
        self._deadline = time.perf_counter() + self._seconds
        if not self._armed:
            handler = self._expired
            if _signal.getsignal(_signal.SIGALRM) != handler:  # a bound method: equal, never the same object
                _signal.signal(_signal.SIGALRM, handler)
            _signal.setitimer(_signal.ITIMER_REAL, self._seconds)
            self._armed = True

    def __exit__(self, *exc: object) -> None:
        self._deadline = None

    def _expired(self, signum, frame) -> None:
        deadline = self._deadline
        if deadline is None:  # between rules: the next rule sets the timer again
            self._armed = False
            return
        left = deadline - time.perf_counter()
        if left > 0:  # the running rule started after the timer was set: the rest of its budget
            _signal.setitimer(_signal.ITIMER_REAL, max(left, 1e-4))
            return
        self._armed = False
        raise RuleOverrun()

    def close(self) -> None:
        """Clear the timer, so that no alarm comes after the article's rules."""
        if self._armed:
            _signal.setitimer(_signal.ITIMER_REAL, 0)
            self._armed = False
