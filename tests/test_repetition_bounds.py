"""The repetition kind's early stops (necessary conditions checked before counting n-grams) agree
with the plain computation: they never stop an article the full check would report on."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from newslint.kinds import repetition
from newslint.loaders import load_text
from newslint.ruleset import bundled_rules_dir, load_rules
from newslint.segment import BREAK

VOCAB = ["the", "council", "library", "boost", "local", "reading", "habits", "said", "new", "town", "a"]


def _words(rng: random.Random, size: int, vocab: int, breaks: float) -> list[str]:
    return [BREAK if rng.random() < breaks else rng.choice(VOCAB[:vocab]) for _ in range(size)]


def _plain_clean_excess(words: list[str], n: int) -> int:
    clean = [tuple(words[i : i + n]) for i in range(len(words) - n + 1) if BREAK not in words[i : i + n]]
    return len(clean) - len(set(clean))


@pytest.mark.parametrize("seed", range(40))
def test_clean_excess_is_the_plain_count_and_bounds_the_covered_words(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 5)
    words = _words(rng, rng.randint(n, 120), rng.randint(1, len(VOCAB)), rng.choice([0.0, 0.05, 0.3, 0.9]))
    grams = lambda: zip(*(words[k:] for k in range(n)))  # noqa: E731
    total = len(words) - n + 1
    got = repetition.clean_excess(grams(), set(grams()), total)
    assert got == _plain_clean_excess(words, n)
    counts = Counter(grams())
    words_total = len(words) - words.count(BREAK)
    covered = repetition.duplicate_share(words, n, counts, grams()) * words_total
    assert covered <= 2 * n * got + 1e-9


def _article_text(rng: random.Random) -> str:
    phrases = ["boost local reading habits", "a new library", "the town council said", "enhance defense cooperation"]
    paras = []
    for _ in range(rng.randint(1, 8)):
        sentence = []
        for _ in range(rng.randint(3, 12)):
            sentence.append(rng.choice(phrases) if rng.random() < 0.4 else rng.choice(VOCAB + ["plans", "more", "books", "Mayor"]))
        paras.append(" ".join(sentence) + rng.choice([".", "!", "; then more.", ", she said."]))
    return "Town plans library\n\n" + "\n\n".join(paras) + "\n"


@pytest.fixture(scope="module")
def rule():
    return {r.id: r for r in load_rules([bundled_rules_dir()])}["repeated-phrase"].rule


@pytest.mark.parametrize("share", [0.0, 0.05, 0.2, 0.5])
def test_repeated_phrases_are_those_found_without_the_early_stop(rule, share: float, monkeypatch) -> None:
    options = dict(rule.options, min_duplicate_share=share, min_content_words=2)
    rng = random.Random(share)
    texts = [_article_text(rng) for _ in range(150)]
    fast = [repetition.repeated_phrases(load_text("a.txt", t)[0], options) for t in texts]
    monkeypatch.setattr(repetition, "clean_excess", lambda grams, distinct, total: total)  # never stops
    plain = [repetition.repeated_phrases(load_text("a.txt", t)[0], options) for t in texts]
    assert fast == plain
    assert any(fast)  # some articles do reach the findings
