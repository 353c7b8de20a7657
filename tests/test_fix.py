"""Safe, case-preserving fixes that never lose a byte."""

from __future__ import annotations

import json
import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termlint.config import default_config
from termlint.errors import InputError
from termlint.fixer import apply, needs_an, plan, write_atomic
from termlint.formats import to_document


@pytest.fixture(scope="module")
def config():
    return default_config()


def fixed(config, text: str, fmt: str = "markdown") -> str:
    doc = to_document("doc", text, fmt)
    return apply(text, plan(doc, config.engine().check(doc)))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Child pornography is a crime.", "Child sexual abuse material is a crime."),
        ("WE FOUND CHILD PORNOGRAPHY.", "WE FOUND CHILD SEXUAL ABUSE MATERIAL."),
        (
            "# Child Pornography in the 2000s\n\nText.\n",
            "# Child Sexual Abuse Material in the 2000s\n\nText.\n",
        ),
        ("a kiddie porn site", "a child sexual abuse material site"),
        ("He ran an underage pornography forum.", "He ran a child sexual abuse material forum."),
        ("reports of child\npornography rose", "reports of child\nsexual abuse material rose"),
        ("reports of kiddie\r\n  porn rose", "reports of child\r\n  sexual abuse material rose"),
        ("historic abuse inquiries", "non-recent abuse inquiries"),
    ],
)
def test_case_layout_and_articles(config, before: str, after: str) -> None:
    assert fixed(config, before) == after


def test_needs_an() -> None:
    assert needs_an("underage") and needs_an("hour") and needs_an("SG-CSAM")
    assert not needs_an("child") and not needs_an("user") and not needs_an("CSAM")


@pytest.mark.parametrize(
    "text",
    [
        'She said: "They called it child porn."',  # quotation
        "The Child Pornography Prevention Act of 1996 applies.",  # statute
        "Text with `child porn` in code.",  # code
        "{{cite web |title=Child porn rises}}",  # title (wikitext below)
        "<!-- termlint-disable-next-line -->\nchild porn\n",  # suppressed
        "US federal law defines child pornography as images.",  # legal definition
        "Some child pornographers were caught.",  # not fixable: needs a human
    ],
)
def test_never_fixed(config, text: str) -> None:
    fmt = "wikitext" if text.startswith("{{") else "markdown"
    assert fixed(config, text, fmt) == text


def run_json(run, *args: str, **kw):
    result = run(*args, **kw)
    return result, result.out


def test_fix_command_writes_and_reports(run, write) -> None:
    path = write("doc.md", "Child pornography and kiddie porn. Some child pornographers.\n")
    result = run("fix", "doc.md")
    assert result.code == 1  # the child-pornographer warning remains
    assert (
        path.read_text()
        == "Child sexual abuse material and child sexual abuse material. Some child pornographers.\n"
    )
    assert (
        "doc.md:1:1: fixed [child-pornography] 'Child pornography' -> 'Child sexual abuse material'"
        in result.out
    )
    assert "Fixed 2 findings in 1 file." in result.out
    assert "[child-pornographer]" in result.out and "Remaining: 1 finding" in result.out
    again = run("fix", "doc.md")
    assert "Fixed 0 findings in 0 files." in again.out  # idempotent
    checked = json.loads(run("check", "--format", "json", "doc.md").out)["findings"]
    assert [f["rule"] for f in checked] == ["child-pornographer"] and not any(
        f["fixable"] for f in checked
    )


def test_diff_writes_nothing(run, write) -> None:
    path = write("doc.md", "Child pornography.\n")
    result = run("fix", "--diff", "doc.md")
    assert path.read_text() == "Child pornography.\n"
    assert "-Child pornography.\n+Child sexual abuse material.\n" in result.out
    assert "--- a/doc.md" in result.out and "Would fix 1 finding in 1 file." in result.out
    check = run("check", "--fix", "--diff", "doc.md")
    assert (
        path.read_text() == "Child pornography.\n" and "+Child sexual abuse material." in check.out
    )


def test_check_fix_reports_what_remains(run, write) -> None:
    path = write("doc.md", "Child pornography and child pornographers.\n")
    result = run("check", "--fix", "--format", "json", "doc.md")
    assert path.read_text() == "Child sexual abuse material and child pornographers.\n"
    remaining = json.loads(result.out[result.out.index("{") :])["findings"]
    assert [f["rule"] for f in remaining] == ["child-pornographer"]


def test_fix_stdin_to_stdout(run) -> None:
    result = run("fix", "-", input="kiddie porn\r\nno newline at end")
    assert result.out == "child sexual abuse material\r\nno newline at end"
    assert "fixed [child-porn-slang]" in result.err


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("crlf.txt", b"line one\r\nchild porn\r\nlast line without newline"),
        ("bom.md", b"\xef\xbb\xbfA child porn site.\n"),
        ("utf16.txt", "\ufeffA child porn site.\r\n".encode("utf-16-le")),
        ("latin.md", "Caf\u00e9 \u2014 child porn \U0001f600.\n".encode()),
    ],
)
def test_bytes_round_trip_outside_the_fix(run, write, name: str, raw: bytes) -> None:
    path = write(name, raw)
    os.chmod(path, 0o640)
    result = run("fix", name)
    assert result.code == 0, result.out + result.err
    after = path.read_bytes()
    encoding = "utf-16" if name.startswith("utf16") else "utf-8"
    old = raw.decode(encoding)
    expected = old.replace("child porn", "child sexual abuse material")
    assert after.decode(encoding) == expected
    assert after.startswith(raw[:3]) if name == "bom.md" else True
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".termlint")]


