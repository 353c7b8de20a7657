"""The default pack's context, exemption, acronym and spelling behaviour, as
users meet it (the API for focused cases, the installed CLI for settings)."""

from __future__ import annotations

import json
import textwrap

import pytest

from termlint.config import default_config
from termlint.linter import lint_text


@pytest.fixture(scope="module")
def config():
    return default_config()


def found(config, text: str, rule: str | None = None, *, all_severities: bool = False):
    out = []
    for f in lint_text(text, config=config):
        if rule is not None and f.rule != rule:
            continue
        if f.note is not None and not all_severities:
            continue
        out.append(f.text)
    return out


# ------------------------------------------------------------------ context rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He had sex with a 14-year-old.", ["had sex with"]),
        ("The campaign says sex with a minor is abuse.", ["sex with"]),
        ("He was jailed for underage sex.", ["underage sex"]),
        (
            "A minor who is over the age of consent can legally have sex with a person of the same age.",
            [],
        ),
        ("The two adults had sex with each other.", []),
        ("He was jailed as a child sex offender.", []),
    ],
)
def test_sex_with_child(config, text: str, expected: list[str]) -> None:
    assert found(config, text, "sex-with-child") == expected


def test_cp_only_in_the_child_pornography_sense(config) -> None:
    assert found(config, "Children with CP need physiotherapy.", "cp-abbrev") == []
    assert found(config, "He was caught trading CP online.", "cp-abbrev") == ["CP"]
    # anywhere in a document that also uses "child pornography"
    doc = "The law on child pornography changed. Later the CP case was heard."
    assert found(config, doc, "cp-abbrev") == ["CP"]
    assert found(config, "Most PC's were seized in the raid on the forum.", "cp-abbrev") == []


def test_pornographer_only_in_a_child_context(config) -> None:
    assert found(config, "The pornographer ran an adult studio.", "child-pornographer") == []
    assert found(config, "The pornographer filmed the girls, aged 9.", "child-pornographer") == [
        "pornographer"
    ]


def test_paedophile_offender_prose_versus_clinical_use(config) -> None:
    assert found(config, "Police arrested three paedophiles.", "paedophile-misuse") == [
        "paedophiles"
    ]
    clinical = "Therapy for non-offending paedophiles reduces risk, a clinical study found."
    assert found(config, clinical, "paedophile-misuse") == []
    assert found(config, "The DSM describes pedophilic disorder.", "paedophile-misuse") == []
    classifying = "Viewers of such images who are pedophiles collect obsessively."
    assert found(config, classifying, "paedophile-misuse") == []


# ------------------------------------------------------------------ exemptions


@pytest.mark.parametrize(
    "text",
    [
        "The Child Pornography Task Force met on Monday.",  # recognised by shape, not listed
        "He joined the Internet Child Pornography Unit in 2004.",
        "Operation Avalanche targeted child pornography sites",  # the operation name only
        "They cited New Child Pornography Statutes Review (2009).",
    ],
)
def test_proper_names_recognised_by_shape(config, text: str) -> None:
    texts = found(config, text, "child-pornography")
    assert texts in ([], ["child pornography"])
    if text.startswith("Operation"):
        assert texts == ["child pornography"]  # the free prose after the name is still reported
    else:
        assert texts == []


def test_a_sentence_initial_capital_is_not_a_name(config) -> None:
    assert found(config, "Child pornography is a crime.", "child-pornography") == [
        "Child pornography"
    ]
    assert found(config, "Child Pornography in the 2000s", "child-pornography") == [
        "Child Pornography"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "{{cite web |title=Child Pornography on the Internet |work=Guardian}}",
        '"Child Pornography on the Internet" (2006) is a short report.',
        "Wortley, R., & Smallbone, S. (2006). Child pornography on the Internet. Washington, DC.",
        "See *Child Pornography: An Overview* by J. Smith.",
        # reference lists without brackets round the year (Vancouver, Harvard)
        "Hill J & Stone D 2016. Child pornography offenders online. Journal of Cases 21: 41-55",
        "Hill JA, Stone D, Park K et al. 2019. Child pornography and the web. Law Review 3(2).",
    ],
)
def test_titles_of_works(config, text: str) -> None:
    assert found(config, text, "child-pornography") == []


def test_a_sentence_that_starts_with_a_name_and_a_year_is_no_reference(config) -> None:
    text = "Hill said in 2016 that child pornography was found."
    assert found(config, text, "child-pornography") == ["child pornography"]


