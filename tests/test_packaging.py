"""The wheel ships the rule packs, and an installed wheel finds them from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    (found,) = out.glob("termlint-*.whl")
    return found


def test_wheel_contains_the_rule_packs(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    packs = sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert packs
    for pack in packs:
        assert f"termlint/_rules/{pack}" in names


def test_installed_wheel_runs_from_an_unrelated_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "doc.txt").write_text("The child pornography trade.\n")
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import termlint, termlint.ruleset as r, sys;"
        "print(termlint.__file__); print(r.packaged_dir());"
        "from termlint.cli import main; main(['check', 'doc.txt'], prog_name='termlint')"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere, env=env
    )
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(str(target)), lines
    assert lines[1] == str(target / "termlint" / "_rules")
    assert lines[2].startswith("doc.txt:1:5: error [child-pornography]")
    assert proc.returncode == 1


def test_wheel_contains_the_page_termlint_serve_serves(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    static = sorted(p.name for p in (ROOT / "termlint" / "serve" / "static").iterdir())
    assert "index.html" in static
    for name in static:
        assert f"termlint/serve/static/{name}" in names
