"""``newslint rules [ID]``: the rules with their level and summary, or one rule's full doc."""

from __future__ import annotations

import argparse

import yaml

from newslint.cli import SUMMARIES
from newslint.cli.common import add_config_arguments, load_setup
from newslint.engine import DIAGNOSTICS
from newslint.errors import NewslintError, quoted

HELP = SUMMARIES["rules"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("rule", nargs="?", metavar="ID", help="a rule id")
    add_config_arguments(p)


def _block(text) -> str:
    s = text if isinstance(text, str) else yaml.safe_dump(text, sort_keys=False).strip()
    return "\n".join("    " + line for line in s.strip().splitlines())


def run(args: argparse.Namespace) -> int:
    settings, book = load_setup(args, ["."])
    if args.rule is None:
        width = max(len(r) for r in [*book.all, *DIAGNOSTICS])
        enabled = {r.id: r.rule.level for r in book.base}
        for rid, compiled in book.all.items():
            level = enabled.get(rid, "off")
            print(f"{rid:<{width}}  {level:<7}  {compiled.rule.summary}")
        for rid, (level, summary) in DIAGNOSTICS.items():
            print(f"{rid:<{width}}  {level:<7}  {summary} (built in)")
        return 0
    if args.rule in DIAGNOSTICS:
        level, summary = DIAGNOSTICS[args.rule]
        print(f"{args.rule} ({level}, built in)\n\n{summary}")
        return 0
    compiled = book.all.get(args.rule)
    if compiled is None:
        raise NewslintError(f"unknown rule {quoted(args.rule)} (see 'newslint rules')")
    r = compiled.rule
    print(f"{r.id} ({r.level}, kind {r.kind})\n\n{r.summary}\n\nWhy it matters:\n{_block(r.why)}\n")
    print(f"Message:\n    {r.message}\n\nOptions:\n{_block(dict(r.options))}\n")
    if r.fix:
        print(f"Fix:\n{_block(r.fix)}\n")
    for label, items in (("Fails on", r.examples_fail), ("Passes", r.examples_pass)):
        for ex in items:
            print(f"{label}:\n{_block(ex)}\n")
    print(f"Defined in {r.path}")
    return 0
