"""The one near-duplicate pipeline that ``dupes``, ``index`` and ``check`` run.

files -> :func:`gather` (read and load on all cores; per article its name, digest, features and
whether it disables the rule) -> an engine's :meth:`pairs` (signatures -> LSH and rare-word
candidates -> exact confirmation) -> :func:`report` (what each pair shares, read from the texts of
the reported articles only, each file read once) and clusters.

Engines are chosen by configuration (``dupes: {engine: local|spark}`` or ``--engine``); the steps
never branch on which one runs. ``progress(label, total)`` (optional everywhere) starts a phase and
returns the function that counts its steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Protocol, Sequence

from newslint.dedup import Reported, addition, describe
from newslint.dedup.features import Extractor
from newslint.dedup.model import BATCH, Features, compute
from newslint.dedup.pairs import Collection, Pair, Params, clusters, find_pairs

Phases = Callable[[str, int], Callable[[int], None]]
RULE = "near-duplicate"


@dataclass
class Articles:
    """The articles of a run, in file order. Texts are not kept: those needed to describe reported
    pairs are read again by :meth:`texts`, each file once."""

    names: list[str] = field(default_factory=list)  # path as given, or path#id for JSON Lines
    where: list[tuple[Path, str, int]] = field(default_factory=list)  # (path, display, article index in file)
    digests: list[bytes] = field(default_factory=list)
    feats: list[Features] = field(default_factory=list)
    suppressed: list[bool] = field(default_factory=list)  # the article disables near-duplicate
    unreadable: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    known: dict[int, str] = field(default_factory=dict)  # texts with no file to read them from (Parquet rows)

    def texts(self, ids: Sequence[int]) -> dict[int, str]:
        """The compared text of these articles, reading each of their files once (a JSON Lines
        feed of 20,000 records was read again for every reported pair)."""
        from newslint.runner import read_file

        by_file: dict[tuple[Path, str], list[int]] = {}
        out: dict[int, str] = {i: self.known[i] for i in ids if i in self.known}
        for i in ids:
            if i in out:
                continue
            path, display, _ = self.where[i]
            by_file.setdefault((path, display), []).append(i)
        for (path, display), wanted in by_file.items():
            articles = read_file(path, display).loaded.articles
            for i in wanted:
                k = self.where[i][2]
                out[i] = articles[k].prose if k < len(articles) else ""
        return out


def _file_features(sources, extractor: Extractor, num_perm: int, max_chars: int):
    """Per file: why it could not be read, notes (skipped, decoded with a fallback encoding, records
    over ``max_chars``), and per article with text its name, place, digest, features and whether it
    disables the rule (features computed for the whole chunk at once, with array operations)."""
    from newslint.corpus_phase import suppressing

    texts, notes = [], []
    for s in sources:
        arts, said = [], []
        if s.loaded.skipped:
            said.append(f"skipped ({s.loaded.skipped})")
        elif s.loaded.note:
            said.append(s.loaded.note)
        for k, a in enumerate(s.loaded.articles):
            if len(a.source) > max_chars:
                said.append(f"{a.display_name}: {len(a.source):,} characters, over the limit of {max_chars:,} "
                            "(max_article_chars): not compared")
            elif a.prose.strip():
                arts.append((a.display_name, k, a.prose, bool(suppressing(a, RULE))))
        texts.append(arts)
        notes.append(said)
    import hashlib  # here, not at import: check imports this module and hashes nothing (~6 ms)

    feats = iter(compute([t for arts in texts for _, _, t, _ in arts], extractor, num_perm))
    return [(s.error, said, [(name, k, hashlib.blake2b(t.encode("utf-8", "replace"), digest_size=8).digest(), next(feats), off)
                             for name, k, t, off in arts]) for s, arts, said in zip(sources, texts, notes)]


def gather(paths: list[str], settings, extractor: Extractor, params: Params, jobs: int | None,
           progress: Phases | None = None) -> Articles:
    """Features of every article in the files, in file order (read on all cores)."""
    from newslint.runner import discover, map_files, no_articles

    files = discover(paths, settings)
    if not files:
        raise no_articles(paths)
    tick = progress("reading", len(files)) if progress else None
    out = Articles()
    limit = settings.max_article_chars
    work = lambda sources: _file_features(sources, extractor, params.num_perm, limit)  # noqa: E731
    for (error, said, rows), (path, display) in zip(map_files(files, work, jobs, tick), files):
        if error:
            out.unreadable.append(f"{display}: {error}")
        out.notes.extend(line if line.startswith(display) else f"{display}: {line}" for line in said)
        for name, k, digest, feats, off in rows:
            out.names.append(name)
            out.where.append((path, display, k))
            out.digests.append(digest)
            out.feats.append(feats)
            out.suppressed.append(off)
    return out


class Engine(Protocol):
    def find(self, paths: list[str], settings, extractor: Extractor, params: Params, jobs: int | None,
             progress: Phases | None = None) -> tuple[Articles, list[Pair]]: ...


class LocalEngine:
    """One machine: files read on all cores, then the array code of :mod:`newslint.dedup.pairs`."""

    def __init__(self) -> None:
        self.collection: Collection | None = None  # of the last run, reused to describe its pairs

    def find(self, paths: list[str], settings, extractor: Extractor, params: Params, jobs: int | None,
             progress: Phases | None = None) -> tuple[Articles, list[Pair]]:
        arts = gather(paths, settings, extractor, params, jobs, progress)
        return arts, self.pairs(arts.feats, params, progress)

    def pairs(self, feats: Sequence[Features], params: Params, progress: Phases | None = None) -> list[Pair]:
        if len(feats) < 2:
            return []
        self.collection = Collection(feats, params.reference_docs)
        return find_pairs(self.collection, params, None, progress)


def report(pairs: Sequence[Pair], n: int, texts_of: Callable[[Sequence[int]], Mapping[int, str]], feats: Sequence[Features],
           params: Params, ex: Extractor, progress: Phases | None = None,
           coll: Collection | None = None) -> tuple[list[Reported], list[list[int]]]:
    """Pairs with what they share and, for rewrites, what the second article adds (the texts of the
    reported articles read in one go) and clusters. ``coll``: the engine's collection of these
    features, when it kept one."""
    if pairs and coll is None:
        coll = Collection(feats, params.reference_docs)
    texts = texts_of(sorted({p.a for p in pairs} | {p.b for p in pairs if p.kind == "rewrite"})) if pairs else {}
    tick = progress("describing pairs", len(pairs)) if progress and pairs else None
    out = []
    prepared = _Prepared(ex, list(texts.values()))
    for p in pairs:
        adds = addition(p, texts[p.b], coll, prepared) if p.kind == "rewrite" else None  # type: ignore[arg-type]
        out.append(Reported(p.a, p.b, p.kind, p.similarity, describe(p, texts[p.a], coll, prepared), adds))  # type: ignore[arg-type]
        if tick:
            tick(1)
    return out, clusters(n, pairs)


class _Prepared:
    """The extractor, with these texts already extracted together, a batch at a time: extracting
    one of them alone (as describing a pair does, once per pair) returns its view of the batch
    (:meth:`Batch.text`), the same features without tokenizing it again. Anything else is the
    extractor's."""

    def __init__(self, ex: Extractor, texts: list[str]) -> None:
        self._ex = ex
        self._at: dict[str, tuple[int, int]] = {}
        self._batches: list = []
        for lo in range(0, len(texts), BATCH):
            self._batches.append((texts[lo : lo + BATCH], None))
            for k, t in enumerate(texts[lo : lo + BATCH]):
                self._at.setdefault(t, (len(self._batches) - 1, k))

    def extract(self, texts: list[str]):
        where = self._at.get(texts[0]) if len(texts) == 1 else None
        if where is None:
            return self._ex.extract(texts)
        chunk, batch = self._batches[where[0]]
        if batch is None:
            batch = self._ex.extract(chunk)
            self._batches[where[0]] = (chunk, batch)
        return batch.text(where[1])

    def __getattr__(self, name: str):
        return getattr(self._ex, name)


def without_suppressed(pairs: Sequence[Pair], suppressed: Sequence[bool]) -> list[Pair]:
    """A pair is reported while one of its articles does not disable the rule (as ``check`` reports
    it on that article); a pair of two articles that both disable it is not."""
    return [p for p in pairs if not (suppressed[p.a] and suppressed[p.b])]


def engine_named(name: str, master: str | None = None) -> Engine:
    if name == "spark":
        from newslint.dedup.spark import SparkEngine

        return SparkEngine(master)
    return LocalEngine()


ENGINES = ("local", "spark")
