"""``newslint index add|query|remove|stats``: the persistent index of published stories."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from newslint.cli import SUMMARIES
from newslint.cli.common import Progress, add_config_arguments, add_jobs_argument, load_setup
from newslint.cli.dupes import gather, near_duplicate_rule
from newslint.dedup.pairs import Params
from newslint.index import Entry, IndexSettings, index_key, index_settings, key_base, open_index

HELP = SUMMARIES["index"]
ADD_BATCH = 500  # articles per transaction: a killed process loses at most the batch in flight


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    for name, helptext in (("add", "add or update articles (unchanged ones are skipped)"),
                           ("query", "report indexed stories that the articles copy or rewrite"),
                           ("remove", "remove articles by id (the path or path#id they were added as)"),
                           ("stats", "size and settings of the index")):
        s = sub.add_parser(name, help=helptext, description=helptext)
        if name in ("add", "query"):
            s.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        if name == "remove":
            s.add_argument("ids", nargs="+", metavar="ID")
        s.add_argument("--format", choices=("text", "json"), default="text")
        s.add_argument("--color", choices=("auto", "always", "never"), default="auto")
        s.add_argument("--index", metavar="FILE", help="index file (default: index.path in .newslint.yaml, else .newslint/index.sqlite)")
        add_jobs_argument(s)
        add_config_arguments(s)


def open_configured(settings, params: Params, create: bool, override: str | None = None, write: bool | None = None):
    s = index_settings(settings.index, settings.root, settings.path)
    if override:
        s = IndexSettings(Path(override), s.backend)
    return open_index(s, params, create=create, write=write)


def run(args: argparse.Namespace) -> int:
    settings, book = load_setup(args, getattr(args, "paths", None) or ["."])
    state = near_duplicate_rule(book).state
    params = state.params
    idx = open_configured(settings, params, create=args.action == "add", override=args.index,
                          write=args.action in ("add", "remove"))
    try:
        return ACTIONS[args.action](args, book, state, idx)
    finally:
        idx.close()


def keys_for(names: list[str], book, idx) -> list[str]:
    """The index keys of articles named as given on this command line."""
    base = key_base(book.settings.root, book.settings.path is not None, Path(idx.path))
    return [index_key(n, base) for n in names]


def _add(args, book, state, idx) -> int:
    arts = gather(args.paths, book, state, args.jobs)
    keys = keys_for(arts.names, book, idx)
    for k, n in Counter(keys).items():
        if n > 1:  # JSON Lines records sharing an id: one story, updated in place
            print(f"newslint: note: {k} is given {n} times; the index keeps the last", file=sys.stderr)
    changed = same = 0
    progress = Progress(len(arts.names), "indexing")
    for i in range(0, len(arts.names), ADD_BATCH):
        entries = [Entry(keys[j], arts.digests[j], arts.feats[j]) for j in range(i, min(i + ADD_BATCH, len(arts.names)))]
        c, s = idx.add(entries)
        changed, same = changed + c, same + s
        progress(len(entries))
    progress.close()
    total = idx.stats()["articles"]
    _out(args, {"added": changed, "unchanged": same, "articles": total},
         f"added or updated {changed}, unchanged {same}; the index holds {total} article{'' if total == 1 else 's'}")
    return 2 if arts.unreadable else 0


def _query(args, book, state, idx) -> int:
    arts = gather(args.paths, book, state, args.jobs)
    keys = keys_for(arts.names, book, idx)
    matches = [m for m in idx.query(arts.feats, arts.text, state.extractor) if m.key != keys[m.query]]
    doc = {"version": 1, "matches": [{"a": arts.names[m.query], "b": m.key, "kind": m.kind,
                                      "similarity": m.similarity, "shared": list(m.shared)} for m in matches]}
    lines = [f"{arts.names[m.query]} ~ indexed {m.key}: {m.kind} {m.similarity:.2f}"
             + (f"\n  shared: {'; '.join(m.shared)}" if m.shared else "") for m in matches]
    lines.append(f"{len(matches)} match{'' if len(matches) == 1 else 'es'} for {len(arts.names)} article{'' if len(arts.names) == 1 else 's'}")
    _out(args, doc, "\n".join(lines))
    return 1 if matches else 0


def _remove(args, book, state, idx) -> int:
    # As added, or as this command line names the file; each id is removed on its own so that the
    # ones not in the index can be named.
    missing = [i for i, key in zip(args.ids, keys_for(args.ids, book, idx)) if not idx.remove(sorted({i, key}))]
    n = len(args.ids) - len(missing)
    text = f"removed {n} of {len(args.ids)}" + (f"; not in the index: {', '.join(missing)}" if missing else "")
    _out(args, {"removed": n, "missing": missing}, text)
    return 0 if not missing else 1


def _stats(args, book, state, idx) -> int:
    st = idx.stats()
    _out(args, st, "\n".join(f"{k}: {v}" for k, v in st.items()))
    return 0


def _out(args, doc: dict, text: str) -> None:
    from newslint.formatters import printable

    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n" if args.format == "json" else printable(text) + "\n")
    sys.stdout.flush()


ACTIONS = {"add": _add, "query": _query, "remove": _remove, "stats": _stats}
