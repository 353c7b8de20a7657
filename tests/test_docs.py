"""The README stays true: two set-up commands, CI runs the test one, and the
sample output is what the installed CLI prints."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.DOTALL)


def test_exactly_two_setup_commands() -> None:
    install_run, install_test = setup_commands()
    assert "\n" not in install_run and "\n" not in install_test
    assert "pip install ." in install_run and "termlint check" in install_run
    example = install_run.split()[-1]
    assert example.startswith("examples/") and (ROOT / example).is_file()
    assert "pip install '.[test]'" in install_test and "pytest" in install_test


def test_ci_runs_the_readme_test_command() -> None:
    _, install_test = setup_commands()
    assert install_test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_sample_output_is_real(run) -> None:
    block = README.split("$ termlint check examples/manuscript.md\n", 1)[1].split("```", 1)[0]
    result = run("check", "examples/manuscript.md", cwd=ROOT)
    assert result.code == 1
    assert result.out == block


def test_docs_exist_and_are_linked() -> None:
    for doc in ("docs/rules.md", "docs/benchmarks.md"):
        assert (ROOT / doc).is_file()
        assert f"({doc})" in README
