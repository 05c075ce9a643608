"""``newslint check``: lint articles."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from newslint.cli import SUMMARIES
from newslint.cli.common import (add_config_arguments, add_jobs_argument, add_output_arguments, add_progress_argument, emit,
                                 keep_programs, load_setup, output_format, phases_for, render_ahead)
from newslint.corpus_phase import check_corpus, corpus_rules, digest_collected
from newslint.engine import FileReport, check_file, exit_code
from newslint.errors import REPORT_BUG, CorpusFailure, NewslintError
from newslint.findings import LEVELS
from newslint.runner import Source, discover, display_name, map_files, no_articles, read_file

HELP = SUMMARIES["check"]
DIGEST_BATCH = 64  # reports whose collected texts are digested together


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or folders (default: .); - reads standard input")
    add_output_arguments(p)
    add_config_arguments(p)
    p.add_argument("--fail-on", choices=LEVELS, default=None, help="lowest level that makes the exit code 1 (default: error)")
    p.add_argument("--select", metavar="IDS", help="only these rules, comma-separated")
    p.add_argument("--ignore", metavar="IDS", help="skip these rules, comma-separated")
    p.add_argument("--fix", action="store_true", help="remove what fixable rules found (boilerplate endings) in place")
    add_jobs_argument(p)
    p.add_argument("--stdin-filename", metavar="NAME", default="<stdin>", help="name (and format, by suffix) for standard input")
    add_progress_argument(p)


def _digest(reports: list[FileReport], book, corpus) -> list[FileReport]:
    """Hand what these reports collected to the corpus process, or turn it into the corpus kinds'
    compact form here when there is none."""
    if corpus is None:
        return digest_collected(reports, book)
    corpus.add(reports)
    return reports


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split(",") if x.strip()) if value else ()


def run(args: argparse.Namespace) -> int:
    # An article's derived structure is many small tuples and no reference cycles; the default
    # collector thresholds rescan them again and again (a 50 MB article ran 1.5x slower).
    gc.set_threshold(100_000, 50, 100)
    named = [p for p in args.paths if p != "-"] or [args.stdin_filename]  # standard input alone: as the file it names
    settings, book = load_setup(args, named)
    gc.freeze()  # rules and modules live for the whole run: never scan them again
    if args.select or args.ignore:
        from dataclasses import replace

        from newslint.engine import RuleBook

        settings = replace(settings, select=_ids(args.select) or settings.select,
                           ignore=settings.ignore + _ids(args.ignore), path="command line")
        book = RuleBook(list(book.all.values()), settings)
    fail_on = args.fail_on or settings.fail_on
    stdin_used = "-" in args.paths
    if stdin_used and args.fix:
        raise NewslintError("--fix cannot be used with standard input")
    paths = [p for p in args.paths if p != "-"]
    files = discover(paths, settings) if paths else []
    if paths and not files and not stdin_used and not any(Path(p).is_file() for p in paths):
        raise no_articles(paths)
    many = len(files) + stdin_used > 1
    # The corpus process started at launch (see newslint.corpus_process) compares the articles,
    # when there is something to compare; else it is stopped now, before it takes a core.
    corpus = getattr(args, "corpus_process", None)
    if corpus is not None:
        rules = corpus_rules(book)  # on somewhere: here, or for some paths (overrides)
        on = any(r.compares for r in book.base) or bool(rules and book.settings.overrides)
        if on and (many or book.settings.index):
            corpus.rules(rules, book.settings)
        else:
            corpus.close()
            corpus = None

    def lint(sources: list[Source]) -> list[FileReport]:
        return [check_file(s, book, args.fix) for s in sources]

    def preload() -> None:  # what every worker uses (the attribution lexicon), built once before they fork
        for rule in (r for r in book.base if hasattr(r.kind, "preload")):
            rule.kind.preload(rule.state)

    # What only this process needs (the near-duplicate tokenizer, NumPy), built while the workers
    # work; nothing when the corpus process has it. Handed to the pool only when there is something
    # to build: the pool gives the workers large queues of chunks while this process is busy, and
    # balances them chunk by chunk otherwise.
    warming = [r for r in book.base if hasattr(r.kind, "warm")] if corpus is None else []

    def warm() -> None:
        for rule in warming:
            rule.kind.warm(rule.state)

    reports: list[FileReport] = []
    pending: list[FileReport] = []  # not yet digested (below)
    if stdin_used:
        name = args.stdin_filename
        pending += lint([read_file(Path(name), display_name(name), sys.stdin.buffer.read())])  # its format by its name
    phases = phases_for(args)
    fmt = output_format(args)
    ahead = None

    def render() -> None:  # while the corpus process compares (see emit)
        nonlocal ahead
        ahead = render_ahead(args, fmt, reports)

    # A corpus kind that fails (a bug) costs its comparison only: the reports go on without it.
    failed: CorpusFailure | None = None

    def digest(batch: list[FileReport]) -> list[FileReport]:
        nonlocal corpus, failed
        if failed is None:
            try:
                return _digest(batch, book, corpus)
            except CorpusFailure as exc:
                failed = exc
                if corpus is not None:
                    corpus.close()
                    corpus = None
        return batch

    try:
        # Compare-all kinds (near-duplicate) turn what they collected into compact features a batch
        # at a time as the reports come in, in the corpus process or here (in a parallel run, while
        # the workers go on: the workers never import NumPy); a single article is compared with
        # nothing, or with the index (its kind then takes the text as it is).
        digesting = many or corpus is not None
        # (The workers close this process's pipes to the corpus process: only it talks to it.)
        private = (corpus.tasks, corpus.results) if corpus is not None else ()
        for report in map_files(files, lint, args.jobs, phases("checking", len(files)), warm=preload, meanwhile=warm if warming else None,
                                private=private):
            pending.append(report)
            if digesting and len(pending) >= DIGEST_BATCH:
                reports += digest(pending)
                pending = []
        reports += digest(pending) if digesting and pending else pending
        if failed is None:
            try:
                reports = check_corpus(reports, book, phases, corpus.finish(phases, render) if corpus is not None else None)
            except CorpusFailure as exc:
                failed = exc
    finally:
        phases.close()
    extra = {}
    if fmt == "html" and settings.index:  # the indexed stories side by side, as the desk shows them
        from newslint.web.service import file_neighbours

        extra["neighbours"] = file_neighbours(reports, settings, book)
    emit(args, fmt, reports, book, ahead=ahead, **extra)
    keep_programs()  # after the output: a pre-commit hook's user sees the findings first
    if failed is not None:
        from newslint.formatters.escape import visible

        print(visible(f"newslint: error: {failed.rule}: comparing the articles failed ({failed.what}); every other rule's "
                      f"findings are above: {REPORT_BUG}"), file=sys.stderr)
        return max(2, exit_code(reports, fail_on))
    if any(r.error for r in reports):
        return max(2, exit_code(reports, fail_on))
    return exit_code(reports, fail_on)
