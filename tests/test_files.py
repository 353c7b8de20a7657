"""Awkward files, through the installed CLI: each gets a clear one-line
message and the documented exit code (0 clean, 1 findings, 2 errors), never a
traceback. (Binary, undecodable and UTF-16 files: tests/test_cli.py; a file
that changes while it is being fixed: tests/test_fix.py.)"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest


def _no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.err + result.out


def test_empty_file(run, write) -> None:
    result = run("check", str(write("empty.md", "")))
    assert (result.code, result.out, result.err) == (0, "No findings in 1 file.\n", "")


def test_a_50_mb_single_line(run, write) -> None:
    unit = "ordinary words about online safety and child porn in one very long line "
    line = unit * (50_000_000 // len(unit) + 1)
    path = write("long.txt", line[:50_000_000] + "\n")
    result = run("check", "--format", "json", "--statistics", str(path))
    _no_traceback(result)
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    assert len(findings) == len(line[:50_000_000].split("child porn")) - 1
    last = findings[-1]
    column = line[:50_000_000].rindex("child porn") + 1
    assert (last["line"], last["column"], last["text"]) == (1, column, "child porn")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="file permissions do not stop the superuser from reading",
)
def test_unreadable_file(run, write) -> None:
    path = write("secret.md", "child porn\n")
    path.chmod(0)
    try:
        result = run("check", str(path), str(write("ok.md", "child porn\n")))
    finally:
        path.chmod(0o600)
    assert result.code == 2
    assert result.err == f"termlint: error: {path}: permission denied\n"
    assert "ok.md:1:1" in result.out


def test_directory_with_a_symlink_loop(run, write, tmp_path: Path) -> None:
    write("book/chapter.md", "child porn\n")
    (tmp_path / "book" / "again").symlink_to(tmp_path / "book", target_is_directory=True)
    (tmp_path / "book" / "self.md").symlink_to(tmp_path / "book" / "self.md")
    result = run("check", "book", cwd=tmp_path)
    _no_traceback(result)
    assert result.code == 2
    assert result.err.startswith("termlint: error: book/self.md: cannot read (")
    assert result.err.count("\n") == 1
    assert result.out.splitlines()[0].startswith("book/chapter.md:1:1: error")


def test_paths_with_spaces_and_non_ascii(run, write, tmp_path: Path) -> None:
    path = write("Entwürfe 2026/Kapitel ünd Notizen.md", "Er sah child porn.\n")
    result = run("check", "Entwürfe 2026", cwd=tmp_path)
    assert result.code == 1
    assert result.out.startswith("Entwürfe 2026/Kapitel ünd Notizen.md:1:8: error")
    fixed = run("fix", str(path))
    assert fixed.code == 0, fixed.err
    assert path.read_text(encoding="utf-8") == "Er sah child sexual abuse material.\n"


def test_standard_input_empty_or_closed(termlint_bin: str, run) -> None:
    empty = run("check", "-", input="")
    assert (empty.code, empty.err) == (0, "")
    closed = subprocess.run(
        [termlint_bin, "check", "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert closed.returncode == 0 and "Traceback" not in closed.stderr
    shut = subprocess.run(
        f"exec 0<&-; exec {termlint_bin} check -",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in shut.stderr
    assert shut.returncode in (0, 2), shut.stderr
    if shut.returncode == 2:
        assert shut.stderr.count("\n") == 1 and shut.stderr.startswith("termlint: error:")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_in_a_directory_is_left_out(run, write, tmp_path: Path) -> None:
    write("notes/real.md", "child porn\n")
    os.mkfifo(tmp_path / "notes" / "pipe.md")  # opening it would wait for a writer
    result = run("check", "notes", cwd=tmp_path)
    assert result.code == 1, result.err
    assert result.out.startswith("notes/real.md:1:1: error")
    assert "pipe.md" not in result.out + result.err


def test_a_linked_file_takes_the_configuration_where_it_points(run, write, tmp_path: Path) -> None:
    write("house/.termlint.yaml", "extends: [default]\nignore: [child-porn-slang]\n")
    write("house/style.md", "He saw child porn.\n")
    write("drafts/own.md", "He saw child porn.\n")
    (tmp_path / "drafts" / "style.md").symlink_to(tmp_path / "house" / "style.md")
    result = run("check", "--format", "json", "-j", "1", "drafts", cwd=tmp_path)
    flagged = {f["path"] for f in json.loads(result.out)["findings"]}
    assert flagged == {"drafts/own.md"}  # the house style, reached by a link, ignores it
