"""The real ``pre-commit`` tool (from PyPI) runs this repository's hooks with
``pre-commit try-repo`` in a throwaway git repository: the check hook fails on
a bad file and passes a clean one, and the fix hook rewrites the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BAD = "Reports of child pornography rose.\n"
FIXED = "Reports of child sexual abuse material rose.\n"
CLEAN = "Reports of child sexual abuse material rose.\n"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if not (ROOT / ".git").exists():
        pytest.fail("the pre-commit tests need a git checkout of termlint")
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "termlint tests",
        "GIT_AUTHOR_EMAIL": "tests@termlint.invalid",
        "GIT_COMMITTER_NAME": "termlint tests",
        "GIT_COMMITTER_EMAIL": "tests@termlint.invalid",
        "PRE_COMMIT_COLOR": "never",
    }


def try_repo(
    work: Path, env: dict[str, str], hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "init", "-q", str(work)], check=True, env=env)
    subprocess.run(["git", "add", *files], cwd=work, check=True, env=env)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--files", *files],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_check_hook_fails_on_a_bad_file(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "bad.md").write_text(BAD)
    result = try_repo(tmp_path, env, "termlint", "bad.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "bad.md:1:12" in result.stdout and "child-pornography" in result.stdout
    assert (tmp_path / "bad.md").read_text() == BAD


def test_check_hook_passes_a_clean_file(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "clean.rst").write_text(CLEAN)
    result = try_repo(tmp_path, env, "termlint", "clean.rst")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_fix_hook_rewrites_the_file(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "bad.txt").write_text(BAD)
    (tmp_path / "script.py").write_text("# child pornography\n")
    result = try_repo(tmp_path, env, "termlint-fix", "bad.txt", "script.py")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "files were modified by this hook" in result.stdout
    assert (tmp_path / "bad.txt").read_text() == FIXED
    # Not a prose format: the hook's file filter leaves it alone.
    assert (tmp_path / "script.py").read_text() == "# child pornography\n"
