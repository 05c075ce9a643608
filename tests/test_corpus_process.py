"""The corpus process (newslint.corpus_process): ``check`` as the installed command runs it compares
the articles in a process started at launch. Its answer is the one the parent finds itself; it is
stopped when the run compares nothing; when it dies or fails, the run ends with one line and
exit code 2, never a hang or a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import cli_env, run_cli, write
from dedup_fixtures import COPY, REWRITE, STORY, UNRELATED
from newslint.corpus_process import worth_starting

# A little folder with a copy and a rewrite among unrelated stories, over PARALLEL_MIN_FILES so that
# the workers run too, plus one article that suppresses near-duplicate in its front matter.
FILES = {"a.md": STORY, "b.md": COPY, "c.md": REWRITE, "d.md": "---\nnewslint: {disable: [near-duplicate]}\n---\n" + STORY,
         **{f"u{i:02d}.md": UNRELATED[i % len(UNRELATED)] + f"\n\nStory {i} of the day, told in its own words number {i}.\n"
            for i in range(56)}}


def _probe(*argv: str, patch: str = "") -> subprocess.CompletedProcess:
    """The installed command (``console``), with ``patch`` (Python) run first to watch or break it."""
    code = patch + "\nfrom newslint.command import console\nconsole()\n"
    return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, timeout=120, env=cli_env())


WATCH = """
import sys
from newslint import corpus_process as cp
for name in ("rules", "finish", "close"):
    def spy(self, *a, _name=name, _real=getattr(cp.CorpusProcess, name), **k):
        print("corpus process:", _name, file=sys.stderr)
        return _real(self, *a, **k)
    setattr(cp.CorpusProcess, name, spy)
"""


# Says when a formatter renders files' parts: all of them (while the corpus process compares),
# then the ones the comparison changed.
PARTS = """
from newslint.formatters import json_format, text
for m in (json_format, text):
    def spy(run, color=False, only=None, _real=m.file_parts):
        print("file parts:", "all" if only is None else len(only), "of", len(run.reports), file=sys.stderr)
        return _real(run, color, only)
    m.file_parts = spy
"""


def test_the_answer_is_the_one_the_parent_finds_itself(tmp_path: Path, cli) -> None:
    write(tmp_path / "news", FILES)
    args = ("check", "--no-config", "--format", "json", str(tmp_path / "news"))
    launched = _probe(*args, patch=WATCH)
    assert "corpus process: finish" in launched.stderr.decode()
    inside = cli(*args)  # main() called from Python: no corpus process
    serial = run_cli(*args, "--jobs", "1")  # the command line told to use one process: none either
    assert launched.stdout.decode() == inside.out == serial.out and launched.returncode == inside.code == serial.code
    found = {f["path"].rsplit("/", 1)[-1]: [x["message"] for x in f["findings"] if x["rule"] == "near-duplicate"]
             for f in json.loads(inside.out)["files"]}
    assert any("copy of" in m for m in found["a.md"]) and any("rewrite" in m for m in found["c.md"])
    assert found["d.md"] == []  # suppressed there, still compared: a.md names it
    assert any("d.md" in m for m in found["a.md"])


@pytest.mark.parametrize("output", [("--format", "json"), ("--format", "text"), ("--format", "text", "--color", "always")])
def test_files_are_rendered_while_the_process_compares(tmp_path: Path, cli, output: tuple[str, ...]) -> None:
    """Each file's part of the output is rendered while the process compares, then again for the
    files the comparison changed: the report is the one rendered at once, byte for byte."""
    files = {"a.md": STORY, "b.md": COPY, "c.md": REWRITE, "d.md": FILES["d.md"],
             **{f"u{i}.md": text for i, text in enumerate(UNRELATED)}}
    write(tmp_path / "news", files)
    args = ("check", "--no-config", *output, str(tmp_path / "news"))
    launched = _probe(*args, patch=WATCH + PARTS)
    err = launched.stderr.decode()
    assert "corpus process: finish" in err and f"file parts: all of {len(files)}" in err
    changed = int(err.split("file parts: ", 2)[2].split()[0])
    assert 3 <= changed <= 4  # the story, its copy and its rewrite (and d.md, whose suppression was used); not u*.md
    inside = cli(*args)  # main() called from Python: no corpus process, rendered at once
    assert launched.stdout.decode() == inside.out and launched.returncode == inside.code
    assert "copy of" in inside.out and "rewrite of" in inside.out


POOL = """
import sys
from newslint import runner
_real_map_files = runner.map_files
def map_files(*a, meanwhile=None, **k):
    print("pool: the parent works meanwhile:", meanwhile is not None, file=sys.stderr)
    return _real_map_files(*a, meanwhile=meanwhile, **k)
