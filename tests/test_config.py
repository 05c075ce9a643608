"""Configuration: found by walking up, applied (select, ignore, levels, options, overrides, exclude,
rule folders), and validated when read: errors name the file, the key and what was expected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import rule_file, write
from newslint.config import find_config, glob_match, load_settings
from newslint.engine import DIAGNOSTICS
from newslint.errors import ConfigError

ARTICLE = "Headline here\n\nThe alpha team met the beta team. The gamma vote was close.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    rules = tmp_path / "house-rules"
    rule_file(rules, "test-alpha", ["alpha"], level="warning")
    rule_file(rules, "test-beta", ["beta"], level="error")
    rule_file(rules, "test-gamma", ["gamma vote"], level="info")
    write(tmp_path, {"news/a.txt": ARTICLE, "news/opinion/b.txt": ARTICLE, "drafts/c.txt": ARTICLE})
    return tmp_path


def findings(cli, *args: str) -> tuple[int, dict[str, list[tuple[str, str]]]]:
    r = cli("check", "--format", "json", *args)
    assert r.code in (0, 1), r.err
    doc = json.loads(r.out)
    # Only the test rules and built-in diagnostics: the bundled rule pack grows independently.
    ours = lambda rule: rule.startswith("test-") or rule in DIAGNOSTICS  # noqa: E731
    return r.code, {Path(f["path"]).name: sorted((x["rule"], x["level"]) for x in f["findings"] if ours(x["rule"]))
                    for f in doc["files"]}


def config(root: Path, text: str, name: str = ".newslint.yaml") -> Path:
    (root / name).write_text(text)
    return root / name


def test_yaml_config_is_found_walking_up_and_applied(project: Path, cli) -> None:
    config(project, "rule_dirs: [house-rules]\nselect: [test-alpha, test-beta]\n")
    code, files = findings(cli, str(project / "news" / "opinion"))
    assert files == {"b.txt": [("test-alpha", "warning"), ("test-beta", "error")]}
    assert code == 1


def test_pyproject_config_is_found_walking_up(project: Path, cli) -> None:
    config(project, '[project]\nname = "x"\n\n[tool.newslint]\nrule_dirs = ["house-rules"]\n'
           'select = ["test-alpha", "test-beta", "test-gamma"]\nignore = ["test-beta"]\n', "pyproject.toml")
    assert find_config(project / "news" / "a.txt") == project / "pyproject.toml"
    code, files = findings(cli, str(project / "news" / "a.txt"))
    assert files == {"a.txt": [("test-alpha", "warning"), ("test-gamma", "info")]}
    assert code == 0


def test_pyproject_without_newslint_table_is_passed_over(project: Path) -> None:
    config(project, "rule_dirs: [house-rules]\n")
    config(project / "news", '[project]\nname = "x"\n', "pyproject.toml")
    assert find_config(project / "news" / "a.txt") == project / ".newslint.yaml"


def test_levels_options_and_off(project: Path, cli) -> None:
    config(project, """\
rule_dirs: [house-rules]
rules:
  test-alpha: error
  test-beta: off
  test-gamma: {level: warning, options: {phrases: [close]}}
""")
    code, files = findings(cli, str(project / "news" / "a.txt"))
    assert files == {"a.txt": [("test-alpha", "error"), ("test-gamma", "warning")]}
    r = json.loads(cli("check", "--format", "json", "--select", "test-gamma", str(project / "news" / "a.txt")).out)
    assert [f["match"] for f in r["files"][0]["findings"] if f["rule"] == "test-gamma"] == ["close"]


def test_overrides_by_glob_and_exclude(project: Path, cli) -> None:
    config(project, """\
rule_dirs: [house-rules]
exclude: ["drafts/**"]
overrides:
  - files: ["news/opinion/**"]
    ignore: [test-alpha]
    rules: {test-beta: info}
