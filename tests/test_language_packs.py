"""The language packs (fr, de, es, nl, pt, it): their examples, their
evidence policy, their legal and proper names, and how their terms are
matched (elisions and apostrophes, composed and decomposed accents, German
and Dutch compounds); and the pack keys they use (``language``,
``rationale-local``, ``review``)."""

from __future__ import annotations

import json
import textwrap
import unicodedata

import pytest
from conftest import ROOT

from termlint.ruleset import REVIEWS, SEVERITIES, load_pack

LANGUAGES = ("fr", "de", "es", "nl", "pt", "it")
ALL = ",".join(LANGUAGES)


def findings(run, *args: str, text: str, cwd) -> list[dict]:  # type: ignore[no-untyped-def]
    (cwd / "t.txt").write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", *args, "t.txt", cwd=cwd)
    assert result.code in (0, 1), result.err
    return json.loads(result.out)["findings"]


def found(items: list[dict], prefix: str = "") -> list[tuple[str, str, str]]:
    """Findings as (rule, text, severity), of the rules whose id starts with
    ``prefix``. (Without per-paragraph language selection, the English pack's
    `kinderporn*` is also found in German and Dutch text.)"""
    return [(f["rule"], f["text"], f["severity"]) for f in items if f["rule"].startswith(prefix)]


# --------------------------------------------------------------------------- the packs


@pytest.mark.parametrize("lang", LANGUAGES)
def test_test_rules_passes_on_each_pack(run, lang: str) -> None:
    ruleset = load_pack(lang)
    for ref in (str(ROOT / "rules" / f"{lang}.yaml"), lang):
        result = run("test-rules", ref)
        assert result.code == 0, result.out
        passed = int(result.out.strip().splitlines()[-1].split()[0])
        assert result.out.strip().endswith(" passed, 0 failed")
        assert passed >= 2 * len(ruleset.rules)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rule_is_complete(lang: str) -> None:
    ruleset = load_pack(lang)
    own = {r.id: r for r in ruleset.rules.values() if r.origin.path.endswith(f"{lang}.yaml")}
    assert len(own) >= 2
    assert ruleset.packs[str(ROOT / "rules" / f"{lang}.yaml")].language == lang
    for rule in own.values():
        assert rule.id.startswith(f"{lang}-"), rule.id
        assert rule.language == lang
        assert rule.rationale and rule.rationale_local, rule.id
        assert rule.rationale_local != rule.rationale
        assert rule.sources and rule.evidence, rule.id
        assert rule.bad and rule.good, rule.id
        assert rule.replacements, rule.id
        assert all(s in ruleset.sources for s in rule.sources), rule.id


def test_unverified_rules_are_suggestions_awaiting_review() -> None:
    """[K] alone: `suggestion` at most; any [K]: flagged for a native speaker."""
    at_most = SEVERITIES.index("suggestion")
    flagged = 0
    for lang in LANGUAGES:
        for rule in load_pack(lang).rules.values():
            if "K" in rule.evidence:
                assert rule.review == "native-speaker", rule.id
                flagged += 1
            if set(rule.evidence) == {"K"}:
                assert SEVERITIES.index(rule.severity) >= at_most, rule.id
            if rule.review is not None:
                assert "K" in rule.evidence, rule.id
    assert flagged >= 10


def test_institutional_disagreements_follow_the_reference() -> None:
    """Italian usage has not moved: a warning; Dutch legal texts: a warning;
    German: both kinds of wording offered."""
    it = load_pack("it").rules["it-pedopornografia"]
    assert it.severity == "warning" and it.review == "native-speaker"
    nl = load_pack("nl").rules
    assert nl["nl-kinderporno"].severity == "error"
    assert nl["nl-kinderporno-juridisch"].severity == "warning"
    de = load_pack("de").rules["de-kinderpornografie"]
    assert de.severity == "error"
    assert "Missbrauchsdarstellungen" in de.replacements
    assert any("sexualisierter Gewalt" in r for r in de.replacements)


