"""Helpers for tests that build small rule packs on the fly."""

from __future__ import annotations

import textwrap
from pathlib import Path

from termlint.config import Config, load_config_file
from termlint.findings import Finding
from termlint.linter import lint_text


def config_from(tmp_path: Path, body: str, name: str = "termlint.yaml") -> Config:
    """A configuration made of ``body`` (YAML), without the default pack unless
    ``body`` extends it."""
    text = textwrap.dedent(body)
    if "extends:" not in text:
        text = "extends: []\n" + text
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_config_file(path)


def rule_pack(*rules: str) -> str:
    return "rules:\n" + "".join(textwrap.indent(textwrap.dedent(r), "  ") for r in rules)


def spans(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in findings]


def lint(config: Config, text: str, path: str = "t.txt") -> list[Finding]:
    return lint_text(text, path=path, config=config)
