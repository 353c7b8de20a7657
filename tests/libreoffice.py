"""LibreOffice as the tests' word processor: open a document (``.docx``,
``.odt``), count its tracked changes and comments, accept every change and
read the text that is left; render a first page to PNG for a look.

LibreOffice runs headless (Debian's ``libreoffice-writer-nogui``, installed by
``.ci/run``), in a profile of its own made for each :class:`Office` and
removed afterwards, listening on a named pipe. The UNO side is
``tests/lo_uno.py``, run by the system Python that has LibreOffice's ``uno``
module (``/usr/bin/python3``; the tests' own Python may be another). One
:class:`Office` serves many documents; start one per test module::

    @pytest.fixture(scope="module")
    def office(tmp_path_factory):
        libreoffice.require()
        with libreoffice.Office(tmp_path_factory.mktemp("office")) as office:
            yield office

    def test_review(office, tmp_path):
        seen = office.inspect(tmp_path / "manuscript.reviewed.docx")
        assert len(seen["redlines"]) == 2 and seen["after"]["paragraphs"] == [...]

:meth:`Office.inspect` returns what LibreOffice saw, as JSON (see
``tests/lo_uno.py`` and :data:`SHAPE`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
import weakref
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCRIPT = HERE / "lo_uno.py"

#: How long LibreOffice may take to start, and to handle one document.
START_TIMEOUT = 90.0
DOCUMENT_TIMEOUT = 120.0

#: What :meth:`Office.inspect` returns (for one document).
SHAPE = """
{
  "path": str,                        # as given
  "record_changes": bool,             # the document asks to record changes
  "redlines": [                       # tracked changes, in LibreOffice's order:
                                      # notes' and headers' first, then the body's
    {"type": "Insert" | "Delete" | "Format" | "ParagraphFormat" | ...,
     "author": str, "date": "YYYY-MM-DDTHH:MM:SS", "comment": str,
     "text": str | None,              # the inserted or deleted text
     "paragraph": str | None,         # the paragraph it is in (deleted text included)
     "in_header_footer": bool}
  ],
  "comments": [
    {"author": str, "initials": str, "date": str, "content": str,
     "anchor": str,                   # the commented words ("" for a point comment)
     "paragraph": str | None, "name": str, "parent": str, "resolved": bool}
  ],
  "before": TEXT,                     # as opened: deleted text still there
  "redlines_after": int,              # after accepting all: 0
  "after": TEXT,                      # after accepting all changes
}                                     # (comments are removed before: see lo_uno.py)
TEXT = {
  "paragraphs": [str],                # the body in order, table cells row by row;
                                      # a line break is "\\n", a tab "\\t"; no
                                      # footnote numbers, nothing of comments
  "tables": [[[str]]],                # each table: each cell's paragraphs
  "footnotes": [[str]], "endnotes": [[str]],   # each note's paragraphs
  "frames": [[str]],                  # text frames (text boxes)
  "headers": [[str]], "footers": [[str]],      # those switched on, of every page style
}
"""


def soffice() -> str | None:
    """LibreOffice's ``soffice`` (``$TERMLINT_SOFFICE`` if set), or None."""
    return shutil.which(os.environ.get("TERMLINT_SOFFICE") or "soffice")


def uno_python() -> str:
    """The Python that has LibreOffice's ``uno`` (``$TERMLINT_UNO_PYTHON`` if set)."""
    return os.environ.get("TERMLINT_UNO_PYTHON") or "/usr/bin/python3"


