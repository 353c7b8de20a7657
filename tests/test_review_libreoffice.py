"""A reviewed copy in a real word processor: LibreOffice opens what
``termlint review`` wrote from a Word document or an OpenDocument text, sees
one tracked change (a deletion and an insertion) per fix and one comment per
finding, and accepting every change gives exactly the text ``termlint fix``
gives for the same document read as text, paragraph by paragraph. The first
pages are rendered to PNG and kept in the test artifacts for a look."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import libreoffice
import pytest
from test_odt import NS as ODF
from test_odt import build as build_odt
from wordbuild import NS, build, para
from wordbuild import text_run as tr

pytest.importorskip("docx")

EPOCH = {"SOURCE_DATE_EPOCH": "1764806400"}

#: Sentences an author might write, each with a discouraged phrase or none.
SENTENCES = [
    "Police said the man kept child pornography on two laptops.",
    "The forum traded kiddie porn and other child porn for years.",
    "Officers found child porn videos at the address.",
    "The charity works with survivors and their families.",
    "Investigators seized CHILD PORNOGRAPHY from a server abroad.",
    "A report on child porn, and on child pornography, was published.",
    "Nothing in this sentence needs a change.",
    "He was sentenced for downloading child pornography, the court heard.",
]
STYLES = ["", "<w:b/>", "<w:i/>", '<w:color w:val="C00000"/>', '<w:u w:val="single"/>']


def runs_of(sentence: str, rng: random.Random) -> list[str]:
    """The sentence cut into runs at random places, each run formatted at
    random, with a spelling mark here and there (as Word leaves them)."""
    cuts = sorted(rng.sample(range(1, len(sentence)), k=min(4, len(sentence) - 1)))
    pieces = [sentence[a:b] for a, b in zip([0, *cuts], [*cuts, len(sentence)], strict=True)]
    out: list[str] = []
    for piece in pieces:
        out.append(
            tr(piece, props=rng.choice(STYLES), attrs=f'w:rsidR="00{rng.randrange(16**6):06X}"')
        )
        if rng.random() < 0.3:
            out.append('<w:proofErr w:type="gramStart"/>')
    return out


def manuscript(path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    body = [para(*runs_of(rng.choice(SENTENCES), rng)) for _ in range(5)]
    body.insert(
        2,
        f"<w:tbl {NS}><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>"
        + para(*runs_of(rng.choice(SENTENCES), rng))
        + "</w:tc></w:tr></w:tbl>",
    )
    return build(path, body, footnote=rng.choice(SENTENCES))


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    libreoffice.require()
    with libreoffice.Office(tmp_path_factory.mktemp("office")) as office:
        yield office


def fixed_as_text(run, path: Path, parts: dict[str, list[str]]) -> dict[str, list[str]]:
    """What ``termlint fix`` makes of each part's paragraphs, written beside
    ``path`` as a text file of one line per paragraph."""
    out: dict[str, list[str]] = {}
    for kind, lines in parts.items():
        if not lines:
            out[kind] = []
            continue
        text = path.with_suffix(f".{kind}.txt")
        text.write_text("\n".join(lines) + "\n", encoding="utf-8")
        fixed = run("fix", "--format", "json", "--fail-on", "never", text.name, cwd=path.parent)
        assert fixed.code == 0, fixed.err
        json.loads(fixed.out)
        out[kind] = text.read_text(encoding="utf-8").splitlines()
    return out


def termlint_text(run, path: Path) -> dict[str, list[str]]:
    """The document read as text by termlint (one line per paragraph, by
    part), and what ``termlint fix`` makes of each part's text."""
    from termlint.formats.docx import read_package

    package = read_package(path)
    parts = {
        kind: [p.text for p in package.paragraphs if p.kind == kind]
        for kind in ("body", "footnote")
    }
    return fixed_as_text(run, path, parts)


