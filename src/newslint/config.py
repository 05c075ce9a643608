"""Configuration: ``.newslint.yaml`` or ``[tool.newslint]`` in ``pyproject.toml``, found by walking up
from the checked path, validated once into typed :class:`Settings`.

```yaml
select: [ai-filler, boilerplate-ending]   # only these rules (default: all)
ignore: [stock-conclusion]
fail_on: warning                           # error (default), warning or info
exclude: ["drafts/**"]
rule_dirs: [styles/newslint]               # extra rule folders, relative to this file
replace_rules: [ai-filler]                 # built-in rules that a rule of those folders replaces
rules:
  ai-filler: {level: error, options: {max_per_article: 5}}
  repeated-phrase: off                     # shorthand: off, or a level
overrides:
  - files: ["opinion/**"]
    ignore: [anonymous-source]
    rules: {stock-conclusion: info}
index: {path: .newslint/index.sqlite}
```
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Mapping

from newslint.errors import ConfigError, quoted
from newslint.findings import LEVELS

CONFIG_NAMES = (".newslint.yaml", ".newslint.yml")
TOP_KEYS = {"select", "ignore", "fail_on", "exclude", "rule_dirs", "replace_rules", "rules", "overrides", "index", "dupes",
            "max_article_chars", "rule_time_budget"}
# The longest article checked. News stories run to tens of thousands of characters; a text of
# millions is a dump or an export, and checking it would take minutes and gigabytes.
MAX_ARTICLE_CHARS = 5_000_000
# Seconds one rule may spend on one article of up to 100,000 characters (more for longer ones):
# every rule takes milliseconds on a story, so only a runaway ever reaches it.
RULE_TIME_BUDGET = 2.0
OVERRIDE_KEYS = {"files", "select", "ignore", "rules"}
RULE_SETTING_KEYS = {"level", "options"}


@dataclass(frozen=True)
class RuleSetting:
    """A rule's level and options as a configuration sets them."""

    level: str | None = None  # None: the rule's own level; "off": disabled
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Override:
    """Settings for the files that match ``files`` (globs): ``overrides`` in the configuration."""

    files: tuple[str, ...]
    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    rules: Mapping[str, RuleSetting]


@dataclass(frozen=True)
class Settings:
    """The configuration of a run: which rules, at which level, with which options, for which files."""

    path: str | None = None  # the file these settings came from
    root: Path = field(default_factory=Path.cwd)  # globs and rule_dirs are relative to this
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    exclude: tuple[str, ...] = ()
    rule_dirs: tuple[Path, ...] = ()
    replace_rules: tuple[str, ...] = ()  # built-in rules that a rule of rule_dirs may replace
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()
    index: Mapping[str, Any] = field(default_factory=dict)
    dupes: Mapping[str, Any] = field(default_factory=dict)
    max_article_chars: int = MAX_ARTICLE_CHARS
    rule_time_budget: float = RULE_TIME_BUDGET

    def relative(self, path: Path) -> str:
        try:
            return PurePosixPath(path.resolve().relative_to(self.root.resolve())).as_posix()
        except ValueError:
            return PurePosixPath(path).as_posix()

    def is_excluded(self, path: Path) -> bool:
        if not self.exclude:
            return False
        rel = self.relative(path)
        return any(glob_match(rel, g) for g in self.exclude)

    def overrides_for(self, path: Path) -> tuple[Override, ...]:
        if not self.overrides:
            return ()  # no path resolution per file when there is nothing to match
        rel = self.relative(path)
        return tuple(o for o in self.overrides if any(glob_match(rel, g) for g in o.files))


def glob_match(path: str, pattern: str) -> bool:
    """Gitignore-like: ``**`` spans folders, a pattern without ``/`` matches a name at any depth."""
    if "/" not in pattern.rstrip("/"):
        return any(fnmatch.fnmatchcase(part, pattern.rstrip("/")) for part in path.split("/"))
    if fnmatch.fnmatchcase(path, pattern):
        return True
    if pattern.endswith("/**"):
        return path.startswith(pattern[:-3] + "/") or path == pattern[:-3]
    return pattern.startswith("**/") and fnmatch.fnmatchcase(path, pattern[3:])


