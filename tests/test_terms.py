"""The compact term syntax: expansion and its errors."""

from __future__ import annotations

import re

import pytest

from termlint.terms import MAX_VARIANTS, TermSyntaxError, Token, expand_term, variant_text


def texts(term: str) -> list[str]:
    return [variant_text(v) for v in expand_term(term)]


def test_plain_phrase_and_hyphen_split_into_words() -> None:
    assert texts("child pornography") == ["child pornography"]
    assert texts("child-pornography") == ["child pornography"]
    assert expand_term("child  pornography")[0] == (Token("child"), Token("pornography"))


def test_optional_suffix() -> None:
    assert texts("prostitute(s)") == ["prostitutes", "prostitute"]


def test_alternatives_and_cartesian_product() -> None:
    assert sorted(texts("(kiddie|kiddy) porn(o)")) == sorted(
        ["kiddie porno", "kiddie porn", "kiddy porno", "kiddy porn"]
    )


def test_alternatives_with_spaces_and_empty_alternative() -> None:
    assert sorted(texts("(the |)Optional Protocol")) == [
        "Optional Protocol",
        "the Optional Protocol",
    ]


def test_nested_groups() -> None:
    assert sorted(texts("a (b(c|d)|e)")) == ["a bc", "a bd", "a e"]


def test_wildcard_suffix() -> None:
    (variant,) = expand_term("kinderporn*")
    assert variant == (Token("kinderporn", wild=True),)


def test_escapes_are_literal() -> None:
    assert texts(r"a\(b\)") == ["a(b)"]
    (variant,) = expand_term(r"x\*")
    assert variant == (Token("x*"),)


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("(child porn", "unclosed"),
        ("child) porn", "unexpected ')'"),
        ("a|b", "unexpected '|'"),
        ("ki*dd", "'*' may only end a word"),
        ("*", "'*' must follow"),
        ("   ", "empty term"),
        ("a\\b", "backslash"),
        ("()", "expands to nothing"),
    ],
)
def test_syntax_errors(term: str, message: str) -> None:
    with pytest.raises(TermSyntaxError, match=re.escape(message)):
        expand_term(term)


def test_variant_explosion_is_refused() -> None:
    term = " ".join(["(a|b|c|d)"] * 6)  # 4096 variants
    assert MAX_VARIANTS < 4**6
    with pytest.raises(TermSyntaxError, match="more than"):
        expand_term(term)


@pytest.mark.parametrize(
    ("matched", "replacement", "expected"),
    [
        ("child pornography", "child sexual abuse material", "child sexual abuse material"),
        ("Child pornography", "child sexual abuse material", "Child sexual abuse material"),
        ("CHILD PORNOGRAPHY", "child sexual abuse material", "CHILD SEXUAL ABUSE MATERIAL"),
        ("Child Pornography", "child sexual abuse material", "Child Sexual Abuse Material"),
        ("Organised", "organized", "Organized"),
        ("CP", "CSAM", "CSAM"),
        ("cp", "CSAM", "CSAM"),
        ("Kiddie porn", "child sexual abuse material (CSAM)", "Child sexual abuse material (CSAM)"),
        ("cHiLd", "child", "child"),
    ],
)
def test_case_transfer(matched: str, replacement: str, expected: str) -> None:
    from termlint.casing import match_case

    assert match_case(matched, replacement) == expected
