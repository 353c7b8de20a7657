"""End to end: real Neovim, headless, with its built-in LSP client attached to
``termlint lsp`` on a Markdown file. Skipped when ``nvim`` is not installed
(.ci/run installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, find_console_script

NVIM = shutil.which("nvim")


def neovim_diagnostics(doc: Path, tmp_path: Path) -> list[str]:
    """The diagnostics headless Neovim shows for ``doc``, one a line:
    ``lnum:col:severity:code:source:message`` (0-based, byte columns)."""
    out = tmp_path / "diagnostics.txt"
    env = {
        **os.environ,
        "TERMLINT_BIN": find_console_script(),
        "TERMLINT_DOC": str(doc),
        "TERMLINT_OUT": str(out),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    subprocess.run(
        [
            NVIM or "nvim",
            "--headless",
            "--clean",
            "-c",
            f"luafile {ROOT / 'tests' / 'nvim_lsp.lua'}",
        ],
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
        capture_output=True,
    )
    return out.read_text(encoding="utf-8").splitlines() if out.exists() else []


@pytest.mark.skipif(NVIM is None, reason="nvim is not installed (Debian package: neovim)")
def test_neovim_receives_diagnostics(tmp_path) -> None:
    doc = tmp_path / "draft.md"
    doc.write_text("# Draft\n\nPolice found 😀 child porn online.\n", encoding="utf-8")
    lines = neovim_diagnostics(doc, tmp_path)
    assert lines, "Neovim received no diagnostics"
    lnum, col, severity, code, source, message = lines[0].split(":", 5)
    # 0-based line 2; Neovim reports byte columns: "Police found 😀 " is 18 bytes
    assert (lnum, col, severity, code, source) == ("2", "18", "1", "child-porn-slang", "termlint")
    assert "child porn" in message
