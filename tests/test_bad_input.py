"""Bad input, through the real command line: one clear line, the right exit code, no traceback,
no hang, and no file changed."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import Result, run_cli, write

BOMB_LINES = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
    f"{c}: &{c} [" + ",".join(["*" + p] * 9) + "]" for p, c in zip("abcdefgh", "bcdefghi")]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def run_unchanged(root: Path, *args: str, timeout: float = 60, **kw) -> Result:
    before = snapshot(root)
    r = run_cli(*args, timeout=timeout, **kw)
    assert snapshot(root) == before, "a file was changed"
    assert "Traceback" not in r.err and "Traceback" not in r.out
    return r


def one_error_line(r: Result) -> str:
    assert r.code == 2, (r.code, r.err)
    (line,) = r.err.strip().splitlines()
    assert line.startswith("newslint: error: ")
    return line


def test_missing_path(tmp_path: Path) -> None:
    line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "nope.md")))
    assert line.endswith("nope.md: no such file or folder")


def test_folder_with_no_articles(tmp_path: Path) -> None:
    write(tmp_path, {"notes/readme.py": "print(1)\n", "notes/data.csv": "a,b\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "notes")))
    assert "no articles found" in line and ".md" in line


def test_empty_file(tmp_path: Path) -> None:
    write(tmp_path, {"empty.md": ""})
    r = run_unchanged(tmp_path, "check", "--no-config", str(tmp_path / "empty.md"))
    assert r.code == 0 and "empty.md: skipped (empty file)" in r.out and r.err == ""


def test_non_utf8_file_is_decoded_with_a_stated_fallback(tmp_path: Path) -> None:
    write(tmp_path, {"latin.txt": "Caf\xe9 owners said it is important to note the rent.\n".encode("cp1252")})
    r = run_unchanged(tmp_path, "check", "--no-config", "--select", "ai-filler,encoding", "--format", "json", str(tmp_path / "latin.txt"))
    assert r.code == 0, r.err
    (f,) = json.loads(r.out)["files"]
    enc, filler = f["findings"]
    assert (enc["rule"], enc["level"], enc["line"]) == ("encoding", "info", 1)
    assert enc["message"] == "not valid UTF-8 (byte 0xe9 at offset 3); decoded as cp1252"
    assert filler["rule"] == "ai-filler" and filler["match"] == "it is important to note"
    silenced = run_unchanged(tmp_path, "check", "--no-config", "--select", "ai-filler", "--format", "json", str(tmp_path / "latin.txt"))
    assert json.loads(silenced.out)["files"][0]["note"] == enc["message"]
    text = run_unchanged(tmp_path, "check", "--no-config", str(tmp_path / "latin.txt")).out
    assert text.count("decoded as cp1252") == 1  # said once, not twice


def test_fix_never_rewrites_a_file_read_with_a_fallback(tmp_path: Path) -> None:
    write(tmp_path, {"latin.txt": "Caf\xe9 owners said it is important to note the rent.\n".encode("cp1252")})
    r = run_unchanged(tmp_path, "check", "--no-config", "--select", "ai-filler", "--fix", str(tmp_path / "latin.txt"))
    assert r.code == 0


def test_binary_file_is_skipped_with_a_note(tmp_path: Path) -> None:
    write(tmp_path, {"photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "ok.md": "Fine text.\n"})
    r = run_unchanged(tmp_path, "check", "--no-config", "--select", "ai-filler", str(tmp_path))
    assert r.code == 0
    assert "photo.txt: skipped (binary file" in r.out
    assert r.out.strip().splitlines()[-1] == "No problems in 1 file (1 skipped or unreadable)."


def test_named_pipe_in_a_folder_does_not_hang(tmp_path: Path) -> None:
    write(tmp_path, {"ok.md": "Fine text.\n"})
    os.mkfifo(tmp_path / "pipe.md")
    r = run_unchanged(tmp_path, "check", "--no-config", "--select", "ai-filler", str(tmp_path), timeout=20)
    assert r.code == 0 and r.out.strip() == "No problems in 1 file."


def test_folder_given_as_a_file_name_and_unreadable_entries(tmp_path: Path) -> None:
    (tmp_path / "story.md").mkdir()
    write(tmp_path / "story.md", {"inner.txt": "Fine text.\n"})
    (tmp_path / "dangling.md").symlink_to(tmp_path / "gone.md")
    r = run_unchanged(tmp_path, "check", "--no-config", "--select", "ai-filler", str(tmp_path))
    assert r.code == 0 and r.out.strip() == "No problems in 1 file."


def test_malformed_front_matter_is_a_finding_with_its_line_and_body_is_checked(tmp_path: Path) -> None:
    write(tmp_path, {"fm.md": "---\ntitle: ok\ntags: [unclosed\n---\n\nIt is important to note the body.\n"})
    r = run_unchanged(tmp_path, "check", "--no-config", "--select", "ai-filler,front-matter", "--format", "json", str(tmp_path / "fm.md"))
    findings = json.loads(r.out)["files"][0]["findings"]
    fm = [f for f in findings if f["rule"] == "front-matter"]
    assert len(fm) == 1 and (fm[0]["line"], fm[0]["column"]) == (3, 7) and "not valid YAML" in fm[0]["message"]
    assert any(f["rule"] == "ai-filler" and f["line"] == 6 for f in findings)


def test_html_that_is_not_well_formed(tmp_path: Path) -> None:
    write(tmp_path, {"bad.html": "<html><body><div><p>It is important to note <b>this</p></span><script>x = '<"})
    r = run_unchanged(tmp_path, "check", "--no-config", "--select", "ai-filler,html-structure", "--format", "json",
                      str(tmp_path / "bad.html"))
    assert r.code == 0
    rules = [f["rule"] for f in json.loads(r.out)["files"][0]["findings"]]
    assert rules == ["ai-filler", "html-structure"]


def test_catastrophic_regex_is_rejected_at_load(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.yaml").write_text("id: slow\nkind: phrases\nlevel: warning\nmessage: m\nsummary: s\nwhy: w\n"
                                     "options: {patterns: ['(a+)+b']}\nexamples: {fail: [aab], pass: [c]}\n")
    write(tmp_path, {"a.txt": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", "--no-config", "--rules-dir", str(rules), str(tmp_path / "a.txt")))
    assert str(rules / "slow.yaml") in line and "backtrack catastrophically" in line


def test_backtracking_regex_that_passes_the_check_is_time_bounded(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    # Overlapping alternatives under a star: exponential on a long run of word characters.
    (rules / "slow.yaml").write_text("id: slow\nkind: phrases\nlevel: warning\nmessage: m\nsummary: s\nwhy: w\n"
                                     "options: {patterns: ['(?:\\w|\\w\\w)*\\d']}\nexamples: {fail: [a1], pass: [c]}\n")
    write(tmp_path, {"a.txt": "a" * 200 + "\n", "b.txt": "Nothing slow here.\n"})
    t0 = time.monotonic()
    r = run_unchanged(tmp_path, "check", "--no-config", "--rules-dir", str(rules), "--select", "slow,rule-timeout", "--format", "json",
                      str(tmp_path), timeout=30)
    assert time.monotonic() - t0 < 15
    files = {Path(f["path"]).name: [x["rule"] for x in f["findings"]] for f in json.loads(r.out)["files"]}
    assert files == {"a.txt": ["rule-timeout"], "b.txt": []}


def test_yaml_bomb_in_config(tmp_path: Path) -> None:
    write(tmp_path, {".newslint.yaml": "\n".join(BOMB_LINES) + "\n", "a.txt": "Text.\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "a.txt"), timeout=30))
    assert str(tmp_path / ".newslint.yaml") in line and "YAML bomb" in line


def test_yaml_bomb_in_rule_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    write(rules, {"boom.yaml": "id: boom\n" + "\n".join(BOMB_LINES) + "\n"})
    write(tmp_path, {"a.txt": "Text.\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", "--no-config", "--rules-dir", str(rules), str(tmp_path / "a.txt"), timeout=30))
    assert str(rules / "boom.yaml") in line and "YAML bomb" in line


def test_broken_rule_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    write(rules, {"half.yaml": "id: half\nkind: phrases\nlevel: warning\n"})
    write(tmp_path, {"a.txt": "Text.\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", "--no-config", "--rules-dir", str(rules), str(tmp_path / "a.txt")))
    assert str(rules / "half.yaml") in line and "message: missing required key" in line


def alias_bomb(key: str, levels: int, fan: int) -> str:
    """A YAML value under ``key`` that is small on disk and expands to fan**levels items through
    ``levels * fan`` aliases (each level a list of ``fan`` aliases of the level below)."""
    lines = [f"{key}:", "- &a0 [lol, lol]"]
    lines += [f"- &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


# Shapes under the old cap of 64 aliases that expanded to millions of items: 26 levels of 2 took
# 50 s and 2.4 GB in front matter; in the configuration its message was hundreds of megabytes.
BOMB_SHAPES = [(26, 2), (16, 3), (12, 4), (7, 9), (4, 15)]


@pytest.mark.parametrize("levels,fan", BOMB_SHAPES)
def test_alias_bomb_in_front_matter_is_a_short_finding_and_the_body_is_checked(tmp_path: Path, levels: int, fan: int) -> None:
    write(tmp_path, {"a.md": "---\n" + alias_bomb("title", levels, fan) + "---\n\nIt is important to note the rent.\n"})
    r = run_unchanged(tmp_path, "check", "--no-config", "--format", "json", str(tmp_path / "a.md"), timeout=60)
    (f,) = json.loads(r.out)["files"]
    rules = [x["rule"] for x in f["findings"]]
    assert rules == ["front-matter", "ai-filler"], rules
    assert "expands to more than" in f["findings"][0]["message"] and len(f["findings"][0]["message"]) < 200


@pytest.mark.parametrize("levels,fan", BOMB_SHAPES)
def test_alias_bomb_in_config_value_is_one_short_error_line(tmp_path: Path, levels: int, fan: int) -> None:
    write(tmp_path, {".newslint.yaml": alias_bomb("fail_on", levels, fan), "a.txt": "Text.\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "a.txt"), timeout=60))
    assert str(tmp_path / ".newslint.yaml") in line and "YAML bomb" in line and len(line) < 400, line[:400]


def test_recursive_alias_is_refused_not_followed(tmp_path: Path) -> None:
    write(tmp_path, {".newslint.yaml": "fail_on: &a [*a]\n", "a.txt": "Text.\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "a.txt"), timeout=60))
    assert "refers to itself" in line


def test_huge_config_value_is_quoted_short_in_the_error(tmp_path: Path) -> None:
    write(tmp_path, {".newslint.yaml": "fail_on: [" + ", ".join(["warnings"] * 15000) + "]\n", "a.txt": "Text.\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "a.txt")))
    assert "fail_on: expected one of error, warning, info, got ['warnings'" in line and len(line) < 400, line[:400]


STORY_FILLER = "Town news\n\nIt is important to note that the council met on Tuesday about the river.\n"


def test_text_with_a_stray_nul_byte_is_checked_with_a_note(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": STORY_FILLER.replace("met", "met\x00").encode()})
    r = run_unchanged(tmp_path, "check", "--no-config", "--format", "json", str(tmp_path / "a.txt"))
    (f,) = json.loads(r.out)["files"]
    assert "skipped" not in f
    assert [x["rule"] for x in f["findings"]] == ["encoding", "ai-filler"]
    assert f["findings"][0]["message"] == f"1 NUL byte (first at offset {STORY_FILLER.index('met') + 3}); checked as text"


def test_binary_with_few_nul_bytes_is_still_skipped(tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    data = bytes(rng.randrange(1, 256) for _ in range(4000)) + b"\x00"
    write(tmp_path, {"noise.txt": data})
    r = run_unchanged(tmp_path, "check", "--no-config", str(tmp_path / "noise.txt"))
    assert "noise.txt: skipped (binary file" in r.out


@pytest.mark.parametrize("codec,bom,note", [
    ("utf-16-le", b"", "UTF-16 little-endian without a byte-order mark; decoded as utf-16-le"),
    ("utf-16-be", b"", "UTF-16 big-endian without a byte-order mark; decoded as utf-16-be"),
    ("utf-16-le", b"\xff\xfe", "not UTF-8: a UTF-16 little-endian byte-order mark; decoded as utf-16-le"),
    ("utf-16-be", b"\xfe\xff", "not UTF-8: a UTF-16 big-endian byte-order mark; decoded as utf-16-be"),
])
def test_utf16_is_decoded_with_the_encoding_note(tmp_path: Path, codec: str, bom: bytes, note: str) -> None:
    write(tmp_path, {"a.txt": bom + ("Caf\u00e9 " + STORY_FILLER).encode(codec)})
    r = run_unchanged(tmp_path, "check", "--no-config", "--format", "json", str(tmp_path / "a.txt"))
    (f,) = json.loads(r.out)["files"]
    assert [x["rule"] for x in f["findings"]] == ["encoding", "ai-filler"], f
    assert f["findings"][0]["message"] == note
    assert f["findings"][1]["match"] == "It is important to note"


# File names are bytes on Linux: not UTF-8 (0xff, a lone surrogate's encoding), or holding a
# newline, a terminal escape or a bidirectional override. Every format must stay valid UTF-8 with
# one line per finding where it is line-based, and name the file recognisably.
HOSTILE_NAMES = {
    b"caf\xff.txt": "caf\\xff.txt",
    b"caf\xe9.txt": "caf\\xe9.txt",
    b"s\xed\xa0\x80.txt": "s\\xed\\xa0\\x80.txt",
    b"two\nlines.txt": "two\\nlines.txt",
    b"esc\x1b[2J.txt": "esc\\x1b[2J.txt",
    "bidi\u202etxt.exe.txt".encode(): "bidi\\u202etxt.exe.txt",
}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "html"])
@pytest.mark.parametrize("raw", list(HOSTILE_NAMES))
def test_hostile_file_names_in_every_format(tmp_path: Path, cli, raw: bytes, fmt: str) -> None:
    folder = os.fsencode(tmp_path / "news")
    os.makedirs(folder)
    with open(os.path.join(folder, raw), "wb") as fh:
        fh.write(STORY_FILLER.encode())
    for target in (os.fsdecode(folder), os.fsdecode(os.path.join(folder, raw))):
        r = cli("check", "--no-config", "--color", "never", "--format", fmt, target)
        assert r.code == 0, r.err
        data = r.out.encode("utf-8")  # raises on a lone surrogate: the output would not be UTF-8
        shown = HOSTILE_NAMES[raw]
        if fmt == "github":  # a workflow command's own escape for a line break
            shown = shown.replace("\\n", "%0A")
        if fmt == "html":  # its escaping of characters is formatters/html.py's own (issue 10)
            if raw != raw.decode("utf-8", "replace").encode():  # not UTF-8: its name, escaped once for all formats
                assert shown in r.out
            continue
        assert b"\x1b" not in data and "\u202e".encode() not in data
        if fmt == "json":
            (f,) = json.loads(r.out)["files"]
            assert f["path"].endswith(shown.encode().decode("unicode_escape")) or f["path"].endswith(shown)
        elif fmt == "sarif":
            doc = json.loads(r.out)
            assert doc["runs"][0]["results"][0]["ruleId"] == "ai-filler"
        else:
            assert shown in r.out, r.out
        if fmt in ("text", "github"):
            lines = [x for x in r.out.splitlines() if "ai-filler" in x and "important" in x.lower()]
            assert len(lines) == 1 and shown in lines[0], r.out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_controls_and_bidi_overrides_in_article_text_are_escaped_in_every_format(tmp_path: Path, cli, fmt: str) -> None:
    quote = '"Clean power \u202egnp.exe\x1b]0;owned\x07 will change how this town lives and works for decades to come."'
    story = f"Town news\n\nThe council met on Tuesday to discuss the plan for the river.\n\n{quote}\n\nThe vote is next week.\n"
    record = json.dumps({"id": "x\ny\u202e", "text": story})
    write(tmp_path, {"a.txt": story, "feed.jsonl": record + "\n"})
    r = cli("check", "--no-config", "--select", "unsourced-quote", "--format", fmt, str(tmp_path))
    assert r.code == 0, r.err
    assert "\x1b" not in r.out and "\u202e" not in r.out and "\x07" not in r.out
    if fmt == "json":  # the data is kept, as JSON escapes
        matches = [f["match"] for f in json.loads(r.out)["files"][0]["findings"]]
        assert matches and "\u202egnp.exe\x1b" in matches[0]
        assert json.loads(r.out)["files"][1]["findings"][0]["article"] == "x\ny\u202e"
    if fmt == "text":
        assert "\\u202egnp.exe\\x1b]0;owned\\x07" in r.out and "feed.jsonl#x\\ny\\u202e:" in r.out


def test_dupes_text_keeps_each_pair_on_one_line_whatever_the_names(tmp_path: Path, cli) -> None:
    story = "Town news\n\n" + " ".join(f"The council met on day {i} to discuss the plan for the river and the road." for i in range(30)) + "\n"
    write(tmp_path, {"two\nlines.txt": story, "b\u202e.txt": story})
    r = cli("dupes", "--no-config", "--color", "never", str(tmp_path))
    pairs = [line for line in r.out.splitlines() if ": copy " in line]
    assert len(pairs) == 1 and "two\\nlines.txt" in pairs[0] and "b\\u202e.txt" in pairs[0], r.out
    assert "\u202e" not in r.out


def test_non_utf8_file_name_with_sarif_through_the_command_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import cli_env

    with open(os.path.join(os.fsencode(tmp_path), b"caf\xff.txt"), "wb") as fh:
        fh.write(STORY_FILLER.encode())
    p = subprocess.run([sys.executable, "-m", "newslint", "check", "--no-config", "--format", "sarif", "."],
                       capture_output=True, timeout=60, env=cli_env(), cwd=tmp_path)
    assert p.returncode == 0 and b"Traceback" not in p.stderr, p.stderr[-500:]
    doc = json.loads(p.stdout.decode("utf-8"))
    assert doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%5Cxff.txt"


def _running(pid: str) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (OSError, IndexError):
        return False


def test_pool_workers_orphaned_by_a_killed_parent_exit_without_tracebacks(tmp_path: Path) -> None:
    import random
    import signal
    import subprocess
    import sys

    from conftest import cli_env

    rng = random.Random(1)
    words = "the council said river plan town vote money water school road people week year report".split()
    for i in range(120):
        paras = (" ".join(rng.choice(words) for _ in range(60)) + "." for _ in range(40))
        (tmp_path / f"a{i:03}.txt").write_text("Title\n\n" + "\n\n".join(paras))
    with open(tmp_path / "err", "wb") as err:
        p = subprocess.Popen([sys.executable, "-m", "newslint", "check", "--no-config", "-j", "2", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=err, env=cli_env())
        children = Path(f"/proc/{p.pid}/task/{p.pid}/children")
        workers: list[str] = []
        for _ in range(600):  # until the pool has started and is busy
            workers = children.read_text().split() if children.exists() else []
            if len(workers) >= 2:
                break
            time.sleep(0.05)
        assert workers, "no pool started"
        time.sleep(0.5)
        p.send_signal(signal.SIGKILL)
        p.wait()
        for _ in range(1200):  # the orphans end with their parent (or when they next write a result)
            if not any(_running(w) for w in workers):
                break
            time.sleep(0.05)
    assert not [w for w in workers if _running(w)], "orphaned workers left running"
    assert (tmp_path / "err").read_text() == ""


def test_user_rule_with_a_built_in_id_is_refused_unless_the_configuration_replaces_it(tmp_path: Path) -> None:
    from conftest import rule_file

    rule_file(tmp_path / "house", "ai-filler", ["council met"])
    write(tmp_path, {"a.txt": STORY_FILLER})
    line = one_error_line(run_unchanged(tmp_path, "check", "--no-config", "--rules-dir", str(tmp_path / "house"), str(tmp_path / "a.txt")))
    assert str(tmp_path / "house" / "ai-filler.yaml") in line
    assert "'ai-filler' is a built-in rule's id" in line and "replace_rules: [ai-filler]" in line
    # Asked for in the configuration: the team's rule replaces the built-in one.
    write(tmp_path, {".newslint.yaml": "rule_dirs: [house]\nreplace_rules: [ai-filler]\n"})
    r = run_unchanged(tmp_path, "check", "--format", "json", "--select", "ai-filler", str(tmp_path / "a.txt"))
    assert [f["match"] for f in json.loads(r.out)["files"][0]["findings"]] == ["council met"]
    for conf, why in (("rule_dirs: [house]\nreplace_rules: [nope]", "replace_rules: 'nope' is not a built-in rule"),
                      ("replace_rules: [nope]", "replace_rules: not a built-in rule: 'nope'"),
                      ("rule_dirs: [house]\nreplace_rules: [ai-filler, stock-conclusion]",
                       "replace_rules: no rule file replaces 'stock-conclusion'"),
                      ("replace_rules: {a: 1}", "replace_rules: expected a list of strings")):
        write(tmp_path, {".newslint.yaml": conf + "\n"})
        line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "a.txt")))
        assert line.endswith(why) and str(tmp_path / ".newslint.yaml") in line, line


def test_huge_article_finishes_in_linear_time(tmp_path: Path) -> None:
    para = ('The council met on Tuesday. "We will build it," said Ana Ruiz, who chairs it. '
            "It is important to note the cost, which rose by 4%.\n\n")
    small, big = tmp_path / "small.md", tmp_path / "big.md"
    small.write_text("# Headline\n\n" + para * (5_000_000 // len(para)))
    big.write_text("# Headline\n\n" + para * (50_000_000 // len(para)))
    cfg = tmp_path / "limit.yaml"  # both are over the default max_article_chars, which would skip them
    cfg.write_text("max_article_chars: 100000000\n")
    args = ("check", "--config", str(cfg), "--select", "ai-filler", "--format", "json")
    t0 = time.monotonic()
    r_small = run_unchanged(tmp_path, *args, str(small), timeout=60)
    t1 = time.monotonic()
    r_big = run_unchanged(tmp_path, *args, str(big), timeout=120)
    t2 = time.monotonic()
    assert r_small.code == r_big.code == 0
    assert json.loads(r_big.out)["summary"]["warnings"] >= 1
    startup = 0.3
    assert (t2 - t1 - startup) < 16 * (t1 - t0 - startup) + 2, (t1 - t0, t2 - t1)


def _varied_article(words: int, seed: int = 7) -> str:
    """Deterministic text with many distinct phrases, half of it repeated, quotes and names,
    the way a long real article (or a whole site pasted into one file) looks to the rules."""
    import random

    rnd = random.Random(seed)
    letters = "bcdfghklmnprstvz"
    vocab = ["".join(letters[(i >> k) & 15] + "aeiou"[(i >> k) % 5] for k in (0, 4, 8)) for i in range(3000)]
    vocab += ["the", "of", "and", "to", "council", "said", "officials"]
    paras, n = [], 0
    while n < words:
        sent = [" ".join(rnd.choice(vocab) for _ in range(rnd.randint(6, 18))).capitalize() + "." for _ in range(rnd.randint(2, 5))]
        if rnd.random() < 0.2:
            sent.append(f'"{" ".join(rnd.choice(vocab) for _ in range(9))}," said Ana Ruiz{rnd.randint(1, 99)}.')
        paras.append(" ".join(sent))
        n += sum(len(x.split()) for x in sent)
    twice = paras + paras[: len(paras) // 3] * 2  # pasted stories repeat: the repetition rules get to work
    return "Headline\n\n" + "\n\n".join(twice) + "\n"


def test_long_varied_article_with_every_rule_scales_linearly(tmp_path: Path) -> None:
    # 8 times the text must not take much more than 8 times as long: a rule that compares every
    # phrase with every position (once found in repeated-phrase) turns this into minutes.
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(_varied_article(40_000))
    big.write_text(_varied_article(320_000, seed=8))
    args = ("check", "--no-config", "--format", "json")
    t0 = time.monotonic()
    r_small = run_unchanged(tmp_path, *args, str(small), timeout=60)
    t1 = time.monotonic()
    r_big = run_unchanged(tmp_path, *args, str(big), timeout=120)
    t2 = time.monotonic()
    assert r_small.code in (0, 1) and r_big.code in (0, 1)
    assert json.loads(r_big.out)["files"][0]["summary"]["counts"]  # the rules did run
    startup = 0.3
    assert (t2 - t1 - startup) < 16 * (t1 - t0 - startup) + 3, (t1 - t0, t2 - t1)


# --- found by a hostile first use of every command (each was a traceback, a misleading message,
# a silently skipped input or a changed file) ------------------------------------------------------

STORY = "The council approved the budget on Tuesday, the mayor said at the town hall meeting.\n"


def test_dupes_html_format_is_a_page_not_a_crash(tmp_path: Path) -> None:
    # dupes --format html once crashed (it was offered with no page behind it); it is now the
    # editors' page of the pairs.
    write(tmp_path, {"a.txt": STORY, "b.txt": STORY})
    r = run_unchanged(tmp_path, "dupes", "--no-config", "--format", "html", str(tmp_path))
    assert r.code == 1 and r.err == "" and r.out.startswith("<!DOCTYPE html>") and "copy of" in r.out


def test_config_rule_id_that_is_not_a_string_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": STORY, ".newslint.yaml": "rules: {1: off}\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "a.txt")))
    assert ".newslint.yaml" in line and "rules" in line and "1" in line


def test_config_override_rule_id_that_is_not_a_string_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": STORY, ".newslint.yaml": "overrides: [{files: ['*.txt'], rules: {2: info}}]\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "a.txt")))
    assert ".newslint.yaml" in line and "overrides[0].rules" in line


def test_config_level_off_is_read_although_yaml_makes_it_false(tmp_path: Path) -> None:
    # The error message itself offers "off"; YAML 1.1 reads a bare off as false.
    write(tmp_path, {"a.txt": "It is important to note the council met on Tuesday, the mayor said.\n",
                     ".newslint.yaml": "rules: {ai-filler: {level: off}}\n"})
    r = run_unchanged(tmp_path, "check", "--format", "json", str(tmp_path / "a.txt"))
    assert r.code == 0, r.err
    assert '"ai-filler"' not in r.out


def test_broken_pyproject_with_a_newslint_table_is_an_error_not_ignored(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": STORY, "pyproject.toml": "[tool.newslint]\nselect = [\"ai-filler\"\nfail_on = \"warning\"\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "a.txt")))
    assert "pyproject.toml" in line and "not valid TOML" in line


def test_broken_pyproject_without_newslint_is_still_passed_over(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": STORY, "pyproject.toml": "[project\nname = 'x'\n"})
    r = run_unchanged(tmp_path, "check", str(tmp_path / "a.txt"))
    assert r.code == 0, r.err


def _foreign_db(path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("CREATE TABLE subscribers (email TEXT)")
    db.execute("INSERT INTO subscribers VALUES ('a@example.org')")
    db.commit()
    db.close()


def test_index_commands_refuse_a_foreign_sqlite_file_and_leave_it_alone(tmp_path: Path) -> None:
    # Someone else's database given as --index must not get newslint's tables (nor WAL mode).
    write(tmp_path, {"a.txt": STORY})
    db = tmp_path / "app.sqlite"
    _foreign_db(db)
    for action in (["stats"], ["query", str(tmp_path / "a.txt")], ["add", str(tmp_path / "a.txt")], ["remove", "x"]):
        line = one_error_line(run_unchanged(tmp_path, "index", *action, "--no-config", "--index", str(db)))
        assert "app.sqlite" in line and "not a newslint index" in line, line


def test_index_add_where_the_folder_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": STORY})
    line = one_error_line(run_unchanged(tmp_path, "index", "add", "--no-config", "--index",
                                        str(tmp_path / "a.txt" / "idx.sqlite"), str(tmp_path / "a.txt")))
    assert "idx.sqlite" in line and "cannot create" in line


def test_index_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": STORY})
    (tmp_path / "store").mkdir()
    line = one_error_line(run_unchanged(tmp_path, "index", "stats", "--no-config", "--index", str(tmp_path / "store")))
    assert line.endswith("store: this is a folder, not an index file")


def test_read_only_index_is_queried_not_called_corrupt(tmp_path: Path, monkeypatch, capsys) -> None:
    # A shared index on a read-only mount: reading it must work, and writing must say why it
    # cannot (it said "corrupt; remove it and rebuild"). Root ignores file modes, so the read-only
    # failure of the read-write open is simulated; the read-only open that follows is real.
    import sqlite3

    from newslint.cli import main
    from newslint.index import sqlite as backend

    write(tmp_path, {"a.txt": STORY})
    idx = tmp_path / "i.sqlite"
    assert main(["index", "add", "--no-config", "--index", str(idx), str(tmp_path / "a.txt")]) == 0

    def readonly(self) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(backend.SqliteIndex, "_setup", readonly)
    capsys.readouterr()
    assert main(["index", "stats", "--no-config", "--index", str(idx), "--format", "json"]) == 0
    assert '"articles": 1' in capsys.readouterr().out
    assert main(["index", "query", "--no-config", "--index", str(idx), str(tmp_path / "a.txt")]) == 0
    assert main(["index", "add", "--no-config", "--index", str(idx), str(tmp_path / "a.txt")]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "corrupt" not in err


BODY_MD = ("The council approved the budget on Tuesday, the mayor said. The vote was seven to two, according "
           "to the clerk, and the plan takes effect next month.\n\nResidents can comment on the plan until Friday "
           "at the town hall, the clerk said on the record.\n\n")


def _fix(tmp_path: Path, name: str, text: str) -> tuple[str, str]:
    write(tmp_path, {name: text})
    r = run_cli("check", "--no-config", "--select", "boilerplate-ending", "--fix", str(tmp_path / name))
    assert "Traceback" not in r.err
    return r.out, (tmp_path / name).read_text(encoding="utf-8")


def test_markdown_fix_never_deletes_code_or_markup_inside_the_residue(tmp_path: Path) -> None:
    # The fix deletes residue only: a code block, an HTML element's closing tag or a footnote
    # sitting between two residue lines is content, so the block is reported and left alone.
    cases = {
        "code.md": "Share this article\n\n```\nkeep = 1\n```\n\nFollow us on Twitter\n",
        "html.md": "<div>\nShare this article\n</div>\nFollow us on Twitter\n",
        "note.md": "Share this article\n\n[^1]: Footnote source, the clerk said.\n\nFollow us on Twitter\n",
    }
    for name, tail in cases.items():
        out, after = _fix(tmp_path, name, BODY_MD + tail)
        assert after == BODY_MD + tail, name
        assert "boilerplate-ending" in out, name


def test_markdown_fix_still_removes_residue_with_only_markup_punctuation(tmp_path: Path) -> None:
    tail = "| Share this article |\n|---|\n| Follow us on Twitter |\n"
    out, after = _fix(tmp_path, "t.md", BODY_MD + tail)
    assert after == BODY_MD.rstrip("\n") + "\n" and "fixed 1" in out
    out, after = _fix(tmp_path, "l.md", BODY_MD + "- Share this article\n- Follow us on Twitter\n")
    assert after == BODY_MD.rstrip("\n") + "\n" and "fixed 1" in out


def test_jsonl_record_with_a_unicode_line_separator_in_its_text_is_one_record(tmp_path: Path) -> None:
    # JSON allows U+2028, U+2029 and U+0085 raw inside strings (json.dumps writes them so); JSON
    # Lines splits on \n only.
    import json

    rows = (json.dumps({"id": "x", "text": "The council met.\u2028It is important to note the vote.\u2029More.\x85"}, ensure_ascii=False)
            + "\n" + json.dumps({"id": "y", "text": "It is important to note the vote."}) + "\n")
    write(tmp_path, {"rows.jsonl": rows})
    r = run_cli("check", "--no-config", "--format", "json", "--select", "ai-filler,invalid-record", str(tmp_path / "rows.jsonl"))
    (f,) = json.loads(r.out)["files"]
    assert [(x["rule"], x["line"]) for x in f["findings"]] == [("ai-filler", 1), ("ai-filler", 2)], f["findings"]


def test_html_report_keeps_jsonl_records_with_the_same_id_apart(tmp_path: Path) -> None:
    # Feeds repeat ids; each record is its own article with its own text and findings.
    import re

    rows = ('{"id": "a", "text": "It is important to note that the plan is final."}\n'
            '{"id": "a", "text": "The bridge is a testament to the town."}\n')
    write(tmp_path, {"rows.jsonl": rows})
    page = run_cli("check", "--no-config", "--format", "html", "--select", "ai-filler", str(tmp_path / "rows.jsonl")).out
    sections = page.split("<article ")[1:]
    assert len(sections) == 2
    assert re.findall(r"<mark[^>]*>([^<]*)</mark>", sections[0]) == ["It is important to note"]
    assert re.findall(r"<mark[^>]*>([^<]*)</mark>", sections[1]) == ["testament to"]
    assert "line 2:" in sections[1] and "line 2:" not in sections[0]


def test_option_bounds_are_worded_for_one_sided_limits_and_refuse_nan(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": STORY, ".newslint.yaml": "rules: {ai-filler: {options: {max_per_article: 0}}}\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "a.txt")))
    assert "max_per_article' must be at least 1, got 0" in line and "None" not in line
    write(tmp_path, {".newslint.yaml": "rules: {bot-like-article: {options: {threshold: .nan}}}\n"})
    line = one_error_line(run_unchanged(tmp_path, "check", str(tmp_path / "a.txt")))
    assert "threshold' must be between 0.0 and 1.0, got nan" in line


RESIDUE = BODY_MD + "Share This Article\nwirebot\n2 Min Read\n"


def test_fix_through_a_symlink_fixes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    write(tmp_path, {"real.txt": RESIDUE})
    (tmp_path / "link.txt").symlink_to("real.txt")
    r = run_cli("check", "--no-config", "--select", "boilerplate-ending", "--fix", str(tmp_path / "link.txt"))
    assert r.code == 0 and "fixed 1" in r.out, r.err
    assert (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "real.txt").read_text(encoding="utf-8") == BODY_MD.rstrip("\n") + "\n"


def test_fix_of_a_file_with_a_long_name(tmp_path: Path) -> None:
    # The temporary file's name must fit the file system's limit too (it crashed with ENAMETOOLONG).
    name = "x" * 240 + ".txt"
    write(tmp_path, {name: RESIDUE})
    r = run_cli("check", "--no-config", "--select", "boilerplate-ending", "--fix", str(tmp_path / name))
    assert r.code == 0 and "fixed 1" in r.out and "Traceback" not in r.err, r.err


def test_fix_that_cannot_be_written_is_a_note_not_a_traceback(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    from newslint.config import Settings
    from newslint.engine import RuleBook, check_file
    from newslint.ruleset import bundled_rules_dir, load_rules
    from newslint.runner import read_file

    write(tmp_path, {"a.txt": RESIDUE})
    p = tmp_path / "a.txt"

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    book = RuleBook(load_rules([bundled_rules_dir()]), Settings())
    report = check_file(read_file(p, "a.txt"), book, fix=True)
    assert report.fixed == 0 and "not fixed" in (report.note or "") and "No space left" in report.note
    assert [f for f in report.findings if f.rule == "boilerplate-ending"]
    assert p.read_text(encoding="utf-8") == RESIDUE


ESC = "\x1b]0;owned\x07\x1b[2J"


def _no_controls(s: str) -> bool:
    return not any(ord(ch) < 0x20 and ch not in "\n\t" or 0x7f <= ord(ch) < 0xa0 for ch in s)


def test_text_output_never_passes_terminal_control_characters_from_articles(tmp_path: Path) -> None:
    # A scraped article (or its file name) could retitle, clear or rewrite the editor's terminal.
    quote = f'"Clean power {ESC} will change how this town lives and works for decades to come."'
    story = f"Town news\n\nThe council met on Tuesday to discuss the plan for the river.\n\n{quote}\n\nThe vote is next week, the clerk said.\n"
    write(tmp_path, {"a\x1b[31m.txt": story, "b.txt": story})
    r = run_cli("check", "--no-config", "--color", "never", str(tmp_path))
    assert "unsourced-quote" in r.out and _no_controls(r.out), repr(r.out)
    r = run_cli("dupes", "--no-config", "--color", "never", str(tmp_path))
    assert "copy" in r.out and _no_controls(r.out), repr(r.out)
    assert run_cli("index", "add", "--no-config", "--index", str(tmp_path / "i.sqlite"), str(tmp_path / "b.txt")).code == 0
    r = run_cli("index", "query", "--no-config", "--index", str(tmp_path / "i.sqlite"), str(tmp_path / "a\x1b[31m.txt"))
    assert "copy" in r.out and _no_controls(r.out), repr(r.out)


def test_named_pipe_given_by_name_is_named_in_the_error(tmp_path: Path) -> None:
    # It said "no articles found (looked for .htm, ...)" about a file with the right suffix.
    import os

    os.mkfifo(tmp_path / "feed.md")
    write(tmp_path, {"a.txt": STORY})
    for args in ([str(tmp_path / "feed.md")], [str(tmp_path / "a.txt"), str(tmp_path / "feed.md")]):
        line = one_error_line(run_unchanged(tmp_path, "check", "--no-config", *args, timeout=20))
        assert line.endswith("feed.md: not a regular file or folder (a pipe or device?); use - for standard input"), line


def test_folder_that_cannot_be_listed_is_reported_not_skipped(tmp_path: Path, monkeypatch, capsys) -> None:
    # Root reads any folder, so the refusal is simulated where the walk lists folders.
    import os

    from newslint.cli import main

    write(tmp_path, {"news/a.txt": STORY, "news/locked/b.txt": STORY})
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["check", "--no-config", "--color", "never", str(tmp_path / "news")]) == 2
    out = capsys.readouterr().out
    assert "locked: error cannot read folder: Permission denied" in out
    assert main(["dupes", "--no-config", str(tmp_path / "news")]) == 2
    assert "locked: cannot read folder: Permission denied" in capsys.readouterr().err


ARTICLE_TOP = "Bridge to reopen\n\nThe council approved the repair budget on Tuesday after a long debate, the clerk said.\n\n"


def _residue(tmp_path: Path, name: str, text: str) -> tuple[str, str]:
    import json

    write(tmp_path, {name: text})
    r = run_cli("check", "--no-config", "--select", "boilerplate-ending", "--format", "json", str(tmp_path / name))
    (f,) = json.loads(r.out)["files"]
    (finding,) = f["findings"]
    return finding["match"], r.err


def test_residue_line_under_the_last_sentence_takes_only_that_line(tmp_path: Path) -> None:
    # No blank line between the story's last sentence and the copyright line (common in scraped
    # text): the paragraph was matched as a whole, newlines folded, and --fix deleted the sentence.
    last = "The mayor said the bridge would reopen in May.\n"
    for name in ("a.txt", "a.md"):
        text = ARTICLE_TOP + last + "Copyright 2024 Example News. All rights reserved.\n"
        match, _ = _residue(tmp_path, name, text)
        assert match == "Copyright 2024 Example News. All rights reserved.", (name, match)
        out, after = _fix(tmp_path, name, text)
        assert after == ARTICLE_TOP + last, (name, after)


def test_residue_paragraph_wrapped_over_lines_is_still_taken_whole(tmp_path: Path) -> None:
    wrapped = "This article was originally published\non The Conversation. Read the original article.\n"
    match, _ = _residue(tmp_path, "w.md", ARTICLE_TOP + "The mayor said the bridge would reopen in May.\n\n" + wrapped)
    assert match == wrapped.strip()


def test_index_keys_do_not_depend_on_how_or_where_a_path_was_typed(tmp_path: Path, monkeypatch, capsys) -> None:
    # "story.txt", "./story.txt" and its absolute path were three entries, and a query from another
    # folder reported the story as a copy of itself.
    import json

    from dedup_fixtures import STORY as LONG
    from newslint.cli import main

    write(tmp_path, {"site/published/story.txt": LONG})
    site = tmp_path / "site"
    idx = str(site / ".newslint" / "index.sqlite")
    monkeypatch.chdir(site)
    for spelled in ("published/story.txt", "./published/story.txt", str(site / "published" / "story.txt")):
        assert main(["index", "add", "--no-config", "--index", idx, spelled]) == 0
    capsys.readouterr()
    assert main(["index", "stats", "--no-config", "--index", idx, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 1
    monkeypatch.chdir(site / "published")
    assert main(["index", "query", "--no-config", "--index", idx, "story.txt", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["matches"] == []
    assert main(["index", "remove", "--no-config", "--index", idx, "story.txt"]) == 0
    assert "removed 1 of 1" in capsys.readouterr().out


def test_check_from_a_subfolder_does_not_flag_an_indexed_story_as_its_own_copy(tmp_path: Path, monkeypatch, capsys) -> None:
    import json

    from dedup_fixtures import STORY as LONG
    from newslint.cli import main

    write(tmp_path, {".newslint.yaml": "index: {path: .newslint/index.sqlite}\n", "published/story.txt": LONG})
    monkeypatch.chdir(tmp_path)
    assert main(["index", "add", "published"]) == 0
    monkeypatch.chdir(tmp_path / "published")
    capsys.readouterr()
    main(["check", "--select", "near-duplicate", "--format", "json", "story.txt"])
    assert json.loads(capsys.readouterr().out)["files"][0]["findings"] == []


def test_stdin_filename_finds_the_configuration_of_the_file_it_names(tmp_path: Path) -> None:
    # An editor pipes the buffer of site/a.md: the settings are those a check of site/a.md would use.
    write(tmp_path, {"site/.newslint.yaml": "ignore: [ai-filler]\n"})
    text = b"It is important to note the council met on Tuesday, the mayor said.\n"
    r = run_cli("check", "-", "--stdin-filename", "site/a.md", "--format", "json", cwd=tmp_path, stdin=text)
    assert r.code == 0 and '"ai-filler"' not in r.out, (r.out, r.err)
    r = run_cli("check", "-", "--stdin-filename", "site/new/b.md", "--format", "json", cwd=tmp_path, stdin=text)
    assert r.code == 0 and '"ai-filler"' not in r.out, (r.out, r.err)


def test_html_attribute_values_may_hold_angle_brackets(tmp_path: Path) -> None:
    # Browsers read title="a </p> b" as an attribute; a tag scanner that stops at < or > made it a
    # stray </p> (an html-structure note) and leaked the rest of the tag into the text.
    import json

    page = ('<html><body><article><p>The council met on Tuesday, the mayor said.</p>'
            '<p title="see </p> here" data-x="a>b">Residents can comment until Friday, the clerk said.</p></article></body></html>')
    write(tmp_path, {"a.html": page})
    r = run_cli("check", "--no-config", "--format", "json", str(tmp_path / "a.html"))
    (f,) = json.loads(r.out)["files"]
    assert [x["rule"] for x in f["findings"] if x["rule"] == "html-structure"] == []
    from newslint.loaders import load_bytes

    (article,) = load_bytes("a.html", page.encode()).articles
    assert "here" not in article.prose and 'b">' not in article.prose and "Residents can comment" in article.prose
