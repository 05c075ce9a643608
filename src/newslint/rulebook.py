"""The rule book: the bundled and user rules plus the configuration, as the rule list (with levels
and options) for each file, and the diagnostics newslint reports about its own input."""

from __future__ import annotations

from pathlib import Path

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Iterable, Mapping

from newslint.config import Settings
from newslint.errors import ConfigError, RuleError
from newslint.ruleset import CompiledRule

# Diagnostics that newslint itself reports about its input; select/ignore/levels apply to them too.
DIAGNOSTICS: dict[str, tuple[str, str]] = {
    "front-matter": ("warning", "Front matter that is not valid YAML or not closed; the body is still checked."),
    "html-structure": ("info", "HTML that is not well formed (unclosed or stray tags); the text is still checked."),
    "invalid-record": ("warning", "A JSON Lines record that is not a JSON object with a \"text\" string."),
    "encoding": ("info", "A file that is not valid UTF-8 and was decoded with a fallback encoding."),
    "unused-suppression": ("info", "A newslint-disable comment or front matter entry that suppressed nothing."),
    "rule-timeout": ("warning", "A rule that ran past its time budget on an article (rule_time_budget) and was stopped."),
    "internal-error": ("error", "A bug of newslint's met while checking an article: the rule or step that failed is named and skipped; everything else is checked."),
    "article-too-long": ("warning", "An article longer than max_article_chars (default 5,000,000 characters), left unchecked."),
}



class RuleBook:
    """All rules, and the effective rule list for a path after configuration."""

    def __init__(self, rules: list[CompiledRule], settings: Settings) -> None:
        for r in rules:
            if r.id in DIAGNOSTICS:  # it would silently stand in for the built-in check of that name
                raise RuleError(f"id {r.id!r} is a built-in diagnostic's; give the rule another id", str(r.rule.path), "id")
        self.all = {r.id: r for r in rules}
        self.settings = settings
        self._cache: dict[tuple, list[CompiledRule]] = {}
        self._diagnostics: dict[tuple, dict[str, str]] = {}
        known = set(self.all) | set(DIAGNOSTICS)
        where = settings.path
        self._check_ids(settings.select or (), known, where, "select")
        self._check_ids(settings.ignore, known, where, "ignore")
        self._check_ids(settings.rules, known, where, "rules")
        for i, o in enumerate(settings.overrides):
            self._check_ids(o.select or (), known, where, f"overrides[{i}].select")
            self._check_ids(o.ignore, known, where, f"overrides[{i}].ignore")
            self._check_ids(o.rules, known, where, f"overrides[{i}].rules")
        self._check_options(settings.rules, where, "rules")
        for i, o in enumerate(settings.overrides):
            self._check_options(o.rules, where, f"overrides[{i}].rules")
        self.base = self._effective(())

    @staticmethod
    def _check_ids(ids: Iterable[str], known: set[str], where: str | None, key: str) -> None:
        for rid in ids:
            if rid not in known:
                import difflib

                close = difflib.get_close_matches(rid, sorted(known), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ConfigError(f"unknown rule {rid!r} ({hint}see 'newslint rules')", where, key)

    def _check_options(self, settings: Mapping[str, Any], where: str | None, key: str) -> None:
        """Options given in the configuration are validated there, so an error names the
        configuration file and key rather than the rule file."""
        for rid, setting in settings.items():
            if not setting.options:
                continue
            k = f"{key}.{rid}.options"
            if rid not in self.all:
                raise ConfigError("this built-in check takes no options", where, k)
            try:
                self.all[rid].configured(None, setting.options)
            except RuleError as exc:
                raise ConfigError(exc.detail, where, k) from None

    def for_path(self, path: Path | None) -> list[CompiledRule]:
        if path is None or not self.settings.overrides:
            return self.base
        return self._effective(self.settings.overrides_for(path))

    def enabled_diagnostics(self, path: Path | None) -> dict[str, str]:
        overrides = self.settings.overrides_for(path) if path is not None else ()
        key = tuple(id(o) for o in overrides)
        if key not in self._diagnostics:
            self._diagnostics[key] = self._levels(list(DIAGNOSTICS), {k: v[0] for k, v in DIAGNOSTICS.items()}, overrides)
        return self._diagnostics[key]

    def _levels(self, ids: list[str], defaults: dict[str, str], overrides) -> dict[str, str]:
        s = self.settings
        layers = [(s.select, s.ignore, s.rules)] + [(o.select, o.ignore, o.rules) for o in overrides]
        levels: dict[str, str] = {}
        for rid in ids:
            level = defaults[rid]
            for select, ignore, settings in layers:
                if select is not None:
                    level = level if rid in select else "off"
                if rid in ignore:
                    level = "off"
                setting = settings.get(rid)
                if setting is not None and setting.level is not None:
                    level = setting.level
            levels[rid] = level
        return {k: v for k, v in levels.items() if v != "off"}

    def _effective(self, overrides: tuple) -> list[CompiledRule]:
        key = tuple(id(o) for o in overrides)
        if key in self._cache:
            return self._cache[key]
        levels = self._levels(list(self.all), {k: r.rule.level for k, r in self.all.items()}, overrides)
        out = []
        for rid, level in levels.items():
            options: dict[str, Any] = {}
            for settings in (self.settings.rules, *(o.rules for o in overrides)):
                if rid in settings:
                    options.update(settings[rid].options)
            rule = self.all[rid]
            out.append(rule.configured(level if level != rule.rule.level else None, options or None))
        self._cache[key] = out
        return out
