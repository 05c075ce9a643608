"""Problems found by a hostile first use of every command: each bad input gets one line naming
the file and what was wrong, exit 2, no traceback, and no file changed."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli, write
from test_bad_input import one_error_line, run_unchanged

STORY = "The council approved the budget on Tuesday, the mayor said at the town hall meeting.\n"


def test_dupes_refuses_the_html_format_as_a_usage_error(tmp_path: Path) -> None:
    # check has an editors' page; dupes does not: the option must not be offered (it crashed).
    write(tmp_path, {"a.txt": STORY, "b.txt": STORY})
    r = run_unchanged(tmp_path, "dupes", "--no-config", "--format", "html", str(tmp_path))
    assert r.code == 2 and "--format" in r.err and "html" in r.err


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


def test_readme_sample_output_is_what_check_prints() -> None:
    # The README shows part of `newslint check examples/` verbatim; it drifted (0.35 vs 0.36, lines cut).
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```\nexamples/bot-story.txt:") + 4
    shown = readme[start : readme.index("```", start)].splitlines()
    r = run_cli("check", "--no-config", "examples/", cwd=ROOT)
    assert r.code == 1, r.err
    printed = r.out.splitlines()
    assert shown and [line for line in shown if line not in printed] == []


def test_every_option_the_readme_names_exists() -> None:
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", readme))
    helps = "".join(run_cli(*cmd, "--help").out for cmd in (["check"], ["dupes"], ["index", "add"], ["index", "query"]))
    helps += (ROOT / "benchmarks" / "eval_dupes.py").read_text(encoding="utf-8")  # its --show, --split
    assert options and {o for o in options if o not in helps} == set()


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
