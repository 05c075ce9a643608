"""The command line: ``newslint check|rules|dupes|index|serve``. Exit 0 clean, 1 findings at the
failing level, 2 usage, configuration or rule errors."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from newslint import __version__, startup
from newslint.errors import NewslintError

# Sub-command name -> module with ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.
COMMANDS = {
    "check": "newslint.cli.check",
    "rules": "newslint.cli.rules",
    "dupes": "newslint.cli.dupes",
    "index": "newslint.cli.index",
    "serve": "newslint.cli.serve",
}
# One line each for ``newslint --help``, so that a run imports only its own command's module (the
# near-duplicate commands pull in NumPy and SciPy, a third of a second a pre-commit run need not pay).
SUMMARIES = {
    "check": "check article files (Markdown, HTML, text, JSON Lines) and report problems",
    "rules": "list the rules, or show one rule's documentation and examples",
    "dupes": "find copied and rewritten stories among articles, as pairs and clusters",
    "index": "keep an index of published stories and find new articles that duplicate them",
    "serve": "the editors' desk: a local review page and JSON API (needs the serve extra)",
}


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, sized as argparse sizes it but without importing shutil (~4 ms of
    every run: argparse makes a formatter for each argument it is given, to check its metavar)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else the terminal's width, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # exit 2 with one line, as argparse does, plus a hint
        self.exit(2, f"newslint: error: {message} (see '{self.prog} --help')\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, that sub-command's alone (the others' modules are not imported
    and their parsers not built: a run of one command never shows them)."""
    parser = _Parser(prog="newslint", description="A linter for news articles.")
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module in COMMANDS.items():
        if only is not None and name != only:
            continue
        p = sub.add_parser(name, help=SUMMARIES[name], description=SUMMARIES[name])
        mod = importlib.import_module(module)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None, corpus_process=None) -> int:
    """Run one command. ``corpus_process``: check's, started by the command line before this was
    imported (:mod:`newslint.command`); stopped here whatever happens."""
    args_list = sys.argv[1:] if argv is None else argv
    chosen = next((a for a in args_list if not a.startswith("-")), None)
    corpus = corpus_process
    # Importing the command's modules makes thousands of objects (classes, tables) and no garbage:
    # the collector would run ~20 times for nothing (~4 ms of a one-article check).
    collecting = gc.isenabled()
    gc.disable()
    try:
        startup.prepare(os.environ)  # before the command's modules make their dataclasses
        parser = build_parser(chosen if chosen in COMMANDS else None)
    finally:
        if collecting:
            gc.enable()
    try:
        args = parser.parse_args(args_list)
        if not getattr(args, "_run", None):
            parser.print_help(sys.stderr)
            return 2
        if chosen == "check":
            args.corpus_process = corpus
        code = args._run(args)
        startup.keep()
        return code
    except NewslintError as exc:
        from newslint.formatters.escape import visible

        print(visible(f"newslint: error: {exc}"), file=sys.stderr)  # one line, whatever a path holds
        return 2
    except KeyboardInterrupt:
        print("newslint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into a program that stopped reading (``| head``): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line, not a traceback (NEWSLINT_DEBUG=1 shows it)
        if os.environ.get("NEWSLINT_DEBUG"):
            raise
        from newslint.errors import REPORT_BUG, internal
        from newslint.formatters.escape import visible

        print(visible(f"newslint: internal error: {internal(exc)}: {REPORT_BUG} (NEWSLINT_DEBUG=1 shows where it happened)"),
              file=sys.stderr)
        return 2
    finally:
        if corpus is not None:
            corpus.close()
