"""The Spark engine: the same pipeline as :class:`~newslint.dedup.pipeline.LocalEngine`, on PySpark.

Each step is the local step run in executors over partitions of articles, so the pairs, kinds and
similarities are the same numbers (a test compares the JSON of both engines):

1. features in executors: files (or Parquet rows) -> the same vectorized :func:`compute`;
2. document frequencies of content words: a 24-bit count table per partition, summed (tree
   reduce) and broadcast, as the local 24-bit direct-address table;
3. candidates: each article emits its LSH band keys (copies) and its prefix of rarest words
   (rewrites) as keys; a shuffle groups them into buckets, and each bucket gives its pairs by the
   local rules (all pairs up to ``max_bucket`` members, else each member with the first);
   rewrite candidates need ``candidate_min_shared`` buckets in common;
4. the rewrite prefilter on content words only, then exact confirmation on the full features of
   the survivors (two joins keyed by article);
5. clusters by connected components of the confirmed pairs (union-find on the driver: the pairs
   are few, and this keeps the cluster order of the local engine).

``local[*]`` is the default master, so it runs on one machine; ``--spark-master spark://HOST:7077``
runs on a cluster whose executors can read the same paths.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np

from newslint.dedup.model import CONTENT_SPACE, Features
from newslint.dedup.pairs import Pair, Params, overlap, rewrite_score
from newslint.dedup.signatures import band_keys
from newslint.errors import NewslintError

GOLDEN = 0x9E3779B97F4A7C15


@dataclass
class DfLookup:
    """What scoring needs of a collection, without holding it: the document frequency table, the
    number of articles it is judged by, and the features of the articles at hand."""

    df: np.ndarray  # uint32[CONTENT_SPACE]
    base: int
    feats: dict[int, Features]

    def dfs(self, terms: np.ndarray) -> np.ndarray:
        return self.df[terms]

    def idf(self, terms: np.ndarray) -> np.ndarray:
        return np.log(self.base / np.maximum(self.dfs(terms), 1))

    def feature(self, i: int) -> Features:
        return self.feats[i]

    def shingles(self, i: int) -> np.ndarray:
        s = self.feats[i].shingles
        return s if s is not None else np.zeros(0, dtype=np.uint32)


def _bucket_pairs(members: list[int], max_bucket: int) -> Iterator[tuple[int, int]]:
    """The local engine's rule for one bucket of distinct, sorted members."""
    if len(members) < 2:
        return
    if len(members) > max_bucket:
        first = members[0]
        for m in members[1:]:
            yield (first, m) if first < m else (m, first)
        return
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            yield members[i], members[j]


