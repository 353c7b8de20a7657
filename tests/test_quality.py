"""Code quality gates: ruff lint and format, run on the whole repository."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT


def ruff() -> list[str]:
    exe = shutil.which("ruff")
    if exe:
        return [exe]
    return [sys.executable, "-m", "ruff"]


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]])
def test_ruff(args: list[str]) -> None:
    proc = subprocess.run([*ruff(), *args], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
