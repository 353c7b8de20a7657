"""The LibreOffice harness of the reviewed-copy tests (``tests/libreoffice.py``),
proved on documents LibreOffice itself makes: a flat ODF document written here
by hand, with tracked insertions and deletions (in the body, a table cell and
a footnote) and two comments, converted by ``soffice --convert-to`` to
``.docx`` and ``.odt``. The harness must count what is there, accept every
change and read back the text that is left, and render the first page.

Skipped when LibreOffice is missing, except under CI, where ``.ci/run``
installs it and missing it is a failure."""

from __future__ import annotations

import os
import re
import signal
import struct
import subprocess
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libreoffice
import pytest

CHANGE_INFO = (
    "<office:change-info><dc:creator>{who}</dc:creator>"
    "<dc:date>{when}</dc:date></office:change-info>"
)
TERMLINT = CHANGE_INFO.format(who="termlint", when="2024-05-01T10:00:00")
EDITOR = CHANGE_INFO.format(who="Ann Editor", when="2024-05-02T09:30:00")


def deletion(name: str, info: str, text: str) -> str:
    return (
        f'<text:changed-region xml:id="{name}" text:id="{name}"><text:deletion>'
        f"{info}<text:p>{text}</text:p></text:deletion></text:changed-region>"
    )


def insertion(name: str, info: str) -> str:
    return (
        f'<text:changed-region xml:id="{name}" text:id="{name}"><text:insertion>'
        f"{info}</text:insertion></text:changed-region>"
    )


def replaced(deleted: str, inserted: str, text: str) -> str:
    return (
        f'<text:change text:change-id="{deleted}"/>'
        f'<text:change-start text:change-id="{inserted}"/>{text}'
        f'<text:change-end text:change-id="{inserted}"/>'
    )


def comment(name: str, who: str, when: str, says: str, on: str) -> str:
    return (
        f'<office:annotation office:name="{name}"><dc:creator>{who}</dc:creator>'
        f"<dc:date>{when}</dc:date><text:p>{says}</text:p></office:annotation>"
        f'{on}<office:annotation-end office:name="{name}"/>'
    )


FODT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
 <style:page-layout style:name="pm1"><style:page-layout-properties
  fo:page-width="21cm" fo:page-height="29.7cm" fo:margin="2cm"/></style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p>Running head</text:p></style:header></style:master-page>
</office:master-styles>
<office:body><office:text>
<text:tracked-changes text:track-changes="false">
 {deletion("d1", TERMLINT, "kiddie porn")}{insertion("i1", TERMLINT)}
 {deletion("d2", TERMLINT, "bad")}{insertion("i2", TERMLINT)}
 {deletion("d3", TERMLINT, "prostitute")}{insertion("i3", TERMLINT)}
 {deletion("d4", EDITOR, "<text:s/>at all")}
</text:tracked-changes>
<text:p>Offenders shared {replaced("d1", "i1", "child sexual abuse material")} online.</text:p>
<text:p>The {comment("c1", "termlint", "2024-05-01T10:00:00", "Say what happened.", "headline")}
 was wrong.<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation>
<text:note-body><text:p>A {replaced("d2", "i2", "good")} note.</text:p></text:note-body></text:note></text:p>
<table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/>
 <table:table-row>
  <table:table-cell office:value-type="string"><text:p>cell one</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>a child {replaced("d3", "i3", "victim")}</text:p>
   <text:p>second line</text:p></table:table-cell>
 </table:table-row>
</table:table>
<text:p>Nothing<text:change text:change-id="d4"/> changed here.</text:p>
<text:p>{comment("c2", "Ann Editor", "2024-05-02T09:30:00", "Fine.", "Last")}.</text:p>
</office:text></office:body></office:document>
"""

#: (type, author, text) of each tracked change, in LibreOffice's order:
#: the footnote's first (its text comes first in Writer's model), then the
#: body's in reading order.
REDLINES = [
    ("Delete", "termlint", "bad"),
    ("Insert", "termlint", "good"),
    ("Delete", "termlint", "kiddie porn"),
    ("Insert", "termlint", "child sexual abuse material"),
    ("Delete", "termlint", "prostitute"),
    ("Insert", "termlint", "victim"),
    ("Delete", "Ann Editor", " at all"),
]
COMMENTS = [
    ("termlint", "Say what happened.", "headline", "The headline was wrong."),
    ("Ann Editor", "Fine.", "Last", "Last."),
]
#: The body, table cells included, as opened (deleted text still there) and
#: once every change is accepted.
BEFORE = [
    "Offenders shared kiddie pornchild sexual abuse material online.",
    "The headline was wrong.",
    "cell one",
    "a child prostitutevictim",
    "second line",
    "Nothing at all changed here.",
    "Last.",
]
AFTER = [
    "Offenders shared child sexual abuse material online.",
    "The headline was wrong.",
    "cell one",
    "a child victim",
    "second line",
    "Nothing changed here.",
    "Last.",
]
FORMATS = ["docx", "odt"]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hand-written document, as LibreOffice writes it in each format."""
    libreoffice.require()
    where = tmp_path_factory.mktemp("made")
    source = where / "harness.fodt"
    source.write_text(FODT, encoding="utf-8")
    return {fmt: libreoffice.convert(source, fmt, where) for fmt in FORMATS}


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[libreoffice.Office]:
    libreoffice.require()
    with libreoffice.Office(tmp_path_factory.mktemp("office")) as running:
        yield running


@pytest.fixture(scope="module")
def accepted_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("accepted")


