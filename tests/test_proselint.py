"""proselint's checks through termlint (``extends: [proselint]`` or
``--with proselint``): the same results as proselint's own linter, with exact
positions, markup masking, suppressions, select/ignore, severities, fixes, no
``max_errors`` truncation, and no cost when the pack is not used."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT
from helpers import config_from
from lsprotocol import types
from pytest_lsp import LanguageClient
from test_lsp import client, wait_for_diagnostics

from termlint.engine.kinds.proselint import all_checks, pack_yaml
from termlint.formats import to_document

__all__ = ["client"]  # the LSP fixture, shared with test_lsp

SAMPLE = (
    "He was very unique. We will utilize this.  It is a high school student's fact to "
    "face meeting.\n"
    '"very unique" said she. The the cat. Irregardless of it, at 5 p.m. in the 1990\'s '
    "we should of gone.\n"
    "At the end of the day, it is what it is; needless to say, he literally exploded.\n"
    "Ms. Smith is a lady lawyer; the actress was a chairman. Centre, center.\n"
)


def proselint_own(text: str, max_errors: int = 10**9) -> list[tuple[int, int, str]]:
    """proselint's own results, spans moved back by its one-character padding."""
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    registry = CheckRegistry()
    if not registry.checks:  # its registry is global: fill it once per process
        registry.register_many(__register__)
    config = {"max_errors": max_errors, "checks": DEFAULT["checks"]}
    results = LintFile("<text>", text).lint(config)  # type: ignore[arg-type]
    return sorted(
        (r.check_result.span[0] - 1, r.check_result.span[1] - 1, r.check_result.check_path)
        for r in results
    )


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return config_from(tmp_path_factory.mktemp("cfg"), "extends: [proselint]\n").engine()


def ours(engine, text: str, fmt: str = "text") -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    findings = engine.check(to_document("t.txt", text, fmt), keep_suppressed=True)
    assert all(f.rule.startswith("proselint.") for f in findings)
    return sorted((f.offset, f.end_offset, f.rule.removeprefix("proselint.")) for f in findings)


def test_the_pack_is_current() -> None:
    assert (ROOT / "rules" / "proselint.yaml").read_text(encoding="utf-8") == pack_yaml()
    assert len(all_checks()) > 100


@pytest.mark.parametrize("name", ["sample", *sorted(p.name for p in CORPUS.glob("*.txt"))])
def test_same_results_as_proselint(engine, name: str) -> None:  # type: ignore[no-untyped-def]
    if name == "sample":
        text = SAMPLE
    else:  # without addresses, which termlint masks in every format and proselint checks
        text = re.sub(r"\S*(?:https?://|www\.)\S*", "", (CORPUS / name).read_text("utf-8"))
    expected = proselint_own(text)
    if name in ("sample", "001_91f895843cba1422.txt"):
        assert len(expected) >= 10, "the text must give proselint something to report"
    assert ours(engine, text) == expected
    for start, end, _ in expected:  # the corrected spans hold the reported text
        assert 0 <= start < end <= len(text)


def test_positions_are_exact(engine) -> None:  # type: ignore[no-untyped-def]
    text = "Zoë said:\r\n\U0001f600 The the cat.\r\n"
    (finding,) = engine.check(to_document("t.txt", text, "text"))
    assert finding.rule == "proselint.lexical_illusions"
    assert (finding.line, finding.column, finding.column_utf16) == (2, 3, 4)
    assert finding.text == "The the"
    own = proselint_own(text)
    assert own == [(text.index("The the"), text.index("The the") + 7, "lexical_illusions")]


def test_no_findings_lost_to_max_errors(engine) -> None:  # type: ignore[no-untyped-def]
    text = "We utilize it. " * 1500
    assert len(proselint_own(text, max_errors=1000)) == 1000  # proselint stops there
    assert len(ours(engine, text)) == 1500


def test_an_empty_document(engine, run, write) -> None:  # type: ignore[no-untyped-def]
    assert engine.check(to_document("t.md", "", "markdown")) == []
    result = run("check", "--with", "proselint", str(write("empty.md", "")))
    assert (result.code, result.err) == (0, "")


