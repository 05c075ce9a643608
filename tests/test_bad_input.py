"""Bad input, through the real command line: one clear line, the right exit code, no traceback,
no hang, and no file changed."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path


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


def test_huge_article_finishes_in_linear_time(tmp_path: Path) -> None:
    para = ('The council met on Tuesday. "We will build it," said Ana Ruiz, who chairs it. '
            "It is important to note the cost, which rose by 4%.\n\n")
    small, big = tmp_path / "small.md", tmp_path / "big.md"
    small.write_text("# Headline\n\n" + para * (5_000_000 // len(para)))
    big.write_text("# Headline\n\n" + para * (50_000_000 // len(para)))
    args = ("check", "--no-config", "--select", "ai-filler", "--format", "json")
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
