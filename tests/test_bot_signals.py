"""The style measures that tell a bot's rewrite from a reporter's story without seeing the original,
the weights fitted on them, and the story split of benchmarks/fit_bot_likeness.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from newslint.kinds import bot_score
from newslint.loaders import load_text
from newslint.ruleset import bundled_rules_dir, load_rules

ROOT = Path(__file__).resolve().parent.parent

# The same facts twice: as a reporter writes them, and as a rewrite smooths them.
REPORTED = """Mill to close after 80 years

The paper mill on the river will close in May, its owner said on Monday. About 300 people work there.

"We tried everything – twice," said Ana Ruiz, the plant manager. "Who buys paper now?"

The owner said the site is for sale. Its price: $4 million, the county said — less than a house a year.
"""
REWRITTEN = """Mill to close after 80 years

The paper mill on the river will close in May, its owner stated on Monday. About 300 people work there.

The plant manager, Ana Ruiz, noted that every effort had been made and emphasized the decline in demand for paper.

The owner highlighted that the site is for sale. The county indicated that its price of $4 million is less than a house a year.
"""


def style(text: str) -> dict[str, float]:
    return bot_score._style(load_text("a.txt", text)[0])[0]


def test_verbs_of_saying_other_than_said_are_counted_with_half_a_verb_each_way() -> None:
    s = style(REPORTED)
    said, variants = 4, 0  # "said" four times, once after a closing quote and comma
    assert s["saying_verbs_other_than_said"] == pytest.approx((variants + 0.5) / (said + variants + 1))
    r = style(REWRITTEN)
    said, variants = 0, 5  # stated, noted, emphasized, highlighted, indicated
    assert r["saying_verbs_other_than_said"] == pytest.approx((variants + 0.5) / (said + variants + 1))


def test_a_story_without_a_verb_of_saying_sits_in_the_middle() -> None:
    s = style("Rain\n\nIt rained all day in the valley and the roads were shut by the evening.\n")
    assert s["saying_verbs_other_than_said"] == pytest.approx(0.5)


def test_dashes_colons_and_questions_are_counted_but_not_hyphens_in_words() -> None:
    words = len(REPORTED.split("\n\n", 1)[1].split())
    # One "–", one "?", one ":", one "—".
    assert style(REPORTED)["dashes_colons_questions_per_1000_words"] == pytest.approx(4 * 1000 / words)
    hyphens = style("Vote\n\nThe well-known two-term mayor won a third term on a low turn-out day in town.\n")
    assert hyphens["dashes_colons_questions_per_1000_words"] == 0.0


@pytest.mark.parametrize("text", [
    "", "Plain words.", "In 2024, 1,500 people\tcame;\r\nmore: 42?", "Café — “quoted” – 3½ €5 ٣ 7\u2028x\xa0y 9",
    "Lone \ud800 surrogate 12", "\n\n\t\r 0123456789 " * 3,
])
def test_style_counts_are_the_plain_character_counts(text: str) -> None:
    """The digits, white space, quote marks and asides are counted as one count per character
    counts them, in ASCII and in other text (the digit and space counts run on UTF-8 bytes)."""
    assert bot_score._ascii_counts(text) == (sum(map(text.count, "0123456789")), sum(map(text.count, " \n\t\r")))
    body = "Title\n\n" + text + " The mayor said."
    (article,) = load_text("a.txt", body)
    got, _ = bot_score._style(article)
    b = article.body_text
    n = max(1, sum(x for x in map(len, map(str.split, bot_score._sentences(b))) if x))
    assert got["digits_per_1000_words"] == sum(map(b.count, "0123456789")) * (1000.0 / n)
    assert got["quote_marks_per_1000_words"] == (b.count('"') + b.count("“") + b.count("”")) * (1000.0 / n)
    assert got["dashes_colons_questions_per_1000_words"] == (b.count("—") + b.count("–") + b.count(":") + b.count("?")) * (1000.0 / n)
    assert got["mean_word_length"] == (len(b) - b.count(" ") - b.count("\n") - b.count("\t") - b.count("\r")) / n


@pytest.mark.parametrize("text", [REPORTED, REWRITTEN, "Vote\n\nYes: 12 of “them” said so – twice? Moreover, they stated it.\n", ""])
def test_each_measure_alone_is_the_measure_among_all(text: str) -> None:
    """The score computes only the weighted measures (``prepare`` keeps their names): each one,
    and any set of them, comes out as it does among all nine."""
    (article,) = load_text("a.txt", text)
    full, words = bot_score._style(article)
    assert set(full) == set(bot_score.STYLE)
    for name in bot_score.STYLE:
        assert bot_score._style(article, (name,)) == ({name: full[name]}, words)
    assert bot_score._style(article, ()) == ({}, words)
    bot = next(r for r in load_rules([bundled_rules_dir()]) if r.id == "bot-like-article")
    wanted = bot.state["style"]
    assert wanted and set(wanted) == set(bot.rule.options["weights"]) & set(bot_score.STYLE)
    assert bot_score._style(article, wanted) == ({k: full[k] for k in wanted}, words)


def test_the_rewrite_scores_higher_and_is_told_by_its_verbs_of_saying() -> None:
    bot = next(r for r in load_rules([bundled_rules_dir()]) if r.id == "bot-like-article")
    label = bot.rule.options["labels"]["saying_verbs_other_than_said"]
    scores, named = {}, {}
    for name, text in (("reported", REPORTED), ("rewritten", REWRITTEN)):
        score, apart, _, counts = bot_score._score(load_text("a.txt", text)[0], bot.rule, bot.state, ())
        scores[name] = score
        named[name] = bot_score.signal_names(apart, counts, bot.rule.options["labels"], 3)
    assert scores["rewritten"] > scores["reported"]
    assert label in named["rewritten"] and label not in named["reported"]


def _fit_script():
    path = ROOT / "benchmarks" / "fit_bot_likeness.py"
    spec = importlib.util.spec_from_file_location("fit_bot_likeness_under_test", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_story_split_is_sixty_twenty_twenty_by_title_and_stable() -> None:
    fit = _fit_script()
    titles = [f"Story number {i}" for i in range(20)]
    first = fit.story_splits(titles)
    assert [sum(1 for v in first.values() if v == s) for s in fit.SPLITS] == [12, 4, 4]
    # A story's split depends on the titles alone: the order given and repeated titles change nothing.
    assert fit.story_splits(list(reversed(titles)) + titles[:5]) == first


def test_every_fitted_signal_has_a_label_and_no_left_out_one_is_weighted() -> None:
    fit = _fit_script()
    bot = next(r for r in load_rules([bundled_rules_dir()]) if r.id == "bot-like-article")
    weights, labels = bot.rule.options["weights"], bot.rule.options["labels"]
    assert set(weights) == set(labels)
    assert not set(weights) & set(fit.LEFT_OUT)
    assert set(fit.LEFT_OUT) <= set(bot_score.STYLE)  # still computed: a user's rule file may weight them


def _plain_sentences(body: str) -> list[str]:
    for mark in ("\n\n", '." ', ".” ", ".’ ", "? ", "! ", '?" ', "?” ", '!" '):
        body = body.replace(mark, ". ")
    return body.split(". ")


@pytest.mark.parametrize("seed", range(60))
def test_sentences_skip_only_marks_the_text_cannot_hold(seed: int) -> None:
    """The split that looks only for marks whose characters the text holds is the plain split
    (every mark replaced in turn), whatever mix of marks, quotes and line breaks."""
    import random

    rng = random.Random(seed)
    pieces = ["word", " ", ".", "?", "!", '"', "”", "’", "\n", "\n\n", "é", ". ", "? ", "! "]
    weights = [rng.random() for _ in pieces]
    text = "".join(rng.choices(pieces, weights, k=rng.randint(0, 80)))
    assert bot_score._sentences(text) == _plain_sentences(text)
