"""Rule files: one YAML file per rule, validated when read, compiled once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Iterable, Mapping

from newslint import options as opts
from newslint.article import Article
from newslint.errors import ConfigError, RuleError, quoted
from newslint.findings import LEVELS, Finding
from newslint.kinds import KINDS, load_kind

RULE_KEYS = {"id", "kind", "level", "message", "summary", "why", "options", "examples", "fix"}
REQUIRED = ("id", "kind", "level", "message", "summary", "why", "examples")
_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Rule:
    """A rule as its file defines it, options validated."""

    id: str
    kind: str
    level: str
    message: str
    summary: str
    why: str
    options: Mapping[str, Any]
    examples_fail: tuple[Any, ...]
    examples_pass: tuple[Any, ...]
    path: str
    fix: str | None = None

    def finding(self, start: int, end: int, message: str | None = None, **kw: Any) -> Finding:
        return Finding(self.id, self.level, message or self.message, start, end, **kw)


@dataclass(frozen=True)
class CompiledRule:
    """A rule with its kind's module and prepared state (patterns, weights)."""

    rule: Rule
    kind: ModuleType = field(repr=False)
    state: Any = field(repr=False)

    @property
    def id(self) -> str:
        return self.rule.id

    def check(self, article: Article) -> Iterable[Finding]:
        return self.kind.check(article, self.rule, self.state)

    def measure(self, article: Article) -> dict[str, Any]:
        fn = self._measure
        return fn(article, self.rule, self.state) if fn else {}

    # Looked up once, not for every article: a module's missing attribute costs an AttributeError.
    @cached_property
    def _measure(self) -> Any:
        return getattr(self.kind, "measure", None)

    @cached_property
    def needs_findings(self) -> bool:
        """The kind scores the whole article and runs after the others (``NEEDS_FINDINGS``)."""
        return bool(getattr(self.kind, "NEEDS_FINDINGS", False))

    @cached_property
    def compares(self) -> bool:
        """The kind compares articles with each other (``check_corpus``)."""
        return hasattr(self.kind, "check_corpus")

    def configured(self, level: str | None, options: Mapping[str, Any] | None) -> "CompiledRule":
        """The same rule with another level or options (from configuration), validated again."""
        rule = self.rule
        if level is not None:
            rule = _replace(rule, level=level)
        if options:
            merged = {**rule.options, **options}
            rule = _replace(rule, options=opts.validate(self.kind.OPTIONS, merged, _where(rule.path, "options")))
            return CompiledRule(rule, self.kind, self.kind.prepare(rule.options, _where(rule.path, "options")))
        return CompiledRule(rule, self.kind, self.state)


def _replace(rule: Rule, **changes: Any) -> Rule:
    from dataclasses import replace

    return replace(rule, **changes)


def _where(path: str, key: str | None = None):
    return lambda msg: RuleError(msg, path, key)


def bundled_rules_dir() -> Path:
    """``rules/`` inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError("the bundled rules folder is missing from this installation", str(here / "rules"))


def read_rule_file(path: Path, trusted: bool = False) -> Rule:
    """One rule file. ``trusted``: a rule shipped with newslint, parsed by libyaml's fast loader;
    anyone else's goes through the loader that refuses YAML bombs."""
    return parse_rule_text(_read_text(path), path, trusted)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"cannot read rule file: {exc}", str(path)) from None


def parse_rule_text(text: str, path: Path, trusted: bool = False) -> Rule:
    """The rule in ``text``, read from the rule file ``path`` (see :func:`read_rule_file`)."""
    import yaml  # here, not at the top: a run whose rule files are cached never needs it

    from newslint.safeyaml import YamlLimitError, describe_yaml_error, load_yaml

    where = str(path)
    try:
        data = load_yaml(text, trusted=trusted)
    except (yaml.YAMLError, YamlLimitError) as exc:
        msg, line = describe_yaml_error(exc)
        raise RuleError(f"not valid YAML: {msg}", f"{where}:{line}" if line else where) from None
    return rule_from_mapping(data, where, path.stem)


