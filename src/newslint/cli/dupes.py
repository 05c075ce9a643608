"""``newslint dupes``: near-duplicate pairs (copies and rewrites) and clusters among articles."""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from newslint.cli import SUMMARIES
from newslint import __version__
from newslint.cli.common import Progress, add_config_arguments, add_jobs_argument, add_output_arguments, load_setup, output_format, use_color
from newslint.dedup import Features, compute, detect
from newslint.errors import ConfigError, NewslintError
from newslint.formatters.dupes import RENDER, DupePair, DupesRun
from newslint.runner import Source, discover, map_files, no_articles, read_file

HELP = SUMMARIES["dupes"]
DUPES_KEYS = {"use_index"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or folders (default: .)")
    add_output_arguments(p, (*RENDER, "html"))  # html: the editors' page, shared passages side by side
    add_config_arguments(p)
    add_jobs_argument(p)
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


@dataclass
class Articles:
    """The articles of a run, in file order. Texts are not kept: the few needed to describe
    reported pairs are read again by :meth:`text`."""

    names: list[str] = field(default_factory=list)  # path as given, or path#id for JSON Lines
    where: list[tuple[Path, str, int]] = field(default_factory=list)  # (path, display, article index in file)
    digests: list[bytes] = field(default_factory=list)
    feats: list[Features] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def text(self, i: int) -> str:
        path, display, k = self.where[i]
        articles = read_file(path, display).loaded.articles
        return articles[k].prose if k < len(articles) else ""


def _features(sources: list[Source], state) -> list[tuple[str | None, str | None, list[tuple[str, int, bytes, Features]]]]:
    """Per file: why it could not be read, a note (skipped, or read with a fallback encoding, as
    ``check`` says), and the name, place in the file, content digest and features of each article
    with text (computed for the whole chunk at once, with array operations)."""
    texts = [[(a.display_name, k, a.prose) for k, a in enumerate(s.loaded.articles) if a.prose.strip()] for s in sources]
    feats = iter(compute([t for arts in texts for _, _, t in arts], state.extractor, state.params.num_perm))
    return [(s.error, f"skipped ({s.loaded.skipped})" if s.loaded.skipped else s.loaded.note, [(name, k, hashlib.blake2b(t.encode("utf-8", "replace"), digest_size=8).digest(), next(feats))
                       for name, k, t in arts]) for s, arts in zip(sources, texts)]


def gather(paths: list[str], book, state, jobs: int | None) -> Articles:
    """Features of every article in the files, in file order; unreadable, skipped and re-encoded
    files are said on standard error."""
    files = discover(paths, book.settings)
    if not files:
        raise no_articles(paths)
    progress = Progress(len(files), "reading")
    out = Articles()
    notes: list[str] = []
    for (error, note, rows), (path, display) in zip(map_files(files, lambda sources: _features(sources, state), jobs, progress), files):
        if error:
            out.unreadable.append(f"{display}: {error}")
        elif note:
            notes.append(f"{display}: {note}")
        for name, k, digest, feats in rows:
            out.names.append(name)
            out.where.append((path, display, k))
            out.digests.append(digest)
            out.feats.append(feats)
    progress.close()
    from newslint.formatters import printable

    for line in notes:
        print(printable(f"newslint: note: {line}"), file=sys.stderr)
    for err in out.unreadable:
        print(printable(f"newslint: {err}"), file=sys.stderr)
    return out


def run(args: argparse.Namespace) -> int:
    settings, book = load_setup(args, args.paths)
    conf = dupes_settings(settings)
    rule = near_duplicate_rule(book)
    params, ex = rule.state.params, rule.state.extractor
    arts = gather(args.paths, book, rule.state, args.jobs)
    pairs, groups = detect(arts.feats, arts.text, params, ex) if arts.feats else ([], [])  # all skipped or unreadable
    names = arts.names
    out = [DupePair(names[p.a], names[p.b], p.kind, p.similarity, p.shared) for p in pairs]
    clusters = [[names[i] for i in g] for g in groups]
    use_index = conf.get("use_index", False) if args.index is None else args.index
    if use_index:
        from newslint.cli.index import keys_for, open_configured

        idx = open_configured(settings, params, create=False)
        try:
            keys = keys_for(names, book, idx)
            for m in idx.query(arts.feats, arts.text, ex):
                if m.key != keys[m.query]:
                    out.append(DupePair(names[m.query], m.key, m.kind, m.similarity, m.shared))
        finally:
            idx.close()
    fmt = output_format(args)
    found = DupesRun(out, clusters, len(names), __version__)
    if fmt == "html":
        from newslint.formatters.html import render_dupes

        place = {n: i for i, n in enumerate(names)}
        sys.stdout.write(render_dupes(found, lambda n: arts.text(place[n]) if n in place else None))
    else:
        sys.stdout.write(RENDER[fmt](found, color=use_color(args, sys.stdout)))
    sys.stdout.flush()
    if arts.unreadable:
        return 2
    return 1 if out else 0
