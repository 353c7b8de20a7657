"""OpenDocument text (.odt): read and checked by paragraph, and reviewed into
a copy with tracked changes and comments, as LibreOffice writes them.

The documents are built here by hand, the way LibreOffice lays out a
package: ``mimetype`` first and stored, a manifest, ``content.xml`` with
automatic styles and ``styles.xml`` with the master page's header and footer.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

MIMETYPE = "application/vnd.oasis.opendocument.text"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
NS = {
    "office": OFFICE,
    "text": TEXT,
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}
DECLARE = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())
T = f"{{{TEXT}}}"
OF = f"{{{OFFICE}}}"


def manifest(extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"'
        f">{extra}</manifest:file-entry>"
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png"'
        ' manifest:media-type="image/png"/>'
        "</manifest:manifest>"
    )


def build(
    path: Path,
    body: str,
    *,
    automatic: str = "",
    header: str = "",
    footer: str = "",
    mimetype: str = MIMETYPE,
    manifest_extra: str = "",
) -> Path:
    """An .odt package: ``body`` is the inside of ``office:text``."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {DECLARE} office:version="1.3">'
        f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    styles = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-styles {DECLARE} office:version="1.3"><office:styles>'
        '<style:style style:name="Standard" style:family="paragraph"/>'
        '<style:style style:name="Quotations" style:family="paragraph"'
        ' style:parent-style-name="Standard"/>'
        "</office:styles>"
        '<office:automatic-styles><style:page-layout style:name="pm1"/></office:automatic-styles>'
        '<office:master-styles><style:master-page style:name="Standard"'
        ' style:page-layout-name="pm1">'
        f"{f'<style:header>{header}</style:header>' if header else ''}"
        f"{f'<style:footer>{footer}</style:footer>' if footer else ''}"
        "</style:master-page></office:master-styles></office:document-styles>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest(manifest_extra))
        z.writestr("content.xml", content)
        z.writestr("styles.xml", styles)
        z.writestr("Thumbnails/thumbnail.png", b"\x89PNG\r\n\x1a\n not really a picture")
    return path


AUTOMATIC = (
    '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"/>'
    '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Quotations"/>'
    '<style:style style:name="T1" style:family="text">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
)
#: A deletion an editor tracked before termlint saw the file.
EARLIER_DELETION = (
    '<text:tracked-changes text:track-changes="false">'
    '<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion>'
    "<office:change-info><dc:creator>An Editor</dc:creator>"
    "<dc:date>2026-11-30T10:00:00</dc:date></office:change-info>"
    "<text:p>kiddie porn </text:p></text:deletion></text:changed-region>"
    "</text:tracked-changes>"
)
STORY = (
    EARLIER_DELETION + '<text:table-of-content text:name="Contents">'
    '<text:table-of-content-source text:outline-level="1"/>'
    "<text:index-body><text:p>Child porn in the contents<text:tab/>2</text:p></text:index-body>"
    "</text:table-of-content>"
    '<text:h text:outline-level="1">A short report</text:h>'
    '<text:p text:style-name="P1">Police found child <text:span text:style-name="T1">porn'
    '</text:span> online.<text:note text:id="ftn1" text:note-class="footnote">'
    "<text:note-citation>1</text:note-citation><text:note-body>"
    "<text:p>See the kiddie porn case.</text:p></text:note-body></text:note> Officers   took\n"
    "    the files.</text:p>"
    '<text:p text:style-name="P2">He said kiddie porn.</text:p>'
    '<table:table table:name="T"><table:table-column/><table:table-row><table:table-cell>'
    "<text:p>cell with child porn</text:p></table:table-cell></table:table-row></table:table>"
    '<text:p>The editor<office:annotation office:name="c1"><dc:creator>An Editor</dc:creator>'
    "<dc:date>2026-11-30T10:00:00</dc:date><text:p>Say more about the child porn case.</text:p>"
    '</office:annotation> asked<office:annotation-end office:name="c1"/> for more.</text:p>'
    '<text:p>The <text:change text:change-id="ct1"/>ring was shut.</text:p>'
    '<text:p><text:s text:c="2"/>Two spaces<text:tab/>and child<text:line-break/>porn here.'
    "</text:p>"
)
HEADER = "<text:p>Report on kiddie porn, page <text:page-number>2</text:page-number></text:p>"
FOOTER = '<text:p><text:chapter text:display="name">child porn</text:chapter></text:p>'


