"""Score termlint against the annotated development set.

The annotations in ``tests/data/devset/*.tsv`` list, for each text of
``../shared/corpus``, every span the default rules should flag (``flag``) and
every candidate span they must not flag (``ok``: names, titles, quotations,
mentions, legal definitions, clinical use, wikitext targets...), each with its
rule and rule family. See docs/quality.md for the annotation guidelines.

A finding counts as flagged when an exemption did not downgrade it to
``info``. A true positive is a flagged finding at the start of a ``flag`` span
of the same family; every other flagged finding is a false positive; every
``flag`` span without one is a false negative.

    python tests/devset.py                 # runs the installed termlint
    python tests/devset.py findings.json   # scores a saved --format json output
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "devset"
CORPUS = HERE.parent.parent / "shared" / "corpus"

#: Rule families: the sections of the terminology reference.
FAMILIES = {
    "material": (
        "child-pornography child-porn-slang cp-abbrev child-pornographer "
        "pornographic-images-of-children virtual-child-pornography deepfake-ai child-erotica "
        "child-abuse-images-precision self-produced-sexting live-streaming"
    ).split(),
    "people": (
        "child-prostitute child-prostitution child-sex-tourism child-sex-tourist "
        "paedophile-misuse paedo-slang predator offender-ring children-hsb minor-vs-child"
    ).split(),
    "acts": (
        "sex-with-child relationship-framing molest-euphemism historic-abuse "
        "teen-porn-jailbait revenge-porn sextortion exploited-vs-abused child-sex-abuse"
    ).split(),
}
#: Families the development set does not annotate (see docs/quality.md).
NOT_ANNOTATED: tuple[str, ...] = ()
#: Corpus files that are not plain text, and the format to read them as.
FORMATS = {"001_91f895843cba1422.txt": "wikitext"}


def family_of(rule: str) -> str:
    for family, rules in FAMILIES.items():
        if rule in rules:
            return family
    if rule.startswith("acronym-"):
        return "acronyms"
    if rule.startswith("spelling-"):
        return "spelling"
    raise KeyError(f"rule {rule!r} has no family: add it to FAMILIES")


@dataclass
class Annotation:
    file: str
    line: int
    column: int
    rule: str
    family: str
    label: str
    reason: str
    text: str


def load_annotations() -> list[Annotation]:
    out = []
    for path in sorted(DATA.glob("*.tsv")):
        name = path.stem + ".txt"
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw or raw.startswith("#"):
                continue
            line, column, rule, family, label, reason, text = raw.split("\t")
            out.append(Annotation(name, int(line), int(column), rule, family, label, reason, text))
    return out


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(findings: list[dict], annotations: list[Annotation]) -> dict[str, Score]:
    """Precision and recall per family (and ``all``)."""
    wanted = {(a.file, a.line, a.column, a.family): a for a in annotations if a.label == "flag"}
    found: set[tuple[str, int, int, str]] = set()
    scores: dict[str, Score] = defaultdict(Score)
    for f in findings:
        family = family_of(f["rule"])
        if family in NOT_ANNOTATED or f["severity"] == "info" or "suppressed_by" in f:
            continue
        key = (Path(f["path"]).name, f["line"], f["column"], family)
        if key in found:
            continue  # two rules of one family at one place count once
        found.add(key)
        where = f"{key[0]}:{key[1]}:{key[2]} [{f['rule']}] {f['text']!r}"
        for name in (family, "all"):
            if key in wanted:
                scores[name].tp += 1
            else:
                scores[name].fp += 1
                scores[name].false_positives.append(where)
    for key, a in wanted.items():
        if key not in found:
            where = f"{a.file}:{a.line}:{a.column} [{a.rule}] {a.text!r}"
            for name in (a.family, "all"):
                scores[name].fn += 1
                scores[name].false_negatives.append(where)
    return dict(scores)


def run_termlint(corpus: Path = CORPUS) -> list[dict]:
    exe = shutil.which("termlint", path=str(Path(sys.executable).parent)) or shutil.which(
        "termlint"
    )
    cmd = [exe] if exe else [sys.executable, "-m", "termlint"]
    findings: list[dict] = []
    for path in sorted(corpus.glob("*.txt")):
        fmt = ["--input-format", FORMATS[path.name]] if path.name in FORMATS else []
        proc = subprocess.run(
            [*cmd, "check", "--format", "json", "--fail-on", "never", *fmt, str(path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=HERE,  # no project configuration: the packaged default pack
        )
        findings += json.loads(proc.stdout)["findings"]
    return findings


def table(scores: dict[str, Score]) -> str:
    lines = ["| family | TP | FP | FN | precision | recall |", "|---|---|---|---|---|---|"]
    order = [*FAMILIES, "acronyms", "spelling", "all"]
    for name in order:
        s = scores.get(name, Score())
        lines.append(f"| {name} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.3f} | {s.recall:.3f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    findings = json.loads(Path(argv[0]).read_text())["findings"] if argv else run_termlint()
    scores = score(findings, load_annotations())
    print(table(scores))
    overall = scores.get("all", Score())
    for title, items in (
        ("false positives", overall.false_positives),
        ("false negatives", overall.false_negatives),
    ):
        print(f"\n{title} ({len(items)}):")
        for item in items:
            print("  " + item)


if __name__ == "__main__":
    main(sys.argv[1:])
