"""All of termlint's benchmarks in one run, with its peers side by side.

    python3 -m pip install '.[bench]' && python3 bench/run.py

Options: ``--sizes 1,10,100`` (MB), ``--repeat 3``, ``--no-peers``,
``--no-npm``, ``--no-lsp``, ``--no-serve``. The report is printed as Markdown and written to
``bench/out/report.md``; corpora and peer installs are kept in ``bench/out``.

What it measures (see docs/benchmarks.md for the targets):

1. throughput of ``termlint check`` on corpora of 1, 10 and 100 MB built from
   ../shared/corpus, as one plain-text file and as a directory of about 20 KB
   Markdown files (``--jobs 1``);
2. flatness: the engine in process, and the whole command, with the default
   rules and with 10x and 100x as many synthetic rules, on 10 MB; and where
   the engine's time goes on 10 MB, stage by stage;
3. cold start: ``termlint check`` of a 1 KB Markdown file, median of 10 runs
   (and the very first run, with no compiled-pattern cache);
4. peak memory (maximum resident set size) of ``check`` on the 10 MB file;
5. ``--jobs`` scaling on the 10 MB directory;
6. language-server latency after an edit of a 1 MB document (bench_lsp.py);
7. peers on the same files: proselint, codespell and typos from PyPI, and
   textlint with textlint-rule-prh, and alex, when ``npm`` is available.
   codespell, typos and prh are given the default pack's terms (codespell and
   typos check single words only, so they get the one-word terms).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = HERE / "out"
NODE = OUT / "node"
PEER_TIMEOUT = 900
NPM_PEERS = ("textlint@15", "textlint-rule-prh@6", "alex@11")

# --------------------------------------------------------------------------- corpora


def corpus_text() -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if not texts:
        sys.exit(f"no corpus texts in {CORPUS}")
    return "\n\n".join(texts)


def build_file(size_mb: float) -> Path:
    """One plain-text file of ``size_mb`` MB: the corpus texts repeated."""
    OUT.mkdir(exist_ok=True)
    target = OUT / f"corpus-{size_mb:g}mb.txt"
    want = int(size_mb * 1_000_000)
    if target.is_file() and abs(target.stat().st_size - want) < 200_000:
        return target
    chunk = corpus_text()
    data = (chunk + "\n\n") * (want // len(chunk.encode("utf-8")) + 1)
    encoded = data.encode("utf-8")[:want]
    target.write_bytes(encoded.decode("utf-8", "ignore").encode("utf-8"))
    return target


def prose_paragraphs() -> list[str]:
    """Ordinary English prose on no topic of termlint's: the paragraphs of
    the Python standard library's own documentation that ships with every
    interpreter (its docstrings and the reference manual's topics), kept
    where a paragraph reads as sentences (no code, no tables). About 1.3 MB
    of distinct text, the same on every machine with the same Python."""
    import ast
    import sysconfig

    out: list[str] = []

    def keep(block: str) -> None:
        para = " ".join(block.split())
        if len(para) < 80 or ">>>" in para or "::" in para:
            return
        if sum(c.isalpha() or c == " " for c in para) / len(para) < 0.9:
            return
        if "." in para:
            out.append(para)

    with contextlib.suppress(ImportError):
        import pydoc_data.topics as topics

        for topic in topics.topics.values():
            for block in re.split(r"\n\s*\n", topic):
                if not block.startswith((" ", "*", "=", "-")):
                    keep(block)
    root = Path(sysconfig.get_paths()["stdlib"])
    skip = {"test", "tests", "idlelib", "site-packages", "lib2to3", "turtledemo"}
    for path in sorted(root.rglob("*.py")):
        if skip.intersection(path.parts):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                for block in re.split(r"\n\s*\n", ast.get_docstring(node) or ""):
                    keep(block)
    return list(dict.fromkeys(out))


def build_prose(size_mb: float, topical: float) -> Path:
    """One plain-text file of ``size_mb`` MB of ordinary prose
    (:func:`prose_paragraphs`, repeated) in which a share ``topical`` of the
    paragraphs are the corpus's (about abuse, dense with findings), spread
    evenly: ``topical=0.02`` is a general archive, ``0`` prose with no
    topical paragraph at all."""
    OUT.mkdir(exist_ok=True)
    target = OUT / f"prose-{size_mb:g}mb-{topical * 100:g}pct.txt"
    want = int(size_mb * 1_000_000)
    if target.is_file() and abs(target.stat().st_size - want) < 200_000:
        return target
    prose = prose_paragraphs()
    dense = [p for p in corpus_text().split("\n\n") if len(p.strip()) > 40]
    every = round(1 / topical) if topical else 0
    parts: list[str] = []
    total = i = j = 0
    while total < want:
        if every and len(parts) % every == every - 1:
            para = dense[j % len(dense)]
            j += 1
        else:
            para = prose[i % len(prose)]
            i += 1
        parts.append(para)
        total += len(para.encode("utf-8")) + 2
    target.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return target


def build_directory(size_mb: float) -> Path:
    """A directory of about 20 KB Markdown files, ``size_mb`` MB in all, cut at
    paragraph breaks, each with a heading."""
    target = OUT / f"corpus-{size_mb:g}mb-md"
    marker = target / ".complete"
    if marker.is_file():
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    paragraphs = [p for p in corpus_text().split("\n\n") if p.strip()]
    want = int(size_mb * 1_000_000)
    total = index = 0
    n = 0
    while total < want:
        parts: list[str] = [f"# Part {n + 1}"]
        size = 0
        while size < 20_000:
            para = paragraphs[index % len(paragraphs)]
            index += 1
            parts.append(para[:20_000])
            size += len(para[:20_000]) + 2
        body = "\n\n".join(parts) + "\n"
        (target / f"doc-{n:05d}.md").write_text(body, encoding="utf-8")
        total += len(body.encode("utf-8"))
        n += 1
    marker.write_text(str(n))
    return target


def megabytes(path: Path) -> float:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.glob("*.md")) / 1_000_000
    return path.stat().st_size / 1_000_000


def synthetic_pack(n_rules: int, seed: int = 7) -> Path:
    """``n_rules`` avoid rules of 4 terms each, built from corpus vocabulary so
    that the first word of most phrases occurs in the text (a realistic load
    for the matcher), while whole phrases rarely do."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"synthetic-{n_rules}.yaml"
    if path.is_file():
        return path
    rng = random.Random(seed)
    words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,12}", corpus_text())})
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


