"""The Spark engine: the same pipeline as :class:`~newslint.dedup.pipeline.LocalEngine`, on PySpark.

Every step runs the local array code of :mod:`newslint.dedup.pairs` in executors, on blocks of
articles held as flat NumPy arrays (no Python object per article or per pair crosses a shuffle),
so the pairs, kinds and similarities are the same numbers (a test compares the JSON of both
engines):

1. features: the input is cut into *blocks*, contiguous runs of articles (files in the order given,
   then Parquet partitions); each block is read in an executor with the local code and kept
   (cached) as arrays. The driver collects names and notes only, numbers the articles in the local
   engine's order, and sums the blocks' document frequencies of content words into the local
   24-bit table, which is broadcast;
2. candidates: each block emits its LSH band keys and its articles' prefixes of rarest words as
   arrays, routed by key; each key partition forms its buckets with the local rule
   (:func:`~newslint.dedup.pairs._bucket_pairs`: all pairs up to ``max_bucket`` members, else each
   member with the first) and sends the pair codes (int64) to the block of one of their articles,
   where rare-word pairs are counted (``candidate_min_shared``) as locally;
3. the rewrite prefilter: each block asks the blocks holding its candidates' articles for their
   content words only (one copy per article and asking block, not one per pair) and runs
   :func:`~newslint.dedup.pairs.rewrite_prefilter` on them;
4. confirmation: the survivors and the copy candidates fetch their articles' full features the same
   way and :func:`~newslint.dedup.pairs.confirm_candidates` scores them, as locally (a bitmap bound
   first for the copy candidates, the prefilter for those that are not copies);
5. clusters by connected components of the confirmed pairs (union-find on the driver, as locally:
   the pairs are few).

Texts never cross a shuffle; a block answers requests without being shuffled itself (the requests
are partitioned like the blocks, so a union of the two is read partition by partition).
``local[*]`` is the default master, so it runs on one machine; ``--spark-master spark://HOST:7077``
runs on a cluster whose executors can read the same paths.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np

from newslint.dedup.model import CONTENT_SPACE, Features, FeatureTable
from newslint.dedup.pairs import (Collection, Pair, Params, _bucket_pairs, _empty, _prefixes, bucket_codes, confirm_candidates,
                                  rewrite_prefilter)
from newslint.dedup.signatures import band_keys
from newslint.errors import NewslintError

BLOCK_BYTES = 128 << 20  # input bytes per block at most (fewer blocks: fewer copies of an article's rows in requests)
MIN_BLOCKS = 2  # per core, once there is enough input: blocks differ in work, more tasks than cores even it out
SMALL_BLOCK = 32 << 20  # input bytes per block below which a core gets one block (each task costs start-up time)
GROUP_BYTES = 16 << 20  # input bytes read and featured at once in an executor (one cached record)
SERVE_ROWS = 8192  # article rows per record sent: records of tens of MB, not hundreds, through the JVM
LOW = np.int64(0xFFFFFFFF)
# Local mode: the JVM only moves bytes between Python workers, and a run is short; the quick JIT
# alone starts Spark and its first jobs in about half the time (measured 5 + 2.5 s against 10 + 5).
JIT = " -XX:TieredStopAtLevel=1"


def _ident(k: int) -> int:
    """The partition function of every keyed step: keys are block numbers. One function object,
    so that all these RDDs have the same partitioner and a union of them is read partition by
    partition (Spark's partitioner-aware union) instead of shuffled again."""
    return k


def _same(it):
    return it


# ---------------------------------------------------------------------------------------------
# Articles as flat arrays


@dataclass
class _Rows:
    """Some articles' features in flat arrays, by article number (``ids``, sorted). Parts not
    needed by a step are ``None`` (the prefilter asks for content words only)."""

    ids: np.ndarray  # int64
    content: np.ndarray
    content_ptr: np.ndarray
    keys: np.ndarray | None = None
    keys_ptr: np.ndarray | None = None
    sigs: np.ndarray | None = None
    shingles: np.ndarray | None = None
    shingles_ptr: np.ndarray | None = None

    @staticmethod
    def of(feats: list[Features], num_perm: int) -> "_Rows":
        content, cp = _flat([f.content for f in feats])
        keys, kp = _flat([f.keys for f in feats])
        shingles, sp = _flat([f.shingles for f in feats])
        sigs = np.stack([f.sig for f in feats]) if feats else np.zeros((0, num_perm), dtype=np.uint16)
        return _Rows(np.arange(len(feats), dtype=np.int64), content, cp, keys, kp, sigs, shingles, sp)

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, rows: np.ndarray, full: bool) -> "_Rows":
        """These rows (positions): content words only, or every part."""
        content, cp = _gather(self.content, self.content_ptr, rows)
        if not full:
            return _Rows(self.ids[rows], content, cp)
        keys, kp = _gather(self.keys, self.keys_ptr, rows)
        shingles, sp = _gather(self.shingles, self.shingles_ptr, rows)
        return _Rows(self.ids[rows], content, cp, keys, kp, self.sigs[rows], shingles, sp)

    @staticmethod
    def merge(parts: list["_Rows"]) -> "_Rows":
        """Rows of any articles (some maybe in several parts), each once, in article order."""
        rows = _Rows.concat(parts)
        if not len(rows):
            return rows
        _, first = np.unique(rows.ids, return_index=True)
        return rows.take(first, True)

    @staticmethod
    def concat(parts: list["_Rows"]) -> "_Rows":
        """Rows of disjoint runs of articles, in article order."""
        parts = sorted((r for r in parts if len(r)), key=lambda r: int(r.ids[0]))
        if len(parts) == 1:
            return parts[0]

        def join(name: str) -> tuple[np.ndarray | None, np.ndarray | None]:
            if not parts or getattr(parts[0], name) is None:
                return None, None
            values = [getattr(r, name) for r in parts]
            ptrs = [getattr(r, name + "_ptr") for r in parts]
            ptr = np.zeros(sum(len(x) - 1 for x in ptrs) + 1, dtype=np.int64)
            at, base = 1, 0
            for x in ptrs:
                ptr[at : at + len(x) - 1] = x[1:] + base
                at, base = at + len(x) - 1, base + int(x[-1])
            return np.concatenate(values), ptr

        ids = np.concatenate([r.ids for r in parts]) if parts else np.zeros(0, dtype=np.int64)
        content, cp = join("content")
        if content is None:
            content, cp = np.zeros(0, dtype=np.uint32), np.zeros(1, dtype=np.int64)
        keys, kp = join("keys")
        shingles, sp = join("shingles")
        sigs = np.concatenate([r.sigs for r in parts]) if parts and parts[0].sigs is not None else None
        return _Rows(ids, content, cp, keys, kp, sigs, shingles, sp)