def test_accepting_every_change_gives_what_fix_gives(run, office, tmp_path: Path) -> None:
    originals = [manuscript(tmp_path / f"m{seed}.docx", seed) for seed in range(8)]
    summaries = {}
    for original in originals:
        result = run("review", "--format", "json", original.name, cwd=tmp_path, env=EPOCH)
        assert result.code in (0, 1), result.err
        summaries[original.name] = result
    copies = [tmp_path / f"{o.stem}.reviewed.docx" for o in originals]
    seen_all = office.inspect_all(copies)
    for original, seen in zip(originals, seen_all, strict=True):
        expected = termlint_text(run, original)
        findings = json.loads(summaries[original.name].out)["findings"]
        # accepting every change: the text of termlint fix, paragraph by paragraph
        assert seen["after"]["paragraphs"] == expected["body"], original.name
        notes = [" ".join(p.strip() for p in note) for note in seen["after"]["footnotes"]]
        assert notes == [" ".join(expected["footnote"]).strip()], original.name
        # one deletion and one insertion per fix, all by termlint, none left after
        ours = [r for r in seen["redlines"] if r["author"] == "termlint"]
        deletions = [r for r in ours if r["type"] == "Delete"]
        insertions = [r for r in ours if r["type"] == "Insert"]
        fixable = [f for f in findings if f["fixable"]]
        assert len(deletions) == len(insertions) == len(fixable), (original.name, ours)
        assert seen["redlines_after"] == 0
        # one comment per finding, anchored on its words
        comments = [c for c in seen["comments"] if c["author"] == "termlint"]
        assert len(comments) == len(findings), original.name
        # a comment spans its words, deleted and inserted (deletions first);
        # one on a footnote's words sits on the footnote's number
        anchors = [c["anchor"] for c in comments]
        for f in findings:
            if f["part"] == "body":
                assert any(a.startswith(f["text"]) for a in anchors), (f, anchors)
            else:
                assert f["part"] == "footnote"
                assert "1" in anchors, anchors


def test_the_first_page_as_libreoffice_shows_it(run, office, tmp_path: Path) -> None:
    build(
        tmp_path / "story.docx",
        [
            para(tr("Raid on an online forum", props="<w:b/>"), style="Heading1"),
            para(
                tr("Police said the forum had traded "),
                tr("child ", props="<w:i/>"),
                tr("porn", props="<w:i/>"),
                tr(" for years, and that its founder called it "),
                tr("kiddie porn", props="<w:b/>"),
                tr(" in messages."),
            ),
            para(tr("Three child prostitutes were found at the address.")),
            para(tr("The court will sit again in March.")),
        ],
        header="Draft for the news desk",
        footnote="Earlier reports said child pornography was found.",
    )
    result = run("review", "story.docx", cwd=tmp_path, env=EPOCH)
    assert "(3 tracked changes, 4 comments)" in result.out, result.out
    seen = office.inspect(tmp_path / "story.reviewed.docx")
    assert seen["after"]["paragraphs"][1] == (
        "Police said the forum had traded child sexual abuse material for years, "
        "and that its founder called it child sexual abuse material in messages."
    )
    # the prostitution finding needs a human rewrite: a comment, no change
    assert seen["after"]["paragraphs"][2] == "Three child prostitutes were found at the address."
    png = libreoffice.render_first_page(
        tmp_path / "story.reviewed.docx", libreoffice.artifacts_dir(), name="reviewed-copy"
    )
    assert png.stat().st_size > 5000
    shutil.copy(png, tmp_path / "page.png")


# ------------------------------------------------------------------ OpenDocument

