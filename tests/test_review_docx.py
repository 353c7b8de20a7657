"""``termlint review`` on Word documents: the reviewed copy's structure,
through the installed CLI. (LibreOffice opening the copy and accepting its
changes: tests/test_review_libreoffice.py.)"""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from wordbuild import NS, W, accept_all, body_texts, build, members, para
from wordbuild import text_run as tr

pytest.importorskip("docx")

EPOCH = {"SOURCE_DATE_EPOCH": "1764806400"}  # 2025-12-04T00:00:00Z


def review(cli, *args: str, cwd: Path | None = None):
    return cli("review", *args, env=EPOCH, cwd=cwd)


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


def test_a_reviewed_copy_beside_the_original(run, tmp_path: Path) -> None:
    original = build(tmp_path / "story.docx", [para(tr("Police found child porn online."))])
    before = original.read_bytes()
    result = review(run, "story.docx")
    assert result.code == 1, result.err
    assert "story.docx: wrote story.reviewed.docx (1 tracked change, 1 comment)" in result.out
    assert original.read_bytes() == before
    copy = tmp_path / "story.reviewed.docx"
    xml = part(copy, "word/document.xml")
    assert b'w:author="termlint"' in xml and b'w:date="2025-12-04T00:00:00Z"' in xml
    assert body_texts(accept_all(xml))[0] == "Police found child sexual abuse material online."
    # the words are deleted and inserted, nothing else: "child " is kept
    root = etree.fromstring(xml)
    assert ["".join(d.itertext()) for d in root.iter(W + "del")] == ["porn"]
    assert ["".join(i.itertext()) for i in root.iter(W + "ins")] == ["sexual abuse material"]


def test_output_and_in_place(run, tmp_path: Path) -> None:
    build(tmp_path / "a.docx", [para(tr("They shared kiddie porn."))])
    before = (tmp_path / "a.docx").read_bytes()
    assert review(run, "a.docx", "--output", "out/x.docx").code == 2  # no such folder
    (tmp_path / "out").mkdir()
    assert review(run, "a.docx", "--output", "out/x.docx").code == 1
    assert (tmp_path / "out" / "x.docx").exists()
    same = review(run, "a.docx", "--output", "a.docx")
    assert same.code == 2 and "use --in-place" in same.err
    assert (tmp_path / "a.docx").read_bytes() == before
    assert review(run, "a.docx", "--in-place").code == 1
    assert (tmp_path / "a.docx").read_bytes() != before
    # once reviewed in place, the finding is in a tracked deletion, and the
    # inserted words are checked: nothing is left to report
    again = review(run, "a.docx", "--in-place")
    assert again.code == 0, again.out


def test_a_phrase_split_over_runs_is_one_change_in_its_formatting(run, tmp_path: Path) -> None:
    # Word splits runs for spelling marks, revision ids and formatting
    build(
        tmp_path / "s.docx",
        [
            para(
                tr("He kept "),
                tr("child ", props="<w:i/>", attrs='w:rsidR="00A1"'),
                '<w:proofErr w:type="spellStart"/>',
                tr("porno", props="<w:i/>", attrs='w:rsidR="00B2"'),
                tr("graphy", props="<w:i/><w:b/>"),
                '<w:proofErr w:type="spellEnd"/>',
                tr(" at home."),
            )
        ],
    )
    assert review(run, "s.docx").code == 1
    xml = part(tmp_path / "s.reviewed.docx", "word/document.xml")
    root = etree.fromstring(xml)
    deleted = list(root.iter(W + "del"))
    inserted = list(root.iter(W + "ins"))
    assert len(inserted) == 1
    assert "".join("".join(d.itertext()) for d in deleted) == "pornography"
    assert "".join(inserted[0].itertext()) == "sexual abuse material"
    # the inserted words take the formatting of the first words they replace
    props = inserted[0].find(f"{W}r/{W}rPr")
    assert props is not None and props.find(W + "i") is not None
    assert body_texts(accept_all(xml))[0] == "He kept child sexual abuse material at home."
    # the runs outside the change keep their text and attributes
    assert b'w:rsidR="00A1"' in xml


