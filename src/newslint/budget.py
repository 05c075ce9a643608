"""A time budget for one rule on one article, enforced by the engine for every kind.

Patterns from rule files already run with a time bound, but a kind is Python code: a loop that
grows faster than the article, or a pattern built at run time, would hang a CI job. The engine
runs each rule inside :func:`time_limit`; past the budget the rule is interrupted with
:class:`RuleOverrun`, and the engine reports ``rule-timeout`` for that rule and article and keeps
everything else.

In the main thread the interruption is a ``SIGALRM`` timer, which also stops a regular
expression match in progress (``re`` checks for signals while it matches). In another thread
(a server's worker) it is an asynchronous exception raised in that thread by a watchdog, which
stops Python code between two instructions.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator


class RuleOverrun(Exception):
    """A rule ran past its time budget on one article."""


def budget_for(seconds: float, chars: int) -> float:
    """The budget of one rule on an article of ``chars`` prose characters: ``seconds`` for an
    article of up to 100,000 characters (a long story is 30,000), growing with the article."""
    return seconds * max(1.0, chars / 100_000)


def _raise_overrun(signum, frame) -> None:
    raise RuleOverrun()


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Run the body with a time limit; raises RuleOverrun when it runs past it."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        # The handler is installed once and stays: only the timer is set and cleared per rule
        # (installing and restoring it around every rule cost 0.1 ms a time, 60 ms on 600 articles).
        if signal.getsignal(signal.SIGALRM) is not _raise_overrun:
            signal.signal(signal.SIGALRM, _raise_overrun)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return
    target = threading.get_ident()
    done = threading.Event()

    def watchdog() -> None:
        if not done.wait(seconds):
            import ctypes  # only off the main thread (a server's worker): not on a check's path

            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(RuleOverrun))

    guard = threading.Thread(target=watchdog, daemon=True)
    guard.start()
    try:
        yield
    finally:
        done.set()
        guard.join()