# --------------------------------------------------------------------------- running


@dataclass
class Timed:
    seconds: float
    max_rss_mb: float
    code: int
    output: str


# Peak memory comes from GNU time: a process started from this (large) one
# would otherwise report at least this process's peak, which Linux carries
# over fork and exec; GNU time is small.
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None


def run_timed(args: Sequence[str], *, timeout: float = PEER_TIMEOUT, rss: bool = True) -> Timed:
    """Run a command; wall time, peak memory (of that command) and output."""
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "rss"
        command = list(args)
        if rss and GNU_TIME:
            command = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *command]
        with (Path(tmp) / "out").open("w+b") as out:
            t0 = time.perf_counter()
            proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
            # Not proc.wait(timeout=...): with a time-out it polls, sleeping up
            # to 50 ms between looks, which rounded every figure up to the next
            # look (a 95 ms start-up was measured as 114 or 165 ms).
            killer = threading.Timer(timeout, proc.kill)
            killer.start()
            try:
                proc.wait()
            finally:
                killer.cancel()
            seconds = time.perf_counter() - t0
            out.seek(0)
            text = out.read().decode("utf-8", "replace")
        found = re.search(r"(\d+)\s*$", rss_file.read_text()) if rss_file.is_file() else None
    return Timed(seconds, int(found.group(1)) / 1024 if found else 0.0, proc.returncode, text)


def best(args: Sequence[str], repeat: int, **kwargs: object) -> Timed:
    runs = [run_timed(args, **kwargs) for _ in range(repeat)]  # type: ignore[arg-type]
    return min(runs, key=lambda r: r.seconds)


def termlint_exe() -> list[str]:
    exe = shutil.which("termlint", path=str(Path(sys.executable).parent)) or shutil.which(
        "termlint"
    )
    return [exe] if exe else [sys.executable, "-m", "termlint"]


