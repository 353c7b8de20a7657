"""The language of each paragraph decides which packs apply (termlint.language).

A small French pack is written here; the default pack is English. Every
document mixes English and French paragraphs, each long enough that its
language is plain, with a phrase of the other language inside it where a
rule of that language would otherwise fire.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FRENCH_PACK = """\
pack: essai-fr
description: Un petit paquet français pour les essais.
language: fr
rules:
  - id: essai-pornographie-infantile
    kind: substitute
    severity: error
    message: "Écrire 'matériel d'abus sexuels sur enfants' plutôt que '{match}'."
    replacements: [matériel d'abus sexuels sur enfants]
    rationale: Le mot parle de pornographie là où il y a un abus.
    terms: [pornographie infantile]
"""

#: An English paragraph with a French term in it, a French paragraph with an
#: English term in it, then one of each with the term of its own language.
MIXED = """\
The French press still prints pornographie infantile in its headlines, week after week, in every region.

Les enquêteurs ont trouvé des fichiers de child pornography sur le disque dur de l'ordinateur saisi chez lui.

Officers in the northern district said they had seized child pornography from a rented server last spring.

Selon la gendarmerie, la pornographie infantile circule encore sur ce serveur loué depuis le printemps dernier.
"""

FRENCH_RULE = "essai-pornographie-infantile"
ENGLISH_RULE = "child-pornography"


@pytest.fixture
def project(write):
    """A directory whose configuration extends the default pack and the French one."""

    def _project(config: str = "extends: [default, ./fr.yaml]\n") -> Path:
        write("fr.yaml", FRENCH_PACK)
        return write("termlint.yaml", config).parent

    return _project


def findings(run, *args: str, cwd: Path | None = None) -> list[dict]:
    result = run("check", "--format", "json", "--fail-on", "never", *args, cwd=cwd)
    assert result.code == 0, result.err
    return json.loads(result.out)["findings"]


def found(items: list[dict]) -> list[tuple[int, str, str]]:
    return [(f["line"], f["rule"], f["text"]) for f in items]


def test_each_rule_fires_in_the_paragraphs_of_its_language(run, write, project):
    cwd = project()
    write("mixed.md", MIXED)
    items = findings(run, "mixed.md", cwd=cwd)
    assert found(items) == [
        (5, ENGLISH_RULE, "child pornography"),
        (7, FRENCH_RULE, "pornographie infantile"),
    ]
    # findings name their language
    assert [f["language"] for f in items] == ["en", "fr"]


def test_a_fixed_language_applies_its_packs_everywhere(run, write, project):
    cwd = project()
    write("mixed.md", MIXED)
    assert found(findings(run, "--language", "fr", "mixed.md", cwd=cwd)) == [
        (1, FRENCH_RULE, "pornographie infantile"),
        (7, FRENCH_RULE, "pornographie infantile"),
    ]
    cwd = project("extends: [default, ./fr.yaml]\nlanguage: en\n")
    assert found(findings(run, "mixed.md", cwd=cwd)) == [
        (3, ENGLISH_RULE, "child pornography"),
        (5, ENGLISH_RULE, "child pornography"),
    ]
    # --language overrides the configuration's
    assert found(findings(run, "--language", "auto", "mixed.md", cwd=cwd)) == [
        (5, ENGLISH_RULE, "child pornography"),
        (7, FRENCH_RULE, "pornographie infantile"),
    ]


def test_a_quoted_foreign_title_in_an_english_paragraph_is_not_flagged(run, write, project):
    cwd = project()
    write(
        "title.md",
        'The committee read the French report "La pornographie infantile en ligne" '
        "before it wrote its own summary for the minister.\n\n"
        "Le comité a lu ce rapport sur la pornographie infantile en ligne avant "
        "d'écrire son propre résumé pour la ministre.\n",
    )
    # not even as information about a quotation: the rule is not English
    assert found(findings(run, "--show-suppressed", "title.md", cwd=cwd)) == [
        (3, FRENCH_RULE, "pornographie infantile")
    ]


def test_a_short_heading_takes_the_language_of_what_follows(run, write, project):
    cwd = project()
    # on its own, lingua takes "Pornographie infantile" for Italian
    write(
        "heading.md",
        "# Pornographie infantile\n\n"
        "Ce mot reste courant dans la presse régionale, même si les associations "
        "demandent depuis longtemps de ne plus l'employer.\n",
    )
    assert found(findings(run, "heading.md", cwd=cwd)) == [
        (1, FRENCH_RULE, "Pornographie infantile")
    ]


def test_spelling_is_counted_in_the_paragraphs_of_its_language(run, write, project):
    cwd = project()
    write(
        "spelling.md",
        "The organization published its report, and the organization will publish "
        "another one next year.\n\n"
        "L'organisation a publié un rapport. Une autre organisation le critique, "
        "et une troisième organisation aussi.\n",
    )
    # the French "organisation" is no British spelling of an English word
    assert found(findings(run, "spelling.md", cwd=cwd)) == []


def test_word_paragraphs_are_identified_one_by_one(run, write, project, tmp_path):
    from wordbuild import build, para
    from wordbuild import text_run as tr

    cwd = project()
    lines = [line for line in MIXED.splitlines() if line]
    build(tmp_path / "mixed.docx", [para(tr(line)) for line in lines])
    assert found(findings(run, "mixed.docx", cwd=cwd)) == [
        (3, ENGLISH_RULE, "child pornography"),
        (4, FRENCH_RULE, "pornographie infantile"),
    ]


def test_sarif_results_carry_the_language(run, write, project):
    cwd = project()
    write("mixed.md", MIXED)
    result = run("check", "--format", "sarif", "--fail-on", "never", "mixed.md", cwd=cwd)
    results = json.loads(result.out)["runs"][0]["results"]
    assert [(r["ruleId"], r["properties"]["language"]) for r in results] == [
        (ENGLISH_RULE, "en"),
        (FRENCH_RULE, "fr"),
    ]


def test_an_english_only_run_names_no_language(run, write):
    write("mixed.md", MIXED)
    items = findings(run, "mixed.md")
    # only English rules: every paragraph is read as English, nothing identified
    assert found(items) == [
        (3, ENGLISH_RULE, "child pornography"),
        (5, ENGLISH_RULE, "child pornography"),
    ]
    assert all("language" not in f for f in items)


def test_an_unknown_language_is_refused(run, write, project):
    write("mixed.md", MIXED)
    result = run("check", "--language", "xx", "mixed.md")
    assert result.code == 2
    assert "--language must be 'auto' or an ISO 639-1 code" in result.err
    cwd = project("extends: [default]\nlanguage: french\n")
    result = run("check", "mixed.md", cwd=cwd)
    assert result.code == 2
    assert "termlint.yaml:2:11: 'language' must be 'auto' or an ISO 639-1 code" in result.err
    assert "(did you mean 'fr'?)" in result.err