def test_explain_shows_both_rationales_and_the_review(run) -> None:
    result = run("explain", "fr-tourisme-sexuel", "--with", "fr")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "fr-tourisme-sexuel (substitute, warning)"
    assert lines[2].startswith('"Tourism" frames the abuse')
    assert lines[4].startswith("[fr] Le mot « tourisme »")
    assert lines[6] == REVIEWS["native-speaker"] == "Awaits a native speaker's review."
    assert "Evidence: [S], [K]" in result.out
    verified = run("explain", "fr-pedopornographie", "--with", "fr").out
    assert "[fr] La « pornographie »" in verified
    assert "review" not in verified
    # an English rule is explained as before
    english = run("explain", "child-pornography").out
    assert "[" not in english.splitlines()[2] and "review" not in english


# --------------------------------------------------------------------------- names and terms

#: For each language: a sentence of statute, treaty or organisation names that
#: hold a discouraged term, and a sentence with the term in prose.
SENTENCES = {
    "fr": (
        "La Directive 2011/93/UE relative à la lutte contre les abus sexuels et "
        "l'exploitation sexuelle des enfants, ainsi que la pédopornographie complète le "
        "Protocole facultatif concernant la vente d'enfants, la prostitution des enfants et "
        "la pornographie mettant en scène des enfants.",
        "Les gendarmes ont saisi des disques durs remplis de pédopornographie chez lui.",
        ("fr-pedopornographie", "pédopornographie", "error"),
    ),
    "de": (
        "Der Paragraf 184b StGB heißt Verbreitung, Erwerb und Besitz kinderpornographischer "
        "Inhalte, der Paragraf 184c Verbreitung, Erwerb und Besitz jugendpornographischer "
        "Inhalte.",
        "Die Ermittler haben bei ihm mehrere Festplatten mit Kinderpornos gefunden.",
        ("de-kinderpornografie", "Kinderpornos", "error"),
    ),
    "es": (
        "España ratificó el Protocolo facultativo de la Convención sobre los Derechos del "
        "Niño relativo a la venta de niños, la prostitución infantil y la utilización de "
        "niños en la pornografía.",
        "La policía encontró en su casa varios discos llenos de pornografía infantil.",
        ("es-pornografia-infantil", "pornografía infantil", "error"),
    ),
    "nl": (
        "Wie zulke beelden ziet, kan een melding doen bij het Meldpunt Kinderporno op "
        "Internet van het expertisebureau.",
        "De recherche vond op zijn computer duizenden bestanden met kinderporno.",
        ("nl-kinderporno", "kinderporno", "error"),
    ),
    "pt": (
        "O antigo Serviço de Repressão aos Crimes de Ódio e Pornografia Infantil da Polícia "
        "Federal mudou de nome no ano passado.",
        "A polícia encontrou em casa dele vários discos cheios de pornografia infantil.",
        ("pt-pornografia-infantil", "pornografia infantil", "error"),
    ),
    "it": (
        "Le segnalazioni arrivano al Centro nazionale per il contrasto della pedopornografia "
        "online, come prevede la legge sulla lotta contro lo sfruttamento sessuale dei "
        "bambini e la pedopornografia anche a mezzo internet.",
        "La polizia ha trovato nel suo computer migliaia di file di pedopornografia.",
        ("it-pedopornografia", "pedopornografia", "warning"),
    ),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_names_stay_unflagged_and_prose_is_flagged(run, tmp_path, lang: str) -> None:
    names, prose, expected = SENTENCES[lang]
    assert findings(run, "--with", lang, text=names + "\n", cwd=tmp_path) == []
    shown = findings(run, "--with", lang, "--show-suppressed", text=names + "\n", cwd=tmp_path)
    assert shown and all(f.get("suppressed_by") for f in shown)
    assert expected in found(findings(run, "--with", lang, text=prose + "\n", cwd=tmp_path))
    # the same with a configuration that extends the pack
    (tmp_path / "termlint.yaml").write_text(f"extends: [default, {lang}]\n", encoding="utf-8")
    assert expected in found(findings(run, text=prose + "\n", cwd=tmp_path))


def test_a_document_of_several_languages(run, tmp_path) -> None:
    text = "\n\n".join(prose for _, prose, _ in SENTENCES.values()) + "\n"
    items = findings(run, "--with", ALL, text=text, cwd=tmp_path)
    for _, _, expected in SENTENCES.values():
        assert expected in found(items)


def test_french_elisions_and_apostrophes(run, tmp_path) -> None:
    text = (
        "Des réseaux de prostitution d'enfants et de prostitution d’enfants ont été démantelés "
        "par la police française.\n\n"
        "La France a signé le Protocole facultatif concernant la vente d’enfants, la "
        "prostitution des enfants et la pornographie mettant en scène des enfants.\n"
    )
    items = findings(run, "--with", "fr", text=text, cwd=tmp_path)
    assert found(items) == [
        ("fr-prostitution-enfantine", "prostitution d'enfants", "error"),
        ("fr-prostitution-enfantine", "prostitution d’enfants", "error"),
    ]
    first = text.index("prostitution d'")
    assert [f["column"] for f in items] == [first + 1, text.index("prostitution", first + 1) + 1]


def test_composed_and_decomposed_accents(run, tmp_path) -> None:
    composed = "La police française a saisi de la pédopornographie sur ses serveurs."
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    for text in (composed, decomposed):
        items = findings(run, "--with", "fr", text=text + "\n", cwd=tmp_path)
        assert [(f["rule"], unicodedata.normalize("NFC", f["text"])) for f in items] == [
            ("fr-pedopornographie", "pédopornographie")
        ]
        assert items[0]["column"] == text.index("p", text.index("la p") + 1) + 1


def test_a_decomposed_accent_does_not_end_a_word(run, tmp_path) -> None:
    """ "prostitué" is not found inside a decomposed "prostituées", and a word
    ending (``*``) runs over decomposed accents."""
    pack = textwrap.dedent(
        """\
        rules:
          - id: t.word
            kind: avoid
            severity: warning
            terms: [prostitué]
            rationale: R.
          - id: t.wild
            kind: avoid
            severity: warning
            terms: [pédo*]
            rationale: R.
        """
    )
    (tmp_path / "p.yaml").write_text(pack, encoding="utf-8")
    text = unicodedata.normalize("NFD", "prostituées, prostitué, pédophilie.") + "\n"
    items = findings(run, "--config", "p.yaml", text=text, cwd=tmp_path)
    got = [(f["rule"], unicodedata.normalize("NFC", f["text"])) for f in items]
    assert got == [("t.word", "prostitué"), ("t.wild", "pédophilie")]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", "Die Polizei fand auf dem Rechner viele Kinderpornos.", "Kinderpornos"),
        ("de", "Er tauschte im Netz kinderpornografische Videos aus.", "kinderpornografische"),
        ("de", "Die Kinderpornografie-Vorwürfe gegen ihn wiegen schwer.", "Kinderpornografie"),
        (
            "de",
            "Der Kinderpornografievorwurf wurde vom Gericht geprüft.",
            "Kinderpornografievorwurf",
        ),
        (
            "de",
            "Die Fälle von Onlinekinderpornografie nehmen in Deutschland zu.",
            "Onlinekinderpornografie",
        ),
        (
            "nl",
            "Hij werd in een grote kinderpornozaak door de rechter veroordeeld.",
            "kinderpornozaak",
        ),
        (
            "nl",
            "Er circuleerde veel kinderpornografisch materiaal op het forum.",
            "kinderpornografisch",
        ),
    ],
)
def test_compounds(run, tmp_path, lang: str, text: str, expected: str) -> None:
    items = findings(run, "--with", lang, text=text + "\n", cwd=tmp_path)
    assert [f["text"] for f in items if f["rule"].startswith(f"{lang}-")] == [expected]


