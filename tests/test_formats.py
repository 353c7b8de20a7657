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
    '''Kiddie porn''' is a crime.<ref>{{cite web |title=Child porn rises |url=http://x.org/child-porn}}</ref>
    See [[Simulated child pornography]] and [[Child pornography laws|the child pornography trade]].
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


MARKDOWN = (
    "---\n"
    "title: child porn in front matter\n"
    "---\n"
    "# Child porn online\n"
    "\n"
    'Text with `child porn` in code and [child porn](https://x.org/child-porn "child porn").\n'
    "\n"
    "```\n"
    "child porn in a fence\n"
    "```\n"
    "\n"
    "    child porn indented code\n"
    "\n"
    '![child porn alt](img/child-porn.png) and **child** porn, <span class="child porn">x</span>\n'
    "<!-- child porn in a comment -->\n"
    "> They said child porn.\n"
    "> Child porn, again.\n"
    "\n"
    "| a | child porn |\n"
    "|---|---|\n"
    '[ref]: https://example.org/child-porn "child porn"\n'
    "See <https://x.org/child-porn> or [the report][ref].\n"
)


def test_markdown_checks_prose_and_skips_markup(config) -> None:
    assert found(config, MARKDOWN, "markdown") == [
        (2, 8, "child-porn-slang", "child porn"),  # the front matter's title: the headline
        (4, 3, "child-porn-slang", "Child porn"),  # the heading: the author's own words
        (6, 37, "child-porn-slang", "child porn"),
        (14, 3, "child-porn-slang", "child porn"),
        (14, 45, "child-porn-slang", "child** porn"),
        (19, 7, "child-porn-slang", "child porn"),
    ]


def test_markdown_block_quotes_are_quotations(config) -> None:
    doc = to_document("doc.md", MARKDOWN, "markdown")
    notes = {(f.line, f.note) for f in config.engine().check(doc) if f.note}
    # quotes are info; the heading is the author's own wording, fully reported
    assert notes == {(16, "quotation"), (17, "quotation")}


HTML = (
    "<html><head><title>Child porn report</title><style>p{content:'child porn'}</style></head>\n"
    '<body><p class="child porn">A child&nbsp;porn site and child porn.</p>\n'
    '<img src="child-porn.png" alt="child porn">\n'
    "<!-- child porn -->\n"
    "<pre>child porn</pre><code>child porn</code>\n"
    "<blockquote>child porn</blockquote> <cite>Child Porn Report</cite>\n"
    '<a href="https://x.org/child-porn">child porn link</a>\n'
    "</body></html>\n"
)


def test_html_checks_prose_and_skips_markup(config) -> None:
    assert found(config, HTML, "html") == [
        (1, 20, "child-porn-slang", "Child porn"),  # <title>: the author's own words
        (2, 31, "child-porn-slang", "child&nbsp;porn"),  # an entity between the words
        (2, 56, "child-porn-slang", "child porn"),
        (3, 32, "child-porn-slang", "child porn"),  # alt text is prose
        (7, 36, "child-porn-slang", "child porn"),
    ]
    doc = to_document("doc.html", HTML, "html")
    reasons = {
        (f.line, f.note or f.suppressed_by)
        for f in config.engine().check(doc, keep_suppressed=True)
    }
    assert (6, "quotation") in reasons
    assert any(
        line == 6 and why and why.startswith(("title", "proper name")) for line, why in reasons
    )


def test_formats_by_extension_and_no_import_at_startup() -> None:
    import subprocess
    import sys

    assert format_for("a.md") == format_for("b.markdown") == "markdown"
    assert format_for("c.html") == format_for("d.htm") == "html"
    code = "import sys, termlint.cli; print(any('formats.' in m for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"  # readers are imported only when used


LATEX = (
    "\\documentclass{article} % child porn in a comment\n"
    "\\section{Child porn online}\n"
    "Text about child porn and \\emph{kiddie porn} \\cite{childporn2020}.\n"
    "Math $child porn$ and \\url{http://x.org/child-porn} and \\href{http://x}{child porn}.\n"
    "\\begin{verbatim}\nchild porn\n\\end{verbatim}\n"
    "\\begin{quote}\nThey said child porn.\n\\end{quote}\n"
    "\\label{sec:child-porn} 50\\% of child porn.\n"
)


def test_latex_checks_prose_and_skips_markup(config) -> None:
    assert found(config, LATEX, "latex") == [
        (2, 10, "child-porn-slang", "Child porn"),  # the title
        (3, 12, "child-porn-slang", "child porn"),
        (3, 33, "child-porn-slang", "kiddie porn"),
        (4, 73, "child-porn-slang", "child porn"),
        (11, 32, "child-porn-slang", "child porn"),
    ]
    doc = to_document("doc.tex", LATEX, "latex")
    notes = {(f.line, f.note) for f in config.engine().check(doc) if f.note}
    assert notes == {(9, "quotation")}


RST = (
    "Child porn online\n"
    "=================\n"
    "\n"
    "Text about child porn and ``child porn`` literal and :emphasis:`kiddie porn`.\n"
    "\n"
    ".. code-block:: text\n"
    "\n"
    "   child porn in code\n"
    "\n"
    ".. a comment about child porn\n"
    "\n"
    ".. _child-porn-target: https://x.org/child-porn\n"
    "\n"
    "See `the child porn report <https://x.org/child-porn>`_ here::\n"
    "\n"
    "    child porn literal block\n"
    "\n"
    "Back to child porn.\n"
)


def test_rst_checks_prose_and_skips_markup(config) -> None:
    assert found(config, RST, "rst") == [
        (1, 1, "child-porn-slang", "Child porn"),  # the title
        (4, 12, "child-porn-slang", "child porn"),
        (4, 65, "child-porn-slang", "kiddie porn"),
        (14, 10, "child-porn-slang", "child porn"),
        (18, 9, "child-porn-slang", "child porn"),
    ]


def make_docx(path, body: list[tuple[str, str]], header: str = "", footnote: str = "") -> None:
    """A minimal Word package: (style, text) paragraphs, a header, a footnote."""
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def para(style: str, text: str) -> str:
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        runs = "".join(
            f'<w:r><w:t xml:space="preserve">{chunk}</w:t></w:r>' for chunk in text.split("|")
        )
        return f"<w:p>{props}{runs}</w:p>"

    body_xml = "".join(para(s, t) for s, t in body)
    table = f"<w:tbl><w:tr><w:tc>{para('', 'cell with child porn')}</w:tc></w:tr></w:tbl>"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml", f"<w:document {w}><w:body>{body_xml}{table}</w:body></w:document>"
        )
        z.writestr("word/header1.xml", f"<w:hdr {w}>{para('', header)}</w:hdr>")
        z.writestr(
            "word/footnotes.xml",
            f"<w:footnotes {w}><w:footnote>{para('', footnote)}</w:footnote></w:footnotes>",
        )


def test_docx_positions_are_paragraph_and_column(run, tmp_path) -> None:
    make_docx(
        tmp_path / "report.docx",
        [
            ("Title", "A report"),
            ("", "Police found child| porn online."),
            ("Quote", "He said kiddie porn."),
        ],
        header="Kiddie porn header",
        footnote="See child porn note.",
    )
    result = run("check", "--format", "json", "report.docx")
    got = [
        (f["line"], f["column"], f["text"], f["severity"])
        for f in json.loads(result.out)["findings"]
    ]
    assert got == [
        (2, 14, "child porn", "error"),  # split across two runs
        (3, 9, "kiddie porn", "info"),  # Quote style: a quotation
        (4, 11, "child porn", "error"),  # table cell
        (5, 1, "Kiddie porn", "error"),  # header
        (6, 5, "child porn", "error"),  # footnote
    ]


def test_docx_errors_are_one_line(run, write) -> None:
    write("broken.docx", b"PK\x03\x04 not really a zip")
    result = run("check", "broken.docx")
    assert result.code == 2
    assert result.err.startswith("termlint: error: broken.docx: not a valid DOCX file")
    assert "Traceback" not in result.err


def test_front_matter_headline_by_default_all_values_or_none(run, write) -> None:
    text = (
        "---\ntitle: A child porn report\ntags: [child porn]\n"
        "description: >\n  On child porn\n  online.\n---\nBody.\n"
    )
    write("doc.md", text)

    def spots() -> list[tuple[int, int]]:
        findings = json.loads(run("check", "--format", "json", "doc.md").out)["findings"]
        return [(f["line"], f["column"]) for f in findings if f["rule"] == "child-porn-slang"]

    assert spots() == [(2, 10), (5, 6)]  # title and description, not tags
    write("termlint.yaml", "front-matter: values\n")
    assert spots() == [(2, 10), (3, 8), (5, 6)]
    write("termlint.yaml", "front-matter: skip\n")
    assert spots() == []


def test_docx_review_comments_are_checked(run, tmp_path) -> None:
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(tmp_path / "draft.docx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            f"<w:document {w}><w:body><w:p><w:r><w:t>Clean text.</w:t></w:r></w:p>"
            "</w:body></w:document>",
        )
        z.writestr(
            "word/comments.xml",
            f'<w:comments {w}><w:comment w:id="0" w:author="Editor"><w:p><w:r>'
            "<w:t>Say more about the child porn case.</w:t></w:r></w:p></w:comment></w:comments>",
        )
    result = run("check", "--format", "json", "draft.docx")
    got = [(f["line"], f["column"], f["text"]) for f in json.loads(result.out)["findings"]]
    assert got == [(2, 20, "child porn")]


def test_abbr_title_defines_the_acronym_it_holds(run, write) -> None:
    def acronym_rules(body: str) -> list[tuple[str, int]]:
        write("page.html", f"<p>{body} was found on the server.</p>\n")
        findings = json.loads(run("check", "--format", "json", "page.html").out)["findings"]
        return [(f["rule"], f["column"]) for f in findings if f["rule"].startswith("acronym")]

    assert acronym_rules("The CSAM") == [("acronym-undefined", 8)]
    assert acronym_rules('The <abbr title="child sexual abuse material">CSAM</abbr>') == []
    # an expansion that spells another acronym is a mismatch, at the acronym
    assert acronym_rules('The <abbr title="online child sexual exploitation">CSAM</abbr>') == [
        ("acronym-mismatch", 55)
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("doc.txt", "The so-called \u201cchild porn\u201d trade grew.\n"),
        ("doc.tex", "The so-called ``child porn'' trade grew.\n"),
        ("doc.tex", "The so-called \\enquote{child porn} trade grew.\n"),
        ("doc.md", 'The so-called "*child porn*" trade grew.\n'),
    ],
)
def test_a_scare_quote_is_the_authors_usage_however_its_marks_are_written(
    run, write, name: str, text: str
) -> None:
    write(name, text)
    (f,) = json.loads(run("check", "--format", "json", name).out)["findings"]
    assert (f["rule"], f["severity"], f.get("note"), f["column"]) == (
        "child-porn-slang",
        "error",
        None,
        text.index("child") + 1,
    )
