"""Bytes to text: UTF-8 first, then a stated fallback; binary files are recognised and skipped."""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None  # said to the user when a fallback was used
    bom: bytes = b""


class BinaryFile(Exception):
    pass


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def decode(data: bytes) -> Decoded:
    """Decode file bytes. UTF-8 (with or without BOM) and UTF-16 with BOM are read as they are;
    anything else that is not valid UTF-8 is read as cp1252, or Latin-1 where cp1252 fails."""
    if looks_binary(data):
        raise BinaryFile("binary file (NUL bytes)")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(enc), enc, None, bom)
            except UnicodeDecodeError as exc:
                raise BinaryFile(f"starts with a {enc} byte-order mark but is not {enc}") from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return Decoded(text, enc, f"not valid UTF-8 ({where}); decoded as {enc}")
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover
