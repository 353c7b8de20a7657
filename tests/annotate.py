"""Helper for annotating the development corpus (see docs/quality.md).

    python tests/annotate.py show 101          # the passage with line numbers
    python tests/annotate.py candidates 101    # places worth a look, with context
    python tests/annotate.py spelling 101      # words of every spelling axis
    python tests/annotate.py fill 101          # fill in '?' columns, then verify
    python tests/annotate.py verify [101 ...]  # check annotation files

The candidates come from a broad search for the stems of every discouraged
form, written independently of termlint's rules: it finds far more than
should be flagged, and it is not the judge of anything. Read every passage
whole as well: a search for stems misses what is said without them.
"""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from devset import (  # noqa: E402
    CATEGORIES,
    DATA,
    LABELS,
    TAGS,
    load_file_annotations,
    passage_path,
    passages,
)

STEMS = [
    r"porn\w*",
    r"p(?:a|ae|æ)?ed(?:o|oph)\w*",
    r"paedo\w*|pedo\w*|nonces?",
    r"prostitut\w*",
    r"sex[ -]?work\w*|hookers?|rent[ -]boys?",
    r"touris[mt]s?",
    r"\brings?\b|\bnetworks?\b|\bgangs?\b",
    r"molest\w*|fondl\w*|interfer\w*|touch\w*|grop\w*|abused?\b",
    r"(?:had|have|has|having)\s+(?:sex|sexual\s+\w+)|sex\s+with|slept\s+with|sleeping\s+with",
    r"sexual\s+(?:relationship|relations|intercourse|activity|affair|contact)\w*",
    r"relationships?|affairs?|lovers?|romance|romantic|flings?|boyfriend|girlfriend",
    r"consen\w*|seduc\w*|willing\w*|complicit",
    r"erotic\w*|lolit\w*|jail[ -]?bait|barely[ -]legal|teen[ -]?(?:age)?\s*porn\w*|teen-themed",
    r"self[ -](?:produced|made|generated)|youth[ -]produced|sexting|nudes?\b|selfies?",
    r"sextort\w*|(?:sexual\s+)?extortion|revenge|deep[ -]?fakes?|virtual|simulated|pseudo\w*",
    r"computer[ -]generated|AI[ -]generated|cartoon\w*|animated",
    r"predator\w*|monsters?|beasts?|perv\w*|fiend\w*|sicko\w*",
    r"\bC\.?P\.?\b|\bcp\b",
    r"\b(?:CSAM|CSEM|CAM|CAI|IIOC|IIoC|CEM|CSA|CSE|CSEA|OCSEA|OCSE|CSAEM|SG-CSAM|CSAI|CSEI|"
    r"CSEAM|NCII|IBSA|OSEC|SECTT|ECPAT|NCMEC|IWF|CEOP|CAID|ICSE)s?\b",
    r"child\s+sex\w*|underage\s+\w+|under[ -]age\s+\w+|minors?\b",
    r"\b(?:[1-9]|1[0-7])[- ]years?[- ]olds?\b|\baged\s+(?:[1-9]|1[0-7])\b",
    r"explicit|indecent|obscen\w*|smut|lewd\w*|sexuali[sz]\w*",
    r"historic(?:al)?\s+(?:child\s+)?(?:sexual\s+|sex\s+)?abuse",
    r"grooming\s+gangs?|exploit\w*",
]
_CANDIDATE = re.compile("|".join(f"(?:{s})" for s in STEMS), re.IGNORECASE)

