"""What termlint says: messages quote the words without markup and follow
the document's spelling; no suggestion proposes a discouraged form; spelling
findings are fixable with a house locale; Australian and Canadian locales."""

from __future__ import annotations

import json

import pytest

from termlint.config import default_config
from termlint.linter import lint_text
from termlint.ruleset import load_pack


@pytest.fixture(scope="module")
def config():
    return default_config()


def _suggestions() -> list[tuple[str, str]]:
    """(rule, suggestion) for every replacement of the default pack."""
    ruleset = load_pack("default")
    out = []
    for rule in ruleset.rules.values():
        out += [(rule.id, r) for r in rule.replacements]
        for entry in rule.options.get("replacements-in-context", ()):
            out.append((rule.id, entry[2]))
    return out


def _reported(config, phrase: str) -> list[tuple[str, str]]:
    text = f"The report named {phrase} twice."
    return [
        (f.rule, f.text)
        for f in lint_text(text, config=config)
        # an acronym needs defining, a spelling is judged on the document
        if f.severity != "info" and not f.rule.startswith(("spelling-", "acronym-"))
    ]


@pytest.mark.parametrize(("rule", "suggestion"), _suggestions())
def test_no_suggestion_proposes_a_discouraged_form(config, rule: str, suggestion: str) -> None:
    from termlint.terms import expand_term, variant_text

    for variant in expand_term(suggestion):
        assert _reported(config, variant_text(variant)) == [], (rule, suggestion)


def test_no_spelling_suggestion_is_worse_than_its_counterpart(config) -> None:
    """A spelling fix never turns a word into a discouraged form, and never
    suggests slang ("paedo" for "pedo")."""
    from termlint.terms import expand_term, variant_text

    rules = load_pack("default").rules.values()
    slang = {
        variant_text(v).lower()
        for rule in rules
        if rule.id.endswith("-slang")
        for term in rule.terms
        for v in expand_term(term)
    }
    for rule in rules:
        for first, second in rule.options.get("pairs", ()):
            for a, b in zip(expand_term(first), expand_term(second), strict=True):
                one, other = variant_text(a), variant_text(b)
                assert other.lower() not in slang and one.lower() not in slang, (rule.id, one)
                assert {r for r, _ in _reported(config, one)} == {
                    r for r, _ in _reported(config, other)
                }, (rule.id, one, other)


def test_messages_quote_the_words_without_markup(config) -> None:
    (f,) = lint_text("The child **pornography** on disk.", path="a.md", config=config)
    assert "'child pornography'" in f.message
    (g,) = lint_text("The trade in child -\npornography grew.", config=config)
    assert "'child-pornography'" in g.message


def test_messages_follow_the_documents_spelling(config) -> None:
    us = "The pedophile was jailed. Organized crime grew, and pedophiles organize."
    f = next(f for f in lint_text(us, config=config) if f.rule == "paedophile-misuse")
    assert "most offenders are not pedophiles" in f.message
    uk = "The paedophile was jailed. Organised crime grew, and paedophiles organise."
    g = next(f for f in lint_text(uk, config=config) if f.rule == "paedophile-misuse")
    assert "most offenders are not paedophiles" in g.message
    # suggestions too, but never the words quoted from the document
    us = "Officers found child erotica. Organized groups organized it; they realized it."
    (h,) = [f for f in lint_text(us, config=config) if f.rule == "child-erotica"]
    assert h.replacements[0] == "sexualized images of children"
    assert "'child erotica'" in h.message


def test_spelling_is_fixable_with_a_house_locale(run, write) -> None:
    write("termlint.yaml", "extends: [default]\nlocale: en-GB\n")
    path = write("doc.txt", "The group was organized in May.\n")
    result = run("check", "doc.txt", "--format", "json")
    (f,) = json.loads(result.out)["findings"]
    assert (f["rule"], f["severity"], f["fixable"]) == ("spelling-ise-ize", "warning", True)
    run("fix", "doc.txt")
    assert path.read_text() == "The group was organised in May.\n"


@pytest.mark.parametrize(
    ("locale", "text", "reported"),
    [
        ("en-AU", "The group was organized in May.", ["organized"]),
        ("en-AU", "Their behavior was odd.", ["behavior"]),
        ("en-CA", "The group was organised in May.", ["organised"]),
        ("en-CA", "Their behavior was odd.", ["behavior"]),
        ("en-CA", "The pedophile was named.", []),
    ],
)
def test_australian_and_canadian_locales(run, write, locale: str, text: str, reported) -> None:
    write("termlint.yaml", f"extends: [default]\nlocale: {locale}\n")
    write("doc.txt", text + "\n")
    result = run("check", "doc.txt", "--format", "json")
    found = [
        f["text"] for f in json.loads(result.out)["findings"] if f["rule"].startswith("spelling")
    ]
    assert found == reported
