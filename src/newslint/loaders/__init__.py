"""Loaders: file bytes to :class:`~newslint.article.Article` objects, by format.

Loaders know markup and nothing of rules.
"""

from __future__ import annotations

import importlib
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
    return FORMATS.get(PurePath(path).suffix.lower())


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
