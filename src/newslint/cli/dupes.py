"""``newslint dupes``: near-duplicate pairs (copies and rewrites) and clusters among articles."""

from __future__ import annotations

import argparse
import sys

from newslint.cli import SUMMARIES
from newslint import __version__
from newslint.cli.common import add_config_arguments, add_output_arguments, load_setup, output_format, use_color
from newslint.dedup import detect
from newslint.dedup.batch import Progress, gather
from newslint.errors import ConfigError, NewslintError
from newslint.formatters.dupes import RENDER, DupePair, DupesRun
from newslint.runner import discover, no_articles

HELP = SUMMARIES["dupes"]
DUPES_KEYS = {"use_index"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or folders (default: .)")
    add_output_arguments(p)
    add_config_arguments(p)
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help="processes to use (default: all cores)")
    p.add_argument("--index", action="store_true", default=None,
                   help="also report pairs with stories in the index (config: dupes: {use_index: true})")


def near_duplicate_rule(book):
    """The near-duplicate rule with the configured options, even when it is turned off for check."""
    rid = "near-duplicate"
    for r in book.base:
        if r.id == rid:
            return r
    if rid not in book.all:
        raise NewslintError("the near-duplicate rule is missing (is rules/near-duplicate.yaml installed?)")
    setting = book.settings.rules.get(rid)
    return book.all[rid].configured(None, dict(setting.options) if setting else None)


def dupes_settings(settings) -> dict:
    raw = dict(settings.dupes)
    unknown = sorted(set(map(str, raw)) - DUPES_KEYS)
    if unknown:
        raise ConfigError(f"unknown key (expected one of {', '.join(sorted(DUPES_KEYS))})", settings.path, f"dupes.{unknown[0]}")
    if not isinstance(raw.get("use_index", False), bool):
        raise ConfigError("expected true or false", settings.path, "dupes.use_index")
    return raw


def run(args: argparse.Namespace) -> int:
    settings, book = load_setup(args, args.paths)
    conf = dupes_settings(settings)
    if args.jobs is not None and args.jobs < 1:
        raise NewslintError("--jobs must be at least 1")
    rule = near_duplicate_rule(book)
    params = rule.state.params
    files = discover(args.paths, book)
    if not files:
        raise no_articles(args.paths)
    progress = Progress(len(files), "reading")
    ex = rule.state.extractor
    arts = gather(files, ex, params.num_perm, args.jobs, progress)
    progress.close()
    for err in arts.unreadable:
        print(f"newslint: {err}", file=sys.stderr)
    pairs, groups = detect(arts.feats, arts.text, params, ex)
    names = arts.names
    out = [DupePair(names[p.a], names[p.b], p.kind, p.similarity, p.shared) for p in pairs]
    clusters = [[names[i] for i in g] for g in groups]
    use_index = conf.get("use_index", False) if args.index is None else args.index
    if use_index:
        from newslint.cli.index import open_configured

        idx = open_configured(settings, params, create=False)
        try:
            for m in idx.query(arts.feats, arts.text):
                if m.key != names[m.query]:
                    out.append(DupePair(names[m.query], m.key, m.kind, m.similarity, m.shared))
        finally:
            idx.close()
    fmt = output_format(args)
    sys.stdout.write(RENDER[fmt](DupesRun(out, clusters, len(names), __version__), color=use_color(args, sys.stdout)))
    sys.stdout.flush()
    if arts.unreadable:
        return 2
    return 1 if out else 0
