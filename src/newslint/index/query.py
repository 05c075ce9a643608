"""The one query over any store: which indexed stories do these articles copy or rewrite?

The store loads the compact features of every article (content words, names and numbers, 8-bit
signature) into flat arrays, with the query articles appended; the same pipeline as ``dupes``
(:func:`newslint.dedup.pairs.find_pairs`) finds the pairs with a query article in them, reading the
sampled shingles of candidates only.
"""

from __future__ import annotations

import zlib
from typing import Callable, Mapping, Sequence

import numpy as np

from newslint.dedup import addition, describe
from newslint.dedup.features import Extractor
from newslint.dedup.model import INDEX_SAMPLE, Features, FeatureTable, unpack_sorted
from newslint.dedup.pairs import Collection, Pair, Params, find_pairs
from newslint.errors import NewslintError
from newslint.index import Match, Store


def query(store: Store, params: Params, feats: Sequence[Features],
          texts_of: Callable[[Sequence[int]], Mapping[int, str]] | None = None, ex: Extractor | None = None,
          progress=None) -> list[Match]:
    if not feats:
        return []
    try:
        return _query(store, params, feats, texts_of, ex, progress)
    except (ValueError, IndexError, zlib.error) as exc:
        # Valid storage whose blobs are not what newslint wrote (a damaged copy, a hand edit).
        raise NewslintError(f"index is corrupt: stored features cannot be read ({exc}); remove it and rebuild "
                            "with 'newslint index add'", store.where) from None


def _query(store: Store, params: Params, feats: Sequence[Features], texts_of, ex, progress) -> list[Match]:
    with store.snapshot():
        queries = [f.for_index() for f in feats]
        tick = progress("loading index", 1) if progress else None
        rows, table = store.load(FeatureTable.from_features(queries))
        if tick:
            tick(1)
        n = len(rows)
        if table.sigs.shape[1:] not in ((params.num_perm,), (0,)) and len(table):
            raise ValueError(f"signatures of {table.sigs.shape[1]} values, expected {params.num_perm}")

        def load_shingles(i: int) -> np.ndarray:
            if i >= n:
                return queries[i - n].shingles
            blob = store.shingles(rows[i])
            return unpack_sorted(blob) if blob else np.zeros(0, dtype=np.uint32)

        coll = Collection(table, params.reference_docs, load_shingles)
        active = np.zeros(len(table), dtype=bool)
        active[n:] = True
        found = []
        for p in find_pairs(coll, params, active, progress):
            if (p.a < n) == (p.b < n):
                continue  # two query articles, or two indexed ones: not this query's business
            q, other = (p.b, p.a) if p.a < n else (p.a, p.b)
            found.append((q, other, p))
        keys = store.keys_of([rows[other] for _, other, _ in found])
        texts = texts_of(sorted({q - n for q, _, _ in found})) if texts_of is not None and ex is not None else {}
        out = []
        for (q, other, p), key in zip(found, keys):
            shared: tuple[str, ...] = ()
            adds = None
            if q - n in texts:
                shared = describe(Pair(q, other, p.kind, p.similarity), texts[q - n], coll, ex, INDEX_SAMPLE)
                # What the query article brings that the indexed story lacks (its text is not kept).
                adds = addition(Pair(other, q, p.kind, p.similarity), texts[q - n], coll, ex)
            out.append(Match(q - n, key, p.kind, p.similarity, shared, adds))
    return sorted(out, key=lambda m: (m.query, -m.similarity, m.key))
