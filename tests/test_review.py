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