runner.map_files = map_files
"""


def test_the_workers_get_chunks_as_they_need_them_while_the_parent_waits(tmp_path: Path, cli, monkeypatch) -> None:
    """The pool hands each worker large queues of chunks only while the parent has work of its
    own (importing NumPy to compare); with a corpus process, or nothing to compare, the parent
    waits and the workers are topped up chunk by chunk (a queue of a quarter of the chunks each
    left one worker idle at the end while the corpus process slowed the other: 60 ms of 600
    articles)."""
    write(tmp_path / "news", FILES)
    launched = _probe("check", "--no-config", str(tmp_path / "news"), patch=WATCH + POOL)
    assert "corpus process: finish" in launched.stderr.decode()
    assert "pool: the parent works meanwhile: False" in launched.stderr.decode()
    ignored = _probe("check", "--no-config", "--ignore", "near-duplicate", str(tmp_path / "news"), patch=POOL)
    assert "pool: the parent works meanwhile: False" in ignored.stderr.decode()
    from newslint.cli import check

    seen = []
    real = check.map_files
    monkeypatch.setattr(check, "map_files", lambda *a, meanwhile=None, **k: seen.append(meanwhile) or real(*a, meanwhile=meanwhile, **k))
    inside = cli("check", "--no-config", "--jobs", "2", str(tmp_path / "news"))  # main() from Python: the parent compares
    assert seen and seen[0] is not None and inside.code in (0, 1)


def test_standard_input_and_files_keep_their_order(tmp_path: Path, cli) -> None:
    write(tmp_path / "news", {"b.md": COPY, "c.md": REWRITE, "u.md": UNRELATED[0]})
    files = [str(tmp_path / "news" / n) for n in ("b.md", "c.md", "u.md")]
    args = ("check", "--no-config", "--format", "json", "--stdin-filename", "story.md", "-", *files)
    launched = subprocess.run([sys.executable, "-c", WATCH + "\nfrom newslint.command import console\nconsole()\n", *args],
                              input=STORY.encode(), capture_output=True, timeout=120, env=cli_env())
    assert "corpus process: finish" in launched.stderr.decode()
    inside = run_cli(*args, "--jobs", "1", stdin=STORY.encode())
    assert launched.stdout.decode() == inside.out
    (first, *_) = json.loads(inside.out)["files"]
    assert first["path"] == "story.md" and any(f["rule"] == "near-duplicate" for f in first["findings"])


@pytest.mark.parametrize("config", ["ignore: [near-duplicate]\n", "select: [ai-filler]\n", "rules: {near-duplicate: {level: 'off'}}\n"])
def test_it_is_stopped_before_the_work_when_nothing_is_compared(tmp_path: Path, config: str) -> None:
    """Started at launch (the configuration is not read yet), stopped once it is."""
    write(tmp_path / "news", FILES)
    (tmp_path / ".newslint.yaml").write_text(config, encoding="utf-8")
    r = _probe("check", "--config", str(tmp_path / ".newslint.yaml"), "--format", "json", str(tmp_path / "news"), patch=WATCH)
    said = r.stderr.decode()
    assert r.returncode in (0, 1) and "corpus process: close" in said, said
    assert "corpus process: rules" not in said and "corpus process: finish" not in said
    assert not [f for f in json.loads(r.stdout)["files"] for x in f["findings"] if x["rule"] == "near-duplicate"]


@pytest.mark.parametrize("extra", [("--ignore", "near-duplicate"), ("--ignore=ai-filler,near-duplicate",), ("--select", "ai-filler"),
                                   ("--select=unsourced-quote",)])
def test_none_starts_when_the_command_line_leaves_near_duplicate_out(tmp_path: Path, extra) -> None:
    write(tmp_path / "news", FILES)
    patch = WATCH + "\ncp.CorpusProcess.start = staticmethod(lambda: print('corpus process: started', file=sys.stderr))\n"
    r = _probe("check", "--no-config", "--format", "json", *extra, str(tmp_path / "news"), patch=patch)
    assert "corpus process" not in r.stderr.decode() and r.returncode in (0, 1)
    assert json.loads(r.stdout)["summary"]["files"] == len(FILES)


def test_one_article_starts_none(tmp_path: Path) -> None:
    write(tmp_path, {"a.md": STORY})
    patch = WATCH + "\ncp.CorpusProcess.start = staticmethod(lambda: print('corpus process: started', file=sys.stderr))\n"
    r = _probe("check", "--no-config", str(tmp_path / "a.md"), patch=patch)
    assert "corpus process" not in r.stderr.decode() and r.returncode in (0, 1)


def test_a_process_that_dies_is_one_line_and_exit_2(tmp_path: Path) -> None:
    write(tmp_path / "news", FILES)
    patch = "import os\nfrom newslint import corpus_process as cp\ncp._serve = lambda *a: os._exit(3)\n"
    r = _probe("check", "--no-config", str(tmp_path / "news"), patch=patch)
    err = r.stderr.decode()
    assert r.returncode == 2 and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("newslint: error: ") and "ended before its work was done" in err


def test_an_error_in_the_process_is_reported_as_in_the_parent(tmp_path: Path) -> None:
    """A broken index, opened by the corpus process: the same one line as when the parent opens it."""
    write(tmp_path / "news", {n: FILES[n] for n in ("a.md", "b.md", "c.md")})
    (tmp_path / "i.sqlite").write_bytes(b"this is not a database, it only has the name of one" * 40)
    (tmp_path / ".newslint.yaml").write_text("index: {path: i.sqlite}\n", encoding="utf-8")
    args = ("check", "--config", str(tmp_path / ".newslint.yaml"), str(tmp_path / "news"))
    launched = _probe(*args, patch=WATCH)
    inside = run_cli(*args, "--jobs", "1")
    assert "corpus process: finish" in launched.stderr.decode()
    assert launched.returncode == inside.code == 2
    line = inside.err.strip().splitlines()[-1]
    assert line.startswith("newslint: error: ") and "i.sqlite" in line
    assert [x for x in launched.stderr.decode().splitlines() if not x.startswith("corpus process:")][-1] == line


def test_one_article_against_the_index(tmp_path: Path) -> None:
    """A folder of one article with an index configured: it is compared with the index, through
    the corpus process, as the parent compares it."""
    write(tmp_path, {".newslint.yaml": "index: {path: i.sqlite}\n", "published/a.md": STORY, "drafts/b.md": COPY})
    assert run_cli("index", "add", "published", cwd=tmp_path).code == 0
    launched = subprocess.run([sys.executable, "-c", WATCH + "\nfrom newslint.command import console\nconsole()\n", "check", "--format", "json",
                               "drafts"], capture_output=True, timeout=120, env=cli_env(), cwd=tmp_path)
    inside = run_cli("check", "--format", "json", "--jobs", "1", "drafts", cwd=tmp_path)
    assert "corpus process: finish" in launched.stderr.decode() and launched.stdout.decode() == inside.out
    assert "indexed story" in inside.out


# Reports, from inside the comparison, how many threads the process runs beyond Python's own.
COUNT_THREADS = """
import os, threading
from newslint import corpus_phase
from newslint.errors import NewslintError
def compare(*a, **k):  # says what it counted as the run's one-line error
    import numpy
    extra = len(os.listdir("/proc/self/task")) - threading.active_count()
    raise NewslintError(f"in pid {os.getpid()} of parent {os.getppid()}: {extra} threads beyond Python's")