def test_markup_is_masked_and_suppressions_apply(run, write) -> None:
    doc = write(
        "doc.md",
        "# The the title\n\n"
        "```\nThe the code is not prose.\n```\n\n"
        "Inline `the the` code and a [link](https://example.org/the-the-the) here.\n\n"
        "<!-- termlint-disable-next-line proselint.lexical_illusions -->\n"
        "Silenced: the the cat.\n\n"
        "Reported: the the dog.\n",
    )
    result = run("check", "--with", "proselint", "--format", "json", str(doc))
    found = [(f["line"], f["column"], f["rule"]) for f in json.loads(result.out)["findings"]]
    assert found == [
        (1, 3, "proselint.lexical_illusions"),
        (12, 11, "proselint.lexical_illusions"),
    ]


def test_select_ignore_and_severity(run, write) -> None:
    doc = write("doc.txt", SAMPLE)
    everything = json.loads(run("check", "--with", "proselint", "--format", "json", str(doc)).out)
    rules = {f["rule"] for f in everything["findings"]}
    assert {"proselint.misc.greylist", "proselint.lexical_illusions"} <= rules
    # suggestion by default; inside a quotation, info (termlint's quotation rule)
    assert {
        (f["severity"], f.get("note"))
        for f in everything["findings"]
        if f["rule"].startswith("proselint.")
    } == {("suggestion", None), ("info", "quotation")}
    only_misc = run("check", "--with", "proselint", "--select", "proselint.misc", str(doc))
    assert "[proselint.misc." in only_misc.out
    assert "[proselint.lexical_illusions]" not in only_misc.out
    assert "[child" not in only_misc.out
    ignored = run("check", "--with", "proselint", "--ignore", "proselint.misc", str(doc))
    assert "[proselint.misc." not in ignored.out and "[proselint.lexical_illusions]" in ignored.out
    write(
        ".termlint.yaml",
        "extends: [default, proselint]\n"
        "severity: {proselint: warning, proselint.misc.greylist: info}\n",
    )
    graded = json.loads(run("check", "--format", "json", str(doc)).out)["findings"]
    levels = {f["rule"]: f["severity"] for f in graded}
    assert levels["proselint.misc.greylist"] == "info"
    assert levels["proselint.lexical_illusions"] == "warning"


def test_preferred_forms_are_fixed(run, write) -> None:
    doc = write("doc.md", "Irregardless, a high school student said it. The the end.\n")
    result = run("fix", "--with", "proselint", str(doc))
    assert "fixed [proselint.nonwords] 'Irregardless' -> 'Regardless'" in result.out
    text = doc.read_text(encoding="utf-8")
    assert text == "Regardless, a high-school student said it. The the end.\n"


def test_proselint_is_not_imported_unless_used(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from termlint import lint_text\n"
        "from termlint.config import load_config\n"
        "lint_text('The the cat utilizes it.', config=load_config())\n"
        "print('proselint' in sys.modules)\n"
        "lint_text('The the cat.', config=load_config(sys.argv[1]))\n"
        "print('proselint' in sys.modules)\n"
    )
    (tmp_path / "with.yaml").write_text("extends: [default, proselint]\n")
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "with.yaml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert out.split() == ["False", "True"]


async def test_a_long_running_server_lints_the_same_document_twice(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / ".termlint.yaml").write_text("extends: [default, proselint]\n")
    path = tmp_path / "doc.md"
    text = "The the cat. We utilize child porn.\n"
    path.write_text(text)
    uri = path.as_uri()
    expected = ["child-porn-slang", "proselint.lexical_illusions", "proselint.misc.greylist"]
    for round_ in range(3):
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="markdown", version=1, text=text
                )
            )
        )
        diags = await wait_for_diagnostics(
            client, uri, lambda d: sorted(x.code for x in d) == expected, timeout=20
        )
        assert len(diags) == len(expected), round_  # nothing reported twice
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        await wait_for_diagnostics(client, uri, lambda d: not d)
