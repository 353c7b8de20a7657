"""Loading rule packs: structure, extends/overrides, and every validation error
reported as ``file:line:column: message``."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from termlint.errors import RuleError
from termlint.ruleset import load_pack, packaged_names

GOOD_RULE = """\
  - id: r1
    kind: substitute
    severity: error
    terms: [bad phrase]
    replacements: [good phrase]
    rationale: Because.
"""


def load(tmp_path: Path, body: str, name: str = "pack.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return load_pack(str(path))


def error_of(tmp_path: Path, body: str, name: str = "pack.yaml") -> tuple[str, int, int, str]:
    with pytest.raises(RuleError) as info:
        load(tmp_path, body, name)
    text = str(info.value)
    assert "\n" not in text
    m = re.match(r"^(.*):(\d+):(\d+): (.*)$", text)
    assert m, text
    return Path(m.group(1)).name, int(m.group(2)), int(m.group(3)), m.group(4)


CASES = [
    # (id, yaml, line, column, message fragment)
    ("yaml-syntax", "rules: [\n  - id: x\n", 2, 3, "YAML syntax error"),
    ("yaml-tab", "rules:\n\t- id: x\n", 2, 1, "YAML syntax error"),
    ("empty-file", "", 1, 1, "empty file"),
    ("not-a-mapping", "- a\n- b\n", 1, 1, "must be a mapping"),
    (
        "unknown-top-key",
        "rulez: []\n",
        1,
        1,
        "unknown key 'rulez' in a rule pack (did you mean 'rules'?)",
    ),
    ("rules-not-list", "rules: {a: 1}\n", 1, 8, "'rules' must be a list"),
    ("rule-not-mapping", "rules:\n  - just text\n", 2, 5, "a rule must be a mapping"),
    ("missing-id", "rules:\n  - kind: avoid\n", 2, 5, "needs an 'id'"),
    ("bad-id", "rules:\n  - id: Bad Id\n    kind: avoid\n", 2, 9, "invalid rule id 'Bad Id'"),
    (
        "id-wrong-type",
        "rules:\n  - id: [a]\n    kind: avoid\n",
        2,
        9,
        "'id' must be a string, not a list",
    ),
    ("missing-kind", "rules:\n  - id: x\n", 2, 5, "needs a 'kind'"),
    (
        "unknown-kind",
        "rules:\n  - id: x\n    kind: substitue\n",
        3,
        11,
        "unknown kind 'substitue' (did you mean 'substitute'?)",
    ),
    (
        "unknown-rule-key",
        GOOD_RULE + "    replacement: [x]\n",
        8,
        5,
        "unknown key 'replacement' in rule 'r1' (did you mean 'replacements'?)",
    ),
    (
        "bad-severity",
        GOOD_RULE.replace("severity: error", "severity: eror"),
        4,
        15,
        "unknown severity 'eror' (did you mean 'error'?)",
    ),
    (
        "severity-number",
        GOOD_RULE.replace("severity: error", "severity: 3"),
        4,
        15,
        "'severity' must be a string, not a number",
    ),
    (
        "missing-severity",
        GOOD_RULE.replace("    severity: error\n", ""),
        2,
        5,
        "missing required key 'severity'",
    ),
    (
        "missing-rationale",
        GOOD_RULE.replace("    rationale: Because.\n", ""),
        2,
        5,
        "missing required key 'rationale'",
    ),
    (
        "rationale-empty",
        GOOD_RULE.replace("rationale: Because.", "rationale: ''"),
        7,
        17,
        "'rationale' must not be empty",
    ),
    (
        "terms-wrong-type",
        GOOD_RULE.replace("terms: [bad phrase]", "terms: {a: b}"),
        5,
        12,
        "'terms' must be a list of strings, not a mapping",
    ),
    (
        "term-item-type",
        GOOD_RULE.replace("terms: [bad phrase]", "terms: [ok, 42]"),
        5,
        17,
        "each item of 'terms' must be a string",
    ),
    (
        "term-syntax",
        GOOD_RULE.replace("terms: [bad phrase]", "terms: [bad (phrase]"),
        5,
        17,
        "invalid term 'bad (phrase': unclosed '('",
    ),
    (
        "no-terms",
        GOOD_RULE.replace("    terms: [bad phrase]\n", ""),
        2,
        5,
        "needs 'terms' or 'patterns'",
    ),
    (
        "bad-regex",
        GOOD_RULE.replace("terms: [bad phrase]", "patterns: ['a(b']"),
        5,
        17,
        "invalid pattern 'a(b'",
    ),
    (
        "bad-regex-shown-as-written",  # backslashes not doubled: the position counts them once
        GOOD_RULE.replace("terms: [bad phrase]", "patterns: ['\\bfoo(\\s+']"),
        5,
        17,
        "invalid pattern '\\bfoo(\\s+': missing ) at position 9",
    ),
    (
        "regex-backref",
        GOOD_RULE.replace("terms: [bad phrase]", "patterns: ['(a)\\1']"),
        5,
        17,
        "backreference",
    ),
    (
        "regex-empty-match",
        GOOD_RULE.replace("terms: [bad phrase]", "patterns: ['x*']"),
        5,
        17,
        "matches the empty string",
    ),
    (
        "substitute-no-replacements",
        GOOD_RULE.replace("    replacements: [good phrase]\n", ""),
        2,
        5,
        "needs 'replacements'",
    ),
    (
        "avoid-with-replacements",
        GOOD_RULE.replace("kind: substitute", "kind: avoid"),
        6,
        19,
        "takes no 'replacements'",
    ),
    (
        "fixable-not-bool",
        GOOD_RULE + "    fixable: yes please\n",
        8,
        14,
        "'fixable' must be true or false",
    ),
    (
        "avoid-fixable",
        "rules:\n  - id: x\n    kind: avoid\n    severity: info\n    terms: [a]\n    rationale: R.\n    fixable: true\n",
        7,
        14,
        "'fixable' needs at least one replacement",
    ),
    (
        "message-field",
        GOOD_RULE + "    message: 'Use {replacment}'\n",
        8,
        15,
        "unknown message field '{replacment}' (did you mean 'replacement'?)",
    ),
    ("message-braces", GOOD_RULE + "    message: 'Use {'\n", 8, 15, "invalid message template"),
    ("evidence", GOOD_RULE + "    evidence: X\n", 8, 15, "'evidence' must be one of V, S, K, D"),
    ("examples-not-map", GOOD_RULE + "    examples: [a]\n", 8, 15, "'examples' must be a mapping"),
    (
        "examples-key",
        GOOD_RULE + "    examples: {bda: []}\n",
        8,
        16,
        "unknown key 'bda' in 'examples' (did you mean 'bad'?)",
    ),
    (
        "example-match-in-good",
        GOOD_RULE + "    examples:\n      good:\n        - {text: a, match: a}\n",
        10,
        21,
        "'match' is only for bad examples",
    ),
    ("duplicate-id", "rules:\n" + GOOD_RULE + GOOD_RULE, 8, 5, "duplicate rule id 'r1' (first at"),
    ("duplicate-key", GOOD_RULE + "    severity: info\n", 8, 5, "duplicate key 'severity'"),
    ("python-tag", "rules: !!python/object:os.system {}\n", 1, 8, "unsupported YAML tag"),
    ("names-syntax", "names: ['Act (of']\n", 1, 14, "invalid name 'Act (of'"),
    (
        "unknown-source",
        GOOD_RULE + "    sources: [INTERPOL-ATT]\n",
        8,
        15,
        "cites unknown source 'INTERPOL-ATT' (did you mean 'INTERPOL-AT'?)",
    ),
    ("source-no-title", "sources:\n  K: {year: 2020}\n", 2, 6, "source 'K' needs a 'title'"),
    (
        "override-unknown",
        "rules:\n" + GOOD_RULE + "overrides:\n  r2: {severity: info}\n",
        9,
        3,
        "cannot override unknown rule 'r2' (did you mean 'r1'?)",
    ),
    (
        "override-key",
        "rules:\n" + GOOD_RULE + "overrides:\n  r1: {sevrity: info}\n",
        9,
        8,
        "unknown key 'sevrity' in the override of 'r1'",
    ),
    (
        "override-id",
        "rules:\n" + GOOD_RULE + "overrides:\n  r1: {id: r9}\n",
        9,
        8,
        "unknown key 'id'",
    ),
    (
        "disable-unknown",
        "rules:\n" + GOOD_RULE + "disable: [r3]\n",
        8,
        11,
        "cannot disable unknown rule 'r3'",
    ),
    (
        "extends-unknown",
        "extends: [defualt]\n",
        1,
        11,
        "unknown pack 'defualt' (did you mean 'default'?)",
    ),
    (
        "extends-missing-file",
        "extends: [./nope.yaml]\n",
        1,
        11,
        "pack file './nope.yaml' not found",
    ),
    (
        "extends-url",
        "extends: ['https://example.org/p.yaml']\n",
        1,
        12,
        "only packaged packs and local files",
    ),
]


@pytest.mark.parametrize(
    ("body", "line", "col", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_validation_errors(tmp_path: Path, body: str, line: int, col: int, fragment: str) -> None:
    if body.startswith("  - id: r1"):
        # the line numbers above count "rules:" as line 1
        body = "extends: [sources]\nrules:\n" + body
        line += 1
    name, got_line, got_col, message = error_of(tmp_path, body)
    assert name == "pack.yaml"
    assert fragment in message
    assert (got_line, got_col) == (line, col), message


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    lines.append("rules: *a8")
    _, _, _, message = error_of(tmp_path, "\n".join(lines) + "\n")
    assert "alias bomb" in message


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    _, _, _, message = error_of(tmp_path, "rules: &a [*a]\n")
    assert "nesting" in message or "alias" in message


def test_non_utf8_pack(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_bytes(b"rules: []\ndescription: caf\xe9\n")
    with pytest.raises(RuleError, match=r"pack\.yaml:2:17: file is not valid UTF-8"):
        load_pack(str(path))


def test_circular_extends(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: [./b.yaml]\n")
    (tmp_path / "b.yaml").write_text("extends: [./a.yaml]\n")
    with pytest.raises(
        RuleError, match=r"b\.yaml:1:11: circular 'extends': .*a\.yaml -> .*b\.yaml -> .*a\.yaml"
    ):
        load_pack(str(tmp_path / "a.yaml"))


def test_extends_overrides_and_disable(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(
        textwrap.dedent(
            """\
            rules:
              - id: keep
                kind: avoid
                severity: warning
                terms: [alpha]
                rationale: R.
              - id: drop
                kind: avoid
                severity: warning
                terms: [beta]
                rationale: R.
            """
        )
    )
    ruleset = load(
        tmp_path,
        """\
        extends: [./base.yaml]
        rules:
          - id: mine
            kind: substitute
            severity: suggestion
            terms: [gamma]
            replacements: [delta]
            rationale: R.
        overrides:
          keep:
            severity: info
            terms: [alpha, alphas]
        disable: [drop]
        """,
    )
    assert list(ruleset.rules) == ["keep", "mine"]
    keep = ruleset.rules["keep"]
    assert keep.severity == "info"
    assert keep.terms == ("alpha", "alphas")
    assert keep.origin.path.endswith("base.yaml")


def test_override_is_revalidated(tmp_path: Path) -> None:
    with pytest.raises(
        RuleError, match=r"pack\.yaml:4:19: a 'substitute' rule needs 'replacements'"
    ):
        load(
            tmp_path,
            """\
            extends: [default]
            overrides:
              child-porn-slang:
                replacements: []
                fixable: true
            """,
        )


def test_redefining_an_inherited_rule_points_to_overrides(tmp_path: Path) -> None:
    _name, line, col, message = error_of(
        tmp_path, "extends: [default]\nrules:\n" + GOOD_RULE.replace("r1", "child-pornography")
    )
    assert (line, col) == (3, 5)
    assert "use 'overrides'" in message


def test_packaged_packs() -> None:
    assert {"default", "sources"} <= set(packaged_names())
    ruleset = load_pack("default")
    assert "child-pornography" in ruleset.rules
    for rule in ruleset.rules.values():
        assert rule.rationale and rule.sources and rule.evidence, rule.id
        assert len(rule.bad) >= 2 and len(rule.good) >= 2, rule.id
        for key in rule.sources:
            assert ruleset.sources[key].title, key


NEW_KEY_CASES = [
    (
        "exemption-effect",
        "exemptions:\n  quotations: hide\n",
        2,
        15,
        "'exemptions.quotations' must be one of ignore, info, flag",
    ),
    (
        "exemption-no-cues",
        "exemptions:\n  mine: {effect: ignore}\n",
        2,
        9,
        "'exemptions.mine' needs 'cues', 'cue-patterns', 'before' or 'after'",
    ),
    (
        "exemption-unknown-rule",
        "extends: [default]\nexemptions:\n  mine: {cues: [x], rules: [paedofile-misuse]}\n",
        3,
        9,
        "names unknown rule 'paedofile-misuse' (did you mean 'paedophile-misuse'?)",
    ),
    (
        "acronym-no-expansion",
        "acronyms:\n  OSA: {family: x}\n",
        2,
        8,
        "acronym 'OSA' needs an 'expansion'",
    ),
    (
        "acronym-bad-key",
        "acronyms:\n  OSA: {expansions: [a]}\n",
        2,
        9,
        "unknown key 'expansions' in acronym 'OSA' (did you mean 'expansion'?)",
    ),
    (
        "acronym-translation-without-language",
        "acronyms:\n  CSAM: {translation: true, expansion: [a b c]}\n",
        2,
        23,
        "acronym 'CSAM': a translation gives the words of the pack's language for it; "
        "the pack needs a 'language'",
    ),
    (
        "acronym-translation-with-family",
        "language: it\nacronyms:\n  CSAM: {translation: true, expansion: [a b c], family: m}\n",
        3,
        49,
        "acronym 'CSAM': a translation gives expansions only, not 'family'",
    ),
    (
        "context-bad-key",
        "rules:\n  - id: x\n    kind: context\n    severity: info\n    terms: [a]\n    rationale: R.\n    context: {neer: [b]}\n",
        7,
        15,
        "unknown key 'neer' in 'context' (did you mean 'near'?)",
    ),
    (
        "context-missing",
        "rules:\n  - id: x\n    kind: context\n    severity: info\n    terms: [a]\n    rationale: R.\n",
        2,
        5,
        "a 'context' rule needs a 'context' mapping",
    ),
    (
        "consistency-pairs",
        "rules:\n  - id: x\n    kind: consistency\n    severity: info\n    rationale: R.\n    columns: [a, b]\n    pairs: [[colo(u)r(s), color]]\n",
        7,
        12,
        "expand to different numbers of forms",
    ),
    (
        "acronym-check",
        "rules:\n  - id: x\n    kind: acronym\n    check: spelling\n    severity: info\n    rationale: R.\n",
        4,
        12,
        "invalid 'check': must be one of undefined",
    ),
]


@pytest.mark.parametrize(
    ("body", "line", "col", "fragment"),
    [c[1:] for c in NEW_KEY_CASES],
    ids=[c[0] for c in NEW_KEY_CASES],
)
def test_validation_of_exemptions_acronyms_and_new_kinds(
    tmp_path: Path, body: str, line: int, col: int, fragment: str
) -> None:
    _name, got_line, got_col, message = error_of(tmp_path, body)
    assert fragment in message
    assert (got_line, got_col) == (line, col), message


def test_an_inherited_detector_keeps_what_the_pack_does_not_change(tmp_path: Path) -> None:
    parent = load_pack("default").exemptions["clinical"]
    # what must be inherited: none of it a default
    assert parent.cues and parent.rules and parent.cue_patterns and parent.window != 8
    changed = load(
        tmp_path,
        """\
        extends: [default]
        exemptions:
          clinical: {effect: flag}
          metalinguistic: info
          legal-definition: {window: 3}
        """,
    )
    clinical = changed.exemptions["clinical"]
    assert clinical.effect == "flag"
    assert (clinical.cues, clinical.rules, clinical.window, clinical.cue_patterns) == (
        parent.cues,
        parent.rules,
        parent.window,
        parent.cue_patterns,
    )
    default = load_pack("default").exemptions
    assert changed.exemptions["metalinguistic"].effect == "info"
    assert changed.exemptions["metalinguistic"].cues == default["metalinguistic"].cues
    legal = changed.exemptions["legal-definition"]
    assert (legal.window, legal.effect) == (3, default["legal-definition"].effect)
    assert legal.cue_patterns == default["legal-definition"].cue_patterns
    # the line of the pack that set it, for errors about the detector
    assert clinical.loc is not None and clinical.loc.line == 3


def test_a_new_detector_still_needs_cues(tmp_path: Path) -> None:
    _, line, col, message = error_of(
        tmp_path, "extends: [default]\nexemptions:\n  mine: {effect: info}\n"
    )
    assert (line, col) == (3, 9)
    assert "'exemptions.mine' needs 'cues', 'cue-patterns', 'before' or 'after'" in message
    _, line, col, message = error_of(tmp_path, "extends: [default]\nexemptions:\n  mine: info\n")
    assert (line, col) == (3, 9)
    assert "mapping" in message


def test_disabling_a_rule_that_an_inherited_detector_names(tmp_path: Path) -> None:
    assert load_pack("default").exemptions["clinical"].rules == ("paedophile-misuse",)
    ruleset = load(tmp_path, "extends: [default]\ndisable: [paedophile-misuse]\n")
    assert "paedophile-misuse" not in ruleset.rules
    # the detector applies to no rule now (an empty list, not "every rule")
    assert ruleset.exemptions["clinical"].rules == ()
