"""The real pre-commit, from PyPI, runs the hook from this repository (`pre-commit try-repo`) against
a temporary git repository: it fails on a bad article and passes when only a clean one is staged.

pre-commit installs newslint from this checkout (with uncommitted changes) into its own environment
(pip, network). try-repo uses a fresh store each time, so each run installs once (~15-30 s with a warm
pip cache); the two runs go in parallel.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CLEAN = "# Council approves budget\n\nThe council voted 9-2 on Tuesday to spend $14 million on flood barriers.\n"
BAD = "# Council approves budget\n\nIt is important to note that the council voted on Tuesday.\n"


def test_hook_definition() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "newslint" and hook["entry"] == "newslint check" and hook["language"] == "python"
    assert set(hook["types_or"]) == {"markdown", "html", "plain-text"}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "pre-commit-home"
    e = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "PYTHONPATH"}
    e.update(PRE_COMMIT_HOME=str(home), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
             GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL=str(tmp_path / "gitconfig"))
    return e


def git(repo: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def try_repo(hook_repo: Path, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    cmd = [str(pre_commit)] if pre_commit.exists() else [sys.executable, "-m", "pre_commit"]
    return subprocess.run([*cmd, "try-repo", str(hook_repo), "newslint"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=600)


def make_repo(repo: Path, env: dict[str, str], staged: list[str]) -> Path:
    repo.mkdir()
    git(repo, env, "init", "-q")
    (repo / "clean.md").write_text(CLEAN)
    (repo / "bad.md").write_text(BAD)
    (repo / "notes.py").write_text("print('It is important to note')\n")  # not an article: not checked
    (repo / ".newslint.yaml").write_text("select: [ai-filler]\nfail_on: warning\n")  # the rule pack grows elsewhere
    git(repo, env, "add", *staged, ".newslint.yaml")
    return repo


def test_pre_commit_try_repo_fails_on_bad_article_and_passes_on_clean(tmp_path: Path, env: dict[str, str]) -> None:
    both = make_repo(tmp_path / "both", env, ["clean.md", "bad.md", "notes.py"])
    clean_only = make_repo(tmp_path / "clean-only", env, ["clean.md", "notes.py"])
    # try-repo installs the hook afresh on every call; the two runs go side by side to halve the wait.
    with ThreadPoolExecutor(2) as pool:
        bad, good = pool.map(lambda repo: try_repo(ROOT, repo, env), [both, clean_only])

    assert bad.returncode == 1, bad.stdout + bad.stderr
    report = bad.stdout.split("newslint....", 1)[1]
    assert "Failed" in report and "bad.md:3:1: warning ai-filler" in report
    assert "clean.md:" not in report and "notes.py" not in report

    assert good.returncode == 0, good.stdout + good.stderr
    report = good.stdout.split("newslint....", 1)[1]
    assert "Passed" in report and "bad.md" not in report
