"""What the sub-commands share: settings, rules and output."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Callable

from newslint import __version__, rule_cache
from newslint.config import Settings, find_config, load_settings
from newslint.engine import DIAGNOSTICS, RuleBook
from newslint.errors import ConfigError
from newslint.formatters import NAMES, RuleDoc, Run
from newslint.patterns import PROGRAMS
from newslint.ruleset import bundled_rules_dir, load_rules


def add_config_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE", help="configuration file (default: nearest .newslint.yaml or pyproject.toml)")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
    p.add_argument("--rules-dir", metavar="DIR", action="append", default=[], help="extra folder of rule files (repeatable)")


def add_output_arguments(p: argparse.ArgumentParser, formats: tuple[str, ...] = NAMES) -> None:
    p.add_argument("--format", choices=formats, default=None,
                   help="output format (default: text; github when GITHUB_ACTIONS=true)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour in text output")


def add_jobs_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N", help="processes to use (default: all cores)")


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def load_setup(args: argparse.Namespace, paths: list[str]) -> tuple[Settings, RuleBook]:
    if args.no_config:
        settings = Settings()
    elif args.config:
        cfg = Path(args.config)
        if not cfg.is_file():
            raise ConfigError("configuration file not found", args.config)
        settings = load_settings(cfg)
    else:
        start = next((Path(p) for p in paths if p != "-"), Path.cwd())
        while not start.exists() and start.parent != start:  # a name for standard input: its folder may be new
            start = start.absolute().parent
        settings = load_settings(find_config(start))
    folders = [bundled_rules_dir(), *settings.rule_dirs, *(Path(d) for d in args.rules_dir)]
    cache = rule_cache.default_dir(os.environ)
    book = RuleBook(load_rules(folders, settings.replace_rules, settings.path, cache=cache), settings)
    if cache is not None:  # the lazy patterns earlier runs compiled, rebuilt rather than compiled on use
        PROGRAMS.known.update(rule_cache.load_programs(cache))
    return settings, book


def keep_programs() -> None:
    """Keep the programs of the lazy patterns this run compiled for the next runs (see :func:`load_setup`)."""
    cache = rule_cache.default_dir(os.environ)
    if cache is not None:
        rule_cache.store_programs(cache, PROGRAMS.learned())


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def use_color(args: argparse.Namespace, stream=None) -> bool:
    stream = sys.stdout if stream is None else stream  # looked up now: tests and callers replace it
    if args.color == "always":
        return True
    if args.color == "never" or "NO_COLOR" in os.environ:
        return False
    return stream.isatty()


def rule_docs(book: RuleBook) -> dict[str, RuleDoc]:
    docs = {rid: RuleDoc(rid, r.rule.level, r.rule.summary, r.rule.why) for rid, r in book.all.items()}
    docs.update({rid: RuleDoc(rid, lvl, text, text) for rid, (lvl, text) in DIAGNOSTICS.items()})
    return docs


# Each output format's module. formatters.get imports all five; a run needs one (the others, the
# HTML report's above all, cost ~5 ms of a one-article run). A test holds this to formatters.get.
FORMATTER_MODULES = {"text": "text", "json": "json_format", "sarif": "sarif", "github": "github", "html": "html"}


def renderer(fmt: str) -> Callable[..., str]:
    """``formatters.get(fmt)``, importing that format's module only."""
    return _formatter(fmt).render


def _formatter(fmt: str):
    return importlib.import_module(f"newslint.formatters.{FORMATTER_MODULES[fmt]}")


def render_ahead(args: argparse.Namespace, fmt: str, reports: list) -> tuple[list, list] | None:
    """Each report's part of the output, rendered while the corpus process compares the articles
    (a core is free then): :func:`emit` renders again only the reports the comparison changed.
    None for a format that is not made of one part per file."""
    module = _formatter(fmt)
    if not hasattr(module, "file_parts"):
        return None
    return list(reports), module.file_parts(Run(reports), use_color(args))


def emit(args: argparse.Namespace, fmt: str, reports, book: RuleBook, ahead: tuple[list, list] | None = None, **extra) -> None:
    """Print the reports in ``fmt``; ``extra`` goes to the formatter (the html page's index
    neighbours); ``ahead`` is :func:`render_ahead`'s answer for the reports before the corpus phase."""
    run = Run(reports, rule_docs(book), __version__)
    color = use_color(args)
    if ahead is not None and not extra and len(ahead[0]) == len(reports):
        module = _formatter(fmt)
        before, parts = ahead
        changed = [i for i, (old, new) in enumerate(zip(before, reports)) if old is not new]  # the corpus phase replaces what it changes
        fresh = module.file_parts(run, color, changed)
        text = module.assemble(run, [parts[i] if fresh[i] is None else fresh[i] for i in range(len(reports))], color)
    else:
        text = renderer(fmt)(run, color=color, **extra)
    sys.stdout.write(text)
    sys.stdout.flush()


class Progress:
    """A one-line counter on standard error: only on a terminal (or when forced), and only once a
    run has taken more than ``delay`` seconds (short runs print nothing)."""

    def __init__(self, total: int, label: str, stream=None, delay: float = 2.0, start: float | None = None,
                 enabled: bool | None = None) -> None:
        self.total, self.label, self.done, self.delay = total, label, 0, delay
        self.stream = stream or sys.stderr
        self.enabled, self.shown = self.stream.isatty() if enabled is None else enabled, False
        self.start, self.last = time.monotonic() if start is None else start, 0.0

    def __call__(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < self.delay or (now - self.last < 0.1 and self.done < self.total):
            return
        self.last = now
        self.shown = True
        filled = int(30 * min(self.done, self.total) / max(1, self.total))  # of a 30-character bar
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {min(self.done, self.total)}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (len(self.label) + 50) + "\r")
            self.stream.flush()


class Phases:
    """The phases of one run, each with its :class:`Progress`, all timed from the run's start: once
    a run has taken ``delay`` seconds every phase shows at once, so no phase of a long run is silent.
    ``phases(label, total)`` ends the previous phase and returns the new one's step counter."""

    def __init__(self, stream=None, delay: float = 2.0, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.delay, self.enabled = delay, enabled
        self.start = time.monotonic()
        self.current: Progress | None = None

    def __call__(self, label: str, total: int) -> Progress:
        self.close()
        self.current = Progress(total, label, self.stream, self.delay, self.start, self.enabled)
        self.current(0)
        return self.current

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None


def add_progress_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                   help="progress of each phase on standard error (auto: on a terminal, for runs over 2 s)")


def phases_for(args: argparse.Namespace) -> Phases:
    mode = getattr(args, "progress", "auto")
    return Phases(enabled=None if mode == "auto" else mode == "always", delay=0.0 if mode == "always" else 2.0)