def test_file_changed_while_fixing_is_refused(tmp_path) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(b"changed by someone else")
    with pytest.raises(InputError, match="changed while being fixed"):
        write_atomic(path, b"new", b"original content")
    assert path.read_bytes() == b"changed by someone else"


def test_fix_on_a_named_docx_writes_a_reviewed_copy(run, tmp_path) -> None:
    from test_formats import make_docx

    make_docx(tmp_path / "r.docx", [("", "child porn here")])
    before = (tmp_path / "r.docx").read_bytes()
    result = run("fix", "r.docx")
    assert result.code == 1, result.err  # the original still holds its finding
    assert "r.docx: wrote r.reviewed.docx (2 tracked changes, 2 comments)" in result.out
    assert "Fixed 0 findings in 0 files; wrote 1 reviewed copy." in result.out
    assert (tmp_path / "r.docx").read_bytes() == before
    assert (tmp_path / "r.reviewed.docx").exists()
    dry = run("fix", "--diff", "r.docx")
    assert "r.docx: would write r.reviewed.docx" in dry.out


# ------------------------------------------------------------------ properties

WORDS = [
    "the",
    "report",
    "found",
    "police",
    "online",
    "images",
    "children",
    "said",
    "a",
    "an",
    "of",
]
PHRASES = [
    "child pornography",
    "kiddie porn",
    "child porn",
    "child prostitution",
    "historic abuse",
    "child sex abuse",
]


@st.composite
def documents(draw):
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            phrase = draw(st.sampled_from(PHRASES))
            case = draw(st.sampled_from(["lower", "upper", "title", "sentence"]))
            phrase = {
                "lower": phrase,
                "upper": phrase.upper(),
                "title": phrase.title(),
                "sentence": phrase.capitalize(),
            }[case]
            sep = draw(st.sampled_from([" ", "\n", "\r\n", "-", " \n  "]))
            parts.append(phrase.replace(" ", sep, 1))
        else:
            parts.append(draw(st.sampled_from(WORDS)))
        parts.append(draw(st.sampled_from([" ", " ", "\n", "\r\n", ". ", ", ", "\n\n"])))
    return "".join(parts) + draw(st.sampled_from(["", "\n", "\r\n"]))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same examples every CI run (tests/test_properties.py has a long run)
)
@given(text=documents())
def test_fixes_change_only_reported_spans_and_are_idempotent(config, text: str) -> None:
    engine = config.engine()
    doc = to_document("doc.txt", text, "text")
    fixes = plan(doc, engine.check(doc))
    result = apply(text, fixes)
    # outside the fixes, the text is unchanged, byte for byte
    pos = 0
    out = 0
    for fix in sorted(fixes, key=lambda f: f.start):
        assert result[out : out + fix.start - pos] == text[pos : fix.start]
        out += fix.start - pos
        assert result[out : out + len(fix.text)] == fix.text
        out += len(fix.text)
        pos = fix.end
    assert result[out:] == text[pos:]
    # the fixed rules report nothing fixable any more, and fixing again is a no-op
    doc2 = to_document("doc.txt", result, "text")
    findings2 = engine.check(doc2)
    fixed_rules = {f.rule for f in fixes}
    assert not [f for f in findings2 if f.fixable and f.rule in fixed_rules]
    assert apply(result, plan(doc2, findings2)) == result
    # the number of lines never changes
    assert result.count("\n") == text.count("\n")


@pytest.mark.parametrize(
    ("fmt", "before", "after"),
    [
        (
            "html",
            '<p class="child porn">A child porn site.</p>',
            '<p class="child porn">A child sexual abuse material site.</p>',
        ),
        (
            "latex",
            "\\emph{Child porn} \\cite{childporn}.",
            "\\emph{Child sexual abuse material} \\cite{childporn}.",
        ),
        (
            "rst",
            "Some text about child porn and ``child porn``.",
            "Some text about child sexual abuse material and ``child porn``.",
        ),
        (
            "wikitext",
            "[[Child porn|child porn]] and [[Child porn]].",
            "[[Child porn|child sexual abuse material]] and [[Child porn]].",
        ),
        (
            "markdown",
            "[child porn](https://x.org/child-porn)",
            "[child sexual abuse material](https://x.org/child-porn)",
        ),
    ],
)
def test_fixes_land_exactly_in_every_format(config, fmt: str, before: str, after: str) -> None:
    assert fixed(config, "Intro line.\n" + before, fmt) == "Intro line.\n" + after
