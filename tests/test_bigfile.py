"""One large file with --jobs: checked in pieces by the workers, with the
same findings as --jobs 1 (issue 22, point 3).

The files are built here, at test time, from the passages of
../shared/corpus and ../shared/devcorpus and from sentences of our own placed
across them (acronyms defined in one piece and used in others, spellings
mixed across pieces, a quotation over two paragraphs, fenced code with blank
lines, astral characters, a title line, a clinical document); the pieces are
made small with TERMLINT_SPLIT_BYTES, so that a file of about 500 KB is cut
into a few dozen.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED

from termlint.run import Run

CORPUS = sorted((SHARED / "corpus").glob("*.txt"))
DEVCORPUS = sorted((SHARED / "devcorpus").glob("*.txt"))
#: The span of each piece, for these tests (a file is cut when it is larger).
PIECE = "16000"
SPLIT = {"TERMLINT_SPLIT_BYTES": PIECE}

TITLE = "Child Pornography and the Press\n\n"
#: Our own paragraphs, placed in order across the file.
OURS = [
    # the first use of an acronym, not a definition; another of its family
    "Reports of CSAM rose again this year, and reports of CSEM with them.\n\n",
    # CP near words of trade, in a text that speaks of cerebral palsy further on
    "The CP files were shared online by the same forum.\n\n",
    # spelling: organise wins, organize is the odd one out
    "Volunteers organised the archive, and the editors organised the index.\n\n",
    "“The first paragraph of what the officer said mentions child porn in passing.\n\n"
    "“The second paragraph of it goes on about kiddie porn at length.”\n\n",
    "```text\nchild porn inside a code block\n\nstill code, with kiddie porn and CSAM\n```\n\n",
    "Emoji 😀 and 𝒜𝒷𝒸 come before child pornography here; café, naïve, 東京 and kiddie porn.\n\n",
    # the definition, in a later piece; then a wrong and a repeated one
    "Child sexual abuse material (CSAM) is the term this reader uses from here on.\n\n",
    "One chapter was organized by a second team.\n\n",
    "Child sexual exploitation material (CSAM) was the heading of an older chapter.\n\n",
    "Indecent images of children (IIOC) is the legal term in England, and IIoC is seen too.\n\n",
    "Child sexual abuse material (CSAM) is defined a second time here, as editors do.\n\n",
    "A team organised the survey; CSAM and CSEM appear together again.\n\n",
    "He said “child pornography” was a thing of the past, which is not so.\n\n",
    "A charity for children with cerebral palsy held an open day.\n\n",
]


def _passages() -> list[str]:
    if not CORPUS or not DEVCORPUS:
        pytest.skip("../shared/corpus and devcorpus are not beside the repo")
    return [p.read_text(encoding="utf-8").strip() + "\n\n" for p in CORPUS + DEVCORPUS]


def big_text() -> str:
    """About 500 KB: a title line, then the passages with our paragraphs spread
    among them."""
    passages = _passages()
    every = len(passages) // (len(OURS) + 1)
    parts = [TITLE]
    for i, passage in enumerate(passages):
        parts.append(passage)
        if i % every == every - 1 and i // every < len(OURS):
            parts.append(OURS[i // every])
    return "".join(parts)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big")
    text = big_text()
    assert len(text) > 25 * int(PIECE)
    (root / "big.md").write_text(text, encoding="utf-8")
    (root / "big.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    (root / "termlint.yaml").write_text("exemptions:\n  title-line: info\n", encoding="utf-8")
    return root


def pieces(path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """How many pieces ``termlint check --jobs 2`` cuts ``path`` into (in
    process, with the same settings)."""
    monkeypatch.setenv("TERMLINT_SPLIT_BYTES", PIECE)
    monkeypatch.chdir(path.parent)
    run = Run(with_packs=args)
    items = list(run.check_stream([path.name], jobs=2, keep_text=False))
    assert not any(item.more for item in items[-1:])
    return len(items)


@pytest.mark.parametrize("name", ["big.md", "big.txt"])
def test_a_large_file_in_pieces_has_the_findings_of_one_job(
    run, files: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pieces(files / name, monkeypatch) >= 20
    out = {}
    for fmt, *options in (("json",), ("text", "--show-source")):
        one = run("check", "--format", fmt, *options, "--jobs", "1", name, cwd=files)
        two = run("check", "--format", fmt, *options, "--jobs", "2", name, cwd=files, env=SPLIT)
        assert (two.code, two.err) == (one.code, one.err) == (1, "")
        assert two.out == one.out
        out[fmt] = one.out
    assert "^^^" in out["text"]
    found = json.loads(out["json"])["findings"]
    rules = {f["rule"] for f in found}
    # document-level rules whose uses lie in different pieces
    assert {"acronym-undefined", "acronym-mismatch", "acronym-re-expanded"} <= rules
    assert {"acronym-family-mix", "acronym-case-drift", "spelling-ise-ize"} <= rules
    assert "cp-abbrev" not in rules  # the text speaks of cerebral palsy, far from "CP"
    assert any(f["note"] == "document title" for f in found if "note" in f)
    astral = next(f for f in found if f["text"] == "child pornography" and "𝒜" in _line(files, f))
    assert astral["column_utf16"] == astral["column"] + 4  # 😀 and 𝒜𝒷𝒸 before it
    quoted = [f for f in found if "paragraph of what the officer" in _line(files, f)]
    assert quoted and all(f.get("note") == "quotation" for f in quoted)
    quoted = [f for f in found if "paragraph of it goes on" in _line(files, f)]
    assert quoted and all(f.get("note") == "quotation" for f in quoted)
    in_code = [f for f in found if "code" in _line(files, f)]
    assert (name == "big.txt") == bool(in_code)  # Markdown's fenced code is not checked


def _line(root: Path, finding: dict) -> str:
    text = (root / "big.md").read_text(encoding="utf-8")
    return text.splitlines()[finding["line"] - 1]


def test_one_job_checks_a_large_file_in_pieces_too(run, files: Path) -> None:
    """With one job a file large enough is cut as well, its pieces checked
    one after the other in the one process, so that it is never held whole:
    the same report as when it is read whole."""
    for fmt, *options in (("json",), ("text", "--show-source"), ("sarif",)):
        whole = run("check", "--format", fmt, *options, "--jobs", "1", "big.md", cwd=files)
        cut = run("check", "--format", fmt, *options, "--jobs", "1", "big.md", cwd=files, env=SPLIT)
        assert (cut.code, cut.out, cut.err) == (whole.code, whole.out, whole.err)
        assert whole.code == 1


def test_every_report_and_option_agrees(run, files: Path) -> None:
    """SARIF (written once all is found), suppressed findings, statistics,
    the language packs (each paragraph's language identified in its piece,
    the short ones by their neighbours)."""
    for options in (
        ("--format", "sarif"),
        ("--show-suppressed", "--statistics", "--no-show-source"),
        ("--format", "json", "--with", "fr,de,es,nl,pt,it"),
    ):
        one = run("check", *options, "--jobs", "1", "big.md", cwd=files)
        two = run("check", *options, "--jobs", "2", "big.md", cwd=files, env=SPLIT)
        assert (two.code, two.out, two.err) == (one.code, one.out, one.err)
        assert one.code == 1
    languages = {f.get("language") for f in json.loads(one.out)["findings"]}
    assert {"en", "fr", "de"} <= languages
    # SARIF kept on disk until its end, and written to a file at once, agree
    run("check", "--format", "sarif", "--output", "report.sarif", "big.md", cwd=files)
    two = run("check", "--format", "sarif", "--jobs", "2", "big.md", cwd=files, env=SPLIT)
    assert (files / "report.sarif").read_text(encoding="utf-8") == two.out


def test_fix_on_a_large_file_writes_the_same_bytes(run, files: Path, tmp_path: Path) -> None:
    """``check --fix`` is not run in pieces: --jobs changes nothing."""
    for jobs in ("1", "2"):
        (tmp_path / jobs).mkdir()
        (tmp_path / jobs / "big.md").write_bytes((files / "big.md").read_bytes())
        (tmp_path / jobs / "termlint.yaml").write_bytes((files / "termlint.yaml").read_bytes())
        run("check", "--fix", "--jobs", jobs, "big.md", cwd=tmp_path / jobs, env=SPLIT)
    fixed = (tmp_path / "1" / "big.md").read_bytes()
    assert fixed == (tmp_path / "2" / "big.md").read_bytes() != (files / "big.md").read_bytes()


CLINICAL = (
    "Clinicians described the disorder in diagnostic terms, and the psychologist "
    "reviewed treatment options for sexual interest in minors.\n\n"
)
SAMPLE = (
    "Several paedophiles in the sample described long periods of isolation before "
    "they asked their families for help.\n\n"
)


def test_a_document_wide_register_holds_in_every_piece(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clinical document: its cues are all in its first half, yet the
    whole is clinical, so the uses in the second half (pieces with no cue)
    are clinical too."""
    (tmp_path / "study.txt").write_text(CLINICAL * 400 + SAMPLE * 400, encoding="utf-8")
    (tmp_path / "half.txt").write_text(SAMPLE * 400, encoding="utf-8")
    assert pieces(tmp_path / "study.txt", monkeypatch) >= 4
    one = run("check", "--format", "json", "--jobs", "1", "study.txt")
    two = run("check", "--format", "json", "--jobs", "2", "study.txt", env=SPLIT)
    assert two.out == one.out and one.code == 0
    assert json.loads(one.out)["findings"] == []
    half = run("check", "--format", "json", "--jobs", "2", "half.txt", env=SPLIT)
    assert len(json.loads(half.out)["findings"]) == 400  # on their own, not clinical