def _clean_env() -> dict[str, str]:
    """The environment without the tests' virtual environment, for the system
    Python and for LibreOffice."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    venv = os.environ.get("VIRTUAL_ENV")
    if venv:
        env["PATH"] = os.pathsep.join(
            p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(venv)
        )
    return env


def missing() -> list[str]:
    """What is missing to run LibreOffice from the tests (empty: nothing)."""
    out = []
    if soffice() is None:
        out.append("soffice (libreoffice-writer-nogui)")
    if shutil.which("pdftoppm") is None:
        out.append("pdftoppm (poppler-utils)")
    python = uno_python()
    try:
        ok = (
            subprocess.run(
                [python, "-c", "import uno"],
                env=_clean_env(),
                capture_output=True,
                timeout=30,
                check=False,
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    if not ok:
        out.append(f"the uno module for {python} (python3-uno)")
    return out


def available() -> bool:
    return not missing()


def require() -> None:
    """Skip the calling test when LibreOffice is missing; under CI (``CI`` set),
    fail it instead: ``.ci/run`` installs LibreOffice, so missing is a fault."""
    gone = missing()
    if not gone:
        return
    message = "LibreOffice is not usable, missing: " + ", ".join(gone)
    if os.environ.get("CI"):
        pytest.fail(message + " (.ci/run installs it)")
    pytest.skip(message)


def artifacts_dir() -> Path:
    """Where tests keep pictures for a look: ``$TERMLINT_ARTIFACTS`` or the
    repository's ``test-artifacts/`` (ignored by git)."""
    path = Path(os.environ.get("TERMLINT_ARTIFACTS") or ROOT / "test-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


class OfficeError(RuntimeError):
    """LibreOffice failed, hung or could not do what was asked."""


def _kill_group(proc: subprocess.Popen[bytes], grace: float = 10) -> None:
    """Stop a process started in its own session, and everything it started:
    SIGTERM, ``grace`` seconds, then SIGKILL."""
    if proc.poll() is None and grace > 0:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


class Office:
    """A headless LibreOffice of its own, for several documents.

    ``workdir`` holds the job files, copies of the documents, the log and
    (unless ``profile`` is given) the profile; by default a temporary
    directory that is removed on close. ``timeout``: seconds one document may
    take; past it LibreOffice is killed and :class:`OfficeError` raised.
    ``connection``: how LibreOffice listens, as its ``--accept`` takes it
    without the protocol (default: a named pipe of its own; a socket is
    ``"socket,host=127.0.0.1,port=N"``).
    """

    def __init__(
        self,
        workdir: str | Path | None = None,
        *,
        profile: str | Path | None = None,
        timeout: float = DOCUMENT_TIMEOUT,
        connection: str | None = None,
    ):
        self.timeout = timeout
        self._tmp = None if workdir else tempfile.mkdtemp(prefix="termlint-lo-")
        self.workdir = Path(workdir or self._tmp or "").resolve()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.profile = Path(profile or self.workdir / f"profile-{uuid.uuid4().hex[:8]}").resolve()
        self.connection = (
            connection or f"pipe,name=termlint_lo_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        )
        self.log = self.workdir / "soffice.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._jobs = 0
        self._finalizer: weakref.finalize[Any, Any] | None = None

    # --- life ---------------------------------------------------------------

    def start(self) -> Office:
        program = soffice()
        if program is None:
            raise OfficeError("soffice is not installed")
        self.profile.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [
                    program,
                    f"-env:UserInstallation={self.profile.as_uri()}",
                    "--headless",
                    "--invisible",
                    "--nologo",
                    "--norestore",
                    "--nodefault",
                    "--nolockcheck",
                    f"--accept={self.connection};urp;StarOffice.ComponentContext",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_clean_env(),
                start_new_session=True,  # its own process group: killed as one
            )
        self._finalizer = weakref.finalize(self, _kill_group, self.proc)
        deadline = time.monotonic() + START_TIMEOUT
        try:
            while True:  # until it answers, dies, or takes too long
                try:
                    self._run([{"op": "ping", "wait": 2}], 30)
                    return self
                except OfficeError as e:
                    if self.proc.poll() is not None or time.monotonic() > deadline:
                        raise OfficeError(f"LibreOffice did not start: {e}") from e
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Ask LibreOffice to quit, then make sure it has: kill its process
        group. Removes the profile and, if temporary, the working directory."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(OfficeError):
                self._run([{"op": "quit"}], 30)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=15)
        if self._finalizer is not None:
            self._finalizer()  # kills what is left of the group
        shutil.rmtree(self.profile, ignore_errors=True)
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
        self.proc = None

    def _kill(self) -> None:
        if self.proc is not None:
            _kill_group(self.proc, grace=0)

    def __enter__(self) -> Office:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- jobs ---------------------------------------------------------------

    def _run(self, jobs: list[dict[str, Any]], timeout: float) -> list[dict[str, Any]]:
        if self.proc is None:
            raise OfficeError("LibreOffice is not running: use Office as a context manager")
        self._jobs += 1
        jobs_path = self.workdir / f"jobs-{self._jobs}.json"
        results_path = self.workdir / f"results-{self._jobs}.json"
        jobs_path.write_text(json.dumps(jobs), encoding="utf-8")
        command = [uno_python(), str(SCRIPT), self.connection, str(jobs_path), str(results_path)]
        try:
            done = subprocess.run(
                command, env=_clean_env(), capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired as e:
            self._kill()  # a hung LibreOffice is of no more use
            raise OfficeError(f"LibreOffice took over {timeout:.0f} s: {self._log_tail()}") from e
        if not results_path.exists():
            raise OfficeError(
                f"{SCRIPT.name} failed ({done.returncode}): {done.stderr.strip()}\n"
                f"{self._log_tail()}"
            )
        results: list[dict[str, Any]] = json.loads(results_path.read_text(encoding="utf-8"))
        for result in results:
            if "error" in result:
                raise OfficeError(f"{result['error']}\n{self._log_tail()}")
        return results

    def _log_tail(self) -> str:
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        alive = self.proc is not None and self.proc.poll() is None
        state = "LibreOffice is running" if alive else "LibreOffice has stopped"
        return state + ("; its log ends:\n" + "\n".join(lines[-15:]) if lines else "")

    def inspect_all(
        self,
        paths: list[str | Path],
        *,
        accept: bool = True,
        save_as: list[str | Path | None] | None = None,
    ) -> list[dict[str, Any]]:
        """:meth:`inspect` for several documents in one round trip."""
        jobs = []
        for i, path in enumerate(paths):
            source = Path(path).resolve()
            # LibreOffice opens a copy: its lock file (left behind if it is
            # killed) lands in the working directory, and the file is untouched.
            copy = self.workdir / f"doc-{self._jobs + 1}-{i}" / source.name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
            job: dict[str, Any] = {"op": "inspect", "path": str(copy), "accept": accept}
            if save_as and save_as[i]:
                job["save_as"] = str(Path(save_as[i] or "").resolve())
            jobs.append(job)
        results = self._run(jobs, self.timeout * max(1, len(jobs)))
        for path, result in zip(paths, results, strict=True):
            result["path"] = str(path)
        return results

    def inspect(
        self, path: str | Path, *, accept: bool = True, save_as: str | Path | None = None
    ) -> dict[str, Any]:
        """Open ``path`` and report its tracked changes, its comments and its
        text (``before``); then, if ``accept``, accept all tracked changes and
        report the text again (``after``), saving the result to ``save_as``
        (``.docx``, ``.odt`` or ``.txt``) if given. See :data:`SHAPE`."""
        return self.inspect_all([path], accept=accept, save_as=[save_as])[0]


def pdf_to_png(pdf: Path, stem: Path, *, dpi: int = 60) -> Path:
    """Rasterise the first page of ``pdf`` to ``<stem>.png``."""
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), stem],
        check=True,
        capture_output=True,
        timeout=60,
    )
    png = stem.parent / (stem.name + ".png")
    if not png.exists():
        raise OfficeError(f"pdftoppm wrote no {png}")
    return png


