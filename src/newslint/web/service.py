"""What the server does with an article, as plain functions with no web library in them: the same
reading, linting and formatting as ``newslint check`` (so that ``POST /api/check`` answers exactly
what ``check --format json`` prints), the served folders' list, and the index look-up behind the
desk's near-duplicates."""

from __future__ import annotations

import argparse
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from newslint import __version__
from newslint.cli.common import load_setup, rule_docs
from newslint.config import Settings, find_config
from newslint.corpus_phase import check_corpus
from newslint.engine import FileReport, RuleBook, check_file
from newslint.errors import NewslintError
from newslint.formatters import Run, json_format
from newslint.formatters import html as html_format
from newslint.formatters.html import Neighbour, Passage, passage_in
from newslint.loaders import FORMATS, Loaded
from newslint.runner import discover, read_file

DEFAULT_NAME = "<stdin>"  # as ``check -`` without --stdin-filename


class BadRequest(ValueError):
    """A request the server answers with 400 and this message."""


def safe_name(name: str | None) -> str:
    """The file name a request gives its article: only a name (it picks the format and the
    configuration, as ``--stdin-filename`` does), never a file to read, and never outside the
    served folder."""
    if not name:
        return DEFAULT_NAME
    if len(name) > 255 or any(ord(c) < 32 or c == "\x7f" for c in name):
        raise BadRequest("filename must be a short file name without control characters")
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or (parts and parts[0].endswith(":")):
        raise BadRequest(f"filename must be relative to the served folder, without '..': {name!r}")
    return name


