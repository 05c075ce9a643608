"""Output formats: JSON (exact shape), SARIF (validated against the official schema), GitHub
workflow commands (picked automatically on GitHub Actions) and text (colour only on a terminal)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import cli_env, rule_file, run_cli, write

FIXTURES = Path(__file__).parent / "fixtures"
FINDING_KEYS = {"rule", "level", "message", "line", "column", "end_line", "end_column", "start", "end", "match"}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    rule_file(tmp_path / "r", "test-alpha", ["alpha team"], level="error", message="avoid {match}")
    rule_file(tmp_path / "r", "test-beta", ["beta"], level="warning")
    write(tmp_path, {
        "news/clean.md": "# Clean\n\nNothing to see.\n",
        "news/dirty.md": "---\ntitle: T\n---\n\nThe alpha\nteam met, “with é” beta.\n",
        "news/rows.jsonl": '{"id": "r1", "text": "First."}\n{"id": "r2", "text": "Then the beta came."}\n',
        "news/empty.txt": "",
    })
    return tmp_path


def check(cli, tree: Path, *args: str):
    return cli("check", "--no-config", "--rules-dir", str(tree / "r"), "--select", "test-alpha,test-beta", *args,
               str(tree / "news"))


def test_json_has_the_exact_documented_shape(cli, tree: Path) -> None:
    r = check(cli, tree, "--format", "json")
    assert r.code == 1
    doc = json.loads(r.out)
    assert set(doc) == {"version", "files", "summary"} and doc["version"] == 1
    assert doc["summary"] == {"files": 4, "errors": 1, "warnings": 2, "infos": 0}
    paths = [Path(f["path"]).name for f in doc["files"]]
    assert paths == ["clean.md", "dirty.md", "empty.txt", "rows.jsonl"]  # every checked file, in order
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    assert by_name["clean.md"]["findings"] == []
    assert by_name["empty.txt"]["findings"] == [] and by_name["empty.txt"]["skipped"] == "empty file"
    for f in doc["files"]:
        assert isinstance(f["path"], str) and isinstance(f["findings"], list)
    alpha, beta = by_name["dirty.md"]["findings"]
    assert set(alpha) == FINDING_KEYS
    source = (tree / "news" / "dirty.md").read_text(encoding="utf-8")
    assert alpha == {"rule": "test-alpha", "level": "error", "message": "avoid alpha team", "line": 5, "column": 5,
                     "end_line": 6, "end_column": 5, "start": source.index("alpha"), "end": source.index("alpha") + 10,
                     "match": "alpha\nteam"}
    # offsets are characters of the decoded text, not bytes
    assert source[beta["start"] : beta["end"]] == "beta" == beta["match"]
    assert (beta["line"], beta["column"]) == (6, source.splitlines()[5].index("beta") + 1)
    (row,) = by_name["rows.jsonl"]["findings"]
    assert row["line"] == 2 and row["start"] == 9 and row["column"] == 10 and row["match"] == "beta"
    assert row["article"] == "r2"
    assert all(isinstance(row[k], int) for k in ("line", "column", "end_line", "end_column", "start", "end"))


def test_sarif_validates_against_the_official_schema(cli, tree: Path) -> None:
    r = check(cli, tree, "--format", "sarif")
    doc = json.loads(r.out)
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    results = doc["runs"][0]["results"]
    assert sorted(x["ruleId"] for x in results) == ["test-alpha", "test-beta", "test-beta"]
    alpha = next(x for x in results if x["ruleId"] == "test-alpha")
    assert alpha["level"] == "error"
    region = alpha["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (5, 5, 6, 5)
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rules[alpha["ruleIndex"]]["id"] == "test-alpha"
    uri = alpha["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == (tree / "news" / "dirty.md").as_uri()
    # The skipped empty file is said as a notification, not dropped.
    (invocation,) = doc["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "note" and note["message"]["text"].endswith("empty.txt: skipped (empty file)")


def test_sarif_uris_are_uri_references(cli, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, {"my news/a #1.md": "It is important to note this.\n"})
    monkeypatch.chdir(tmp_path)
    doc = json.loads(cli("check", "--no-config", "--select", "ai-filler", "--format", "sarif", "my news").out)
    (result,) = doc["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "my%20news/a%20%231.md"


def test_sarif_of_a_clean_run_is_valid(cli, tree: Path) -> None:
    r = cli("check", "--no-config", "--select", "ai-filler", "--format", "sarif", str(tree / "news" / "clean.md"))
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    doc = json.loads(r.out)
    jsonschema.Draft4Validator(schema).validate(doc)
    assert doc["runs"][0]["results"] == []


def test_github_workflow_commands(cli, tree: Path) -> None:
    r = check(cli, tree, "--format", "github")
    lines = r.out.splitlines()
    dirty = str(tree / "news" / "dirty.md").replace(":", "%3A").replace(",", "%2C")
    assert lines[0] == f"::error file={dirty},line=5,col=5,endLine=6,endColumn=5,title=newslint test-alpha::avoid alpha team"
    assert lines[1].startswith(f"::warning file={dirty},line=6,")
    assert lines[-1] == "newslint: 1 errors, 2 warnings, 0 infos in 4 files"


def test_github_format_is_picked_on_github_actions(tree: Path) -> None:
    args = ("check", "--no-config", "--rules-dir", str(tree / "r"), "--select", "test-alpha,test-beta", str(tree / "news" / "dirty.md"))
    r = run_cli(*args, GITHUB_ACTIONS="true")
    assert r.out.startswith("::error file=")
    assert run_cli(*args, "--format", "text", GITHUB_ACTIONS="true").out.startswith(str(tree / "news" / "dirty.md"))
    assert not run_cli(*args).out.startswith("::")


def test_text_format(cli, tree: Path) -> None:
    r = check(cli, tree)
    out = r.out.splitlines()
    dirty = str(tree / "news" / "dirty.md")
    assert f"{dirty}:5:5: error test-alpha avoid alpha team" in out
    assert f'{dirty}:6:20: warning test-beta found beta' in out
    assert f"{tree / 'news' / 'rows.jsonl'}#r2:2:10: warning test-beta found beta" in out
    assert any("empty.txt: skipped (empty file)" in line for line in out)
    assert out[-1] == "Found 1 error, 2 warnings, 0 info in 2 of 3 files (1 skipped or unreadable)."
    assert "\033[" not in r.out  # not a terminal
    assert "\033[" in check(cli, tree, "--color", "always").out


def _on_terminal(args: list[str], **env: str) -> str:
    primary, secondary = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "newslint", *args], stdout=secondary, stderr=subprocess.DEVNULL,
                         env=cli_env(**env))
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    p.wait(timeout=60)
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_on_a_terminal_unless_no_color(tree: Path) -> None:
    args = ["check", "--no-config", "--rules-dir", str(tree / "r"), "--select", "test-alpha", str(tree / "news" / "dirty.md")]
    assert "\033[31merror" in _on_terminal(args)
    plain = _on_terminal(args, NO_COLOR="1")
    assert "test-alpha" in plain and "\033[" not in plain


def test_text_output_gives_every_article_a_summary_in_a_small_run(tmp_path, cli) -> None:
    (tmp_path / "clean.txt").write_text("Council approves budget\n\nThe council approved the budget on Tuesday, the mayor said.\n")
    (tmp_path / "filler.txt").write_text("Budget\n\nIt is important to note that the council approved the budget.\n")
    r = cli("check", "--color", "never", "--select", "ai-filler,bot-like-article", str(tmp_path))
    summaries = [line for line in r.out.splitlines() if line.startswith("  ")]
    assert any("clean.txt: bot-likeness" in s and s.endswith("clean") for s in summaries)
    assert any("filler.txt: bot-likeness" in s and "ai-filler 1" in s for s in summaries)


def test_a_brief_gets_its_bot_likeness_marked_as_not_judged(tmp_path, cli) -> None:
    import json

    (tmp_path / "brief.txt").write_text("Port plan approved\n\nThe harbour board approved the plan on Monday, its chair said.\n")
    r = cli("check", "--format", "json", str(tmp_path / "brief.txt"))
    (entry,) = json.loads(r.out)["files"]
    assert entry["summary"]["bot_likeness_judged"] is False
    assert "bot-like-article" not in entry["summary"]["counts"]
    t = cli("check", "--color", "never", str(tmp_path / "brief.txt"))
    assert "bot-likeness not judged (too short)" in t.out and "bot-likeness 0." not in t.out and "bot-likeness 1." not in t.out
