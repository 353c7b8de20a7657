"""The Python API: ``termlint.lint_text`` and ``termlint.load_config``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import termlint
from termlint.errors import ConfigError


def test_lint_text_with_default_config(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    findings = termlint.lint_text("Kiddie porn and Child pornography.", path="x.md")
    assert [(f.rule, f.line, f.column, f.text) for f in findings] == [
        ("child-porn-slang", 1, 1, "Kiddie porn"),
        ("child-pornography", 1, 17, "Child pornography"),
    ]
    f = findings[0]
    assert isinstance(f, termlint.Finding)
    assert f.path == "x.md" and f.severity == "error" and f.fixable
    assert f.replacements[0] == "child sexual abuse material"


def test_findings_are_values(tmp_path: Path, monkeypatch) -> None:
    import dataclasses
    import pickle

    monkeypatch.chdir(tmp_path)
    first = termlint.lint_text("Kiddie porn and child porn.", path="x.md")
    again = termlint.lint_text("Kiddie porn and child porn.", path="x.md")
    assert first == again and len({*first, *again}) == len(first) == 2  # hashed by value
    moved = dataclasses.replace(first[0], line=2)
    assert moved != first[0] and hash(moved) != hash(first[0])
    assert pickle.loads(pickle.dumps(first)) == first  # as ``--jobs`` sends them
    # Finding.moved names every field by position: it must agree with replace(),
    # here on a finding whose fields all differ
    f = dataclasses.replace(
        first[1],
        **{field.name: i * 100 for i, field in enumerate(dataclasses.fields(termlint.Finding))},
    )
    shifted = {"offset": 707, "end_offset": 807, "line": 102, "end_line": 302}
    assert f.moved(7, 2) == dataclasses.replace(f, **shifted)


def test_load_config_by_path_and_by_discovery(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "termlint.yaml").write_text("ignore: [child-porn-slang]\n")
    by_path = termlint.load_config(tmp_path / "termlint.yaml")
    discovered = termlint.load_config(start=tmp_path / "sub")
    for config in (by_path, discovered):
        rules = [
            f.rule for f in termlint.lint_text("kiddie porn, child pornography", config=config)
        ]
        assert rules == ["child-pornography"]
    # a path to a config file works as the config argument too
    assert termlint.lint_text("kiddie porn", config=tmp_path / "termlint.yaml") == []


def test_load_config_without_any_file_uses_the_default_pack(tmp_path: Path) -> None:
    config = termlint.load_config(start=tmp_path)
    assert config.path is None
    assert "child-pornography" in config.ruleset.rules


def test_load_config_missing_file() -> None:
    with pytest.raises(ConfigError, match="not found"):
        termlint.load_config("/nonexistent/termlint.yaml")


def test_lazy_import_keeps_startup_light() -> None:
    import subprocess
    import sys

    code = "import sys, termlint; print('regex' in sys.modules, 'yaml' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ
    )
    assert out.stdout.split() == ["False", "False"]
