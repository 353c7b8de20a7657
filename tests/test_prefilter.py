"""Literal pre-filters: patterns tried only where the phrase pass found one of
their leading words must find exactly what a full pass finds."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from helpers import config_from, lint, rule_pack
from hypothesis import example, given
from hypothesis import strategies as st

from termlint.config import default_config
from termlint.engine.exemptions import _cue_spans
from termlint.engine.kinds.acronym import AcronymKind, analyse
from termlint.engine.matcher import EDGE
from termlint.engine.prefilter import leading_tokens, leading_words, matches_at
from termlint.formats import to_document
from termlint.terms import Token


@pytest.mark.parametrize(
    ("pattern", "word_start", "expected"),
    [
        (r"pornographic\s+(?:images?|videos?)\s+of", True, ["pornographic"]),
        (r"\b(?:convicted|charged)\s+(?:\w+\s+){1,4}of", False, ["charged", "convicted"]),
        (r"(?:\bconvicted|\bcharged)\s+of", False, ["charged", "convicted"]),
        (r"(?-i:WCST)", True, ["wcst"]),
        (r"[Pp]orn\w*", True, ["porn"]),
        (r"historic(?:al)?(?=[\s-]+abuse)", True, ["historic"]),
        (r"(?:child|minor)(?:ren|s)? abuse", True, ["child", "minor"]),
        (r"(?:sex|sexual) with", True, ["sex", "sexual"]),
        (r"porn-ography", True, ["porn"]),
        (r"caf\u00e9s?", True, ["caf"]),  # cut before a letter beyond ASCII
    ],
)
def test_leading_words_are_found(pattern: str, word_start: bool, expected: list[str]) -> None:
    assert leading_words(pattern, word_start=word_start) == expected


def test_a_word_the_literal_goes_on_past_is_a_whole_word() -> None:
    # "sex" followed by a hyphen or a space is a whole word: no candidate at "sexual"
    assert leading_tokens(r"sex[- ]workers?|prostitutes?", word_start=True) == [
        Token("prostitute", True),
        Token("sex", False),
    ]
    # a word that may go on ("porn" in "porn\\w*") keeps any ending, and wins over
    # the same word whole
    assert leading_tokens(r"porn\w*|porn films", word_start=True) == [Token("porn", True)]
    # a word edge right after the literal ends the word too
    assert leading_tokens(r"\b(?:means|mean)\b(?=\s*x)") == [
        Token("mean", False),
        Token("means", False),
    ]
    assert leading_tokens(r"\bmeans?\b") == [Token("mean", True)]


def test_a_whole_leading_word_still_finds_every_match(tmp_path: Path) -> None:
    body = rule_pack(
        r"""
        - id: aged-worker
          kind: avoid
          severity: error
          message: m
          rationale: r
          patterns: ['\bsex[- ]workers?(?=,?\s+aged\s+1[0-7]\b)']
        """
    )
    config = config_from(tmp_path, body)
    text = "Sexual health staff met sex workers aged 15.\nSex-workers, aged 16, too.\n"
    assert [f.text for f in lint(config, text)] == ["sex workers", "Sex-workers"]


def test_verbose_patterns_are_read_as_verbose() -> None:
    assert leading_words("porno graphic  # a comment", verbose=True, word_start=True) == [
        "pornographic"
    ]
    assert leading_words("porno graphic", word_start=True) == ["porno"]


@pytest.mark.parametrize(
    ("pattern", "word_start"),
    [
        (r"convicted\s+of", False),  # may start inside a word: no \b
        (r"(?:\bconvicted|charged)\s+of", False),  # one alternative lacks \b
        (r"(?:a|an) child", True),  # too short
        (r"\w+ing", True),  # no literal at all
        (r"(?:child|minor)?\s*abuse", True),  # optional start
        (r"[^a]bcd", True),  # a negated set
        (r"(?:porn){e<=1}ography", True),  # fuzzy matching (regex only)
        (r"\L<words>", True),  # a named list (regex only)
        (r"\p{Lu}orno", True),  # a Unicode property (regex only)
        (r"[[:alpha:]]orno", True),  # a POSIX class (regex only)
        (r"(?V1)porn", True),  # version 1 syntax
        (r"porn(", True),  # unreadable
    ],
)
def test_no_leading_words_when_unsure(pattern: str, word_start: bool) -> None:
    assert leading_words(pattern, word_start=word_start) is None


def test_matches_at_is_finditer_at_the_given_starts() -> None:
    pattern = regex.compile(r"abc(?:abc)*|ab")
    text = "abcabc xabc ab"
    starts = [12, 0, 3, 8, 0]  # unsorted, repeated, and one inside a match
    assert matches_at(pattern, text, starts) == [m.span() for m in pattern.finditer(text)]
    assert matches_at(pattern, text, starts) == [(0, 6), (8, 11), (12, 14)]


def test_matches_at_runs_out_of_time() -> None:
    pattern = regex.compile(r"(?:a|aa)+b")  # backtracks exponentially on "aaa...c"
    with pytest.raises(TimeoutError):
        matches_at(pattern, "a" * 60 + "c " + "a" * 60 + "c", [0, 62], timeout=0.05)


# --------------------------------------------------------------------------- engine

PATTERN_RULES = {
    # pre-filtered (a literal start)
    "pics": r"pornographic\s+(?:images?|videos?)\s+of\s+(?:(?:a|the|young)\s+){0,2}(?:child|children)",
    "wcst": r"(?-i:WCST)",
    "historic": r"historic(?:al)?(?=[\s-]+(?:child[\s-]+)?abuse)",
    # not pre-filtered: no literal start; two that match at the same places
    # (the alternation finds the first, the one after it is tried there too)
    "ages": r"\d+[- ]years?[- ]olds?",
    "ages-again": r"(?:\d+)[- ]years?[- ]olds?",
}

TOKENS = [
    "pornographic",
    "Pornographic",
    "PORNOGRAPHIC",
    "pornographics",
    "images",
    "videos",
    "of",
    "a",
    "the",
    "young",
    "child",
    "children",
    "WCST",
    "wcst",
    "WCSTs",
    "historic",
    "Historical",
    "historically",
    "abuse",
    "14",
    "year",
    "olds",
    "x",
    "_",
    "\u00e9",
    "\u0130",  # a capital I with a dot: lower case is longer
]
SEPARATORS = [" ", "  ", "-", "\n", "\n\n", "", ".", ",", "'", '"', "(", "\u00a0"]


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS)), max_size=30)
    )
    return "".join(t + s for t, s in parts)


@pytest.fixture(scope="module")
def pattern_config(tmp_path_factory: pytest.TempPathFactory):
    rules = "".join(
        f"- id: {rid}\n  kind: avoid\n  severity: warning\n  patterns: ['{p}']\n"
        "  rationale: Test.\n"
        for rid, p in PATTERN_RULES.items()
    )
    return config_from(tmp_path_factory.mktemp("prefilter"), rule_pack(rules))


def test_the_patterns_are_pre_filtered_as_intended(pattern_config) -> None:
    matcher = pattern_config.engine()._patterns
    filtered = {matcher._entries[i][1].rule.id for i in matcher.words}
    assert filtered == {"pics", "wcst", "historic"}


@given(texts())
@example("He was 14 year olds here, 9-years-old there.")  # the two "ages" rules
def test_pattern_rules_find_what_a_full_pass_finds(pattern_config, text: str) -> None:
    findings = pattern_config.engine().check(
        to_document("t.txt", text, "text"), keep_suppressed=True
    )
    found = sorted((f.rule, f.offset, f.end_offset) for f in findings)
    expected = []
    for rid, p in PATTERN_RULES.items():
        anchored = regex.compile(f"{EDGE}(?:{p}){EDGE}", regex.IGNORECASE)
        for start in range(len(text)):
            m = anchored.match(text, start)
            if m is not None and m.end() > start:
                expected.append((rid, start, m.end()))
    assert found == sorted(expected)


CUE_TOKENS = [
    "convicted",
    "Charged",
    "indicted",
    "acquitted",
    "of",
    "with",
    "him",
    "who",
    "are",
    "also",
    "paedophiles",
    "pedophile",
    "CSAM",
    "CSAMs",
    "CSAM's",
    "AI",
    "SG",
    "IIOC",
    "IIoC",
    "sec",
    "SEC",
    "CAM",
    "camera",
    "child",
    "pornography",
    "material",
    "x",
]


@st.composite
def cue_texts(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.tuples(st.sampled_from(CUE_TOKENS), st.sampled_from([*SEPARATORS, ")", " ("])),
            max_size=40,
        )
    )
    return "".join(t + s for t, s in parts)


DEFAULT = default_config().engine()


@given(cue_texts())
def test_cue_patterns_and_acronyms_are_found_as_by_a_full_pass(text: str) -> None:
    checked = to_document("t.txt", text, "text")
    DEFAULT.check(checked)  # the engine's one pass leaves the starts it found
    fresh = to_document("t.txt", text, "text")  # nothing found yet: full passes
    detectors = [d for d in DEFAULT._exemptions.settings.cue_detectors if d.patterns is not None]
    assert detectors
    for detector in detectors:
        assert ("cue-pattern-starts", id(detector)) in checked.cache
        assert _cue_spans(detector, checked) == _cue_spans(detector, fresh)
    glossary = next(k for k in DEFAULT._kinds.values() if isinstance(k, AcronymKind)).glossary
    assert ("starts", glossary) in checked.cache
    uses = [(u.start, u.end, u.form, u.def_span) for u in analyse(checked, glossary)]
    assert uses == [(u.start, u.end, u.form, u.def_span) for u in analyse(fresh, glossary)]


def test_a_default_pack_pattern_is_found_in_a_long_text(tmp_path: Path) -> None:
    text = "Plain words. " * 20_000 + "He kept pornographic images of children. WCST"
    findings = DEFAULT.check(to_document("t.txt", text, "text"))
    assert [(f.rule, f.text) for f in findings] == [
        ("pornographic-images-of-children", "pornographic images of children"),
        ("acronym-undefined", "WCST"),
        ("live-streaming", "WCST"),
    ]
