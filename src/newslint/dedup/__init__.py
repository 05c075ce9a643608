"""Near-duplicate stories: copies and rewrites, across a batch of articles and against an index.

The flow: texts -> :mod:`features` (vectorized tokens, shingles, content words, names and numbers)
-> :mod:`model` (compact per-article features with a one-permutation MinHash from :mod:`signatures`)
-> :mod:`pairs` (LSH and rare-term candidates, exact confirmation, kinds, clusters)
-> :mod:`explain` (what each reported pair shares, and what the second story of a rewrite adds).

:mod:`pipeline` is the one flow that the commands run (reading files, engines, reporting);
:func:`detect` runs it in one process on features held in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from newslint.dedup.explain import Added, added, shared_names, shared_passages
from newslint.dedup.features import Extractor
from newslint.dedup.model import Features, compute
from newslint.dedup.pairs import Collection, Pair, Params, clusters


@dataclass(frozen=True)
class Reported:
    """A pair of near-duplicate articles as reported: their positions, kind, similarity and shared names."""

    a: int
    b: int
    kind: str
    similarity: float
    shared: tuple[str, ...]
    adds: Added | None = None  # rewrites: what the second article (b) brings that the first lacks


def describe(pair: Pair, text_a: str, coll: Collection, ex: Extractor, sample: int = 1) -> tuple[str, ...]:
    other = coll.feature(pair.b)
    if pair.kind == "copy":
        return tuple(shared_passages(text_a, coll.shingles(pair.b), ex, sample=sample))
    return tuple(shared_names(text_a, other.keys, ex, coll.idf))


def addition(pair: Pair, text_b: str, coll: Collection, ex: Extractor) -> Added | None:
    """What the second article of a rewrite pair adds to the first (None for a copy)."""
    return added(text_b, coll.feature(pair.a).content, ex) if pair.kind == "rewrite" else None


def detect(feats: Sequence[Features], texts_of: Callable[[Sequence[int]], Mapping[int, str]], p: Params, ex: Extractor,
           progress=None) -> tuple[list[Reported], list[list[int]]]:
    """Pairs (with what they share) and clusters among the articles, in one process.
    ``texts_of`` maps article positions to their texts, all at once."""
    from newslint.dedup.pipeline import LocalEngine, report

    engine = LocalEngine()
    pairs = engine.pairs(feats, p, progress)
    return report(pairs, len(feats), texts_of, feats, p, ex, progress, engine.collection)


__all__ = ["Added", "Extractor", "Features", "Params", "Reported", "addition", "compute", "detect", "clusters"]
