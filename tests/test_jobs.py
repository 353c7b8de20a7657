"""--jobs: parallel checking gives byte-identical output, in the same order,
to one job; the progress indicator appears only on a terminal."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import SHARED

from termlint.run import PARALLEL_MIN_BYTES, Progress, Run

CORPUS = sorted((SHARED / "corpus").glob("*.txt"))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    if not CORPUS:
        pytest.skip("../shared/corpus is not beside the repo")
    root = tmp_path / "manuscripts"
    (root / "b").mkdir(parents=True)
    for i, path in enumerate(CORPUS):
        shutil.copy(path, root / f"{i}-{path.name}")
        shutil.copy(path, root / "b" / f"copy{i}.wiki")  # wikitext reader
    (root / "b" / "notes.md").write_text("# Notes\n\nKiddie porn and CSAM. CSEM too.\n")
    (root / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")  # UTF-16 BOM, then NULs
    return tmp_path


def test_parallel_output_is_byte_identical(run, tree: Path) -> None:
    args = ("check", "manuscripts", "manuscripts/bad.txt", "missing.md")
    for options in (
        ("--format", "text", "--show-source"),
        ("--format", "json"),
        ("--format", "sarif"),
    ):
        one = run(*args, *options, "--jobs", "1", cwd=tree)
        many = run(*args, *options, "-j", "3", cwd=tree)
        assert one.code == many.code == 2  # the missing path and the binary file
        assert one.out == many.out and one.err == many.err
        assert one.out.count("child-pornography") > 10
        assert ("^^^" in one.out) == ("--show-source" in options)  # lines come back from workers
        assert one.err.splitlines() == [
            "termlint: error: missing.md: no such file or directory",
            "termlint: error: manuscripts/bad.txt: binary file, not text",
        ]
    default = run(*args, cwd=tree)  # --jobs defaults to the number of CPUs
    assert default.out == run(*args, "-j", "1", cwd=tree).out


def test_the_parallel_path_is_taken(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    errors: list[str] = []
    sequential = Run(report_error=errors.append)
    targets = sequential.targets(["manuscripts"])
    assert sum(Path(p).stat().st_size for p, _ in targets) >= PARALLEL_MIN_BYTES
    assert sequential._parallel(targets, 2) and not sequential._parallel(targets, 1)
    one = sequential.check(["manuscripts"], jobs=1)
    many = Run(report_error=errors.append).check(["manuscripts"], jobs=2)
    readable = [p for p, _ in targets if not p.endswith("bad.txt")]
    assert [c.path for c in one] == [c.path for c in many] == readable
    assert [c.findings for c in one] == [c.findings for c in many]
    assert errors == []  # found by walking a directory, the binary file is skipped quietly


def test_many_files_go_to_the_workers_several_at_a_time(run, tmp_path: Path) -> None:
    """With many files, workers take several at a time: still the same output,
    in the same order, errors included."""
    from termlint.run import _chunk

    if not CORPUS:
        pytest.skip("../shared/corpus is not beside the repo")
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in CORPUS) * 2
    pieces = [text[i : i + 5_000] for i in range(0, len(text), 5_000)]
    assert len(text.encode("utf-8")) >= PARALLEL_MIN_BYTES  # the parallel path is taken
    root = tmp_path / "pieces"
    root.mkdir()
    for i, piece in enumerate(pieces):
        (root / f"{i:02d}.md").write_text(piece, encoding="utf-8")
    (root / "30-bad.txt").write_bytes(b"\x00\x01binary\x00")  # in the middle of a chunk
    names = ["pieces", "pieces/30-bad.txt"]
    assert _chunk(len(pieces) + 1, 2) > 1 and _chunk(len(pieces) + 1, 3) > 1
    one = run("check", "--format", "json", "-j", "1", *names, cwd=tmp_path)
    for jobs in ("2", "3"):
        many = run("check", "--format", "json", "-j", jobs, *names, cwd=tmp_path)
        assert (many.code, many.out, many.err) == (one.code, one.out, one.err)
    assert one.out.count('"rule"') > 50 and "30-bad.txt: binary file" in one.err


def test_no_progress_without_a_terminal(run, tree: Path) -> None:
    result = run("check", "--quiet", "manuscripts", cwd=tree)
    assert "checked" not in result.err and "\r" not in result.err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_only_after_a_while() -> None:
    quick = Terminal()
    progress = Progress(3, stream=quick, after=60.0)
    for _ in range(3):
        progress.step()
    progress.done()
    assert quick.getvalue() == ""  # a short run draws nothing

    slow = Terminal()
    progress = Progress(2, stream=slow, after=0.0)
    progress.step()
    progress.step()
    progress.done()
    assert slow.getvalue() == ("\rtermlint: checked 1/2 files\rtermlint: checked 2/2 files\r\x1b[K")

    pipe = io.StringIO()  # not a terminal
    progress = Progress(1, stream=pipe, after=0.0)
    progress.step()
    progress.done()
    assert pipe.getvalue() == ""
