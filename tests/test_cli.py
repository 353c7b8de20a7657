"""The installed ``termlint`` command, run as a subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest

from termlint import __version__

BAD = "We found child pornography and kiddie porn.\n"
LINE_RE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>\w+) \[(?P<rule>[\w.-]+)\] (?P<msg>.+)$"
)

WARN_ONLY = textwrap.dedent(
    """\
    extends: []
    rules:
      - id: w
        kind: avoid
        severity: warning
        terms: [warnword]
        rationale: R.
      - id: s
        kind: avoid
        severity: suggestion
        terms: [suggestword]
        rationale: R.
      - id: i
        kind: avoid
        severity: info
        terms: [infoword]
        rationale: R.
    """
)


def no_traceback(result) -> None:
    assert "Traceback" not in result.err and "Traceback" not in result.out


def test_version(run) -> None:
    result = run("--version")
    assert result.code == 0
    assert __version__ in result.out


def test_python_dash_m(tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "termlint", "check", "-", "--format", "json"],
        input=BAD.encode(),
        capture_output=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert len(json.loads(proc.stdout)["findings"]) == 2


def test_text_output(run, write) -> None:
    write("doc.md", "Intro.\n\n" + BAD)
    result = run("check", "doc.md")
    assert result.code == 1
    lines = result.out.splitlines()
    first = LINE_RE.match(lines[0])
    assert first, lines[0]
    assert first.groupdict() == {
        "path": "doc.md",
        "line": "3",
        "col": "10",
        "sev": "error",
        "rule": "child-pornography",
        "msg": "Use 'child sexual abuse material' instead of 'child pornography'. "
        "(suggestion: child sexual abuse material; child sexual abuse images; "
        "child sexual exploitation material)",
    }
    assert LINE_RE.match(lines[1]).group("rule") == "child-porn-slang"
    assert lines[-1] == "Found 2 findings (2 errors) in 1 of 1 file."
    assert "\x1b[" not in result.out


def test_color_only_when_asked_or_on_a_tty(run, write) -> None:
    write("doc.md", BAD)
    assert "\x1b[" in run("check", "--color", "always", "doc.md").out
    assert "\x1b[" not in run("check", "doc.md").out


def test_text_output_says_why_a_finding_is_info(run) -> None:
    result = run("check", "-", input='She said: "They called it child porn."\n')
    assert result.out.splitlines()[0].endswith("[info: quotation]")
    assert result.code == 0  # info is below the default threshold


def test_clean_file(run, write) -> None:
    write("ok.txt", "Child sexual abuse material (CSAM) is evidence of a crime.\n")
    result = run("check", "ok.txt")
    assert (result.code, result.out) == (0, "No findings in 1 file.\n")


def test_json_output_is_complete_sorted_and_deterministic(run, write) -> None:
    write("b.txt", "kiddie porn\n")
    write("a.txt", "x\nchild porn and child pornography\n")
    first = run("check", "--format", "json", ".")
    second = run("check", "--format", "json", ".")
    assert first.code == 1 and first.out == second.out
    data = json.loads(first.out)
    assert data["version"] == 1
    keys = {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "severity",
        "message",
        "replacements",
        "text",
        "fixable",
    }
    assert all(keys <= set(f) for f in data["findings"])
    got = [(f["path"], f["line"], f["column"], f["text"]) for f in data["findings"]]
    assert got == [
        ("./a.txt", 2, 1, "child porn"),
        ("./a.txt", 2, 16, "child pornography"),
        ("./b.txt", 1, 1, "kiddie porn"),
    ]
    assert data["findings"][0]["replacements"][0] == "child sexual abuse material"
    assert data["findings"][0]["fixable"] is True


def test_stdin(run) -> None:
    result = run("check", "-", "--format", "json", input=BAD)
    assert result.code == 1
    assert {f["path"] for f in json.loads(result.out)["findings"]} == {"<stdin>"}
    named = run("check", "-", "--stdin-filename", "chapter.md", input=BAD)
    assert named.out.startswith("chapter.md:1:10: error")


def test_empty_stdin(run) -> None:
    result = run("check", "-", input="")
    assert (result.code, result.out) == (0, "No findings in 1 file.\n")


def test_stdin_filename_drives_config_discovery(run, write, tmp_path) -> None:
    write("book/termlint.yaml", "ignore: [child-porn-slang]\n")
    result = run("check", "-", "--stdin-filename", "book/ch1.md", "--format", "json", input=BAD)
    assert [f["rule"] for f in json.loads(result.out)["findings"]] == ["child-pornography"]


def test_select_and_ignore_by_prefix(run) -> None:
    def rules(*args: str) -> list[str]:
        result = run("check", "-", "--format", "json", *args, input=BAD)
        return [f["rule"] for f in json.loads(result.out)["findings"]]

    assert rules() == ["child-pornography", "child-porn-slang"]
    assert rules("--select", "child-porn-") == ["child-porn-slang"]
    assert rules("--ignore", "child-porn-slang") == ["child-pornography"]
    assert rules("--ignore", "child-porn") == []
    assert rules("--select", "child-pornography,child-porn-slang", "--ignore", "child-porn-") == [
        "child-pornography"
    ]


def test_unknown_select_is_a_usage_error(run) -> None:
    result = run("check", "-", "--select", "child-pornografy", input=BAD)
    assert result.code == 2
    assert result.err.strip() == (
        "termlint: error: --select: unknown rule id 'child-pornografy' "
        "(did you mean 'child-pornography'?)"
    )


@pytest.mark.parametrize(
    ("text", "fail_on", "code"),
    [
        ("warnword", None, 1),
        ("suggestword", None, 0),
        ("suggestword", "suggestion", 1),
        ("infoword", "suggestion", 0),
        ("infoword", "info", 1),
        ("warnword", "error", 0),
        ("warnword", "never", 0),
        ("nothing", "info", 0),
    ],
)
def test_fail_on(run, write, text: str, fail_on: str | None, code: int) -> None:
    write("termlint.yaml", WARN_ONLY)
    write("doc.txt", text + "\n")
    args = ["check", "doc.txt"] + (["--fail-on", fail_on] if fail_on else [])
    assert run(*args).code == code


def test_fail_on_from_config(run, write) -> None:
    write("termlint.yaml", WARN_ONLY + "fail-on: suggestion\n")
    write("doc.txt", "suggestword\n")
    assert run("check", "doc.txt").code == 1
    assert run("check", "doc.txt", "--fail-on", "error").code == 0


def test_config_discovery_per_file(run, write) -> None:
    write("termlint.yaml", "ignore: [child-porn-slang]\n")
    write("sub/deeper/doc.md", BAD)
    write("other/.termlint.yaml", "select: [child-porn-slang]\n")
    write("other/doc.md", BAD)
    write(
        "proj/pyproject.toml",
        '[project]\nname = "x"\n\n[tool.termlint]\nfail-on = "never"\nignore = ["child-pornography"]\n',
    )
    write("proj/doc.md", BAD)
    result = run("check", "--format", "json", ".")
    got = sorted((f["path"], f["rule"]) for f in json.loads(result.out)["findings"])
    assert got == [
        ("./other/doc.md", "child-porn-slang"),
        ("./proj/doc.md", "child-porn-slang"),
        ("./sub/deeper/doc.md", "child-pornography"),
    ]


def test_explicit_config_overrides_discovery(run, write) -> None:
    write("termlint.yaml", "ignore: [child-porn-slang]\n")
    write("strict.yaml", "select: [child-porn-slang]\n")
    write("doc.md", BAD)
    result = run("check", "--config", "strict.yaml", "--format", "json", "doc.md")
    assert [f["rule"] for f in json.loads(result.out)["findings"]] == ["child-porn-slang"]


def test_config_severity_override(run, write) -> None:
    write("termlint.yaml", "severity:\n  child-porn-slang: info\n")
    result = run("check", "-", "--format", "json", input=BAD)
    sev = {f["rule"]: f["severity"] for f in json.loads(result.out)["findings"]}
    assert sev == {"child-pornography": "error", "child-porn-slang": "info"}


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            "ignroe: [x]\n",
            "termlint.yaml:1:1: unknown configuration key 'ignroe' (did you mean 'ignore'?)",
        ),
        (
            "ignore: [child-porn-slng]\n",
            "termlint.yaml:1:10: ignore: unknown rule id 'child-porn-slng' (did you mean 'child-porn-slang'?)",
        ),
        (
            "select:\n  - child-pornograpy\n",
            "termlint.yaml:2:5: select: unknown rule id 'child-pornograpy' (did you mean 'child-pornography'?)",
        ),
        (
            "severity:\n  child-porn: warning\n",
            "termlint.yaml:2:3: severity: unknown rule id 'child-porn' (did you mean 'child-porn-slang'?)",
        ),
        (
            "severity:\n  child-porn-slang: high\n",
            "termlint.yaml:2:21: severity of 'child-porn-slang' must be one of error, warning, suggestion, info, not 'high'",
        ),
        (
            "fail-on: warnings\n",
            "termlint.yaml:1:10: 'fail-on' must be one of error, warning, suggestion, info, never, not 'warnings' (did you mean 'warning'?)",
        ),
        ("extends: [./missing.yaml]\n", "termlint.yaml:1:11: pack file './missing.yaml' not found"),
        (
            "overrides:\n  child-porn-slang:\n    severity: loud\n",
            "termlint.yaml:3:15: unknown severity 'loud'; use one of error, warning, suggestion, info",
        ),
    ],
)
def test_config_errors_are_one_line_with_position(
    run, write, tmp_path, config: str, expected: str
) -> None:
    write("termlint.yaml", config)
    write("doc.md", BAD)
    result = run("check", "doc.md")
    assert result.code == 2
    no_traceback(result)
    (line,) = result.err.splitlines()
    assert line.startswith("termlint: error: ")
    assert line.endswith(expected), line
    assert str(tmp_path) in line


def test_pyproject_config_error_has_a_line(run, write) -> None:
    write("pyproject.toml", '[tool.termlint]\nfail-on = "warning"\nignor = ["x"]\n')
    write("doc.md", BAD)
    result = run("check", "doc.md")
    assert result.code == 2
    assert result.err.strip().endswith(
        "pyproject.toml:3:1: unknown configuration key 'ignor' (did you mean 'ignore'?)"
    )


def test_malformed_rule_pack_in_extends(run, write) -> None:
    write(
        "house.yaml",
        "rules:\n  - id: x\n    kind: avoid\n    severity: error\n    terms: ['(oops']\n    rationale: R.\n",
    )
    write("termlint.yaml", "extends: [default, ./house.yaml]\n")
    write("doc.md", BAD)
    result = run("check", "doc.md")
    assert result.code == 2
    no_traceback(result)
    assert re.fullmatch(
        r"termlint: error: .*house\.yaml:5:14: invalid term '\(oops': unclosed '\('\n", result.err
    )


def test_house_pack_extends_default_and_adds_a_rule(run, write) -> None:
    write(
        "house.yaml",
        "extends: [default]\nrules:\n  - id: house.victim\n    kind: avoid\n    severity: warning\n"
        "    terms: [sex scandal(s)]\n    rationale: House style.\n",
    )
    write("termlint.yaml", "extends: [./house.yaml]\n")
    result = run("check", "-", "--format", "json", input="A sex scandal about child porn.")
    assert [f["rule"] for f in json.loads(result.out)["findings"]] == [
        "house.victim",
        "child-porn-slang",
    ]


def test_directories_extensions_hidden_and_exclude(run, write) -> None:
    for name in (
        "a.md",
        "b.txt",
        "c.rst",
        "d.html",
        "e.tex",
        "f.wiki",
        "skip.py",
        ".hidden.md",
        ".git/x.md",
        "node_modules/y.md",
        "drafts/z.md",
        "notes/old/w.md",
    ):
        write(f"docs/{name}", BAD)
    result = run(
        "check", "--format", "json", "--exclude", "drafts", "--exclude", "docs/notes/*", "docs"
    )
    paths = sorted({f["path"] for f in json.loads(result.out)["findings"]})
    assert paths == [f"docs/{n}" for n in ("a.md", "b.txt", "c.rst", "d.html", "e.tex", "f.wiki")]


def test_config_exclude_is_relative_to_the_config(run, write) -> None:
    write("book/termlint.yaml", "exclude: ['archive/*']\n")
    write("book/archive/old.md", BAD)
    write("book/ch1.md", BAD)
    result = run("check", "--format", "json", "book/archive/old.md", "book")
    assert {f["path"] for f in json.loads(result.out)["findings"]} == {"book/ch1.md"}


def test_binary_files(run, write) -> None:
    write("dir/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write("dir/ok.md", "fine\n")
    walked = run("check", "dir")
    assert (walked.code, walked.err) == (0, "")
    explicit = run("check", "dir/image.txt")
    assert explicit.code == 2
    assert explicit.err == "termlint: error: dir/image.txt: binary file, not text\n"


def test_undecodable_and_utf16_files(run, write) -> None:
    # invalid UTF-8 is checked (U+FFFD in place of the bad byte), reported with
    # its position, counted as an error (exit code 2), and never fixed
    latin1 = write("latin1.txt", "x\ncaf\xe9 child porn\xff\n".encode("latin-1"))
    result = run("check", "latin1.txt")
    assert result.code == 2
    assert result.err == (
        "termlint: error: latin1.txt:2:4: not valid UTF-8 (byte 0xe9); checked with U+FFFD "
        "in place of 2 undecodable sequences, and never fixed\n"
    )
    assert result.out.startswith("latin1.txt:2:6: error [child-porn-slang]")
    fixed = run("fix", "latin1.txt")
    assert fixed.code == 2
    assert "latin1.txt: not fixed: the file is not valid UTF-8" in fixed.err
    assert latin1.read_bytes() == "x\ncaf\xe9 child porn\xff\n".encode("latin-1")
    write("utf16.txt", "\ufeffcafé child porn\n".encode("utf-16-le"))
    (finding,) = json.loads(run("check", "--format", "json", "utf16.txt").out)["findings"]
    assert (finding["column"], finding["text"]) == (6, "child porn")


def test_missing_path(run, write) -> None:
    write("doc.md", BAD)
    result = run("check", "doc.md", "nope.md")
    assert result.code == 2
    assert result.err == "termlint: error: nope.md: no such file or directory\n"
    assert "doc.md:1:10" in result.out  # the other file is still checked


def test_rules_and_explain(run) -> None:
    listing = run("rules")
    assert listing.code == 0
    first = listing.out.splitlines()[0].split()
    assert first[:2] == ["child-pornography", "error"]
    explained = run("explain", "child-pornography")
    assert explained.code == 0
    assert "Preferred: child sexual abuse material" in explained.out
    assert "INTERPOL-AT: INTERPOL, Appropriate terminology" in explained.out
    assert "Evidence: [V], [S]" in explained.out
    assert "bad:  Police seized child pornography" in explained.out
    unknown = run("explain", "child-porn")
    assert unknown.code == 2
    assert (
        unknown.err
        == "termlint: error: unknown rule id 'child-porn' (did you mean 'child-porn-slang'?)\n"
    )


def test_rules_json(run) -> None:
    data = json.loads(run("rules", "--format", "json").out)
    assert {"id": "child-porn-slang", "kind": "substitute", "severity": "error"}.items() <= data[
        1
    ].items()


def test_show_suppressed(run) -> None:
    text = "The Child Pornography Prevention Act of 1996 and child porn.\n"
    plain = run("check", "-", input=text)
    assert "Prevention" not in plain.out
    shown = run("check", "-", "--show-suppressed", input=text)
    assert (
        "[suppressed by statute: Child Pornography Prevention Act( of 1996| \\(1996\\)|)]"
        in shown.out
    )
    assert shown.code == 1
    assert shown.out.splitlines()[-1] == "Found 1 finding (1 error) in 1 of 1 file. 1 suppressed."
    data = json.loads(run("check", "-", "--show-suppressed", "--format", "json", input=text).out)
    assert [f.get("suppressed_by") for f in data["findings"]] == [
        "statute: Child Pornography Prevention Act( of 1996| \\(1996\\)|)",
        None,
    ]
    only_protected = run(
        "check", "-", "--show-suppressed", input="The Child Pornography Prevention Act.\n"
    )
    assert only_protected.code == 0  # suppressed findings never fail a run
    assert only_protected.out.splitlines()[-1] == "No findings in 1 file. 1 suppressed."


def test_usage_error_exit_code(run) -> None:
    result = run("check", "--format", "yaml")
    assert result.code == 2


def test_format_lsp(run, write) -> None:
    write("a.md", "Intro.\n😀 child porn\n")
    write("b.md", "Clean.\n")
    result = run("check", "--format", "lsp", "a.md", "b.md")
    first, second = (json.loads(line) for line in result.out.splitlines())
    assert first["uri"].endswith("/a.md") and first["uri"].startswith("file://")
    (diag,) = first["diagnostics"]
    assert diag["range"] == {
        "start": {"line": 1, "character": 3},
        "end": {"line": 1, "character": 13},
    }
    assert (diag["severity"], diag["code"], diag["source"]) == (1, "child-porn-slang", "termlint")
    assert second["uri"].endswith("/b.md") and second["diagnostics"] == []


def test_turning_off_an_inherited_exemption_detector(run, write) -> None:
    sentence = "A diagnosis of paedophilic disorder requires clinical assessment of pedophiles.\n"
    write("t.txt", sentence)
    before = run("check", "--format", "json", "t.txt")
    assert before.code == 0, before.err
    assert "paedophile-misuse" not in before.out  # clinical use: exempt by default
    write("termlint.yaml", "extends: [default]\nexemptions:\n  clinical: flag\n")
    after = run("check", "--format", "json", "t.txt")
    assert after.code == 1, after.err
    assert "paedophile-misuse" in after.out


def test_a_configuration_may_disable_a_rule_an_exemption_names(run, write) -> None:
    # the default pack's clinical detector names paedophile-misuse
    write("termlint.yaml", "extends: [default]\ndisable: [paedophile-misuse]\n")
    write("t.txt", "The paedophile was jailed for child porn.\n")
    result = run("check", "--format", "json", "t.txt")
    assert result.code == 1, result.err
    assert "child-porn-slang" in result.out and "paedophile-misuse" not in result.out
