"""The report that ``fix`` and ``check --fix`` write, through the installed
CLI: every ``--format`` and ``--output``, describing what remains at its
positions in the text as written; ``--diff``'s exit code and positions;
``consistency: project`` across the files of the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DOC = "Child pornography was found.\nThen child porn, and child pornographers.\n"
FIXED = (
    "Child sexual abuse material was found.\n"
    "Then child sexual abuse material, and child pornographers.\n"
)
OTHER = "A kiddie porn site and a clean line.\n"
MACHINE = ("json", "lsp", "sarif", "github", "checkstyle", "junit", "gitlab", "html")


@pytest.mark.parametrize("command", [("fix",), ("check", "--fix")])
@pytest.mark.parametrize("fmt", MACHINE)
def test_the_report_is_the_check_of_the_text_as_written(
    run, write, tmp_path: Path, command: tuple[str, ...], fmt: str
) -> None:
    write("doc.md", DOC)
    write("other.md", OTHER)
    fixed = run(*command, "--format", fmt, "doc.md", "other.md")
    assert (tmp_path / "doc.md").read_text(encoding="utf-8") == FIXED
    # standard output is the report alone, exactly what checking the written
    # files gives; the log of fixes is on standard error
    after = run("check", "--format", fmt, "doc.md", "other.md")
    assert fixed.out == after.out
    assert fixed.code == after.code == 1  # the child-pornographer warning remains
    assert fixed.err.splitlines() == [
        "doc.md:1:1: fixed [child-pornography] 'Child pornography' -> "
        "'Child sexual abuse material'",
        "doc.md:2:6: fixed [child-porn-slang] 'child porn' -> 'child sexual abuse material'",
        "other.md:1:3: fixed [child-porn-slang] 'kiddie porn' -> 'child sexual abuse material'",
        "Fixed 3 findings in 2 files.",
    ]
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(fixed.out)


def test_text_report_lists_fixes_then_what_remains(run, write, tmp_path: Path) -> None:
    write("doc.md", DOC)
    fixed = run("fix", "doc.md")
    after = run("check", "doc.md")
    lines = fixed.out.splitlines()
    assert lines[:3] == [
        "doc.md:1:1: fixed [child-pornography] 'Child pornography' -> "
        "'Child sexual abuse material'",
        "doc.md:2:6: fixed [child-porn-slang] 'child porn' -> 'child sexual abuse material'",
        "Fixed 2 findings in 1 file.",
    ]
    assert lines[3:-1] == after.out.splitlines()[:-1]
    assert lines[3].startswith("doc.md:2:39: warning [child-pornographer]")
    assert lines[-1] == "Remaining: 1 finding (1 warning) in 1 of 1 file."
    assert fixed.err == ""


@pytest.mark.parametrize("command", [("fix",), ("check", "--fix")])
def test_output_file(run, write, tmp_path: Path, command: tuple[str, ...]) -> None:
    write("doc.md", DOC)
    result = run(*command, "--format", "sarif", "--output", "report.sarif", "doc.md")
    assert result.code == 1
    # standard output is free: the log of fixes goes there
    assert result.out.splitlines()[-1] == "Fixed 2 findings in 1 file."
    report = (tmp_path / "report.sarif").read_text(encoding="utf-8")
    assert report == run("check", "--format", "sarif", "doc.md").out
    (result,) = json.loads(report)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (2, 39)


def test_output_file_with_standard_input(run, tmp_path: Path) -> None:
    result = run("fix", "--format", "json", "--output", "r.json", "-", input=DOC)
    assert result.out == FIXED  # standard output is the fixed text alone
    (f,) = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"]
    assert (f["path"], f["line"], f["column"], f["rule"]) == (
        "<stdin>",
        2,
        39,
        "child-pornographer",
    )


def test_diff_exit_code_and_positions_in_the_unfixed_file(run, write, tmp_path: Path) -> None:
    write("only-fixable.md", "Child pornography was found.\n")
    would = run("fix", "--diff", "only-fixable.md")
    assert would.code == 1  # a dry run in CI fails while something is left to fix
    assert "+Child sexual abuse material was found.\n" in would.out
    assert (tmp_path / "only-fixable.md").read_text() == "Child pornography was found.\n"
    assert run("check", "--fix", "--diff", "only-fixable.md").code == 1
    write("clean.md", "Child sexual abuse material was found.\n")
    nothing = run("fix", "--diff", "clean.md")
    assert (nothing.code, nothing.out) == (
        0,
        "Would fix 0 findings in 0 files.\nNo findings in 1 file.\n",
    )

    write("doc.md", DOC)
    text = run("fix", "--diff", "doc.md")
    assert text.code == 1 and (tmp_path / "doc.md").read_text(encoding="utf-8") == DOC
    assert "doc.md:1:1: would fix [child-pornography]" in text.out
    # what remains is where it is in the file as it stands (never written)
    assert "\ndoc.md:2:22: warning [child-pornographer]" in text.out
    assert text.out.endswith(
        "Remaining after these fixes, at positions in the unfixed files: "
        "1 finding (1 warning) in 1 of 1 file.\n"
    )
    machine = run("fix", "--diff", "--format", "json", "doc.md")
    (f,) = json.loads(machine.out)["findings"]  # the diff went to standard error
    unfixed = json.loads(run("check", "--format", "json", "doc.md").out)["findings"]
    assert f == next(g for g in unfixed if g["rule"] == "child-pornographer")
    assert (f["line"], f["column"], f["text"]) == (2, 22, "child pornographers")
    assert "+Then child sexual abuse material, and child pornographers.\n" in machine.err
    assert machine.code == 1


def test_fix_honours_consistency_project(run, write, tmp_path: Path) -> None:
    write("book/termlint.yaml", "consistency: project\n")
    write("book/1.md", "Child sexual abuse material (CSAM) is evidence of a crime.\n")
    write("book/2.md", "Police seized CSAM and kiddie porn.\n")
    # alone, chapter 2 uses the acronym before defining it
    alone = json.loads(run("check", "--format", "json", "book/2.md").out)["findings"]
    assert "acronym-undefined" in {f["rule"] for f in alone}
    fixed = run("fix", "--format", "json", "book")
    assert (tmp_path / "book" / "2.md").read_text() == (
        "Police seized CSAM and child sexual abuse material.\n"
    )
    checked = run("check", "--format", "json", "book")
    assert fixed.out == checked.out and json.loads(fixed.out)["findings"] == []
    assert fixed.code == checked.code == 0