DRAW_TEXT_BOX = f"{{{ODF['draw']}}}text-box"
#: The date SOURCE_DATE_EPOCH gives, as LibreOffice reports it.
REVIEW_DATE = "2025-12-04T00:00:00"
DESK_STYLES = (
    '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"/>'
    '<style:style style:name="T1" style:family="text">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    '<style:style style:name="fr1" style:family="graphic"'
    ' style:parent-style-name="Frame">'
    '<style:graphic-properties style:wrap="none" draw:fill="none"'
    ' fo:border="0.5pt solid #000000"/></style:style>'
)
#: A story as a news desk might type it: a heading, a word in a bold span, a
#: footnote, white space that ODF collapses, a list, a table, spaces kept by
#: text:s and a tab, a link, an endnote, a text box, a finding that needs a
#: human rewrite; and a header (styles.xml, never rewritten).
DESK = (
    '<text:h text:outline-level="1">Inside a kiddie porn ring</text:h>'
    '<text:p text:style-name="P1">Detectives found child <text:span text:style-name="T1">'
    "porn</text:span> on two laptops."
    '<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
    "<text:note-body><text:p>The court heard that kiddie porn was found twice.</text:p>"
    "</text:note-body></text:note> Officers   took\n    the files away.</text:p>"
    "<text:list><text:list-item><text:p>A forum traded child porn for years.</text:p>"
    "</text:list-item><text:list-item><text:p>Nothing in this item needs a change.</text:p>"
    "</text:list-item></text:list>"
    '<table:table table:name="Cases"><table:table-column/><table:table-row><table:table-cell>'
    "<text:p>A cell about CHILD PORNOGRAPHY seized abroad.</text:p>"
    "</table:table-cell></table:table-row></table:table>"
    '<text:p>Two<text:s text:c="2"/>spaces<text:tab/>and a link to <text:a xlink:type="simple"'
    ' xlink:href="https://example.org/">child porn</text:a> reports.'
    '<text:note text:id="edn1" text:note-class="endnote"><text:note-citation>i</text:note-citation>'
    "<text:note-body><text:p>An endnote on child pornography.</text:p></text:note-body>"
    "</text:note></text:p>"
    '<text:p><draw:frame draw:name="Box" draw:style-name="fr1" text:anchor-type="paragraph"'
    ' svg:x="0cm" svg:y="0cm" svg:width="8cm" svg:height="1.5cm"><draw:text-box><text:p>A text box on kiddie porn.</text:p>'
    "</draw:text-box></draw:frame>The box is anchored to this paragraph.</text:p>"
    "<text:p>Three child prostitutes were found at the address.</text:p>"
)


def desk(path: Path) -> Path:
    return build_odt(
        path, DESK, automatic=DESK_STYLES, header="<text:p>Draft about child porn</text:p>"
    )


def odt_parts(path: Path) -> dict[str, list[str]]:
    """An .odt read by termlint, one line per paragraph, by part; a text box's
    paragraphs (read among the body's) as their own part, "frame"."""
    from termlint.formats.odt import read_package

    parts: dict[str, list[str]] = {
        k: [] for k in ("body", "frame", "header", "footer", "footnote", "endnote")
    }
    for p in read_package(path).paragraphs:
        kind = p.kind
        if kind == "body" and any(a.tag == DRAW_TEXT_BOX for a in p.element.iterancestors()):
            kind = "frame"
        parts.setdefault(kind, []).append(p.text)
    return parts


def flat(texts: list[list[str]]) -> list[str]:
    return [p for paragraphs in texts for p in paragraphs]


