"""Rule patterns: phrase lists compiled to a trie that matches as a plain longest-first alternation
would; user regular expressions rejected when they nest quantifiers, and time-bounded."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.errors import RuleError
from newslint.patterns import PatternTimeout, compile_pattern, finditer, phrase_pattern


def alternation(phrases: list[str], case_sensitive: bool) -> re.Pattern:
    parts = sorted({r"\s+".join(re.escape(w) for w in p.split()) for p in phrases if p.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", 0 if case_sensitive else re.IGNORECASE)


def spans(pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in finditer(pattern, text)]


def test_phrase_pattern_matches_on_word_boundaries_any_space_any_case() -> None:
    p = phrase_pattern(["it is important to note", "it is", "U.S. Army", "testament to"], case_sensitive=False)
    text = "It is important\n  to note; it is. A testaments to. the u.s. army. bit is"
    assert [m.group() for m in finditer(p, text)] == ["It is important\n  to note", "it is", "u.s. army"]
    assert phrase_pattern(["", "  "], False) is None
    cs = phrase_pattern(["Reuters"], case_sensitive=True)
    assert spans(cs, "reuters Reuters") == [(8, 15)]


words = st.sampled_from(["a", "ab", "b", "it", "is", "it's", "x-y", "U.S.", "é", "1", "ba"])
phrase = st.lists(words, min_size=1, max_size=4).map(" ".join)
texts = st.lists(st.one_of(words, st.sampled_from([" ", "  ", "\n", ".", ",", "A", "IT"])), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(phrases=st.lists(phrase, min_size=1, max_size=8), text=texts, case=st.booleans())
def test_phrase_trie_matches_like_a_longest_first_alternation(phrases: list[str], text: str, case: bool) -> None:
    assert spans(phrase_pattern(phrases, case), text) == spans(alternation(phrases, case), text)


def where(msg: str) -> RuleError:
    return RuleError(msg, "r.yaml", "options")


@pytest.mark.parametrize("src", [r"(a+)+b", r"(\w*)*x", r"(?:\s*\w+)*\.", r"(x|y+){2,}"])
def test_nested_quantifiers_are_rejected(src: str) -> None:
    with pytest.raises(RuleError, match="backtrack catastrophically"):
        compile_pattern(src, False, where)


def test_invalid_regex_is_a_rule_error() -> None:
    with pytest.raises(RuleError, match="not a valid regular expression"):
        compile_pattern("(unclosed", False, where)


SLOW = r"(?:\w|\w\w)*\d"  # overlapping alternatives under a star: exponential on a run of letters


def test_slow_pattern_is_stopped_by_the_engine_budget_in_the_main_thread() -> None:
    from newslint.budget import RuleOverrun, time_limit

    p = compile_pattern(SLOW, False, where)
    assert isinstance(p, re.Pattern)  # the standard module: its match is interrupted by the alarm
    with pytest.raises(RuleOverrun), time_limit(0.5):
        list(finditer(p, "a" * 200))


def test_slow_pattern_is_stopped_by_the_regex_timeout_in_another_thread() -> None:
    import threading

    p = compile_pattern(SLOW, False, where)
    raised: list[BaseException] = []

    def run() -> None:
        try:
            list(finditer(p, "a" * 200))
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            raised.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    assert not worker.is_alive() and len(raised) == 1 and isinstance(raised[0], PatternTimeout)


def test_standard_patterns_go_to_re_and_the_rest_to_regex() -> None:
    import regex

    assert isinstance(compile_pattern(r"(?>said|says)\s++to\b", False, where), re.Pattern)
    letters = compile_pattern(r"\p{Lu}\w+", True, where)  # a property class: only regex has it
    assert isinstance(letters, regex.Pattern) and [m.group() for m in finditer(letters, "the Mayor said")] == ["Mayor"]
    # Valid in both but read otherwise by re (a FutureWarning): kept with regex, as it was.
    assert isinstance(compile_pattern(r"[[:alpha:]]+", False, where), regex.Pattern)


def test_search_and_fullmatch_match_as_the_pattern_does() -> None:
    from newslint.patterns import fullmatch, search

    for p in (compile_pattern(r"read\s+more", False, where), compile_pattern(r"(?V1)read\s+more", False, where)):
        assert search(p, "x READ  more y", 1).span() == (2, 12) and search(p, "x READ  more y", 3) is None
        assert fullmatch(p, "Read more") and not fullmatch(p, "Read more.")


def test_bundled_rule_patterns_all_compile_with_re() -> None:
    from newslint.ruleset import bundled_rules_dir, load_rules

    rules = {r.id: r.state for r in load_rules([bundled_rules_dir()])}
    # (anonymous-source's reasons for anonymity are in the attribution lexicon; the rule's own
    # `reasons` option only adds a user's patterns, and the bundled rule has none.)
    assert rules["anonymous-source"].reasons is None
    found = [rules["ai-filler"].patterns[0], rules["stock-conclusion"].patterns[0],
             rules["boilerplate-ending"].strong, rules["boilerplate-ending"].weak, rules["boilerplate-ending"].end]
    assert all(type(p) is re.Pattern for p in found)