def across(i: int) -> str:
    """Paragraphs whose findings rest on the ones before them: a child in
    the sentence before (in the paragraph before), a person named as a
    child some paragraphs earlier."""
    name = ("Smith", "Jones", "Brown", "Green", "Black", "White", "Young", "Clark")[i % 8]
    filler = "".join(
        f"Paragraph {i}.{k} of the report is about the town and its {k + 2} schools.\n\n"
        for k in range(12)
    )
    return (
        f"Part {i}. It happened when she was a girl of 13.\n\n"
        "A man had sex with her in his car.\n\n"
        f"The records name Mary {name}, 14, as the victim in this case.\n\n"
        f"{filler}The man had sex with {name} in his car, the court heard.\n\n"
    )


def test_what_a_piece_reads_before_it_is_there(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every paragraph break of this text is a place to cut: each piece has
    the paragraphs before it as context."""
    (tmp_path / "court.txt").write_text("".join(across(i) for i in range(400)), encoding="utf-8")
    assert pieces(tmp_path / "court.txt", monkeypatch) >= 20
    one = run("check", "--format", "json", "--jobs", "1", "court.txt")
    two = run("check", "--format", "json", "--jobs", "2", "court.txt", env=SPLIT)
    assert two.out == one.out
    assert len(json.loads(one.out)["findings"]) > 750  # about two in each part


def test_a_phrase_the_whole_document_needs_is_read_in_every_piece(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``if-in-document``: a bare "the relationship" is a finding only in a
    document that speaks of sex; here only its first paragraph does."""
    part = "The relationship with the girl, 15, went on for a year, the court heard.\n\n"
    (tmp_path / "story.txt").write_text(
        "The coach had sex with a pupil.\n\n" + part * 800, encoding="utf-8"
    )
    (tmp_path / "plain.txt").write_text(part * 800, encoding="utf-8")
    assert pieces(tmp_path / "story.txt", monkeypatch) >= 4
    one = run("check", "--format", "json", "--jobs", "1", "story.txt")
    two = run("check", "--format", "json", "--jobs", "2", "story.txt", env=SPLIT)
    assert two.out == one.out
    rules = [f["rule"] for f in json.loads(one.out)["findings"]]
    assert rules.count("relationship-anaphor") == 800
    plain = run("check", "--format", "json", "--jobs", "2", "plain.txt", env=SPLIT)
    assert "relationship-anaphor" not in plain.out


def bilingual(i: int) -> str:
    """A part of a report in two languages: short paragraphs whose words
    leave their language in doubt take it from their neighbours (the French
    paragraph before them, where those after them say nothing)."""
    return (
        "The committee published its yearly report on online abuse in the spring.\n\n"
        "Le comité a publié son rapport annuel sur les abus en ligne au printemps, avec "
        "des chiffres de chaque région." + " Il s'est réuni de nouveau." * (i % 13) + "\n\n"
        "Pédopornographie, 2019\n\nAnnex 2\n\nPhoto: archives\n\nAnnex 3\n\n"
    )


def test_short_paragraphs_take_their_language_from_neighbours_in_other_pieces(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "".join(bilingual(i) for i in range(1500))
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    assert pieces(tmp_path / "report.txt", monkeypatch, "fr") >= 20
    one = run("check", "--format", "json", "--with", "fr", "--jobs", "1", "report.txt")
    two = run("check", "--format", "json", "--with", "fr", "--jobs", "2", "report.txt", env=SPLIT)
    assert two.out == one.out
    assert len(json.loads(one.out)["findings"]) == 1500


@pytest.mark.parametrize(
    "tail",
    [
        "<!-- termlint-disable child-porn-slang -->\n\nkiddie porn\n",  # reaches to the end
        "```\nan unclosed fence, and kiddie porn\n\nThen more\n",  # no place to cut after it
        "A stray ` backtick, then kiddie porn.\n\nThen `code` and more.\n",
    ],
)
def test_what_cannot_be_cut_is_read_as_a_whole(
    run, files: Path, tail: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (files / "big.md").read_text(encoding="utf-8")
    at = len(text) // 3
    at = text.index("\n\n", at) + 2
    (tmp_path / "cut.md").write_text(text[:at] + tail + "\n" + text[at:], encoding="utf-8")
    one = run("check", "--format", "json", "--jobs", "1", "cut.md")
    two = run("check", "--format", "json", "--jobs", "2", "cut.md", env=SPLIT)
    assert (two.code, two.out, two.err) == (one.code, one.out, one.err)
    found = pieces(tmp_path / "cut.md", monkeypatch)
    if "termlint-disable" in tail:
        assert found == 1  # suppression comments reach across the whole file
    else:
        assert 1 < found < pieces(files / "big.md", monkeypatch)  # cut before it only


def test_a_byte_order_mark_and_a_bad_byte(
    run, files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A UTF-8 byte order mark is read past, as when the file is read whole;
    a byte that does not decode is reported as it is then (the file is read
    whole, its undecodable bytes replaced)."""
    data = (files / "big.md").read_bytes()
    (tmp_path / "bom.md").write_bytes(b"\xef\xbb\xbf" + data)
    at = data.index(b"\n\n", len(data) // 2)
    (tmp_path / "bad.md").write_bytes(data[:at] + b" \xff" + data[at:])
    assert pieces(tmp_path / "bom.md", monkeypatch) >= 20
    for name in ("bom.md", "bad.md"):
        one = run("check", "--format", "json", "--jobs", "1", name)
        two = run("check", "--format", "json", "--jobs", "2", name, env=SPLIT)
        assert (two.code, two.out, two.err) == (one.code, one.out, one.err)
    assert one.code == 2 and "not valid UTF-8 (byte 0xff)" in one.err


@pytest.mark.parametrize("jobs", [1, 2])
def test_findings_come_a_piece_at_a_time(
    files: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """The findings of a large file are handed on piece by piece, in order,
    never all held: each piece's are those of the whole file in its span
    (with one job too, the pieces checked one after the other in this
    process)."""
    monkeypatch.chdir(files)
    whole = Run().check(["big.md"], jobs=1)[0].findings
    monkeypatch.setenv("TERMLINT_SPLIT_BYTES", PIECE)
    items = list(Run().check_stream(["big.md"], jobs=jobs, keep_text=False))
    assert len(items) >= 20 and [i.more for i in items] == [True] * (len(items) - 1) + [False]
    assert all(item.findings for item in items[:-1])
    assert [f for item in items for f in item.findings] == whole


def test_a_runaway_pattern_in_one_piece(run, files: Path, tmp_path: Path) -> None:
    """A pattern that runs away in one piece ends the file there, with the
    error (the findings of the pieces before it are already written); the
    run goes on with the next file."""
    (tmp_path / ".termlint.yaml").write_text(
        "extends: [default]\nrules:\n  - id: slow\n    kind: avoid\n    severity: warning\n"
        "    patterns: ['(?:a|aa)+b']\n    rationale: A pattern that backtracks.\n",
        encoding="utf-8",
    )
    text = (files / "big.md").read_text(encoding="utf-8")
    at = text.index("\n\n", len(text) // 2) + 2
    (tmp_path / "slow.md").write_text(text[:at] + "a" * 60 + "c\n\n" + text[at:], encoding="utf-8")
    (tmp_path / "next.txt").write_text("More child porn here.\n", encoding="utf-8")
    env = {**SPLIT, "TERMLINT_PATTERN_SECONDS": "0.3"}
    for jobs in ("2", "1"):
        result = run("check", "--jobs", jobs, "slow.md", "next.txt", env=env)
        assert result.code == 2
        assert result.err.startswith("termlint: error: slow.md: rule 'slow': a pattern ran for")
        lines = result.out.splitlines()
        assert lines[0].startswith("slow.md:") and lines[-2].startswith("next.txt:1:6: error")
        assert lines[-1].endswith("in 2 of 2 files.")