def test_the_hotline_keeps_its_name_in_compounds(run, tmp_path) -> None:
    text = "Het Meldpunt Kinderporno ontving vorig jaar meer meldingen dan ooit tevoren.\n"
    assert findings(run, "--with", "nl", text=text, cwd=tmp_path) == []
    shown = findings(run, "--with", "nl", "--show-suppressed", text=text, cwd=tmp_path)
    assert {f["suppressed_by"] for f in shown} == {
        "organisation: Meldpunt Kinderporno( op (het |)Internet|)",
        "organisation: Meldpunt Kinderporno",  # the English pack lists it too
    } or {f["suppressed_by"] for f in shown} == {
        "organisation: Meldpunt Kinderporno( op (het |)Internet|)"
    }


def test_dutch_legal_texts_get_a_warning(run, tmp_path) -> None:
    prose = "De recherche vond op zijn computer duizenden bestanden met kinderporno."
    legal = "Op grond van artikel 240b Sr is het bezit van kinderporno strafbaar in Nederland."
    assert found(findings(run, "--with", "nl", text=prose + "\n", cwd=tmp_path), "nl-") == [
        ("nl-kinderporno", "kinderporno", "error")
    ]
    assert found(findings(run, "--with", "nl", text=legal + "\n", cwd=tmp_path), "nl-") == [
        ("nl-kinderporno-juridisch", "kinderporno", "warning")
    ]


