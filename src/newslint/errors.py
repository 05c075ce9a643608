"""Errors that stop a run with exit code 2, each naming the file and what was wrong."""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

# An error is one line on a terminal: a value quoted from a file (a list of 20,000 items, a YAML
# bomb's expansion) is cut, and so is the whole message.
MAX_QUOTED = 60
MAX_MESSAGE = 300


def cut(text: str, limit: int) -> str:
    """``text`` if it is at most ``limit`` characters long, else its first ``limit - 1`` and an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: Any, limit: int = MAX_QUOTED) -> str:
    """``repr(value)``, cut to ``limit`` characters with an ellipsis."""
    return cut(repr(value), limit)


class NewslintError(Exception):
    """A usage, configuration or rule error: printed as one line, exit code 2."""

    def __init__(self, message: str, path: str | None = None, key: str | None = None) -> None:
        message = cut(message, MAX_MESSAGE)
        self.path = path
        self.key = key
        self.detail = message  # what was wrong, without the file and key
        where = path or ""
        if key:
            where = f"{where}: {key}" if where else key
        super().__init__(f"{where}: {message}" if where else message)


class ConfigError(NewslintError):
    pass


class RuleError(NewslintError):
    pass


# Where to send a bug: said with every internal error, so that a user knows it is ours, not theirs.
REPORT_BUG = "a bug in newslint: please report it with the file and the command"


def internal(exc: BaseException) -> str:
    """What an unexpected exception was, in one short line: its type and message (a message may
    quote article text, so it is cut as any quoted value is)."""
    try:
        text = " ".join(str(exc).split())
    except Exception:  # noqa: BLE001 - an exception whose message itself fails: its type says enough
        text = ""
    text = cut(text, 2 * MAX_QUOTED)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class CorpusFailure(Exception):
    """A corpus kind (near-duplicate) failed while it compared the articles: a bug, not bad input.
    The run keeps every other rule's findings and says that the comparison is missing."""

    def __init__(self, rule: str, what: str) -> None:
        self.rule, self.what = rule, what
        super().__init__(f"{rule}: {what}")

    def __reduce__(self):  # sent back from the corpus process
        return CorpusFailure, (self.rule, self.what)
