"""Shared helpers: run the CLI in-process or as a subprocess, write small article trees."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# Test helper modules beside this file (dedup_fixtures) import by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"


@dataclass
class Result:
    code: int
    out: str
    err: str


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None, timeout: float = 60, **env: str) -> Result:
    """``python -m newslint ARGS`` as a user runs it, in a fresh process."""
    p = subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, input=stdin, capture_output=True,
                       timeout=timeout, env=cli_env(**env))
    return Result(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``newslint.cli.main`` in this process (fast); returns a Result."""
    from newslint.cli import main

    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def call(*args: str) -> Result:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
        cap = capsys.readouterr()
        return Result(code, cap.out, cap.err)

    return call


def write(root: Path, files: dict[str, str | bytes]) -> dict[str, Path]:
    out = {}
    for name, content in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
        out[name] = p
    return out


RULE_TEMPLATE = """\
id: {id}
kind: phrases
level: {level}
message: '{message}'
summary: Test rule {id}.
why: A rule written for the tests.
options:
  phrases: {phrases}
examples:
  fail: ['{fail}']
  pass: ['Nothing here.']
"""


def rule_file(folder: Path, rid: str, phrases: list[str], level: str = "warning", message: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"{rid}.yaml"
    p.write_text(RULE_TEMPLATE.format(id=rid, level=level, message=message or "found {match}",
                                      phrases="[" + ", ".join(f"'{x}'" for x in phrases) + "]", fail=phrases[0]))
    return p