def _flat(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(arrays) + 1, dtype=np.int64)
    np.cumsum([len(a) for a in arrays], out=ptr[1:])
    return (np.concatenate(arrays).astype(np.uint32) if arrays else np.zeros(0, np.uint32)), ptr


def _gather(values: np.ndarray, ptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The slices of these rows of a flat array, as a new flat array and its pointers."""
    starts, lengths = ptr[rows], ptr[rows + 1] - ptr[rows]
    out_ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out_ptr[1:])
    positions = np.repeat(starts - out_ptr[:-1], lengths) + np.arange(out_ptr[-1])
    return values[positions], out_ptr


class _Part(Collection):
    """Some articles' rows seen as a :class:`~newslint.dedup.pairs.Collection` of the whole run: the
    local array code runs on it unchanged, with positions 0..m-1 for the articles (``ids`` gives
    their numbers) and the run's document frequencies and base."""

    def __init__(self, rows: _Rows, df: np.ndarray, base: int) -> None:  # noqa: D107 (no Collection.__init__: no counting)
        self.ids = rows.ids
        self.n = len(rows.ids)
        empty = np.zeros(0, dtype=np.uint32)
        keys, kp = (rows.keys, rows.keys_ptr) if rows.keys is not None else (empty, np.zeros(self.n + 1, dtype=np.int64))
        sigs = rows.sigs if rows.sigs is not None else np.zeros((self.n, 0), dtype=np.uint16)
        self.table = FeatureTable(rows.content, rows.content_ptr, keys, kp, sigs)
        self.feats = self.table
        self.sigs = sigs
        self.content, self.content_ptr = rows.content, rows.content_ptr
        self.keys, self.keys_ptr = keys, kp
        self.base = base
        self.vocab = None  # document frequencies from the direct-address table
        self.word_ids = None  # no sorted vocabulary: weights come from the run's frequencies
        self._weights = None
        self._df_table = df
        self._rows = rows
        self._load_shingles = self._shingles if rows.shingles is not None else None

    def _shingles(self, i: int) -> np.ndarray:
        r = self._rows
        return r.shingles[r.shingles_ptr[i] : r.shingles_ptr[i + 1]]  # type: ignore[index]

    def shingle_rows(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self._rows.shingles is None:
            return super().shingle_rows(rows)
        return _gather(self._rows.shingles, self._rows.shingles_ptr, rows)  # type: ignore[arg-type]

    def local(self, codes: np.ndarray) -> np.ndarray:
        """Pair codes of article numbers -> codes of positions (order kept: ``ids`` is sorted)."""
        a, b = np.searchsorted(self.ids, codes >> 32), np.searchsorted(self.ids, codes & LOW)
        return (a.astype(np.int64) << 32) | b

    def numbered(self, codes: np.ndarray) -> np.ndarray:
        return (self.ids[codes >> 32] << 32) | self.ids[codes & LOW]


class _ByNumber:
    """A :class:`_Part` addressed by article number (what describing the reported pairs needs)."""

    def __init__(self, part: _Part) -> None:
        self.part = part

    def feature(self, i: int) -> Features:
        return self.part.feature(int(np.searchsorted(self.part.ids, i)))

    def shingles(self, i: int) -> np.ndarray:
        return self.part.shingles(int(np.searchsorted(self.part.ids, i)))

    def __getattr__(self, name: str) -> Any:  # idf, dfs, base: the run's
        return getattr(self.part, name)


@dataclass
class _Group:
    """A group of files (or a Parquet partition) read in an executor: what the driver needs to
    name and number its articles, and their features. Articles are numbered by the driver; a
    group's articles get consecutive numbers from its ``start``."""

    gid: int
    names: list[str]
    where: list[tuple[int, int]]  # (file in the group, article in the file); (-1, row) for a Parquet row
    suppressed: list[bool]
    notes: list[tuple[str, str]]  # ("error" | "note", line), in file order
    rows: _Rows
    texts: list[str] | None = None  # Parquet rows only: they have no file to read them from again


# ---------------------------------------------------------------------------------------------
# The engine


class SparkEngine:
    def __init__(self, master: str | None = None, memory: str | None = None) -> None:
        self.master = master or "local[*]"
        self.memory = memory or os.environ.get("NEWSLINT_SPARK_MEMORY") or "4g"
        self.collection: _ByNumber | None = None  # the reported articles' features, for describing pairs
        self.timings: dict[str, float] = {}

    def session(self):
        """A SparkContext (a SparkSession, which Spark takes seconds more to build, only for Parquet)."""
        try:
            from pyspark import SparkConf, SparkContext
        except ImportError:
            raise NewslintError("--engine spark needs PySpark: pip install 'newslint[spark]' (and Java 17)") from None
        if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
            raise NewslintError("--engine spark needs Java 17 (Debian: apt-get install openjdk-17-jre-headless)")
        log = Path(__file__).with_name("spark-log4j2.properties").absolute().as_uri()
        conf = (SparkConf().setMaster(self.master).setAppName("newslint dupes")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.memory", self.memory).set("spark.python.worker.reuse", "true")
                .set("spark.driver.extraJavaOptions", f"-Dlog4j.configurationFile={log}{JIT if self.master.startswith('local') else ''}")
                .set("spark.executor.extraJavaOptions", f"-Dlog4j.configurationFile={log}"))
        if self.master.startswith("local"):
            # Executors are this machine's Python processes: the interpreter (and virtual
            # environment) that runs newslint. PySpark takes it from this variable only.
            os.environ["PYSPARK_PYTHON"] = sys.executable
        try:
            sc = SparkContext.getOrCreate(conf)
        except Exception as exc:  # Py4J and Java start-up errors: one line, not a Java stack
            raise NewslintError(f"Spark did not start on {self.master} ({str(exc).splitlines()[0][:300]})") from None
        sc.setLogLevel("ERROR")
        return sc

    def find(self, paths: list[str], settings, extractor, params: Params, jobs: int | None, progress=None):
        """(articles, pairs) as the local engine finds them, computed on Spark."""
        from newslint.dedup.pipeline import Articles

        t = time.perf_counter()
        sc = self.session()
        self._time("start", t)
        try:
            return self._find(sc, paths, settings, extractor.shingle, params, progress, Articles())
        except NewslintError:
            raise
        except Exception as exc:
            raise NewslintError(f"the Spark job failed ({_cause(exc)[:300]})") from None
        finally:
            sc.stop()

    def _time(self, step: str, since: float) -> None:
        """How long a step took; on standard error too with NEWSLINT_SPARK_TIMINGS=1 (the benchmark)."""
        self.timings[step] = time.perf_counter() - since
        if os.environ.get("NEWSLINT_SPARK_TIMINGS"):
            print(f"newslint: spark: {step} {self.timings[step]:.1f} s", file=sys.stderr, flush=True)

    def _find(self, sc, paths, settings, shingle: int, p: Params, progress, arts):
        from pyspark import StorageLevel

        from newslint.runner import discover, no_articles

        cores = max(1, sc.defaultParallelism)
        t = time.perf_counter()
        tick = progress("reading (spark)", 1) if progress else None
        parquet = [x for x in paths if x.lower().endswith(".parquet") or (Path(x).is_dir() and any(Path(x).glob("*.parquet")))]
        others = [x for x in paths if x not in parquet]
        files = discover(others, settings) if others else []
        if not files and not parquet:
            raise no_articles(paths)
        limit = settings.max_article_chars
        sizes = [_size(path) for path, _ in files]
        frames = []
        if parquet:
            from pyspark.sql import SparkSession

            spark = SparkSession(sc)
            frames = [spark.read.parquet(x) for x in parquet]
        for x, frame in zip(parquet, frames):
            if "text" not in frame.columns:
                raise NewslintError("a Parquet input needs a 'text' column", x)
        total = sum(sizes) + sum(_size(Path(x)) for x in parquet)
        # Blocks: a multiple of the cores, each at most BLOCK_BYTES of input. Groups of files are
        # contiguous runs of about GROUP_BYTES, never split a file, and fill the blocks in order.
        P = cores * max(min(MIN_BLOCKS, math.ceil(total / (cores * SMALL_BLOCK))), math.ceil(total / (cores * BLOCK_BYTES)), 1)
        groups = _file_groups(files, sizes, max(P, math.ceil(sum(sizes) / GROUP_BYTES))) if files else []
        splits = [f.rdd.getNumPartitions() for f in frames]
        G = len(groups) + sum(splits)
        pid = lambda gid: gid * P // G  # noqa: E731 (contiguous runs of groups per block)
        num_perm = p.num_perm
        parts = []
        if groups:
            keyed = [(pid(g), (g, chunk)) for g, chunk in enumerate(groups)]
            parts.append(sc.parallelize(keyed, min(P, len(keyed))).partitionBy(P, _ident)
                         .mapValues(lambda v: _read_group(v[0], v[1], shingle, num_perm, limit)))
        g0 = len(groups)
        for x, frame, n_split in zip(parquet, frames, splits):
            cols = frame.columns
            rows = frame.select("text", *(["id"] if "id" in cols else [])).rdd
            parts.append(rows.mapPartitionsWithIndex(lambda i, it, x=x, g0=g0: [(pid(g0 + i), _parquet_group(g0 + i, it, x, shingle, num_perm, limit))])
                         .partitionBy(P, _ident).mapPartitions(_same, preservesPartitioning=True))
            g0 += n_split
        # On disk: Spark checks its memory only every 16 records while it caches a partition, and a
        # record here is a whole group (measured: the JVM ran out of heap at 1M articles in memory).
        blocks = _together(parts, P).persist(StorageLevel.DISK_ONLY)
        # Names, notes and document frequencies to the driver; articles numbered in the local order
        # (files as given, articles in file order, then Parquet rows).
        meta = sorted(blocks.map(lambda kv: _meta(kv[1])).collect(), key=lambda m: m[0])
        starts = np.zeros(G + 1, dtype=np.int64)
        df = np.zeros(CONTENT_SPACE, dtype=np.uint32)
        for gid, names, where, off, notes, vocab, counts in meta:
            for kind, line in notes:
                (arts.unreadable if kind == "error" else arts.notes).append(line)
            starts[gid] = len(arts.names)
            arts.names.extend(names)
            files_of = groups[gid] if gid < len(groups) else []
            arts.where.extend((*files_of[i], k) if i >= 0 else None for i, k in where)
            arts.suppressed.extend(off)
            df[vocab] += counts.astype(np.uint32)
        starts[G] = len(arts.names)
        n = len(arts.names)
        block_start = np.array([starts[min(g for g in range(G + 1) if g == G or pid(g) >= b)] for b in range(P + 1)], dtype=np.int64)
        if tick:
            tick(1)
        self._time(f"reading and features ({n:,} articles, {G} groups in {P} blocks)", t)
        if n < 2:
            blocks.unpersist()
            return arts, []
        base = max(n, p.reference_docs) + 1
        t = time.perf_counter()
        tick = progress("finding candidates (spark)", 1) if progress else None
        starts_b, bounds_b, df_b = sc.broadcast(starts), sc.broadcast(block_start), sc.broadcast(df)
        keyed = lambda rdd: rdd.partitionBy(P, _ident).mapPartitions(_same, preservesPartitioning=True)  # noqa: E731
        cand = keyed(blocks.mapPartitions(lambda it: _emit_keys(it, p, starts_b, df_b, base, P)))
        cand = keyed(cand.mapPartitions(lambda it: _buckets(it, p, bounds_b)))
        asks = keyed(cand.mapPartitionsWithIndex(lambda t, it: _count(t, it, p, bounds_b))).persist(StorageLevel.MEMORY_AND_DISK)
        counted = asks.map(lambda kv: _sizes(kv[1])).fold((0, 0, 0), lambda x, y: tuple(a + b for a, b in zip(x, y)))
        if tick:
            tick(1)
        self._time(f"candidates ({counted[0]:,} copy, {counted[1]:,} rewrite; {counted[2]:,} article rows asked for)", t)
        t = time.perf_counter()
        tick = progress("confirming (spark)", 1) if progress else None
        served = keyed(_together([blocks, asks], P).mapPartitions(lambda it: _serve(it, starts_b, full=False)))
        asks2 = keyed(served.mapPartitionsWithIndex(lambda t, it: _prefilter(t, it, p, df_b, base, bounds_b))).persist(StorageLevel.MEMORY_AND_DISK)
        counted = asks2.map(lambda kv: _sizes(kv[1])).fold((0, 0, 0), lambda x, y: tuple(a + b for a, b in zip(x, y)))
        asks.unpersist()
        self._time(f"rewrite prefilter ({counted[0]:,} candidates left; {counted[2]:,} article rows asked for)", t)
        t = time.perf_counter()
        served = keyed(_together([blocks, asks2], P).mapPartitions(lambda it: _serve(it, starts_b, full=True)))
        # The confirmed pairs, and the features of their articles (to describe them) from the same tasks.
        confirmed = served.mapPartitionsWithIndex(lambda t, it: _confirm(t, it, p, df_b, base)).collect()
        asks2.unpersist()
        pairs = sorted((q for found, _ in confirmed for q in found), key=lambda q: (q.a, q.b))
        self.collection = _ByNumber(_Part(_Rows.merge([rows for _, rows in confirmed]), df, base))
        if frames and pairs:
            # Parquet rows have no file to read their text from again: the reported ones come back now.
            inv_b = sc.broadcast(np.unique(np.array([q.a for q in pairs] + [q.b for q in pairs], dtype=np.int64)))
            arts.known.update(blocks.flatMap(lambda kv: _texts(kv[1], inv_b, starts_b)).collect())
        if tick:
            tick(1)
        blocks.unpersist()
        self._time(f"confirmation ({len(pairs):,} pairs)", t)
        return arts, pairs


def _size(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(f.stat().st_size for f in path.rglob("*.parquet"))
        return path.stat().st_size
    except OSError:
        return 0


def _file_groups(files: list, sizes: list[int], count: int) -> list[list]:
    """At most ``count`` contiguous runs of the files, of about equal bytes (a file is not split:
    it goes to the run its middle byte falls in)."""
    weight = np.asarray(sizes, dtype=np.float64) + 1.0
    middle = np.cumsum(weight) - weight / 2
    run = np.minimum((middle * count / weight.sum()).astype(np.int64), count - 1)
    cuts = np.flatnonzero(np.diff(run)) + 1
    bounds = [0, *cuts.tolist(), len(files)]
    return [files[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def _together(rdds: list, P: int):
    """The union of RDDs keyed and partitioned by block: partition i holds every RDD's partition i
    (no shuffle). Should Spark not see one partitioner, a shuffle groups them by key instead."""
    u = rdds[0]
    for r in rdds[1:]:
        u = u.union(r)
    return u if u.getNumPartitions() == P else u.partitionBy(P, _ident)


def _cause(exc: BaseException) -> str:
    """The line of a Spark failure that says what went wrong (a Python error raised in an
    executor, else the first line)."""
    lines = [ln.strip().removeprefix(": ") for ln in str(exc).splitlines() if ln.strip()]
    errors = [ln for ln in lines if re.match(r"^[\w.]+(Error|Exception): ", ln)]
    return errors[-1] if errors else (lines[0] if lines else type(exc).__name__)


# ---------------------------------------------------------------------------------------------
# Executor side

_EXTRACTORS: dict[int, Any] = {}


def _extractor(shingle: int):
    from newslint.dedup.features import Extractor

    if shingle not in _EXTRACTORS:  # once per Python worker (workers are reused)
        _EXTRACTORS[shingle] = Extractor.create(shingle)
    return _EXTRACTORS[shingle]


def _read_group(gid: int, files: list[tuple[Path, str]], shingle: int, num_perm: int, limit: int) -> _Group:
    """Read and load a run of files and compute the features (the local code)."""
    from newslint.dedup.pipeline import _file_features
    from newslint.runner import read_file

    sources = [read_file(path, display) for path, display in files]
    g = _Group(gid, [], [], [], [], _Rows.of([], num_perm))
    feats = []
    for i, ((error, said, rows), (path, display)) in enumerate(zip(_file_features(sources, _extractor(shingle), num_perm, limit), files)):
        if error:
            g.notes.append(("error", f"{display}: {error}"))
        g.notes.extend(("note", line if line.startswith(display) else f"{display}: {line}") for line in said)
        for name, k, _, f, off in rows:
            g.names.append(name)
            g.where.append((i, k))
            g.suppressed.append(off)
            feats.append(f)
    g.rows = _Rows.of(feats, num_perm)
    return g


def _parquet_group(gid: int, it: Iterator[Any], path: str, shingle: int, num_perm: int, limit: int) -> _Group:
    """A Parquet partition's rows (``text``, optional ``id``) -> features, a batch at a time."""
    from newslint.dedup.model import compute

    ex = _extractor(shingle)
    g = _Group(gid, [], [], [], [], _Rows.of([], num_perm), [])
    feats: list[Features] = []
    batch: list[str] = []
    for k, row in enumerate(it):
        text = row["text"] or ""
        rid = row["id"] if "id" in row else k
        if len(text) > limit:
            g.notes.append(("note", f"{path}#{rid}: {len(text):,} characters, over the limit of {limit:,} (max_article_chars): not compared"))
        elif text.strip():
            g.names.append(f"{path}#{rid}")
            g.where.append((-1, k))
            g.suppressed.append(False)
            g.texts.append(text)  # type: ignore[union-attr]
            batch.append(text)
        if len(batch) >= 256:
            feats.extend(compute(batch, ex, num_perm))
            batch.clear()
    feats.extend(compute(batch, ex, num_perm))
    g.rows = _Rows.of(feats, num_perm)
    return g


def _meta(g: _Group) -> tuple:
    vocab, counts = np.unique(g.rows.content, return_counts=True)  # content words are unique per article
    return g.gid, g.names, g.where, g.suppressed, g.notes, vocab, counts


def _block(groups: list[_Group], starts: np.ndarray) -> _Rows:
    """The rows of a block's groups, numbered."""
    rows = []
    for g in groups:
        r = g.rows
        rows.append(_Rows(r.ids + starts[g.gid], r.content, r.content_ptr, r.keys, r.keys_ptr, r.sigs, r.shingles, r.shingles_ptr))
    return _Rows.concat(rows) if rows else _Rows.of([], 0)


def _split(dest: np.ndarray, *arrays: np.ndarray) -> Iterator[tuple[int, list[np.ndarray]]]:
    """The arrays' entries by destination."""
    order = np.argsort(dest, kind="stable")
    d = dest[order]
    cuts = np.flatnonzero(np.diff(d)) + 1
    for lo, hi in zip(np.concatenate(([0], cuts)).tolist(), np.concatenate((cuts, [len(d)])).tolist()):
        if hi > lo:
            yield int(d[lo]), [a[order[lo:hi]] for a in arrays]


def _emit_keys(it, p: Params, starts_b, df_b, base: int, P: int) -> Iterator[tuple]:
    """A block's LSH band keys (per band, as :func:`~newslint.dedup.pairs.copy_candidates`) and
    rare-word prefixes (:func:`~newslint.dedup.pairs._prefixes`), routed to key partitions."""
    rows = _block([g for _, g in it], starts_b.value)
    if not len(rows):
        return
    part = _Part(rows, df_b.value, base)
    live = np.flatnonzero(~_empty(rows.sigs))
    bands, keys, docs = [], [], []
    for band in range(p.num_perm // p.band_rows):
        k = band_keys(rows.sigs[live, band * p.band_rows : (band + 1) * p.band_rows], p.band_rows, band)[:, 0]
        bands.append(np.full(len(k), band, dtype=np.int16))
        keys.append(k)
        docs.append(rows.ids[live])
    if keys:
        bands_a, keys_a, docs_a = np.concatenate(bands), np.concatenate(keys), np.concatenate(docs)
        for dest, (b, k, d) in _split((keys_a % np.uint64(P)).astype(np.int64), bands_a, keys_a, docs_a):
            yield dest, ("copy", b, k, d)
    terms, owner = _prefixes(part, p, 0, part.n)
    for dest, (w, d) in _split((terms % P).astype(np.int64), terms, rows.ids[owner]):
        yield dest, ("word", w, d)


def _buckets(it, p: Params, bounds_b) -> Iterator[tuple]:
    """A key partition's buckets -> pair codes, sent to the block of one of the pair's articles
    (:func:`_owner`): copy pairs once, rare-word pairs once per shared word (counted there)."""
    copy: list[list[np.ndarray]] = [[], [], []]
    word: list[list[np.ndarray]] = [[], []]
    for _, rec in it:
        for into, arr in zip(copy if rec[0] == "copy" else word, rec[1:]):
            into.append(arr)
    bounds = bounds_b.value
    if copy[0]:
        bands, keys, docs = (np.concatenate(x) for x in copy)
        codes = [_bucket_pairs(keys[bands == b], docs[bands == b], p.max_bucket) for b in np.unique(bands).tolist()]
        codes_a = np.unique(np.concatenate(codes))
        for dest, (c,) in _split(_owner(codes_a, bounds), codes_a):
            yield dest, ("c", c)
    if word[0]:
        codes_a = _raw_pairs(np.concatenate(word[0]), np.concatenate(word[1]), p.max_bucket)
        for dest, (c,) in _split(_owner(codes_a, bounds), codes_a):
            yield dest, ("r", c)


def _owner(codes: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """The block that counts, filters and confirms each pair: that of its first or its second
    article, by the parity of their sum (by the first alone, the first blocks would get most)."""
    a, b = codes >> 32, codes & LOW
    return np.searchsorted(bounds, np.where((a + b) & 1, a, b), side="right") - 1


def _raw_pairs(keys: np.ndarray, docs: np.ndarray, max_bucket: int) -> np.ndarray:
    """The pairs of :func:`~newslint.dedup.pairs._bucket_pairs`, once per bucket they share (not
    counted yet: a pair's buckets may be in other key partitions)."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    out, _ = bucket_codes(keys, docs, max_bucket, narrow=False)
    return np.concatenate([np.zeros(0, dtype=np.int64), *out])


def _asks(t: int, codes: np.ndarray, bounds: np.ndarray) -> Iterator[tuple]:
    """What block ``t`` asks of each block: the rows of the articles of these pairs it holds."""
    docs = np.unique(np.concatenate((codes >> 32, codes & LOW)))
    for dest, (d,) in _split(np.searchsorted(bounds, docs, side="right") - 1, docs):
        yield dest, ("ask", t, d)


def _count(t: int, it, p: Params, bounds_b) -> Iterator[tuple]:
    """Block ``t``'s candidates, as locally: copy candidates, and rare-word pairs sharing
    ``candidate_min_shared`` words that are not copy candidates; asks for the rewrite candidates'
    content words."""
    c, r = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for _, rec in it:
        (c if rec[0] == "c" else r).append(rec[1])
    copies = np.unique(np.concatenate(c))
    codes, counts = np.unique(np.concatenate(r), return_counts=True)
    rewrites = np.setdiff1d(codes[counts >= p.candidate_min_shared], copies, assume_unique=True)
    if len(copies) or len(rewrites):
        yield t, ("cand", copies, rewrites)
    if len(rewrites):
        yield from _asks(t, rewrites, bounds_b.value)


def _sizes(rec: tuple) -> tuple[int, int, int]:
    """(copy or confirm candidates, rewrite candidates, rows asked for) of a step's record."""
    if rec[0] == "cand":
        return len(rec[1]), len(rec[2]), 0
    if rec[0] == "conf":
        return len(rec[1]) + len(rec[2]), 0, 0
    return 0, 0, len(rec[2])


def _serve(it, starts_b, full: bool) -> Iterator[tuple]:
    """A block answers what was asked of it (content words only, or everything), sent to the
    asking block; candidates pass through to their block."""
    groups, asks = [], []
    for key, rec in it:
        if isinstance(rec, _Group):
            groups.append(rec)
        elif rec[0] == "ask":
            asks.append(rec)
        else:
            yield key, rec
    if not asks:
        return
    rows = _block(groups, starts_b.value)
    for _, t, docs in asks:
        for lo in range(0, len(docs), SERVE_ROWS):
            yield t, ("rows", rows.take(docs[lo : lo + SERVE_ROWS] - rows.ids[0], full))


def _view(recs: list, df: np.ndarray, base: int) -> _Part:
    """The rows sent to a block, as one view (the pieces are let go: the list is emptied)."""
    rows = _Rows.concat([r[1] for r in recs if r[0] == "rows"])
    recs.clear()
    return _Part(rows, df, base)


def _prefilter(t: int, it, p: Params, df_b, base: int, bounds_b) -> Iterator[tuple]:
    """Block ``t``'s rewrite candidates through :func:`~newslint.dedup.pairs.rewrite_prefilter`
    (on the content words it was sent); the survivors and the copy candidates ask for their
    articles' full features."""
    recs = [rec for _, rec in it]
    cands = [rec for rec in recs if rec[0] == "cand"]
    if not cands:
        return
    (_, copies, rewrites), = cands
    del cands
    if len(rewrites):
        part = _view(recs, df_b.value, base)
        rewrites = part.numbered(rewrite_prefilter(part, part.local(rewrites), p))
    if len(copies) or len(rewrites):
        yield t, ("conf", copies, rewrites)
        yield from _asks(t, np.union1d(copies, rewrites), bounds_b.value)


def _confirm(t: int, it, p: Params, df_b, base: int) -> Iterator[tuple[list[Pair], _Rows]]:
    """Block ``t``'s candidates (copy candidates, and rewrite candidates through the prefilter)
    scored by :func:`~newslint.dedup.pairs.confirm_candidates` (full features), with the rows of
    the articles of the pairs found."""
    recs = [rec for _, rec in it]
    todo = [rec[1:] for rec in recs if rec[0] == "conf"]
    if not todo:
        return
    part = _view(recs, df_b.value, base)
    copies, rewrites = todo.pop()
    found = confirm_candidates(part, part.local(copies), part.local(rewrites), p)
    rows = np.unique(np.array([q.a for q in found] + [q.b for q in found], dtype=np.int64))
    yield [Pair(int(part.ids[q.a]), int(part.ids[q.b]), q.kind, q.similarity) for q in found], part._rows.take(rows, True)


def _texts(g: _Group, inv_b, starts_b) -> list[tuple[int, str]]:
    """The texts of the reported articles among a Parquet group's rows."""
    if g.texts is None:
        return []
    start, inv = int(starts_b.value[g.gid]), inv_b.value
    local = inv[(inv >= start) & (inv < start + len(g.rows))] - start
    return [(int(start + i), g.texts[i]) for i in local.tolist()]


__all__ = ["SparkEngine"]
