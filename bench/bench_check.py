"""Throughput of ``termlint check`` and its flatness as the rule set grows.

Builds a corpus of about 10 MB from ../shared/corpus (the texts repeated),
then times ``termlint check`` on it with the default rules, and with the
default rules plus 10x and 100x as many synthetic rules. Prints wall time,
MB/s and the ratio to the default rule set, for the whole command and for the
engine alone (in process, no start-up or output).

    python bench/bench_check.py [--size-mb 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = HERE / "out"


def build_corpus(size_mb: float) -> Path:
    OUT.mkdir(exist_ok=True)
    target = OUT / f"corpus-{size_mb:g}mb.txt"
    want = int(size_mb * 1_000_000)
    if target.is_file() and target.stat().st_size >= want:
        return target
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if not texts:
        sys.exit(f"no corpus texts in {CORPUS}")
    chunk = "\n\n".join(texts)
    parts, size = [], 0
    while size < want:
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    target.write_text("\n\n".join(parts), encoding="utf-8")
    return target


def synthetic_pack(n_rules: int, seed: int = 7) -> Path:
    """``n_rules`` avoid rules of 4 terms each, built from corpus vocabulary so
    that the first word of most phrases occurs in the text (a realistic load
    for the matcher), while whole phrases rarely do."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"synthetic-{n_rules}.yaml"
    if path.is_file():
        return path
    rng = random.Random(seed)
    words = sorted(
        {
            w.lower()
            for p in CORPUS.glob("*.txt")
            for w in re.findall(r"[A-Za-z]{4,12}", p.read_text(encoding="utf-8"))
        }
    )
    lines = ["extends: [default]", "rules:"]
    for i in range(n_rules):
        terms = []
        for _ in range(4):
            a, b, c = rng.sample(words, 3)
            form = rng.choice(["{a} {b}(s)", "{a} ({b}|{c})", "{a} {b} {c}", "{a}-{b}"])
            terms.append(form.format(a=a, b=b, c=c))
        lines += [
            f"  - id: synthetic-{i}",
            "    kind: avoid",
            "    severity: info",
            f"    terms: [{', '.join(terms)}]",
            "    rationale: Synthetic rule for benchmarking.",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def termlint_cmd() -> list[str]:
    exe = shutil.which("termlint", path=str(Path(sys.executable).parent)) or shutil.which(
        "termlint"
    )
    return [exe] if exe else [sys.executable, "-m", "termlint"]


def time_cli(corpus: Path, config: Path | None, repeat: int) -> tuple[float, int]:
    args = [*termlint_cmd(), "check", "--format", "json", "--fail-on", "never", str(corpus)]
    if config:
        args[2:2] = ["--config", str(config)]
    times, out = [], b""
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(args, capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            sys.exit(proc.stderr.decode())
        out = proc.stdout
    return min(times), out.count(b'"rule":')


def time_engine(corpus: Path, config: Path | None, repeat: int) -> float:
    sys.path.insert(0, str(ROOT))
    from termlint.config import default_config, load_config_file
    from termlint.formats import to_document

    cfg = load_config_file(config) if config else default_config()
    engine = cfg.engine()
    text = corpus.read_text(encoding="utf-8")
    times = []
    for _ in range(repeat):
        doc = to_document(str(corpus), text, "text")  # fresh: no cached analysis
        t0 = time.perf_counter()
        engine.check(doc)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    corpus = build_corpus(args.size_mb)
    mb = corpus.stat().st_size / 1_000_000
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"corpus: {corpus.name}, {mb:.1f} MB; best of {args.repeat} runs")
    print()
    header = f"{'rules':<28}{'findings':>9}{'cli s':>8}{'cli MB/s':>10}{'ratio':>7}"
    header += f"{'engine s':>10}{'eng MB/s':>10}{'ratio':>7}"
    print(header)
    base_cli = base_engine = None
    n_default = None
    for label, n_synth in (
        ("default", 0),
        ("default + 10x synthetic", 10),
        ("default + 100x synthetic", 100),
    ):
        if n_default is None:
            sys.path.insert(0, str(ROOT))
            from termlint.ruleset import load_pack

            n_default = len(load_pack("default").rules)
        config = synthetic_pack(n_synth * n_default) if n_synth else None
        cli, findings = time_cli(corpus, config, args.repeat)
        eng = time_engine(corpus, config, args.repeat)
        base_cli = base_cli or cli
        base_engine = base_engine or eng
        name = f"{label} ({n_default * (1 + n_synth)})"
        cli_cols = f"{findings:>9}{cli:>8.2f}{mb / cli:>10.1f}{cli / base_cli:>7.2f}"
        eng_cols = f"{eng:>10.2f}{mb / eng:>10.1f}{eng / base_engine:>7.2f}"
        print(f"{name:<28}{cli_cols}{eng_cols}")

    # Peers in the same run. proselint is installed with termlint; it runs its
    # own general style checks (it takes no term list), on 1 MB because it is slow.
    one_mb = OUT / "corpus-1mb-slice.txt"
    one_mb.write_text(corpus.read_text(encoding="utf-8")[:1_000_000], encoding="utf-8")
    ours, _ = time_cli(one_mb, None, args.repeat)
    proselint = shutil.which("proselint", path=str(Path(sys.executable).parent))
    print(f"\npeers on a 1 MB slice (ratio = peer time / termlint time); termlint {ours:.2f} s")
    if proselint:
        t0 = time.perf_counter()
        subprocess.run([proselint, "check", str(one_mb)], capture_output=True, check=False)
        peer = time.perf_counter() - t0
        print(f"  proselint (own checks, one run): {peer:.2f} s, ratio {peer / ours:.1f}")
    else:
        print("  proselint: not installed")

    small = OUT / "small-1kb.md"
    small.write_text(corpus.read_text(encoding="utf-8")[:1000], encoding="utf-8")
    starts = []
    for _ in range(10):
        t0 = time.perf_counter()
        subprocess.run([*termlint_cmd(), "check", str(small)], capture_output=True, check=False)
        starts.append(time.perf_counter() - t0)
    print(f"\ncold start, check of a 1 KB file: median {statistics.median(starts) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
