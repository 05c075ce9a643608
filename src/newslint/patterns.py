"""Regular expressions from rule files: rejected at load when they can backtrack catastrophically,
and matched with a time bound in any case (the ``regex`` module's ``timeout``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, cast

if TYPE_CHECKING:  # imported when a rule has a regular expression: it costs ~10 ms at start-up
    import regex

from newslint.errors import RuleError

# A quantified group whose body itself ends in a quantifier: (a+)+, (\w*)*, (x|y+){2,}.
_NESTED_QUANTIFIER = re.compile(r"\((?:\?:)?(?:[^()\\]|\\.)*(?:[+*]|\{\d*,\d*\})\)(?:[+*]|\{\d*,\d*\})")
SECONDS_PER_MB = 2.0


class PatternTimeout(Exception):
    pass


def compile_pattern(src: str, case_sensitive: bool, where: Callable[[str], RuleError]) -> regex.Pattern:
    import regex

    if _NESTED_QUANTIFIER.search(src):
        raise where(f"pattern {src!r} nests quantifiers and can backtrack catastrophically; rewrite it without a repeated group that itself repeats")
    try:
        return regex.compile(src, 0 if case_sensitive else regex.IGNORECASE)
    except regex.error as exc:
        raise where(f"pattern {src!r} is not a valid regular expression: {exc}") from None


def compile_alternation(sources: list[str], case_sensitive: bool, where: Callable[[str], RuleError]) -> regex.Pattern | None:
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


class LazyPattern:
    """A standard ``re`` pattern compiled when it is first used.

    For the fixed patterns of code a run may never reach (the quotation analysis has about fifty,
    ~35 ms to compile, and an article needs a third of them at most): written where ``re.compile``
    would be, used as the compiled pattern. The first use of each method looks it up on the
    compiled pattern and keeps it on this object, so later calls cost what the compiled pattern's
    own do."""

    def __init__(self, source: str | Callable[[], str], flags: int = 0) -> None:
        self.source, self.flags_given = source, flags  # a source built by a function is built on first use too
        self.compiled: re.Pattern | None = None

    def __getattr__(self, name: str) -> Any:  # only for names not found on the object: the pattern's
        if name.startswith("__") or name in ("source", "flags_given", "compiled"):
            raise AttributeError(name)  # special methods probed by copy and pickle; a half-built object
        compiled = self.compiled
        if compiled is None:
            source = self.source if isinstance(self.source, str) else self.source()
            compiled = self.compiled = re.compile(source, self.flags_given)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value


def lazy_compile(source: str | Callable[[], str], flags: int = 0) -> re.Pattern:
    """``re.compile(source, flags)``, compiled on first use (see :class:`LazyPattern`); ``source``
    may be a function that builds it (a trie of a word list), called then too."""
    return cast(re.Pattern, LazyPattern(source, flags))


def finditer(pattern: regex.Pattern | re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
    """``pattern.finditer`` bounded in time by the text's length; raises PatternTimeout."""
    if isinstance(pattern, re.Pattern):  # a phrase trie: literal, linear, no time bound needed
        yield from pattern.finditer(text, pos, len(text) if endpos is None else endpos)
        return
    timeout = 1.0 + SECONDS_PER_MB * len(text) / 1_000_000
    try:
        yield from pattern.finditer(text, pos, len(text) if endpos is None else endpos, timeout=timeout)
    except TimeoutError:
        raise PatternTimeout(f"pattern {pattern.pattern[:60]!r} took longer than {timeout:.0f}s") from None
