"""Every example of every bundled rule, run as a user's article would be.

A ``fail`` example must produce at least one finding of its rule, a ``pass`` example none. A rule
without a failing example, a passing example or a ``why`` fails here. Examples are plain-text
articles; a kind that needs something else (several articles for near-duplicates) provides
``run_example(rule, state, example) -> Iterable[Finding]`` and is called instead.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest

from newslint.engine import lint_article
from newslint.loaders import load_text
from newslint.ruleset import CompiledRule, bundled_rules_dir, load_rules


@lru_cache(maxsize=1)
def bundled() -> tuple[CompiledRule, ...]:
    return tuple(load_rules([bundled_rules_dir()]))


def _cases() -> list[Any]:
    cases = []
    for r in bundled():
        for outcome, examples in (("fail", r.rule.examples_fail), ("pass", r.rule.examples_pass)):
            for i, ex in enumerate(examples):
                cases.append(pytest.param(r.id, outcome, i, id=f"{r.id}-{outcome}-{i}"))
    return cases


def findings_of(rule: CompiledRule, example: Any) -> list:
    run_example = getattr(rule.kind, "run_example", None)
    if run_example is not None:
        return [f for f in run_example(rule.rule, rule.state, example) if f.rule == rule.id]
    assert isinstance(example, str), f"{rule.id}: a {rule.rule.kind} example must be a string of article text"
    (article,) = load_text(f"<{rule.id} example>", example, "text")
    # All bundled rules run, as in a user's run, so article-level rules that build on other
    # rules' findings see them; only this rule's findings count.
    findings, _ = lint_article(article, list(bundled()), {})
    return [f for f in findings if f.rule == rule.id]


def test_there_are_bundled_rules() -> None:
    assert bundled(), "no rules found in rules/"


@pytest.mark.parametrize("rid", [r.id for r in bundled()])
def test_rule_is_documented_with_examples(rid: str) -> None:
    rule = next(r for r in bundled() if r.id == rid).rule
    assert rule.why.strip(), f"{rid}: no 'why'"
    assert rule.examples_fail, f"{rid}: no failing example"
    assert rule.examples_pass, f"{rid}: no passing example"


@pytest.mark.parametrize("rid,outcome,index", _cases())
def test_rule_example(rid: str, outcome: str, index: int) -> None:
    rule = next(r for r in bundled() if r.id == rid)
    example = (rule.rule.examples_fail if outcome == "fail" else rule.rule.examples_pass)[index]
    found = findings_of(rule, example)
    if outcome == "fail":
        assert found, f"{rid}: failing example #{index} produced no finding: {example!r:.200}"
    else:
        assert not found, f"{rid}: passing example #{index} produced {[f.message for f in found]}: {example!r:.200}"