def test_comments_on_every_finding_and_short_repeats(run, tmp_path: Path) -> None:
    build(
        tmp_path / "c.docx",
        [
            para(tr("Child porn and more child porn, and a child prostitute.")),
            para(tr("Kiddie porn again.")),
        ],
    )
    result = review(run, "c.docx")
    assert "(3 tracked changes, 4 comments)" in result.out
    comments = etree.fromstring(part(tmp_path / "c.reviewed.docx", "word/comments.xml"))
    texts = [" | ".join("".join(p.itertext()) for p in c.iter(W + "p")) for c in comments]
    assert len(texts) == 4
    first, repeat, prostitute, kiddie = texts
    assert "Preferred: child sexual abuse material" in first and "Sources:" in first
    assert "Why:" in first
    assert repeat.startswith("Again “child porn”") and "Sources" not in repeat
    # signed like every comment: checking the copy does not report the words
    # termlint's own comments quote, the short one's included
    assert repeat.endswith(" | termlint rule child-porn-slang"), repeat
    again = run("check", "--format", "json", "c.reviewed.docx")
    assert [(f["part"], f["text"]) for f in json.loads(again.out)["findings"]] == [
        ("body", "child prostitute")
    ], again.out
    assert "needs a human rewrite" in prostitute or "prostitut" in prostitute
    assert kiddie.startswith("'Kiddie porn'")  # another paragraph: in full again
    authors = {c.get(W + "author") for c in comments}
    assert authors == {"termlint"}
    xml = part(tmp_path / "c.reviewed.docx", "word/document.xml")
    assert xml.count(b"<w:commentRangeStart") == 4 == xml.count(b"<w:commentReference")
    # two changes in one paragraph: each where its words are
    assert body_texts(accept_all(xml))[0] == (
        "Child sexual abuse material and more child sexual abuse material, and a child prostitute."
    )
    # a comments part was added, with its relationship and content type
    assert b"comments.xml" in part(tmp_path / "c.reviewed.docx", "word/_rels/document.xml.rels")
    assert b"/word/comments.xml" in part(tmp_path / "c.reviewed.docx", "[Content_Types].xml")


def test_the_author_is_configurable(run, tmp_path: Path) -> None:
    build(tmp_path / "a.docx", [para(tr("child porn"))])
    review(run, "a.docx", "--author", "Style Desk")
    xml = part(tmp_path / "a.reviewed.docx", "word/document.xml")
    assert b'w:author="Style Desk"' in xml and b'w:author="termlint"' not in xml