def find_config(start: Path) -> Path | None:
    """The nearest ``.newslint.yaml`` or ``pyproject.toml`` with ``[tool.newslint]``, walking up."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            import tomllib  # only when there is a pyproject.toml to read

            try:
                text = pyproject.read_text(encoding="utf-8")
                if "newslint" in tomllib.loads(text).get("tool", {}):
                    return pyproject
            except (OSError, UnicodeDecodeError):
                continue
            except tomllib.TOMLDecodeError:
                # Broken, but meant for us: load_settings reports it rather than running without it.
                if "tool.newslint" in text:
                    return pyproject
                continue
    return None


def load_settings(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", where) from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text).get("tool", {}).get("newslint", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"not valid TOML: {exc}", where) from None
    else:
        import yaml  # only when there is a YAML configuration to read: it costs ~15 ms at start-up

        from newslint.safeyaml import YamlLimitError, describe_yaml_error, load_yaml

        try:
            data = load_yaml(text)
        except (yaml.YAMLError, YamlLimitError) as exc:
            msg, line = describe_yaml_error(exc)
            raise ConfigError(f"not valid YAML: {msg}", f"{where}:{line}" if line else where) from None
        if data is None:
            data = {}
    return parse_settings(data, where, path.parent)


def _str_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError("expected a list of strings", where, key)
    return tuple(value)


def _rule_settings(value: Any, where: str, key: str) -> dict[str, RuleSetting]:
    if not isinstance(value, dict):
        raise ConfigError("expected a mapping of rule ids to settings", where, key)
    out: dict[str, RuleSetting] = {}
    for rid, setting in value.items():
        k = f"{key}.{rid}"
        if not isinstance(rid, str):
            raise ConfigError(f"rule ids are names, got {type(rid).__name__} {quoted(rid)}", where, key)
        if setting is False or setting == "off":
            out[rid] = RuleSetting(level="off")
        elif isinstance(setting, str):
            if setting not in LEVELS:
                raise ConfigError(f"expected off or one of {', '.join(LEVELS)}, got {quoted(setting)}", where, k)
            out[rid] = RuleSetting(level=setting)
        elif isinstance(setting, dict):
            unknown = sorted(set(setting) - RULE_SETTING_KEYS)
            if unknown:
                raise ConfigError(f"unknown key '{unknown[0]}' (expected level, options)", where, k)
            level = setting.get("level")
            if level is False:  # YAML 1.1 reads a bare ``off`` as false
                level = "off"
            if level is not None and level not in (*LEVELS, "off"):
                raise ConfigError(f"expected off or one of {', '.join(LEVELS)}, got {quoted(level)}", where, f"{k}.level")
            options = setting.get("options") or {}
            if not isinstance(options, dict):
                raise ConfigError("expected a mapping", where, f"{k}.options")
            out[rid] = RuleSetting(level=level, options=options)
        else:
            raise ConfigError("expected off, a level, or {level, options}", where, k)
    return out


def parse_settings(data: Any, where: str, root: Path) -> Settings:
    if not isinstance(data, dict):
        raise ConfigError("configuration must be a mapping", where)
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise ConfigError(f"unknown key (expected one of {', '.join(sorted(TOP_KEYS))})", where, unknown[0])
    fail_on = data.get("fail_on", "error")
    if fail_on not in LEVELS:
        raise ConfigError(f"expected one of {', '.join(LEVELS)}, got {quoted(fail_on)}", where, "fail_on")
    overrides = []
    raw_overrides = data.get("overrides") or []
    if not isinstance(raw_overrides, list):
        raise ConfigError("expected a list of {files, select, ignore, rules}", where, "overrides")
    for i, o in enumerate(raw_overrides):
        k = f"overrides[{i}]"
        if not isinstance(o, dict):
            raise ConfigError("expected a mapping with 'files'", where, k)
        bad = sorted(set(o) - OVERRIDE_KEYS)
        if bad:
            raise ConfigError(f"unknown key '{bad[0]}' (expected files, select, ignore, rules)", where, k)
        if "files" not in o:
            raise ConfigError("missing required key 'files'", where, k)
        overrides.append(Override(
            files=_str_list(o["files"], where, f"{k}.files"),
            select=_str_list(o["select"], where, f"{k}.select") if "select" in o else None,
            ignore=_str_list(o.get("ignore", []), where, f"{k}.ignore"),
            rules=_rule_settings(o.get("rules", {}), where, f"{k}.rules"),
        ))
    for key in ("index", "dupes"):
        if not isinstance(data.get(key, {}), dict):
            raise ConfigError("expected a mapping", where, key)
    max_chars = data.get("max_article_chars", MAX_ARTICLE_CHARS)
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1000:
        raise ConfigError(f"expected a whole number of characters, at least 1000, got {quoted(max_chars)}", where, "max_article_chars")
    budget = data.get("rule_time_budget", RULE_TIME_BUDGET)
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not 0.001 <= budget <= 600:
        raise ConfigError(f"expected seconds between 0.001 and 600, got {quoted(budget)}", where, "rule_time_budget")
    return Settings(
        path=where,
        root=root,
        select=_str_list(data["select"], where, "select") if "select" in data else None,
        ignore=_str_list(data.get("ignore", []), where, "ignore"),
        fail_on=fail_on,
        exclude=_str_list(data.get("exclude", []), where, "exclude"),
        rule_dirs=tuple(root / d for d in _str_list(data.get("rule_dirs", []), where, "rule_dirs")),
        replace_rules=_str_list(data.get("replace_rules", []), where, "replace_rules"),
        rules=_rule_settings(data.get("rules", {}), where, "rules"),
        overrides=tuple(overrides),
        index=data.get("index", {}) or {},
        dupes=data.get("dupes", {}) or {},
        max_article_chars=max_chars,
        rule_time_budget=float(budget),
    )
