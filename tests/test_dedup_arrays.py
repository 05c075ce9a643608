"""The array shortcuts of the near-duplicate pipeline give what the plain computation gives: each is
checked here against a direct (slow, obvious) version of the same rule."""

from __future__ import annotations

import random

import numpy as np
import pytest

from dedup_fixtures import COPY, FOLLOW_UP, REWRITE, STORY, UNRELATED
from newslint.dedup import pairs as P
from newslint.dedup.features import Extractor, tokenize
from newslint.dedup.model import _first_uses, _unique_sets, compute
from newslint.dedup.pipeline import _Prepared

EX = Extractor.create(5)
WORDS = ("the bridge Kestrel closed 1.5 pier ferry Agnes council 20,000 repairs said on a of in storm Marlow "
         "Dunmore engineers cracks supports 14 drivers Carrow road café São naïve").split()


def _texts(n: int, seed: int = 3) -> list[str]:
    rnd = random.Random(seed)
    out = [STORY, COPY, REWRITE, FOLLOW_UP, *UNRELATED, "", "A", "one two", "x. Y z", "1.5. Next 2,000! Why? Ok\n\nNew"]
    for _ in range(n):
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(0, 60))]
        seps = [rnd.choice([" ", " ", " ", ". ", "! ", "? ", "\n", "\n\n", ", ", " — ", "… "]) for _ in words]
        out.append("".join(w + s for w, s in zip(words, seps)))
    return out


def test_stopword_table_answers_as_the_sorted_list():
    rnd = np.random.default_rng(1)
    hashes = np.concatenate([EX.stop, rnd.integers(0, 2**64, 5000, dtype=np.uint64), tokenize(_texts(50)).hashes])
    assert np.array_equal(EX.is_stop(hashes), np.isin(hashes, EX.stop))


def _capital_by_search(tok) -> np.ndarray:
    """The sentence-start rule read plainly: a '.', '!', '?' or blank line between a word and the
    word before it."""
    b = np.frombuffer(tok.buffer, dtype=np.uint8)
    blank = np.zeros(len(b), dtype=bool)
    blank[1:] = (b[1:] == 10) & (b[:-1] == 10)
    stops = np.flatnonzero((b == 46) | (b == 33) | (b == 63) | blank)
    prev_end = np.concatenate(([0], tok.ends[:-1]))
    start = np.searchsorted(stops, tok.starts) > np.searchsorted(stops, prev_end)
    if len(start):
        start[0] = True
    return tok.upper & ~start


def test_capitals_skip_sentence_starts_as_the_plain_rule():
    for seed in range(5):
        tok = tokenize(_texts(40, seed))
        assert np.array_equal(tok.capital, _capital_by_search(tok))


def test_a_text_of_a_batch_has_the_features_of_the_text_alone():
    texts = _texts(30)
    batch = EX.extract(texts)
    for i, text in enumerate(texts):
        one, alone = batch.text(i), EX.extract([text])
        assert np.array_equal(one.tok.hashes, alone.tok.hashes)
        assert np.array_equal(one.is_content, alone.is_content) and np.array_equal(one.is_key, alone.is_key)
        for x, y in zip(one.shingle_hashes(), alone.shingle_hashes()):
            assert np.array_equal(x, y)
        assert np.array_equal(one.shingle_positions(), alone.shingle_positions())
        assert one.key_words(0) == alone.key_words(0)
    prepared = _Prepared(EX, texts)
    assert prepared.shingle == EX.shingle
    assert np.array_equal(prepared.extract([texts[0]]).tok.hashes, EX.extract([texts[0]]).tok.hashes)
    assert len(prepared.extract(["not among them"]).tok.hashes) == 3


def test_sets_per_article_as_python_sets():
    rnd = np.random.default_rng(2)
    owner = np.sort(rnd.integers(0, 9, 400))
    values = rnd.integers(0, 40, 400).astype(np.uint32)
    for got, want in zip(_unique_sets(values, owner, 10), (sorted(set(values[owner == i].tolist())) for i in range(10))):
        assert got.tolist() == want
    for i, got in enumerate(_first_uses(values, owner, 10)):
        want = list(dict.fromkeys(values[owner == i].tolist()))
        assert got.tolist() == want