def test_what_the_document_holds_survives(run, tmp_path: Path) -> None:
    hyperlink = (
        '<w:hyperlink r:id="rIdX" w:history="1">'
        + tr("child porn sites", props='<w:rStyle w:val="Hyperlink"/>')
        + "</w:hyperlink>"
    )
    existing_deletion = (
        '<w:del w:id="90" w:author="A. Editor" w:date="2025-01-01T00:00:00Z">'
        "<w:r><w:delText>child pornography</w:delText></w:r></w:del>"
    )
    existing_insertion = (
        '<w:ins w:id="91" w:author="A. Editor" w:date="2025-01-01T00:00:00Z">'
        + tr("kiddie porn")
        + "</w:ins>"
    )
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> REF intro \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + tr("child porn")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    table = (
        f"<w:tbl {NS}><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>"
        + para(tr("A cell on child porn."))
        + "</w:tc></w:tr></w:tbl>"
    )
    original = build(
        tmp_path / "d.docx",
        [
            para(tr("Links to "), hyperlink, tr(" were removed.")),
            para(tr("The editor cut "), existing_deletion, tr(" and added "), existing_insertion),
            para(tr("See "), field, tr(".")),
            table,
            para(tr("Reviewed by the desk.")),
        ],
        header="Draft: child porn story",
        comment_on="Reviewed by the desk.",
        picture=True,
        footnote="Police called it child porn.",
    )
    result = review(run, "d.docx")
    assert result.code == 1, result.err
    before, after = members(original), members(tmp_path / "d.reviewed.docx")
    assert list(after)[: len(before)] == list(before)  # same members, same order
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {
        "word/document.xml",
        "word/comments.xml",
        "word/header1.xml",
        "word/footnotes.xml",
    }, changed
    # byte-identical: styles, settings, the picture, relationships, properties
    for name in ("word/styles.xml", "word/settings.xml", "docProps/core.xml"):
        assert before[name] == after[name]
    assert any(name.startswith("word/media/") for name in after)
    xml = after["word/document.xml"]
    accepted = body_texts(accept_all(xml))
    # the hyperlink's words changed inside the hyperlink, which is kept
    assert b'<w:hyperlink r:id="rIdX"' in xml
    assert accepted[0] == "Links to child sexual abuse material sites were removed."
    # a tracked deletion is neither checked nor changed; an insertion is both
    assert accepted[1] == "The editor cut  and added child sexual abuse material"
    assert b"<w:delText>child pornography</w:delText>" in xml
    assert b'w:author="A. Editor"' in xml
    # a generated field result is not reported or changed
    assert accepted[2] == "See child porn."
    assert accepted[3] == "A cell on child sexual abuse material."
    # the existing comment is kept, the new ones follow it
    comments = etree.fromstring(after["word/comments.xml"])
    authors = [c.get(W + "author") for c in comments]
    assert authors[0] == "A. Editor" and set(authors[1:]) == {"termlint"}
    # header and footnote: changed as tracked changes in their own parts
    assert body_texts(accept_all(after["word/header1.xml"])) == [
        "Draft: child sexual abuse material story"
    ]
    assert "Police called it child sexual abuse material." in "".join(
        body_texts(accept_all(after["word/footnotes.xml"]))
    )
    # the header's comment (Word has none in headers) is at the start of the body
    assert "In header paragraph 1, “child porn”:" in after["word/comments.xml"].decode()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
        (b"{\\rtf1\\ansi child porn}", "an RTF file"),
        (b"<!DOCTYPE html><html><body>child porn</body></html>", "an HTML or XML file"),
        (b"PK\x03\x04 truncated", "truncated or damaged"),
        (b"", "empty file"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(run, tmp_path: Path, content, expected) -> None:
    (tmp_path / "bad.docx").write_bytes(content)
    for command in (("review",), ("fix",), ("check",)):
        result = run(*command, "bad.docx")
        assert result.code == 2, (command, result)
        assert result.err.count("\n") == 1 and expected in result.err, result.err
        assert "Traceback" not in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.docx"]


def test_a_cut_short_word_file_and_a_zip_that_is_not_one(run, tmp_path: Path) -> None:
    whole = build(tmp_path / "whole.docx", [para(tr("child porn"))]).read_bytes()
    (tmp_path / "cut.docx").write_bytes(whole[: len(whole) // 2])
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as z:
        z.writestr("readme.txt", "child porn")
    for name, expected in (
        ("cut.docx", "truncated or damaged"),
        ("other.docx", "no word/document.xml"),
    ):
        result = run("review", name)
        assert result.code == 2 and expected in result.err, result.err
        assert result.err.count("\n") == 1
    assert not list(tmp_path.glob("*.reviewed.docx"))


def test_review_refuses_text_files_and_an_unwritable_copy(run, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("child porn\n", encoding="utf-8")
    text = run("review", "a.md")
    assert text.code == 2 and "use `termlint fix` for text files" in text.err
    build(tmp_path / "b.docx", [para(tr("child porn"))])
    locked = tmp_path / "b.reviewed.docx"
    locked.write_bytes(b"an older copy")
    os.chmod(locked, 0o444)
    result = run("review", "b.docx")
    assert result.code == 2 and "read-only" in result.err
    assert locked.read_bytes() == b"an older copy"
    os.chmod(locked, stat.S_IWUSR | stat.S_IRUSR)


def test_a_folder_reviews_each_original_once(run, tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    build(tmp_path / "desk" / "one.docx", [para(tr("child porn"))])
    (tmp_path / "desk" / "notes.md").write_text("child porn\n", encoding="utf-8")
    first = review(run, "desk")
    assert "wrote desk/one.reviewed.docx" in first.out, first.out + first.err
    assert first.code == 1
    second = review(run, "desk")  # the copy is not reviewed again
    assert "one.reviewed.reviewed" not in second.out
    assert sorted(p.name for p in (tmp_path / "desk").iterdir()) == [
        "notes.md",
        "one.docx",
        "one.reviewed.docx",
    ]


def test_an_article_ending_the_paragraph_before_is_not_changed(run, tmp_path: Path) -> None:
    # "an" ends one paragraph, the phrase starts the next: the paragraphs are
    # not one sentence, and the fix must not reach back across the break
    build(tmp_path / "a.docx", [para(tr("They asked for an")), para(tr("Kiddie porn was found."))])
    result = review(run, "a.docx")
    assert "(1 tracked change, 1 comment)" in result.out, result.out
    xml = part(tmp_path / "a.reviewed.docx", "word/document.xml")
    assert body_texts(accept_all(xml))[:2] == [
        "They asked for an",
        "Child sexual abuse material was found.",
    ]
