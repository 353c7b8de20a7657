"""Shared fixtures. CLI tests run the *installed* ``termlint`` console script
in a subprocess, exactly as users and pre-commit do."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests (hypothesis): CI draws the same examples every run (a failure
# there is never a matter of luck); HYPOTHESIS_PROFILE=long draws new ones,
# many more, each time.
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def find_console_script() -> str:
    """The installed ``termlint`` script of the interpreter running the tests."""
    names = ["termlint.exe", "termlint"] if os.name == "nt" else ["termlint"]
    dirs = [Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))]
    with contextlib.suppress(KeyError):
        dirs.append(Path(sysconfig.get_path("scripts", f"{os.name}_user")))
    for directory in dirs:
        for name in names:
            if (directory / name).is_file():
                return str(directory / name)
    found = shutil.which("termlint")
    if found:
        return found
    raise RuntimeError("the termlint console script is not installed; run: pip install '.[test]'")


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(scope="session")
def termlint_bin() -> str:
    return find_console_script()


@pytest.fixture
def run(termlint_bin: str, tmp_path: Path):
    """Run the installed CLI: ``run("check", "file.md", input="...", cwd=...)``."""

    def _run(
        *args: str,
        input: str | bytes | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> Result:
        full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
        full_env.pop("TERMLINT_DEBUG", None)
        data = input.encode("utf-8") if isinstance(input, str) else input
        proc = subprocess.run(
            [termlint_bin, *args],
            input=data if data is not None else b"",
            capture_output=True,
            cwd=cwd or tmp_path,
            env=full_env,
            timeout=120,
        )
        return Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))

    return _run


@pytest.fixture
def write(tmp_path: Path):
    """Write a file below tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    return _write