def inspect(path: str | Path, **options: Any) -> dict[str, Any]:
    """:meth:`Office.inspect` with a LibreOffice of its own, started and
    stopped for this one document (slower: prefer one :class:`Office` per
    test module)."""
    with Office() as running:
        return running.inspect(path, **options)


def convert(path: str | Path, fmt: str, out_dir: str | Path, *, timeout: float = 120) -> Path:
    """``soffice --headless --convert-to fmt`` with a profile of its own: the
    converted file, ``out_dir/<stem>.<fmt>``."""
    program = soffice()
    if program is None:
        raise OfficeError("soffice is not installed")
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    source = Path(path).resolve()
    with tempfile.TemporaryDirectory(prefix="termlint-lo-") as tmp:
        profile = Path(tmp) / "profile"
        copy = Path(tmp) / "in" / source.name  # any lock file lands here
        copy.parent.mkdir()
        shutil.copyfile(source, copy)
        proc = subprocess.Popen(
            [
                program,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                fmt,
                "--outdir",
                str(out),
                str(copy),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=_clean_env(),
            start_new_session=True,
        )
        try:
            log, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as e:
            _kill_group(proc, grace=0)
            raise OfficeError(f"soffice --convert-to {fmt} took over {timeout:.0f} s") from e
        finally:
            _kill_group(proc)
    target = out / (source.stem + "." + fmt.split(":")[0])
    if proc.returncode != 0 or not target.exists():
        raise OfficeError(
            f"soffice --convert-to {fmt} failed ({proc.returncode}): "
            + log.decode(errors="replace")
        )
    return target


#: PDF export of the first page, comments as PDF notes (shown as icons).
PDF_FIRST_PAGE = (
    "pdf:writer_pdf_Export:{"
    '"PageRange":{"type":"string","value":"1"},'
    '"ExportNotes":{"type":"boolean","value":"true"}}'
)


def render_first_page(
    path: str | Path,
    out_dir: str | Path,
    *,
    name: str | None = None,
    dpi: int = 60,
    keep_pdf: bool = False,
) -> Path:
    """The first page of ``path`` as LibreOffice shows it (tracked changes
    marked, comments as note icons) in ``out_dir/<name>.png`` (default name:
    the file's, dots made dashes): ``soffice --convert-to pdf`` in a profile of
    its own, then ``pdftoppm``. ``keep_pdf``: keep the one-page PDF too, as
    ``<name>.pdf``. Needs no :class:`Office`, and does not disturb one that is
    running."""
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    stem = name or Path(path).name.replace(".", "-")
    with tempfile.TemporaryDirectory(prefix="termlint-pdf-") as tmp:
        pdf = convert(path, PDF_FIRST_PAGE, tmp)
        png = pdf_to_png(pdf, out / stem, dpi=dpi)
        if keep_pdf:
            shutil.copyfile(pdf, out / f"{stem}.pdf")
        return png
