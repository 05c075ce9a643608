"""Loaders: file bytes to :class:`~newslint.article.Article` objects, by format.

Loaders know markup and nothing of rules.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import PurePath

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Callable

from newslint.article import Article
from newslint.loaders.decode import BinaryFile, Decoded, decode

FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
}
_LOADERS = {"markdown": "newslint.loaders.markdown", "html": "newslint.loaders.html", "text": "newslint.loaders.text",
            "jsonl": "newslint.loaders.jsonl"}


def loader(fmt: str) -> Callable[[str, str], list[Article]]:
    """The ``load(path, text)`` function of a format; its module is imported on first use."""
    return importlib.import_module(_LOADERS[fmt]).load


@dataclass(frozen=True)
class Loaded:
    """A file as loaded: its articles, its decoded text, and why it was skipped, if it was."""

    articles: tuple[Article, ...]
    decoded: Decoded | None = None
    skipped: str | None = None  # why the file was not checked
    note: str | None = None  # said once about the file (e.g. the encoding fallback)


def format_for(path: str) -> str | None:
    """The format of a file by the suffix of its name, as ``PurePath(path).suffix`` reads it
    (a dot neither first nor last in the name), without making a path object (4 us each)."""
    if os.sep == "/" and not os.altsep and not path.endswith(("/", "/.")) and path != ".":
        name = path[path.rfind("/") + 1 :]  # the last part, as PurePath reads it when it is not "." or empty
    else:
        name = PurePath(path).name
    dot = name.rfind(".")
    return FORMATS.get(name[dot:].lower()) if 0 < dot < len(name) - 1 else None


def load_bytes(path: str, data: bytes, fmt: str | None = None) -> Loaded:
    """Decode and parse one file. ``fmt`` overrides the format chosen by the file's suffix."""
    fmt = fmt or format_for(path) or "text"
    try:
        decoded = decode(data)
    except BinaryFile as exc:
        return Loaded((), None, skipped=str(exc))
    if not decoded.text.strip():
        return Loaded((), decoded, skipped="empty file")
    articles = tuple(loader(fmt)(path, decoded.text))
    return Loaded(articles, decoded, note=decoded.note)


def load_text(path: str, source: str, fmt: str = "text") -> list[Article]:
    """Parse already decoded text (used by rule examples and tests)."""
    return loader(fmt)(path, source)