@pytest.mark.parametrize("sparse_table", [P.SPARSE_TABLE, 1 << 62])
def test_vocabulary_is_np_unique(monkeypatch, sparse_table):
    # As shipped: a table of places (dense values), one sort of values with their places (few
    # values spread wide, or too wide for a table); with SPARSE_TABLE huge, the table wherever
    # the values fit one.
    monkeypatch.setattr(P, "SPARSE_TABLE", sparse_table)
    rnd = np.random.default_rng(3)
    for high, n in ((1000, 5000), (1 << 24, 5000), (1 << 20, 200_000), (1 << 32, 5000)):
        terms = rnd.integers(0, high, n).astype(np.uint32)
        terms[:100] = terms[100:200]
        vocab, ids, counts = P._vocabulary(terms)
        want, inverse, times = np.unique(terms, return_inverse=True, return_counts=True)
        assert np.array_equal(vocab, want) and np.array_equal(ids, inverse) and np.array_equal(counts, times)
        assert vocab.dtype == terms.dtype and ids.dtype == np.int32


def _naive_bucket_pairs(keys, docs, max_bucket, min_count, active):
    buckets: dict[int, list[int]] = {}
    for k, d in zip(keys.tolist(), docs.tolist()):
        buckets.setdefault(k, [])
        if d not in buckets[k]:
            buckets[k].append(d)
    count: dict[tuple[int, int], int] = {}
    for members in buckets.values():
        members = sorted(members)
        if active is not None and not any(active[m] for m in members):
            continue
        if len(members) > max_bucket:
            links = [(members[0], m) for m in members[1:]]
        else:
            links = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
        for a, b in links:
            if active is None or active[a] or active[b]:
                count[(a, b)] = count.get((a, b), 0) + 1
    return sorted((a << 32) | b for (a, b), c in count.items() if c >= min_count)


def test_bucket_pairs_as_counted_one_by_one():
    rnd = np.random.default_rng(4)
    for ndocs, dtype in ((300, np.uint32), (70000, np.uint32), (300, np.uint64)):
        keys = rnd.integers(0, 60, 2000).astype(dtype)
        docs = rnd.integers(0, ndocs, 2000).astype(np.int64)
        active = rnd.random(ndocs) < 0.2
        for max_bucket, min_count, act in ((200, 1, None), (200, 2, None), (20, 1, None), (200, 2, active)):
            got = P._bucket_pairs(keys, docs, max_bucket, min_count, act)
            assert got.dtype == np.int64
            assert got.tolist() == _naive_bucket_pairs(keys, docs, max_bucket, min_count, act)


