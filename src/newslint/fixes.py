"""Writing fixes back: non-overlapping replacements applied from the end, the file replaced
atomically with its encoding and byte-order mark kept."""

from __future__ import annotations

import os
from pathlib import Path


def write_fixed(path: Path, decoded, fixes) -> list:
    """Apply non-overlapping fixes from the end backwards; write atomically, same encoding and BOM.
    Returns the fixes applied (none when the text would not change: the file is left untouched)."""
    text = decoded.text
    applied = []
    last = len(text) + 1
    for fx in sorted(fixes, key=lambda x: x.start, reverse=True):
        if fx.end > last:
            continue
        text = text[: fx.start] + fx.replacement + text[fx.end :]
        last = fx.start
        applied.append(fx)
    if text == decoded.text:
        return []
    import tempfile  # only when fixing (it pulls in shutil and compression modules)

    data = decoded.bom + text.encode(decoded.encoding)
    path = Path(os.path.realpath(path))  # through a symlink: replace its target, not the link
    # A short temporary name: the file's own name may be near the file system's limit.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".newslint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except OSError:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return applied
