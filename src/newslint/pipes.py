"""Pipes between newslint's own processes (the worker pool of :mod:`newslint.runner`, the corpus
process of :mod:`newslint.corpus_process`): whole messages read and written, wider pipes, and a
child that dies with its parent. Kept free of newslint's other modules, so that the corpus
process can be forked before they are imported."""

from __future__ import annotations

import os

import _signal  # the signal module without its enums (~1 ms of start-up): the same functions and numbers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable


def read_exact(fd: int, n: int) -> bytes:
    """``n`` bytes from ``fd``, or fewer at the end of the pipe."""
    parts = []
    while n > 0:
        part = os.read(fd, min(n, 1 << 20))
        if not part:
            break
        parts.append(part)
        n -= len(part)
    return b"".join(parts)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def pack(message: Any) -> bytes:
    """One message as it goes down a pipe: its pickle, after the pickle's length in 8 bytes
    (raises what pickling raises, before anything is written)."""
    import pickle  # here: the corpus process is forked before anything imports it

    payload = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    return len(payload).to_bytes(8, "little") + payload


def send(fd: int, message: Any) -> None:
    """One message (:func:`pack`)."""
    write_all(fd, pack(message))


def receive(fd: int) -> bytes:
    """The pickle of the next message (:func:`send`); empty at the end of the pipe."""
    head = read_exact(fd, 8)
    return read_exact(fd, int.from_bytes(head, "little")) if len(head) == 8 else b""


def widen(fd: int) -> None:
    """Let a pipe hold more (Linux: 1 MB rather than 64 KB), so that its writer does not wait
    while its reader is busy; elsewhere the writer only waits."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


def libc_prctl() -> Callable | None:
    """libc's ``prctl`` (Linux), looked up once in a parent that forks several children, so that
    they inherit it rather than each import ctypes for it (~5 ms); None where there is none."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):
        return None


def die_with_parent(parent: int, prctl: Callable | None) -> None:
    """Have the kernel end this child when its parent ends (Linux); a child that would otherwise
    wait for a message for ever. Elsewhere a writing child still dies of SIGPIPE."""
    if prctl is None:
        return
    prctl(1, _signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)
