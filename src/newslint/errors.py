"""Errors that stop a run with exit code 2, each naming the file and what was wrong."""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

# An error is one line on a terminal: a value quoted from a file (a list of 20,000 items, a YAML
# bomb's expansion) is cut, and so is the whole message.
MAX_QUOTED = 60
MAX_MESSAGE = 300


def quoted(value: Any, limit: int = MAX_QUOTED) -> str:
    """``repr(value)``, cut to ``limit`` characters with an ellipsis."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class NewslintError(Exception):
    """A usage, configuration or rule error: printed as one line, exit code 2."""

    def __init__(self, message: str, path: str | None = None, key: str | None = None) -> None:
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
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
