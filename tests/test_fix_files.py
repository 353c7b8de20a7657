"""What ``fix`` does to files, through the installed CLI: a symbolic link is
written through to its target, every hard link of a file sees the fix, a read-only file is refused and left alone,
``--exclude`` matches the path as walked, and formats that cannot be
written are skipped with a note when met in a directory."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

BAD = "The police found child porn on the disk.\n"
GOOD = "The police found child sexual abuse material on the disk.\n"


def _leftovers(*directories: Path) -> list[str]:
    return [p.name for d in directories for p in d.iterdir() if ".termlint" in p.name]


def test_fix_writes_through_a_symbolic_link(run, write, tmp_path: Path) -> None:
    real = write("store/real.md", BAD)
    real.chmod(0o640)
    link = tmp_path / "drafts" / "link.md"
    link.parent.mkdir()
    link.symlink_to(Path("..") / "store" / "real.md")
    inode = real.stat().st_ino
    result = run("fix", "drafts/link.md")
    assert result.code == 0, result.out + result.err
    assert "drafts/link.md:1:18: fixed [child-porn-slang]" in result.out
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "store", "real.md")
    assert real.read_text(encoding="utf-8") == GOOD
    # replaced by a rename in the target's own directory (atomic), mode kept
    assert real.stat().st_ino != inode
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert _leftovers(real.parent, link.parent) == []


def test_fix_reaches_every_hard_link_of_a_file(run, write, tmp_path: Path) -> None:
    # a rename would give one name a new file and leave the others with the
    # old text: a file with other hard links is rewritten in place
    first = write("first.md", BAD)
    first.chmod(0o640)
    (tmp_path / "backup").mkdir()
    second = tmp_path / "backup" / "second.md"
    os.link(first, second)
    inode = first.stat().st_ino
    result = run("fix", "first.md")
    assert result.code == 0, result.out + result.err
    assert "first.md:1:18: fixed [child-porn-slang]" in result.out
    assert first.read_text(encoding="utf-8") == GOOD
    assert second.read_text(encoding="utf-8") == GOOD
    assert first.stat().st_ino == inode == second.stat().st_ino
    assert first.stat().st_nlink == 2
    assert stat.S_IMODE(first.stat().st_mode) == 0o640
    assert _leftovers(tmp_path, second.parent) == []


def test_fix_through_a_link_in_a_walked_directory(run, write, tmp_path: Path) -> None:
    real = write("real.md", BAD)
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "chapter.md").symlink_to(real)
    result = run("fix", "book")
    assert result.code == 0, result.out + result.err
    assert (tmp_path / "book" / "chapter.md").is_symlink()
    assert real.read_text(encoding="utf-8") == GOOD


def test_a_read_only_file_is_refused_and_left_untouched(run, write, tmp_path: Path) -> None:
    # CI runs as root, whom permission bits do not stop: termlint reads the
    # bits rather than trying the write
    locked = write("locked.md", BAD)
    other = write("other.md", BAD)
    locked.chmod(0o444)
    before = locked.stat()
    try:
        result = run("fix", "locked.md", "other.md")
    finally:
        after = locked.stat()
        locked.chmod(0o644)
    assert result.code == 2
    assert result.err == "termlint: error: locked.md: read-only (mode 0444); not written\n"
    assert locked.read_text(encoding="utf-8") == BAD
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert stat.S_IMODE(after.st_mode) == 0o444
    # the other file is fixed; the locked one's finding is reported as remaining
    assert other.read_text(encoding="utf-8") == GOOD
    assert "locked.md:1:" not in "".join(
        line for line in result.out.splitlines(keepends=True) if " fixed [" in line
    )
    assert "locked.md:1:18: error [child-porn-slang]" in result.out
    assert "Fixed 1 finding in 1 file." in result.out
    assert "Remaining: 1 finding (1 error) in 1 of 2 files." in result.out
    assert _leftovers(tmp_path) == []


def test_a_read_only_target_of_a_link_is_refused(run, write, tmp_path: Path) -> None:
    real = write("real.md", BAD)
    real.chmod(0o444)
    (tmp_path / "link.md").symlink_to(real)
    try:
        result = run("check", "--fix", "link.md")
    finally:
        real.chmod(0o644)
    assert (result.code, result.err) == (
        2,
        "termlint: error: link.md: read-only (mode 0444); not written\n",
    )
    assert real.read_text(encoding="utf-8") == BAD and (tmp_path / "link.md").is_symlink()


def test_exclude_matches_the_path_as_walked(run, write, tmp_path: Path) -> None:
    write("elsewhere/secret.md", BAD)
    write("notes/plain.md", BAD)
    notes = tmp_path / "notes"
    (notes / "gone.md").symlink_to(tmp_path / "missing.md")  # dangling
    (notes / "alias.md").symlink_to(tmp_path / "elsewhere" / "secret.md")

    dangling = run("check", "notes")
    assert dangling.code == 2
    assert (
        dangling.err
        == "termlint: error: notes/gone.md: broken symbolic link (to "
        + str(tmp_path / "missing.md")
        + ")\n"
    )

    def checked(*args: str) -> tuple[int, list[str], str]:
        result = run("check", "--format", "json", *args, "notes")
        return (
            result.code,
            sorted({f["path"] for f in json.loads(result.out)["findings"]}),
            result.err,
        )

    # by its own name, with or without a directory: the run is clean of errors
    for glob in ("gone.md", "notes/gone.md", "gone*"):
        assert checked("--exclude", glob) == (1, ["notes/alias.md", "notes/plain.md"], "")
    # a link is walked under its own name: its target's name does not exclude it
    code, paths, _ = checked("--exclude", "gone.md", "--exclude", "secret.md")
    assert (code, paths) == (1, ["notes/alias.md", "notes/plain.md"])
    assert checked("--exclude", "gone.md", "--exclude", "alias.md")[1] == ["notes/plain.md"]
    # the same for a configuration's exclude, relative to the configuration
    write("termlint.yaml", "exclude: [notes/gone.md]\n")
    assert checked() == (1, ["notes/alias.md", "notes/plain.md"], "")
    fixed = run("fix", "notes")
    assert (fixed.code, fixed.err) == (0, "")
    assert (tmp_path / "elsewhere" / "secret.md").read_text(encoding="utf-8") == GOOD


def test_fix_on_a_directory_skips_docx_with_a_note(run, write, tmp_path: Path) -> None:
    from test_formats import make_docx

    write("report/a.md", BAD)
    make_docx(tmp_path / "report" / "r.docx", [("", "Police found child porn online.")])
    before = (tmp_path / "report" / "r.docx").read_bytes()
    result = run("fix", "report")
    assert result.err == (
        "termlint: note: report/r.docx: not fixed; "
        "`termlint fix report/r.docx` writes a reviewed copy\n"
    )
    assert result.code == 1  # the DOCX file's errors remain: the status follows them
    assert (tmp_path / "report" / "a.md").read_text(encoding="utf-8") == GOOD
    assert (tmp_path / "report" / "r.docx").read_bytes() == before
    assert "report/r.docx:1:14: error [child-porn-slang]" in result.out
    assert "Remaining: 2 findings (2 errors) in 1 of 2 files." in result.out
    quiet = run("fix", "--fail-on", "never", "report")
    assert quiet.code == 0 and quiet.err.startswith("termlint: note: report/r.docx:")
    assert not (tmp_path / "report" / "r.reviewed.docx").exists()


def test_a_report_file_follows_links_and_spares_read_only_files(run, write, tmp_path: Path) -> None:
    write("doc.md", BAD)
    real = write("reports/latest.json", "old report\n")
    (tmp_path / "report.json").symlink_to(real)
    result = run("check", "--format", "json", "--output", "report.json", "doc.md")
    assert (result.code, result.out, result.err) == (1, "", "")
    assert (tmp_path / "report.json").is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["findings"][0]["rule"] == "child-porn-slang"
    real.write_text("kept\n", encoding="utf-8")
    real.chmod(0o444)
    try:
        refused = run("fix", "--format", "json", "--output", "report.json", "doc.md")
    finally:
        real.chmod(0o644)
    assert refused.code == 2
    assert refused.err.endswith(
        "termlint: error: report.json: read-only (mode 0444); not written\n"
    )
    assert real.read_text(encoding="utf-8") == "kept\n"
