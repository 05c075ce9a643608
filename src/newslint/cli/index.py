"""``newslint index add|query|remove|stats|migrate``: the persistent index of published stories."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from newslint.cli import SUMMARIES
from newslint.cli.common import Phases, add_config_arguments, add_jobs_argument, add_progress_argument, load_setup, phases_for
from newslint.cli.dupes import gather, near_duplicate_rule
from newslint.errors import NewslintError
from newslint.index import Entry, IndexSettings, key_function, open_configured, open_index

HELP = SUMMARIES["index"]
ADD_BATCH = 500  # articles per transaction: a killed process loses at most the batch in flight


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    for name, helptext in (("add", "add or update articles (unchanged ones are skipped)"),
                           ("query", "report indexed stories that the articles copy or rewrite"),
                           ("remove", "remove articles by id (the path or path#id they were added as)"),
                           ("stats", "size and settings of the index"),
                           ("migrate", "copy every article of one index into another (SQLite file or redis:// URL)")):
        s = sub.add_parser(name, help=helptext, description=helptext)
        if name in ("add", "query"):
            s.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        if name == "remove":
            s.add_argument("ids", nargs="+", metavar="ID")
        if name == "migrate":
            s.add_argument("--from", dest="source", required=True, metavar="FILE_OR_URL", help="the index to copy")
            s.add_argument("--to", dest="target", required=True, metavar="FILE_OR_URL", help="the index to fill (made if missing)")
        s.add_argument("--format", choices=("text", "json"), default="text")
        s.add_argument("--color", choices=("auto", "always", "never"), default="auto")
        if name != "migrate":
            s.add_argument("--index", metavar="FILE_OR_URL", help="index file or redis://HOST:PORT/DB URL (default: index in "
                           ".newslint.yaml, else .newslint/index.sqlite)")
        add_jobs_argument(s)
        add_progress_argument(s)
        add_config_arguments(s)


def run(args: argparse.Namespace) -> int:
    settings, book = load_setup(args, getattr(args, "paths", None) or ["."])
    state = near_duplicate_rule(book).state
    phases = phases_for(args)
    try:
        if args.action == "migrate":
            return _migrate(args, state, phases)
        idx = open_configured(settings, state.params, create=args.action == "add", override=args.index,
                              write=args.action in ("add", "remove"))
        try:
            return ACTIONS[args.action](args, book, state, idx, phases)
        finally:
            idx.close()
    finally:
        phases.close()


def keys_for(names: list[str], book, idx, configured: bool | None = None) -> list[str]:
    """The index keys of articles named as given on this command line."""
    key_of = key_function(book.settings, idx, configured)
    return [key_of(n) for n in names]


def _add(args, book, state, idx, phases: Phases) -> int:
    arts = gather(args.paths, book, state, args.jobs, phases)
    keys = keys_for(arts.names, book, idx)
    for k, n in Counter(keys).items():
        if n > 1:  # JSON Lines records sharing an id: one story, updated in place
            print(_printable(f"newslint: note: {k} is given {n} times; the index keeps the last"), file=sys.stderr)
    # A file name that is not valid UTF-8 (legal on Linux) cannot be a key of any store: that
    # article is named and left out, the others are added.
    bad = [j for j, k in enumerate(keys) if not _utf8(k)]
    for j in bad:
        shown = arts.names[j].encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        print(_printable(f"newslint: {shown}: the file name is not valid UTF-8: not added (rename the file)"), file=sys.stderr)
    todo = [j for j in range(len(keys)) if j not in set(bad)]
    changed = same = 0
    tick = phases("indexing", len(todo))
    for i in range(0, len(todo), ADD_BATCH):
        entries = [Entry(keys[j], arts.digests[j], arts.feats[j]) for j in todo[i : i + ADD_BATCH]]
        c, s = idx.add(entries)
        changed, same = changed + c, same + s
        tick(len(entries))
    phases.close()
    total = idx.stats()["articles"]
    _out(args, {"added": changed, "unchanged": same, "articles": total},
         f"added or updated {changed}, unchanged {same}; the index holds {total} article{'' if total == 1 else 's'}")
    return 2 if arts.unreadable or bad else 0


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _query(args, book, state, idx, phases: Phases) -> int:
    arts = gather(args.paths, book, state, args.jobs, phases)
    keys = keys_for(arts.names, book, idx)
    found = idx.query(arts.feats, arts.texts, state.extractor, phases)
    phases.close()
    matches = [m for m in found if m.key != keys[m.query] and not arts.suppressed[m.query]]
    # For a rewrite, what the article brings that the indexed story lacks (its text is the one at hand).
    doc = {"version": 1, "matches": [{"a": arts.names[m.query], "b": m.key, "kind": m.kind, "similarity": m.similarity,
                                      "shared": list(m.shared),
                                      "adds": {"story": arts.names[m.query], **m.adds.as_dict(), "summary": m.adds.summary()}
                                      if m.adds is not None else None} for m in matches]}
    lines = [f"{arts.names[m.query]} ~ indexed {m.key}: {m.kind} {m.similarity:.2f}"
             + (f"\n  shared: {'; '.join(m.shared)}" if m.shared else "")
             + (f"\n  {arts.names[m.query]} {m.adds.summary()}" if m.adds is not None else "") for m in matches]
    lines.append(f"{len(matches)} match{'' if len(matches) == 1 else 'es'} for {len(arts.names)} article{'' if len(arts.names) == 1 else 's'}")
    _out(args, doc, "\n".join(lines))
    return 1 if matches else 0


def _remove(args, book, state, idx, phases: Phases) -> int:
    # As added, or as this command line names the file; each id is removed on its own so that the
    # ones not in the index can be named.
    missing = [i for i, key in zip(args.ids, keys_for(args.ids, book, idx)) if not idx.remove(sorted({i, key}))]
    n = len(args.ids) - len(missing)
    text = f"removed {n} of {len(args.ids)}" + (f"; not in the index: {', '.join(missing)}" if missing else "")
    _out(args, {"removed": n, "missing": missing}, text)
    return 0 if not missing else 1


def _stats(args, book, state, idx, phases: Phases) -> int:
    st = idx.stats()
    _out(args, st, "\n".join(f"{k}: {v}" for k, v in st.items()))
    return 0


def _migrate(args, state, phases: Phases) -> int:
    """Copy every article (its stored features, as they are) from one store to another."""
    source_s, target_s = IndexSettings.parse(args.source), IndexSettings.parse(args.target)
    if source_s == target_s:
        raise NewslintError("--from and --to name the same index", args.source)
    source = open_index(source_s, state.params, create=False, write=False)
    try:
        target = open_index(target_s, state.params, create=True, write=True)
        try:
            total = source.stats()["articles"]
            tick = phases("migrating", total)
            moved = 0
            for rows in source.store.rows():
                target.store.put_rows(rows)
                moved += len(rows)
                tick(len(rows))
            phases.close()
            held = target.stats()["articles"]
        finally:
            target.close()
    finally:
        source.close()
    _out(args, {"migrated": moved, "articles": held},
         f"migrated {moved} article{'' if moved == 1 else 's'} from {source.where} to {target.where}; it holds {held}")
    return 0


def _printable(text: str) -> str:
    from newslint.formatters import printable

    return printable(text)


def _out(args, doc: dict, text: str) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n" if args.format == "json" else _printable(text) + "\n")
    sys.stdout.flush()


ACTIONS = {"add": _add, "query": _query, "remove": _remove, "stats": _stats}