def story(path: Path) -> Path:
    return build(path, STORY, automatic=AUTOMATIC, header=HEADER, footer=FOOTER)


def findings(run, name: str) -> list[dict]:
    result = run("check", "--format", "json", name)
    assert result.code in (0, 1), result.err
    return json.loads(result.out)["findings"]


def test_odt_positions_are_paragraph_and_column(run, tmp_path: Path) -> None:
    story(tmp_path / "story.odt")
    got = [(f["line"], f["column"], f["text"], f["severity"]) for f in findings(run, "story.odt")]
    assert got == [
        # 1: the table of contents, generated: never reported; 2: the heading
        (3, 14, "child porn", "error"),  # "porn" in a bold span
        (4, 9, "kiddie porn", "info"),  # an automatic style based on Quotations
        (5, 11, "child porn", "error"),  # a table cell
        # 6: the words an existing comment is on; 7: an earlier deletion, not read
        (8, 18, "child porn", "error"),  # text:s, a tab and a line break before
        (9, 11, "kiddie porn", "error"),  # the header (10, the footer, is a field)
        (11, 9, "kiddie porn", "error"),  # the footnote
        (12, 20, "child porn", "error"),  # the existing comment
    ]


def test_odt_reports_name_the_paragraph_and_show_an_excerpt(run, tmp_path: Path) -> None:
    story(tmp_path / "story.odt")
    result = run("check", "story.odt")
    assert result.code == 1
    places = {(f["line"], f.get("part"), f.get("paragraph")) for f in findings(run, "story.odt")}
    assert {(3, "body", 3), (9, "header", 1), (11, "footnote", 1), (12, "comment", 1)} <= places
    lines = result.out.splitlines()
    # ODF white space: the note's citation is not part of the paragraph, and
    # the spaces and line feed of the XML are one space
    assert any("footnote 1" in line for line in lines), result.out
    assert any("⟦child porn⟧ online. Officers took the" in line for line in lines), result.out


def test_odt_text_is_the_text_libreoffice_shows(run, tmp_path: Path) -> None:
    # leading white space is dropped, runs of it are one space, text:s is kept
    build(
        tmp_path / "spaces.odt",
        "<text:p>   The   child\n porn <text:span> case</text:span> "
        '<text:s text:c="3"/> and kiddie porn.</text:p>',
    )
    (first, second) = findings(run, "spaces.odt")
    assert (first["line"], first["column"], first["text"]) == (1, 5, "child porn")
    # "The child porn case" + " " + three spaces + " and " ...
    assert (second["line"], second["column"]) == (1, len("The child porn case     and ") + 1)


ERRORS = [
    (b"PK\x03\x04 not really a zip", "not a valid ODT file"),
    (b"Police found nothing.\n", "not a valid ODT file (not a zip package)"),
    (
        b'<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument'
        b':xmlns:office:1.0"/>',
        "a flat OpenDocument file (.fodt)",
    ),
]


@pytest.mark.parametrize(("content", "expected"), ERRORS)
def test_odt_errors_are_one_line(run, write, content: bytes, expected: str) -> None:
    write("broken.odt", content)
    result = run("check", "broken.odt")
    assert result.code == 2
    assert result.err.startswith(f"termlint: error: broken.odt: {expected}"), result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err