def termlint_check(target: Path, *extra: str) -> list[str]:
    return [*termlint_exe(), "check", "--format", "json", "--fail-on", "never", *extra, str(target)]


def count_findings(output: str) -> int:
    return output.count('"rule":')


def engine_seconds(corpus: Path, config: Path | None, repeat: int) -> float:
    """The engine alone, in process: no start-up, reading or output. Run in
    a fresh process of its own, so that the memory a check of 10 MB leaves
    behind does not stay with this one while it times other commands."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_engine_seconds, (corpus, config, repeat))


def _engine_seconds(corpus: Path, config: Path | None, repeat: int) -> float:
    engine, text = _warm_engine(corpus, config)
    return _best_seconds(engine.check, corpus, text, repeat)


def _warm_engine(corpus: Path, config: Path | None) -> tuple[Any, str]:
    """A configuration's engine, its matchers compiled, and the corpus text."""
    from termlint.config import default_config, load_config_file
    from termlint.formats import to_document

    cfg = load_config_file(config) if config else default_config()
    engine = cfg.engine()
    engine.check(to_document("warm-up.txt", "Compiles the matchers.", "text"))
    return engine, corpus.read_text(encoding="utf-8")


def _best_seconds(stage: Callable[[Any], object], corpus: Path, text: str, repeat: int) -> float:
    """The best of ``repeat`` runs of ``stage`` on a fresh document of ``text``
    (no cached analysis)."""
    from termlint.formats import to_document

    times = []
    for _ in range(repeat):
        doc = to_document(str(corpus), text, "text")
        t0 = time.perf_counter()
        stage(doc)
        times.append(time.perf_counter() - t0)
    return min(times)


