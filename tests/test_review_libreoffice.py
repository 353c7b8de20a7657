"""A reviewed Word copy in a real word processor: LibreOffice opens what
``termlint review`` wrote, sees one tracked change (a deletion and an
insertion) per fix and one comment per finding, and accepting every change
gives exactly the text ``termlint fix`` gives for the same document read as
text, paragraph by paragraph. The first page is rendered to PNG and kept in
the test artifacts for a look."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import libreoffice
import pytest
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


def termlint_text(run, path: Path) -> dict[str, list[str]]:
    """The document read as text by termlint (one line per paragraph, by
    part), and what ``termlint fix`` makes of each part's text."""
    import json

    from termlint.formats.docx import read_package

    package = read_package(path)
    out: dict[str, list[str]] = {}
    for kind in ("body", "footnote"):
        lines = [p.text for p in package.paragraphs if p.kind == kind]
        text = path.with_suffix(f".{kind}.txt")
        text.write_text("\n".join(lines) + "\n", encoding="utf-8")
        fixed = run("fix", "--format", "json", "--fail-on", "never", text.name, cwd=path.parent)
        assert fixed.code == 0, fixed.err
        json.loads(fixed.out)
        out[kind] = text.read_text(encoding="utf-8").splitlines()
    return out


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
        import json

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