""")
    code, files = findings(cli, str(project))
    assert files == {
        "a.txt": [("test-alpha", "warning"), ("test-beta", "error"), ("test-gamma", "info")],
        "b.txt": [("test-beta", "info"), ("test-gamma", "info")],
    }


def test_fail_on_from_config_and_command_line(project: Path, cli) -> None:
    config(project, "rule_dirs: [house-rules]\nselect: [test-alpha]\nfail_on: warning\n")
    assert cli("check", str(project / "news" / "a.txt")).code == 1
    assert cli("check", "--fail-on", "error", str(project / "news" / "a.txt")).code == 0


def test_command_line_select_ignore_and_rules_dir(project: Path, cli) -> None:
    target = str(project / "news" / "a.txt")
    _, files = findings(cli, "--rules-dir", str(project / "house-rules"), "--select", "test-gamma,test-alpha", target)
    assert files == {"a.txt": [("test-alpha", "warning"), ("test-gamma", "info")]}
    _, files = findings(cli, "--rules-dir", str(project / "house-rules"), "--ignore", "test-alpha", target)
    assert files == {"a.txt": [("test-beta", "error"), ("test-gamma", "info")]}


def test_no_config_and_explicit_config(project: Path, cli) -> None:
    config(project, "select: [nonexistent-rule]\n")
    assert cli("check", "--no-config", "--select", "ai-filler", str(project / "news")).code == 0
    other = config(project / "news", "rule_dirs: [../house-rules]\nselect: [test-beta]\n", "custom.yaml")
    code, files = findings(cli, "--config", str(other), str(project / "news" / "a.txt"))
    assert files == {"a.txt": [("test-beta", "error")]}


def test_glob_matching() -> None:
    assert glob_match("drafts/x/a.md", "drafts/**")
    assert glob_match("a/b/draft.md", "draft.md")
    assert glob_match("a/b/c.md", "**/c.md")
    assert not glob_match("news/a.md", "drafts/**")
    assert glob_match("news/a.md", "*.md")


@pytest.mark.parametrize("text,key,expected", [
    ("selec: [a]\n", "selec", "unknown key (expected one of"),
    ("select: 3\n", "select", "expected a list of strings"),
    ("fail_on: sometimes\n", "fail_on", "expected one of error, warning, info"),
    ("rules: [a]\n", "rules", "expected a mapping of rule ids"),
    ("rules: {ai-filler: loud}\n", "rules.ai-filler", "expected off or one of"),
    ("rules: {ai-filler: {levle: error}}\n", "rules.ai-filler", "unknown key 'levle'"),
    ("rules: {ai-filler: {options: {max_per_article: many}}}\n", "rules.ai-filler.options",
     "option 'max_per_article' must be a whole number"),
    ("rules: {ai-filler: {options: {colour: red}}}\n", "rules.ai-filler.options", "unknown option 'colour'"),
    ("overrides: [{ignore: [ai-filler]}]\n", "overrides[0]", "missing required key 'files'"),
    ("overrides: [{files: [x], rules: {ai-filler: {options: {scope: nowhere}}}}]\n",
     "overrides[0].rules.ai-filler.options", "option 'scope' must be one of"),
    ("select: [no-such-rule]\n", "select", "unknown rule 'no-such-rule'"),
    ("ignore: [ai-filer]\n", "ignore", "unknown rule 'ai-filer' (did you mean 'ai-filler'?"),
    ("rule_dirs: [missing-folder]\n", None, "rule folder does not exist"),
    ("select: [a\n", None, "not valid YAML"),
    ("- just\n- a list\n", None, "configuration must be a mapping"),
    ("max_article_chars: lots\n", "max_article_chars", "expected a whole number of characters, at least 1000"),
    ("max_article_chars: 10\n", "max_article_chars", "expected a whole number of characters, at least 1000"),
    ("max_article_chars: true\n", "max_article_chars", "expected a whole number of characters, at least 1000"),
])
def test_config_errors_name_file_key_and_expectation(tmp_path: Path, cli, text: str, key: str | None, expected: str) -> None:
    write(tmp_path, {"a.txt": ARTICLE})
    cfg = config(tmp_path, text)
    r = cli("check", str(tmp_path / "a.txt"))
    assert r.code == 2
    assert r.out == ""
    (line,) = r.err.strip().splitlines()
    assert line.startswith("newslint: error: ")
    assert expected in line
    if key is not None:
        assert f"{cfg}: {key}: " in line
    else:
        assert str(tmp_path) in line


def test_toml_errors_name_the_file(tmp_path: Path, cli) -> None:
    write(tmp_path, {"a.txt": ARTICLE})
    cfg = config(tmp_path, "[tool.newslint]\nselect = 3\n", "pyproject.toml")
    r = cli("check", str(tmp_path / "a.txt"))
    assert r.code == 2 and f"{cfg}: select: expected a list of strings" in r.err


def test_yaml_bomb_in_config_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for p, c in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{c}: &{c} [" + ",".join(["*" + p] * 9) + "]")
    cfg = config(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(ConfigError, match="YAML bomb"):
        load_settings(cfg)


BROKEN_RULES = {
    "not-yaml": ("id: not-yaml\nkind: [\n", "not valid YAML"),
    "no-why": ("id: no-why\nkind: phrases\nlevel: warning\nmessage: m\nsummary: s\n"
               "options: {phrases: [x]}\nexamples: {fail: [x], pass: [y]}\n", "why: missing required key"),
    "bad-kind": ("id: bad-kind\nkind: telepathy\nlevel: warning\nmessage: m\nsummary: s\nwhy: w\n"
                 "examples: {fail: [x], pass: [y]}\n", "kind: unknown kind 'telepathy'"),
    "bad-level": ("id: bad-level\nkind: phrases\nlevel: loud\nmessage: m\nsummary: s\nwhy: w\n"
                  "options: {phrases: [x]}\nexamples: {fail: [x], pass: [y]}\n", "level: must be one of error, warning, info"),
    "bad-option": ("id: bad-option\nkind: phrases\nlevel: warning\nmessage: m\nsummary: s\nwhy: w\n"
                   "options: {phrases: x}\nexamples: {fail: [x], pass: [y]}\n", "options: option 'phrases' must be a list"),
    "bad-regex": ("id: bad-regex\nkind: phrases\nlevel: warning\nmessage: m\nsummary: s\nwhy: w\n"
                  "options: {patterns: ['(unclosed']}\nexamples: {fail: [x], pass: [y]}\n", "is not a valid regular expression"),
    "wrong-name": ("id: other-name\nkind: phrases\nlevel: warning\nmessage: m\nsummary: s\nwhy: w\n"
                   "options: {phrases: [x]}\nexamples: {fail: [x], pass: [y]}\n", "must match the file name"),
    "extra-key": ("id: extra-key\nkind: phrases\nlevel: warning\nmessage: m\nsummary: s\nwhy: w\ncolour: red\n"
                  "options: {phrases: [x]}\nexamples: {fail: [x], pass: [y]}\n", "colour: unknown key"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_RULES))
def test_broken_rule_file_is_an_error_naming_it(tmp_path: Path, cli, name: str) -> None:
    text, expected = BROKEN_RULES[name]
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / f"{name}.yaml").write_text(text)
    write(tmp_path, {"a.txt": ARTICLE})
    r = cli("check", "--rules-dir", str(rules), str(tmp_path / "a.txt"))
    assert r.code == 2
    (line,) = r.err.strip().splitlines()
    assert str(rules / f"{name}.yaml") in line
    assert expected in line


def test_exclude_holds_for_files_named_on_the_command_line(project: Path, cli) -> None:
    config(project, "rule_dirs: [house-rules]\nexclude: [drafts/**]\n")
    r = cli("check", str(project / "drafts" / "c.txt"))  # as pre-commit names staged files
    assert r.code == 0 and r.out.strip() == "No problems in 0 files."
    code, files = findings(cli, str(project / "drafts" / "c.txt"), str(project / "news" / "a.txt"))
    assert list(files) == ["a.txt"]


def test_a_user_rule_cannot_take_a_built_in_diagnostic_id(tmp_path) -> None:
    from conftest import rule_file, run_cli

    rule_file(tmp_path / "r", "encoding", ["alpha"])
    (tmp_path / "a.txt").write_text("An alpha.\n")
    r = run_cli("check", "--no-config", "--rules-dir", str(tmp_path / "r"), str(tmp_path / "a.txt"))
    assert r.code == 2 and "Traceback" not in r.err
    assert "encoding.yaml: id: id 'encoding' is a built-in diagnostic's" in r.err


def test_an_article_over_max_article_chars_is_reported_and_left_unchecked(tmp_path: Path, cli) -> None:
    """A dump is not a story: it gets one diagnostic instead of minutes of checking."""
    long_story = "Headline here\n\n" + "It is important to note that the vote was close. " * 40
    write(tmp_path, {"long.txt": long_story, "short.txt": ARTICLE})
    config(tmp_path, "max_article_chars: 1000\n")
    r = cli("check", "--format", "json", str(tmp_path))
    assert r.code == 0, r.err
    files = {Path(f["path"]).name: f for f in json.loads(r.out)["files"]}
    (finding,) = files["long.txt"]["findings"]
    assert finding["rule"] == "article-too-long" and finding["level"] == "warning"
    assert f"{len(long_story):,} characters of text, over the limit of 1,000" in finding["message"]
    assert files["long.txt"]["summary"]["counts"] == {"article-too-long": 1}
    # the short article is checked as usual, and the limit can be raised
    config(tmp_path, "max_article_chars: 100000\n")
    r = cli("check", "--format", "json", str(tmp_path / "long.txt"))
    rules = {x["rule"] for x in json.loads(r.out)["files"][0]["findings"]}
    assert "ai-filler" in rules and "article-too-long" not in rules
    # the diagnostic's level is set like any rule's: as an error it fails the run
    config(tmp_path, "max_article_chars: 1000\nrules: {article-too-long: error}\n")
    assert cli("check", str(tmp_path / "long.txt")).code == 1
