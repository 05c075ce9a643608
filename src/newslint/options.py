"""Typed option schemas: each kind declares its options; values are validated where they are read."""

from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable

from newslint.errors import RuleError, quoted

_TYPE_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping"}


@dataclass(frozen=True)
class Opt:
    """One option: its type, default, and optional item type, bounds or choices."""

    type: type
    default: Any
    item: type | None = None
    min: float | None = None
    max: float | None = None
    choices: tuple | None = None
    doc: str = ""

    def check(self, value: Any, where: Callable[[str], RuleError], key: str) -> Any:
        expected = _TYPE_NAMES[self.type]
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) and self.type is not bool or not isinstance(value, self.type):
            raise where(f"option '{key}' must be {expected}, got {type(value).__name__} {quoted(value)}")
        if self.item is not None:
            items = value.values() if isinstance(value, dict) else value
            for v in items:
                ok = isinstance(v, self.item) or (self.item is float and isinstance(v, int) and not isinstance(v, bool))
                if not ok:
                    raise where(f"option '{key}' must hold only {_TYPE_NAMES[self.item]}s, got {quoted(v)}")
        if self.min is not None and not value >= self.min or self.max is not None and not value <= self.max:  # NaN too
            bound = (f"between {self.min} and {self.max}" if self.min is not None and self.max is not None
                     else f"at least {self.min}" if self.min is not None else f"at most {self.max}")
            raise where(f"option '{key}' must be {bound}, got {value}")
        if self.choices is not None and value not in self.choices:
            raise where(f"option '{key}' must be one of {', '.join(map(str, self.choices))}, got {quoted(value)}")
        return value


def validate(schema: dict[str, Opt], given: dict[str, Any], where: Callable[[str], RuleError]) -> dict[str, Any]:
    """Defaults filled in, unknown keys and wrong types rejected. ``given`` is not modified."""
    unknown = sorted(set(given) - set(schema), key=str)
    if unknown:
        raise where(f"unknown option '{unknown[0]}' (known: {', '.join(sorted(schema)) or 'none'})")
    return {key: opt.check(given[key], where, key) if key in given else opt.default for key, opt in schema.items()}
