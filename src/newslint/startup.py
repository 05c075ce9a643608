"""What a command-line run does before it imports its command, so as not to pay two costs of the
standard library's ``dataclasses`` that no run needs (together about 40% of a one-article check):

- it imports ``inspect`` (and with it ``ast``, ``dis``, ``tokenize``, ``linecache``: ~40 million
  instructions, ~10 ms) for one use, the signature it writes as the docstring of a dataclass that
  has none. Every dataclass of newslint has a docstring; ``inspect`` is imported on first use
  instead (:class:`_Deferred`), for whatever else may want it;
- it writes the methods of each dataclass (``__init__``, ``__eq__``, ``__hash__``, ``__repr__``,
  the frozen ``__setattr__``...) as source text and compiles each with ``exec`` when the class is
  made: ~3 million instructions a class, ~110 million for the 34 a check makes. The compiled code
  is kept in the rule cache folder (:mod:`newslint.rule_cache`), keyed by that source text, and
  the next runs ``exec`` the kept code instead: the same code object, compiled as ``exec``
  compiles it, run with the same globals and locals, so the classes are the very dataclasses they
  were.

Only the command line does this (:func:`prepare` before it imports its command, :func:`keep` at
the end), never ``import newslint``, and only when ``dataclasses`` is not imported yet.
"""

from __future__ import annotations

import sys
import types

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported for the annotations alone
    from pathlib import Path
    from typing import Any, Mapping

_KEY = ("dataclass code", sys.version, sys.implementation.cache_tag)
_code: dict[str, types.CodeType] = {}  # source text -> compiled code
_new = False  # compiled in this run, not kept yet
_folder: Path | None = None


class _Deferred(types.ModuleType):
    """A stand-in for a module not imported yet: ``import`` statements get it, and the first use
    of any of its names imports the real module and copies its names in."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name not in ("__all__", "__file__", "__cached__"):
            raise AttributeError(name)  # probed by the import system (``__path__``): not a use
        real = sys.modules.get(self.__name__)
        if real is None or real is self:
            sys.modules.pop(self.__name__, None)
            import importlib

            real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)
        return getattr(real, name)


def prepare(environ: Mapping[str, str]) -> None:
    """Defer ``inspect`` and reuse the kept code of dataclass methods (see above); once per process."""
    global _folder
    if "dataclasses" in sys.modules:  # too late (or not a command-line run): nothing to save
        return
    if "inspect" not in sys.modules:
        stand_in = _Deferred("inspect")
        stand_in.__spec__ = None
        sys.modules["inspect"] = stand_in
    import dataclasses

    from newslint import rule_cache

    _folder = rule_cache.default_dir(environ)
    if _folder is None:
        return
    kept = rule_cache.load(_folder, _KEY, _entry(_folder))
    if isinstance(kept, bytes):
        import marshal

        try:
            code = marshal.loads(kept)
        except (ValueError, EOFError, TypeError):
            code = None
        if isinstance(code, dict):
            _code.update((k, v) for k, v in code.items() if isinstance(k, str) and isinstance(v, types.CodeType))
    # dataclasses makes every method with ``exec(source, globals, locals)``, looked up among its
    # module's names before the builtins: this one compiles each source once.
    dataclasses.exec = _exec


def _exec(source: Any, globals: dict | None = None, locals: Mapping | None = None, /) -> None:  # noqa: A002
    global _new
    if type(source) is str:
        code = _code.get(source)
        if code is None:
            # As exec compiles a string: file "<string>", no future features of this module.
            code = _code[source] = compile(source, "<string>", "exec", dont_inherit=True)
            _new = True
        source = code
    if globals is None:  # exec's defaults: the caller's namespaces
        frame = sys._getframe(1)
        globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
    exec(source, globals, locals)


def keep() -> None:
    """Keep the code compiled in this run for the next runs; never raises."""
    global _new
    if _new and _folder is not None:
        import marshal

        from newslint import rule_cache

        rule_cache.store(_folder, _KEY, marshal.dumps(_code), _entry(_folder))
        _new = False


def _entry(folder: Path) -> Path:
    import zlib

    name = zlib.crc32(repr((sys.executable, sys.version)).encode("utf-8", "replace"))
    return folder / f"dataclass-code-{name:08x}.pickle"
