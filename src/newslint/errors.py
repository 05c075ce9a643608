"""Errors that stop a run with exit code 2, each naming the file and what was wrong."""

from __future__ import annotations


class NewslintError(Exception):
    """A usage, configuration or rule error: printed as one line, exit code 2."""

    def __init__(self, message: str, path: str | None = None, key: str | None = None) -> None:
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
