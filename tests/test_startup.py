"""Start-up: what a one-article ``check`` imports and compiles before it reads the article, and
the cache of prepared rules. Structural tests (which modules, which patterns, which files), never
timed ones: the speed itself is measured side by side with proselint in benchmarks/lint_throughput.py."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import cli_env

from newslint.patterns import LazyPattern, lazy_compile


def run_python(code: str, **env: str) -> str:
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=cli_env(**env))
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_lazy_pattern_compiles_on_first_use_and_matches_as_re() -> None:
    built: list[int] = []

    def source() -> str:
        built.append(1)
        return r"\b(?:said|says)\b"

    p = lazy_compile(source, re.IGNORECASE)
    assert isinstance(p, LazyPattern) and p.compiled is None and not built
    text = "He SAID so; she says, and it is said."
    assert [m.span() for m in p.finditer(text)] == [m.span() for m in re.finditer(r"\b(?:said|says)\b", text, re.IGNORECASE)]
    assert p.compiled is not None and built == [1]
    assert p.search("says").group() == "says" and p.fullmatch("Said") and not p.match("x said")
    assert p.pattern == r"\b(?:said|says)\b" and p.flags & re.IGNORECASE
    assert built == [1]  # compiled once, whatever is used afterwards
    plain = lazy_compile(r"\d+")
    assert plain.sub("#", "a1b22") == "a#b#" and plain.split("a1b") == ["a", "b"]


def test_importing_the_quotation_analysis_compiles_none_of_its_patterns() -> None:
    out = run_python(
        "import newslint.attribution as a\n"
        "from newslint.patterns import LazyPattern\n"
        "lazy = [v for v in vars(a).values() if isinstance(v, LazyPattern)]\n"
        "compiled = [v for v in vars(a).values() if type(v).__name__ == 'Pattern']\n"
        "print(len(lazy), sum(v.compiled is not None for v in lazy), len(compiled))\n"
    )
    lazy, done, eager = map(int, out.split())
    assert lazy >= 40 and done == 0 and eager == 0


def test_word_lookup_takes_one_opening_mark_off_as_the_full_table_did() -> None:
    from newslint.attribution import _CLAIM_GATE, _CUE_SET, _ROLE_SET, _words_present

    words = _ROLE_SET | _CUE_SET | _CLAIM_GATE
    # The table it replaces: every word with each opening and each closing mark.
    pre = ("", '"', "“", "(", "'", "‘", "[")
    post = ("", ",", ".", ":", ";", '"', "”", "'", "’", ")", "?", "!", "'s", "’s", '."', ',"', ".”", ",”", "]", "—", "–", "…")
    full = {p + w + q: w for w in words for p in pre for q in post}
    text = ('“officials said," (aides) [sources] ‘spokesman’s "" " ((said ""told x"said '
            "officialsx said— people’s 'according said… «said»")
    expected = frozenset(full[t] for t in set(text.replace("—", " ").split()) if t in full)
    assert _words_present(text) == expected
    assert {"officials", "said", "aides", "sources", "spokesman", "people", "according"} <= expected
    assert "told" not in expected  # '""told' has two opening marks