class Setups:
    """Settings and rules as ``check`` finds them for a file of a given name (the nearest
    configuration above it), loaded once per configuration file and kept."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[Settings, RuleBook]] = {}

    def for_name(self, name: str) -> tuple[Settings, RuleBook]:
        key = "default"
        if not self.args.no_config and not self.args.config:
            start = Path(name if name != DEFAULT_NAME else ".")
            while not start.exists() and start.parent != start:  # as check does for a new file's name
                start = start.absolute().parent
            key = str(find_config(start))
        with self._lock:
            if key not in self._cache:
                self._cache[key] = load_setup(self.args, [name] if name != DEFAULT_NAME else [])
            return self._cache[key]


@dataclass(frozen=True)
class Checked:
    """One article checked as ``check`` checks standard input named ``name``."""

    report: FileReport
    loaded: Loaded
    settings: Settings
    book: RuleBook

    def json(self) -> str:
        """What ``newslint check --format json --stdin-filename NAME -`` prints."""
        return json_format.render(self.run())

    def run(self) -> Run:
        return Run([self.report], rule_docs(self.book), __version__)


def check_bytes(setups: Setups, name: str, data: bytes) -> Checked:
    settings, book = setups.for_name(name)
    source = read_file(Path(name), name, data, FORMATS.get(Path(name).suffix.lower(), "text"))
    [report] = check_corpus([check_file(source, book)], book)
    return Checked(report, source.loaded, settings, book)


def html_page(checked: Checked) -> str:
    """The report page, as ``check --format html`` writes it, with the text that was sent and the
    near-duplicates found in the configured index."""
    return html_format.render(checked.run(), sources={checked.report.path: checked.loaded},
                              neighbours=index_neighbours(checked.loaded, checked.settings, checked.book))


def index_neighbours(loaded: Loaded, settings: Settings, book: RuleBook) -> dict[str, list[Neighbour]]:
    """Stories in the configured index that the articles copy or rewrite, by article name, with the
    passages they share in both texts where the other one can still be read. The one place the
    report pages call the near-duplicate machinery (the same entry points as ``newslint index query``)."""
    if not settings.index:
        return {}
    from newslint.cli.dupes import near_duplicate_rule
    from newslint.dedup import compute
    from newslint.index import configured_index
    from newslint.kinds.near_duplicate import text_of

    state = near_duplicate_rule(book).state
    articles = [a for a in loaded.articles if text_of(a).strip()]
    if not articles:
        return {}
    opened = configured_index(settings, state.params)  # None: no index yet
    if opened is None:
        return {}
    idx, key_of = opened
    texts = [text_of(a) for a in articles]
    feats = compute(texts, state.extractor, state.params.num_perm)
    try:
        names = [a.display_name for a in articles]
        found = idx.query(feats, lambda ids: {i: texts[i] for i in ids}, state.extractor)
        matches = [m for m in found if m.key != key_of(names[m.query])]
    finally:
        idx.close()
    out: dict[str, list[Neighbour]] = {}
    for m in sorted(matches, key=lambda m: -m.similarity):
        other = _indexed_article(settings.root, m.key)
        mine = texts[m.query]
        theirs = text_of(other) if other is not None else None
        passages = tuple(Passage(passage_in(mine, p), passage_in(theirs, p) if theirs else None)
                         for p in m.shared if m.kind == "copy" and passage_in(mine, p))
        out.setdefault(names[m.query], []).append(
            Neighbour(m.key, other.title if other is not None else None, m.kind, m.similarity, m.shared, passages,
                      f"this story {m.adds.summary()}" if m.adds is not None else ""))
    return out


def _indexed_article(root: Path, key: str):
    """The indexed story's article, read from the configuration's folder if it is still there."""
    head, sep, rid = key.rpartition("#")
    path = head if sep and head.lower().endswith(".jsonl") else key
    file = (root / path).resolve()
    if not file.is_relative_to(root.resolve()) or not file.is_file():
        return None
    articles = read_file(file, path).loaded.articles
    if sep and path != key:
        return next((a for a in articles if a.id == rid), None)
    return articles[0] if articles else None


def file_neighbours(reports: list[FileReport], settings: Settings, book: RuleBook) -> dict[str, list[Neighbour]]:
    """For ``check --format html``: the index matches of the files that have a near-duplicate
    finding, read again from disk, so that the offline page shows what the desk shows."""
    out: dict[str, list[Neighbour]] = {}
    for r in reports:
        if any(f.rule == "near-duplicate" for f in r.findings) and Path(r.path).is_file():
            out.update(index_neighbours(read_file(Path(r.path), r.path).loaded, settings, book))
    return out


@dataclass
class Entry:
    """A checked file kept by the desk, with the stamp it was checked at."""

    stamp: tuple[int, int]  # (mtime_ns, size) when checked
    report: FileReport
    loaded: Loaded


@dataclass
class Library:
    """The articles under the served paths: checked once, then again when a file changes on disk
    (a scan runs in the background when the list is asked for, at most once a second)."""

    paths: list[str]
    settings: Settings
    book: RuleBook
    entries: dict[str, Entry] = field(default_factory=dict)
    reports: list[FileReport] = field(default_factory=list)
    done: int = 0
    total: int = 0
    error: str | None = None
    scanning: bool = False
    scanned_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refresh(self) -> None:
        with self.lock:
            if self.scanning or time.monotonic() - self.scanned_at < 1.0:
                return
            self.scanning = True
        threading.Thread(target=self._scan, name="newslint-scan", daemon=True).start()

    def _scan(self) -> None:
        try:
            files = discover(self.paths, self.settings)
            self.total, self.done = len(files), 0
            entries: dict[str, Entry] = {}
            changed = False
            for path, display in files:
                try:
                    st = os.stat(path)
                    stamp = (st.st_mtime_ns, st.st_size)
                except OSError:
                    stamp = (0, 0)
                old = self.entries.get(display)
                if old is not None and old.stamp == stamp:
                    entries[display] = old
                else:
                    source = read_file(path, display)
                    entries[display] = Entry(stamp, check_file(source, self.book), source.loaded)
                    changed = True
                self.done += 1
            if changed or entries.keys() != self.entries.keys():
                reports = check_corpus([e.report for e in entries.values()], self.book)
                with self.lock:
                    self.entries, self.reports, self.error = entries, reports, None
        except NewslintError as exc:
            self.error = str(exc)
        finally:
            with self.lock:
                self.scanning, self.scanned_at = False, time.monotonic()

    def listing(self) -> dict:
        """The files worst first: errors, then warnings, then bot-likeness."""
        with self.lock:
            reports = list(self.reports)
        rows = []
        for r in reports:
            levels = {"error": 0, "warning": 0, "info": 0}
            for f in r.findings:
                levels[f.level] += 1
            scores = [a.metrics.get("bot_likeness") for a in r.articles if a.metrics.get("bot_likeness_judged") is not False]
            score = max((s for s in scores if s is not None), default=None)
            rows.append({"path": r.path, "errors": levels["error"], "warnings": levels["warning"], "infos": levels["info"],
                         "bot_likeness": score, "note": r.error or (f"skipped: {r.skipped}" if r.skipped else r.note)})
        rows.sort(key=lambda x: (-x["errors"], -x["warnings"], -(x["bot_likeness"] or 0), x["path"]))
        return {"paths": self.paths, "scanning": self.scanning, "done": self.done, "total": self.total,
                "error": self.error, "files": rows}

    def _lookup(self, display: str) -> tuple[FileReport | None, Entry | None]:
        with self.lock:
            return next((r for r in self.reports if r.path == display), None), self.entries.get(display)

    def page(self, display: str) -> str | None:
        """The report page of one listed file (None if it is not one of them)."""
        report, entry = self._lookup(display)
        if report is None or entry is None:
            # Asked for before the first scan has reached it (a link followed while the list is
            # still being checked): wait for the scan rather than answer "not served".
            self.refresh()
            deadline = time.monotonic() + 120
            while self.scanning and time.monotonic() < deadline:
                time.sleep(0.05)
            report, entry = self._lookup(display)
        if report is None or entry is None:
            return None
        run = Run([report], rule_docs(self.book), __version__)
        return html_format.render(run, sources={display: entry.loaded})