def rule_from_mapping(data: Any, where: str, stem: str | None = None) -> Rule:
    if not isinstance(data, dict):
        raise RuleError("a rule file must be a mapping with keys " + ", ".join(REQUIRED), where)
    unknown = sorted(set(map(str, data)) - RULE_KEYS)
    if unknown:
        raise RuleError(f"unknown key (expected one of {', '.join(sorted(RULE_KEYS))})", where, unknown[0])
    for key in REQUIRED:
        if key not in data:
            raise RuleError("missing required key", where, key)
    for key in ("id", "kind", "level", "message", "summary", "why"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise RuleError("must be a non-empty string", where, key)
    rid = data["id"]
    if not _ID.match(rid):
        raise RuleError(f"rule id {quoted(rid)} must be kebab-case (lowercase words joined by '-')", where, "id")
    if stem is not None and stem != rid:
        raise RuleError(f"rule id {quoted(rid)} must match the file name {quoted(stem)}", where, "id")
    if data["level"] not in LEVELS:
        raise RuleError(f"must be one of {', '.join(LEVELS)}, got {quoted(data['level'])}", where, "level")
    if data["kind"] not in KINDS:
        raise RuleError(f"unknown kind {quoted(data['kind'])} (known: {', '.join(sorted(KINDS))})", where, "kind")
    examples = data["examples"]
    if not isinstance(examples, dict) or set(examples) - {"fail", "pass"}:
        raise RuleError("must be a mapping with 'fail' and 'pass' lists", where, "examples")
    fail, passed = examples.get("fail") or [], examples.get("pass") or []
    if not isinstance(fail, list) or not isinstance(passed, list):
        raise RuleError("'fail' and 'pass' must be lists", where, "examples")
    options = data.get("options") or {}
    if not isinstance(options, dict):
        raise RuleError("must be a mapping", where, "options")
    return Rule(
        id=rid, kind=data["kind"], level=data["level"], message=data["message"].strip(),
        summary=" ".join(data["summary"].split()), why=" ".join(data["why"].split()),
        options=options, examples_fail=tuple(fail), examples_pass=tuple(passed), path=where,
        fix=data.get("fix"),
    )


def compile_rule(rule: Rule) -> CompiledRule:
    kind = load_kind(rule.kind)
    assert kind is not None  # checked when read
    where = _where(rule.path, "options")
    values = opts.validate(kind.OPTIONS, dict(rule.options), where)
    rule = _replace(rule, options=values)
    return CompiledRule(rule, kind, kind.prepare(values, where))


def load_rules(folders: Iterable[Path], replace: Iterable[str] = (), config: str | None = None,
               cache: Path | None = None) -> list[CompiledRule]:
    """Every ``*.yaml`` rule in the folders, in id order; a later folder's rule replaces an
    earlier one of the same id. A rule with a built-in rule's id is refused unless that id is in
    ``replace`` (the configuration's ``replace_rules``, read from ``config``): a team's rule
    silently taking the place of a built-in one would change what every check means.

    ``cache``: a folder where the prepared rules are kept between runs (see
    :mod:`newslint.rule_cache`); the rule files are read every time, and parsed and prepared
    only when they, ``replace`` or the code changed."""
    bundled = bundled_rules_dir()
    replace = tuple(replace)
    folder_files: list[tuple[Path, bool, list[tuple[Path, str]]]] = []
    for folder in folders:
        if not folder.is_dir():
            raise RuleError("rule folder does not exist", str(folder))
        trusted = folder == bundled
        folder_files.append((folder, trusted, [(path, _read_text(path)) for path in sorted(folder.glob("*.y*ml"))]))
    key = None
    if cache is not None:
        from newslint import rule_cache

        listed = [(str(path), trusted, text) for _, trusted, files in folder_files for path, text in files]
        if replace:  # what replaces a built-in rule is part of what the cache holds
            listed.append(("replace_rules", False, "\n".join(replace)))
        key = rule_cache.make_key(listed)
        prepared = rule_cache.load(cache, key)
        if prepared is not None:
            return [CompiledRule(rule, load_kind(rule.kind), state) for rule, state in prepared]  # type: ignore[arg-type]
    by_id: dict[str, CompiledRule] = {}
    built_in: set[str] = set()
    replaced: set[str] = set()
    for folder, trusted, files in folder_files:
        unknown = [rid for rid in replace if rid not in built_in]
        if not trusted and unknown:  # the bundled folder comes first: every built-in id is known
            raise ConfigError(f"{quoted(unknown[0])} is not a built-in rule", config, "replace_rules")
        for path, text in files:
            rule = parse_rule_text(text, path, trusted)
            if trusted:
                built_in.add(rule.id)
            elif rule.id in built_in:
                if rule.id not in replace:
                    raise RuleError(f"{quoted(rule.id)} is a built-in rule's id; give the rule another id, or replace the "
                                    f"built-in rule with replace_rules: [{rule.id}] in the configuration", str(path), "id")
                replaced.add(rule.id)
            by_id[rule.id] = compile_rule(rule)
    for rid in replace:
        if rid not in replaced:
            what = "no rule file replaces" if rid in built_in else "not a built-in rule:"
            raise ConfigError(f"{what} {quoted(rid)}", config, "replace_rules")
    rules = [by_id[k] for k in sorted(by_id)]
    if cache is not None:
        rule_cache.store(cache, key, [(r.rule, r.state) for r in rules])
    return rules
