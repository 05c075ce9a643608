"""``newslint dupes``: near-duplicate pairs (copies and rewrites) and clusters among articles."""

from __future__ import annotations

import argparse
import sys

from newslint.cli import SUMMARIES
from newslint import __version__
from newslint.cli.common import (add_config_arguments, add_jobs_argument, add_output_arguments, add_progress_argument, load_setup,
                                 output_format, phases_for, use_color)
from newslint.dedup.pipeline import ENGINES
from newslint.errors import ConfigError, NewslintError
from newslint.formatters.dupes import RENDER, DupePair, DupesRun

HELP = SUMMARIES["dupes"]
DUPES_KEYS = {"use_index", "engine", "spark_master"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or folders (default: .)")
    add_output_arguments(p, (*RENDER, "html"))  # html: the editors' page, shared passages side by side
    add_config_arguments(p)
    add_jobs_argument(p)
    p.add_argument("--index", action="store_true", default=None,
                   help="also report pairs with stories in the configured index (config: dupes: {use_index: true})")
    p.add_argument("--engine", choices=ENGINES, default=None, help="what runs the comparison: local (one machine, default) "
                   "or spark (config: dupes: {engine: spark})")
    p.add_argument("--spark-master", metavar="URL", default=None, help="Spark master for --engine spark (default: local[*])")
    add_progress_argument(p)


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
    if raw.get("engine", "local") not in ENGINES:
        raise ConfigError(f"expected one of {', '.join(ENGINES)}, got {raw.get('engine')!r:.60}", settings.path, "dupes.engine")
    if not isinstance(raw.get("spark_master", ""), str):
        raise ConfigError("expected a Spark master URL such as local[*] or spark://HOST:7077", settings.path, "dupes.spark_master")
    return raw


def gather(paths: list[str], book, state, jobs: int | None, progress=None):
    """Features of every article in the files (see :func:`newslint.dedup.pipeline.gather`), with
    the notes said (below)."""
    from newslint.dedup.pipeline import gather as read_all

    return said(read_all(paths, book.settings, state.extractor, state.params, jobs, progress), progress)


def said(arts, progress=None):
    """Notes (skipped, re-encoded files, records over max_article_chars) and unreadable files, on
    standard error."""
    from newslint.formatters import printable

    if progress is not None:
        progress.close()
    for line in arts.notes:
        print(printable(f"newslint: note: {line}"), file=sys.stderr)
    for err in arts.unreadable:
        print(printable(f"newslint: {err}"), file=sys.stderr)
    return arts


def run(args: argparse.Namespace) -> int:
    from newslint.dedup.pipeline import engine_named, report, without_suppressed

    settings, book = load_setup(args, args.paths)
    conf = dupes_settings(settings)
    rule = near_duplicate_rule(book)
    params, ex = rule.state.params, rule.state.extractor
    engine = engine_named(args.engine or conf.get("engine", "local"), args.spark_master or conf.get("spark_master"))
    phases = phases_for(args)
    try:
        arts, found = engine.find(args.paths, settings, ex, params, args.jobs, phases)
        said(arts, phases)
        found = without_suppressed(found, arts.suppressed)
        pairs, groups = report(found, len(arts.names), arts.texts, arts.feats, params, ex, phases, engine.collection)
        names = arts.names
        out = [DupePair(names[p.a], names[p.b], p.kind, p.similarity, p.shared, p.adds, names[p.b]) for p in pairs]
        clusters = [[names[i] for i in g] for g in groups]
        use_index = conf.get("use_index", False) if args.index is None else args.index
        if use_index and not arts.feats and arts.names:
            raise NewslintError("dupes --index runs on the local engine only; query the index with 'newslint index query'")
        if use_index and arts.feats:
            from newslint.index import key_function, open_configured

            idx = open_configured(settings, params, create=False)
            try:
                key_of = key_function(settings, idx)
                for m in idx.query(arts.feats, arts.texts, ex, phases):
                    if m.key != key_of(names[m.query]) and not arts.suppressed[m.query]:
                        out.append(DupePair(names[m.query], m.key, m.kind, m.similarity, m.shared, m.adds, names[m.query]))
            finally:
                idx.close()
    finally:
        phases.close()
    fmt = output_format(args)
    found = DupesRun(out, clusters, len(names), __version__)
    if fmt == "html":
        from newslint.formatters.html import render_dupes

        place = {n: i for i, n in enumerate(names)}
        # The texts of the reported pairs, each file read once (a feed is not re-read per pair).
        texts = arts.texts(sorted({place[n] for pair in out for n in (pair.a, pair.b) if n in place}))
        sys.stdout.write(render_dupes(found, lambda n: texts.get(place[n]) if n in place else None))
    else:
        sys.stdout.write(RENDER[fmt](found, color=use_color(args, sys.stdout)))
    sys.stdout.flush()
    if arts.unreadable:
        return 2
    return 1 if out else 0
