"""Start-up: what a one-article ``check`` imports and compiles before it reads the article, and
the cache of prepared rules. Structural tests (which modules, which patterns, which files), never
timed ones: the speed itself is measured side by side with proselint in benchmarks/lint_throughput.py."""

from __future__ import annotations

import copy
import io
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, cli_env, rule_file, run_cli

from newslint import rule_cache
from newslint.loaders import load_text
from newslint.patterns import LazyPattern, lazy_compile
from newslint.ruleset import bundled_rules_dir, load_rules

BOT_STORY = (ROOT / "examples" / "bot-story.txt").read_text(encoding="utf-8")


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


def test_lazy_pattern_copies_and_pickles_as_a_plain_object() -> None:
    p = LazyPattern(r"\w+")
    q = copy.copy(p)
    assert q.compiled is None and q.findall("a b") == ["a", "b"]
    r = pickle.loads(pickle.dumps(LazyPattern(r"\d+", re.ASCII)))
    assert r.compiled is None and r.flags_given == re.ASCII and r.findall("1 x 22") == ["1", "22"]


def test_importing_the_quotation_analysis_compiles_none_of_its_patterns() -> None:
    out = run_python(
        "from newslint.attribution import cues, lexicon, quotes, sources\n"
        "from newslint.patterns import LazyPattern\n"
        "values = [v for m in (cues, quotes, sources) for v in vars(m).values()]\n"
        "lazy = [v for v in values if isinstance(v, LazyPattern)]\n"
        "compiled = [v for v in values if type(v).__name__ == 'Pattern']\n"
        "print(len(lazy), sum(v.compiled is not None for v in lazy), len(compiled), lexicon.tables.cache_info().currsize)\n"
    )
    lazy, done, eager, lexicon_read = map(int, out.split())
    assert lazy >= 40 and done == 0 and eager == 0 and lexicon_read == 0


def test_word_lookup_takes_one_opening_mark_off_as_the_full_table_did() -> None:
    from newslint.attribution.lexicon import tables, words_present as _words_present

    t = tables()
    words = t.roles | t.speech | t.claim_gate
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


# --- the cache of prepared rules -----------------------------------------------------------------


def findings(rules) -> list[tuple]:
    article = load_text("bot-story.txt", BOT_STORY, "text")[0]
    return [(f.rule, f.start, f.end, f.message) for r in rules for f in r.check(article)]


def test_cached_rules_are_read_back_without_parsing_and_find_the_same(tmp_path: Path, monkeypatch) -> None:
    fresh = load_rules([bundled_rules_dir()], cache=tmp_path)
    assert len(list(tmp_path.glob("rules-*.pickle"))) == 1
    monkeypatch.setattr("newslint.ruleset.parse_rule_text", lambda *a, **k: pytest.fail("parsed despite the cache"))
    cached = load_rules([bundled_rules_dir()], cache=tmp_path)
    assert [r.rule for r in cached] == [r.rule for r in fresh]
    assert [r.kind for r in cached] == [r.kind for r in fresh]
    assert findings(cached) == findings(fresh) and len(findings(fresh)) >= 10


