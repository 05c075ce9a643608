"""``newslint dupes`` and the ``near-duplicate`` rule in ``newslint check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup_fixtures import COPY, REWRITE, STORY, STRIKE, STRIKE_DAY_TWO, STRIKE_REWRITE, UNRELATED
from newslint.cli import main
from newslint.kinds import near_duplicate
from newslint.ruleset import bundled_rules_dir, compile_rule, read_rule_file


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main([*argv, "--color", "never"])
    return code, capsys.readouterr().out


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "story.md").write_text(f"# {STORY}", encoding="utf-8")
    (tmp_path / "copy.txt").write_text(COPY, encoding="utf-8")
    (tmp_path / "rewrite.txt").write_text(REWRITE, encoding="utf-8")
    for i, text in enumerate(UNRELATED):
        (tmp_path / f"other{i}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_dupes_json_shape(folder, capsys):
    code, out = _run(capsys, "dupes", str(folder), "--format", "json", "--no-config")
    doc = json.loads(out)
    assert code == 1
    assert set(doc) == {"version", "pairs", "clusters"} and doc["version"] == 1
    for p in doc["pairs"]:
        assert set(p) == {"a", "b", "kind", "similarity", "shared", "adds"}
        assert isinstance(p["a"], str) and isinstance(p["b"], str) and p["kind"] in ("copy", "rewrite")
        assert isinstance(p["similarity"], float) and all(isinstance(s, str) for s in p["shared"])
        if p["kind"] == "copy":
            assert p["adds"] is None
        else:  # what the second story brings that the first lacks: the rewrite's source, nothing new
            assert p["adds"] == {"story": p["b"], "numbers": [], "names": [], "quotes": [], "sentences": p["adds"]["sentences"],
                                 "unmatched_sentences": p["adds"]["unmatched_sentences"], "summary": p["adds"]["summary"]}
            assert p["adds"]["summary"].startswith("adds nothing new")
    kinds = {(Path(p["a"]).name, Path(p["b"]).name): p["kind"] for p in doc["pairs"]}
    assert kinds[("copy.txt", "story.md")] == "copy"
    assert "rewrite" in {k for pair, k in kinds.items() if "rewrite.txt" in pair}
    assert doc["clusters"] == [sorted(doc["clusters"][0], key=lambda n: sorted(Path(x).name for x in doc["clusters"][0]).index(Path(n).name))]
    assert {Path(n).name for n in doc["clusters"][0]} == {"story.md", "copy.txt", "rewrite.txt"}
    assert all(n.startswith(str(folder)) for n in doc["clusters"][0])  # paths as given


def test_dupes_jsonl_names_are_path_and_id(tmp_path, capsys):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in (("a1", STORY), ("b2", COPY), ("c3", UNRELATED[0]))),
                 encoding="utf-8")
    code, out = _run(capsys, "dupes", str(f), "--format", "json", "--no-config")
    pairs = json.loads(out)["pairs"]
    assert [(p["a"], p["b"]) for p in pairs] == [(f"{f}#a1", f"{f}#b2")]


def test_dupes_nothing_found_exits_0(tmp_path, capsys):
    for i, t in enumerate(UNRELATED):
        (tmp_path / f"{i}.txt").write_text(t, encoding="utf-8")
    code, out = _run(capsys, "dupes", str(tmp_path), "--no-config")
    assert code == 0 and "Found 0 copy pairs and 0 rewrite pairs" in out


@pytest.mark.parametrize("fmt,needle", [("text", "copy 0."), ("sarif", '"ruleId": "near-duplicate"'), ("github", "::warning file=")])
def test_dupes_other_formats(folder, capsys, fmt, needle):
    code, out = _run(capsys, "dupes", str(folder), "--format", fmt, "--no-config")
    assert code == 1 and needle in out


def test_dupes_says_what_the_second_story_adds(tmp_path, capsys):
    # A story, its bot rewrite and the next day's story: the rewrite is reported and adds nothing;
    # the follow-up is not reported (both stories bring facts of their own).
    for name, text in (("1-day-one.txt", STRIKE), ("2-bot.txt", STRIKE_REWRITE), ("3-day-two.txt", STRIKE_DAY_TWO)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, out = _run(capsys, "dupes", str(tmp_path), "--no-config")
    assert code == 1 and "Found 0 copy pairs and 1 rewrite pair" in out and "day-two" not in out
    assert f"{tmp_path / '2-bot.txt'} adds nothing new" in out
    code, out = _run(capsys, "dupes", str(tmp_path), "--no-config", "--format", "html")
    assert f'<p class="meta">{tmp_path / "2-bot.txt"} adds nothing new</p>' in out
    (tmp_path / ".newslint.yaml").write_text("rules:\n  near-duplicate: {options: {rewrite_max_new_facts: 100}}\n",
                                             encoding="utf-8")
    code, out = _run(capsys, "dupes", str(tmp_path), "--format", "github")
    assert f"rewrite of {tmp_path / '3-day-two.txt'} (similarity" in out
    assert "3-day-two.txt adds 2 numbers, 3 names, 1 quote: 3.1, 250,000; Imogen Falstaff, Ronald Keeble, ACAS" in out


def test_check_reports_near_duplicate_on_both_articles(folder, capsys):
    code, out = _run(capsys, "check", str(folder / "story.md"), str(folder / "copy.txt"), "--format", "json", "--no-config",
                     "--select", "near-duplicate")
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    for me, other in (("story.md", "copy.txt"), ("copy.txt", "story.md")):
        (finding,) = files[me]["findings"]
        assert finding["rule"] == "near-duplicate" and finding["level"] == "warning"
        assert other in finding["message"] and "copy" in finding["message"] and "similarity" in finding["message"]
        assert finding["line"] == 1
        assert files[me]["summary"]["counts"] == {"near-duplicate": 1}


def test_check_single_article_has_no_near_duplicate(folder, capsys):
    code, out = _run(capsys, "check", str(folder / "story.md"), "--format", "json", "--no-config", "--select", "near-duplicate")
    assert json.loads(out)["files"][0]["findings"] == []


def test_front_matter_disables_near_duplicate_on_its_article_only(folder, capsys):
    # Issue 9: the suppression leaked across articles. The disabled article is still compared: its
    # copy is reported on the copy, nothing on the disabled one, and its suppression counts as used.
    (folder / "story.md").write_text(f"---\nnewslint:\n  disable: [near-duplicate]\n---\n# {STORY}", encoding="utf-8")
    code, out = _run(capsys, "check", str(folder / "story.md"), str(folder / "copy.txt"), "--format", "json",
                     "--no-config", "--select", "near-duplicate,unused-suppression")
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["story.md"]["findings"] == []
    (f,) = files["copy.txt"]["findings"]
    assert f["rule"] == "near-duplicate" and "story.md" in f["message"]
    assert files["story.md"]["summary"]["counts"] == {}


def test_front_matter_disabling_a_rule_with_no_duplicate_is_still_unused(folder, capsys):
    (folder / "story.md").write_text(f"---\nnewslint:\n  disable: [near-duplicate]\n---\n# {STORY}", encoding="utf-8")
    code, out = _run(capsys, "check", str(folder / "story.md"), str(folder / "other0.txt"), "--format", "json",
                     "--no-config", "--select", "near-duplicate,unused-suppression")
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert [f["rule"] for f in files["story.md"]["findings"]] == ["unused-suppression"]


def test_dupes_leaves_out_a_pair_whose_articles_both_disable_the_rule(folder, capsys):
    head = "---\nnewslint:\n  disable: [near-duplicate]\n---\n"
    (folder / "story.md").write_text(f"{head}# {STORY}", encoding="utf-8")
    code, out = _run(capsys, "dupes", str(folder / "story.md"), str(folder / "copy.txt"), "--format", "json", "--no-config")
    assert code == 1 and len(json.loads(out)["pairs"]) == 1  # copy.txt does not disable it: the pair stands
    (folder / "copy.md").write_text(f"{head}# {COPY}", encoding="utf-8")
    code, out = _run(capsys, "dupes", str(folder / "story.md"), str(folder / "copy.md"), "--format", "json", "--no-config")
    assert (code, json.loads(out)["pairs"], json.loads(out)["clusters"]) == (0, [], [])


def test_rule_examples_run_as_article_lists():
    rule = compile_rule(read_rule_file(bundled_rules_dir() / "near-duplicate.yaml"))
    assert rule.rule.examples_fail and rule.rule.examples_pass
    for ex in rule.rule.examples_fail:
        assert near_duplicate.run_example(rule.rule, rule.state, ex), ex
    for ex in rule.rule.examples_pass:
        assert near_duplicate.run_example(rule.rule, rule.state, ex) == [], ex
    assert list(near_duplicate.check(None, rule.rule, rule.state)) == []


@pytest.mark.parametrize("option", ["copy_threshold: 3", "rewrite_max_new_facts: -1", "rewrite_max_new_facts: 2.5"])
def test_bad_option_is_rejected(tmp_path, capsys, option):
    (tmp_path / ".newslint.yaml").write_text(f"rules:\n  near-duplicate: {{options: {{{option}}}}}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    code = main(["dupes", str(tmp_path)])
    assert code == 2 and option.split(":")[0] in capsys.readouterr().err


def test_unknown_dupes_key_is_rejected(tmp_path, capsys):
    (tmp_path / ".newslint.yaml").write_text("dupes: {colour: red}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    assert main(["dupes", str(tmp_path)]) == 2
    assert "dupes.colour" in capsys.readouterr().err


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, s: str) -> None:
        self.text += s

    def flush(self) -> None:
        pass


def test_progress_only_on_a_terminal_and_only_for_long_runs():
    from newslint.cli.common import Progress

    quiet = _Stream(False)
    p = Progress(10, "reading", quiet, delay=0)
    p(5)
    p.close()
    assert quiet.text == ""
    short = _Stream(True)
    p = Progress(10, "reading", short, delay=60)
    p(5)
    p.close()
    assert short.text == ""  # a run shorter than the delay prints nothing
    long = _Stream(True)
    p = Progress(10, "reading", long, delay=0)
    p(5)
    assert "5/10" in long.text
    p.close()
    assert long.text.endswith("\r")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=200), min_size=1, max_size=4))
def test_check_corpus_survives_garbage(texts):
    rule = compile_rule(read_rule_file(bundled_rules_dir() / "near-duplicate.yaml"))
    out = near_duplicate.check_corpus([(str(i), t) for i, t in enumerate(texts)], rule.rule, rule.state, None)
    assert len(out) == len(texts)


def _many(folder: Path) -> Path:
    """More files than the runner reads serially: a story and its copy among others, and a binary file."""
    for name, text in {"a.txt": STORY, "b.txt": COPY, **{f"c{i:02d}.txt": UNRELATED[i % 3] for i in range(60)}}.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "d.txt").write_bytes(b"\x00\x01" * 100)
    return folder


def test_dupes_same_pairs_serial_and_on_all_cores(tmp_path, capsys):
    serial, parallel = (_run(capsys, "dupes", str(_many(tmp_path)), "--format", "json", "--no-config", "-j", j) for j in "12")
    assert serial == parallel
    assert (f"{tmp_path}/a.txt", f"{tmp_path}/b.txt", "copy") in {(p["a"], p["b"], p["kind"]) for p in json.loads(serial[1])["pairs"]}


def test_check_standard_input_with_many_files_compares_them_all(tmp_path):
    from conftest import run_cli

    r = run_cli("check", "--no-config", "--select", "near-duplicate", "--format", "json", "-", str(_many(tmp_path)), stdin=STORY.encode())
    assert r.code == 0 and {"<stdin>", f"{tmp_path}/a.txt", f"{tmp_path}/b.txt"} <= {f["path"] for f in json.loads(r.out)["files"] if f["findings"]}


def test_only_skipped_files_give_no_pairs_and_no_traceback(tmp_path, capsys):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02" * 100)
    code, out = _run(capsys, "dupes", str(tmp_path / "a.txt"), "--no-config")
    assert code == 0 and "among 0 articles" in out
    assert main(["index", "add", str(tmp_path / "a.txt"), "--index", str(tmp_path / "i.sqlite"), "--no-config"]) == 0
    assert main(["index", "query", str(tmp_path / "a.txt"), "--index", str(tmp_path / "i.sqlite"), "--no-config"]) == 0
    assert "0 matches for 0 articles" in capsys.readouterr().out


def test_dupes_says_which_files_it_skipped_or_decoded_with_a_fallback(folder, capsys):
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "latin.txt").write_bytes("Caf\u00e9 opens\n\nThe caf\u00e9 opened on Monday in the old town hall.\n".encode("latin-1"))
    code = main(["dupes", str(folder), "--no-config", "--color", "never"])
    err = capsys.readouterr().err
    assert code == 1  # the pairs of the fixture folder; notes do not change the exit code
    assert f"{folder / 'binary.txt'}: skipped (binary file" in err
    assert f"{folder / 'latin.txt'}: not valid UTF-8" in err and "decoded as" in err


def test_check_names_the_closest_few_duplicates_then_counts_the_rest(tmp_path, capsys):
    for i in range(8):  # one story published eight times: 7 duplicates for each copy
        (tmp_path / f"copy{i}.txt").write_text(COPY, encoding="utf-8")
    code = main(["check", str(tmp_path), "--no-config", "--select", "near-duplicate", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    for entry in report["files"]:
        messages = [f["message"] for f in entry["findings"]]
        assert len(messages) == 5
        assert messages[-1].endswith("; and 2 more near-duplicates")
        assert all(m.startswith("copy of ") for m in messages)


def test_every_phase_of_dupes_index_add_and_check_shows_progress(folder, capsys):
    # Forced on (as on a terminal past the delay): each phase names itself on standard error.
    def phases(*argv: str) -> list[str]:
        main([*argv, "--progress", "always", "--no-config"])
        err = capsys.readouterr().err
        return [part.split(" [")[0] for part in err.split("\r") if " [" in part]

    seen = phases("dupes", str(folder), "--format", "json")
    for label in ("reading", "finding candidates", "confirming", "describing pairs"):
        assert label in seen, (label, seen)
    seen = phases("index", "add", "--index", str(folder / "i.sqlite"), str(folder))
    assert "reading" in seen and "indexing" in seen
    seen = phases("check", str(folder), "--format", "json")
    assert "checking" in seen and "finding candidates" in seen and "confirming" in seen
    main(["dupes", str(folder), "--progress", "never", "--no-config"])
    assert "\r" not in capsys.readouterr().err


def test_a_phase_that_starts_after_the_delay_shows_at_once():
    # A long run used to fall silent after "reading": each phase waited out the delay on its own.
    import io
    import time

    from newslint.cli.common import Phases

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    phases = Phases(stream, delay=0.05)
    phases("reading", 10)(10)
    assert stream.getvalue() == ""  # a short run prints nothing
    time.sleep(0.06)
    phases("confirming", 1000)
    assert "confirming [" in stream.getvalue()
    phases.close()
    assert stream.getvalue().endswith("\r")
    quiet = io.StringIO()  # not a terminal: nothing, however long
    p = Phases(quiet, delay=0)
    p("reading", 1)(1)
    assert quiet.getvalue() == ""
