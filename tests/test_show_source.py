"""Text output shows each finding's source line with its span underlined (on
a terminal by default, ``--show-source/--no-show-source``), aligned for a
terminal: the C library's ``wcwidth`` (glibc) is the oracle for how many
cells each shown character takes. DOCX findings name their paragraph by its
first words."""

from __future__ import annotations

import ctypes
import json
import locale
import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termlint.reporters.text_format import underline


def _libc_wcwidth():  # type: ignore[no-untyped-def]
    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
        libc = ctypes.CDLL(None)
        wcwidth = libc.wcwidth
    except (OSError, AttributeError, locale.Error):
        return None
    wcwidth.argtypes, wcwidth.restype = [ctypes.c_wchar], ctypes.c_int
    return wcwidth


WCWIDTH = _libc_wcwidth()
needs_wcwidth = pytest.mark.skipif(WCWIDTH is None, reason="no C library wcwidth here")


def cells(text: str) -> int:
    """Terminal cells of ``text`` by the C library; fails on a character a
    terminal would not print (a tab, a control character)."""
    widths = [WCWIDTH(c) for c in text]
    assert all(w >= 0 for w in widths), [c for c, w in zip(text, widths, strict=True) if w < 0]
    return sum(widths)


def on_a_terminal(termlint_bin: str, *args: str, cwd: Path) -> tuple[int, str]:
    """Run the CLI with its standard output on a pseudo-terminal."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("TERMLINT_DEBUG", None)
    proc = subprocess.Popen(
        [termlint_bin, *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=120)
    return proc.returncode, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


DOC = "Intro line.\n\nThe police found child pornography on the disk.\n"
BLOCK = (
    "doc.md:3:18: error [child-pornography] Use 'child sexual abuse material' instead of "
    "'child pornography'. (suggestion: child sexual abuse material; child sexual abuse images; "
    "child sexual exploitation material)\n"
    "  |\n"
    "3 | The police found child pornography on the disk.\n"
    "  |                  ^^^^^^^^^^^^^^^^^\n"
    "\n"
    "Found 1 finding (1 error) in 1 of 1 file.\n"
)


def test_source_on_a_terminal_by_default(termlint_bin: str, run, write, tmp_path: Path) -> None:
    write("doc.md", DOC)
    assert on_a_terminal(termlint_bin, "check", "doc.md", cwd=tmp_path) == (1, BLOCK)
    piped = run("check", "doc.md")
    assert "  |" not in piped.out and piped.out.endswith(
        "\nFound 1 finding (1 error) in 1 of 1 file.\n"
    )
    assert run("check", "--show-source", "doc.md").out == BLOCK
    hidden = on_a_terminal(termlint_bin, "check", "--no-show-source", "doc.md", cwd=tmp_path)
    assert hidden == (1, piped.out)
    # fix shows what remains the same way
    write("doc.md", DOC.replace("pornography", "pornographers"))
    fixed = run("fix", "--show-source", "doc.md")
    assert "3 | The police found child pornographers on the disk.\n" in fixed.out
    # machine formats are never decorated
    report = run("check", "--show-source", "--format", "json", "doc.md").out
    assert json.loads(report)["findings"][0]["line"] == 3


LINES = [
    "\tTabbed\tchild porn here.",
    "日本語の記事 child porn です。",
    "Ｆｕｌｌ width child porn.",
    "Emoji 😀🎉 then child porn.",
    "Cafe\u0301 and na\u0308ive child porn.",
    "Bell\x07 and escape\x1b[31m child porn.",
    "Right-to-left \u202eoverride\u202c and \u2066isolate\u2069 child porn.",
    "Arabic عربي child porn.",
    "Joined 👩\u200d👩 child porn.",
]


@needs_wcwidth
def test_carets_align_with_tabs_wide_astral_and_control_characters(run, write) -> None:
    write("lines.txt", "\n\n".join(LINES) + "\n")
    out = run("check", "--show-source", "lines.txt").out
    blocks = [b for b in out.split("\n\n") if " | " in b]
    assert len(blocks) == len(LINES)
    for block in blocks:
        _, _, source, marks = block.splitlines()
        number, shown = source.split(" | ", 1)
        gutter, carets = marks.split(" | ", 1)
        assert len(gutter) == len(number)
        before = shown[: shown.index("child porn")]
        assert carets == " " * cells(before) + "^" * cells("child porn"), block
        assert "\x1b" not in shown and "\u202e" not in shown and "\t" not in shown


def test_a_span_over_two_lines_is_underlined_to_the_end_of_the_first(run, write) -> None:
    write("doc.md", "They found child\npornography there.\n")
    out = run("check", "--show-source", "doc.md").out.splitlines()
    assert out[1:4] == ["  |", "1 | They found child", "  |            ^^^^^"]


def test_a_long_line_is_shown_around_the_span(run, write) -> None:
    words = "ordinary words about online safety " * 10
    write("long.txt", words + "child porn " + words + "\n")
    out = run("check", "--show-source", "long.txt").out.splitlines()
    shown, carets = out[2].split(" | ", 1)[1], out[3].split(" | ", 1)[1]
    assert shown.startswith("…") and shown.endswith("…") and len(shown) <= 122
    assert carets == " " * shown.index("child porn") + "^" * len("child porn")


PRINTABLE = st.sampled_from([*"abcXYZ .,日本Ｆ😀🎉éЖع", "e\u0301"])
ANY = st.one_of(
    PRINTABLE, st.sampled_from(["\t", "\x07", "\x1b", "\u202e", "\u2066", "\u200d", "\u2028"])
)


@needs_wcwidth
@given(
    prefix=st.lists(ANY, max_size=30).map("".join),
    span=st.lists(PRINTABLE, min_size=1, max_size=8).map("".join),
    suffix=st.lists(ANY, max_size=30).map("".join),
)
def test_underline_aligns_by_the_c_library(prefix: str, span: str, suffix: str) -> None:
    start, end = len(prefix), len(prefix) + len(span)
    shown, carets = underline(prefix + span + suffix, start, end)
    shown_prefix, _ = underline(prefix, start, start)
    assert shown.startswith(shown_prefix + span)
    cells(shown)  # nothing a terminal would act on is left
    assert carets == " " * cells(shown_prefix) + "^" * max(1, cells(span))


def test_underline_edges() -> None:
    assert underline("abc", 3, 3) == ("abc", "   ^")  # an empty span at the end
    assert underline("a\u0301b", 1, 2) == ("a\u0301b", " ^")  # a span of a zero-width mark
    assert underline("child", 0, 99) == ("child", "^^^^^")


# ------------------------------------------------------------------ DOCX


def test_docx_findings_name_their_paragraph(run, tmp_path: Path) -> None:
    from test_formats import make_docx

    long = (
        "In the archive of the regional newspaper, reporters found that child porn "
        "had been mentioned in forty headlines."
    )
    make_docx(
        tmp_path / "report.docx",
        [("Title", "A report"), ("", "Police found child| porn online."), ("", long)],
    )
    out = run("check", "report.docx").out.splitlines()
    assert out[0].startswith("report.docx:2:14: error [child-porn-slang]")
    assert out[0].endswith(" [paragraph 2: Police found ⟦child porn⟧ online.]")
    assert out[1].endswith(
        " [paragraph 3: …reporters found that ⟦child porn⟧ had been mentioned in forty…]"
    )
    assert out[2].endswith("[paragraph 4: cell with ⟦child porn⟧]")  # the table cell
    shown = run("check", "--show-source", "report.docx").out.splitlines()
    assert shown[2:4] == ["2 | Police found child porn online.", "  |              ^^^^^^^^^^"]
    findings = json.loads(run("check", "--format", "json", "report.docx").out)["findings"]
    assert [f["line"] for f in findings] == [2, 3, 4]  # machine formats keep line numbers
