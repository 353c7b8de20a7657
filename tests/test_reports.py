"""Report formats for CI and review: SARIF, GitHub, checkstyle, JUnit, and
--output, --quiet, --statistics."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import jsonschema
import pytest
from conftest import SHARED

DOC = "Child pornography and kiddie porn.\nSome child pornographers.\n"


@pytest.mark.skipif(
    not (SHARED / "schemas").is_dir(), reason="../shared/schemas is not beside the repo"
)
def test_sarif_is_valid_and_complete(run, write) -> None:
    write("doc.md", DOC)
    result = run("check", "--format", "sarif", "doc.md")
    log = json.loads(result.out)
    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    (run_,) = log["runs"]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert set(rules) == {"child-pornography", "child-porn-slang", "child-pornographer"}
    assert "Sources:" in rules["child-pornography"]["help"]["text"]
    first = run_["results"][0]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 18}
    assert (
        first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
        == "child sexual abuse material"
    )
    pornographer = next(r for r in run_["results"] if r["ruleId"] == "child-pornographer")
    assert "fixes" not in pornographer


def test_github_annotations(run, write) -> None:
    write("doc.md", DOC)
    lines = run("check", "--format", "github", "doc.md").out.splitlines()
    assert lines[0].startswith(
        "::error file=doc.md,line=1,col=1,endLine=1,endColumn=18,title=termlint child-pornography::Use"
    )
    assert lines[2].startswith("::warning file=doc.md,line=2,col=6,")


def test_checkstyle_and_junit(run, write) -> None:
    write("doc.md", DOC)
    write("clean.md", "Nothing.\n")
    root = ElementTree.fromstring(run("check", "--format", "checkstyle", "doc.md", "clean.md").out)
    files = {f.get("name"): f for f in root.iter("file")}
    assert set(files) == {"doc.md", "clean.md"}
    errors = list(files["doc.md"].iter("error"))
    assert [(e.get("line"), e.get("column"), e.get("severity")) for e in errors] == [
        ("1", "1", "error"),
        ("1", "23", "error"),
        ("2", "6", "warning"),
    ]
    junit = ElementTree.fromstring(run("check", "--format", "junit", "doc.md", "clean.md").out)
    cases = {c.get("name"): c for c in junit.iter("testcase")}
    assert len(list(cases["doc.md"].iter("failure"))) == 3 and not list(
        cases["clean.md"].iter("failure")
    )
    assert junit.get("failures") == "1"


def test_output_quiet_and_statistics(run, write, tmp_path) -> None:
    write("doc.md", DOC)
    result = run("check", "--format", "sarif", "--output", "report.sarif", "doc.md")
    assert result.out == "" and result.code == 1
    assert json.loads((tmp_path / "report.sarif").read_text())["version"] == "2.1.0"
    quiet = run("check", "--quiet", "doc.md")
    assert len(quiet.out.splitlines()) == 3 and "Found" not in quiet.out
    stats = run("check", "--statistics", "--quiet", "doc.md")
    assert stats.out.splitlines()[-3:] == [
        "     1  child-porn-slang",
        "     1  child-pornographer",
        "     1  child-pornography",
    ]


def test_json_is_exactly_the_indented_dump(run, write) -> None:
    # The JSON reporter streams one finding at a time with the C encoder; its
    # output must be byte for byte json.dumps(payload, indent=2).
    text = (
        'He said "child pornography" twice.\n'
        "Kiddie porn, \u00e9t\u00e9 \U0001f600 child prostitutes.\n"
        "This Child Pornography Prevention Act of 1996 case.\n"
    )
    path = write('quote"and\\slash.md', text)
    for extra in ((), ("--show-suppressed",)):
        result = run("check", "--format", "json", *extra, str(path))
        payload = json.loads(result.out)
        assert len(payload["findings"]) >= 3
        assert any(f["replacements"] for f in payload["findings"])
        assert result.out == json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    empty = run("check", "--format", "json", str(write("clean.md", "Nothing to see.\n")))
    assert empty.out == json.dumps({"version": 1, "findings": []}, indent=2) + "\n"


def test_gitlab_code_quality(run, write) -> None:
    path = write("doc.md", "Intro line.\n\nThey found child porn, then child porn again.\n")
    result = run("check", "--format", "gitlab", str(path))
    assert result.code == 1
    issues = json.loads(result.out)
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("child-porn-slang", "major"),
        ("child-porn-slang", "major"),
    ]
    first = issues[0]
    assert first["location"]["path"] == str(path)
    assert first["location"]["positions"]["begin"] == {"line": 3, "column": 12}
    assert first["location"]["positions"]["end"] == {"line": 3, "column": 22}
    assert "child sexual abuse material" in first["description"]
    assert len({i["fingerprint"] for i in issues}) == 2  # two occurrences, two issues
    # a fingerprint follows its finding when lines are added above it
    path.write_text("New first line.\n\n" + path.read_text())
    moved = json.loads(run("check", "--format", "gitlab", str(path)).out)
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in issues]
    assert moved[0]["location"]["lines"]["begin"] == 5
