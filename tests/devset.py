"""Score termlint against the annotated development corpus.

Every passage listed in ``tests/data/devcorpus/passages.tsv`` (real text kept
in ``../shared/devcorpus`` and ``../shared/corpus``) has an annotation file
``tests/data/devcorpus/<name>.tsv`` that lists, following
``../shared/annotation-guide.md``, every span a careful editor would change
(``flag``), every span termlint must leave alone or report at most as
``info`` (``noflag``) and the spans where either answer is defensible
(``ambiguous``, not scored). docs/quality.md explains the format.

The corpus is split once, by passage and genre, into a part the rules are
tuned on (``tune``) and a part that is only measured (``measure``); the
passages in French, German, Spanish, Dutch, Portuguese and Italian (``3xx``)
are split the same way by language. English passages are checked with the
default pack; the others with the default pack and the six language packs,
each paragraph's language identified (``language: auto``), and scored per
language.

Scoring, per passage:

* a *report* is a finding at severity suggestion, warning or error;
* a ``flag`` span that a report overlaps is found (a true positive, counted
  once however many reports overlap it); a ``flag`` span that none overlaps
  is a false negative;
* a report that overlaps no ``flag`` span is a false positive, unless it
  overlaps an ``ambiguous`` span; a ``noflag`` span it overlaps is *hit*;
* direct quotations (tag ``quotation``) are ``flag`` under the quotation
  policy ``flag`` and ``noflag`` under ``info`` (the default) and ``ignore``.

    python tests/devset.py                  # every table, both parts
    python tests/devset.py --policy flag    # only one quotation policy
    python tests/devset.py --languages      # only the languages of paragraphs
    python tests/devset.py --other          # only the passages in other languages

It also prints how often termlint identifies the language of a paragraph
(``termlint.language``) on every paragraph of ../shared/devcorpus, English and
other languages, each labelled with its passage's language (``sources-*.md``)
or, where a paragraph is in another, the one ``languages.tsv`` gives it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "devcorpus"
SHARED = HERE.parent.parent / "shared"

#: The categories of the annotation guide; ``legal-name`` spans are noflag.
CATEGORIES = (
    "child-pornography",
    "child-prostitution",
    "child-sex-tourism",
    "paedophile-as-offender",
    "paedophile-ring",
    "sex-with-child",
    "minimising-verbs",
    "simulated-material",
    "child-erotica",
    "self-produced",
    "sextortion",
    "revenge-porn",
    "jailbait-lolita",
    "acronym-undefined",
    "acronym-mixed",
    "spelling-mixed",
    "legal-name",
)
LABELS = ("flag", "noflag", "ambiguous")
#: Why a span is labelled as it is (see docs/quality.md).
TAGS = frozenset(
    """heading quotation scare-quote mention legal-name legal-category title clinical
    adult not-sense preferred first-use later-use minority tie slang narrative markup
    child-referent no-child-referent statutory other-person""".split()
)
#: The guide's category of each default rule's findings (for false positives).
RULE_CATEGORY = {
    **dict.fromkeys(
        "child-pornography child-porn-slang cp-abbrev child-pornographer "
        "pornographic-images-of-children pornographic-material pornography-production".split(),
        "child-pornography",
    ),
    **dict.fromkeys(
        "child-prostitute child-prostitution prostitution-framing".split(), "child-prostitution"
    ),
    **dict.fromkeys(
        "child-sex-tourism child-sex-tourist sex-tourism-children".split(), "child-sex-tourism"
    ),
    **dict.fromkeys("paedophile-misuse paedo-slang".split(), "paedophile-as-offender"),
    "offender-ring": "paedophile-ring",
    **dict.fromkeys(
        "sex-with-child relationship-framing relationship-hint relationship-anaphor".split(),
        "sex-with-child",
    ),
    "molest-euphemism": "minimising-verbs",
    "molestation-noun": "minimising-verbs",
    "molester-noun": "minimising-verbs",
    **dict.fromkeys("virtual-child-pornography deepfake-ai".split(), "simulated-material"),
    "child-erotica": "child-erotica",
    "self-produced-sexting": "self-produced",
    "sextortion": "sextortion",
    "revenge-porn": "revenge-porn",
    "teen-porn-jailbait": "jailbait-lolita",
    "acronym-undefined": "acronym-undefined",
    "acronym-family-mix": "acronym-mixed",
    # the packs of other languages (rules/fr.yaml...)
    **dict.fromkeys(
        "fr-pedopornographie fr-pedopornographique de-kinderpornografie de-jugendpornografie "
        "es-pornografia-infantil nl-kinderporno nl-kinderporno-juridisch "
        "pt-pornografia-infantil it-pedopornografia".split(),
        "child-pornography",
    ),
    **dict.fromkeys(
        "fr-prostitution-enfantine fr-enfant-prostitue de-kinderprostitution "
        "es-prostitucion-infantil nl-kinderprostitutie nl-loverboy pt-prostituicao-infantil "
        "it-prostituzione-minorile".split(),
        "child-prostitution",
    ),
    **dict.fromkeys(
        "fr-tourisme-sexuel fr-tourisme-sexuel-enfants de-kindersextourismus de-sextourist es-turismo-sexual-infantil "
        "it-turismo-sessuale".split(),
        "child-sex-tourism",
    ),
    **dict.fromkeys(
        "fr-pedophile de-paedophiler de-kinderschaender".split(), "paedophile-as-offender"
    ),
    "de-sex-mit-kindern": "sex-with-child",
    "de-sextortion": "sextortion",
}
#: The packs of other languages, added for the passages in those languages.
OTHER_PACKS = ("fr", "de", "es", "nl", "pt", "it")
POLICIES = ("info", "flag", "ignore")
#: Passages that are not plain text, and the format to read them as.
FORMATS = {"corpus/001_91f895843cba1422.txt": "wikitext"}


def category_of(rule: str) -> str:
    if rule in RULE_CATEGORY:
        return RULE_CATEGORY[rule]
    if rule.startswith("spelling-"):
        return "spelling-mixed"
    return f"({rule})"  # a rule outside the guide's categories


@dataclass(frozen=True)
class Passage:
    file: str  # relative to ../shared, e.g. devcorpus/101.txt
    genre: str
    variety: str
    part: str

    @property
    def name(self) -> str:
        return Path(self.file).stem

    @property
    def path(self) -> Path:
        return SHARED / self.file

    @property
    def language(self) -> str:
        """``en`` for the English passages (1xx, 2xx, corpus), else the
        passage's language (ISO 639-1)."""
        return passage_language(self.variety).replace("mixed", "en")


