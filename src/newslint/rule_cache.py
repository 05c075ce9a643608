"""A cache of prepared rules, so that a run whose rules have not changed reads one file instead of
importing a YAML parser, parsing every rule file and compiling every pattern again (about 50 ms
of a 400-word article's check, which a pre-commit hook pays on every commit).

An entry holds the rules as :func:`newslint.ruleset.load_rules` prepared them: each rule, with its
options validated, and its kind's state (compiled patterns, weights). It is keyed by everything
they depend on: each rule file's path and text and whether it is trusted, the size and time of
every source file of the package, and the Python and newslint versions (and the ``regex``
version when a state holds a ``regex`` pattern). It is stored with pickle behind a CRC-32 of its
bytes. A compiled pattern is stored as its compiled program, so that loading it does not compile
it again: ``regex`` pickles its own so; a standard ``re`` pattern, which pickle would store as its
source and compile on every load (~10 ms for the bundled rules), is stored with the program
``re`` compiled it to and rebuilt from it by ``_sre.compile``, as ``re.compile`` itself ends
(an interpreter's private format: the Python version is in the key, and a program that does not
rebuild to an equal pattern is stored as its source). A cache that is missing, stale, corrupt,
unreadable or unwritable is passed over in silence: the rules are then prepared as without one.

The folder is ``$NEWSLINT_CACHE_DIR`` (empty: no cache), else ``$XDG_CACHE_HOME/newslint`` or
``~/.cache/newslint`` (``%LOCALAPPDATA%\\newslint`` on Windows).
"""

from __future__ import annotations

import io
import os
import pickle
import re
import sys
import zlib
from functools import cache
from pathlib import Path

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Mapping

from newslint import __version__
from newslint.patterns import from_program, program_of

_MAGIC = b"newslint-rules-2\n"


def default_dir(environ: Mapping[str, str]) -> Path | None:
    """The cache folder the environment names, or None when caching is turned off."""
    if "NEWSLINT_CACHE_DIR" in environ:
        chosen = environ["NEWSLINT_CACHE_DIR"].strip()
        return Path(chosen) if chosen else None
    if sys.platform == "win32" and environ.get("LOCALAPPDATA"):
        return Path(environ["LOCALAPPDATA"]) / "newslint"
    if environ.get("XDG_CACHE_HOME"):
        return Path(environ["XDG_CACHE_HOME"]) / "newslint"
    return Path(environ["HOME"]) / ".cache" / "newslint" if environ.get("HOME") else None


@cache
def code_stamp() -> tuple[tuple[str, int, int], ...]:
    """Path, size and modification time of every source file of the package: a prepared state
    is made of its classes, so any change to the code (not only a new version) makes a new key.
    Taken once per process (a walk and ~75 stats, ~2 ms; a run asks for it two or three times):
    the code a process runs is the code it imported, whatever happens to the files afterwards."""
    root = os.path.dirname(os.path.abspath(__file__))
    stamp = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                st = os.stat(os.path.join(folder, name))
                stamp.append((os.path.join(folder, name), st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def make_key(files: list[tuple[str, bool, str]]) -> tuple:
    """The key of a rule set: ``files`` is (path, trusted, text) of each rule file, in reading order."""
    return (sys.version, __version__, code_stamp(), tuple(files))


def _regex_version() -> str:
    import regex  # its compiled programs are only valid for the version that made them

    return regex.__version__


class _Pickler(pickle.Pickler):
    """Pickles a standard pattern as its compiled program; notes whether a ``regex`` pattern is stored."""

    regex_used = False

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is re.Pattern and isinstance(obj.pattern, str):
            args = program_of(obj)
            return (from_program, (args,)) if args is not None else NotImplemented
        if type(obj).__module__ == "_regex":
            self.regex_used = True
        return NotImplemented


def _entry_path(folder: Path, files: list[tuple[str, bool, str]]) -> Path:
    # One file per set of rule folders (and interpreter): a changed rule file replaces its set's
    # entry, and another checkout or rule folder does not overwrite this one.
    name = zlib.crc32(repr((sys.executable, sys.version, __version__, [f[0] for f in files])).encode("utf-8", "replace"))
    return folder / f"rules-{name:08x}.pickle"


def load(folder: Path, key: tuple, entry: Path | None = None) -> Any | None:
    """The value stored under ``key`` (in ``entry``, else the rule set's), or None (no entry,
    another key, or an unusable file)."""
    try:
        data = (entry or _entry_path(folder, list(key[-1]))).read_bytes()
        head = len(_MAGIC) + 4
        if not data.startswith(_MAGIC) or int.from_bytes(data[len(_MAGIC) : head], "big") != zlib.crc32(data[head:]):
            return None
        stream = io.BytesIO(data)
        stream.seek(head)
        if pickle.load(stream) != key:  # the key first: a value is only unpickled for its own key
            return None
        needs = pickle.load(stream)  # the regex version its patterns were compiled by, if any
        if needs is not None and needs != _regex_version():
            return None
        return pickle.load(stream)
    except Exception:  # noqa: BLE001 - whatever is wrong with the file, the rules are prepared afresh
        return None


def store(folder: Path, key: tuple, value: Any, entry: Path | None = None) -> None:
    """Store ``value`` under ``key`` (in ``entry``, else the rule set's), replacing the entry
    atomically; never raises."""
    tmp = None
    try:
        out = io.BytesIO()
        pickler = _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dump(value)
        needs = _regex_version() if pickler.regex_used else None
        payload = (pickle.dumps(key, protocol=pickle.HIGHEST_PROTOCOL) + pickle.dumps(needs, protocol=pickle.HIGHEST_PROTOCOL)
                   + out.getvalue())
        folder.mkdir(parents=True, exist_ok=True)
        target = entry or _entry_path(folder, list(key[-1]))
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(_MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
        os.replace(tmp, target)  # readers see the old entry or the new one, never half of one
    except Exception:  # noqa: BLE001 - an unwritable or full disk, a state that does not pickle
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass


def _programs_entry(folder: Path) -> tuple[tuple, Path]:
    # The lazy patterns are the code's: keyed by the code alone, one entry per interpreter.
    name = zlib.crc32(repr((sys.executable, sys.version, __version__)).encode("utf-8", "replace"))
    return (sys.version, __version__, code_stamp()), folder / f"patterns-{name:08x}.pickle"


def load_programs(folder: Path) -> dict[tuple[str, int], tuple]:
    """The compiled programs of lazy patterns kept by earlier runs (see :class:`newslint.patterns.Programs`)."""
    key, entry = _programs_entry(folder)
    found = load(folder, key, entry)
    return found if isinstance(found, dict) else {}


def store_programs(folder: Path, programs: dict[tuple[str, int], tuple]) -> None:
    """Keep ``programs`` for the next runs; never raises."""
    if programs:
        key, entry = _programs_entry(folder)
        store(folder, key, programs, entry)