def test_a_changed_rule_file_is_read_again(tmp_path: Path) -> None:
    rules_dir, cache = tmp_path / "rules", tmp_path / "cache"
    rule_file(rules_dir, "house-style", ["going forward"])
    first = load_rules([bundled_rules_dir(), rules_dir], cache=cache)
    assert next(r for r in first if r.id == "house-style").rule.options["phrases"] == ["going forward"]
    rule_file(rules_dir, "house-style", ["at the end of the day"])
    again = load_rules([bundled_rules_dir(), rules_dir], cache=cache)
    assert next(r for r in again if r.id == "house-style").rule.options["phrases"] == ["at the end of the day"]
    assert len(list(cache.glob("rules-*.pickle"))) == 1  # the set's entry replaced, not one more


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_cache_is_passed_over(tmp_path: Path, damage: str) -> None:
    fresh = load_rules([bundled_rules_dir()], cache=tmp_path)
    entry = next(tmp_path.glob("rules-*.pickle"))
    data = entry.read_bytes()
    entry.write_bytes({"truncate": data[: len(data) // 2], "flip": data[:-100] + bytes([data[-100] ^ 0x40]) + data[-99:],
                       "garbage": b"\x80\x04not a pickle" * 50, "empty": b""}[damage])
    again = load_rules([bundled_rules_dir()], cache=tmp_path)
    assert findings(again) == findings(fresh)
    assert entry.read_bytes() == data  # and written afresh


def test_an_unwritable_cache_is_passed_over(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    rules = load_rules([bundled_rules_dir()], cache=blocker / "newslint")
    assert findings(rules) == findings(load_rules([bundled_rules_dir()]))
    assert blocker.read_text() == "a file where the cache folder would be"


def test_cache_folder_from_the_environment() -> None:
    assert rule_cache.default_dir({"NEWSLINT_CACHE_DIR": "/tmp/x"}) == Path("/tmp/x")
    assert rule_cache.default_dir({"NEWSLINT_CACHE_DIR": "", "HOME": "/home/u"}) is None
    if sys.platform != "win32":
        assert rule_cache.default_dir({"XDG_CACHE_HOME": "/c", "HOME": "/home/u"}) == Path("/c/newslint")
        assert rule_cache.default_dir({"HOME": "/home/u"}) == Path("/home/u/.cache/newslint")
        assert rule_cache.default_dir({}) is None


def test_check_output_is_the_same_with_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    runs = [run_cli("check", "--no-config", "--format", "json", str(ROOT / "examples"), NEWSLINT_CACHE_DIR=str(cache))
            for _ in range(2)]
    off = run_cli("check", "--no-config", "--format", "json", str(ROOT / "examples"), NEWSLINT_CACHE_DIR="")
    assert runs[0].code == runs[1].code == off.code == 1
    assert runs[0].out == runs[1].out == off.out and '"boilerplate-ending"' in off.out
    assert len(list(cache.glob("rules-*.pickle"))) == 1


# --- what a one-article check imports ------------------------------------------------------------

# Modules a one-article check has no use for: the near-duplicate and index machinery and its
# numeric libraries, the worker pool, servers, and the parsers of formats it is not reading.
HEAVY = ("numpy", "scipy", "sklearn", "datasketch", "rensa", "multiprocessing", "concurrent.futures", "sqlite3",
         "asyncio", "http.server", "socketserver", "wsgiref", "aiohttp", "fastapi", "starlette", "uvicorn", "flask",
         "redis", "newslint.serve", "newslint.server", "newslint.cli.serve",
         "newslint.dedup", "newslint.index", "newslint.cli.dupes", "newslint.cli.index", "newslint.loaders.html",
         "newslint.loaders.markdown", "newslint.formatters.html", "newslint.formatters.sarif", "html.parser", "tomllib",
         "shutil", "bz2", "lzma")  # shutil: argparse imports it for the terminal width, and it brings both compressors


def imported_by_check(args: list[str], cache: Path) -> set[str]:
    out = run_python(
        "import contextlib, io, sys\n"
        "from newslint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({args!r})\n"
        "print(code, *sorted(sys.modules))\n",
        NEWSLINT_CACHE_DIR=str(cache),
    )
    code, *modules = out.split()
    assert code in ("0", "1")
    return set(modules)


def test_one_article_check_imports_no_heavy_module(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(BOT_STORY, encoding="utf-8")
    args = ["check", "--no-config", str(article)]
    cold = imported_by_check(args, tmp_path / "cache")
    warm = imported_by_check(args, tmp_path / "cache")
    for modules in (cold, warm):
        assert "newslint.engine" in modules and "newslint.loaders.text" in modules  # it did run
        heavy = {m for m in modules if m in HEAVY or m.split(".")[0] in HEAVY}
        assert not heavy, f"a one-article check imported {sorted(heavy)}"
    assert "yaml" in cold and "yaml" not in warm  # rule files parsed once, then read from the cache
    # One output format (and the escaping every format shares), not the other four.
    assert {"newslint.formatters.text", "newslint.formatters.escape"} == {m for m in warm if m.startswith("newslint.formatters.")}


def test_formatter_table_matches_formatters_get() -> None:
    from newslint.cli.common import FORMATTER_MODULES, renderer
    from newslint.formatters import NAMES, get

    assert tuple(FORMATTER_MODULES) == NAMES
    assert all(renderer(name) is get(name) for name in NAMES)


def test_help_is_as_wide_as_the_terminal_says() -> None:
    narrow = run_cli("check", "--help", COLUMNS="60").out.splitlines()
    wide = run_cli("check", "--help", COLUMNS="200").out.splitlines()
    assert len(narrow) > len(wide) and max(map(len, narrow)) < 70 < max(map(len, wide))
    assert "--stdin-filename" in "".join(narrow) and "--stdin-filename" in "".join(wide)


def test_cached_standard_patterns_are_rebuilt_from_their_programs_not_compiled(tmp_path: Path, monkeypatch) -> None:
    fresh = load_rules([bundled_rules_dir()], cache=tmp_path)
    re.purge()  # else re.compile would find them in its own cache of this process
    monkeypatch.setattr("re._compiler.compile", lambda *a, **k: pytest.fail("a cached pattern was compiled again"))
    cached = load_rules([bundled_rules_dir()], cache=tmp_path)
    strong = next(r for r in cached if r.id == "boilerplate-ending").state.strong
    assert type(strong) is re.Pattern and strong == next(r for r in fresh if r.id == "boilerplate-ending").state.strong
    monkeypatch.undo()
    assert findings(cached) == findings(fresh)


def test_a_program_that_does_not_rebuild_its_pattern_is_stored_as_source(monkeypatch) -> None:
    from newslint import patterns

    p = re.compile(r"read\s+more", re.IGNORECASE)
    assert patterns.program_of(p) is not None
    monkeypatch.setattr(patterns, "from_program", lambda args: re.compile("other"))
    assert patterns.program_of(p) is None
    monkeypatch.setattr(rule_cache, "program_of", lambda pattern: None)
    out = io.BytesIO()
    rule_cache._Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(p)  # then kept as its source, as pickle keeps it
    assert b"from_program" not in out.getvalue() and pickle.loads(out.getvalue()) == p


def test_an_entry_with_regex_patterns_is_passed_over_for_another_regex_version(tmp_path: Path, monkeypatch) -> None:
    import regex

    rules_dir, cache = tmp_path / "rules", tmp_path / "cache"
    rules_dir.mkdir()
    (rules_dir / "capitals.yaml").write_text("id: capitals\nkind: phrases\nlevel: warning\nmessage: m\nsummary: s\nwhy: w\n"
                                             "options: {patterns: ['\\p{Lu}{5,}'], case_sensitive: true}\n"
                                             "examples: {fail: [SHOUTING], pass: [quiet]}\n")
    first = load_rules([rules_dir], cache=cache)
    assert isinstance(first[0].state.patterns[0], regex.Pattern)
    key = rule_cache.make_key([(str(rules_dir / "capitals.yaml"), False, (rules_dir / "capitals.yaml").read_text())])
    assert rule_cache.load(cache, key) is not None
    monkeypatch.setattr(rule_cache, "_regex_version", lambda: "0.0-another")
    assert rule_cache.load(cache, key) is None
    # Standard patterns alone do not tie the bundled rules' entry to a regex version.
    load_rules([bundled_rules_dir()], cache=cache)
    bundled = [(str(p), True, p.read_text(encoding="utf-8")) for p in sorted(bundled_rules_dir().glob("*.y*ml"))]
    assert rule_cache.load(cache, rule_cache.make_key(bundled)) is not None


def test_a_lazy_pattern_with_a_known_program_is_rebuilt_not_compiled(monkeypatch) -> None:
    from newslint.patterns import Programs, program_of

    source, flags = r"\b(?:said|says|told)\b", re.IGNORECASE
    store = Programs()
    store.known[(source, flags)] = program_of(re.compile(source, flags))
    monkeypatch.setattr("newslint.patterns.PROGRAMS", store)
    monkeypatch.setattr("re._compiler.compile", lambda *a, **k: pytest.fail("compiled despite its program"))
    re.purge()
    p = lazy_compile(source, flags)
    text = "She SAID it and he told us."
    assert [m.span() for m in p.finditer(text)] == [(4, 8), (19, 23)]
    assert store.compiled == {} and store.learned() == {}  # nothing new to keep


def test_a_damaged_program_is_compiled_instead_and_kept_anew(monkeypatch) -> None:
    from newslint.patterns import Programs, program_of

    good = program_of(re.compile(r"\d+"))
    assert good is not None
    store = Programs()
    store.known[(r"\d+", 0)] = (*good[:2], [999999] * len(good[2]), *good[3:])  # a program the interpreter refuses
    monkeypatch.setattr("newslint.patterns.PROGRAMS", store)
    assert lazy_compile(r"\d+").findall("a 12 b 3") == ["12", "3"]
    assert store.learned()[(r"\d+", 0)] == good


def test_a_check_keeps_the_programs_of_the_lazy_patterns_it_compiled(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    story = str(ROOT / "examples" / "bot-story.txt")
    code = ("import io, sys\n"
            "from newslint.cli import main\n"
            "from newslint.patterns import PROGRAMS\n"
            "sys.stdout = io.StringIO()\n"
            f"main(['check', '--no-config', '--format', 'json', {story!r}])\n"
            "sys.stdout = sys.__stdout__\n"
            "print(len(PROGRAMS.compiled), len(PROGRAMS.known))\n")
    first = [int(x) for x in run_python(code, NEWSLINT_CACHE_DIR=str(cache)).split()]
    assert first[0] >= 10 and first[1] == 0 and len(list(cache.glob("patterns-*.pickle"))) == 1
    second = [int(x) for x in run_python(code, NEWSLINT_CACHE_DIR=str(cache)).split()]
    assert second == [0, first[0]]  # every one rebuilt from its program, none compiled
    off = [int(x) for x in run_python(code, NEWSLINT_CACHE_DIR="").split()]
    assert off == [first[0], 0]


# --- what the command line does before it imports its command (newslint.startup) ----------------


def test_every_dataclass_has_a_docstring() -> None:
    # dataclasses writes the signature of a dataclass without one as its docstring, with inspect:
    # a one-article check would import inspect (and ast, dis, tokenize) for that alone.
    import ast

    missing = []
    for path in sorted((ROOT / "src" / "newslint").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any("dataclass" in ast.unparse(d) for d in node.decorator_list):
                if ast.get_docstring(node) is None:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not missing, missing


def test_one_article_check_defers_inspect_skips_typing_and_compiles_no_dataclass_a_second_time(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(BOT_STORY, encoding="utf-8")
    code = ("import contextlib, io, sys\n"
            "from newslint import startup\n"
            "from newslint.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    main(['check', '--no-config', {str(article)!r}])\n"
            "print(type(sys.modules['inspect']).__name__, 'ast' in sys.modules, 'dis' in sys.modules, 'typing' in sys.modules,\n"
            "      len(startup._code))\n")
    cache = tmp_path / "cache"
    cold = run_python(code, NEWSLINT_CACHE_DIR=str(cache)).split()
    assert cold[:3] == ["_Deferred", "False", "False"] and int(cold[4]) >= 100
    assert len(list(cache.glob("dataclass-code-*.pickle"))) == 1
    # The second run execs the kept code: it compiles no method source.
    warm = run_python("import builtins\n"
                      "real = builtins.compile\n"
                      "def spy(source, *a, **k):\n"
                      "    assert not (isinstance(source, str) and source.startswith('def __create_fn__')), 'compiled again'\n"
                      "    return real(source, *a, **k)\n"
                      "builtins.compile = spy\n" + code, NEWSLINT_CACHE_DIR=str(cache)).split()
    # Nor typing (~4 ms; the cold run's YAML parser brings it): annotations are never evaluated,
    # and TYPE_CHECKING is a constant of our own.
    assert warm[:3] == cold[:3] and warm[3] == "False" and warm[4] == cold[4]


def test_dataclasses_made_from_kept_code_are_the_dataclasses_exec_makes(tmp_path: Path) -> None:
    code = ("import dataclasses, sys\n"
            "from newslint import startup\n"
            "if sys.argv[-1] == 'kept':\n"
            "    startup.prepare({'NEWSLINT_CACHE_DIR': sys.argv[-2]})\n"
            "    import dataclasses\n"
            "@dataclasses.dataclass(frozen=True)\n"
            "class Point:\n"
            "    '''A point.'''\n"
            "    x: int\n"
            "    y: 'str' = 'a'\n"
            "    tags: tuple = dataclasses.field(default=(), compare=False)\n"
            "p = Point(1)\n"
            "try:\n"
            "    p.x = 2\n"
            "except dataclasses.FrozenInstanceError:\n"
            "    pass\n"
            "print(repr(p), p == Point(1, tags=(1,)), hash(p) == hash(Point(1)), dataclasses.replace(p, y='b'),\n"
            "      Point.__init__.__annotations__, Point.__init__.__code__.co_filename, dataclasses.is_dataclass(Point))\n"
            "startup.keep()\n")
    script = tmp_path / "point.py"
    script.write_text(code, encoding="utf-8")
    plain = subprocess.run([sys.executable, str(script), "x", "plain"], capture_output=True, text=True, env=cli_env())
    runs = [subprocess.run([sys.executable, str(script), str(tmp_path / "cache"), "kept"], capture_output=True, text=True,
                           env=cli_env()) for _ in range(2)]
    assert plain.returncode == 0 and plain.stdout
    assert runs[0].stdout == runs[1].stdout == plain.stdout, (plain, runs)
    assert "<class 'int'>" in plain.stdout  # annotations as the class gave them: no future import inherited