corpus_phase.compare = compare
"""


@pytest.mark.parametrize(("chosen", "extra"), [(None, 0), ("2", 1)])
def test_blas_runs_one_thread_unless_the_user_chose(tmp_path: Path, chosen: str | None, extra: int) -> None:
    """NumPy's OpenBLAS starts a spinning thread per core when it loads: the corpus process, which
    shares the cores with the workers, keeps it to one, unless OPENBLAS_NUM_THREADS says otherwise."""
    write(tmp_path / "news", FILES)
    env = {k: v for k, v in cli_env().items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    if chosen:
        env["OPENBLAS_NUM_THREADS"] = chosen
    code = COUNT_THREADS + "\nfrom newslint.command import console\nconsole()\n"
    p = subprocess.Popen([sys.executable, "-c", code, "check", "--no-config", str(tmp_path / "news")], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    _, err = p.communicate(timeout=120)
    line = err.decode().strip().splitlines()[-1]
    assert f"of parent {p.pid}:" in line, line  # in the corpus process, the command's child
    assert line.endswith(f": {extra} threads beyond Python's"), line


def test_progress_of_the_comparison_reaches_the_terminal(tmp_path: Path) -> None:
    write(tmp_path / "news", FILES)
    r = _probe("check", "--no-config", "--progress", "always", str(tmp_path / "news"), patch=WATCH)
    err = r.stderr.decode()
    assert "corpus process: finish" in err and "finding candidates" in err and "confirming" in err


@pytest.mark.parametrize("argv, files, expected", [
    (["check", "a.md"], ["a.md"], False),
    (["check", "a.md", "b.md"], ["a.md", "b.md"], True),
    (["check", "news"], [], True),
    (["check"], [], True),  # the current folder
    (["check", "--jobs", "1", "news"], [], False),
    (["check", "-j1", "a.md", "b.md"], ["a.md", "b.md"], False),
    (["check", "--help"], [], False),
    (["check", "a.md", "missing.md"], ["a.md"], False),
    (["check", "--ignore", "near-duplicate", "news"], [], False),
    (["check", "--ignore=near-duplicate", "news"], [], False),
    (["check", "--ignore", "ai-filler", "news"], [], True),
    (["check", "--select", "ai-filler,unsourced-quote", "news"], [], False),
    (["check", "--select", "near-duplicate, ai-filler", "news"], [], True),
    (["check", "--ign", "near-duplicate", "news"], [], True),  # abbreviated: not read, started
    (["check", "--ignore", "near-duplicate", "--ignore", "ai-filler", "news"], [], True),  # the last one counts
])
def test_worth_starting(tmp_path: Path, monkeypatch, argv, files, expected) -> None:
    (tmp_path / "news").mkdir()
    for f in files:
        (tmp_path / f).write_text("Text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert worth_starting(argv) is expected


# A bug in the near-duplicate kind at each step it takes: turning texts into features (a batch
# at a time while the workers go on) or comparing them at the end.
BREAK_KIND = """
from newslint.kinds import near_duplicate as nd
def broken(*a, **k):
    raise ZeroDivisionError("a bug in the kind")
