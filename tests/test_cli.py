"""The command line: exit codes, `newslint rules`, `python -m newslint`, standard input, and
parallel runs that report in the same stable order as serial ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import rule_file, run_cli, write


def test_exit_codes(cli, tmp_path: Path) -> None:
    rule_file(tmp_path / "r", "test-err", ["alpha"], level="error")
    rule_file(tmp_path / "r", "test-warn", ["beta"], level="warning")
    write(tmp_path, {"clean.txt": "Nothing here.\n", "warn.txt": "A beta.\n", "err.txt": "An alpha.\n"})
    base = ("check", "--no-config", "--rules-dir", str(tmp_path / "r"), "--select", "test-err,test-warn")
    assert cli(*base, str(tmp_path / "clean.txt")).code == 0
    assert cli(*base, str(tmp_path / "warn.txt")).code == 0
    assert cli(*base, "--fail-on", "warning", str(tmp_path / "warn.txt")).code == 1
    assert cli(*base, "--fail-on", "info", str(tmp_path / "clean.txt")).code == 0
    assert cli(*base, str(tmp_path / "err.txt")).code == 1
    assert cli(*base, "--fail-on", "sometimes", str(tmp_path / "err.txt")).code == 2
    assert cli(*base[:-2], "--select", "no-such-rule", str(tmp_path / "err.txt")).code == 2
    assert cli(*base, "--jobs", "0", str(tmp_path)).code == 2
    for command in (["dupes"], ["index", "add"], ["index", "query"]):
        r = cli(*command, "--jobs", "0", str(tmp_path))
        assert r.code == 2 and "--jobs/-j: must be at least 1" in r.err, (command, r.err)
    assert cli("frobnicate").code == 2
    assert cli().code == 2


def test_rules_lists_every_rule_with_level_and_one_line(cli) -> None:
    r = cli("rules", "--no-config")
    assert r.code == 0
    lines = r.out.splitlines()
    ai = next(line for line in lines if line.startswith("ai-filler "))
    assert ai.split()[1] == "warning" and len(ai.split()) > 3
    assert any(line.startswith("unused-suppression ") for line in lines)


def test_rules_id_prints_doc_and_examples(cli) -> None:
    r = cli("rules", "--no-config", "ai-filler")
    assert r.code == 0
    assert r.out.startswith("ai-filler (warning, kind phrases)")
    for part in ("Why it matters:", "Fails on:", "Passes:", "Options:", "It is important to note that the deal"):
        assert part in r.out
    bad = cli("rules", "--no-config", "no-such-rule")
    assert bad.code == 2 and "unknown rule 'no-such-rule'" in bad.err


def test_rules_shows_config_levels(cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".newslint.yaml").write_text("rules: {ai-filler: off}\n")
    monkeypatch.chdir(tmp_path)
    line = next(x for x in cli("rules").out.splitlines() if x.startswith("ai-filler "))
    assert line.split()[1] == "off"


def test_python_dash_m_and_version() -> None:
    r = run_cli("--version")
    assert r.code == 0 and r.out.startswith("newslint ")
    r = run_cli("rules", "--no-config")
    assert r.code == 0 and "ai-filler" in r.out



def test_the_command_skips_teardown_but_not_exit_handlers_or_output(tmp_path: Path) -> None:
    """``console`` (the installed command) leaves by os._exit: the exit status is main's, a big
    output reaches a pipe whole, and what registered itself with atexit still runs."""
    import subprocess
    import sys

    from conftest import cli_env

    rule_file(tmp_path / "r", "test-alpha", ["alpha"], level="error")
    write(tmp_path / "news", {f"s{i:03d}.md": f"# Story {i}\n\n" + "An alpha here. " * 15 + "\n" for i in range(60)})
    code = ("import atexit, sys; atexit.register(lambda: print('exit handler ran', file=sys.stderr)); "
            "from newslint.command import console; console()")
    p = subprocess.run([sys.executable, "-c", code, "check", "--no-config", "--rules-dir", str(tmp_path / "r"),
                        "--select", "test-alpha", "--format", "json", str(tmp_path / "news")], capture_output=True, timeout=120, env=cli_env())
    assert p.returncode == 1  # findings at the error level, as main returned
    assert "exit handler ran" in p.stderr.decode()
    report = json.loads(p.stdout)  # all of it, flushed before the process left
    assert len(report["files"]) == 60 and all(len(f["findings"]) == 15 for f in report["files"])

def test_standard_input(tmp_path: Path) -> None:
    rule_file(tmp_path / "r", "test-alpha", ["alpha"], level="error")
    r = run_cli("check", "--no-config", "--rules-dir", str(tmp_path / "r"), "--select", "test-alpha", "--format", "json", "-",
                stdin="Head\n\nAn alpha here.\n".encode())
    assert r.code == 1
    (f,) = json.loads(r.out)["files"]
    assert f["path"] == "<stdin>" and [(x["line"], x["column"]) for x in f["findings"]] == [(3, 4)]
    md = "---\ntitle: alpha\n---\n\n<!-- alpha -->\nAlpha.\n"
    r = run_cli("check", "--no-config", "--rules-dir", str(tmp_path / "r"), "--select", "test-alpha", "--stdin-filename", "story.md", "-",
                stdin=md.encode())
    assert r.code == 1 and "story.md:6:1: error test-alpha" in r.out and r.out.count("test-alpha") == 2  # line + summary


def test_parallel_order_is_stable_and_equals_serial(tmp_path: Path) -> None:
    rule_file(tmp_path / "r", "test-alpha", ["alpha"])
    files = {f"d{i % 7}/s{i:03d}.md": f"# Story {i}\n\n" + "alpha and more. " * (i % 5) + "End.\n" for i in range(120)}
    write(tmp_path / "tree", files)
    args = ("check", "--no-config", "--rules-dir", str(tmp_path / "r"), "--format", "json", str(tmp_path / "tree"))
    serial = run_cli(*args, "--jobs", "1")
    parallel = run_cli(*args, "--jobs", "2")
    again = run_cli(*args, "--jobs", "3")
    assert serial.code == parallel.code == 0
    assert serial.out == parallel.out == again.out
    paths = [f["path"] for f in json.loads(serial.out)["files"]]
    assert len(paths) == 120 and paths == sorted(paths)


def test_default_path_is_the_current_folder_and_paths_read_naturally(cli, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, {"news/a.md": "It is important to note this.\n", ".hidden/b.md": "It is important to note this.\n",
                     "node_modules/c.md": "It is important to note this.\n"})
    monkeypatch.chdir(tmp_path)
    r = cli("check", "--no-config", "--format", "json")
    assert [f["path"] for f in json.loads(r.out)["files"]] == ["news/a.md"]


def test_ctrl_c_during_a_parallel_run_prints_one_line(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import cli_env

    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "slow.yaml").write_text(
        "id: slow\nkind: phrases\nlevel: warning\nmessage: m\nsummary: s\nwhy: w\n"
        "options: {patterns: ['(?:\\w|\\w\\w)*\\d']}\nexamples: {fail: [a1], pass: [c]}\n")
    write(tmp_path / "t", {f"{i:02d}.txt": "a" * 200 + "\n" for i in range(60)})  # ~1 s each (time bound)
    p = subprocess.Popen([sys.executable, "-m", "newslint", "check", "--no-config", "--rules-dir", str(tmp_path / "r"),
                          "-j", "2", str(tmp_path / "t")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=cli_env(), start_new_session=True)
    time.sleep(1.5)
    os.killpg(p.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    out, err = p.communicate(timeout=30)
    assert p.returncode == 130
    assert err.decode().strip() == "newslint: interrupted"


def test_jobs_far_above_the_cores_does_not_fork_that_many_processes(tmp_path: Path, monkeypatch) -> None:
    import os

    from newslint import runner

    started: list[int] = []
    real = runner._start_worker

    def spy(*args, **kwargs):
        started.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "_start_worker", spy)
    files = [(tmp_path / f"{i}.txt", f"{i}.txt") for i in range(60)]
    for p, _ in files:
        p.write_text("Town news.\n")
    done = list(runner.map_files(files, lambda sources: [len(s.loaded.articles) for s in sources], jobs=10_000))
    assert done == [1] * 60
    assert 2 <= len(started) <= 4 * (os.cpu_count() or 1)


def test_chunks_cover_the_files_in_order_and_shrink_towards_the_end() -> None:
    from newslint.runner import _chunks

    for n, workers in ((600, 2), (48, 2), (100_000, 8), (5, 3), (0, 2)):
        files = list(range(n))
        chunks = _chunks(files, workers)
        assert [f for c in chunks for f in c] == files
        sizes = [len(c) for c in chunks]
        assert all(a >= b for a, b in zip(sizes, sizes[1:]))  # never growing: the last ones are the small ones
        assert all(1 <= s <= 64 for s in sizes)
    sizes = [len(c) for c in _chunks(list(range(600)), 2)]
    assert sizes[0] == 64 and sizes[-1] == 1 and len(sizes) < 60
    assert [len(c) for c in _chunks(list(range(2)), 2)] == [1, 1]  # two feeds: one at a time


def test_pool_workers_are_set_to_die_with_their_parent(tmp_path: Path) -> None:
    """prctl is looked up in the parent before the fork; each worker still asks the kernel for
    SIGKILL when its parent dies (PR_SET_PDEATHSIG), read back with PR_GET_PDEATHSIG."""
    import ctypes
    import signal
    import sys

    import pytest

    from newslint import runner

    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux only")

    def death_signal(sources: list) -> list[int]:
        value = ctypes.c_int(-1)
        ctypes.CDLL(None, use_errno=True).prctl(2, ctypes.byref(value))  # PR_GET_PDEATHSIG
        return [value.value] * len(sources)

    got = list(runner.map_files(_pool_files(tmp_path), death_signal, jobs=2))
    assert got == [int(signal.SIGKILL)] * 60


def _pool_files(tmp_path: Path, n: int = 60) -> list:
    files = [(tmp_path / f"{i}.txt", f"{i}.txt") for i in range(n)]
    for p, _ in files:
        p.write_text("Town news.\n")
    return files


def _children() -> list[str]:
    import os

    return Path(f"/proc/self/task/{os.getpid()}/children").read_text().split()


def test_an_error_in_a_worker_is_raised_in_the_parent_and_no_worker_is_left(tmp_path: Path) -> None:
    import pytest

    from newslint.runner import map_files

    def work(sources):
        if any(s.display == "7.txt" for s in sources):
            raise ValueError("bad chunk")
        return [1] * len(sources)

    with pytest.raises(ValueError, match="bad chunk"):
        list(map_files(_pool_files(tmp_path), work, jobs=2))
    assert _children() == []


class _Unsendable(Exception):
    """An exception that neither pickles nor prints: what a worker can still send of it is its type."""

    def __reduce__(self):
        raise TypeError("cannot pickle")

    def __str__(self) -> str:
        raise ValueError("no message either")


def test_an_error_in_a_worker_that_does_not_pickle_is_named_in_the_parent(tmp_path: Path) -> None:
    import pytest

    from newslint.runner import map_files

    def work(sources):
        if any(s.display == "7.txt" for s in sources):
            raise _Unsendable()
        return [1] * len(sources)

    with pytest.raises(RuntimeError, match="^_Unsendable$"):
        list(map_files(_pool_files(tmp_path), work, jobs=2))
    assert _children() == []


def test_a_worker_that_dies_is_an_error_not_a_hang(tmp_path: Path) -> None:
    import os

    import pytest

    from newslint.runner import map_files

    def work(sources):
        if any(s.display == "30.txt" for s in sources):
            os._exit(3)
        return [1] * len(sources)

    with pytest.raises(RuntimeError, match="ended before its work was done"):
        list(map_files(_pool_files(tmp_path), work, jobs=2))
    assert _children() == []


def test_workers_run_meanwhile_and_stop_when_the_caller_stops_early(tmp_path: Path) -> None:
    from newslint.runner import map_files

    calls: list[str] = []
    results = map_files(_pool_files(tmp_path), lambda sources: [s.display for s in sources], jobs=2,
                        warm=lambda: calls.append("warm"), meanwhile=lambda: calls.append("meanwhile"))
    assert next(results) == "0.txt"
    assert calls == ["warm", "meanwhile"] and 1 <= len(_children()) <= 2
    results.close()
    assert _children() == []


def test_files_are_read_whole(tmp_path: Path) -> None:
    """runner reads a file by its system calls: every byte, at any size, and a file whose size
    the system does not know (/proc) read to its end; a folder is an OSError, as for pathlib."""
    import os

    import pytest

    from newslint.runner import _read_bytes

    for size in (0, 1, 65_537, 3_000_001):
        p = tmp_path / f"f{size}"
        p.write_bytes(os.urandom(size))
        assert _read_bytes(p) == p.read_bytes()
    proc = Path("/proc/self/cmdline")
    if proc.exists():  # Linux: a size of 0 and a content
        assert os.stat(proc).st_size == 0 and _read_bytes(proc) == proc.read_bytes() != b""
    with pytest.raises(OSError):
        _read_bytes(tmp_path)


def test_a_bug_anywhere_else_is_one_line_and_exit_2(tmp_path: Path, cli, monkeypatch) -> None:
    """An exception no part of the run expects (a bug of ours, here in the output) ends the
    command with one line that says so, exit code 2; NEWSLINT_DEBUG=1 shows the traceback."""
    import newslint.cli.check as check

    write(tmp_path, {"a.md": "# Title\n\nText of the story.\n"})

    def broken(*a, **k):
        raise AttributeError("'NoneType' object has no attribute 'line'")

    monkeypatch.setattr(check, "emit", broken)
    monkeypatch.delenv("NEWSLINT_DEBUG", raising=False)
    r = cli("check", "--no-config", str(tmp_path / "a.md"))
    assert r.code == 2 and r.out == "" and len(r.err.strip().splitlines()) == 1
    assert r.err.startswith("newslint: internal error: AttributeError: 'NoneType' object has no attribute 'line': a bug in newslint")
    monkeypatch.setenv("NEWSLINT_DEBUG", "1")
    with pytest.raises(AttributeError):
        cli("check", "--no-config", str(tmp_path / "a.md"))
