"""Near-duplicate detection: features, signatures, candidates, exact confirmation, kinds, clusters."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup_fixtures import (BACKGROUND_FOLLOW_UP, COPY, FOLLOW_UP, REWRITE, STORY, STRIKE, STRIKE_DAY_TWO, STRIKE_REWRITE,
                            UNRELATED)
from newslint.dedup import detect
from newslint.dedup.explain import Added, added
from newslint.dedup.features import Extractor, tokenize
from newslint.dedup.model import Features, compute, pack_sorted, unpack_sorted
from newslint.dedup.pairs import (Collection, Params, clusters, copy_candidates, find_pairs, jaccard, overlap,
                                  rewrite_prefilter, rewrite_score)
from newslint.dedup.signatures import oph

EX = Extractor.create(5)
P = Params()


def _detect(texts: list[str], p: Params = P):
    feats = compute(texts, EX, p.num_perm)
    return detect(feats, lambda ids: {i: texts[i] for i in ids}, p, EX)


def _words(text: str) -> list[str]:
    t = tokenize([text])
    return [t.buffer[a:b].decode() for a, b in zip(t.starts, t.ends)]


def test_tokenizer_keeps_numbers_and_splits_on_unicode_punctuation():
    assert _words("Trump’s “big” deal—in São Paulo… 1.5% of £20,000\u00a0now") == [
        "Trump", "s", "big", "deal", "in", "São", "Paulo", "1.5", "of", "20,000", "now"]


def test_names_exclude_sentence_starts_and_stopwords():
    b = EX.extract(["The mayor met Agnes Whitcombe. Later she left for Dunmore with 14 aides."])
    names = set(b.key_words(0).values())
    assert {"Agnes", "Whitcombe", "Dunmore", "14"} <= names
    assert "Later" not in names and "The" not in names


def test_hashes_are_case_insensitive_and_batch_independent():
    one = tokenize(["Kestrel BAY bridge"]).hashes
    two = tokenize(["unrelated words here", "kestrel bay Bridge"]).hashes[3:]
    assert np.array_equal(one, two)


def test_signature_estimates_jaccard():
    rng = np.random.default_rng(7)
    base = rng.integers(0, 2**64, 2000, dtype=np.uint64)
    other = np.concatenate([base[:1000], rng.integers(0, 2**64, 1000, dtype=np.uint64)])  # Jaccard 1/3
    sig = oph(np.concatenate([base, other]), np.repeat([0, 1], 2000), 2, 256)
    assert abs(float(np.mean(sig[0] == sig[1])) - 1 / 3) < 0.1
    assert np.array_equal(oph(base, np.zeros(2000, int), 1, 128), oph(base[::-1], np.zeros(2000, int), 1, 128))


def test_empty_text_has_empty_signature_and_no_candidates():
    feats = compute(["", "   ", STORY], EX, 128)
    assert (feats[0].sig == 0xFFFF).all()
    assert len(copy_candidates(Collection(feats), P)) == 0


def test_copy_found_with_shared_passages():
    pairs, groups = _detect([STORY, COPY] + UNRELATED)
    assert [(p.a, p.b, p.kind) for p in pairs] == [(0, 1, "copy")]
    assert pairs[0].similarity >= 0.7
    assert any("The Kestrel Bay harbour bridge was closed on Tuesday" in s for s in pairs[0].shared)
    assert groups == [[0, 1]]


def test_rewrite_found_with_shared_names_and_numbers():
    pairs, _ = _detect([STORY, REWRITE] + UNRELATED)
    assert [(p.a, p.b, p.kind) for p in pairs] == [(0, 1, "rewrite")]
    shared = set(pairs[0].shared)
    assert {"3.2", "212", "Agnes", "Carrow", "Kestrel"} <= shared and len(shared) <= 12
    # The rewrite shares hardly a five-word run: shingle Jaccard alone would miss it.
    f = compute([STORY, REWRITE], EX, 128)
    assert jaccard(f[0].shingles, f[1].shingles) < 0.1


def test_follow_up_with_new_names_is_not_a_rewrite():
    # It shares most content words with STORY, but brings names and numbers of its own (and STORY
    # keeps some it does not repeat): the key containment (rewrite_min_key_containment) and the new
    # facts on both sides (rewrite_max_new_facts) each tell it from a rewrite.
    pairs, _ = _detect([STORY, FOLLOW_UP] + UNRELATED)
    assert pairs == []
    loose = Params(rewrite_min_key_containment=0.0, rewrite_min_reworded=0.0, rewrite_max_new_facts=1000)
    found, _ = _detect([STORY, FOLLOW_UP] + UNRELATED, loose)
    assert [(p.a, p.b, p.kind) for p in found] == [(0, 1, "rewrite")]
    for one in (replace(loose, rewrite_min_key_containment=P.rewrite_min_key_containment),
                replace(loose, rewrite_max_new_facts=P.rewrite_max_new_facts)):
        assert _detect([STORY, FOLLOW_UP] + UNRELATED, one)[0] == []
    # The rewrite keeps every name and number of its own from STORY.
    pairs, _ = _detect([STORY, REWRITE, FOLLOW_UP] + UNRELATED)
    assert (0, 1, "rewrite") in [(p.a, p.b, p.kind) for p in pairs] and all(2 not in (p.a, p.b) for p in pairs)


def test_follow_up_repeating_background_verbatim_is_not_a_rewrite():
    # No name or number of its own and most of STORY's content words: only the reworded
    # containment (rewrite_min_reworded) tells it from a rewrite, since what it shares it repeats
    # word for word (the background paragraph) under a new lead.
    texts = [STORY, BACKGROUND_FOLLOW_UP, REWRITE] + UNRELATED
    feats = compute(texts, EX, 128)
    coll = Collection(feats)
    follow = rewrite_score(feats[0], feats[1], coll, overlap(feats[0].shingles, feats[1].shingles)[1])
    rewrite = rewrite_score(feats[0], feats[2], coll, overlap(feats[0].shingles, feats[2].shingles)[1])
    assert follow.key_containment == 1.0 and follow.verbatim > 0.4 and follow.reworded < P.rewrite_min_reworded
    assert rewrite.verbatim < 0.1 and rewrite.reworded >= P.rewrite_min_reworded
    pairs, _ = _detect(texts)
    assert [(p.a, p.b, p.kind) for p in pairs] == [(0, 2, "rewrite")]
    loose, _ = _detect(texts, Params(rewrite_min_reworded=0.0))
    assert (0, 1, "rewrite") in [(p.a, p.b, p.kind) for p in loose]


def _score(texts: list[str], a: int, b: int):
    feats = compute(texts, EX, 128)
    return rewrite_score(feats[a], feats[b], Collection(feats), overlap(feats[a].shingles, feats[b].shingles)[1])


def test_new_facts_counts_the_names_and_numbers_each_article_lacks_in_the_other():
    texts = [STRIKE, STRIKE_REWRITE, STRIKE_DAY_TWO] + UNRELATED
    rewrite, follow = _score(texts, 0, 1), _score(texts, 0, 2)
    # The rewrite keeps every name and number and brings none: nothing new on either side.
    assert (rewrite.new_a, rewrite.new_b, rewrite.new_facts) == (0, 0, 0)
    # The first day keeps 2019, Wexley, Mayfield, Road; the second brings 3.1, Imogen, Falstaff,
    # 250,000, Ronald, Keeble, ACAS. Sentence starts and stopwords are no names.
    assert (follow.new_a, follow.new_b, follow.new_facts) == (4, 7, 4)
    assert _score(texts, 2, 0).new_a == 7
    # A name the other article uses in lower case only is not new to it.
    lower = STRIKE_REWRITE.replace("Wexley district", "the district") + "Wexley-style delays spread.\n"
    assert _score([STRIKE, lower.lower()] + UNRELATED, 0, 1).new_a == 0


def test_follow_up_with_facts_on_both_sides_is_not_a_rewrite():
    # The day-two story passes every other test (it restates the first day in other words); only
    # the new facts on both sides tell it from a rewrite, while the bot rewrite is still found.
    texts = [STRIKE, STRIKE_REWRITE, STRIKE_DAY_TWO] + UNRELATED
    follow = _score(texts, 0, 2)
    assert follow.passes(replace(P, rewrite_max_new_facts=1000)) and not follow.passes(P)
    pairs, _ = _detect(texts)
    assert [(p.a, p.b, p.kind) for p in pairs] == [(0, 1, "rewrite")]
    loose, _ = _detect(texts, replace(P, rewrite_max_new_facts=1000))
    assert (0, 2, "rewrite") in [(p.a, p.b, p.kind) for p in loose]
    # The cap is on the article that adds fewer: 4 new facts pass a cap of 4.
    assert follow.passes(replace(P, rewrite_max_new_facts=4)) and not follow.passes(replace(P, rewrite_max_new_facts=3))


def test_rewrite_pair_says_what_the_second_story_adds():
    pairs, _ = _detect([STRIKE, STRIKE_REWRITE, STRIKE_DAY_TWO] + UNRELATED)
    (rewrite,) = pairs
    assert rewrite.adds is not None and rewrite.adds.nothing and rewrite.adds.summary() == "adds nothing new"
    # Reported with the new-facts test off, the follow-up says what it brings.
    loose, _ = _detect([STRIKE, STRIKE_DAY_TWO] + UNRELATED, replace(P, rewrite_max_new_facts=1000))
    (follow,) = loose
    adds = follow.adds
    assert adds.numbers == ("3.1", "250,000") and adds.names == ("Imogen Falstaff", "Ronald Keeble", "ACAS")
    assert adds.quotes == ("a step, but not enough for drivers who have waited years for a real-terms rise",)
    assert (adds.unmatched, adds.sentences) == (2, 7)
    assert adds.summary() == ('adds 2 numbers, 3 names, 1 quote: 3.1, 250,000; Imogen Falstaff, Ronald Keeble, ACAS; '
                              '"a step, but not enough for drivers who have waited years for a real-terms rise" '
                              "(2 of 7 sentences without a counterpart)")
    # Copies say what they share, not what they add.
    copies, _ = _detect([STORY, COPY])
    assert copies[0].kind == "copy" and copies[0].adds is None


def test_added_names_numbers_quotes_and_sentences_without_counterpart():
    other = compute(["The Harrowgate council met Dafydd Pryce on Monday about the 42 bus routes and the strike."],
                    EX, 128)[0].content
    text = ('Bus strike talks. Talks resumed with Ronald Keeble of ACAS and Dafydd Pryce. Halvorsen Structures said '
            '"we will run 12 routes" and the council said "the strike routes are the council\'s worry". '
            "Imogen Falstaff put the cost at 250,000 pounds, up from 200,000, near Mayfield Road.\n\n"
            "The strike routes of Harrowgate council.")
    adds = added(text, other, EX)
    # Names in their words, one name together (a sentence start joins the name it begins); a
    # name or number the other has is not new, nor is a number repeated.
    assert adds.names == ("Ronald Keeble", "ACAS", "Halvorsen Structures", "Imogen Falstaff", "Mayfield Road")
    assert adds.numbers == ("12", "250,000", "200,000")
    # A quotation whose words are mostly in the other story is not new.
    assert adds.quotes == ("we will run 12 routes",)
    # Five sentences (the blank line ends one too); two have fewer than a third of their content
    # words in the other story: the one naming Keeble (2 of 7 known) and the one with the cost.
    assert adds.sentences == 5 and adds.unmatched == 2
    assert added("", other, EX) == Added() and Added().summary() == "adds nothing new"
    long = Added(numbers=tuple(str(i) for i in range(9)))
    assert long.summary(limit=3) == "adds 9 numbers: 0, 1, 2 …"


def test_rewrite_keeping_a_sentence_verbatim_is_still_found():
    # A rewrite may keep a quotation or a sentence word for word: a little verbatim text only
    # lowers the reworded containment by its share.
    kept = REWRITE + "Police closed the approach roads and set up a cordon near the terminal.\n"
    pairs, _ = _detect([STORY, kept] + UNRELATED)
    assert [(p.a, p.b, p.kind) for p in pairs] == [(0, 1, "rewrite")]
    f = compute([STORY, kept], EX, 128)
    assert overlap(f[0].shingles, f[1].shingles)[1] > overlap(*(compute([STORY, REWRITE], EX, 128)[i].shingles for i in (0, 1)))[1]


def test_overlap_is_jaccard_and_containment_of_the_smaller():
    a = np.arange(10, dtype=np.uint32)
    b = np.arange(6, 26, dtype=np.uint32)
    assert overlap(a, b) == (4 / 26, 4 / 10)
    assert overlap(a, np.zeros(0, dtype=np.uint32)) == (0.0, 0.0)


def test_prefilter_keeps_exactly_the_pairs_whose_containment_and_size_pass():
    # Every pair of a mixed set (stories, copies, rewrites, follow-ups, sentences recombined at
    # random): the array prefilter must agree with the exact score, pair by pair.
    rng = np.random.default_rng(3)
    sentences = " ".join([STORY, REWRITE, FOLLOW_UP, BACKGROUND_FOLLOW_UP] + UNRELATED).split(". ")
    mixed = [". ".join(rng.choice(sentences, 6)) for _ in range(12)]
    texts = [STORY, REWRITE, COPY, FOLLOW_UP, BACKGROUND_FOLLOW_UP, "", *UNRELATED, *mixed]
    feats = compute(texts, EX, 128)
    coll = Collection(feats)
    n = len(texts)
    cands = np.array([(i << 32) | j for i in range(n) for j in range(i + 1, n)], dtype=np.int64)
    for p in (P, Params(rewrite_containment=0.2, rewrite_length_slope=0.1, rewrite_min_weight=10.0)):
        kept = set(rewrite_prefilter(coll, cands, p).tolist())
        for code in cands.tolist():
            s = rewrite_score(feats[code >> 32], feats[code & 0xFFFFFFFF], coll)
            need = p.rewrite_containment + p.rewrite_length_slope * s.ratio
            if abs(s.containment - need) > 2e-3 and abs(s.min_weight - p.rewrite_min_weight) > 1.0:
                assert (code in kept) == (s.containment >= need and s.min_weight >= p.rewrite_min_weight), code
        assert len(kept) >= 2


def test_unrelated_stories_are_not_pairs():
    pairs, groups = _detect([STORY] + UNRELATED)
    assert pairs == [] and groups == []


def test_clusters_join_copy_and_rewrite():
    pairs, groups = _detect([UNRELATED[0], STORY, COPY, REWRITE])
    assert groups == [[1, 2, 3]]
    assert {(p.a, p.b) for p in pairs} >= {(1, 2), (1, 3)}


def test_no_reported_pair_rests_on_an_lsh_false_positive():
    # One-value bands make nearly every pair a candidate; only exact confirmation can keep them out.
    texts = [STORY, COPY, *UNRELATED, *(u.replace("the", "a") for u in UNRELATED)]
    p = Params(band_rows=1, num_perm=64)
    feats = compute(texts, EX, p.num_perm)
    coll = Collection(feats)
    cands = copy_candidates(coll, p)
    assert len(cands) > 3  # candidates that are not copies exist
    for pair in find_pairs(coll, p):
        if pair.kind == "copy":
            exact = jaccard(feats[pair.a].shingles, feats[pair.b].shingles)
            assert exact >= p.copy_threshold and abs(exact - pair.similarity) < 1e-3


def test_clusters_union_find():
    from newslint.dedup.pairs import Pair

    got = clusters(6, [Pair(0, 1, "copy", 1.0), Pair(4, 5, "copy", 1.0), Pair(1, 2, "rewrite", 0.7)])
    assert got == [[0, 1, 2], [4, 5]]


def test_pack_roundtrip():
    f = compute([STORY], EX, 128)[0].for_index()
    g = Features.unpack(*f.pack())
    assert 0 < len(g.shingles) < len(compute([STORY], EX, 128)[0].shingles)
    assert all(np.array_equal(getattr(f, k), getattr(g, k)) for k in ("shingles", "content", "keys", "sig"))
    assert np.array_equal(unpack_sorted(pack_sorted(np.array([], dtype=np.uint32))), [])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=5))
def test_arbitrary_text_never_raises(texts):
    feats = compute(texts, EX, 64)
    assert len(feats) == len(texts)
    detect(feats, lambda ids: {i: texts[i] for i in ids}, Params(num_perm=64), EX)
