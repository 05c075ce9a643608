"""Regular expressions from rule files: rejected at load when they can backtrack catastrophically,
and matched with a time bound in any case.

A rule pattern is compiled with the standard ``re`` module when it compiles there (Python 3.11's
``re`` has atomic groups and possessive quantifiers; every bundled pattern does), and with the
``regex`` module only for syntax ``re`` lacks (``\\p{L}``, variable-width look-behind, scoped
flags): importing ``regex`` costs ~10 ms of a one-article run. The bound: in the main thread,
the engine's per-rule budget (:mod:`newslint.budget`, a ``SIGALRM`` that interrupts a ``re``
match in progress); in another thread (a server's worker, where only Python code can be
interrupted), :func:`finditer`, :func:`search` and :func:`fullmatch` run the same pattern through
``regex`` with its ``timeout``, as they always do for a ``regex`` pattern."""

from __future__ import annotations

import re
import threading
import warnings

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time

if TYPE_CHECKING:  # imported only for a pattern ``re`` cannot compile, or off the main thread
    from typing import Any, Callable, Iterable, Iterator, Union

    import regex

    RulePattern = Union[re.Pattern[str], regex.Pattern]

from newslint.errors import RuleError

SECONDS_PER_MB = 2.0


class PatternTimeout(Exception):
    pass


def compile_pattern(src: str, case_sensitive: bool, where: Callable[[str], RuleError]) -> RulePattern:
    if _NESTED_QUANTIFIER.search(src):
        raise where(f"pattern {src!r} nests quantifiers and can backtrack catastrophically; rewrite it without a repeated group that itself repeats")
    try:
        with warnings.catch_warnings():
            # A FutureWarning ("possible nested set", [[:alpha:]]) marks syntax ``regex`` reads
            # otherwise: such a pattern goes to ``regex``, which gives it the meaning it had.
            warnings.simplefilter("error", FutureWarning)
            return re.compile(src, 0 if case_sensitive else re.IGNORECASE)
    except (re.error, FutureWarning):
        pass
    import regex

    try:
        return regex.compile(src, 0 if case_sensitive else regex.IGNORECASE)
    except regex.error as exc:
        raise where(f"pattern {src!r} is not a valid regular expression: {exc}") from None


def compile_alternation(sources: list[str], case_sensitive: bool, where: Callable[[str], RuleError]) -> RulePattern | None:
    """Several rule patterns as one alternation: one scan of the text instead of one per pattern.
    When the alternation fails, each pattern is compiled alone so the error names the faulty one."""
    if not sources:
        return None
    try:
        return compile_pattern("|".join(f"(?:{src})" for src in sources), case_sensitive, where)
    except RuleError:
        for src in sources:
            compile_pattern(src, case_sensitive, where)
        raise


def phrase_pattern(phrases: list[str], case_sensitive: bool, fast: bool = False) -> re.Pattern | None:
    """One pattern for literal phrases, matched on word boundaries, any white space between words.

    The phrases are merged into a trie (``it is|it was`` -> ``it\\s+(?:is|was)``) and compiled with
    the standard ``re`` module: on a 300-phrase list this is 16 times faster than a flat alternation
    in ``regex`` (measured on the BBC corpus). Literals cannot backtrack catastrophically, so no
    time bound is needed; the longest phrase wins at a given start.

    ``fast``: for text the caller has lowercased (unless ``case_sensitive``): no case folding and
    no leading word-boundary test, so the engine can jump to the first letters; the caller checks
    the leading boundary.
    """
    body = trie_source(" ".join(p.split()) if case_sensitive else " ".join(p.split()).lower() for p in phrases)
    if not body:
        return None
    if fast:
        return re.compile(body + r"(?!\w)")
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", 0 if case_sensitive else re.IGNORECASE)


def trie_source(literals: Iterable[str]) -> str:
    """Regular-expression source matching any of the literals, merged into a trie
    (``said|says`` -> ``sa(?:id|ys)``), a space standing for any white space. Python's engine tries
    a flat alternation's branches one by one at every position, a trie's only along one path.
    No boundaries and no flags: the caller adds them. Empty when there is no literal."""
    trie: dict = {}
    for literal in literals:
        node = trie
        for ch in literal:
            node = node.setdefault(ch, {})
        if node is not trie:
            node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    alts = [(r"\s+" if key == " " else re.escape(key)) + _trie_regex(child) for key, child in sorted(node.items()) if key]
    if not alts:
        return ""
    if len(alts) == 1 and "" not in node:
        return alts[0]
    group = "(?:" + "|".join(alts) + ")"
    return group + "?" if "" in node else group


def program_of(p: re.Pattern) -> tuple | None:
    """What :func:`from_program` rebuilds ``p`` from: its source, flags and the program ``re``
    compiled it to (the arguments ``re.compile`` itself ends with, to ``_sre.compile``); None when
    they would not rebuild an equal pattern (another interpreter's internals)."""
    try:
        from re import _compiler, _parser

        parsed = _parser.parse(p.pattern, p.flags)
        names = {v: k for k, v in p.groupindex.items()}
        args = (p.pattern, p.flags, [int(op) for op in _compiler._code(parsed, p.flags)], p.groups,
                dict(p.groupindex), tuple(names.get(i) for i in range(p.groups + 1)))
        # Equal patterns have the same source, flags and program (the comparison re defines).
        return args if from_program(args) == p else None
    except Exception:  # noqa: BLE001 - private internals that changed: compile it instead
        return None


def from_program(args: tuple) -> re.Pattern:
    """The pattern :func:`program_of` described, without parsing or compiling it again. The
    interpreter checks the program before it runs it (a damaged one raises)."""
    import _sre

    return _sre.compile(*args)