def test_copy_candidates_are_the_buckets_of_each_band_whatever_the_bands_per_pass(monkeypatch):
    """Bands bucketed together in one pass give the pairs of bucketing each band alone."""
    texts = _texts(150, 13)
    texts += [t + " more" for t in texts[:40]]  # near copies: pairs that share bands
    feats = compute(texts, EX, 128)
    for p in (P.Params(), P.Params(num_perm=64, band_rows=2, max_bucket=3)):
        coll = P.Collection(feats, p.reference_docs)
        rows = np.flatnonzero(~P._empty(coll.sigs))
        want = set()
        for band in range(p.num_perm // p.band_rows):
            sig = coll.sigs[rows, band * p.band_rows : (band + 1) * p.band_rows]
            values = [tuple(v) for v in sig.tolist()]
            want.update(_naive_bucket_pairs(np.array([hash(v) for v in values], dtype=np.int64), rows, p.max_bucket, 1, None))
        for at_once in (1, len(rows), 5 * len(rows), 1 << 18):
            monkeypatch.setattr(P, "COPY_KEYS_AT_ONCE", at_once)
            got = P.copy_candidates(coll, p)
            assert got.tolist() == sorted(want) and len(want) > 20


def test_rewrite_prefilter_keeps_what_containment_one_by_one_keeps():
    texts = _texts(120, 5)
    feats = compute(texts, EX, 128)
    p = P.Params(rewrite_min_weight=5.0)
    for dense in (True, False):
        old, P.DENSE_WORDS = P.DENSE_WORDS, (1 << 23) if dense else 0
        try:
            coll = P.Collection(feats, p.reference_docs)
        finally:
            P.DENSE_WORDS = old
        assert (coll.word_ids is not None) == dense
        n = len(feats)
        cands = np.array([(a << 32) | b for a in range(n) for b in range(a + 1, n)], dtype=np.int64)
        want = []
        for code in cands.tolist():
            a, b = code >> 32, code & 0xFFFFFFFF
            ca, cb = feats[a].content, feats[b].content
            wa = np.log(coll.base / np.maximum(coll.dfs(ca), 1)).astype(np.float32).astype(np.float64)
            wb = np.log(coll.base / np.maximum(coll.dfs(cb), 1)).astype(np.float32).astype(np.float64)
            small, large = min(wa.sum(), wb.sum()), max(wa.sum(), wb.sum())
            shared = wa[np.isin(ca, cb)].sum()
            ratio = small / large if large > 0 else 0.0
            if small >= p.rewrite_min_weight * 0.999 and small > 0 and \
                    shared / small >= p.rewrite_containment + p.rewrite_length_slope * ratio - 1e-3:
                want.append(code)
        got = P.rewrite_prefilter(coll, cands, p).tolist()
        assert got == want and len(want) > 3


def test_without_is_setdiff1d():
    rnd = np.random.default_rng(6)
    for n, m in ((500, 50), (0, 10), (10, 0), (300, 300)):
        codes, others = np.unique(rnd.integers(0, 400, n)), np.unique(rnd.integers(0, 400, m))
        assert np.array_equal(P._without(codes, others), np.setdiff1d(codes, others))


def test_isin_of_a_sorted_set_is_isin():
    from newslint.dedup.features import isin

    rnd = np.random.default_rng(7)
    for n, m in ((300, 200), (0, 5), (5, 0), (50, 1)):
        values, other = rnd.integers(0, 500, n).astype(np.uint32), rnd.integers(0, 500, m).astype(np.uint32)
        assert np.array_equal(isin(values, np.unique(other), is_sorted=True), np.isin(values, other))  # as stored
        assert np.array_equal(isin(values, other), np.isin(values, other))


def test_unique_and_isin_are_numpys():
    from newslint.dedup.features import SORTED_UNIQUE_MAX, isin, unique

    rnd = np.random.default_rng(8)
    for n, high, dtype in ((0, 10, np.uint32), (1, 10, np.int64), (700, 50, np.uint32), (700, 1 << 40, np.uint64),
                           (SORTED_UNIQUE_MAX + 5, 1000, np.int64)):  # the last one: np.unique's own way
        values = rnd.integers(0, high, n).astype(dtype)
        got = unique(values)
        assert np.array_equal(got, np.unique(values)) and got.dtype == np.unique(values).dtype
        for m in (0, 1, 40, 900):
            other = rnd.integers(0, high, m).astype(dtype)
            assert np.array_equal(isin(values, other), np.isin(values, other))


def test_a_check_of_many_articles_never_imports_numpy_ma():
    """numpy.ma (~20 ms) comes with np.unique and np.isin on small arrays; the near-duplicate
    comparison of a check run uses its own."""
    import subprocess
    import sys

    from conftest import cli_env

    texts = [STORY, COPY, REWRITE, FOLLOW_UP, *UNRELATED] * 3
    code = ("import sys\nfrom newslint.kinds import near_duplicate as k\nfrom newslint.ruleset import bundled_rules_dir, load_rules\n"
            "rule = next(r for r in load_rules([bundled_rules_dir()]) if r.id == 'near-duplicate')\n"
            f"found = k.check_corpus([(str(i), t) for i, t in enumerate({texts!r})], rule.rule, rule.state)\n"
            "assert any(found)\nprint('numpy' in sys.modules, 'numpy.ma' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=cli_env())
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["True", "False"]


def _shingle_collection(sets: list[np.ndarray]) -> P.Collection:
    """A collection of articles with these shingle sets (and no words)."""
    from newslint.dedup.model import Features

    none = np.zeros(0, dtype=np.uint32)
    sig = np.zeros(128, dtype=np.uint16)
    return P.Collection([Features(np.unique(s).astype(np.uint32), none, none, sig) for s in sets])


def _varied_sets(rnd: np.random.Generator, n: int) -> list[np.ndarray]:
    """Shingle sets of 0 to 2,000 hashes, many drawn from a few shared 'paragraphs' (so pairs share
    from nothing to everything), some of values that all fall on one bit of any bitmap."""
    paragraphs = [rnd.integers(0, 1 << 32, rnd.integers(1, 300), dtype=np.uint64).astype(np.uint32) for _ in range(12)]
    out = [np.zeros(0, dtype=np.uint32), np.array([7], dtype=np.uint32)]
    for i in range(n):
        kind = i % 4
        if kind == 0:
            out.append(rnd.integers(0, 1 << 32, rnd.integers(0, 2000), dtype=np.uint64).astype(np.uint32))
        elif kind == 3:  # multiples of 2^16: one bit of every bitmap, every shingle but one hidden
            out.append((rnd.integers(0, 1 << 16, rnd.integers(1, 200)) << 16).astype(np.uint32))
        else:
            picked = [paragraphs[j] for j in rnd.choice(len(paragraphs), rnd.integers(1, 5), replace=False)]
            out.append(np.concatenate(picked + [rnd.integers(0, 1 << 32, rnd.integers(0, 50), dtype=np.uint64).astype(np.uint32)]))
    out.append(out[5].copy())  # an exact copy
    return out


def _every_pair(seed: int, n: int) -> tuple[P.Collection, np.ndarray]:
    """A collection of ``_varied_sets`` and the codes of all its pairs."""
    sets = _varied_sets(np.random.default_rng(seed), n)
    k = len(sets)
    return _shingle_collection(sets), np.array([(a << 32) | b for a in range(k) for b in range(a + 1, k)], dtype=np.int64)


def test_shared_bound_is_never_below_the_shared_shingles():
    coll, codes = _every_pair(8, 120)
    for budget in (512 << 20, 1 << 14):  # all bitmaps at once, and pairs in blocks
        hits, na, nb = P.shared_bound(coll, codes, budget)
        exact = np.array([len(np.intersect1d(coll.shingles(c >> 32), coll.shingles(c & 0xFFFFFFFF))) for c in codes.tolist()])
        assert np.array_equal(na, [len(coll.shingles(c >> 32)) for c in codes.tolist()])
        assert np.array_equal(nb, [len(coll.shingles(c & 0xFFFFFFFF)) for c in codes.tolist()])
        assert (hits >= exact).all()
        # and far below the smaller set for most pairs that share nothing
        apart = (exact == 0) & (np.minimum(na, nb) > 50)
        assert (hits[apart] < 0.3 * np.minimum(na, nb)[apart]).mean() > 0.5


def test_copy_possible_keeps_every_pair_that_reaches_the_threshold():
    coll, codes = _every_pair(9, 100)
    j = np.array([P.overlap(coll.shingles(c >> 32), coll.shingles(c & 0xFFFFFFFF))[0] for c in codes.tolist()])
    for threshold in (0.0, 0.2, 0.5, 0.8, 1.0):
        possible = P.copy_possible(coll, codes, threshold)
        assert possible[j >= threshold].all()
        if 0 < threshold < 1:
            assert possible.sum() < len(codes) // 2 and (j >= threshold).sum() > 0
    assert P.copy_possible(coll, codes[:0], 0.5).tolist() == []


def _confirm_one_by_one(coll: P.Collection, candidates: np.ndarray, p: P.Params) -> list[P.Pair]:
    """The plain rule: every candidate scored exactly, as a copy, else as a rewrite."""
    out = []
    for code in candidates.tolist():
        a, b = code >> 32, code & 0xFFFFFFFF
        j, verbatim = P.overlap(coll.shingles(a), coll.shingles(b))
        if j >= p.copy_threshold:
            out.append(P.Pair(a, b, "copy", round(j, 4)))
            continue
        s = P.rewrite_score(coll.feature(a), coll.feature(b), coll, verbatim)
        if s.passes(p):
            out.append(P.Pair(a, b, "rewrite", round(s.containment, 4)))
    return out


def test_confirm_candidates_finds_what_scoring_one_by_one_finds():
    from dedup_fixtures import STRIKE, STRIKE_DAY_TWO, STRIKE_REWRITE

    rnd = random.Random(10)
    base = _texts(60, 11) + [STRIKE, STRIKE_DAY_TWO, STRIKE_REWRITE]
    # copies with a few words changed, and articles that share one of their paragraphs
    texts = base + [" ".join(w if rnd.random() > 0.05 else "changed" for w in t.split(" ")) for t in base[:30]]
    texts += [base[i] + "\n\n" + base[i + 1] for i in range(0, 40, 3)]
    feats = compute(texts, EX, 128)
    n = len(feats)
    for p in (P.Params(), P.Params(rewrite_min_weight=5.0, copy_threshold=0.3)):
        coll = P.Collection(feats, p.reference_docs)
        every = np.array([(a << 32) | b for a in range(n) for b in range(a + 1, n)], dtype=np.int64)
        copies = every[np.random.default_rng(12).random(len(every)) < 0.5]  # the rest: rare-word candidates
        rewrites = P.rewrite_prefilter(coll, P._without(every, copies), p)
        plain = _confirm_one_by_one(coll, np.union1d(copies, rewrites), p)  # every candidate scored as both kinds
        got = P.confirm_candidates(coll, copies, rewrites, p)
        assert got == plain
        assert {q.kind for q in got} == {"copy", "rewrite"}


def test_spark_part_gives_the_shingle_rows_of_the_collection():
    from newslint.dedup.spark import _Part, _Rows

    feats = compute(_texts(40, 13), EX, 128)
    coll = P.Collection(feats)
    part = _Part(_Rows.of(feats, 128), coll._df_table if coll.vocab is None else np.zeros(1 << 24, np.uint32), coll.base)
    rows = np.array([0, 3, 4, 17, 40], dtype=np.int64)
    for x, y in zip(part.shingle_rows(rows), coll.shingle_rows(rows)):
        assert np.array_equal(x, y)
    assert len(coll.shingle_rows(rows)[0]) > 100


def _plain_rewrite_score(fa, fb, coll, verbatim):
    """rewrite_score as first written: np.isin, and a dict of b's word positions."""
    wa, wb = coll.idf(fa.content), coll.idf(fb.content)
    ta, tb = float(wa.sum()), float(wb.sum())
    if ta == 0 or tb == 0:
        return P.RewriteScore(0.0, 0.0, 0.0, 0.0, 0.0)
    in_b = np.isin(fa.content, fb.content)
    shared = float(wa[in_b].sum())
    small, large = min(ta, tb), max(ta, tb)
    shared_keys = float(coll.idf(np.intersect1d(fa.keys, fb.keys)).sum())
    fewer = min(float(coll.idf(fa.keys).sum()), float(coll.idf(fb.keys).sum()))
    pos_b = {int(h): i for i, h in enumerate(fb.content)}
    seq = [pos_b[int(h)] for h in fa.content[in_b]]
    order = P._lis(seq) / len(seq) if seq else 0.0
    new_a = int((~np.isin(fa.keys, fb.content)).sum())
    new_b = int((~np.isin(fb.keys, fa.content)).sum())
    return P.RewriteScore(shared / small, small / large, shared_keys, order, small, shared_keys / fewer if fewer > 0 else 0.0,
                          verbatim, new_a, new_b)


def test_rewrite_score_is_the_plain_computation():
    from dedup_fixtures import STRIKE, STRIKE_DAY_TWO, STRIKE_REWRITE

    texts = _texts(50, 14) + [STRIKE, STRIKE_DAY_TWO, STRIKE_REWRITE]
    feats = compute(texts, EX, 128)
    coll = P.Collection(feats)
    scores = set()
    for a in range(len(feats)):
        for b in range(len(feats)):
            v = P.overlap(feats[a].shingles, feats[b].shingles)[1]
            got = P.rewrite_score(feats[a], feats[b], coll, v)
            assert got == _plain_rewrite_score(feats[a], feats[b], coll, v)
            scores.add((round(got.order, 3), got.new_a, got.new_b))
    assert len(scores) > 50  # varied orders and new facts, not all alike