def passages() -> list[Passage]:
    out = []
    for raw in (DATA / "passages.tsv").read_text(encoding="utf-8").splitlines():
        if raw and not raw.startswith("#"):
            out.append(Passage(*raw.split("\t")))
    return out


def passage_path(name: str) -> Path:
    stem = Path(name).stem
    for p in passages():
        if p.name == stem:
            return p.path
    raise KeyError(f"no passage {name!r} in passages.tsv")


@dataclass(frozen=True)
class Annotation:
    file: str  # the passage's name (file stem)
    line: int
    column: int
    category: str
    label: str
    tags: tuple[str, ...]
    text: str
    start: int  # offsets in the passage's text
    end: int

    def labelled(self, policy: str) -> str:
        """The label under a quotation policy."""
        if "quotation" in self.tags and self.label == "flag" and policy != "flag":
            return "noflag"
        return self.label

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column} [{self.category}] {self.text!r}"


def _offset(text: str, line: int, column: int) -> int:
    pos = 0
    for _ in range(line - 1):
        pos = text.index("\n", pos) + 1
    return pos + column - 1


def load_file_annotations(tsv: str) -> list[Annotation]:
    """The annotations of one passage; ``ValueError`` if a span's text is not
    at its position."""
    name = Path(tsv).stem
    text = passage_path(name).read_text(encoding="utf-8")
    out = []
    for n, raw in enumerate((DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) != 6:
            raise ValueError(f"{name}.tsv:{n}: expected 6 columns, got {len(cols)}")
        line, column, category, label, tags, span = cols
        span = span.replace("\\n", "\n")
        try:
            start = _offset(text, int(line), int(column))
        except (ValueError, IndexError):
            raise ValueError(f"{name}.tsv:{n}: bad position {line}:{column}") from None
        if text[start : start + len(span)] != span:
            found = text[start : start + len(span)]
            raise ValueError(f"{name}.tsv:{n}: {span!r} is not at {line}:{column} ({found!r})")
        out.append(
            Annotation(
                name,
                int(line),
                int(column),
                category,
                label,
                tuple(t for t in tags.split(",") if t and t != "-"),
                span,
                start,
                start + len(span),
            )
        )
    return out


def load_annotations(parts: Iterable[str] = ("tune", "measure")) -> dict[str, list[Annotation]]:
    return {p.name: load_file_annotations(p.name) for p in passages() if p.part in parts}


# --------------------------------------------------------------------------- languages

#: The languages of the devcorpus passages (ISO 639-1).
LANGUAGES = ("en", "fr", "de", "es", "nl", "pt", "it")
#: Shorter paragraphs are counted apart in the language figures.
SHORT = 100


@dataclass(frozen=True)
class Paragraph:
    file: str  # e.g. 301.txt, under ../shared/devcorpus
    number: int  # from 1
    language: str
    start: int  # offsets in the passage's text
    end: int


def passage_language(variety: str) -> str:
    """The language of a passage from its variety in sources-*.md ("fr-BE",
    "pt-BR + en title", "en-GB with -ize forms"): ``mixed`` when it is mixed."""
    if variety.startswith("mixed (") and "+" in variety:
        return "mixed"  # "mixed (nl-NL + en)"
    code = variety.removeprefix("mixed (")[:2]
    return code if code in LANGUAGES else "en"  # "neutral", "mixed (GB ...)"


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The paragraphs of a text: blocks between blank lines, white space
    around them left out."""
    import re

    out = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t\r\f\v]*(?:\n|\Z)))*", text):
        out.append((m.start(), len(m.group().rstrip()) + m.start()))
    return out


def language_paragraphs() -> dict[str, tuple[str, list[Paragraph]]]:
    """Every paragraph of ../shared/devcorpus/*.txt with its language, by
    file: the passage's language (sources-*.md) unless
    tests/data/devcorpus/languages.tsv says otherwise."""
    varieties: dict[str, str] = {}
    for sources in sorted((SHARED / "devcorpus").glob("sources-*.md")):
        for row in sources.read_text(encoding="utf-8").splitlines():
            cols = [c.strip() for c in row.split("|")]
            if len(cols) > 4 and cols[1].endswith(".txt"):
                varieties[cols[1]] = cols[3]
    exceptions: dict[tuple[str, int], str] = {}
    for raw in (DATA / "languages.tsv").read_text(encoding="utf-8").splitlines():
        if raw and not raw.startswith("#"):
            name, number, language = raw.split("\t")
            exceptions[(name, int(number))] = language
    out: dict[str, tuple[str, list[Paragraph]]] = {}
    for path in sorted((SHARED / "devcorpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        language = passage_language(varieties.get(path.name, "en"))
        paragraphs = []
        for i, (start, end) in enumerate(paragraph_spans(text), 1):
            label = exceptions.get((path.name, i), language)
            if label == "mixed":
                raise ValueError(f"{path.name}: paragraph {i} of a mixed passage has no language")
            paragraphs.append(Paragraph(path.name, i, label, start, end))
        out[path.name] = (text, paragraphs)
    return out


@dataclass
class Accuracy:
    right: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.right + len(self.wrong)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


def language_accuracy() -> dict[str, Accuracy]:
    """How often the installed termlint identifies a paragraph's language
    as a check does (termlint.language, with its rule for short paragraphs),
    keyed ``all``, ``short`` (under :data:`SHORT` characters), ``en``,
    ``other`` (not English) and each language."""
    from termlint.language import Identifier

    identifier = Identifier(LANGUAGES)
    out: dict[str, Accuracy] = defaultdict(Accuracy)
    for name, (text, paragraphs) in language_paragraphs().items():
        found = identifier.passage(text, [(p.start, p.end) for p in paragraphs])
        for p, got in zip(paragraphs, found, strict=True):
            keys = ["all", "en" if p.language == "en" else "other", f"language:{p.language}"]
            if p.end - p.start < SHORT:
                keys.append("short")
            for key in keys:
                if got == p.language:
                    out[key].right += 1
                else:
                    out[key].wrong.append(
                        f"{name} paragraph {p.number}: {p.language}, identified as {got}: "
                        f"{' '.join(text[p.start : p.end].split())[:60]!r}"
                    )
    return dict(out)


def language_table(scores: dict[str, Accuracy]) -> str:
    lines = ["| paragraphs | count | identified | accuracy |", "|---|---|---|---|"]
    names = {"all": "all", "short": f"under {SHORT} characters", "en": "English"}
    names["other"] = "other languages"
    keys = [*names, *sorted(k for k in scores if k.startswith("language:"))]
    for key in keys:
        if key in scores:
            a = scores[key]
            name = names.get(key, key.split(":", 1)[-1])
            lines.append(f"| {name} | {a.total} | {a.right} | {a.accuracy:.3f} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    noflag: int = 0
    noflag_hit: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def noflag_rate(self) -> float:
        return self.noflag_hit / self.noflag if self.noflag else 0.0

    @property
    def spans(self) -> int:
        return self.tp + self.fn


@dataclass(frozen=True)
class Report:
    """A finding, as offsets into its passage."""

    start: int
    end: int
    rule: str
    text: str
    line: int
    column: int


def reports_of(findings: list[dict], texts: dict[str, str]) -> dict[str, list[Report]]:
    """The reported findings (not info, not suppressed) by passage name."""
    out: dict[str, list[Report]] = defaultdict(list)
    for f in findings:
        if f["severity"] == "info" or f.get("suppressed_by"):
            continue
        name = Path(f["path"]).stem
        text = texts[name]
        start = _offset(text, f["line"], f["column"])
        end = _offset(text, f["end_line"], f["end_column"])
        out[name].append(Report(start, end, f["rule"], f.get("text", ""), f["line"], f["column"]))
    return out


def score(
    reports: dict[str, list[Report]],
    annotations: dict[str, list[Annotation]],
    policy: str = "info",
    group: dict[str, str] | None = None,
) -> dict[str, Score]:
    """Scores keyed ``all``, ``category:X`` and ``genre:X`` (``group`` maps
    a passage name to its genre)."""
    scores: dict[str, Score] = defaultdict(Score)
    for name, spans in annotations.items():
        keys_for = ["all"] + ([f"genre:{group[name]}"] if group else [])
        labelled = [(a, a.labelled(policy)) for a in spans]
        hit: set[int] = set()
        for a, label in labelled:
            if label == "noflag":
                for k in (*keys_for, f"category:{a.category}"):
                    scores[k].noflag += 1
        for r in reports.get(name, []):
            over = [
                (i, a, label)
                for i, (a, label) in enumerate(labelled)
                if a.start < r.end and r.start < a.end
            ]
            if any(label == "flag" for _, _, label in over):
                hit.update(i for i, _, label in over if label == "flag")
                continue
            if any(label == "ambiguous" for _, _, label in over):
                continue
            noflags = [(i, a) for i, a, label in over if label == "noflag"]
            category = noflags[0][1].category if noflags else category_of(r.rule)
            where = f"{name}:{r.line}:{r.column} [{r.rule}] {r.text!r}"
            if noflags:
                where += " (noflag: " + ", ".join(",".join(a.tags) for _, a in noflags) + ")"
            for k in (*keys_for, f"category:{category}"):
                scores[k].fp += 1
                scores[k].false_positives.append(where)
            for i, a in noflags:
                if i not in hit:
                    hit.add(i)
                    for k in (*keys_for, f"category:{a.category}"):
                        scores[k].noflag_hit += 1
        for i, (a, label) in enumerate(labelled):
            if label != "flag":
                continue
            for k in (*keys_for, f"category:{a.category}"):
                if i in hit:
                    scores[k].tp += 1
                else:
                    scores[k].fn += 1
                    scores[k].false_negatives.append(a.where())
    return dict(scores)


# --------------------------------------------------------------------------- running


def termlint_command() -> list[str]:
    exe = shutil.which("termlint", path=str(Path(sys.executable).parent)) or shutil.which(
        "termlint"
    )
    return [exe] if exe else [sys.executable, "-m", "termlint"]


def run_termlint(
    chosen: list[Passage], policy: str = "info", packs: Iterable[str] = ()
) -> list[dict]:
    """Findings of the installed termlint, default pack (and ``packs``), on
    the passages."""
    findings: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "termlint.yaml"
        extends = ", ".join(("default", *packs))
        config.write_text(
            f"extends: [{extends}]\nexemptions:\n  quotations: {policy}\n", encoding="utf-8"
        )
        batches: dict[str, list[str]] = defaultdict(list)
        for p in chosen:
            batches[FORMATS.get(p.file, "")].append(str(p.path))
        for fmt, paths in batches.items():
            proc = subprocess.run(
                [
                    *termlint_command(),
                    "check",
                    "--format",
                    "json",
                    "--fail-on",
                    "never",
                    "--config",
                    str(config),
                    *(["--input-format", fmt] if fmt else []),
                    *paths,
                ],
                capture_output=True,
                text=True,
                check=True,
                cwd=tmp,
            )
            findings += json.loads(proc.stdout)["findings"]
    return findings


def evaluate(part: str, policy: str = "info", english: bool = True) -> dict[str, Score]:
    """Scores of the installed termlint on one part under one quotation
    policy: of the English passages with the default pack (keyed by genre),
    or (``english`` false) of the passages in other languages with the
    language packs too (keyed ``genre:`` by language)."""
    chosen = [p for p in passages() if p.part == part and (p.language == "en") == english]
    annotations = {p.name: load_file_annotations(p.name) for p in chosen}
    texts = {p.name: p.path.read_text(encoding="utf-8") for p in chosen}
    packs = () if english else OTHER_PACKS
    reports = reports_of(run_termlint(chosen, policy, packs), texts)
    group = {p.name: (p.genre if english else p.language) for p in chosen}
    return score(reports, annotations, policy, group)


# --------------------------------------------------------------------------- tables


def table(scores: dict[str, Score], prefix: str, title: str) -> str:
    rows = sorted(k for k in scores if k.startswith(prefix))
    if prefix == "all":
        rows = ["all"]
    lines = [
        f"| {title} | spans | TP | FP | FN | precision | recall | noflag hit |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key in rows:
        s = scores[key]
        name = key.split(":", 1)[-1]
        rate = f"{s.noflag_hit}/{s.noflag}" if s.noflag else "-"
        lines.append(
            f"| {name} | {s.spans} | {s.tp} | {s.fp} | {s.fn} | "
            f"{s.precision:.3f} | {s.recall:.3f} | {rate} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policy", choices=POLICIES, action="append")
    parser.add_argument("--part", choices=("tune", "measure"), action="append")
    parser.add_argument(
        "--languages", action="store_true", help="only the language identification figures"
    )
    parser.add_argument(
        "--other", action="store_true", help="only the passages in other languages than English"
    )
    args = parser.parse_args(argv)
    if SHARED.joinpath("devcorpus").is_dir() and not args.other:
        scores = language_accuracy()
        print("\n## language of each paragraph (all passages of ../shared/devcorpus)\n")
        print(language_table(scores))
        print(f"\nmisidentified ({len(scores['all'].wrong)}):")
        for item in scores["all"].wrong:
            print("  " + item)
    if args.languages:
        return
    if SHARED.joinpath("devcorpus").is_dir():
        for part in args.part or ("tune", "measure"):
            scores = evaluate(part, "info", english=False)
            print(f"\n## other languages, part: {part}, quotation policy: info\n")
            print(table(scores, "all", "overall"))
            print()
            print(table(scores, "genre:", "language"))
            print()
            print(table(scores, "category:", "category"))
            overall = scores.get("all", Score())
            for title, items in (
                ("false positives", overall.false_positives),
                ("false negatives", overall.false_negatives),
            ):
                if part == "tune":  # the measured part's errors are not read
                    print(f"\n{title} ({len(items)}):")
                    for item in items:
                        print("  " + item)
    if args.other:
        return
    for part in args.part or ("tune", "measure"):
        for policy in args.policy or POLICIES:
            scores = evaluate(part, policy)
            print(f"\n## part: {part}, quotation policy: {policy}\n")
            print(table(scores, "all", "overall"))
            if policy == "info":
                print()
                print(table(scores, "category:", "category"))
                print()
                print(table(scores, "genre:", "genre"))
            if part == "tune" and policy == "info":
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
