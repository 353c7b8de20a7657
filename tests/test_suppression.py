"""Inline suppression comments in each format's own comment syntax."""

from __future__ import annotations

import json

import pytest

MD = (
    "Child porn one.\n"
    "<!-- termlint-disable-next-line child-porn-slang -- quoted from a chat log -->\n"
    "Child porn two.\n"
    "Child porn three. <!-- termlint-disable-line -->\n"
    "<!-- termlint-disable child-porn -->\n"
    "Child porn four.\n"
    "<!-- termlint-enable -->\n"
    "Child porn five.\n"
    "<!-- termlint-disable-next-line kiddie-porn -->\n"
    "<!-- termlint-disable-next-line -->\n"
    "Nothing here.\n"
)


def lines_of(result) -> list[tuple[int, str]]:
    return [(f["line"], f["rule"]) for f in json.loads(result.out)["findings"]]


def test_markdown_directives(run, write) -> None:
    write("doc.md", MD)
    result = run("check", "--format", "json", "doc.md")
    assert lines_of(result) == [
        (1, "child-porn-slang"),
        (8, "child-porn-slang"),
        (9, "termlint.suppression"),  # unknown rule id, with a hint
    ]
    assert "did you mean" in json.loads(result.out)["findings"][-1]["message"]


def test_report_unused_suppressions(run, write) -> None:
    write("doc.md", MD)
    result = run("check", "--format", "json", "--report-unused-suppressions", "doc.md")
    assert (10, "termlint.suppression") in lines_of(result)


def test_show_suppressed_gives_the_directive_and_reason(run, write) -> None:
    write("doc.md", MD)
    result = run("check", "--format", "json", "--show-suppressed", "doc.md")
    reasons = {f["line"]: f.get("suppressed_by") for f in json.loads(result.out)["findings"]}
    assert (
        reasons[3]
        == "suppression: termlint-disable-next-line child-porn-slang -- quoted from a chat log"
    )
    assert reasons[4] == "suppression: termlint-disable-line"
    assert reasons[6] == "suppression: termlint-disable child-porn"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("doc.txt", "# termlint-disable-next-line\nchild porn\nchild porn\n"),
        (
            "doc.html",
            "<p><!-- termlint-disable-next-line --></p>\n<p>child porn</p>\n<p>child porn</p>\n",
        ),
        ("doc.wiki", "<!-- termlint-disable-next-line -->\n[[x|child porn]]\nchild porn\n"),
        (
            "doc.rst",
            ".. termlint-disable-next-line\n\nchild porn\n\nchild porn\n",
        ),  # reported: line 5
        ("doc.tex", "% termlint-disable-next-line\nchild porn\nchild porn\n"),
    ],
)
def test_each_format_comment_syntax(run, write, name: str, text: str) -> None:
    write(name, text)
    last_line = text.rstrip("\n").count("\n") + 1
    assert lines_of(run("check", "--format", "json", name)) == [(last_line, "child-porn-slang")]


def test_file_level_disable(run, write) -> None:
    write(
        "doc.md",
        "Child porn.\n\n<!-- termlint-disable-file child-porn-slang -- archived interview -->\nKiddie porn.\nChild pornography.\n",
    )
    assert lines_of(run("check", "--format", "json", "doc.md")) == [(5, "child-pornography")]


def test_plain_text_directive_lines_are_not_checked(run, write) -> None:
    write(
        "doc.txt",
        "termlint-disable child-porn-slang -- child porn quoted below\nchild porn\ntermlint-enable\nchild porn\n",
    )
    assert lines_of(run("check", "--format", "json", "doc.txt")) == [(4, "child-porn-slang")]