def _keys(part: Iterable[tuple[int, Features]], p: Params, df_b, base: int) -> Iterator[tuple[int, int]]:
    """Per article: (key, doc) for its copy band keys (64-bit, each band's keys set apart by the
    band's constant, as locally: >= 0) and its rewrite prefix words (-1 - word: < 0). Plain
    integers: they pickle and hash fastest in the shuffle."""
    df = df_b.value
    rows = list(part)
    if not rows:
        return
    docs = np.array([d for d, _ in rows], dtype=np.int64)
    sigs = np.stack([f.sig for _, f in rows])
    nonempty = ~(sigs == np.iinfo(sigs.dtype).max).all(axis=1)
    for band in range(p.num_perm // p.band_rows):
        keys = band_keys(sigs[nonempty, band * p.band_rows : (band + 1) * p.band_rows], p.band_rows)[:, 0]
        with np.errstate(over="ignore"):
            keys ^= np.uint64(band) * np.uint64(GOLDEN)
        for k, d in zip(keys.tolist(), docs[nonempty].tolist()):
            yield k, d
    for d, f in rows:
        c = f.content
        dfs = df[c]
        ok = (dfs >= 2) & (dfs <= p.max_df)
        c, dfs = c[ok], np.minimum(dfs[ok], 65535)
        order = np.lexsort((c, dfs))[: p.candidate_terms]
        for t in c[order].tolist():
            yield -1 - t, d


def _prefilter(ca: np.ndarray, cb: np.ndarray, df: np.ndarray, base: int, p: Params) -> bool:
    """:func:`newslint.dedup.pairs.rewrite_prefilter` for one pair (same float32 weights, same tolerances)."""
    wa = np.log(base / np.maximum(df[ca], 1)).astype(np.float32)
    wb = np.log(base / np.maximum(df[cb], 1)).astype(np.float32)
    ta = float(wa.astype(np.float64).sum()) if len(wa) else 0.0
    tb = float(wb.astype(np.float64).sum()) if len(wb) else 0.0
    small, large = min(ta, tb), max(ta, tb)
    if not small >= p.rewrite_min_weight * 0.999:
        return False
    marked, probed, w = (ca, cb, wb) if len(ca) > len(cb) else (cb, ca, wa)
    shared = float(w[np.isin(probed, marked)].astype(np.float64).sum())
    ratio = small / large if large > 0 else 0.0
    contain = shared / small if small > 0 else 0.0
    return contain >= p.rewrite_containment + p.rewrite_length_slope * ratio - 1e-3


def _confirm(a: int, b: int, fa: Features, fb: Features, df: np.ndarray, base: int, p: Params) -> Pair | None:
    """:func:`newslint.dedup.pairs.confirm` for one pair."""
    coll = DfLookup(df, base, {a: fa, b: fb})
    j, verbatim = overlap(coll.shingles(a), coll.shingles(b))
    if j >= p.copy_threshold:
        return Pair(a, b, "copy", round(j, 4))
    s = rewrite_score(fa, fb, coll, verbatim)  # type: ignore[arg-type]
    return Pair(a, b, "rewrite", round(s.containment, 4)) if s.passes(p) else None


class SparkEngine:
    def __init__(self, master: str | None = None, memory: str = "4g") -> None:
        self.master = master or "local[*]"
        self.memory = memory
        self.collection: DfLookup | None = None  # the reported articles' features, for describing pairs

    def session(self):
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise NewslintError("--engine spark needs PySpark: pip install 'newslint[spark]' (and Java 17)") from None
        if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
            raise NewslintError("--engine spark needs Java 17 (Debian: apt-get install openjdk-17-jre-headless)")
        log = Path(__file__).with_name("spark-log4j2.properties").absolute().as_uri()
        builder = (SparkSession.builder.master(self.master).appName("newslint dupes")
                   .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                   .config("spark.driver.memory", self.memory).config("spark.python.worker.reuse", "true")
                   .config("spark.driver.extraJavaOptions", f"-Dlog4j.configurationFile={log}")
                   .config("spark.executor.extraJavaOptions", f"-Dlog4j.configurationFile={log}"))
        if self.master.startswith("local"):
            # Executors are this machine's Python processes: the interpreter (and virtual
            # environment) that runs newslint. PySpark takes it from this variable only.
            os.environ["PYSPARK_PYTHON"] = sys.executable
        try:
            spark = builder.getOrCreate()
        except Exception as exc:  # Py4J and Java start-up errors: one line, not a Java stack
            raise NewslintError(f"Spark did not start on {self.master} ({str(exc).splitlines()[0][:300]})") from None
        spark.sparkContext.setLogLevel("ERROR")
        return spark

    def find(self, paths: list[str], settings, extractor, params: Params, jobs: int | None, progress=None):
        """(articles, pairs) as the local engine finds them, computed on Spark."""
        from newslint.dedup.pipeline import Articles

        spark = self.session()
        try:
            return self._find(spark, paths, settings, extractor.shingle, params, progress, Articles())
        except NewslintError:
            raise
        except Exception as exc:
            raise NewslintError(f"the Spark job failed ({_cause(exc)[:300]})") from None
        finally:
            spark.stop()

    def _find(self, spark, paths, settings, shingle: int, p: Params, progress, arts):
        from newslint.runner import discover, no_articles

        sc = spark.sparkContext
        tick = progress("reading (spark)", 1) if progress else None
        parquet = [x for x in paths if x.lower().endswith(".parquet") or (Path(x).is_dir() and any(Path(x).glob("*.parquet")))]
        others = [x for x in paths if x not in parquet]
        files = discover(others, settings) if others else []
        if not files and not parquet:
            raise no_articles(paths)
        limit = settings.max_article_chars
        parts = []
        if files:
            chunk = max(1, min(64, len(files) // (4 * sc.defaultParallelism) or 1))
            groups = [(i, files[i : i + chunk]) for i in range(0, len(files), chunk)]
            rdd = sc.parallelize(groups, max(1, min(len(groups), 4 * sc.defaultParallelism)))
            parts.append(rdd.flatMap(lambda g: _read_files(g, shingle, p.num_perm, limit)))
        for path in parquet:
            df = spark.read.parquet(path)
            cols = df.columns
            if "text" not in cols:
                raise NewslintError("a Parquet input needs a 'text' column", path)
            rows = df.select("text", *(["id"] if "id" in cols else [])).rdd
            parts.append(rows.mapPartitionsWithIndex(lambda i, it, path=path: _parquet_rows(i, it, path, shingle, p.num_perm, limit)))
        records = (parts[0] if len(parts) == 1 else sc.union(parts)).persist()
        # (order key, name, where, suppressed, features, note, text of a Parquet row); articles are
        # numbered in the local engine's order: files as given, articles in file order
        meta = sorted(records.map(lambda r: (r[0], r[1], r[2], r[3], r[5])).collect(), key=lambda m: m[0])
        numbers = {}
        for order, name, where, off, note in meta:
            if note is not None:
                (arts.unreadable if note[0] == "error" else arts.notes).append(note[1])
            if name is None:
                continue
            numbers[order] = len(arts.names)
            arts.names.append(name)
            arts.where.append(where)
            arts.suppressed.append(off)
        docs_b = sc.broadcast(numbers)
        feats = records.filter(lambda r: r[4] is not None).map(lambda r: (docs_b.value[r[0]], r[4])).persist()
        if tick:
            tick(1)
        n = len(arts.names)
        if n < 2:
            records.unpersist()
            return arts, []
        parts_n = max(2, min(400, n // 5000))  # shuffle partitions: a few thousand articles each
        base = max(n, p.reference_docs) + 1
        tick = progress("document frequencies (spark)", 1) if progress else None
        df = feats.mapPartitions(_df_part).treeReduce(lambda x, y: x + y, depth=2)
        df_b = sc.broadcast(df)
        if tick:
            tick(1)
        tick = progress("finding candidates (spark)", 1) if progress else None
        # LSH band keys and rare-word prefixes as keys -> buckets -> pairs with (copy?, shared rare words)
        cand = (feats.mapPartitions(lambda it: _keys(it, p, df_b, base)).groupByKey(parts_n)
                .flatMap(lambda kv: [(ab, (kv[0] >= 0, int(kv[0] < 0))) for ab in _bucket_pairs(sorted(set(kv[1])), p.max_bucket)])
                .reduceByKey(lambda x, y: (x[0] or y[0], x[1] + y[1]), parts_n)
                .filter(lambda kv: kv[1][0] or kv[1][1] >= p.candidate_min_shared))
        lite = feats.mapValues(lambda f: Features(None, f.content, f.keys, f.sig))  # type: ignore[arg-type]
        # Rewrite candidates must pass the prefilter on content words; copies go straight on.
        survivors = (cand.map(lambda kv: (kv[0][0], (kv[0][1], kv[1][0]))).join(lite, parts_n)
                     .map(lambda x: (x[1][0][0], (x[0], x[1][0][1], x[1][1]))).join(lite, parts_n)
                     .filter(lambda x: x[1][0][1] or _prefilter(x[1][0][2].content, x[1][1].content, df_b.value, base, p))
                     .map(lambda x: (x[1][0][0], x[0])))
        if tick:
            tick(1)
        tick = progress("confirming (spark)", 1) if progress else None
        confirmed = (survivors.join(feats, parts_n).map(lambda x: (x[1][0], (x[0], x[1][1]))).join(feats, parts_n)
                     .map(lambda x: _confirm(x[1][0][0], x[0], x[1][0][1], x[1][1], df_b.value, base, p))
                     .filter(lambda x: x is not None).collect())
        pairs = sorted(confirmed, key=lambda q: (q.a, q.b))
        involved_b = sc.broadcast({q.b for q in pairs} | {q.a for q in pairs})
        self.collection = DfLookup(df, base, dict(feats.filter(lambda kv: kv[0] in involved_b.value).collect()))
        # Parquet rows have no file to read their text from again: the reported ones come back now.
        arts.known.update(records.filter(lambda r: r[6] is not None and docs_b.value.get(r[0]) in involved_b.value)
                          .map(lambda r: (docs_b.value[r[0]], r[6])).collect())
        if tick:
            tick(1)
        records.unpersist()
        feats.unpersist()
        return arts, pairs


def _cause(exc: BaseException) -> str:
    """The line of a Spark failure that says what went wrong (a Python error raised in an
    executor, else the first line)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    errors = [ln for ln in lines if re.match(r"^[\w.]+(Error|Exception): ", ln)]
    return errors[-1] if errors else (lines[0] if lines else type(exc).__name__)


def _df_part(it: Iterable[tuple[int, Features]]) -> Iterator[np.ndarray]:
    table = np.zeros(CONTENT_SPACE, dtype=np.uint32)
    for _, f in it:
        table[f.content] += 1  # content words are unique per article
    yield table


def _read_files(group: tuple[int, list[tuple[Path, str]]], shingle: int, num_perm: int, limit: int) -> list[tuple]:
    """Executor side: read and load a chunk of files and compute the features (the local code)."""
    from newslint.dedup.features import Extractor
    from newslint.dedup.pipeline import _file_features
    from newslint.runner import read_file

    start, files = group
    sources = [read_file(path, display) for path, display in files]
    out = []
    for i, ((error, said, rows), (path, display)) in enumerate(zip(_file_features(sources, Extractor.create(shingle), num_perm, limit), files)):
        order = start + i
        notes = [("error", f"{display}: {error}")] if error else []
        notes += [("note", line if line.startswith(display) else f"{display}: {line}") for line in said]
        for k, note in enumerate(notes):
            out.append(((order, -1, k), None, None, False, None, note, None))
        for name, k, _, f, off in rows:
            out.append(((order, k, 0), name, (path, display, k), off, f, None, None))
    return out


def _parquet_rows(part: int, it: Iterator[Any], path: str, shingle: int, num_perm: int, limit: int) -> Iterator[tuple]:
    """Executor side: Parquet rows (``text``, optional ``id``) -> features, a batch at a time."""
    from newslint.dedup.features import Extractor
    from newslint.dedup.model import compute

    ex = Extractor.create(shingle)
    batch: list[tuple[int, str, str]] = []

    def flush() -> Iterator[tuple]:
        feats = compute([t for _, _, t in batch], ex, num_perm)
        for (k, rid, text), f in zip(batch, feats):
            yield ((1 << 40, part, k), f"{path}#{rid}", None, False, f, None, text)
        batch.clear()

    for k, row in enumerate(it):
        text = row["text"] or ""
        rid = row["id"] if "id" in row else k
        if len(text) > limit:
            yield ((1 << 40, part, k), None, None, False, None,
                   ("note", f"{path}#{rid}: {len(text):,} characters, over the limit of {limit:,} (max_article_chars): not compared"), None)
        elif text.strip():
            batch.append((k, str(rid), text))
        if len(batch) >= 256:
            yield from flush()
    if batch:
        yield from flush()


__all__ = ["SparkEngine", "DfLookup"]
