"""The CI recipes work: the composite action's termlint step runs as written
(with bash and the installed CLI), and every YAML snippet in docs/ci.md
parses."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def action_step(name: str) -> dict:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize(
    ("text", "fail_on", "code"),
    [
        ("Child pornography online.\n", "warning", "1"),
        ("Child pornography online.\n", "never", "0"),
        ("Child sexual abuse material online.\n", "warning", "0"),
    ],
)
def test_action_run_step(
    tmp_path: Path, termlint_bin: str, text: str, fail_on: str, code: str
) -> None:
    step = action_step("Run termlint")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(text)
    outputs = tmp_path / "github_output"
    env = {
        **os.environ,
        "PATH": f"{Path(termlint_bin).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(outputs),
        "TERMLINT_PATHS": "docs",
        "TERMLINT_FAIL_ON": fail_on,
        "TERMLINT_CONFIG": "",
        "TERMLINT_SARIF": "out.sarif",
    }
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert outputs.read_text() == f"exit-code={code}\n"
    results = json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"]
    if "pornography" in text:
        assert proc.stdout.startswith("::error file=docs/a.md,line=1,col=1,")
        assert [r["ruleId"] for r in results] == ["child-pornography"]
    else:
        assert proc.stdout == "" and results == []


def test_ci_doc_snippets_parse() -> None:
    doc = (ROOT / "docs" / "ci.md").read_text()
    snippets = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    assert len(snippets) >= 5
    for snippet in snippets:
        assert isinstance(yaml.safe_load(snippet), dict)
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks == {"termlint", "termlint-fix"}
    for hook in hooks:
        assert f"id: {hook}" in doc