@pytest.fixture(scope="module")
def seen(
    office: libreoffice.Office, made: dict[str, Path], accepted_dir: Path
) -> dict[str, dict[str, Any]]:
    """What LibreOffice saw in each format: one round trip for both."""
    results = office.inspect_all(
        [made[fmt] for fmt in FORMATS],
        save_as=[accepted_dir / f"accepted.{fmt}" for fmt in FORMATS],
    )
    return dict(zip(FORMATS, results, strict=True))


def test_the_converted_documents_hold_tracked_changes_and_comments(
    made: dict[str, Path],
) -> None:
    """The harness is tested on what it is meant to see: LibreOffice wrote
    real tracked changes and comments into both packages."""
    with zipfile.ZipFile(made["docx"]) as z:
        body = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
        comments = z.read("word/comments.xml").decode()
    assert len(re.findall(r"<w:del[ >]", body + notes)) == 4
    assert len(re.findall(r"<w:ins[ >]", body + notes)) == 3
    assert len(re.findall(r"<w:comment[ >]", comments)) == 2
    with zipfile.ZipFile(made["odt"]) as z:
        content = z.read("content.xml").decode()
    assert content.count("<text:deletion>") == 4
    assert content.count("<text:insertion>") == 3
    assert len(re.findall(r"<office:annotation[ >]", content)) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_tracked_changes_are_counted(seen: dict[str, dict[str, Any]], fmt: str) -> None:
    redlines = seen[fmt]["redlines"]
    assert [(r["type"], r["author"], r["text"]) for r in redlines] == REDLINES
    assert {r["date"] for r in redlines} == {"2024-05-01T10:00:00", "2024-05-02T09:30:00"}
    assert redlines[0]["paragraph"] == "A badgood note."
    assert redlines[-1]["paragraph"] == "Nothing at all changed here."
    assert not any(r["in_header_footer"] for r in redlines)
    assert seen[fmt]["record_changes"] is False


@pytest.mark.parametrize("fmt", FORMATS)
def test_comments_are_counted(seen: dict[str, dict[str, Any]], fmt: str) -> None:
    comments = seen[fmt]["comments"]
    assert [(c["author"], c["content"], c["anchor"], c["paragraph"]) for c in comments] == COMMENTS
    assert [c["date"] for c in comments] == ["2024-05-01T10:00:00", "2024-05-02T09:30:00"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_accepting_all_changes_leaves_the_new_text(
    seen: dict[str, dict[str, Any]], fmt: str
) -> None:
    before, after = seen[fmt]["before"], seen[fmt]["after"]
    assert before["paragraphs"] == BEFORE
    assert after["paragraphs"] == AFTER
    assert seen[fmt]["redlines_after"] == 0
    assert before["tables"] == [[["cell one"], ["a child prostitutevictim", "second line"]]]
    assert after["tables"] == [[["cell one"], ["a child victim", "second line"]]]
    assert before["footnotes"] == [["A badgood note."]]
    assert after["footnotes"] == [["A good note."]]
    assert before["endnotes"] == after["endnotes"] == []
    assert before["headers"] == after["headers"] == [["Running head"]]
    assert before["footers"] == after["footers"] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_accepted_copy_reopens_with_nothing_left_to_review(
    office: libreoffice.Office, seen: dict[str, dict[str, Any]], accepted_dir: Path, fmt: str
) -> None:
    """The saved result of accepting: no changes and, as the harness removes
    comments before accepting (see ``tests/lo_uno.py``), no comments; the
    same text."""
    again = office.inspect(accepted_dir / f"accepted.{fmt}", accept=False)
    assert again["redlines"] == [] and again["comments"] == []
    assert again["before"]["paragraphs"] == AFTER
    assert again["before"]["footnotes"] == [["A good note."]]
    assert "after" not in again


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_first_page_is_rendered_with_its_changes_shown(made: dict[str, Path]) -> None:
    """The picture kept for a look (``test-artifacts/``, or
    ``$TERMLINT_ARTIFACTS``): an A4 page at 60 dpi whose text still shows
    the deleted words beside the inserted ones."""
    png = libreoffice.render_first_page(
        made["docx"], libreoffice.artifacts_dir(), name="libreoffice-harness", keep_pdf=True
    )
    assert png == libreoffice.artifacts_dir() / "libreoffice-harness.png"
    width, height = png_size(png)
    assert abs(width - 496) <= 2 and abs(height - 702) <= 2  # 21 x 29.7 cm at 60 dpi
    assert png.stat().st_size > 5_000  # not a blank page
    pdf = png.with_suffix(".pdf")
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    for words in ("Running head", "kiddie porn", "child sexual abuse material", "at all"):
        assert words in text


def group_members(pgid: int, settle: float = 5) -> list[int]:
    """Live (not zombie) processes of a process group, given ``settle``
    seconds to be gone (a killed process takes a moment to die)."""
    deadline = time.monotonic() + settle
    while (members := _group_members(pgid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return members


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def test_closing_leaves_nothing_running(tmp_path: Path) -> None:
    libreoffice.require()
    office = libreoffice.Office(tmp_path).start()
    assert office.proc is not None
    pgid = office.proc.pid
    assert _group_members(pgid)  # soffice and soffice.bin
    office.close()
    assert group_members(pgid) == []
    assert not office.profile.exists()


def test_a_hung_office_is_killed_not_waited_for(made: dict[str, Path], tmp_path: Path) -> None:
    office = libreoffice.Office(tmp_path, timeout=3).start()
    try:
        assert office.proc is not None
        pgid = office.proc.pid
        os.killpg(pgid, signal.SIGSTOP)  # LibreOffice stops answering
        started = time.monotonic()
        with pytest.raises(libreoffice.OfficeError, match="took over 3 s"):
            office.inspect(made["odt"])
        assert time.monotonic() - started < 20
        assert group_members(pgid) == []
    finally:
        office.close()
