"""Acronyms of each language (MASI, ESCI, MEASC, CNCPO) in the acronym
checks, and French elision in fixes (termlint.elision), through the
installed command line. Every paragraph is long enough that its language is
plain."""

from __future__ import annotations

import json
from pathlib import Path

#: A user pack in French with a rule whose replacement starts with a
#: consonant where its match starts with a vowel.
FRENCH_PACK = """\
pack: essai-fr
description: Un petit paquet français pour les essais.
language: fr
rules:
  - id: essai-enfant-esclave
    kind: substitute
    severity: error
    replacements: [mineur exploité]
    fixable: true
    rationale: Un essai d'élision avant une consonne.
    terms: [enfant esclave]
"""


def _findings(run, *args: str) -> list[dict]:
    result = run("check", "--format", "json", "--fail-on", "never", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)["findings"]


def test_a_spanish_acronym_is_checked_in_spanish_paragraphs_only(run, write) -> None:
    write(
        "informe.md",
        "Le rapport de l'association cite le MASI une seule fois, sans jamais le définir "
        "pour ses lecteurs francophones.\n\n"
        "Según el informe anual de la fundación, el MASI circula sobre todo en foros cerrados "
        "y en aplicaciones de mensajería.\n",
    )
    found = [
        f
        for f in _findings(run, "--with", "fr,es", "informe.md")
        if f["rule"].startswith("acronym")
    ]
    assert [(f["rule"], f["line"], f["language"]) for f in found] == [
        ("acronym-undefined", 3, "es")
    ]
    assert "material de abuso sexual infantil (MASI)" in found[0]["message"]


def test_a_language_acronym_defined_in_its_language(run, write) -> None:
    write(
        "relatorio.md",
        "O material de exploração e abuso sexual de crianças (MEASC) circula em grupos "
        "fechados de mensagens; o MEASC é sempre a prova de um crime contra uma criança.\n\n"
        "Según la fundación, la explotación sexual comercial infantil (ESCI) crece en las "
        "zonas turísticas de la costa, y la ESCI rara vez se denuncia.\n",
    )
    found = _findings(run, "--with", "es,pt", "relatorio.md")
    assert [f for f in found if f["rule"].startswith("acronym")] == []


def test_a_bilingual_report_is_no_mix_but_one_language_mixing_is(run, write) -> None:
    english = (
        "Child sexual abuse material (CSAM) was found on the servers of the company, and "
        "CSAM reports rose sharply this year.\n\n"
    )
    spanish = (
        "El material de abuso sexual infantil (MASI) se difunde en foros cerrados y el MASI "
        "llega a miles de usuarios cada año.\n"
    )
    write("bilingue.md", english + spanish)
    found = _findings(run, "--with", "es", "bilingue.md")
    assert [f for f in found if f["rule"].startswith("acronym")] == []
    write(
        "mezcla.md",
        english
        + spanish
        + "\nSegún la policía, el CSAM circula también en aplicaciones de mensajería cifrada "
        "que usan los adolescentes.\n",
    )
    found = _findings(run, "--with", "es", "mezcla.md")
    mixes = [f for f in found if f["rule"] == "acronym-family-mix"]
    assert [(f["line"], f["text"], f["language"]) for f in mixes] == [(5, "CSAM", "es")]


def test_an_expansion_in_another_language_defines_the_same_thing(run, write) -> None:
    write(
        "traduccion.md",
        "El material de abuso sexual infantil (CSAM, por sus siglas en inglés) se difunde "
        "en foros cerrados de internet cada día.\n\n"
        "The material is known in English as child sexual abuse material (MASI in Spanish), "
        "and the charity uses both names.\n",
    )
    found = _findings(run, "--with", "es", "traduccion.md")
    assert [f for f in found if f["rule"] == "acronym-mismatch"] == []


def test_fix_elides_french_articles(run, write, tmp_path: Path) -> None:
    path = write(
        "article.md",
        "La prostitution enfantine recule dans la région, selon le dernier rapport annuel.\n\n"
        "Des réseaux de prostitution d’enfants ont été démantelés cette année ; l’essor de la "
        "prostitution enfantine inquiète encore les associations.\n\n"
        "DE PROSTITUTION ENFANTINE, IL N’EST PLUS QUESTION DANS CE RAPPORT DU MINISTÈRE.\n\n"
        "Le rapport dénonce cette prostitution enfantine, que la police de la ville ignore.\n",
    )
    result = run("fix", "--with", "fr", "article.md")
    assert result.code == 0, result.err
    assert path.read_text(encoding="utf-8") == (
        "L’exploitation sexuelle des enfants dans la prostitution recule dans la région, "
        "selon le dernier rapport annuel.\n\n"
        "Des réseaux d’exploitation sexuelle des enfants dans la prostitution ont été "
        "démantelés cette année ; l’essor de l’exploitation sexuelle des enfants dans la "
        "prostitution inquiète encore les associations.\n\n"
        "D’EXPLOITATION SEXUELLE DES ENFANTS DANS LA PROSTITUTION, IL N’EST PLUS QUESTION "
        "DANS CE RAPPORT DU MINISTÈRE.\n\n"
        "Le rapport dénonce cette exploitation sexuelle des enfants dans la prostitution, "
        "que la police de la ville ignore.\n"
    )


