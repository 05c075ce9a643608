"""What hostile input costs: the time and peak memory of the worst case of each kind of bad input,
against the size of the input.

Usage: python benchmarks/bad_input_cost.py [--sizes 10000,100000,999000] [--timeout 60]

Every case is generated here (no corpus: these are attacks and accidents, not news) into a
temporary folder and checked by the real command, ``python -m newslint check``, in a child process
with a 4 GB address-space limit. Time is wall-clock; peak memory is the largest resident set of the
child or any worker it ran (``os.wait4``). A case fails when it ends in a traceback, is killed, or
costs more than the goal: no input under 1 MB may cost more than 200 MB or 5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS, GOAL_MB = 5.0, 200.0
STORY = ("The council met on Tuesday to discuss the plan for the river, which will cost more than the "
         "town expected when the work was first proposed two years ago. ")


@dataclass(frozen=True)
class Case:
    """Files to write (name -> bytes) and the arguments after ``check`` (``{dir}`` is the folder)."""

    files: dict[bytes, bytes]
    args: tuple[str, ...]


def _bomb(key: str, size: int) -> str:
    """A value under ``key`` that doubles at each of as many levels as fit in ``size`` bytes."""
    lines = [f"{key}:", "- &a0 [lol, lol]"]
    i, total = 0, 30
    while total < size:
        i += 1
        line = f"- &a{i} [*a{i - 1}, *a{i - 1}]"
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines) + "\n"


def front_matter_alias_bomb(size: int) -> Case:
    return Case({b"a.md": ("---\n" + _bomb("title", size) + "---\n\n" + STORY + "\n").encode()}, ("{dir}",))


def config_alias_bomb(size: int) -> Case:
    return Case({b".newslint.yaml": _bomb("fail_on", size).encode(), b"a.txt": STORY.encode()}, ("{dir}/a.txt",))


def front_matter_many_values(size: int) -> Case:
    items = "".join(f"- item{i}\n" for i in range(size // 12))
    return Case({b"a.md": ("---\ntags:\n" + items + "---\n\n" + STORY + "\n").encode()}, ("{dir}",))


def stray_nul_bytes(size: int) -> Case:
    text = ("Headline\n\n" + STORY * (size // len(STORY) + 1))[:size]
    data = bytearray(text.encode())
    for i in range(500, len(data), 500):  # one NUL per 500 bytes: text, not binary
        data[i] = 0
    return Case({b"a.txt": bytes(data)}, ("{dir}",))


def utf16_without_bom(size: int) -> Case:
    text = ("Headline\n\n" + "It is important to note that " + STORY * (size // (2 * len(STORY)) + 1))[: size // 2]
    return Case({b"a.txt": text.encode("utf-16-le")}, ("{dir}",))


def binary_with_rare_nuls(size: int) -> Case:
    rng = random.Random(1)
    data = bytes(rng.randrange(1, 256) for _ in range(size))
    return Case({b"a.txt": data[:-1] + b"\x00"}, ("{dir}",))


def hostile_file_names(size: int) -> Case:
    """100 files with hostile names of 200 bytes and a finding each, their text filling the size
    (the cost of many files is lint_throughput.py's to measure)."""
    names = [b"caf\xff", b"two\nlines", b"esc\x1b[2J", "bidi\u202etxt.exe".encode(), b"s\xed\xa0\x80"]
    count = 100
    body = ("Headline\n\nIt is important to note that " + STORY * max(1, (size // count - 240) // len(STORY))).encode()
    return Case({(names[i % len(names)] * 40)[:190] + f"{i}.txt".encode(): body for i in range(count)},
                ("{dir}", "--format", "sarif"))


def controls_in_quotes(size: int) -> Case:
    quote = '"Clean power \u202egnp.exe\x1b]0;owned\x07 will change how this town lives and works for decades." '
    text = "Headline\n\n" + "\n\n".join([STORY + quote] * (size // (len(STORY) + len(quote.encode()) + 2)))
    return Case({b"a.txt": text.encode()}, ("{dir}", "--format", "github"))


def overlapping_phrases(size: int) -> Case:
    sentence = "Both sides are poised to deepen ties, and the port will play a pivotal role in this endeavor. "
    text = "Headline\n\n" + "\n\n".join([sentence * 3] * (size // (3 * len(sentence) + 2)))
    return Case({b"a.txt": text.encode()}, ("{dir}", "--format", "json"))


def reference_list(size: int) -> Case:
    line = 'Smith, J. (2020). "The impact of rising sea levels on coastal towns in Europe." Journal of Climate.\n'
    return Case({b"a.txt": ("Further reading\n\n" + line * (size // len(line))).encode()}, ("{dir}", "--format", "json"))


def quotes_in_one_paragraph(size: int) -> Case:
    quote = '"We cannot keep paying for roads that nobody uses anymore in this town." '
    return Case({b"a.txt": ("Headline\n\n" + quote * (size // len(quote))).encode()}, ("{dir}", "--format", "json"))


CASES: dict[str, Callable[[int], Case]] = {
    "front matter: alias bomb": front_matter_alias_bomb,
    "configuration: alias bomb": config_alias_bomb,
    "front matter: many values": front_matter_many_values,
    "text: a NUL byte every 500": stray_nul_bytes,
    "text: UTF-16 without a BOM": utf16_without_bom,
    "binary: random, one NUL": binary_with_rare_nuls,
    "hostile file names (sarif)": hostile_file_names,
    "ESC and U+202E in quotes (github)": controls_in_quotes,
    "overlapping phrase findings": overlapping_phrases,
    "reference list lines": reference_list,
    "quotes in one paragraph": quotes_in_one_paragraph,
}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def measure(case: Case, timeout: float) -> tuple[int, float, float, int | None, bool]:
    """(input bytes, seconds, peak MB, exit code or None if killed, traceback seen)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.fsencode(tmp)
        for name, data in case.files.items():
            with open(os.path.join(folder, name), "wb") as fh:
                fh.write(data)
        args = [a.replace("{dir}", tmp) for a in case.args]
        config = [] if b".newslint.yaml" in case.files else ["--no-config"]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            p = subprocess.Popen([sys.executable, "-m", "newslint", "check", *config, *args], stdout=out, stderr=err,
                                 env=env, cwd=tmp, preexec_fn=_limit_memory)
            code: int | None = None
            while True:
                pid, status, usage = os.wait4(p.pid, os.WNOHANG)
                if pid:
                    code = os.waitstatus_to_exitcode(status)
                    break
                if time.perf_counter() - start > timeout:
                    p.kill()
                    _, status, usage = os.wait4(p.pid, 0)
                    break
                time.sleep(0.01)
            seconds = time.perf_counter() - start
            p.returncode = code if code is not None else -9  # reaped here: keep Popen from waiting again
            err.seek(0)
            out.seek(0)
            traceback = b"Traceback" in err.read() or b"Traceback" in out.read()
    size = sum(len(d) for d in case.files.values())
    return size, seconds, usage.ru_maxrss / 1024, code if code is None or code >= 0 else None, traceback


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,999000", help="input sizes in bytes, comma-separated")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before a case is killed")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"goal: under 1 MB, at most {GOAL_MB:.0f} MB and {GOAL_SECONDS:.0f} s, no traceback\n")
    print(f"{'kind':36} {'bytes':>9} {'seconds':>8} {'peak MB':>8} {'exit':>5}  verdict")
    failures = 0
    for kind, make in CASES.items():
        for size in sizes:
            nbytes, seconds, mb, code, traceback = measure(make(size), args.timeout)
            ok = not traceback and code is not None and (nbytes >= 1_000_000 or (seconds <= GOAL_SECONDS and mb <= GOAL_MB))
            verdict = "ok" if ok else "traceback" if traceback else "killed" if code is None else "over goal"
            failures += not ok
            print(f"{kind:36} {nbytes:>9,} {seconds:>8.2f} {mb:>8.1f} {'-' if code is None else code:>5}  {verdict}")
    print(f"\n{failures} case(s) over the goal, killed or ending in a traceback")
    return 1 if failures else 0


if __name__ == "__main__":
    from corpus_sets import run

    run(main)