class Programs:
    """Compiled programs of lazy patterns by (source, flags), kept between runs in the rule cache
    (:func:`newslint.rule_cache.load_programs`): a pattern an earlier run compiled is rebuilt
    from its program (the quotation analysis compiles ~16 ms of patterns on a first article)."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, int], tuple] = {}
        self.compiled: dict[tuple[str, int], re.Pattern] = {}  # this run's, not known before

    def compile(self, source: str, flags: int) -> re.Pattern:
        args = self.known.get((source, flags))
        if args is not None:
            try:
                return from_program(args)
            except Exception:  # noqa: BLE001 - a damaged program: compiled as without one
                pass
        pattern = self.compiled[(source, flags)] = re.compile(source, flags)
        return pattern

    def learned(self) -> dict[tuple[str, int], tuple]:
        """The known programs and those of the patterns compiled since (empty when none was)."""
        if not self.compiled:
            return {}
        new = {key: program_of(p) for key, p in self.compiled.items()}
        return {**self.known, **{key: args for key, args in new.items() if args is not None}}


# The process's one store: lazy patterns are module constants, made before any run's state exists;
# a run fills it from the rule cache before its first article (and forked workers inherit it).
PROGRAMS = Programs()


class LazyPattern:
    """A standard ``re`` pattern compiled when it is first used.

    For the fixed patterns of code a run may never reach (the quotation analysis has about fifty,
    ~35 ms to compile, and an article needs a third of them at most): written where ``re.compile``
    would be, used as the compiled pattern. The first use of each method looks it up on the
    compiled pattern and keeps it on this object, so later calls cost what the compiled pattern's
    own do. A program kept from an earlier run (:data:`PROGRAMS`) is rebuilt rather than compiled."""

    def __init__(self, source: str | Callable[[], str], flags: int = 0) -> None:
        self.source, self.flags_given = source, flags  # a source built by a function is built on first use too
        self.compiled: re.Pattern | None = None

    def __getattr__(self, name: str) -> Any:  # only for names not found on the object: the pattern's
        if name.startswith("__") or name in ("source", "flags_given", "compiled"):
            raise AttributeError(name)  # special methods probed by copy and pickle; a half-built object
        compiled = self.compiled
        if compiled is None:
            source = self.source if isinstance(self.source, str) else self.source()
            compiled = self.compiled = PROGRAMS.compile(source, self.flags_given)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value


def lazy_compile(source: str | Callable[[], str], flags: int = 0) -> re.Pattern:
    """``re.compile(source, flags)``, compiled on first use (see :class:`LazyPattern`); ``source``
    may be a function that builds it (a trie of a word list), called then too."""
    return LazyPattern(source, flags)  # type: ignore[return-value]  # used as the compiled pattern


# A quantified group whose body itself ends in a quantifier: (a+)+, (\w*)*, (x|y+){2,}. Only
# rule files read afresh need it: compiled on first use.
_NESTED_QUANTIFIER = lazy_compile(r"\((?:\?:)?(?:[^()\\]|\\.)*(?:[+*]|\{\d*,\d*\})\)(?:[+*]|\{\d*,\d*\})")


def _bounded(pattern: RulePattern) -> tuple[Any, bool]:
    """The pattern to match and whether to give it a ``regex`` timeout: a ``re`` pattern as it is
    in the main thread (the engine's budget interrupts it), else its ``regex`` twin, timed."""
    if not isinstance(pattern, re.Pattern):
        return pattern, True
    if threading.current_thread() is threading.main_thread():
        return pattern, False
    import regex  # compiled once: regex keeps its own cache of compiled patterns

    return regex.compile(pattern.pattern, pattern.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE)), True


def _seconds(text: str, timeout: float | None) -> float:
    return 1.0 + SECONDS_PER_MB * len(text) / 1_000_000 if timeout is None else timeout


def _timed_out(pattern: Any, seconds: float) -> PatternTimeout:
    return PatternTimeout(f"pattern {pattern.pattern[:60]!r} took longer than {seconds:.0f}s")


def finditer(pattern: RulePattern, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
    """``pattern.finditer`` bounded in time by the text's length; raises PatternTimeout (in the
    main thread, a ``re`` pattern is stopped by the engine's budget instead)."""
    endpos = len(text) if endpos is None else endpos
    compiled, timed = _bounded(pattern)
    if not timed:
        yield from compiled.finditer(text, pos, endpos)
        return
    seconds = _seconds(text, None)
    try:
        yield from compiled.finditer(text, pos, endpos, timeout=seconds)
    except TimeoutError:
        raise _timed_out(compiled, seconds) from None


def search(pattern: RulePattern, text: str, pos: int = 0, endpos: int | None = None, timeout: float | None = None) -> re.Match | None:
    """``pattern.search``, bounded as :func:`finditer` (``timeout``: seconds, instead of the text's bound)."""
    endpos = len(text) if endpos is None else endpos
    compiled, timed = _bounded(pattern)
    if not timed:
        return compiled.search(text, pos, endpos)
    seconds = _seconds(text, timeout)
    try:
        return compiled.search(text, pos, endpos, timeout=seconds)
    except TimeoutError:
        raise _timed_out(compiled, seconds) from None


def fullmatch(pattern: RulePattern, text: str, timeout: float | None = None) -> re.Match | None:
    """``pattern.fullmatch``, bounded as :func:`search`."""
    compiled, timed = _bounded(pattern)
    if not timed:
        return compiled.fullmatch(text)
    seconds = _seconds(text, timeout)
    try:
        return compiled.fullmatch(text, timeout=seconds)
    except TimeoutError:
        raise _timed_out(compiled, seconds) from None
