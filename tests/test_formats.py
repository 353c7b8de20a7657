"""Format readers: what is checked, what is skipped, exact positions."""

from __future__ import annotations

import json
import textwrap

import pytest
from conftest import CORPUS

from termlint.config import default_config
from termlint.formats import format_for, to_document
from termlint.linter import lint_text


@pytest.fixture(scope="module")
def config():
    return default_config()


def found(config, text: str, fmt: str) -> list[tuple[int, int, str, str]]:
    doc = to_document("doc", text, fmt)
    return [
        (f.line, f.column, f.rule, f.text)
        for f in config.engine().check(doc)
        if f.note is None and not f.rule.startswith(("spelling", "acronym"))
    ]


WIKI = textwrap.dedent(
    """\
    '''Kiddie porn''' is a term.<ref>{{cite web |title=Child porn rises |url=http://x.org/child-porn}}</ref>
    See [[Simulated child pornography]] and [[Child pornography laws|the child pornography laws]].
    {{Main|Child prostitution}}
    The [[paedophile]] was jailed. [[Category:Child pornography| ]]
    <!-- child porn in a comment -->
    {{quote|He called it child porn.}}
    == Child porn online ==
    {{cite book |title=Child Pornography: An Overview |publisher=X}} child porn again.
    """
)


def test_wikitext_checks_prose_and_skips_markup(config) -> None:
    assert found(config, WIKI, "wikitext") == [
        (1, 4, "child-porn-slang", "Kiddie porn"),
        (2, 70, "child-pornography", "child pornography"),
        (7, 4, "child-porn-slang", "Child porn"),
        (8, 66, "child-porn-slang", "child porn"),
    ]


def test_wikitext_structure_feeds_exemptions(config) -> None:
    doc = to_document("doc", WIKI, "wikitext")
    by_reason = {
        (f.line, f.suppressed_by or f.note)
        for f in config.engine().check(doc, keep_suppressed=True)
    }
    assert (2, "link target") in by_reason  # [[Simulated child pornography]]
    assert (4, "link target") in by_reason  # [[paedophile]]
    assert (6, "quotation") in by_reason  # {{quote|...}}
    assert (8, "title of a work") in by_reason  # {{cite book |title=...}}


def test_wikitext_extensions_and_override() -> None:
    assert format_for("a.wiki") == format_for("b.mediawiki") == "wikitext"
    assert format_for("c.txt") == "text"
    assert format_for("c.txt", "wikitext") == "wikitext"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")
def test_corpus_001_as_wikitext(run) -> None:
    path = CORPUS / "001_91f895843cba1422.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    result = run(
        "check", "--input-format", "wikitext", "--format", "json", "--fail-on", "never", str(path)
    )
    findings = json.loads(result.out)["findings"]
    flagged = [f for f in findings if f["severity"] != "info"]
    assert len(flagged) > 100  # the prose around the markup is still checked
    for f in flagged:
        line = lines[f["line"] - 1]
        before = line[: f["column"] - 1]
        # never inside a link target or a citation title
        assert not before.endswith("[[Simulated "), line
        assert not before.rstrip().endswith(("title=", "title =")), line
        assert before.count("[[") - before.count("]]") == 0 or "|" in before[before.rfind("[[") :]
    simulated = [
        i for i, ln in enumerate(lines, 1) if "[[simulated child pornography]]" in ln.lower()
    ]
    assert simulated
    assert not any(f["line"] in simulated and "imulated" in f["text"] for f in flagged)


def test_stdin_with_input_format(run) -> None:
    result = run(
        "check",
        "-",
        "--input-format",
        "wikitext",
        "--format",
        "json",
        input="[[Child porn]] and child porn.",
    )
    assert [f["column"] for f in json.loads(result.out)["findings"]] == [20]
    bad = run("check", "-", "--input-format", "wikitxt", input="x")
    assert bad.code == 2 and "did you mean 'wikitext'" in bad.err


def test_plain_text_through_the_api(config) -> None:
    assert [f.text for f in lint_text("a child porn site", config=config)] == ["child porn"]
