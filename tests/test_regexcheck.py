"""The load-time check for patterns that backtrack catastrophically."""

from __future__ import annotations

import pytest

from termlint.regexcheck import catastrophic

UNSAFE = [
    "(a+)+b",
    r"(?:\w+\s?)*x",
    "(a*b?)+",
    "(a+|b)+c",
    r"(\d+)*;",
    "((ab)*)*c",
    r"(?:x|(?:a+)+)y",
    r"(?=(?:a+)+b)a",
]
SAFE = [
    r"(?:\s+\w+)*",
    r"\b(?:[1-9]|1[0-7])[- ]years?[- ]olds?\b",
    r"(?:\w+\s+){1,4}of",
    "a+b+",
    "(?:ab)+",
    "(a++)+b",  # possessive: never backtracks
    "(?>a+)+b",  # atomic group
    r"\bwho\s+are\s+(?:also\s+)?(?=p(?:a)?edophiles?\b)",
    "[a-z]+(?:-[a-z]+)*",
    r"\p{L}+",  # regex-only syntax is left to the run-time limit
]


@pytest.mark.parametrize("pattern", UNSAFE)
def test_unsafe_patterns_are_refused(pattern: str) -> None:
    assert catastrophic(pattern)


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_pass(pattern: str) -> None:
    assert not catastrophic(pattern)