def test_an_odt_reviewed_and_accepted_in_libreoffice_gives_what_fix_gives(
    run, office, tmp_path: Path
) -> None:
    # OpenDocument texts LibreOffice wrote: the Word manuscripts saved as
    # .odt, and a story built by hand, as it is and as LibreOffice saves it
    (tmp_path / "docx").mkdir()
    (tmp_path / "hand").mkdir()
    originals = [
        libreoffice.convert(manuscript(tmp_path / "docx" / f"m{seed}.docx", seed), "odt", tmp_path)
        for seed in range(8)
    ]
    hand = desk(tmp_path / "hand" / "desk.odt")
    originals += [hand, libreoffice.convert(hand, "odt", tmp_path)]
    # LibreOffice reads each paragraph as termlint does
    for original, seen in zip(originals, office.inspect_all(originals, accept=False), strict=True):
        parts = odt_parts(original)
        assert seen["before"]["paragraphs"] == parts["body"], original
        assert flat(seen["before"]["frames"]) == parts["frame"], original
        assert flat(seen["before"]["headers"]) == parts["header"], original
        assert flat(seen["before"]["footnotes"]) == parts["footnote"], original
        assert flat(seen["before"]["endnotes"]) == parts["endnote"], original

    reviews = {}
    for original in originals:
        result = run("review", "--format", "json", original.name, cwd=original.parent, env=EPOCH)
        assert result.code in (0, 1), result.err
        reviews[original] = (json.loads(result.out)["findings"], result.err.splitlines())
    copies = [o.with_name(f"{o.stem}.reviewed.odt") for o in originals]
    for original, seen in zip(originals, office.inspect_all(copies), strict=True):
        findings, log = reviews[original]
        name = original.name
        parts = odt_parts(original)
        expected = fixed_as_text(
            run, original, {k: parts[k] for k in ("body", "frame", "footnote", "endnote")}
        )
        # accepting every change: the text of termlint fix, paragraph by
        # paragraph, in the body, text boxes and notes; headers as they were
        after = seen["after"]
        assert after["paragraphs"] == expected["body"], name
        assert flat(after["frames"]) == expected["frame"], name
        assert flat(after["footnotes"]) == expected["footnote"], name
        assert flat(after["endnotes"]) == expected["endnote"], name
        assert flat(after["headers"]) == parts["header"], name
        assert seen["redlines_after"] == 0, name
        # one deletion and one insertion per fix, all by termlint, dated by
        # SOURCE_DATE_EPOCH; a fix in a header stays a comment, said so
        in_header = [f for f in findings if f["fixable"] and f["part"] in ("header", "footer")]
        fixable = [f for f in findings if f["fixable"] and f not in in_header]
        assert fixable, name
        skipped = [line for line in log if "left as a comment" in line]
        assert skipped == [
            f"{name}:{f['line']}:{f['column']}: left as a comment: the words are in a header"
            " or footer (styles.xml is not rewritten)"
            for f in in_header
        ], log
        ours = [r for r in seen["redlines"] if r["author"] == "termlint"]
        assert ours == seen["redlines"], name  # nobody else's here
        assert {(r["date"], r["in_header_footer"]) for r in ours} == {(REVIEW_DATE, False)}
        deletions = [r for r in ours if r["type"] == "Delete"]
        insertions = [r for r in ours if r["type"] == "Insert"]
        assert len(deletions) == len(insertions) == len(fixable), (name, ours)
        # one comment per finding, signed with its rule, on its words; one on
        # words of a header is at the start of the body and quotes them
        comments = [c for c in seen["comments"] if c["author"] == "termlint"]
        assert len(comments) == len(findings), name
        assert sorted(c["content"].splitlines()[-1] for c in comments) == sorted(
            f"termlint rule {f['rule']}" for f in findings
        ), name
        assert {(c["initials"], c["date"]) for c in comments} == {("TL", REVIEW_DATE)}
        anchors = [c["anchor"] for c in comments]
        for f in findings:
            if f["part"] in ("header", "footer"):
                assert any(
                    c["anchor"] == ""
                    and c["paragraph"] == seen["before"]["paragraphs"][0]
                    and c["content"].startswith(f"In {f['part']} paragraph {f['paragraph']}, ")
                    for c in comments
                ), (f, comments)
            elif f["fixable"]:
                # the comment spans the deleted and the inserted words; when
                # all the words are replaced, LibreOffice puts the deleted
                # ones just before the comment's range (as it does with the
                # .odt files it writes itself): the range is the new words
                assert any(
                    a.startswith(f["text"]) or a.lower() in {r.lower() for r in f["replacements"]}
                    for a in anchors
                ), (f, anchors)
            else:
                assert f["text"] in anchors, (f, anchors)
    # the story built by hand has a finding in each kind of place
    findings, _ = reviews[hand]
    assert {f["part"] for f in findings} == {"body", "header", "footnote", "endnote"}
    assert [f["text"] for f in findings if f["part"] == "body"] == [
        "kiddie porn",
        "child porn",
        "child porn",
        "CHILD PORNOGRAPHY",
        "child porn",
        "kiddie porn",  # the text box's
        "child prostitutes",  # a comment only: it needs a human rewrite
    ]


def test_the_first_page_of_a_reviewed_odt_as_libreoffice_shows_it(
    run, office, tmp_path: Path
) -> None:
    desk(tmp_path / "desk.odt")
    result = run("review", "desk.odt", cwd=tmp_path, env=EPOCH)
    assert "(8 tracked changes, 10 comments)" in result.out, result.out
    seen = office.inspect(tmp_path / "desk.reviewed.odt")
    assert seen["after"]["paragraphs"][1] == (
        "Detectives found child sexual abuse material on two laptops. Officers took the files away."
    )
    # the prostitution finding needs a human rewrite: a comment, no change
    assert seen["after"]["paragraphs"][-1] == "Three child prostitutes were found at the address."
    png = libreoffice.render_first_page(
        tmp_path / "desk.reviewed.odt", libreoffice.artifacts_dir(), name="reviewed-copy-odt"
    )
    assert png.stat().st_size > 5000
    shutil.copy(png, tmp_path / "page.png")