#: Both spellings of each axis of the terminology reference, section C (and
#: stems a reader meets often); a word listed here is not necessarily mixed.
SPELLING = {
    "ae/e": r"\b\w*(?:paed|ped(?=o|iatr)|encyclop(?:a)?ed|orthop(?:a)?ed|(?:o)?estrog|"
    r"(?:f)(?:o)?etus|an(?:a)?em|h(?:a)?em(?:o|a)|medi(?:a)?ev|man(?:o)?euv)\w*",
    "-ise/-ize": r"\b\w+i[sz](?:e|es|ed|ing|ation|ations|er|ers)\b",
    "-yse/-yze": r"\b\w*ly[sz](?:e|es|ed|ing|er|ers)\b",
    "-our/-or": r"\b\w*(?:behavi|col|fav|hon|lab|neighb|rum|hum|vig|endeav|harb|savi|cand|"
    r"ferv|val|od|clam|parl|arm|flav|demean|tum|ard|sav|rig)(?:ou?r)\w*",
    "-ce/-se": r"\b\w*(?:offen|defen|licen|preten|practi)[cs]\w*",
    "-re/-er": r"\b\w*(?:cent|theat|fib|lit|spect|calib|somb|meag|lust|sab)(?:re|er)(?:s|d)?\b",
    "-ll-/-l-": r"\b\w*(?:travel|counsel|label|model|cancel|signal|fuel|enrol|fulfil|skil|wil|"
    r"instal|marvel|jewel|level|channel|total|equal)l?(?:ed|ing|er|ers|or|ors|ment|ful|ous|ery)\b",
    "judg(e)ment": r"\bjudg(?:e)?ments?\b|\backnowledg(?:e)?ments?\b",
    "hyphens": r"\b(?:e-?mail\w*|on-?line|co-?operat\w*|co-?ordinat\w*|web-?sites?|"
    r"child-?care|under-?age|non-?consensual|non-?offending|self-?\w+|re-?offend\w*|"
    r"cyber-?\w+|life-?long|wide-?spread|week-?end\w*|no-?one|to-?day|any-?more)\b",
    "other": r"\b(?:programm?es?|analog(?:ue)?s?|catalog(?:ue)?s?|dialog(?:ue)?s?|gr[ae]y|"
    r"tyres?|tires?|cheques?|checks?|mums?|moms?|aluminium|aluminum|plough|plow|"
    r"sceptic\w*|skeptic\w*|enquir\w*|inquir\w*|whilst|amongst)\b",
}


def _lines(text: str) -> list[str]:
    return text.split("\n")


def show(name: str) -> None:
    for i, line in enumerate(_lines(passage_path(name).read_text(encoding="utf-8")), 1):
        print(f"{i:4}| {line}")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def candidates(name: str) -> None:
    text = passage_path(name).read_text(encoding="utf-8")
    for m in _CANDIDATE.finditer(text):
        line, col = _position(text, m.start())
        lo = max(0, m.start() - 70)
        ctx = text[lo : m.start()] + "[[" + m.group() + "]]" + text[m.end() : m.end() + 70]
        print(f"{line}\t{col}\t{m.group()!r}\t{' '.join(ctx.split())}")


def spelling(name: str) -> None:
    text = passage_path(name).read_text(encoding="utf-8")
    for axis, pattern in SPELLING.items():
        found = [
            f"{m.group()}@{':'.join(map(str, _position(text, m.start())))}"
            for m in re.finditer(pattern, text, re.IGNORECASE)
        ]
        if found:
            print(f"{axis}: {' '.join(found)}")


def fill(name: str) -> None:
    """Replace a column of '?' with the column of the span's text on its line
    (only when the text occurs once on that line)."""
    path = DATA / f"{Path(name).stem}.tsv"
    lines = passage_path(name).read_text(encoding="utf-8").split("\n")
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        cols = raw.split("\t")
        if not raw.startswith("#") and len(cols) == 6 and cols[1] == "?":
            first = cols[5].replace("\\n", "\n").split("\n")[0]
            line = lines[int(cols[0]) - 1]
            found = [m.start() for m in re.finditer(re.escape(first), line)]
            if len(found) == 1:
                cols[1] = str(found[0] + 1)
            else:
                print(
                    f"{name}: line {cols[0]}: {first!r} occurs {len(found)} times; give the column"
                )
        out.append("\t".join(cols))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def verify(names: list[str]) -> int:
    problems = 0
    for name in names:
        try:
            annotations = load_file_annotations(f"{Path(name).stem}.tsv")
        except (ValueError, OSError) as e:
            print(f"{name}: {e}")
            problems += 1
            continue
        spans = sorted(annotations, key=lambda a: (a.start, a.end))
        for a1, a2 in itertools.pairwise(spans):
            if a2.start < a1.end:
                print(f"{name}: overlapping spans {a1.text!r} and {a2.text!r}")
                problems += 1
        for a in annotations:
            if a.category not in CATEGORIES or a.label not in LABELS:
                print(f"{name}:{a.line}: unknown category or label: {a.category} {a.label}")
                problems += 1
            for t in a.tags:
                if t not in TAGS:
                    print(f"{name}:{a.line}: unknown tag {t!r}")
                    problems += 1
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    cmd, names = argv[0], argv[1:]
    if cmd == "verify":
        names = names or [p.file for p in passages()]
        n = verify(names)
        print(f"{len(names)} files, {n} problems")
        return 1 if n else 0
    for name in names:
        {"show": show, "candidates": candidates, "spelling": spelling, "fill": fill}[cmd](name)
        if cmd == "fill":
            verify([name])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
