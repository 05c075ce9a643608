"""The README says what the tool does: its sample output is what `check` prints, and every option
it names exists."""

from __future__ import annotations

from conftest import run_cli


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
    helps = "".join(run_cli(*cmd, "--help").out for cmd in (["check"], ["dupes"], ["index", "add"], ["index", "query"],
                                                           ["index", "migrate"], ["serve"]))
    helps += (ROOT / "benchmarks" / "eval_dupes.py").read_text(encoding="utf-8")  # its --show, --split
    helps += (ROOT / "benchmarks" / "lint_throughput.py").read_text(encoding="utf-8")  # its --limit, --startup
    helps += (ROOT / "benchmarks" / "check_cpu.py").read_text(encoding="utf-8")  # its --stages
    helps += (ROOT / "benchmarks" / "spark_scale.py").read_text(encoding="utf-8")  # its --sizes, --engines
    helps += (ROOT / "benchmarks" / "pipeline_vs_datasketch.py").read_text(encoding="utf-8")  # its --phases
    assert options and {o for o in options if o not in helps} == set()
