"""One large file with --jobs (issue 22, point 3): memory and speed.

    python3 bench/bench_bigfile.py [--sizes 10,100] [--repeat 3]

The files are those bench/run.py builds (the texts of ../shared/corpus
repeated into one plain-text file of 10 and 100 MB, kept in bench/out).
For each file and output format it runs the installed ``termlint check``
on the file read whole (one job, ``TERMLINT_SPLIT_BYTES`` larger than the
file), then with ``--jobs 1`` and ``--jobs 2`` (cut into pieces from 20 and
8 MB on), output to a file, then compared, and reports:

* seconds (best of ``--repeat``; 100 MB runs once);
* the peak resident set of the largest termlint process (GNU time's
  ``%M``, which is what ``/usr/bin/time -v`` shows: the parent or one
  worker, whichever was largest);
* the peak of the memory of all termlint processes together, parent and
  workers, sampled every 20 ms from /proc (proportional set sizes, so that
  pages the workers share with the parent after fork count once);
* whether the output is byte for byte that of the file read whole.

It prints a Markdown report (also written to bench/out/bigfile.md).
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

from run import build_file  # noqa: E402  (bench/run.py: the same corpora)

GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None


@dataclass
class Measured:
    seconds: float
    largest_mb: float  # GNU time's %M: the largest single process
    total_mb: float  # sampled: all processes of the run together (PSS)
    code: int


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += _children(p)
    return found


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    m = re.search(r"^Pss:\s+(\d+)", text, re.MULTILINE)
    return int(m.group(1)) if m else 0


def run(args: list[str], output: Path, env: dict[str, str] | None = None) -> Measured:
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "rss"
        command = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *args] if GNU_TIME else args
        peak = 0
        done = threading.Event()
        with output.open("wb") as out:
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                command, stdout=out, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})}
            )

            def sample() -> None:
                nonlocal peak
                while not done.is_set():
                    pids = [p for p in _tree(proc.pid) if p != proc.pid or not GNU_TIME]
                    peak = max(peak, sum(_pss_kb(p) for p in pids))
                    done.wait(0.02)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            proc.wait()
            seconds = time.perf_counter() - t0
            done.set()
            sampler.join()
        found = re.search(r"(\d+)\s*$", rss_file.read_text()) if rss_file.is_file() else None
    largest = int(found.group(1)) / 1024 if found else 0.0
    return Measured(seconds, largest, peak / 1024, proc.returncode)


def termlint() -> list[str]:
    exe = shutil.which("termlint", path=str(Path(sys.executable).parent)) or shutil.which(
        "termlint"
    )
    return [exe] if exe else [sys.executable, "-m", "termlint"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100", help="file sizes in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best kept)")
    parser.add_argument("--formats", default="text,json,sarif")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    lines = [
        "# termlint check of one large file: read whole, --jobs 1 and 2",
        "",
        f"- date: {time.strftime('%Y-%m-%d')}",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}",
        f"- command: `python3 bench/bench_bigfile.py --sizes {args.sizes} "
        f"--repeat {args.repeat} --formats {args.formats}`",
        "",
        "| file | format | jobs | seconds | largest process MB | all processes MB | "
        "same output as read whole |",
        "|---|---|---|---|---|---|---|",
    ]
    print("\n".join(lines), flush=True)
    for size in (float(s) for s in args.sizes.split(",")):
        path = build_file(size)
        repeat = 1 if size >= 50 else args.repeat
        for fmt in args.formats.split(","):
            outputs = {}
            for jobs in ("1 (whole)", 1, 2):
                outputs[jobs] = OUT / f"bigfile-{size:g}-{fmt}-j{str(jobs)[0]}{len(outputs)}.out"
                # a piece larger than the file: read whole
                env = {"TERMLINT_SPLIT_BYTES": str(1 << 40)} if isinstance(jobs, str) else None
                command = [
                    *termlint(),
                    "check",
                    "--format",
                    fmt,
                    "--fail-on",
                    "never",
                    "--jobs",
                    str(jobs)[0],
                    str(path),
                ]
                runs = [run(command, outputs[jobs], env) for _ in range(repeat)]
                best = min(runs, key=lambda m: m.seconds)
                whole = outputs["1 (whole)"]
                same = "" if env else str(filecmp.cmp(whole, outputs[jobs], shallow=False))
                row = (
                    f"| {size:g} MB | {fmt} | {jobs} | {best.seconds:.2f} | "
                    f"{max(m.largest_mb for m in runs):.0f} | {max(m.total_mb for m in runs):.0f} "
                    f"| {same} |"
                )
                lines.append(row)
                print(row, flush=True)
            for out in outputs.values():
                out.unlink()
    (OUT / "bigfile.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