def test_legal_syntax_is_info(run, tmp_path) -> None:
    text = (
        "Er wurde vom Landgericht wegen Besitzes kinderpornographischer Inhalte nach "
        "§ 184b StGB verurteilt.\n"
    )
    assert found(findings(run, "--with", "de", text=text, cwd=tmp_path), "de-") == [
        ("de-kinderpornografie", "kinderpornographischer", "info")
    ]


def test_the_catalogue_lists_every_pack() -> None:
    committed = (ROOT / "docs" / "rules-catalogue.md").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        assert f"**Pack `{lang}`**" in committed
        for rule in load_pack(lang).rules.values():
            assert f"## {rule.id}\n" in committed
            if rule.review:
                section = committed.split(f"## {rule.id}\n", 1)[1].split("\n## ", 1)[0]
                assert "*Awaits a native speaker's review.*" in section


# --------------------------------------------------------------------------- the keys


def test_language_rationale_local_and_review_keys(run, write) -> None:
    pack = write(
        "house.yaml",
        textwrap.dedent(
            """\
            language: fr
            rules:
              - id: house.x
                kind: avoid
                severity: suggestion
                terms: [mot interdit]
                rationale: English.
                rationale-local: Français.
                review: native-speaker
                evidence: [K]
            """
        ),
    )
    ruleset = load_pack(str(pack))
    rule = ruleset.rules["house.x"]
    assert (rule.language, rule.rationale_local, rule.review) == (
        "fr",
        "Français.",
        "native-speaker",
    )
    assert ruleset.packs[str(pack)].language == "fr"
    # `termlint rules` lists the rule as any other
    listed = json.loads(run("rules", "--with", str(pack), "--format", "json").out)
    assert listed[-1] == {
        "id": "house.x",
        "kind": "avoid",
        "severity": "suggestion",
        "summary": "English.",
    }
    # an override keeps the language
    override = write("o.yaml", "extends: [./house.yaml]\noverrides:\n  house.x: {severity: info}\n")
    assert load_pack(str(override)).rules["house.x"].language == "fr"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "language: FR",
            "'language' must be an ISO 639-1 code such as 'fr' or 'de', not 'FR' (did you mean 'fr'?)",
        ),
        ("language: xx", "'language' must be an ISO 639-1 code such as 'fr' or 'de', not 'xx'"),
        (
            "language: french",
            "'language' must be an ISO 639-1 code such as 'fr' or 'de', not 'french'",
        ),
        ("language: 3", "'language' must be a string, not a number"),
    ],
)
def test_a_bad_language_is_refused(run, write, line: str, message: str) -> None:
    pack = write("bad.yaml", f"{line}\nrules: []\n")
    result = run("test-rules", str(pack))
    assert result.code == 2
    assert f"bad.yaml:1:11: {message}" in result.err


def test_a_bad_review_is_refused(run, write) -> None:
    pack = write(
        "bad.yaml",
        "rules:\n  - id: x\n    kind: avoid\n    severity: info\n    terms: [a]\n"
        "    rationale: R.\n    review: native\n",
    )
    result = run("test-rules", str(pack))
    assert result.code == 2
    assert "bad.yaml:7:13: unknown review 'native' (did you mean 'native-speaker'?)" in result.err


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", "Die Insel gilt als Ziel für sogenannte Touristen und Pädophile.", "Pädophile"),
        ("nl", "De zogenaamde kinderprostitutie komt nog steeds voor.", "kinderprostitutie"),
        ("it", "La cosiddetta pedopornografia circola in rete da anni.", "pedopornografia"),
    ],
)
def test_so_called_is_the_authors_own_usage_in_every_language(
    run, tmp_path, lang: str, text: str, expected: str
) -> None:
    # as in English: "so-called" sets a word apart, it does not discuss it
    items = findings(run, "--with", lang, text=text + "\n", cwd=tmp_path)
    assert expected in [f["text"] for f in items if f["rule"].startswith(f"{lang}-")]
