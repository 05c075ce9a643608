"""YAML loading for untrusted files: ``safe_load`` semantics plus limits against YAML bombs."""

from __future__ import annotations

from typing import Any

import yaml

MAX_YAML_BYTES = 1_000_000
MAX_ALIASES = 64
MAX_NODES = 100_000


class YamlLimitError(ValueError):
    pass


class _LimitedLoader(yaml.SafeLoader):
    """A SafeLoader that refuses documents with many aliases or nodes.

    A "billion laughs" document is small on disk but expands into a huge structure through
    aliases; counting alias and node events while composing stops it before construction.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._nodes = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YamlLimitError(f"more than {MAX_ALIASES} aliases (a YAML bomb?)")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YamlLimitError(f"more than {MAX_NODES} nodes")
        return super().compose_node(parent, index)


def load_yaml(text: str, trusted: bool = False) -> Any:
    """Parse one YAML document safely. Raises ``yaml.YAMLError`` or ``YamlLimitError``.

    ``trusted`` (newslint's own files): libyaml's C loader where installed, about ten times faster
    than the pure-Python one that counts aliases and nodes (still ``safe_load`` semantics)."""
    if len(text) > MAX_YAML_BYTES:
        raise YamlLimitError(f"larger than {MAX_YAML_BYTES} characters")
    if trusted and getattr(yaml, "CSafeLoader", None) is not None:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    loader = _LimitedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def describe_yaml_error(exc: Exception) -> tuple[str, int | None]:
    """A one-line description and the 1-based line of a YAML error, if known."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, yaml.YAMLError):
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        msg = f"{context}: {problem}" if context else str(problem)
    else:
        msg = str(exc)
    return " ".join(msg.split()), line