def engine_stages(corpus: Path, repeat: int) -> list[tuple[str, float]]:
    """Where the engine's time goes on ``corpus``: each row adds a stage to
    the one before (best of ``repeat``), measured in a fresh process."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_engine_stages, (corpus, repeat))


def _engine_stages(corpus: Path, repeat: int) -> list[tuple[str, float]]:
    # The engine's own parts, reached directly: this is a profile, not an API.
    import dataclasses

    engine, text = _warm_engine(corpus, None)
    exemptions = engine._exemptions
    settings = exemptions.settings
    no_decisions = dataclasses.replace(
        settings,
        quotations="flag",
        titles="flag",
        proper_names="flag",
        title_line="flag",
        cue_detectors=[dataclasses.replace(d, effect="flag") for d in settings.cue_detectors],
    )

    def scan(doc: object) -> None:
        for _ in engine._terms.finditer(text):
            pass

    def undecided(doc: object) -> None:
        exemptions.settings = no_decisions
        try:
            engine.check(doc)  # type: ignore[arg-type]
        finally:
            exemptions.settings = settings

    stages = (
        ("lower-casing the text", lambda doc: text.lower()),
        ("the phrase matcher: every occurrence handed to Python", scan),
        ("+ the kinds' checks of each match, and regex rules", engine._matches),
        ("+ findings, document-level kinds (exemption detectors all off)", undecided),
        ("+ exemption detectors (the whole check)", engine.check),
    )
    return [(label, _best_seconds(stage, corpus, text, repeat)) for label, stage in stages]


# --------------------------------------------------------------------------- peers


def default_terms() -> list[tuple[str, str]]:
    """(phrase, replacement) for every phrase variant of the default pack's
    term rules, lower case, words separated by one space."""
    from termlint.ruleset import load_pack
    from termlint.terms import expand_term

    out: dict[str, str] = {}
    for rule in load_pack("default").rules.values():
        if rule.kind not in ("substitute", "avoid", "context"):
            continue
        replacement = rule.replacements[0] if rule.replacements else "(rephrase)"
        for term in rule.terms:
            for variant in expand_term(term):
                if any(t.wild for t in variant):
                    continue
                out.setdefault(" ".join(t.text.lower() for t in variant), replacement)
    return sorted(out.items())


def peer_configs() -> dict[str, Path]:
    """Term lists for the peers that accept one."""
    OUT.mkdir(exist_ok=True)
    terms = default_terms()
    words = [(p, r) for p, r in terms if re.fullmatch(r"[a-z]+", p)]
    codespell = OUT / "codespell-terms.txt"
    codespell.write_text("".join(f"{p}->{r.replace(',', ' ')}\n" for p, r in words), "utf-8")
    typos = OUT / "typos.toml"
    typos.write_text(
        "[default.extend-words]\n"
        + "".join(
            f"{p} = {json.dumps(re.sub(r'[^a-z]', '', r.split()[0].lower()) or 'x')}\n"
            for p, r in words
        ),
        "utf-8",
    )
    prh = OUT / "prh.yml"
    lines = ["version: 1", "rules:"]
    for phrase, replacement in terms:
        body = r"[\s-]+".join(re.escape(w) for w in phrase.split())
        lines += [
            f"  - expected: {json.dumps(replacement)}",
            f"    pattern: {json.dumps('/' + chr(92) + 'b' + body + chr(92) + 'b/i')}",
        ]
    prh.write_text("\n".join(lines) + "\n", "utf-8")
    textlintrc = OUT / "textlintrc.json"
    textlintrc.write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(prh)]}}}), "utf-8")
    return {"codespell": codespell, "typos": typos, "textlintrc": textlintrc, "words": codespell}


def npm_peers(log: list[str]) -> dict[str, Path]:
    """Install textlint, textlint-rule-prh and alex with npm (once)."""
    npm = shutil.which("npm")
    if npm is None:
        log.append("npm not found: textlint+prh and alex skipped")
        return {}
    bin_dir = NODE / "node_modules" / ".bin"
    if not (bin_dir / "textlint").exists() or not (bin_dir / "alex").exists():
        NODE.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(NODE), *NPM_PEERS],
            capture_output=True,
            text=True,
            timeout=PEER_TIMEOUT,
            check=False,
        )
        if proc.returncode != 0:
            log.append(f"npm install failed: {proc.stderr.strip().splitlines()[-1:]}")
            return {}
    return {name: bin_dir / name for name in ("textlint", "alex")}


def version_of(args: Sequence[str]) -> str:
    try:
        proc = subprocess.run(list(args), capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return "?"
    out = (proc.stdout or proc.stderr).strip().splitlines()
    return out[0] if out else "?"


def peer_commands(
    target: Path, configs: dict[str, Path], node: dict[str, Path]
) -> dict[str, list[str]]:
    scripts = str(Path(sys.executable).parent)
    python_peers = {
        "proselint (own checks)": ("proselint", ["check"]),
        "codespell (own dictionary + terms)": (
            "codespell",
            ["-D", "-", "-D", str(configs["codespell"])],
        ),
        "typos (own dictionary + terms)": (
            "typos",
            ["--no-ignore", "--config", str(configs["typos"])],
        ),
    }
    cmds: dict[str, list[str]] = {}
    for name, (exe, options) in python_peers.items():
        found = shutil.which(exe, path=scripts)
        if found:
            cmds[name] = [found, *options, str(target)]
    if "textlint" in node:
        cmds["textlint + prh (terms)"] = [
            str(node["textlint"]),
            "--config",
            str(configs["textlintrc"]),
            "--rules-base-directory",
            str(NODE / "node_modules"),
            str(target),
        ]
    if "alex" in node:
        cmds["alex (own checks)"] = [str(node["alex"]), str(target)]
    return cmds


def phrase_peer_files() -> dict[str, Path]:
    """The default pack's phrases for the peers that take phrases: a list for
    ``grep -F`` and a dictionary plus a regular expression for codespell's
    ``--regex`` (codespell then reports phrases, line by line)."""
    OUT.mkdir(exist_ok=True)
    terms = default_terms()
    phrases = OUT / "phrases.txt"
    phrases.write_text("".join(f"{p}\n" for p, _ in terms), "utf-8")
    dictionary = OUT / "codespell-phrases.txt"
    dictionary.write_text("".join(f"{p}->{r.replace(',', ' ')}\n" for p, r in terms), "utf-8")
    alternatives = "|".join(
        r"[\s-]+".join(re.escape(w) for w in p.split())
        for p, _ in sorted(terms, key=lambda t: -len(t[0]))
    )
    regex = OUT / "codespell-regex.txt"
    regex.write_text(rf"(?i)\b(?:{alternatives})\b", "utf-8")
    return {"phrases": phrases, "dictionary": dictionary, "regex": regex}


def per_core(report: Report, results: dict[str, float], repeat: int, size: float) -> None:
    """Issue 22's measure: one process on a match-dense file and on ordinary
    prose (2 % of its paragraphs about abuse, and none), termlint and the
    peers on the same files in the same run."""
    files = {
        "dense (the corpus repeated)": build_file(size),
        "prose, 2 % topical paragraphs": build_prose(size, 0.02),
        "prose, no topical paragraph": build_prose(size, 0),
    }
    peer = phrase_peer_files()
    configs = peer_configs()
    scripts = str(Path(sys.executable).parent)
    report(f"## Per core: one process, {size:g} MB files (ratio = peer time / termlint time)")
    report()
    report(
        "termlint: `check --format json --jobs 1`, the whole command. grep: `grep -o -i -w -F` "
        "with every phrase variant of the default pack (no line-broken phrases, no "
        "exemptions). codespell: its `--regex` set to those phrases and its dictionary to "
        "them (a phrase linter, line by line). typos: single words only, its own "
        "dictionary plus the one-word terms. Prose is the Python documentation's text "
        "(bench/run.py `prose_paragraphs`)."
    )
    report()
    rows = []
    for label, target in files.items():
        mb = megabytes(target)
        ours = best(termlint_check(target, "--jobs", "1"), repeat)
        results[f"per core {label}"] = mb / ours.seconds
        rows.append(
            [label, "termlint", f"{count_findings(ours.output):,} findings",
             f"{ours.seconds:.2f}", f"{mb / ours.seconds:.1f}", "1.0",
             f"{ours.max_rss_mb:.0f}"]
        )  # fmt: skip
        commands = {}
        if shutil.which("grep"):
            commands["grep -F (phrases)"] = [
                "grep", "-o", "-i", "-w", "-F", "-f", str(peer["phrases"]), str(target)
            ]  # fmt: skip
        codespell = shutil.which("codespell", path=scripts)
        if codespell:
            commands["codespell (phrase regex)"] = [
                codespell, "-D", str(peer["dictionary"]),
                "--regex", peer["regex"].read_text("utf-8"), str(target),
            ]  # fmt: skip
        typos = shutil.which("typos", path=scripts)
        if typos:
            commands["typos (words)"] = [
                typos, "--no-ignore", "--config", str(configs["typos"]), str(target)
            ]  # fmt: skip
        for name, cmd in commands.items():
            timed = best(cmd, repeat)
            lines = len(timed.output.splitlines())
            results[f"per core {label} {name} ratio"] = timed.seconds / ours.seconds
            rows.append(
                [label, name, f"{lines:,} lines", f"{timed.seconds:.2f}",
                 f"{mb / timed.seconds:.1f}", f"{timed.seconds / ours.seconds:.2f}",
                 f"{timed.max_rss_mb:.0f}"]
            )  # fmt: skip
    report.table(["file", "tool", "output", "seconds", "MB/s", "ratio", "peak RSS MB"], rows)


# --------------------------------------------------------------------------- report


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        self("| " + " | ".join(header) + " |")
        self("|" + "---|" * len(header))
        for row in rows:
            self("| " + " | ".join(str(c) for c in row) + " |")
        self()


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem = 0
    return f"{os.cpu_count()} cores ({model}), {mem} GiB, {platform.system()} {platform.machine()}"


def versions() -> str:
    names = ("termlint", "regex", "PyYAML", "click", "pygls", "proselint", "codespell", "typos")
    found = []
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{name} {metadata.version(name)}")
    return f"Python {platform.python_version()}, " + ", ".join(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="corpus sizes in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best kept)")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-npm", action="store_true")
    parser.add_argument("--no-lsp", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--all-peers", action="store_true", help="also run the slow peers on 10 MB")
    parser.add_argument(
        "--per-core-only",
        action="store_true",
        help="only the per-core table (dense and prose files, with grep, codespell, typos)",
    )
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    report = Report()
    report(f"# termlint benchmarks, {time.strftime('%Y-%m-%d')}")
    report()
    report(f"- machine: {machine()}")
    report(f"- versions: {versions()}")
    report(f"- command: `{' '.join(['python3', 'bench/run.py', *sys.argv[1:]])}`")
    report()
    results: dict[str, float] = {}

    per_core(report, results, args.repeat, 10 if 10 in sizes else sizes[0])
    if args.per_core_only:
        write_report(report)
        return

    # 1. throughput -----------------------------------------------------------------
    report("## Throughput (`termlint check --format json`, one process)")
    report()
    rows = []
    for size in sizes:
        repeat = args.repeat if size <= 10 else 1
        for kind, target in (
            ("one file", build_file(size)),
            ("~20 KB .md files", build_directory(size)),
        ):
            extra = ("--jobs", "1") if target.is_dir() else ()
            timed = best(termlint_check(target, *extra), repeat)
            mb = megabytes(target)
            results[f"{kind} {size:g}"] = mb / timed.seconds
            rows.append(
                [
                    f"{size:g} MB",
                    kind,
                    f"{count_findings(timed.output):,}",
                    f"{timed.seconds:.2f}",
                    f"{mb / timed.seconds:.1f}",
                    f"{timed.max_rss_mb:.0f}",
                ]
            )
    report.table(["corpus", "shape", "findings", "seconds", "MB/s", "peak RSS MB"], rows)

    # 2. flatness -------------------------------------------------------------------
    ten = build_file(10 if 10 in sizes else sizes[0])
    from termlint.ruleset import load_pack

    n_default = len(load_pack("default").rules)
    report(f"## Flatness ({megabytes(ten):.0f} MB file; engine in process and whole command)")
    report()
    rows = []
    base_engine = base_cli = 0.0
    for factor in (1, 10, 100):
        # "10x": the default pack plus ten times as many synthetic rules
        config = synthetic_pack(n_default * factor) if factor > 1 else None
        n_rules = n_default + (n_default * factor if factor > 1 else 0)
        cli = best(termlint_check(ten, *(("--config", str(config)) if config else ())), args.repeat)
        eng = engine_seconds(ten, config, args.repeat)
        base_engine = base_engine or eng
        base_cli = base_cli or cli.seconds
        results[f"flat engine {factor}"] = eng / base_engine
        results[f"flat cli {factor}"] = cli.seconds / base_cli
        rows.append(
            [
                "default" if factor == 1 else f"default + {factor}x synthetic",
                f"{n_rules:,}",
                f"{eng:.2f}",
                f"{megabytes(ten) / eng:.1f}",
                f"{eng / base_engine:.2f}",
                f"{cli.seconds:.2f}",
                f"{cli.seconds / base_cli:.2f}",
            ]
        )
    report.table(
        ["rules", "count", "engine s", "engine MB/s", "engine ratio", "command s", "command ratio"],
        rows,
    )
    results["engine MB/s"] = megabytes(ten) / base_engine

    report(f"## Where the engine's time goes ({megabytes(ten):.0f} MB file, in process)")
    report()
    budget = megabytes(ten) / 20
    report.table(
        ["stage", "seconds", "MB/s", "share of the 20 MB/s budget"],
        [
            [label, f"{seconds:.2f}", f"{megabytes(ten) / seconds:.1f}", f"{seconds / budget:.0%}"]
            for label, seconds in engine_stages(ten, args.repeat)
        ],
    )

    # 3. cold start -------------------------------------------------------------------
    small = OUT / "small-1kb.md"
    small.write_text(corpus_text()[:1000], encoding="utf-8")
    with tempfile.TemporaryDirectory() as empty_cache:
        env_first = {**os.environ, "TERMLINT_CACHE_DIR": empty_cache}
        t0 = time.perf_counter()
        subprocess.run([*termlint_exe(), "check", str(small)], capture_output=True, env=env_first)
        first = time.perf_counter() - t0
    starts = [
        run_timed([*termlint_exe(), "check", str(small)], rss=False).seconds for _ in range(11)
    ][1:]
    bare = statistics.median(
        run_timed([sys.executable, "-c", "pass"], rss=False).seconds for _ in range(10)
    )
    cold = statistics.median(starts)
    results["cold start ms"] = cold * 1000
    report("## Cold start (`termlint check` of a 1 KB Markdown file)")
    report()
    report.table(
        ["measure", "ms"],
        [
            ["median of 10 runs", f"{cold * 1000:.0f}"],
            ["fastest", f"{min(starts) * 1000:.0f}"],
            ["first run, empty compiled-pattern cache", f"{first * 1000:.0f}"],
            ["`python -c pass` (interpreter alone)", f"{bare * 1000:.0f}"],
        ],
    )

    # 4-5. memory and jobs ------------------------------------------------------------
    mem = run_timed(termlint_check(ten))
    results["peak RSS MB"] = mem.max_rss_mb
    directory = build_directory(10 if 10 in sizes else sizes[0])
    one = best(termlint_check(directory, "--jobs", "1"), args.repeat)
    two = best(termlint_check(directory, "--jobs", "2"), args.repeat)
    results["jobs speed-up"] = one.seconds / two.seconds
    report("## Peak memory and `--jobs`")
    report()
    report.table(
        ["measure", "value"],
        [
            [f"peak RSS, check of the {megabytes(ten):.0f} MB file", f"{mem.max_rss_mb:.0f} MB"],
            [f"{megabytes(directory):.0f} MB directory, `--jobs 1`", f"{one.seconds:.2f} s"],
            [f"{megabytes(directory):.0f} MB directory, `--jobs 2`", f"{two.seconds:.2f} s"],
            ["speed-up", f"{one.seconds / two.seconds:.2f}x"],
        ],
    )

    # 6. language server ----------------------------------------------------------------
    if not args.no_lsp:
        report("## Language server (1 MB document, one-word edits, debounce included)")
        report()
        rows = []
        for suffix in ("txt", "md"):
            lsp = run_timed(
                [sys.executable, str(HERE / "bench_lsp.py"), "--edits", "9", "--suffix", suffix]
            )
            m = re.search(r"median (\d+) ms, max (\d+) ms", lsp.output)
            opened = re.search(r"open -> diagnostics: (\d+) ms", lsp.output)
            if m is None:
                rows.append([suffix, "failed", lsp.output.strip().splitlines()[-1:], ""])
                continue
            results[f"lsp {suffix} max ms"] = float(m.group(2))
            rows.append([suffix, opened.group(1) if opened else "?", m.group(1), m.group(2)])
        report.table(["document", "open ms", "edit median ms", "edit worst ms"], rows)

    # 6b. termlint serve under load ---------------------------------------------------
    if not args.no_serve:
        report("## `termlint serve` under load (127.0.0.1, keep-alive, 2-20 KB drafts)")
        report()
        report(
            "16 concurrent clients send 2,000 drafts, half to `POST /api/check`, half to "
            "LanguageTool's `POST /v2/check`; the run stops by itself (bench/bench_serve.py)."
        )
        report()
        rows = []
        for workers in (1, 2):
            served = run_timed(
                [sys.executable, str(HERE / "bench_serve.py"), "--workers", str(workers)]
            )
            row = [line for line in served.output.splitlines() if line.startswith("| ")]
            if not row:
                rows.append([str(workers), "failed", "", "", "", "", "", "", ""])
                continue
            cells = [c.strip() for c in row[-1].strip("|").split("|")]
            results[f"serve {workers} workers rps"] = float(cells[5])
            rows.append(cells)
        report.table(
            [
                "workers",
                "clients",
                "requests",
                "drafts",
                "seconds",
                "requests/s",
                "p50 ms",
                "p99 ms",
                "errors",
            ],
            rows,
        )

    # 7. peers ------------------------------------------------------------------------
    if not args.no_peers:
        log: list[str] = []
        configs = peer_configs()
        node = {} if args.no_npm else npm_peers(log)
        report("## Peers (same files, same run; ratio = peer time / termlint time)")
        report()
        n_terms = len(default_terms())
        n_words = len(configs["words"].read_text().splitlines())
        report(
            f"Term lists: prh gets all {n_terms} phrase variants of the default pack "
            f"(as regular expressions); codespell and typos check single words, so "
            f"they get the {n_words} one-word terms on top of their own dictionaries."
        )
        report()
        rows = []
        for size in [s for s in sizes if s <= 10]:
            target = build_file(size)
            ours = best(termlint_check(target), args.repeat)
            found = f"{count_findings(ours.output):,} findings"
            rows.append(
                [
                    f"{size:g} MB",
                    "termlint",
                    found,
                    f"{ours.seconds:.2f}",
                    "1.0",
                    f"{ours.max_rss_mb:.0f}",
                ]
            )
            for name, cmd in peer_commands(target, configs, node).items():
                slow = name.startswith(("textlint", "alex", "proselint"))
                if slow and size > 1 and not args.all_peers:
                    continue  # minutes per run on 10 MB; run on 1 MB only
                timed = run_timed(cmd, timeout=PEER_TIMEOUT)
                shown = f"{timed.seconds:.2f}"
                if timed.seconds >= PEER_TIMEOUT:
                    shown = f"> {PEER_TIMEOUT} (stopped)"
                rows.append(
                    [
                        f"{size:g} MB",
                        name,
                        f"{len(timed.output.splitlines()):,} lines",
                        shown,
                        f"{timed.seconds / ours.seconds:.1f}",
                        f"{timed.max_rss_mb:.0f}",
                    ]
                )
        report.table(["corpus", "tool", "output", "seconds", "ratio", "peak RSS MB"], rows)
        scripts = str(Path(sys.executable).parent)
        peer_versions = [
            f"{name} {version_of([shutil.which(name, path=scripts) or name, '--version'])}"
            for name in ("codespell", "typos")
        ]
        for name, exe in node.items():
            peer_versions.append(f"{name} {version_of([str(exe), '--version'])}")
        report("Peer versions: " + ", ".join(peer_versions) + ".")
        for line in log:
            report(f"Note: {line}")
        report()

    # targets -------------------------------------------------------------------------
    report("## Targets (issue 8)")
    report()
    # (target, result key, unit, at least / at most, goal)
    targets = [
        ("one process, 10 MB file, full default pack (engine)", "engine MB/s", "MB/s", ">=", 20),
        ("10x rules (engine)", "flat engine 10", "x", "<=", 1.3),
        ("100x rules (engine)", "flat engine 100", "x", "<=", 2),
        ("cold start, 1 KB Markdown", "cold start ms", "ms", "<=", 150),
        ("peak RSS, 10 MB file", "peak RSS MB", "MB", "<=", 150),
        ("--jobs 2 vs --jobs 1, directory", "jobs speed-up", "x", ">=", 1.7),
        ("LSP edit -> diagnostics, 1 MB .txt, worst", "lsp txt max ms", "ms", "<=", 300),
        ("LSP edit -> diagnostics, 1 MB .md, worst", "lsp md max ms", "ms", "<=", 300),
        # issue 22: per core, the whole command, one process
        (
            "one process, dense file (command)",
            "per core dense (the corpus repeated)",
            "MB/s",
            ">=",
            10,
        ),
        (
            "one process, prose 2 % topical (command)",
            "per core prose, 2 % topical paragraphs",
            "MB/s",
            ">=",
            40,
        ),
        (
            "one process, prose none topical (command)",
            "per core prose, no topical paragraph",
            "MB/s",
            ">=",
            40,
        ),
    ]
    checks = []
    for name, key, unit, op, goal in targets:
        if key not in results:
            continue
        value = results[key]
        met = value >= goal if op == ">=" else value <= goal
        shown = f"{value:.2f}x" if unit == "x" else f"{value:.1f} {unit}"
        checks.append((name, shown, f"{op} {goal:g}{'x' if unit == 'x' else ' ' + unit}", met))
    report.table(
        ["target", "measured", "goal", "met"],
        [[name, value, goal, "yes" if ok else "**no**"] for name, value, goal, ok in checks],
    )
    write_report(report)


def write_report(report: Report) -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / "report.md").write_text("\n".join(report.lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.platform == "win32":  # pragma: no cover
        sys.exit("bench/run.py runs on Linux or macOS")
    main()
