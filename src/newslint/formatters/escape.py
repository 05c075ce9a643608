"""Escaping what comes from articles and file names, the way each output format needs it.

File names and article text can hold characters that forge or hide output: a line break starts a
new finding in a log, ESC sequences rewrite a terminal (and GitHub's log), the bidirectional
controls reorder what is shown (U+202E shows "exe.txt" for "txt.exe"). Line-based formats show
them as backslash escapes; JSON keeps the data and writes them as \\u escapes.
"""

from __future__ import annotations

import re

from newslint.patterns import lazy_compile

# C0 and C1 controls, DEL, line and paragraph separators, the bidirectional marks, embeddings,
# overrides and isolates, and lone surrogates (not encodable as UTF-8).
_UNSAFE = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_LINE_UNSAFE = lazy_compile(f"[{_UNSAFE}]")
# In serialized JSON the C0 controls are already escaped, and raw line breaks are its layout.
_JSON_UNSAFE = lazy_compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _backslash(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(s: str, keep: str = "") -> str:
    """``s`` with every unsafe character but those in ``keep`` written as a backslash escape
    (``\\n``, ``\\x1b``, ``\\u202e``)."""
    if s.isascii() and s.isprintable():  # the common case: no control character, nothing to escape
        return s
    if keep:
        return "".join(part if part in keep else _LINE_UNSAFE.sub(_backslash, part) for part in re.split(f"([{re.escape(keep)}])", s))
    return _LINE_UNSAFE.sub(_backslash, s)


def one_line(s: str) -> str:
    """``s`` on one line: runs of white space as one space, then :func:`visible`."""
    return visible(" ".join(s.split()))


def _json_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def json_safe(serialized: str) -> str:
    """Serialized JSON (``ensure_ascii=False``) with the characters it left raw that forge or hide
    text, or are not UTF-8, written as ``\\u`` escapes: the data read back is unchanged. These
    characters occur only inside JSON strings, where the escape is valid."""
    if serialized.isascii() and "\x7f" not in serialized:  # the common case: nothing to escape
        return serialized
    return _JSON_UNSAFE.sub(_json_escape, serialized)
