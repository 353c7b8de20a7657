"""The packaged default pack: its examples, and its output on the real corpus."""

from __future__ import annotations

import json
import textwrap

import pytest
from conftest import CORPUS

from termlint.ruleset import load_pack
from termlint.selftest import run_examples


def test_every_example_behaves_as_declared() -> None:
    ruleset = load_pack("default")
    count, failures = run_examples(ruleset)
    assert count >= 4 * len(ruleset.rules)
    assert failures == []


def test_test_rules_command_on_the_default_pack(run) -> None:
    result = run("test-rules")
    assert result.code == 0, result.out
    assert result.out.strip().endswith(" passed, 0 failed")


def test_test_rules_reports_a_failing_example(run, write) -> None:
    pack = write(
        "house.yaml",
        textwrap.dedent(
            """\
            rules:
              - id: house.scandal
                kind: avoid
                severity: warning
                terms: [sex scandal]
                rationale: R.
                examples:
                  bad: [a sex scandal, a sexual scandal]
                  good: [the abuse, the sex scandals, a sex scandal broke]
            """
        ),
    )
    result = run("test-rules", str(pack))
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[-1] == "3 passed, 2 failed"
    assert any("[house.scandal] bad example 'a sexual scandal': not flagged" in ln for ln in lines)
    assert any(
        "[house.scandal] good example 'a sex scandal broke': flagged 'sex scandal'" in ln
        for ln in lines
    )
    assert all(ln.startswith(str(pack)) for ln in lines[:-1])


needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo"
)


@needs_corpus
def test_corpus_output_is_meaningful(run) -> None:
    result = run("check", "--format", "json", str(CORPUS))
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    by_file: dict[str, list[dict]] = {}
    for f in findings:
        by_file.setdefault(f["path"].rsplit("/", 1)[-1][:3], []).append(f)
    # 000 opens with the heading "Child pornography".
    first = by_file["000"][0]
    assert (first["line"], first["column"], first["rule"]) == (1, 1, "child-pornography")
    # Every Wikipedia version uses the old term dozens of times; the news item
    # has only hints (info: wording outside the guide's consensus categories,
    # and a quotation) and its two "paedophiles" in news prose.
    for key in ("000", "001", "002"):
        assert sum(f["rule"] == "child-pornography" for f in by_file[key]) > 50
    assert {(f["rule"], f["severity"]) for f in by_file["004"]} == {
        ("child-abuse-images-precision", "info"),
        ("child-sex-abuse", "info"),
        ("paedophile-misuse", "warning"),
    }
    # Statute and treaty names are never reported.
    texts = [(f["path"], f["line"], f["column"], f["rule"]) for f in findings]
    assert len(texts) == len(set(texts))
    for path in sorted(CORPUS.iterdir()):
        lines = path.read_text(encoding="utf-8").splitlines()
        for f in findings:
            if f["path"].endswith(path.name):
                line = lines[f["line"] - 1]
                after = line[f["column"] - 1 :]
                assert not after.lower().startswith("child pornography prevention act"), line
                assert "Coalition Against " + f["text"] not in line


@needs_corpus
def test_statute_names_in_the_corpus_are_suppressed(run) -> None:
    result = run(
        "check", "--format", "json", "--show-suppressed", str(CORPUS / "002_4d5afe07fd4f35db.txt")
    )
    assert result.code == 1
    plain = run("check", "--format", "json", str(CORPUS / "002_4d5afe07fd4f35db.txt"))
    assert len(json.loads(plain.out)["findings"]) < len(json.loads(result.out)["findings"])


@pytest.mark.parametrize(
    "name",
    [
        "Child Pornography Prevention Act",
        "the Child Pornography Prevention Act (1996)",
        "Optional Protocol on the Sale of Children, Child Prostitution and Child Pornography",
        "Optional Protocol to the Convention on the Rights of the Child on the Sale of Children, "
        "Child Prostitution and Child Pornography",
        "Special Rapporteur on the sale of children, child prostitution and child pornography",
        "UN Special Rapporteur on the sale of children, child prostitution and child pornography",
        "Directive 2011/93/EU on combating the sexual abuse and sexual exploitation of children "
        "and child pornography",
        "Council Framework Decision 2004/68/JHA on combating the sexual exploitation of "
        "children and child pornography",
        "Meldpunt Kinderporno",
    ],
)
def test_protected_names_in_their_usual_forms(name: str) -> None:
    from termlint.config import default_config
    from termlint.linter import lint_text

    assert lint_text(f"{name} said so.", config=default_config()) == []


def test_rule_catalogue_is_up_to_date(run, tmp_path) -> None:
    from conftest import ROOT

    # the default pack and the language packs
    packs = "fr,de,es,nl,pt,it"
    result = run("rules", "--format", "markdown", "--with", packs, cwd=tmp_path)
    assert result.code == 0
    committed = (ROOT / "docs" / "rules-catalogue.md").read_text(encoding="utf-8")
    assert result.out == committed, (
        f"regenerate: termlint rules --format markdown --with {packs} > docs/rules-catalogue.md"
    )
    for rule_id in load_pack("default").rules:
        assert f"## {rule_id}\n" in committed


def test_every_reference_row_is_a_rule_or_documented() -> None:
    """Rows of section A (error, warning, suggestion) are rules; info and
    no-flag rows are documented as deliberately not flagged."""
    import re

    from conftest import SHARED

    reference = SHARED / "terminology.md"
    if not reference.is_file():
        pytest.skip("../shared/terminology.md is not beside the repo")
    section_a = reference.read_text(encoding="utf-8").split("## A.", 1)[1].split("\n## B.", 1)[0]
    rows = re.findall(r"^\| ([a-z][a-z0-9-]+) \| .*? \| .*? \| ([a-z (]+)", section_a, re.MULTILINE)
    ruleset = load_pack("default")
    assert len(rows) > 25
    rows = [r for r in rows if r[0] != "id"]
    for row_id, severity in rows:
        if severity.startswith(("error", "warning")) or severity.strip() == "suggestion":
            assert row_id in ruleset.rules, row_id
        elif row_id not in ruleset.rules:
            assert row_id in ruleset.not_flagged, row_id