def test_metalinguistic_use(config) -> None:
    text = 'The term "child pornography" retains its legal definitions.'
    assert found(config, text, "child-pornography") == []
    # "so-called" distances the author from a word they still use: reported
    assert found(config, "so-called child pornography", "child-pornography") == [
        "child pornography"
    ]
    assert found(config, 'Avoid "child porn", "kiddie porn" and "CP".', "child-porn-slang") == []


def test_legal_definitions_are_downgraded_to_info(config) -> None:
    (f,) = lint_text(
        "US federal law defines child pornography as any visual depiction.", config=config
    )
    assert (f.rule, f.severity, f.note) == ("child-pornography", "info", "legal-definition")
    assert not f.fixable


def test_quotations_default_to_info(config) -> None:
    (f,) = lint_text('She said: "They called it child porn."', config=config)
    assert (f.severity, f.note) == ("info", "quotation")
    assert f.fixable is False  # nothing inside a quotation is ever changed
    # a quotation that runs on into the next paragraph has no closing mark
    (g,) = lint_text("He added: \u201cThe kiddie porn trade is huge.\n\nNext.", config=config)
    assert g.note == "quotation"


@pytest.mark.parametrize(
    ("setting", "expected"), [("flag", "error"), ("info", "info"), ("ignore", None)]
)
def test_quotation_policy_is_configurable(run, write, setting: str, expected: str | None) -> None:
    write("termlint.yaml", f"quotations: {setting}\n")
    result = run("check", "-", "--format", "json", input='She said: "They called it child porn."')
    severities = [f["severity"] for f in json.loads(result.out)["findings"]]
    assert severities == ([expected] if expected else [])


def test_show_suppressed_names_the_exemption(run) -> None:
    text = textwrap.dedent(
        """\
        The Child Pornography Task Force met.
        {{cite web |title=Child Pornography on the Internet}}
        The term "child pornography" is misleading.
        """
    )
    result = run("check", "-", "--show-suppressed", "--format", "json", input=text)
    reasons = [f.get("suppressed_by") for f in json.loads(result.out)["findings"]]
    assert reasons == [
        "proper name: Child Pornography Task Force",
        "citation field",
        "metalinguistic",
    ]


def test_taxonomy_labels_are_names(config) -> None:
    spans = [
        f.suppressed_by
        for f in config.engine().check(_doc("COPINE level Erotic Posing"), keep_suppressed=True)
    ]
    assert spans == []  # no rule matches a taxonomy label at all
    from termlint.ruleset import load_pack

    labels = {n.label for n in load_pack("default").names}
    assert {"statute", "treaty", "organisation", "title", "taxonomy"} <= labels


def _doc(text: str):
    from termlint.formats import to_document

    return to_document("x.txt", text, "text")


# ------------------------------------------------------------------ acronyms