def test_fix_writes_the_full_form_before_a_consonant_or_leaves_it(run, write) -> None:
    write("essai.yaml", FRENCH_PACK)
    path = write(
        "essai.md",
        "Le juge a entendu le récit d'enfant esclave que l'association avait recueilli "
        "pendant des mois.\n\n"
        "Selon les enquêteurs, l'enfant esclave vivait dans une cave depuis plusieurs "
        "années sans jamais sortir.\n",
    )
    found = _findings(run, "--with", "essai.yaml", "essai.md")
    mine = [(f["line"], f["fixable"]) for f in found if f["rule"] == "essai-enfant-esclave"]
    assert mine == [(1, True), (3, False)]
    result = run("fix", "--with", "essai.yaml", "essai.md")
    assert result.code == 1, result.err  # one finding remains
    text = path.read_text(encoding="utf-8")
    assert "le récit de mineur exploité que" in text
    assert "l'enfant esclave vivait" in text  # "l'" before a consonant: le or la?


def _acronym_findings(run, packs: str, name: str) -> list[tuple[int, str, str | None, str]]:
    return [
        (f["line"], f["rule"], f.get("language"), f["message"])
        for f in _findings(run, "--with", packs, name)
        if f["rule"].startswith("acronym")
    ]


def test_an_english_acronym_in_another_language_must_be_defined(run, write) -> None:
    """CSAM is written as it is in French and Italian text: its first use
    there is defined, in the paragraph's language or in English, or it is
    reported, with that language's words suggested first."""
    write(
        "rapport.md",
        "Les enquêteurs ont saisi du CSAM sur les serveurs de l'entreprise, selon le parquet "
        "de la ville.\n",
    )
    write(
        "rapporto.md",
        "Gli investigatori hanno sequestrato CSAM sui server della società, secondo la procura "
        "della città.\n",
    )
    assert _acronym_findings(run, "fr", "rapport.md") == [
        (
            1,
            "acronym-undefined",
            "fr",
            "'CSAM' is used before it is defined; write 'matériel d'abus sexuel d'enfants "
            "(CSAM)' or 'child sexual abuse material (CSAM)' on first use.",
        )
    ]
    assert _acronym_findings(run, "it", "rapporto.md") == [
        (
            1,
            "acronym-undefined",
            "it",
            "'CSAM' is used before it is defined; write 'materiale di abuso sessuale su minori "
            "(CSAM)' or 'child sexual abuse material (CSAM)' on first use.",
        )
    ]
    # defined in the paragraph's language, or in English
    for name, text in {
        "francais.md": "Les enquêteurs ont saisi du matériel d'abus sexuels sur enfants (CSAM) "
        "sur les serveurs, et le CSAM circule encore sur les forums.\n",
        "anglais.md": "Les enquêteurs ont saisi du child sexual abuse material (CSAM) sur les "
        "serveurs, et le CSAM circule encore sur les forums.\n",
        "italiano.md": "Gli investigatori hanno sequestrato materiale di abuso sessuale su "
        "minori (CSAM) sui server, e il CSAM circola ancora nei forum.\n",
        "deutsch.md": "Die Ermittler fanden Missbrauchsdarstellungen (CSAM) auf den Servern der "
        "Firma, und CSAM wird weiter in Foren geteilt.\n",
        "nederlands.md": "De politie vond beeldmateriaal van seksueel kindermisbruik (CSAM) op "
        "de servers, en het CSAM circuleert nog op fora.\n",
        "portugues.md": "A polícia encontrou material de abuso sexual infantil (CSAM) nos "
        "servidores, e o CSAM continua a circular nos fóruns.\n",
    }.items():
        write(name, text)
        assert _acronym_findings(run, "fr,it,de,nl,pt", name) == [], name


def test_an_english_definition_serves_the_paragraphs_of_another_language(run, write) -> None:
    write(
        "bilingual.md",
        "Child sexual abuse material (CSAM) was found on the servers of the company, the "
        "prosecutor said on Monday.\n\n"
        "Gli investigatori hanno sequestrato il CSAM sui server della società, secondo la "
        "procura della città.\n",
    )
    assert _acronym_findings(run, "it", "bilingual.md") == []