def test_odt_packages_that_are_not_text_documents(run, tmp_path: Path) -> None:
    body = "<text:p>Police found child porn.</text:p>"
    build(tmp_path / "sheet.odt", body, mimetype="application/vnd.oasis.opendocument.spreadsheet")
    build(
        tmp_path / "locked.odt",
        body,
        manifest_extra='<manifest:encryption-data manifest:checksum-type="SHA1"/>',
    )
    with zipfile.ZipFile(tmp_path / "word.odt", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    with zipfile.ZipFile(tmp_path / "empty.odt", "w") as z:
        z.writestr("mimetype", MIMETYPE)
    with zipfile.ZipFile(tmp_path / "bad.odt", "w") as z:
        z.writestr("mimetype", MIMETYPE)
        z.writestr("content.xml", "<office:document-content")
    expected = {
        "sheet.odt": "an OpenDocument spreadsheet (.ods), not a text document",
        "locked.odt": "password-protected",
        "word.odt": "a Word document, not an OpenDocument text; name it .docx",
        "empty.odt": "not an OpenDocument file (no content.xml)",
        "bad.odt": "content.xml is not well-formed XML",
    }
    for name, message in expected.items():
        result = run("check", name)
        assert result.code == 2, name
        assert result.err.startswith(f"termlint: error: {name}: {message}"), result.err
        assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err


# ------------------------------------------------------------------ review


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def content_of(path: Path):
    return etree.fromstring(members(path)["content.xml"])


def body_paragraphs(root) -> list:
    """The body's paragraphs as termlint numbers them: not those of notes,
    comments or tracked changes."""
    skip = {T + "note-body", OF + "annotation", T + "tracked-changes"}
    return [
        p for p in root.iter(T + "p", T + "h") if not any(a.tag in skip for a in p.iterancestors())
    ]


def shown(p) -> str:
    """The text of a paragraph as ODF says it is shown (white space collapsed;
    notes, comments and deletion marks left out)."""
    out: list[str] = []

    def add(value: str | None) -> None:
        for ch in value or "":
            if ch in " \t\r\n":
                if not out or (out[-1] == " " and not isinstance(out[-1], _Kept)):
                    continue
                ch = " "
            out.append(ch)

    def walk(el) -> None:
        add(el.text)
        for child in el:
            if child.tag == T + "s":
                out.extend(_Kept(" ") for _ in range(int(child.get(T + "c", "1"))))
            elif child.tag == T + "tab":
                out.append(_Kept("\t"))
            elif child.tag == T + "line-break":
                out.append(_Kept(" "))
            elif child.tag in (T + "span", T + "a"):
                walk(child)
            elif child.tag in (T + "note", OF + "annotation"):
                out.append(_Kept(""))
            add(child.tail)

    walk(p)
    return "".join(out)


class _Kept(str):
    """A character an element stands for (white space after it is kept)."""


def accept_all(root) -> None:
    """Accept every tracked change, as a word processor does: the deletions'
    regions and marks go, the insertions' marks go and their text stays."""
    tracked = root.find(f".//{T}tracked-changes")
    for region in list(tracked if tracked is not None else []):
        tracked.remove(region)
    for mark in list(root.iter(T + "change", T + "change-start", T + "change-end")):
        remove_keeping_tail(mark)


def reject_all(root) -> None:
    """Reject every change termlint made: its insertions go, its deleted text
    comes back where the deletion's mark is."""
    dc = f"{{{NS['dc']}}}"
    regions = {
        r.get(T + "id"): r
        for r in root.iter(T + "changed-region")
        if r.findtext(f"*/{OF}change-info/{dc}creator") == "termlint"
    }
    for start in list(root.iter(T + "change-start")):
        cid = start.get(T + "change-id")
        if cid not in regions:
            continue
        parent = start.getparent()
        end = next(e for e in parent if e.get(T + "change-id") == cid and e is not start)
        for el in list(start.itersiblings()):
            if el is end:
                break
            parent.remove(el)
        start.tail = None
        remove_keeping_tail(start)
        remove_keeping_tail(end)
    for mark in list(root.iter(T + "change")):
        if mark.get(T + "change-id") not in regions:
            continue  # an editor's own deletion stays a deletion
        deleted = copy.deepcopy(regions[mark.get(T + "change-id")].find(f"{T}deletion/{T}p"))
        # the deleted paragraph's content takes the mark's place
        parent, at, tail = mark.getparent(), mark.getparent().index(mark), mark.tail
        children = list(deleted)
        mark.tail = deleted.text
        for n, child in enumerate(children):
            parent.insert(at + 1 + n, child)
        last = children[-1] if children else mark
        last.tail = (last.tail or "") + (tail or "")
        remove_keeping_tail(mark)


def remove_keeping_tail(el) -> None:
    parent = el.getparent()
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (el.tail or "")
    else:
        parent.text = (parent.text or "") + (el.tail or "")
    parent.remove(el)


def review(run, tmp_path: Path, name: str = "story.odt", *args: str):
    result = run("review", name, *args, env={"SOURCE_DATE_EPOCH": "1796414400"})
    assert result.code in (0, 1), result.err
    assert "Traceback" not in result.err
    return result, tmp_path / name.replace(".odt", ".reviewed.odt")


def test_review_writes_tracked_changes_in_the_words_formatting(run, tmp_path: Path) -> None:
    story(tmp_path / "story.odt")
    result, out = review(run, tmp_path)
    assert "story.odt: wrote" in result.out
    root = content_of(out)
    office_text = root.find(f"{OF}body/{OF}text")
    tracked = office_text[0]
    assert tracked.tag == T + "tracked-changes"  # the one there was, first
    regions = tracked.findall(T + "changed-region")
    assert regions[0].get(T + "id") == "ct1"  # the editor's deletion kept
    kinds = [local(r[0].tag) for r in regions[1:]]
    assert kinds == ["deletion", "insertion"] * (len(regions[1:]) // 2)
    ids = [r.get(T + "id") for r in regions]
    assert len(set(ids)) == len(ids)
    for region in regions[1:]:
        info = region[0].find(f"{OF}change-info")
        assert info.findtext(f"{{{NS['dc']}}}creator") == "termlint"
        assert info.findtext(f"{{{NS['dc']}}}date") == "2026-12-04T20:00:00Z"

    police = body_paragraphs(root)[2]
    span = police.find(T + "span")
    # "porn" was deleted where it was, in its bold span; the new words follow
    # in the same span, and the comment ends after them
    assert span.get(T + "style-name") == "T1"
    assert [local(c.tag) for c in span] == [
        "change",
        "change-start",
        "change-end",
        "annotation-end",
    ]
    deletion_id = span[0].get(T + "change-id")
    insertion_id = span[1].get(T + "change-id")
    assert span[1].tail == "sexual abuse material" and not span.text
    deleted = next(r for r in regions if r.get(T + "id") == deletion_id)
    kept = deleted.find(f"{T}deletion/{T}p")
    assert kept.get(T + "style-name") == "P1"
    assert (
        etree.tostring(kept[0], with_tail=False)
        .decode()
        .endswith('text:style-name="T1">porn</text:span>')
    )
    inserted = next(r for r in regions if r.get(T + "id") == insertion_id)
    assert inserted[0].tag == T + "insertion"
    # the comment is on "child porn": from before "child" to after the insertion
    annotation = police.find(OF + "annotation")
    assert annotation.tail == "child "
    name = annotation.get(OF + "name")
    assert span[3].get(OF + "name") == name
    comment = [p.xpath("string()") for p in annotation.findall(T + "p")]
    # the header's comment and the one on the editor's comment are at the start
    # of the body: of the heading, not of the table of contents (generated)
    contents, heading = body_paragraphs(root)[:2]
    assert contents.find(OF + "annotation") is None
    quoting = [n.findtext(T + "p") for n in heading.findall(OF + "annotation")]
    assert [q.split(",")[0] for q in quoting] == ["In header paragraph 1", "In comment paragraph 1"]
    assert "child sexual abuse material" in comment[0]
    assert comment[-1] == "termlint rule child-porn-slang"
    assert annotation.findtext(f"{{{NS['dc']}}}creator") == "termlint"
    assert annotation.findtext(f"{{{NS['meta']}}}creator-initials") == "TL"


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_accepting_every_change_gives_what_fix_gives(run, tmp_path: Path) -> None:
    story(tmp_path / "story.odt")
    _, out = review(run, tmp_path)
    original = [shown(p) for p in body_paragraphs(content_of(tmp_path / "story.odt"))]
    (tmp_path / "story.txt").write_text("\n".join(original) + "\n", encoding="utf-8")
    assert run("fix", "story.txt").code in (0, 1)
    fixed = (tmp_path / "story.txt").read_text(encoding="utf-8").splitlines()
    assert fixed != original  # there was something to fix

    accepted = content_of(out)
    accept_all(accepted)
    got = [shown(p) for p in body_paragraphs(accepted)]
    # the contents (generated) and the quotation are not fixed in the document,
    # where they are what they are; in a text file they are prose
    structure = {0, 3}
    assert [got[i] for i in structure] == [original[i] for i in structure]
    assert [t for i, t in enumerate(got) if i not in structure] == [
        t for i, t in enumerate(fixed) if i not in structure
    ]
    rejected = content_of(out)
    reject_all(rejected)
    assert [shown(p) for p in body_paragraphs(rejected)] == original

    # termlint reads the accepted copy as fixed, the footnote too; what is left
    # is the quotation (a finding, never a fix), the header (styles.xml is not
    # rewritten) and the editor's comment (not termlint's to edit)
    build_from(tmp_path / "accepted.odt", out, accepted)
    left = [(f["line"], f.get("part"), f["text"]) for f in findings(run, "accepted.odt")]
    assert left == [
        (4, "body", "kiddie porn"),
        (9, "header", "kiddie porn"),
        (12, "comment", "child porn"),
    ]


def build_from(path: Path, reviewed: Path, root) -> None:
    """A copy of the package ``reviewed`` with ``root`` as its content."""
    data = members(reviewed)
    data["content.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, value in data.items():
            z.writestr(name, value)


def test_the_rest_of_the_package_is_kept_byte_for_byte(run, tmp_path: Path) -> None:
    story(tmp_path / "story.odt")
    _, out = review(run, tmp_path)
    before, after = members(tmp_path / "story.odt"), members(out)
    assert list(after) == list(before)
    assert {n: v for n, v in after.items() if n != "content.xml"} == {
        n: v for n, v in before.items() if n != "content.xml"
    }
    with zipfile.ZipFile(out) as z:
        first = z.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert out.read_bytes()[30:38] == b"mimetype"  # readable by its offset, as ODF asks
    # the copy reads as fixed (insertions in, deletions out), and termlint's
    # own comments are not checked again: only the editor's is
    again = [(f["line"], f.get("part"), f["text"]) for f in findings(run, "story.reviewed.odt")]
    assert again == [
        (4, "body", "kiddie porn"),
        (9, "header", "kiddie porn"),
        (12, "comment", "child porn"),
    ]


def test_checking_a_reviewed_copy_reports_none_of_termlints_comments(run, tmp_path) -> None:
    # a second finding of a rule in a paragraph gets a short comment: it is
    # signed like the first, so neither is read again
    build(tmp_path / "story.odt", "<text:p>Child porn and more child porn, sold online.</text:p>")
    _, out = review(run, tmp_path)
    notes = [
        [p.xpath("string()") for p in n.findall(T + "p")]
        for n in content_of(out).iter(OF + "annotation")
    ]
    assert len(notes) == 2
    assert notes[1][0].startswith("Again “child porn”")
    assert [n[-1] for n in notes] == ["termlint rule child-porn-slang"] * 2
    assert findings(run, out.name) == []


EDITORS_INSERTION = (
    '<text:tracked-changes><text:changed-region xml:id="ed1" text:id="ed1"><text:insertion>'
    "<office:change-info><dc:creator>An Editor</dc:creator>"
    "<dc:date>2026-11-30T10:00:00</dc:date></office:change-info>"
    "</text:insertion></text:changed-region></text:tracked-changes>"
)


def test_what_cannot_be_a_tracked_change_is_left_as_a_comment(run, tmp_path: Path) -> None:
    build(
        tmp_path / "story.odt",
        EDITORS_INSERTION
        + '<text:p>The kiddie<text:note text:id="ftn1" text:note-class="footnote">'
        "<text:note-citation>1</text:note-citation><text:note-body><text:p>A source.</text:p>"
        "</text:note-body></text:note> porn ring was shut.</text:p>"
        "<text:p>Police found child porn online.</text:p>"
        '<text:p>A kiddie<draw:frame draw:name="Picture" text:anchor-type="as-char"'
        ' svg:width="1cm" svg:height="1cm"><draw:image xlink:href="Pictures/none.png"/>'
        "</draw:frame> porn image.</text:p>"
        '<text:p>An editor added <text:change-start text:change-id="ed1"/>kiddie porn'
        '<text:change-end text:change-id="ed1"/> here.</text:p>',
        header="<text:p>Report on kiddie porn</text:p>",
    )
    result, out = review(run, tmp_path)
    for where, reason in [
        ("1:5", "a footnote or endnote is between the words"),
        ("3:3", "a frame or a drawing is between the words"),
        ("4:17", "the words are in another tracked change"),
        ("5:11", "the words are in a header or footer"),
    ]:
        assert f"story.odt:{where}: left as a comment: {reason}" in result.out, result.out
    assert "(1 tracked change, 5 comments)" in result.out
    root = content_of(out)
    first, second, third, fourth = body_paragraphs(root)
    # the words are untouched, the comments are there
    for para in (first, third, fourth):
        assert para.find(T + "change") is None and para.find(OF + "annotation") is not None
    assert [el.get(T + "change-id") for el in fourth.iter(T + "change-start")] == ["ed1"]
    assert second.find(f".//{T}change-start") is not None
    # the header's comment is at the start of the body, and quotes the words
    header_note = first.find(OF + "annotation")
    assert header_note.getprevious() is None and not first.text
    assert header_note.findtext(f"{T}p").startswith("In header paragraph 1, “kiddie porn”")
    assert members(out)["styles.xml"] == members(tmp_path / "story.odt")["styles.xml"]


def test_spaces_around_new_words_survive(run, tmp_path: Path) -> None:
    # the fix's words follow a text:s and come before a tab: nothing collapses
    build(
        tmp_path / "story.odt",
        '<text:p>Found<text:s text:c="2"/>kiddie porn<text:tab/>online, and child  porn.</text:p>',
    )
    _, out = review(run, tmp_path)
    accepted = content_of(out)
    accept_all(accepted)
    assert [shown(p) for p in body_paragraphs(accepted)] == [
        "Found  child sexual abuse material\tonline, and child sexual abuse material."
    ]


def test_review_of_a_broken_odt_writes_nothing(run, write, tmp_path: Path) -> None:
    write("broken.odt", b"PK\x03\x04 not really a zip")
    result = run("review", "broken.odt")
    assert result.code == 2
    assert result.err.startswith("termlint: error: broken.odt: not a valid ODT file")
    assert not (tmp_path / "broken.reviewed.odt").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_reviewed_copy(run, tmp_path: Path) -> None:
    story(tmp_path / "story.odt")
    _, out = review(run, tmp_path)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path / "txt"),
            str(out),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    text = (tmp_path / "txt" / "story.reviewed.txt").read_text(encoding="utf-8-sig")
    # a text export shows deleted and inserted words side by side
    assert re.search(r"Police found child porn ?sexual abuse material online", text), text


def test_fix_on_a_named_odt_writes_the_reviewed_copy_by_its_author(run, tmp_path: Path) -> None:
    build(tmp_path / "story.odt", "<text:p>Police found child porn online.</text:p>")
    result = run("fix", "story.odt")
    assert "story.odt: wrote story.reviewed.odt (1 tracked change, 1 comment)" in result.out
    result = run("review", "--author", "Ann Other", "--output", "mine.odt", "story.odt")
    assert result.code == 1, result.err
    root = content_of(tmp_path / "mine.odt")
    dc = f"{{{NS['dc']}}}"
    note = root.find(f".//{OF}annotation")
    assert note.findtext(dc + "creator") == "Ann Other"
    assert note.findtext(f"{{{NS['meta']}}}creator-initials") == "AO"
    creators = {c.text for c in root.iter(f"{OF}change-info") for c in c.iter(dc + "creator")}
    assert creators == {"Ann Other"}
