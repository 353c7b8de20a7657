"""Malformed rule packs and configurations, each a fixture file in
tests/data/malformed, given to the installed CLI: exit code 2 and exactly one
line ``termlint: error: FILE:LINE:COLUMN: message`` on standard error, no
traceback, no hang."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

FIXTURES = ROOT / "tests" / "data" / "malformed"

# fixture -> (line, column, part of the message)
EXPECTED = {
    "alias-bomb.yaml": (1, 19, "alias bomb"),
    "bad-setting-value.yaml": (2, 10, "'fail-on' must be one of"),
    "bad-term-syntax.yaml": (5, 20, "invalid term 'child (porn': unclosed '('"),
    "binary.yaml": (1, 1, "file is not valid UTF-8"),
    "catastrophic-regex-list.yaml": (5, 17, "can take exponential time"),
    "catastrophic-regex-nested.yaml": (5, 17, "can take exponential time"),
    "catastrophic-regex-words.yaml": (5, 17, "matches the empty string"),
    "circular-extends-a.yaml": (1, 11, "circular 'extends'"),
    "circular-extends-b.yaml": (1, 11, "circular 'extends'"),
    "context-bad-window.yaml": (7, 34, "'window' must be a whole number from 0 to 100"),
    "duplicate-id.yaml": (7, 5, "duplicate rule id 'twice'"),
    "duplicate-key.yaml": (7, 5, "duplicate key 'severity'"),
    "empty.yaml": (1, 1, "empty configuration file"),
    "extends-missing-file.yaml": (1, 11, "pack file './no-such-pack.yaml' not found"),
    "extends-url.yaml": (1, 12, "only packaged packs and local files"),
    "invalid-regex.yaml": (5, 17, "invalid pattern '(unclosed'"),
    # shown as written: "position 15" (the end) counts the characters the author sees
    "invalid-regex-backslashes.yaml": (
        5,
        17,
        "invalid pattern '\\bchild(\\s+porn': missing ) at position 15",
    ),
    "merge-key.yaml": (3, 5, "merge keys"),
    "missing-id.yaml": (2, 5, "a rule needs an 'id'"),
    "missing-kind.yaml": (2, 5, "needs a 'kind'"),
    "missing-rationale.yaml": (2, 5, "missing required key 'rationale'"),
    "non-utf8.yaml": (2, 17, "file is not valid UTF-8"),
    "not-a-mapping.yaml": (1, 1, "must be a mapping"),
    "override-unknown-rule.yaml": (3, 3, "cannot override unknown rule 'child-porn'"),
    "python-object-tag.yaml": (1, 8, "unsupported YAML tag"),
    "recursive-alias.yaml": (1, 8, "nesting deeper than"),
    "rule-not-a-mapping.yaml": (2, 5, "a rule must be a mapping"),
    "rules-not-a-list.yaml": (1, 8, "'rules' must be a list"),
    "unknown-kind.yaml": (3, 11, "unknown kind 'replace'"),
    "unknown-top-key.yaml": (1, 1, "unknown configuration key 'rulez' (did you mean 'rules'?)"),
    "wrong-type-setting.yaml": (2, 9, "'ignore' must be a list of strings"),
    "wrong-type-severity.yaml": (4, 15, "'severity' must be a string, not a number"),
    "wrong-type-terms.yaml": (5, 12, "'terms' must be a list of strings, not a number"),
    "yaml-tab-indent.yaml": (2, 1, "YAML syntax error"),
    "yaml-unclosed-bracket.yaml": (2, 3, "YAML syntax error"),
    "yaml-unterminated-string.yaml": (4, 1, "YAML syntax error"),
}

_ERROR = re.compile(r"^termlint: error: (.+):(\d+):(\d+): (.+)\n$")


def test_every_fixture_has_an_expectation() -> None:
    on_disk = {p.name for p in FIXTURES.iterdir()}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 25


def _check_error(result, fixture: Path, line: int, col: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.code == 2, result.out + result.err
    assert result.out == ""
    assert "Traceback" not in result.err
    m = _ERROR.match(result.err)
    assert m, result.err
    assert Path(m.group(1)).name == fixture.name
    assert (int(m.group(2)), int(m.group(3))) == (line, col), result.err
    assert fragment in m.group(4)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_configuration(run, write, name: str) -> None:
    fixture = FIXTURES / name
    doc = write("doc.md", "They shared child porn.\n")
    result = run("check", "--config", str(fixture), str(doc))
    _check_error(result, fixture, *EXPECTED[name])


def test_malformed_pack_found_by_discovery(run, write, tmp_path: Path) -> None:
    # the same errors when the configuration is discovered, and for a pack it extends
    write(".termlint.yaml", "extends: [default, ./house.yaml]\n")
    house = write("house.yaml", (FIXTURES / "unknown-kind.yaml").read_text())
    result = run("check", str(write("doc.md", "text\n")), cwd=tmp_path)
    _check_error(result, house, 3, 11, "unknown kind 'replace'")


def test_huge_pack(run, write) -> None:
    rule = "  - id: r{}\n    kind: avoid\n    severity: info\n    terms: [w{}]\n    rationale: R.\n"
    body = "rules:\n" + "".join(rule.format(i, i) for i in range(70_000))
    assert len(body) > 5_000_000
    huge = write("huge.yaml", body)
    result = run("check", "--config", str(huge), str(write("doc.md", "text\n")))
    _check_error(result, huge, 1, 1, "file is larger than 5 MB")
