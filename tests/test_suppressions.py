"""Suppressions: disable/enable regions, disable-next-line, front matter; unused ones are info."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import rule_file, write


def run(cli, tmp_path: Path, name: str, text: str, *extra: str) -> list[tuple[int, str, str]]:
    rule_file(tmp_path / "r", "test-alpha", ["alpha"])
    rule_file(tmp_path / "r", "test-beta", ["beta"])
    write(tmp_path, {name: text})
    r = cli("check", "--no-config", "--rules-dir", str(tmp_path / "r"), "--select", "test-alpha,test-beta,unused-suppression",
            "--format", "json", *extra, str(tmp_path / name))
    assert r.code in (0, 1), r.err
    return [(f["line"], f["rule"], f["level"]) for f in json.loads(r.out)["files"][0]["findings"]]


def test_disable_enable_region_in_markdown(cli, tmp_path: Path) -> None:
    text = """\
Lead alpha and beta.

<!-- newslint-disable test-alpha -->
Here alpha is allowed but beta is not.
<!-- newslint-enable test-alpha -->

Then alpha again.
"""
    assert run(cli, tmp_path, "a.md", text) == [
        (1, "test-alpha", "warning"), (1, "test-beta", "warning"), (4, "test-beta", "warning"), (7, "test-alpha", "warning")]


def test_disable_without_rules_means_all_and_runs_to_the_end(cli, tmp_path: Path) -> None:
    text = "Lead alpha.\n\n<!-- newslint-disable -->\n\nalpha beta\n\nalpha\n"
    assert run(cli, tmp_path, "a.md", text) == [(1, "test-alpha", "warning")]


def test_disable_next_line(cli, tmp_path: Path) -> None:
    text = "Lead.\n\n<!-- newslint-disable-next-line test-alpha -->\nalpha and beta here.\nalpha again.\n"
    assert run(cli, tmp_path, "a.md", text) == [(4, "test-beta", "warning"), (5, "test-alpha", "warning")]


def test_suppressions_in_html(cli, tmp_path: Path) -> None:
    text = ("<html><body>\n<!-- newslint-disable-next-line test-beta -->\n<p>alpha beta</p>\n"
            "<!-- newslint-disable test-alpha, test-beta --><p>alpha beta</p><!-- newslint-enable -->\n<p>beta</p>\n</body></html>\n")
    assert run(cli, tmp_path, "a.html", text) == [(3, "test-alpha", "warning"), (5, "test-beta", "warning")]


def test_disable_next_line_in_html_written_on_one_line_means_the_next_paragraph(cli, tmp_path: Path) -> None:
    text = ("<html><body><p>Lead alpha.</p><!-- newslint-disable-next-line test-alpha --><p>alpha beta here.</p>"
            "<p>alpha again.</p></body></html>\n")
    found = run(cli, tmp_path, "a.html", text)
    assert ("unused-suppression" not in {r for _, r, _ in found})
    assert sorted(r for _, r, _ in found) == ["test-alpha", "test-alpha", "test-beta"]  # lead, "again", and beta


def test_front_matter_disables_rules_for_the_whole_article(cli, tmp_path: Path) -> None:
    text = "---\ntitle: x\nnewslint:\n  disable: [test-alpha]\n---\n\nalpha beta alpha\n"
    assert run(cli, tmp_path, "a.md", text) == [(7, "test-beta", "warning")]


def test_bad_newslint_front_matter_key_is_reported(cli, tmp_path: Path) -> None:
    text = "---\nnewslint: {disable: test-alpha}\n---\n\nalpha\n"
    rule_file(tmp_path / "r", "test-alpha", ["alpha"])
    write(tmp_path, {"a.md": text})
    r = cli("check", "--no-config", "--rules-dir", str(tmp_path / "r"), "--select", "test-alpha,front-matter", "--format", "json",
            str(tmp_path / "a.md"))
    rules = [f["rule"] for f in json.loads(r.out)["files"][0]["findings"]]
    assert rules == ["front-matter", "test-alpha"]


def test_unused_suppressions_are_info(cli, tmp_path: Path) -> None:
    text = ("---\nnewslint: {disable: [test-beta]}\n---\n\n<!-- newslint-disable-next-line test-alpha -->\nNothing here.\n\n"
            "<!-- newslint-disable test-beta -->alpha<!-- newslint-enable test-beta -->\n")
    got = run(cli, tmp_path, "a.md", text)
    assert got == [(2, "unused-suppression", "info"), (5, "unused-suppression", "info"),
                   (8, "unused-suppression", "info"), (8, "test-alpha", "warning")]
    # info findings do not fail the run by default
    r = cli("check", "--no-config", "--rules-dir", str(tmp_path / "r"), "--select", "unused-suppression", str(tmp_path / "a.md"))
    assert r.code == 0 and "suppresses nothing" in r.out


def test_suppression_comments_in_code_are_ignored(cli, tmp_path: Path) -> None:
    text = "Lead.\n\n```\n<!-- newslint-disable test-alpha -->\n```\n\nalpha\n"
    assert run(cli, tmp_path, "a.md", text) == [(7, "test-alpha", "warning")]
    text = "Lead.\n\nWrite `<!-- newslint-disable test-alpha -->` to allow alpha.\n"
    assert run(cli, tmp_path, "b.md", text) == [(3, "test-alpha", "warning")]