nd.{step} = broken
"""


@pytest.mark.parametrize("step", ["digest", "check_corpus"])
@pytest.mark.parametrize("where", ["process", "serial", "in-process"])
def test_a_bug_in_the_comparison_costs_the_comparison_only(tmp_path: Path, cli, monkeypatch, step: str, where: str) -> None:
    """The comparison fails (a bug, not bad input), in the corpus process, in a serial run or in
    ``main`` called from Python: every other rule's findings are printed as without the failure,
    then one line naming the rule and what failed, exit code 2, no traceback."""
    write(tmp_path / "news", FILES)
    args = ("check", "--no-config", "--format", "json", str(tmp_path / "news"))
    expected = cli(*args, "--ignore", "near-duplicate")
    if where == "process":
        r = _probe(*args, patch=WATCH + BREAK_KIND.format(step=step))
        code, out, err = r.returncode, r.stdout.decode(), r.stderr.decode()
        assert "corpus process: finish" in err or step == "digest"  # a failed digest ends it before the finish
    elif where == "serial":
        r = _probe(*args, "--jobs", "1", patch=BREAK_KIND.format(step=step))
        code, out, err = r.returncode, r.stdout.decode(), r.stderr.decode()
    else:
        from newslint.kinds import near_duplicate

        monkeypatch.setattr(near_duplicate, step, lambda *a, **k: 1 / 0)
        got = cli(*args)
        code, out, err = got.code, got.out, got.err
    assert code == 2 and "Traceback" not in err, err
    line = [x for x in err.strip().splitlines() if not x.startswith("corpus process:")][-1]
    assert line.startswith("newslint: error: near-duplicate: comparing the articles failed (ZeroDivisionError") and "a bug in newslint" in line
    files = {f["path"]: f["findings"] for f in json.loads(out)["files"]}
    assert files == {f["path"]: f["findings"] for f in json.loads(expected.out)["files"]} and len(files) == len(FILES)


# Each worker says which of the parent's pipes to the corpus process it still holds open.
WORKER_FDS = """
import os, sys
from newslint import corpus_process as cp, runner
_start = cp.CorpusProcess.start
def start():
    process = _start()
    os.environ["PIPES"] = f"{process.tasks},{process.results}"
    return process
cp.CorpusProcess.start = staticmethod(start)
_in_worker = runner._in_worker
def in_worker(chunk, work):
    held = [fd for fd in map(int, os.environ["PIPES"].split(",")) if os.path.exists(f"/proc/self/fd/{fd}")]
    print("worker holds:", held, file=sys.stderr)
    return _in_worker(chunk, work)
runner._in_worker = in_worker
"""


def test_the_workers_do_not_hold_the_pipes_to_the_corpus_process(tmp_path: Path) -> None:
    """Only the parent talks to the corpus process: the workers close their copies of its pipes
    as they start, so that a pipe the parent closes is closed."""
    write(tmp_path / "news", FILES)
    r = _probe("check", "--no-config", "--format", "json", str(tmp_path / "news"), patch=WATCH + WORKER_FDS)
    err = r.stderr.decode()
    assert "corpus process: finish" in err and r.returncode in (0, 1), err[-500:]
    said = re.findall(r"worker holds: \[[\d, ]*\]", err)  # (lines of several processes may run together)
    assert said and set(said) == {"worker holds: []"}, said
