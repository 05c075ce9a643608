"""YAML loading for untrusted files: ``safe_load`` semantics plus limits against YAML bombs."""

from __future__ import annotations

from typing import Any

import yaml

MAX_YAML_BYTES = 1_000_000
# What a document may expand to once every alias is followed: values (scalars, lists, mappings)
# and characters of scalar text. A "billion laughs" document is small on disk and its nodes are
# shared, but whoever walks, prints or copies the value pays for the expansion (26 levels of two
# aliases each: 52 aliases, 67 million values, 50 s and 2.4 GB to print a front matter title).
MAX_EXPANDED_VALUES = 20_000
MAX_EXPANDED_CHARS = 10_000_000


class YamlLimitError(ValueError):
    pass


class _LimitedLoader(yaml.SafeLoader):
    """A SafeLoader that stops composing past MAX_EXPANDED_VALUES nodes: the pure-Python composer
    takes about 35 microseconds a node, and a document of a megabyte can hold half a million."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        self._nodes += 1
        if self._nodes > MAX_EXPANDED_VALUES:
            raise YamlLimitError(f"more than {MAX_EXPANDED_VALUES:,} values")
        return super().compose_node(parent, index)


def expanded_size(root: yaml.Node) -> tuple[int, int]:
    """(values, scalar characters) of ``root`` with every alias expanded, computed over the shared
    node graph in linear time. Raises YamlLimitError past the limits or on a node that contains
    itself."""
    sizes: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        kids = _children(node)
        if children_done:
            open_nodes.discard(key)
            values, chars = 1, len(node.value) if isinstance(node, yaml.ScalarNode) else 0
            for kid in kids:
                v, c = sizes[id(kid)]
                values, chars = values + v, chars + c
            if values > MAX_EXPANDED_VALUES or chars > MAX_EXPANDED_CHARS:
                raise YamlLimitError(f"expands to more than {MAX_EXPANDED_VALUES:,} values or "
                                     f"{MAX_EXPANDED_CHARS:,} characters through aliases (a YAML bomb?)")
            sizes[key] = (values, chars)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlLimitError("an alias refers to itself (a recursive structure)")
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((kid, False) for kid in kids if id(kid) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def load_yaml(text: str, trusted: bool = False) -> Any:
    """Parse one YAML document safely. Raises ``yaml.YAMLError`` or ``YamlLimitError``.

    ``trusted`` (newslint's own files): libyaml's C loader where installed, about ten times faster
    than the pure-Python one (still ``safe_load`` semantics). Anything else is composed into nodes
    first and constructed only if its expanded size is within the limits."""
    if len(text) > MAX_YAML_BYTES:
        raise YamlLimitError(f"larger than {MAX_YAML_BYTES:,} characters")
    if trusted and getattr(yaml, "CSafeLoader", None) is not None:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    loader = _LimitedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        expanded_size(node)
        return loader.construct_document(node)
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