def by_rule(config, text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in lint_text(text, config=config):
        if f.rule.startswith("acronym"):
            out.setdefault(f.rule, []).append(f.text)
    return out


def test_acronym_definitions_in_either_order(config) -> None:
    assert by_rule(config, "Child sexual abuse material (CSAM) is evidence. CSAM grows.") == {}
    assert by_rule(config, "CSAM (child sexual abuse material) is evidence. CSAM grows.") == {}
    assert by_rule(config, "CSAM is evidence.") == {"acronym-undefined": ["CSAM"]}


def test_acronym_mismatch_and_two_expansions(config) -> None:
    text = "child sexual exploitation material (CSAM)"
    assert by_rule(config, text)["acronym-mismatch"] == [text]
    (f,) = [f for f in lint_text(text, config=config) if f.rule == "acronym-mismatch"]
    # a hint by default: outside the annotation guide's consensus categories
    assert "(that is CSEM)" in f.message and f.severity == "info"
    text = "Child sexual abuse (CSA) is common. The Child Safety Act (CSA) is a law."
    assert by_rule(config, text) == {"acronym-two-expansions": ["Child Safety Act (CSA)"]}


def test_acronym_family_mix_and_explicit_distinction(config) -> None:
    mixed = "Child sexual abuse material (CSAM) and child abuse material (CAM) were seized."
    assert by_rule(config, mixed) == {"acronym-family-mix": ["CAM"]}
    distinct = (
        "Child sexual abuse material (CSAM) was seized; child sexual exploitation material "
        "(CSEM), a broader category, was too."
    )
    assert by_rule(config, distinct) == {}


def test_acronym_family_preference_is_configurable(tmp_path) -> None:
    from helpers import config_from

    config = config_from(
        tmp_path,
        "extends: [default]\noverrides:\n  acronym-family-mix:\n    prefer: {material: CSAEM}\n",
    )
    text = "Child sexual abuse material (CSAM) is the term here."
    assert by_rule(config, text) == {"acronym-family-mix": ["CSAM"]}


def test_users_extend_the_glossary(tmp_path) -> None:
    from helpers import config_from

    config = config_from(
        tmp_path,
        "extends: [default]\nacronyms:\n  OSA: {expansion: [Online Safety Act]}\n",
    )
    assert by_rule(config, "The OSA passed.") == {"acronym-undefined": ["OSA"]}
    assert by_rule(config, "The Online Safety Act (OSA) passed. The OSA works.") == {}


def test_acronyms_across_the_files_of_a_project(run, write) -> None:
    write("book/ch1.md", "Child sexual abuse material (CSAM) is evidence.\n")
    write("book/ch2.md", "CSAM is evidence. Organised crime, organised groups.\n")
    write("book/ch3.md", "An organized gang. CSAM again.\n")
    per_file = run("check", "--format", "json", "book")
    rules = sorted((f["path"], f["rule"]) for f in json.loads(per_file.out)["findings"])
    assert ("book/ch2.md", "acronym-undefined") in rules
    write("book/termlint.yaml", "consistency: project\n")
    project = run("check", "--format", "json", "book")
    rules = sorted((f["path"], f["rule"]) for f in json.loads(project.out)["findings"])
    assert rules == [("book/ch3.md", "spelling-ise-ize")]


# ------------------------------------------------------------------ spelling


def spelling(config, text: str) -> list[tuple[str, str]]:
    return [
        (f.text, f.severity)
        for f in lint_text(text, config=config)
        if f.rule.startswith("spelling")
    ]


def test_spelling_majority_excludes_names_titles_and_quotations(config) -> None:
    text = (
        "The World Health Organization and the National Center for Missing Children "
        'met. "We organized it," she said. Organised groups and organised crime '
        "rose. An organized network, a local centre."
    )
    assert spelling(config, text) == [("organized", "suggestion")]


def test_a_one_word_heading_is_counted_and_reported(config) -> None:
    # the capital of the next paragraph's first word does not make the heading a name
    text = "Organised\n\nOrganized crime grew. We organized. Organized groups met.\n"
    assert spelling(config, text) == [("Organised", "suggestion")]


def test_spelling_locale_turns_suggestions_into_warnings(run, write) -> None:
    write("termlint.yaml", "locale: en-US\n")
    result = run("check", "-", "--format", "json", input="Organised crime is organised.\n")
    got = [
        (f["text"], f["severity"], f["replacements"]) for f in json.loads(result.out)["findings"]
    ]
    assert got == [
        ("Organised", "warning", ["Organized"]),
        ("organised", "warning", ["organized"]),
    ]


def test_oxford_spelling_keeps_axes_apart(run, write) -> None:
    write("termlint.yaml", "locale: en-GB-oxendict\n")
    text = "The organization studied behaviour and the centre.\n"
    result = run("check", "-", "--format", "json", input=text)
    assert json.loads(result.out)["findings"] == []


def test_rules_sharing_a_pattern_each_report_it(run, write) -> None:
    """Two rules with the same pattern (a pack's rule and its variant for
    legal texts, the same compound in two languages) each report a match:
    the pattern runs once and the other rule is tried where it matched."""
    write(
        "termlint.yaml",
        "extends: [default]\n"
        "rules:\n"
        "  - id: house-one\n"
        "    kind: substitute\n"
        "    severity: warning\n"
        "    message: first\n"
        "    patterns: ['\\b\\w+widget\\w*']\n"
        "    replacements: [gadget]\n"
        "    rationale: Say gadget.\n"
        "  - id: house-two\n"
        "    kind: substitute\n"
        "    severity: warning\n"
        "    message: second\n"
        "    patterns: ['\\b\\w+widget\\w*']\n"
        "    replacements: [gadget]\n"
        "    rationale: Say gadget.\n",
    )
    write("draft.txt", "The bluewidgets were sold out.\n")
    result = run("check", "--format", "json", "draft.txt")
    found = sorted((f["rule"], f["text"]) for f in json.loads(result.out)["findings"])
    assert found == [("house-one", "bluewidgets"), ("house-two", "bluewidgets")]


def test_a_headline_noun_after_the_term_does_not_make_a_name(run, write) -> None:
    """In a headline every word is capitalised: only a name's own head noun
    (Act, Protocol, Centro, Meldpunt...) makes one, not a common noun such as
    Report or Survey, whatever language packs add to the head nouns."""
    write("story.md", "# New Child Pornography Report Released\n\nThe study is out.\n")
    result = run("check", "--format", "json", "--with", "fr,de,es,nl,pt,it", "story.md")
    found = [f for f in json.loads(result.out)["findings"] if f["rule"] == "child-pornography"]
    assert [f["severity"] for f in found] == ["error"]
