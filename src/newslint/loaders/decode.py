"""Bytes to text: UTF-8 first, then a stated fallback; binary files are recognised and skipped.

Whatever is decoded other than as plain UTF-8 carries a note, so that the user hears of it: a file
is never skipped or read differently in silence."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# Control bytes that text does not hold (tab, line breaks and form feed are text). Binary data is
# about one eighth of them; a text file with a stray NUL from a bad copy has a few.
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\x0b\x0c") + b"\x7f"
MAX_CONTROL_SHARE = 0.01
STRAY_CONTROLS = 4
_SAMPLE = 8192
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_ENDIAN = {"utf-16-le": "little-endian", "utf-16-be": "big-endian"}


@dataclass(frozen=True)
class Decoded:
    """A file's bytes as text, with the encoding used."""

    text: str
    encoding: str
    note: str | None = None  # said to the user when a fallback was used
    bom: bytes = b""


class BinaryFile(Exception):
    pass


def too_many_controls(data: bytes) -> bool:
    """More control bytes than text holds (over a handful and over 1% of the bytes), or NUL bytes
    in a row (binary headers and padding; a stray NUL from a bad copy stands alone)."""
    if b"\x00\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > STRAY_CONTROLS and controls > MAX_CONTROL_SHARE * len(data)


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the NUL bytes fall on one side of each byte pair, as
    Latin-script text in UTF-16 has them, else None."""
    head = data[: _SAMPLE - _SAMPLE % 2]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2].count(0) / (len(head) // 2), head[1::2].count(0) / (len(head) // 2)
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def decode(data: bytes) -> Decoded:
    """Decode file bytes. UTF-8 (with or without BOM) is read as it is; UTF-16 with a BOM, or
    without one where its NUL bytes show it, is read with a note; anything else that is not valid
    UTF-8 is read as cp1252, or Latin-1 where cp1252 fails, with a note. A few NUL bytes in text
    are kept and noted; a file with more control bytes than text holds is binary."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise BinaryFile(f"starts with a {enc} byte-order mark but is not {enc}") from exc
            note = None if enc == "utf-8" else f"not UTF-8: a UTF-16 {_ENDIAN[enc]} byte-order mark; decoded as {enc}"
            return Decoded(text, enc, note, bom)
    if b"\x00" in data[:_SAMPLE] and (enc := utf16_without_bom(data)) is not None:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            pass
        else:
            if not too_many_controls(text.encode("utf-8", "surrogatepass")):
                return Decoded(text, enc, f"UTF-16 {_ENDIAN[enc]} without a byte-order mark; decoded as {enc}")
    nuls = data.count(b"\x00")
    if nuls and too_many_controls(data):
        raise BinaryFile("binary file (NUL bytes)")
    stray = f"{nuls} NUL byte{'s' if nuls > 1 else ''} (first at offset {data.index(0)}); checked as text" if nuls else None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", stray)
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        note = f"not valid UTF-8 ({where}); decoded as {enc}"
        return Decoded(text, enc, f"{note}; {stray}" if stray else note)
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover
