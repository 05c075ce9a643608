"""The command line: ``newslint check|rules|dupes|index``. Exit 0 clean, 1 findings at the
failing level, 2 usage, configuration or rule errors."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from newslint import __version__
from newslint.errors import NewslintError

# Sub-command name -> module with ``add_arguments(parser)`` and ``run(args) -> int``.
COMMANDS = {
    "check": "newslint.cli.check",
    "rules": "newslint.cli.rules",
    "dupes": "newslint.cli.dupes",
    "index": "newslint.cli.index",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with one line, as argparse does, plus a hint
        self.exit(2, f"newslint: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newslint", description="A linter for news articles.")
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module in COMMANDS.items():
        mod = importlib.import_module(module)
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args._run(args)
    except NewslintError as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newslint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into a program that stopped reading (``| head``): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
