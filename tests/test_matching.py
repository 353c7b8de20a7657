"""Matching semantics: case, line breaks, hyphens, inflections, word edges,
overlaps, patterns, and exemptions."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import config_from, lint, rule_pack, spans

SUBST = """\
- id: cp
  kind: substitute
  severity: error
  terms: [child pornograph(y|ies), child porn, kinderporn*]
  replacements: [child sexual abuse material]
  rationale: Test rule.
"""


@pytest.fixture
def config(tmp_path: Path):
    return config_from(tmp_path, rule_pack(SUBST))


@pytest.mark.parametrize(
    "text",
    [
        "child pornography",
        "Child pornography",
        "CHILD PORNOGRAPHY",
        "Child Pornography",
        "cHiLd PoRnOgRaPhY",
    ],
)
def test_case_insensitive(config, text: str) -> None:
    assert spans(lint(config, f"about {text} here")) == [("cp", text)]


@pytest.mark.parametrize(
    "text",
    [
        "child-pornography",
        "child\npornography",
        "child\r\npornography",
        "child \n   pornography",
        "child\t\tpornography",
        "child -\npornography",
        "child\u2011pornography",
        "child\u00a0pornography",
    ],
)
def test_separators_between_words(config, text: str) -> None:
    found = lint(config, f"x {text} y")
    assert spans(found) == [("cp", text)]


def test_paragraph_break_ends_a_phrase(config) -> None:
    assert lint(config, "a child\n\nPornography b") == []
    assert lint(config, "a child\n\n\npornography b") == []
    assert lint(config, "a child--pornography") == []


def test_blank_line_inside_a_sentence_of_pdf_text(config) -> None:
    # text extracted from PDF often has a blank line after every line
    (f,) = lint(config, "detecting cyber child \n\npornography is hard")
    assert (f.line, f.column, f.end_line) == (1, 17, 3)


def test_inflections(config) -> None:
    found = spans(lint(config, "child pornographies; kinderporno and Kinderpornos"))
    assert found == [
        ("cp", "child pornographies"),
        ("cp", "kinderporno"),
        ("cp", "Kinderpornos"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "grandchild pornography",  # starts inside a word
        "child pornographyx",  # ends inside a word
        "child pornographic",  # different word
        "child_pornography",  # underscore is a word character
        "childpornography",  # no separator
        "child pornograph",
    ],
)
def test_no_match_inside_words(config, text: str) -> None:
    assert lint(config, text) == []


def test_edges_next_to_punctuation(config) -> None:
    found = lint(config, '"child porn", (child pornography)... anti-child-porn')
    assert [f.text for f in found] == ["child porn", "child pornography", "child-porn"]


def test_combining_mark_is_part_of_a_word(config) -> None:
    # "porn" followed by a combining acute accent is not the word "porn".
    assert lint(config, "child porn\u0301") == []


def test_longest_and_overlapping_matches(tmp_path: Path) -> None:
    config = config_from(
        tmp_path,
        rule_pack(
            SUBST,
            """\
            - id: ring
              kind: avoid
              severity: suggestion
              terms: [child pornography ring(s)]
              rationale: Test.
            - id: porn
              kind: avoid
              severity: info
              terms: [pornography]
              rationale: Test.
            """,
        ),
    )
    found = spans(lint(config, "a child pornography ring"))
    # The error inside the less severe 'ring' match is kept; the info-level
    # 'pornography' inside the more severe 'cp' match is dropped.
    assert found == [("cp", "child pornography"), ("ring", "child pornography ring")]


def test_contained_match_of_equal_severity_is_dropped(tmp_path: Path) -> None:
    config = config_from(
        tmp_path,
        rule_pack(
            SUBST,
            """\
            - id: virtual
              kind: avoid
              severity: error
              terms: [virtual child pornography]
              rationale: Test.
            """,
        ),
    )
    assert spans(lint(config, "virtual child pornography")) == [
        ("virtual", "virtual child pornography")
    ]


def test_patterns_and_case_sensitive_terms(tmp_path: Path) -> None:
    config = config_from(
        tmp_path,
        rule_pack(
            """\
            - id: pat
              kind: avoid
              severity: warning
              patterns: ['sex(?:ual)? with an? \\d+-year-old']
              rationale: Test.
            - id: cp-abbrev
              kind: avoid
              severity: warning
              terms: [CP]
              case-sensitive: true
              rationale: Test.
            """,
        ),
    )
    found = spans(lint(config, "He had sex with a 14-year-old. CP and cp differ. ACP."))
    assert found == [("pat", "sex with a 14-year-old"), ("cp-abbrev", "CP")]


def test_two_patterns_matching_at_the_same_start(tmp_path: Path) -> None:
    config = config_from(
        tmp_path,
        rule_pack(
            """\
            - id: p1
              kind: avoid
              severity: error
              patterns: ['under\\w*']
              rationale: Test.
            - id: p2
              kind: avoid
              severity: warning
              patterns: ['underage sex']
              rationale: Test.
            """,
        ),
    )
    assert spans(lint(config, "underage sex")) == [("p1", "underage"), ("p2", "underage sex")]


def test_names_protect_all_rules_and_only_inside(tmp_path: Path) -> None:
    config = config_from(
        tmp_path,
        "names: [Child Pornography Prevention Act( of 1996)]\n" + rule_pack(SUBST),
    )
    text = "Under the Child Pornography Prevention Act of 1996, child pornography is..."
    found = lint(config, text)
    assert spans(found) == [("cp", "child pornography")]
    assert found[0].column == text.index("child pornography is") + 1
    assert lint(config, "the child pornography prevention act") == []


def test_name_with_punctuation_that_starts_with_a_rule_phrase(tmp_path: Path) -> None:
    # Rule phrases and names are found in one pass: the rule's shorter phrase
    # must still be found where the longer name that starts with it ends in
    # punctuation ("Pornography:").
    config = config_from(
        tmp_path,
        "names: ['Child Pornography: Crime, Computers and Society', 'U.S.C. § 2256']\n"
        + rule_pack(SUBST),
    )
    from termlint.formats import to_document

    text = "See Child Pornography: Crime, Computers and Society. Child pornography: a term."
    found = config.engine().check(to_document("x.txt", text, "text"), keep_suppressed=True)
    assert [(f.column, f.suppressed_by is not None) for f in found] == [
        (5, True),
        (text.index("Child pornography:") + 1, False),
    ]


def test_rule_exceptions_protect_only_their_rule(tmp_path: Path) -> None:
    config = config_from(
        tmp_path,
        rule_pack(
            """\
            - id: a
              kind: avoid
              severity: warning
              terms: [sex ring]
              exceptions: [Child Sex Rings( in America)]
              rationale: Test.
            - id: b
              kind: avoid
              severity: warning
              terms: [sex]
              rationale: Test.
            """,
        ),
    )
    found = spans(lint(config, "Lanning wrote Child Sex Rings in America."))
    assert found == [("b", "Sex")]
    assert ("a", "sex ring") in spans(lint(config, "a sex ring was found"))


def test_show_suppressed_keeps_the_reason(tmp_path: Path) -> None:
    from termlint.formats import to_document

    config = config_from(tmp_path, "names: [Meldpunt Kinderporno]\n" + rule_pack(SUBST))
    doc = to_document("x.txt", "Meldpunt Kinderporno helps.", "text")
    (finding,) = config.engine().check(doc, keep_suppressed=True)
    assert finding.suppressed_by == "name: Meldpunt Kinderporno"
    assert config.engine().check(doc) == []


def test_cost_is_one_matcher_for_many_rules(tmp_path: Path) -> None:
    rules = "".join(
        f"- id: r{i}\n  kind: avoid\n  severity: info\n"
        f"  terms: [word{i} (alpha|beta) gamma{i}(s)]\n  rationale: Test.\n"
        for i in range(300)
    )
    config = config_from(tmp_path, rule_pack(rules))
    engine = config.engine()
    assert engine._terms.size == 300 * 4  # every variant lives in the one trie
    found = spans(lint(config, "a word7 beta gamma7s and word299 alpha gamma299"))
    assert found == [("r7", "word7 beta gamma7s"), ("r299", "word299 alpha gamma299")]


def test_a_runaway_pattern_skips_its_file_and_the_run_goes_on(run, write) -> None:
    # (a|aa)+b passes the load-time check (its alternatives overlap, which
    # the check does not judge) but backtracks exponentially on "aaaa...c".
    write(
        ".termlint.yaml",
        "extends: [default]\n"
        "rules:\n"
        "  - id: slow\n"
        "    kind: avoid\n"
        "    severity: warning\n"
        "    patterns: ['(?:a|aa)+b']\n"
        "    rationale: A pattern that backtracks.\n",
    )
    write("a.txt", "a" * 60 + "c and child porn\n")
    write("b.txt", "More child porn here.\n")
    result = run("check", "a.txt", "b.txt", env={"TERMLINT_PATTERN_SECONDS": "0.3"})
    assert result.code == 2
    assert result.err == (
        "termlint: error: a.txt: rule 'slow': a pattern ran for more than 0.3 s "
        "(a runaway regular expression?); this file was not checked\n"
    )
    assert result.out.startswith("b.txt:1:6: error [child-porn-slang]")


def test_long_texts_are_lowered_in_pieces_without_changing_the_result(monkeypatch) -> None:
    # str.lower needs 12 bytes a character for non-ASCII text, so long texts
    # are lowered in pieces cut after whitespace; a final sigma, a dotted
    # capital I and a sharp s must come out as from one call.
    import random

    from termlint.engine import matcher

    monkeypatch.setattr(matcher, "LOWER_CHUNK", 40)
    rng = random.Random(3)
    alphabet = ["\u03a3", "\u0391\u03a3", " ", "a", "\u0130", "\u00df", "\n", "\u03c2", "X"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 160)))
        assert matcher._lower(text) == text.lower(), text
