"""Reports on Word documents point to the words: each finding names its
paragraph's part (body, header, footnote...) and number within that part, and
shows an excerpt of the paragraph with the span marked, in text, JSON, SARIF,
HTML and the CI formats."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import SHARED
from test_formats import make_docx

from termlint.places import Place, excerpt
from termlint.run import PARALLEL_MIN_BYTES

LONG = (
    "Last spring the inspectors found child porn on a shared drive, and the local "
    "press later wrote about kiddie porn sold at a market stall."
)
HEADER = "Draft notes on child pornography"
FOOTNOTE = "An earlier audit had listed child porn seized in two raids."


def review(path: Path) -> Path:
    """A Word document: a title, one long paragraph with two findings, a
    short one, the table cell ``make_docx`` adds, a header and a footnote."""
    make_docx(
        path,
        [("Title", "Annual review"), ("", LONG), ("", "Kiddie porn")],
        header=HEADER,
        footnote=FOOTNOTE,
    )
    return path


#: What each finding of ``review`` shows: (line, part, paragraph, excerpt).
EXPECTED = [
    (2, "body", 2, "…spring the inspectors found ⟦child porn⟧ on a shared drive, and the…"),
    (2, "body", 2, "…local press later wrote about ⟦kiddie porn⟧ sold at a market stall."),
    (3, "body", 3, "⟦Kiddie porn⟧"),
    (4, "body", 4, "cell with ⟦child porn⟧"),
    (5, "header", 1, "Draft notes on ⟦child pornography⟧"),
    (6, "footnote", 1, "An earlier audit had listed ⟦child porn⟧ seized in two raids."),
]


def test_text_output_names_part_paragraph_and_excerpt(run, tmp_path: Path) -> None:
    review(tmp_path / "review.docx")
    (tmp_path / "notes.md").write_text("The inspectors found child porn.\n")
    out = run("check", "review.docx", "notes.md").out.splitlines()
    assert len(out) == len(EXPECTED) + 2  # and the Markdown finding, and the summary
    for line, (number, part, paragraph, shown) in zip(out, EXPECTED, strict=False):
        assert line.startswith(f"review.docx:{number}:")
        label = "paragraph" if part == "body" else part
        assert line.endswith(f") [{label} {paragraph}: {shown}]"), line
    assert out[len(EXPECTED)].startswith("notes.md:1:22: error [child-porn-slang]")
    assert out[len(EXPECTED)].endswith("child sexual abuse images)")  # no place in Markdown
    # the lines are shown as before, with their carets
    shown = run("check", "--show-source", "review.docx").out.splitlines()
    assert shown[0].endswith(
        "[paragraph 2: …spring the inspectors found ⟦child porn⟧ on a shared drive, and the…]"
    )
    assert shown[2].startswith("2 | Last spring the inspectors")


def test_json_adds_part_paragraph_and_excerpt_in_word_documents(run, tmp_path: Path) -> None:
    review(tmp_path / "review.docx")
    (tmp_path / "notes.md").write_text("The inspectors found child porn.\n")
    for extra in ((), ("--jobs", "1", "--show-source")):
        result = run("check", "--format", "json", *extra, "review.docx", "notes.md")
        payload = json.loads(result.out)
        findings = payload["findings"]
        got = [(f["line"], f["part"], f["paragraph"], f["excerpt"]) for f in findings[:-1]]
        assert got == EXPECTED
        assert not {"part", "paragraph", "excerpt"} & set(findings[-1])  # notes.md
        assert result.out == json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.skipif(
    not (SHARED / "schemas").is_dir(), reason="../shared/schemas is not beside the repo"
)
def test_sarif_snippet_context_region_and_properties(run, tmp_path: Path) -> None:
    import jsonschema

    review(tmp_path / "review.docx")
    (tmp_path / "notes.md").write_text("The inspectors found child porn.\n")
    log = json.loads(run("check", "--format", "sarif", "review.docx", "notes.md").out)
    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    got = [
        (
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["properties"]["part"],
            r["properties"]["paragraph"],
            r["properties"]["excerpt"],
        )
        for r in results[:-1]
    ]
    assert got == EXPECTED
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["region"]["snippet"] == {"text": "child porn"}
    context = first["contextRegion"]
    assert (
        context["snippet"]["text"]
        == "spring the inspectors found child porn on a shared drive, and the"
    )
    assert LONG[context["startColumn"] - 1 : context["endColumn"] - 1] == context["snippet"]["text"]
    # a finding that is its whole paragraph has no wider context
    assert "contextRegion" not in results[2]["locations"][0]["physicalLocation"]
    markdown = results[-1]
    assert "properties" not in markdown
    assert "snippet" not in markdown["locations"][0]["physicalLocation"]["region"]


def test_html_report_lists_places_with_marked_excerpts(run, tmp_path: Path) -> None:
    review(tmp_path / "review.docx")
    (tmp_path / "notes.md").write_text("The inspectors found child porn.\n")
    run("check", "--format", "html", "--output", "out.html", "review.docx", "notes.md")
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert page.count('<table class="places">') == 1  # the Word document only
    assert (
        '<td class="where">footnote 1</td><td class="excerpt">An earlier audit had listed '
        '<mark class="error" tabindex="0" data-findings="5"'
    ) in page
    assert '<td class="where">paragraph 2</td>' in page
    data = json.loads(page.split('id="termlint-data">', 1)[1].split("</script>", 1)[0])
    assert data["findings"][4]["place"] == "header 1"
    assert data["findings"][4]["excerpt"] == EXPECTED[4][3]
    assert "place" not in data["findings"][-1]  # notes.md


def test_ci_formats_mention_the_place(run, tmp_path: Path) -> None:
    review(tmp_path / "review.docx")
    footnote = "[footnote 1: An earlier audit had listed ⟦child porn⟧ seized in two raids.]"
    github = run("check", "--format", "github", "review.docx").out.splitlines()
    assert github[-1].endswith(footnote)
    gitlab = json.loads(run("check", "--format", "gitlab", "review.docx").out)
    assert gitlab[-1]["description"].endswith(footnote)
    checkstyle = run("check", "--format", "checkstyle", "review.docx").out
    assert checkstyle.count("[header 1: Draft notes on ⟦child pornography⟧]") == 1
    junit = run("check", "--format", "junit", "review.docx").out
    assert junit.count("[paragraph 3: ⟦Kiddie porn⟧]") == 1


def test_places_come_back_from_worker_processes(run, tmp_path: Path) -> None:
    # Files large enough for --jobs to check them in worker processes: the
    # excerpts need each finding's line even without --show-source.
    names = []
    for i in range(3):
        path = review(tmp_path / f"review{i}.docx")
        with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_STORED) as z:
            z.writestr("word/media/padding.bin", b"\0" * (PARALLEL_MIN_BYTES // 2))
        names.append(path.name)
    for fmt in ("text", "json"):
        one = run("check", "--format", fmt, "--jobs", "1", *names)
        many = run("check", "--format", fmt, "--jobs", "3", *names)
        assert one.out == many.out
        assert many.out.count("⟦kiddie porn⟧ sold at a market stall.") == 3


def test_excerpt_cuts_at_word_boundaries() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    start = text.index("six")
    shown = excerpt(text, start, start + 3, context=12)
    assert str(shown) == "…four five ⟦six⟧ seven eight…"
    assert text[shown.start : shown.end] == "four five six seven eight"
    # at the paragraph's edges nothing is cut; a single long word is cut inside
    assert str(excerpt(text, 0, 3, context=8)) == "⟦one⟧ two…"
    assert str(excerpt("x" * 40, 20, 22, context=5)) == "…xxxxx⟦xx⟧xxxxx…"
    # white space runs are one space; what would act on a display is U+FFFD
    assert str(excerpt("a\t\t b\x1b c\u202e d", 7, 9)) == "a b\ufffd ⟦c\ufffd⟧ d"
    # a long span is shown by its beginning
    span = " ".join(["word"] * 30)
    assert str(excerpt(span, 0, len(span))).endswith("word…⟧")
    assert Place("body", 3).label() == "paragraph 3"
    assert Place("endnote", 1).label() == "endnote 1"
