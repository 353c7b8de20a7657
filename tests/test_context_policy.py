"""The annotation guide's policy decisions, as users meet them: headlines at
full severity, the legal category narrowed to the statutory term in legal
syntax, the child-referent model, scare quotes, mentions (never rewritten by
``fix``), the clinical register, acronyms from the first line, and the
lookalikes that must stay silent. Every example sentence is our own."""

from __future__ import annotations

import json

import pytest

from termlint.config import default_config
from termlint.linter import lint_text


@pytest.fixture(scope="module")
def config():
    return default_config()


def reported(config, text: str, rule: str | None = None) -> list[str]:
    """The texts of findings reported at suggestion or above (not info)."""
    return [
        f.text
        for f in lint_text(text, config=config)
        if f.severity != "info" and (rule is None or f.rule == rule)
    ]


def notes(config, text: str) -> list[tuple[str, str, str | None]]:
    return [(f.text, f.severity, f.note) for f in lint_text(text, config=config)]


# ------------------------------------------------------------------ headlines


def test_a_headline_is_reported_at_full_severity_and_fails_the_check(run, write) -> None:
    write("story.md", "# Police seize child pornography in raid\n\nOfficers searched a flat.\n")
    result = run("check", "story.md", "--format", "json")
    assert result.code == 1, result.out + result.err
    (f,) = json.loads(result.out)["findings"]
    assert (f["line"], f["rule"], f["severity"]) == (1, "child-pornography", "error")
    assert f["fixable"] is True


def test_a_ring_in_a_headline_keeps_the_inner_error(config) -> None:
    found = notes(config, "Child pornography ring busted\n\nPolice arrested six men.\n")
    assert ("Child pornography", "error", None) in found


def test_title_line_info_is_an_opt_in_configuration(run, write) -> None:
    write("termlint.yaml", "extends: [default]\nexemptions:\n  title-line: info\n")
    write("story.txt", "Police seize child pornography in raid\n\nOfficers searched a flat.\n")
    result = run("check", "story.txt", "--format", "json")
    assert result.code == 0
    (f,) = json.loads(result.out)["findings"]
    assert (f["severity"], f["note"]) == ("info", "document title")


def test_fix_rewrites_a_headline(run, write) -> None:
    path = write(
        "story.txt", "Police seize child pornography in raid\n\nOfficers searched a flat.\n"
    )
    run("fix", "story.txt")
    assert path.read_text().startswith("Police seize child sexual abuse material in raid\n")


def test_a_title_case_headline_is_no_proper_name(config) -> None:
    # "Report" is a head noun of names, but it comes before the term here
    assert reported(config, "Where and How to Report Suspected Child Porn\n\nText.\n") == [
        "Child Porn"
    ]
    # a statute's own name in a headline stays a name
    assert reported(config, "The Child Pornography Prevention Act Is Struck Down\n\nText.\n") == []
    # any head noun with a year after it, and capitalised words in parentheses
    text = "Child Trafficking and Pornography (Amendment) Bill 2004: Second Stage\n\nText.\n"
    assert reported(config, text) == []
    assert reported(config, "Child Pornography Bill Passes Senate Vote\n\nText.\n") == [
        "Child Pornography"
    ]


def test_a_helpline_is_a_name(config) -> None:
    text = "Calls to the Revenge Porn Helpline doubled. Victims of revenge porn called it."
    assert reported(config, text) == ["revenge porn"]
    # in a headline too, where every word is capitalised
    text = "Why Calls To The Revenge Porn Helpline Have Doubled\n\nText.\n"
    assert reported(config, text) == []


def test_acronyms_are_checked_from_the_first_line(config) -> None:
    assert reported(config, "Grading of IIoC\n\nOfficers graded the IIoC.\n") == ["IIoC"]


# ------------------------------------------------------------------ legal category


@pytest.mark.parametrize(
    "text",
    [
        "He was charged with possession of child pornography.",
        "She pleaded guilty to two counts of possessing child pornography.",
        "The state's child pornography laws were changed in 2010.",
        "Congress defined child pornography as any visual depiction.",
        "Such images constitute child pornography under section 163.1.",
        "He faces child pornography charges.",
    ],
)
def test_the_statutory_term_in_legal_syntax_is_info(config, text: str) -> None:
    ((_, severity, note),) = notes(config, text)
    assert (severity, note) == ("info", "legal-definition")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        (
            "He allegedly kept child pornography on his phone, then was charged.",
            "child pornography",
        ),
        ("Police found child pornography on the laptop.", "child pornography"),
        ("He was charged with possessing child porn.", "child porn"),
        ("Those convicted of possession of child porn were jailed.", "child porn"),
        ("He admitted he was addicted to child pornography.", "child pornography"),
    ],
)
def test_narrative_and_slang_keep_their_severity(config, text: str, term: str) -> None:
    assert reported(config, text) == [term]


# ------------------------------------------------------------------ child referent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The teacher and the 16-year-old student had sex.", ["had sex"]),
        ("The girl was 14. The teacher had sex with her twice.", ["had sex with"]),
        (
            "Jane Doe, 14, met the coach in May. In June the coach had sex with Doe.",
            ["had sex with"],
        ),
        ("Two adults had sex in the car.", []),
        ("He is charged with sexual activity with a child.", []),
        (
            "She had an inappropriate sexual relationship with one of her students.",
            ["sexual relationship with"],
        ),
        (
            "The girl was 15. The relationship was consensual, he claimed.",
            ["relationship was consensual"],
        ),
        ("Schoolgirl seduced by her teacher", ["seduced"]),
        (
            "A 16-year-old girl said she started working as a prostitute at age 11.",
            ["working as a prostitute"],
        ),
        ("The children were prostitutes.", ["were prostitutes"]),
        ("Campaigners counted child sex workers in the city.", ["child sex workers"]),
        ("A rent boy in his thirties gave evidence.", []),
        ("She was working as a prostitute in the city. Her son was five.", []),
        ("Father Smith molested and fondled him when he was nine.", ["molested", "fondled"]),
        ("The priest interfered with her when she was eight.", ["interfered with"]),
        ("He touched the girls inappropriately.", ["touched the girls inappropriately"]),
        ("The adults on the bus were touched inappropriately by a drunk.", []),
        ("Sharing non-consensual images of a 15-year-old is a crime.", []),
    ],
)
def test_context_wording_needs_a_child(config, text: str, expected: list[str]) -> None:
    assert reported(config, text) == expected


def test_pornographic_material_about_children(config) -> None:
    text = "Officers found images of a nine-year-old girl. The pornographic material was on two laptops."
    assert reported(config, text) == ["pornographic material"]
    assert reported(config, "The pornographic material on his laptop showed adults only.") == []
    # exposing a child to pornography is another offence
    assert (
        reported(config, "He was convicted of showing pornographic videos to a 12-year-old.") == []
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police seized teen-themed pornography.", ["teen-themed pornography"]),
        ("The site sold teenage pornography.", ["teenage pornography"]),
        ("He called the girls little Lolitas.", ["little Lolitas"]),
        ("Nabokov's Lolita was published in 1955.", []),
        ("They traded child abuse porn.", ["child abuse porn"]),
        ("The child pornographic industry is worth billions.", ["child pornographic"]),
    ],
)
def test_more_forms_of_the_material_families(config, text: str, expected: list[str]) -> None:
    assert reported(config, text) == expected


# ------------------------------------------------------------------ quotations


def test_scare_quotes_are_the_authors_usage(config) -> None:
    text = "Offenders coerce children into sharing “self-produced” material."
    assert reported(config, text) == ["self-produced” material"]
    text = "Offenders coerce children into making “self-produced” child pornography."
    assert reported(config, text) == ["child pornography"]
    # a short quoted term in the author's own sentence
    assert reported(config, "Offenders shared “child porn” on the forum.") == ["child porn"]
    assert reported(config, "Police seized so-called 'kiddie porn' in the raid.") == ["kiddie porn"]
    # a short quotation said by someone stays a quotation
    assert reported(config, "The paper called it “child porn” in 1998.") == []
    assert reported(config, "The judge called him a “predatory paedophile” at the hearing.") == []
    assert reported(config, "“Child porn,” police said, “was on every drive.”") == []


# ------------------------------------------------------------------ mentions


@pytest.mark.parametrize(
    "text",
    [
        "What was once called child pornography is now called CSAM.",
        "Avoid words like kiddie porn in headlines.",
        "Many laws still say child pornography, but reporters should not.",
        'Search terms such as "jailbait" were banned by the platform.',
        "Do not say child prostitute: say child exploited in prostitution.",
        "It's called sextortion, and it is rising.",
        "Older laws define such material as “child pornography”, “child erotica” or “obscene images”.",
        'Any reference to "child pornography" should be read as a reference to the new term.',
        "There is no such thing as a “child prostitute”.",
        "Children are not “prostitutes”; they are victims of a crime.",
        # a label denied without quotation marks, and each item of a quoted list
        "There is no such thing as a child prostitute",
        "There is no such thing as a ‘child prostitute’, a ‘teenage prostitute’ or an ‘underage sex worker’.",
        # a mismatched closing mark: the third item is found from the cue before the list
        "There is no such thing as a ‘child prostitute‘, a ‘teenage prostitute’ or an ‘underage sex worker‘.",
        # a headline's Term "___" without an article
        "Good Riddance to Term ‘Child Prostitute’",
        # the sentence names the term right after it
        "Revenge porn is the term coined for one kind of image-based abuse.",
        "Child prostitute is a misleading label.",
        # naming frames: calling it ___, its old name, the names, abbreviated as, the term A and not B
        "Stop calling it child porn.",
        "Labeling it child porn implies that the children are actors.",
        "People still reference it by its old name, \u201cchild porn.\u201d",
        "Others have proposed the names \u201cnon-consensual pornography\u201d and \u201crevenge porn\u201d.",
        "We promote the term child sexual abuse and not child pornography.",
        # what the word implies
        "Child pornography implies consent by the children.",
        "The objection is that pornography implies consent of the actors.",
        # a few words between the naming verb and its "as"
        "Police seized abuse material \u2013 referred to in the legal system as child pornography.",
        # the term renamed as the better name right after it
        "The production of child pornography, more accurately referred to as CSEM, has risen.",
        "Child pornography (now called child sexual abuse material) is illegal.",
        # the word named after it: "the 'X' term", a headline's "X term"
        "The bill would remove the ‘child pornography’ term from legislation.",
        "Senator wants child pornography term removed",
        # naming: the names "...", means "...", labelling people ___; what the word implies
        "Drop this term, which literally means “child lover”.",
        "Labelling child rapists paedophiles gives the wrong impression.",
        "Child pornography also implies an intent to distribute.",
        "‘Child porn’ absolutely does imply it is a genre.",
        # named as something else, and its meaning
        "Hotlines refer to Child Pornography as Child Sexual Abuse Material.",
        "The meaning of child pornography differs from one country to another.",
        # a label denied and corrected
        "If it involves children, it is not pornographic images, it is images of abuse.",
        "It's not child porn; it's the recorded rape of a child.",
        # one of a list after "can also be called"
        "It can also be called image-based abuse, revenge porn or intimate image abuse.",
        "Whilst the media promote “stranger danger” and the “one-dimensional monster” "
        "stereotype, most abuse happens at home.",
        "The media promote the monster stereotype of abusers.",
    ],
)
def test_mentions_are_not_reported(config, text: str) -> None:
    assert reported(config, text) == []


def test_quoted_items_after_a_word_for_language_are_mentions(config) -> None:
    # American commas inside the marks; "CP" has its meaning from the document
    text = "It bans child pornography and coded language (“CP,” “Lolita”) in chats."
    assert reported(config, text) == ["child pornography"]


def test_a_paragraph_introduced_as_someones_words_is_a_quotation(config) -> None:
    text = (
        "The station described it in this manner:\n\n"
        "A sexual affair with a 9-year-old girl has landed a driver in jail.\n\n"
        "He had an affair with a 15-year-old.\n"
    )
    # the quoted paragraph is info; the author's own paragraph after it is reported
    assert reported(config, text) == ["affair"]
    assert [f.line for f in lint_text(text, config=config) if f.severity != "info"] == [5]
    # a colon after the author's own words introduces no quotation
    text = "Here is my view:\n\nHe had an affair with a 15-year-old.\n"
    assert reported(config, text) == ["affair"]
    text = "The module can do this. For example:\n\nHe had an affair with a 15-year-old.\n"
    assert reported(config, text) == ["affair"]


def test_a_persons_name_and_a_call_are_no_naming(config) -> None:
    text = "An order banning publication of the name of the paedophile was made."
    assert reported(config, text) == ["paedophile"]
    assert reported(config, "Calling the helpline about child porn is wise.") == ["child porn"]
    assert reported(config, "Police refer to child pornography cases daily.") == [
        "child pornography"
    ]
    # a denial without a correction is a statement about the thing
    text = "The court found it was not child pornography, and he was acquitted."
    assert reported(config, text) == ["child pornography"]
    text = "They kept labeling their child pornography collection by age."
    assert reported(config, text) == ["child pornography"]


ANNOTATED_LIST = """Child Pornography Offenders and Risk

For more, see the seminar notes.

The Later Offending of Child Pornography Offenders.

Doe, Jane A., et al., (April 2005). The later offending of child pornography offenders. J Stud.

Abstract:

We followed 200 child pornography offenders for five years.

The Use of Child Pornography by Offenders.

Roe, Rich\u00e9, et. al. (2009, July 14).

Our own view: child pornography offenders need treatment.
"""


def test_a_reference_given_inline_and_what_is_no_entry_title(config) -> None:
    text = (
        "For more, read Doe, T., Roe, M. (2013). \u2018Sexting\u2019, Children and Child "
        "Pornography. Law Review, 35(1). Police seized child pornography.\n"
    )
    assert reported(config, text) == ["child pornography"]
    # a short paragraph of two sentences over a reference line is no entry title
    text = (
        "Intro.\n\nPolice seized child pornography. It was stored at home.\n\n"
        "Doe, T. (2013). Crime. Law Review.\n"
    )
    assert reported(config, text) == ["child pornography"]


def test_an_annotated_list_of_works(config) -> None:
    # the page's headline and the author's own sentence are reported; an entry's
    # title line, its reference line (a month in the date) and its quoted
    # abstract are not
    found = [
        (f.line, f.severity)
        for f in lint_text(ANNOTATED_LIST, config=config)
        if f.rule == "child-pornography"
    ]
    assert found == [(1, "error"), (11, "info"), (17, "error")]


def test_a_prison_term_is_no_word(config) -> None:
    text = "He got a child pornography term of five years."
    assert reported(config, text) == ["child pornography"]


def test_police_and_offenders_using_a_term_is_no_mention(config) -> None:
    # a naming verb after the term, or a past naming reported, is no mention frame
    assert reported(config, "Police found child porn and called it vile.") == ["child porn"]
    # a synonym after the term is no renaming: the article uses the term
    assert reported(config, "Child pornography (also called CSAM) is illegal.") == [
        "Child pornography"
    ]
    assert reported(config, "The term was new. A child prostitute was found.") == [
        "child prostitute"
    ]
    assert reported(config, "Police say child pornography was found.") == ["child pornography"]
    assert reported(config, "Offenders use child pornography to groom children.") == [
        "child pornography"
    ]


def test_fix_never_rewrites_a_quotation_or_a_mention_even_when_they_are_reported(
    run, write
) -> None:
    write(
        "termlint.yaml",
        "extends: [default]\nexemptions:\n  quotations: flag\n  metalinguistic: flag\n",
    )
    text = (
        'He said: "We found child pornography on the drives." '
        "The term child pornography is old. Police found child pornography.\n"
    )
    path = write("story.txt", text)
    result = run("fix", "story.txt")
    assert result.code == 1  # the quotation and the mention remain, reported
    assert path.read_text() == text.replace(
        "Police found child pornography", "Police found child sexual abuse material"
    )


def test_fix_leaves_the_new_kinds_of_mention_and_quotation_alone(run, write) -> None:
    # through the installed CLI: a naming frame, a label denied without marks,
    # a term renamed as the better name, a speech that runs on into the next
    # paragraph and a speaker's turn are never rewritten; the story's own use is
    text = (
        "Stop calling it child porn.\n\n"
        "There is no such thing as a child prostitute.\n\n"
        "The sale of child pornography, more accurately referred to as CSAM, rose.\n\n"
        'The judge said: "Nobody should trade child porn.\n\n'
        '"You knew that," he said.\n\n'
        "JANE DOE, LOCAL MP: The child porn trade must end.\n\n"
        "Police found child porn on the laptop.\n"
    )
    path = write("story.txt", text)
    result = run("fix", "story.txt")
    assert result.code == 0, result.out + result.err
    assert path.read_text() == text.replace(
        "Police found child porn", "Police found child sexual abuse material"
    )


def test_fix_leaves_this_sessions_quotations_and_mentions_alone(run, write) -> None:
    # through the installed CLI: speech after a colon with no closing mark,
    # single marks running on into the next quoted paragraph, a term
    # relabelled and a quoted term denied are never rewritten; a quoted
    # expansion defines its acronym; the story's own use is rewritten
    text = (
        'The minister said: "We keep finding child pornography online.\n\n'
        "The spokesman said: 'Ministers talk about child pornography.\n\n"
        "'Yet nothing changes.'\n\n"
        "Child pornography \u2014 or more accurately labelled as CSAM \u2014 is a record of abuse.\n\n"
        "Let me be plain\u2026 \u201cchild porn\u201d is not pornography.\n\n"
        'Such files, called "child sexual abuse material" (CSAM), are reported. '
        "CSAM reports rose.\n\n"
        "Police found child pornography on the laptop.\n"
    )
    path = write("story.txt", text)
    result = run("check", "--format", "json", "--fail-on", "never", "story.txt")
    found = [(f["line"], f["rule"], f["severity"]) for f in json.loads(result.out)["findings"]]
    assert [(line, rule) for line, rule, severity in found if severity != "info"] == [
        (13, "child-pornography")
    ]
    result = run("fix", "story.txt")
    assert result.code == 0, result.out + result.err
    assert path.read_text() == text.replace(
        "Police found child pornography", "Police found child sexual abuse material"
    )


# ------------------------------------------------------------------ clinical use


CLINICAL = (
    "Pedophilia is a psychiatric disorder. Most pedophiles never seek treatment. "
    "Clinicians say therapy helps pedophiles manage their attraction, and diagnosis "
    "follows DSM criteria. Many pedophiles live ordinary lives, hold jobs and raise "
    "families.\n"
)


def test_a_clinical_document_is_clinical_throughout(config) -> None:
    assert reported(config, CLINICAL) == []
    # but not where a sentence speaks of an offence
    assert reported(config, CLINICAL + "\nA pedophile was jailed last week.\n") == ["pedophile"]
    # nor where it names offenders by what they do
    text = CLINICAL + "\nStudies divide offenders into incest offenders and predatory pedophiles.\n"
    assert reported(config, text) == ["predatory pedophiles"]
    # a news story that quotes one clinician is not a clinical document
    news = "A paedophile was jailed. Police said the paedophile had targeted pupils.\n"
    assert reported(config, news) == ["paedophile", "paedophile"]


def test_a_paedophile_who_never_offended_is_clinical(config) -> None:
    assert reported(config, "A self-confessed paedophile who has never offended spoke to us.") == []


def test_paedophiles_set_against_other_offenders_is_the_narrow_sense(config) -> None:
    assert reported(config, "Opportunistic offenders, and not paedophiles, abuse most.") == []
    assert reported(config, "Most people who abuse children are not paedophiles.") == []
    assert (
        reported(config, "Abusers are often situational offenders rather than paedophiles.") == []
    )
    # a paedophile said of an offender stays a finding, with "not" elsewhere
    assert reported(config, "The paedophile was jailed, not fined.") == ["paedophile"]


def test_people_who_identify_as_paedophiles_are_the_narrow_sense(config) -> None:
    text = (
        "It was a pro-paedophile group. He did not identify as a paedophile, but he backed "
        "paedophile advocacy."
    )
    assert reported(config, text) == []
    text = (
        "A paedophile who posed as an activist was jailed. Police identified him as a paedophile."
    )
    assert reported(config, text) == ["paedophile", "paedophile"]
    # sympathy for paedophiles is no sign of the narrow sense
    assert reported(config, "Judges have shown sympathy towards paedophiles before.") == [
        "paedophiles"
    ]


# ------------------------------------------------------------------ lookalikes


@pytest.mark.parametrize(
    "text",
    [
        "TORONTO (CP) — Police charged a man after finding child sexual abuse material.",
        "Children with cerebral palsy (CP) need physiotherapy; CP affects movement.",
        "The group End Child Prostitution and Trafficking (ECPAT) was founded in 1990.",
        "ECPAT (End Child Prostitution and Trafficking) was founded in 1990.",
        "The group, End Child Prostitution, Trafficking and Pornography in Tourism, or ECPAT, "
        "wants change.",
        "These acts include An Act respecting the mandatory reporting of Internet child "
        "pornography by persons who provide an Internet service.",
        "The subreddits /r/jailbait and r/teen_porn were banned.",
        "The Department of Women's Affairs met on Monday.",
        # a named body's unit written in lower case
        "Tom Hill, of Kent Police’s paedophile online investigation team, spoke.",
        "The Met's paedophile unit arrested him.",
        "HOMELAND SECURITY TARGETS CHILD SEX PREDATORS",
        # a name with "or" in it
        "It is listed in the Child Pornography or Abuse Material Database.",
        "The Criminal Law (Sexual Offences) Act covers child prostitution offences in part.",
        "She pleaded guilty to maintaining a sexual relationship with a child.",
    ],
)
def test_lookalikes_stay_silent(config, text: str) -> None:
    assert reported(config, text) == []


def test_a_quotation_that_runs_on_into_the_next_paragraph(config) -> None:
    # news style: no closing mark where the speech goes on, the next paragraph opens with one
    text = (
        'The judge said: "You let everyone down. Coaches must not seduce children.\n\n'
        '"You knew that well," he said.\n'
    )
    assert reported(config, text) == []
    # a stray mark, no speech introduced by a colon, whose paragraph is not
    # followed by a quoted one is no quotation
    stray = 'The board met. "Everyone was let down. Coaches must not seduce children.\n\nHe left.\n'
    assert reported(config, stray) == ["seduce"]


def test_a_speakers_turn_in_a_transcript_is_a_quotation(config) -> None:
    turn = "JANE DOE, LOCAL MP: To learn he was a paedophile is shocking.\n"
    assert reported(config, turn) == []
    assert reported(config, "**JANE DOE:** The paedophile was jailed.\n") == []
    # a label of one word, or a headline's lead-in, is no speaker
    assert reported(config, "PRESENTER: The paedophile was jailed.\n") == ["paedophile"]
    assert reported(config, "BREAKING NEWS: Paedophile jailed.\n") == ["Paedophile"]


def test_a_unit_needs_its_owner_and_its_noun(config) -> None:
    assert reported(config, "Kent Police’s paedophile suspect was jailed.") == ["paedophile"]
    assert reported(config, "The paedophile team leader was jailed.") == ["paedophile"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit in lower case with "the": named after its field, ending its noun phrase
        ("The paedophile investigation unit of the county police met.", []),
        ("The paedophile investigation unit is based in the capital.", []),
        ("The paedophile was jailed.", ["paedophile"]),
        # (not every team with "the" is a unit: a spelling is still counted)
        (
            "The paediatric ward and the paediatric nurse met the pediatric team.",
            ["pediatric"],
        ),
    ],
)
def test_a_unit_in_lower_case_after_the(config, text: str, expected: list[str]) -> None:
    assert reported(config, text) == expected


def test_an_organisation_named_after_its_acronym_stands_for(config) -> None:
    text = (
        "The oldest network is FOCPT, which stands for Fight Of Child Prostitution "
        "and Trafficking in the Region."
    )
    assert reported(config, text) == []
    assert reported(config, "The network fights child prostitution.") == ["child prostitution"]


@pytest.mark.parametrize(
    "text",
    [
        # the compound named is the match with a word before it
        "The abuse, also known as webcam sex tourism, was organised by a relative of the children.",
        # a quoted term described, or as the subject of what it suggests
        "Abuse images are becoming the more common way to describe \u201cchild pornography.\u201d",
        "For example, \u2018child porn\u2019 suggests that the child is consenting.",
        # a list of quoted labels with a dash or "or even" between them
        "The girls are seen as the \u201cbad girl\u201d\u2013the \u201cchild prostitute.\u201d",
        "Victims are seen as \u201cchild prostitutes,\u201d or even \u201cteen hookers.\u201d",
        # the crime referred to as X, the old term, "as it is often abbreviated"
        "Some states refer to this sex crime as statutory rape or sex with a minor.",
        "The old term, \u201cchild porn\u201d (or CP, as it\u2019s often abbreviated), is gone.",
        # a quoted term in a sentence that discusses words, the cue far from it
        "The term \u201cabuse images\u201d, which most newsrooms in the country adopted some "
        "years ago, now stands in for \u201cchild pornography\u201d.",
    ],
)
def test_more_ways_of_writing_about_a_word(config, text: str) -> None:
    assert reported(config, text) == []


def test_mention_frames_do_not_reach_past_a_list_of_other_words(config) -> None:
    text = "An operation dubbed Sunrise, based on the work of, a popular pedophile forum, ended."
    assert reported(config, text) == ["pedophile"]


def test_a_quotation_over_two_paragraphs_with_its_second_opening_mark_left_out(config) -> None:
    text = (
        "Her statement reads:\n\n\u201cI was exploited for years, and nobody asked why.\n\n"
        "I was not a child prostitute. I was a child who was raped.\u201d\n\n"
        "Officials still call such girls child prostitutes.\n"
    )
    assert [(f.line, f.severity, f.note) for f in lint_text(text, config=config)] == [
        (5, "info", "quotation"),
        (7, "error", None),
    ]


def test_a_title_without_marks_after_a_word_for_a_work(config) -> None:
    text = "An article on What Every Parent Should Know About Child Porn reported a rise."
    assert reported(config, text) == []
    # a short capitalised phrase after "report on" is no title
    assert reported(config, "A report on Child Porn was published.") == ["Child Porn"]


def test_the_lines_of_a_citation_under_its_label_are_a_reference(config) -> None:
    text = (
        "Abstract\nThis note asks how courts sentence offenders.\n"
        "Recommended Citation\nJane Doe,\n"
        "Unequal Sentences for Possession of Child Pornography: A Study,\n"
        "12 Law Rev. 34\n(2011).\n\n"
        "Police found child pornography on his laptop.\n"
    )
    assert [f.line for f in lint_text(text, config=config) if f.severity != "info"] == [9]


def test_forum_quotes_with_a_marker_are_quotations(config) -> None:
    text = "> They traded child porn openly.\nI disagree with that.\n"
    assert [(f.line, f.note) for f in lint_text(text, config=config)] == [(1, "quotation")]


@pytest.mark.parametrize(
    ("text", "defined"),
    [
        ("Child sexual abuse material, or CSAM, is rising. CSAM doubled.", True),
        ("CSAM, or child sexual abuse material, is rising. CSAM doubled.", True),
        ("CSAM stands for child sexual abuse material. CSAM doubled.", True),
        (
            "It covers child sexually exploitative material (CSEM, formerly called X). CSEM rose.",
            True,
        ),
        ('The charity said: "We removed child sexual abuse material (CSAM)." CSAM rose.', True),
        ("Officers found CSAM on the laptop.", False),
        # a word that introduces the acronym inside its parentheses
        ("Child sexual exploitation material (hereafter CSEM) rose. CSEM doubled.", True),
        ('Child sexual exploitation material (hereinafter "CSEM") rose. CSEM doubled.', True),
        ("Child sexual exploitation material (henceforth, CSEM) rose. CSEM doubled.", True),
        ("Child sexual exploitation material (referred to as CSEM) rose. CSEM doubled.", True),
        ("Child sexual exploitation material (known as CSEM) rose. CSEM doubled.", True),
        ("Child sexual exploitation material (or CSEM) rose. CSEM doubled.", True),
        ("Reports of material (hereafter CSAM) rose. CSAM doubled.", False),
        # an expansion set off by dashes, or introduced inside the parentheses
        ("CSAM \u2014 child sexual abuse material \u2014 is rising. CSAM doubled.", True),
        ("CSAM (i.e., child sexual abuse material) is rising. CSAM doubled.", True),
        ("CSAM refers to child sexual abuse material. CSAM doubled.", True),
        ("CSAM: child sexual abuse material. CSAM doubled.", True),
        ("CSAM is child sexual abuse material. CSAM doubled.", True),
        ("Child sexual abuse material (herein CSAM) rose. CSAM doubled.", True),
        (
            'A phrase for it is "child sex exploitation material", abbreviated as CSEM. CSEM rose.',
            True,
        ),
        ("CSAM: a growing threat. CSAM doubled.", False),
        ("CSAM is a growing threat.", False),
        ("CSAM \u2014 a growing problem \u2014 is rising.", False),
        ("CSAM (i.e., the images) is rising.", False),
        ("CSAM refers to images of abuse.", False),
    ],
)
def test_acronym_definitions_in_words(config, text: str, defined: bool) -> None:
    assert (reported(config, text, "acronym-undefined") == []) is defined


# ------------------------------------------------------------------ through the CLI

STORY = """Coach jailed over pupil

A coach had sex with a 15-year-old pupil. Her friends told a nurse of the relationship.

The station described it in this manner:

An ongoing sexual affair with a 9-year-old girl has landed a driver in jail.

Calls to the Revenge Porn Helpline doubled. The bill drops the \u2018child pornography\u2019 term.

The protocol fights child prostitution and pornography.

The Later Offending of Child Pornography Offenders.

Doe, Jane A., et al., (April 2005). The later offending of offenders. J Stud.
"""


def test_the_cli_reports_what_a_reader_of_this_story_expects(run, write) -> None:
    write("story.txt", STORY)
    result = run("check", "--format", "json", "--fail-on", "never", "story.txt")
    assert result.code == 0
    found = [
        (f["line"], f["rule"], f["severity"], f.get("note"))
        for f in json.loads(result.out)["findings"]
    ]
    assert found == [
        (3, "sex-with-child", "warning", None),
        # a hint only: the guide lists no bare "the relationship"
        (3, "relationship-anaphor", "info", None),
        # the paragraph the one before introduces as the station's words
        (7, "relationship-framing", "info", "quotation"),
        # the coordinated head is the author's "child pornography"
        (11, "child-prostitution", "error", None),
        (11, "child-pornography", "error", None),
    ]


def test_a_link_to_another_story_under_its_label_is_a_title(config) -> None:
    text = (
        "Officers searched the flat.\n\n"
        "Read more: Officer charged over child pornography found on laptop\n\n"
        "He kept child pornography on a laptop, police said.\n"
    )
    assert reported(config, text, "child-pornography") == ["child pornography"]
    assert reported(config, "Related: Man held over child pornography\n\nOfficers came.") == []


def test_a_name_does_not_run_across_a_colon_or_a_question_mark(config) -> None:
    # "Coalition" heads a name, but the words after the colon are no part of it
    # (four or more Title Case words there would be a work's title)
    text = "We read Smith v. Safety Coalition: Child Pornography Spreads, a note."
    assert reported(config, text, "child-pornography") == ["Child Pornography"]
    assert reported(config, "The Coalition Against Child Pornography met today.") == []


def test_a_prefix_cited_is_a_mention(config) -> None:
    assert reported(config, "The prefix 'paedo' comes from Greek.") == []
    assert reported(config, "Pedo- is the American spelling of the prefix.") == []
    assert reported(config, "The mob called him a paedo.") == ["paedo"]


def test_sex_with_everybody_is_no_child(config) -> None:
    first = "They are not having sex with minors. "
    assert reported(
        config, first + "Do you have sex with everybody you like?", "sex-with-child"
    ) == ["having sex with"]
    assert reported(config, "He had sex with someone under 16.", "sex-with-child") == [
        "had sex with"
    ]


def test_a_child_prostitution_framing_after_the_sentence_that_gives_the_age(config) -> None:
    text = "She was 15 when she met him. Within a month she was working as a prostitute."
    assert reported(config, text) == ["working as a prostitute"]


def test_admitting_possession_is_narrative_a_plea_to_counts_is_legal(config) -> None:
    assert notes(config, "He admitted possession of child pornography.")[0][1] == "error"
    assert notes(config, "He admitted two counts of possessing child pornography.")[0][1] == "info"


def test_a_head_noun_far_after_the_match_heads_no_name(config) -> None:
    # a paper's title run on into its authors and their affiliations (as text
    # taken from a PDF reads): "Department" heads the affiliation, not the title
    text = (
        "Notes\n\nWhy Men View Child Pornography Jane A. Doe 1, John Roe 2, Ann Poe 1, "
        "Bob Moe 3, Kim Loe 2 1 Department of Psychology, Town University [Journal of "
        "Tests, Volume 8 (2013)] Abstract: there has been some discussion of why men do it.\n"
    )
    assert reported(config, text, "child-pornography") == ["Child Pornography"]
    # a name's own head noun a few words after the match
    text = "Officers of the Child Pornography and Online Abuse Investigation Unit met."
    assert reported(config, text) == []


def test_a_label_given_to_this_kind_of_crime_is_a_mention(config) -> None:
    assert reported(config, "One affidavit labeled this kind of crime as sextortion.") == []
    assert reported(config, "He was a victim of sextortion.") == ["sextortion"]


def test_sexting_among_adults_is_no_coerced_image(config) -> None:
    text = "Sexting is common among teens and younger adults, and even amongst older adults."
    assert reported(config, text) == []
    assert reported(config, "The girl was pressured into sexting by an adult.") == ["sexting"]


def test_the_texas_offence_in_its_forms(config) -> None:
    for text in (
        "She pleaded guilty to one count of an improper relationship with children.",
        "He was sentenced for improper relationships with minor students.",
        "Texas law outlaws inappropriate relationships between teachers and students.",
    ):
        assert reported(config, text) == [], text


NEWS_PAGE = """\
Coach jailed over affair

A football coach who abused a 15-year-old player for a year was jailed on Friday.

Read more: Officer charged over child pornography found on laptop

Officers found child pornograpy on his phone, the court heard.
"""


def test_the_cli_reads_a_news_page_as_its_reader_does(run, write) -> None:
    # the headline's child named in the lede; the link to another story left
    # alone; the term misspelled in the story reported
    write("page.txt", NEWS_PAGE)
    result = run("check", "--format", "json", "--fail-on", "never", "page.txt")
    found = [(f["line"], f["rule"], f["text"]) for f in json.loads(result.out)["findings"]]
    assert found == [
        (1, "relationship-framing", "affair"),
        (7, "child-pornography", "child pornograpy"),
    ]


# ------------------------------------------------------------------ fifth session


def test_an_expansion_in_quotation_marks_defines_its_acronym(config) -> None:
    text = (
        'Such files, more properly called "child sexual abuse material\u201d (CSAM), '
        "are illegal. Reports of CSAM rose.\n"
    )
    assert reported(config, text, "acronym-undefined") == []
    text = "Such files, known as \u201cchild sexual abuse material,\u201d or CSAM, are illegal.\n"
    assert reported(config, text, "acronym-undefined") == []


@pytest.mark.parametrize(
    "text",
    [
        "Is viewing child pornography \u2014 or more accurately labelled as "
        "\u201cchild sexual abuse material\u201d \u2014 a crime here?",
        "Child pornography, more accurately known as child sexual abuse material, is banned.",
        "Girls of 15 were advertised under titles like \u201cBarely legal\u201d in the papers.",
    ],
)
def test_a_term_relabelled_or_cited_as_a_title_is_a_mention(config, text) -> None:
    assert reported(config, text) == []


def test_two_spellings_given_side_by_side_are_no_mix(config) -> None:
    text = (
        "Pedophilia or paedophilia is a disorder. Pedophilia was named in the last century. "
        "Clinicians study pedophilia.\n"
    )
    assert reported(config, text, "spelling-ae-e") == []
    text = "Pedophilia is a disorder. Pedophilia was named. Clinicians study paedophilia.\n"
    assert reported(config, text, "spelling-ae-e") == ["paedophilia"]
    # the other spelling in brackets after the first
    text = "The paedophile (also pedophile) was named. Paedophiles met. Paedophiles sat. Pedophiles left.\n"
    assert reported(config, text, "spelling-ae-e") == ["Pedophiles"]


def test_speech_after_a_colon_is_quoted_to_the_end_of_its_paragraph(config) -> None:
    text = (
        'The minister said: "People assume that paedophiles always go to prison.\n\n'
        "Officials said paedophiles were released early.\n"
    )
    assert reported(config, text, "paedophile-misuse") == ["paedophiles"]
    (first,) = [f for f in lint_text(text, config=config) if f.line == 1]
    assert first.severity == "info"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            "Reports revealed the scale of teacher and pupil sex relations in schools.",
            "sex relations",
        ),
        ("Girls of 14 were lured into sex work through newspaper adverts.", "lured into sex work"),
    ],
)
def test_sex_relations_and_sex_work_said_of_children(config, text, match) -> None:
    assert reported(config, text) == [match]


def test_sex_work_said_of_adults_is_left_alone(config) -> None:
    assert reported(config, "Women were lured into sex work by false job offers.") == []


@pytest.mark.parametrize(
    "text",
    [
        "These words disgust me, and I will begin with this\u2026 \u201cchild porn\u201d is not pornography, it is rape.",
        "The old meaning changed under the titles \u201cchild love\u201d or \u201cchild lover\u201d.",
    ],
)
def test_a_quoted_term_denied_or_given_as_a_title_is_a_mention(config, text) -> None:
    assert reported(config, text) == []


def test_a_prostitute_said_to_be_under_an_age_in_words(config) -> None:
    text = "He failed to find a single prostitute under thirteen in the city."
    assert reported(config, text) == ["prostitute"]
    # a measure is no age
    assert reported(config, "Most prostitutes earn under ten dollars a night.") == []


def test_the_sex_offender_register_is_no_offender_asking_for_images(config) -> None:
    assert reported(config, "\u2018Sexting\u2019 puts teens on the sex offender registry") == []
    text = "The girl was pressured into sexting by an offender she met online."
    assert reported(config, text) == ["sexting"]


@pytest.mark.parametrize(
    "text",
    [
        "The news flies in the face of the perception that sex offenders are monsters.",
        "The abuser was someone the boy knew and loved, patently not a monster.",
    ],
)
def test_a_monster_stereotype_reported_or_denied_is_no_label(config, text) -> None:
    assert reported(config, text) == []


def test_monster_as_a_label_of_an_abuser_is_reported(config) -> None:
    assert reported(config, "The monster abused children for a decade.") == ["monster"]


def test_paedophiles_who_seek_help_are_the_clinical_sense(config) -> None:
    assert reported(config, "We Need to Make It Easier for Pedophiles To Seek Help") == []


def test_the_relationship_a_groomer_makes_a_child_believe_in(config) -> None:
    text = (
        "Gang members groom girls of 13, making them believe they are in a relationship "
        "before exploiting them."
    )
    assert reported(config, text) == []
    text = "The gang member said he was in a relationship with the 13-year-old."
    # a bare "relationship" is a hint (info): the guide lists "sexual relationship"
    assert [(t, s) for t, s, _ in notes(config, text)] == [("was in a relationship", "info")]
    text = "The gang member said he was in a sexual relationship with the 13-year-old."
    assert reported(config, text) == ["sexual relationship with"]


@pytest.mark.parametrize(
    "text",
    [
        "Jasper man arrested in crackdown on child pornography",
        "Police found online crimes involving child pornography on his laptop.",
    ],
)
def test_an_arrest_in_a_crackdown_and_crimes_involving_are_narrative(config, text) -> None:
    assert reported(config, text) == ["child pornography"]


def test_charges_and_offences_involving_the_term_stay_legal(config) -> None:
    text = "He was arrested on Monday on charges involving child pornography."
    assert [(t, s) for t, s, _ in notes(config, text)] == [("child pornography", "info")]


def test_a_list_led_by_examples_that_may_include_is_no_quotation(config) -> None:
    text = (
        "Examples of exploitation on our service may include:\n\n"
        "- Sharing images that depict child pornography.\n"
    )
    assert reported(config, text) == ["child pornography"]
    # an example quoted from a paper is someone's words
    text = "Another example from the paper:\n\nThey saw child pornography everywhere.\n"
    assert reported(config, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Count 2 involved indecent photographs of a child. Count 3 involved an extreme "
        "pornographic image.",
        "He admitted 29 child sex and indecent assault offences against boys aged six to 11.",
        "No sexual contact may happen while a coach is in a relationship of trust with a player "
        "aged 16.",
        "Child pornography has now been more appropriately termed child sexual exploitation "
        "material.",
    ],
)
def test_adult_material_offences_and_names_of_offences_stay_silent(config, text) -> None:
    assert reported(config, text) == []


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            "The tribunal found she touched the student inappropriately at the high school.",
            "touched the student inappropriately",
        ),
        ("Abuse of children includes inappropriate touching.", "inappropriate touching"),
        ("He was jailed for child sex with a 12-year-old.", "child sex"),
    ],
)
def test_touching_and_child_sex_are_reported(config, text, match) -> None:
    assert reported(config, text) == [match]


@pytest.mark.parametrize(
    "text",
    [
        "All staff should ensure that their relationships with pupils are appropriate to "
        "the age of the pupils.",
        "Staff keep positive relationships with students at all times.",
    ],
)
def test_a_professional_relationship_with_pupils_is_no_abuse(config, text) -> None:
    assert reported(config, text) == []


def test_high_schools_name_children(config) -> None:
    text = "Gangs use high schools as recruiting grounds, and many recruits end up working as prostitutes."
    assert reported(config, text) == ["working as prostitutes"]


def test_a_relationship_with_someone_given_as_an_adult_takes_no_earlier_child(config) -> None:
    text = (
        "One teacher was fired for abusing a 12-year-old learner. Another was removed for "
        "having a sexual relationship with a 19-year-old learner.\n"
    )
    assert reported(config, text, "relationship-framing") == []
    text = "One teacher abused a 12-year-old learner. Another had a sexual relationship with her."
    assert reported(config, text, "relationship-framing") == ["sexual relationship with"]


def test_parents_consenting_to_a_marriage_is_no_consent_framing(config) -> None:
    text = "The girls, aged 13 and 14, were married off, their parents having consented to it."
    assert reported(config, text) == []


def test_single_marks_run_on_into_the_next_quoted_paragraph(config) -> None:
    text = (
        "The spokesman said: 'Ministers talk about cracking down on paedophiles.\n\n"
        "'Yet the figures show a slap on the wrist.'\n"
    )
    assert reported(config, text) == []
    # an apostrophe inside a word is no closing mark
    text = "He said: 'It's time we stopped paedophiles.\n\nNobody disagreed.\n"
    assert reported(config, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Notorious child sex killer John Smith was strangled in his cell.",
        "Ministers pledged to be tough on child-sex attackers.",
        "Self-styled paedophile hunters streamed the sting online.",
        "Mums tell how they became \u2018paedophile vigilantes\u2019 online.",
    ],
)
def test_names_of_killers_attackers_and_vigilante_groups_stay_silent(config, text) -> None:
    assert reported(config, text) == []


def test_cp_in_a_text_about_csam(config) -> None:
    text = (
        "Apple will scan photos for CSAM. A cryptographic hash has been used by many "
        "companies to combat CP for years.\n"
    )
    assert reported(config, text, "cp-abbrev") == ["CP"]


def test_an_expansion_set_off_by_dashes_defines_its_acronym(config) -> None:
    text = (
        "Child Sexual Abuse Material \u2014 known as CSAM \u2014 is a record of a crime.\n\n"
        "Detection of CSAM matters.\n"
    )
    assert reported(config, text, "acronym-undefined") == []


def test_a_word_quoted_from_a_report_is_attributed(config) -> None:
    text = 'The girls had reported that the teacher had "molested" them for months.'
    assert [(t, s) for t, s, _ in notes(config, text)] == [("molested", "info")]


def test_a_link_blogs_source_line_introduces_a_quotation(config) -> None:
    text = "Jane Doe (via Example News):\n\nThe tool will find child pornography on phones.\n"
    assert reported(config, text) == []


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("He was 12 and she was 35. Within days they were making love in her car.", "making love"),
        ("Her husband confronted the boy, 13, who admitted to the liaison.", "liaison"),
    ],
)
def test_making_love_and_a_liaison_with_a_child(config, text, match) -> None:
    assert reported(config, text) == [match]


@pytest.mark.parametrize(
    "text",
    [
        "The school liaison officer met the 14-year-old girl.",
        "An older friend served as the liaison to three girls aged 12 and 13.",
    ],
)
def test_a_liaison_officer_or_go_between_is_no_affair(config, text) -> None:
    assert reported(config, text) == []


@pytest.mark.parametrize(
    "text",
    [
        'Headlines are short, so editors prefer to use "child porn" in them.',
        "These offenders have an exclusive attraction to children and are classified as "
        "pedophiles.",
        "He faces charges of inciting a child to engage in sex and causing a child to do so.",
        "CRIMES AMENDMENT (CHILD PORNOGRAPHY AND ABUSE MATERIAL) BILL 2010\n\nDebate resumed.\n",
        "Second Reading: Crimes Amendment (Child Pornography and Other Matters) Bill 2015\n",
        "The Child Pornography Working Party recommended new provisions.",
        "The Act sets out an approach to consensual, underage sex between adolescents.",
    ],
)
def test_wording_chosen_by_others_offences_and_bill_titles_stay_silent(config, text) -> None:
    assert reported(config, text) == []


def test_sextortionists_are_reported(config) -> None:
    assert reported(config, "Sextortionists target teenage boys online.") == ["Sextortionists"]


def test_underage_sex_between_a_teenager_and_an_adult_is_reported(config) -> None:
    text = "He was jailed for underage sex between teenagers and adults he met online."
    assert reported(config, text) == ["underage sex"]


def test_a_quoted_term_whose_sentence_names_its_speaker_is_a_quotation(config) -> None:
    text = (
        "The girl had been a \u201cwilling participant\u201d in the messages, Ms Doe said, "
        "but the abuse of trust was plain."
    )
    assert [(t, s) for t, s, _ in notes(config, text)] == [("willing participant", "info")]


@pytest.mark.parametrize(
    "text",
    [
        "Justice Task Forces Arrest 2,300 Online Child Sex Suspects\n\nPolice said.\n",
        "He told the student, 15, that he and his partner did not have sex.",
        "A sexual relationship between a teacher and their student over 18 is misconduct. "
        "Colleges discourage such relationships.",
        "Here the teenagers are in a relationship and the boy is only a year or two older "
        "than his girlfriend.",
    ],
)
def test_suspects_denials_adults_and_near_peers_stay_silent(config, text) -> None:
    assert reported(config, text) == []


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            "A child of 14 is too young to consent, even if the relationship seems willing.",
            "relationship seems willing",
        ),
        (
            "Athletes aged 14 to 17 reported consensual sexual contacts with a coach.",
            "consensual sexual contacts",
        ),
    ],
)
def test_consent_framing_in_more_forms(config, text, match) -> None:
    assert reported(config, text) == [match]


# ------------------------------------------------- the sixth session's probes


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            "The debate over the treatment of convicted paedophiles goes on.",
            "convicted paedophiles",
        ),
        ("Working with Internet Pedophiles: assessment and treatment.", "Pedophiles"),
        ("Clinicians offer therapy to jailed and suspected paedophiles.", "paedophiles"),
    ],
)
def test_an_offender_named_next_to_a_clinical_cue_is_reported(config, text, match) -> None:
    assert reported(config, text) == [match]


@pytest.mark.parametrize(
    "text",
    [
        "Treatment for non-offending paedophiles reduces risk.",
        "Treatment of known non-offending paedophiles reduces risk.",
    ],
)
def test_clinical_use_next_to_a_cue_stays_silent(config, text) -> None:
    assert reported(config, text) == []


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("The boy said he had been interfered with by his uncle.", "interfered with"),
        ("The priest interfered with two young girls at the club.", "interfered with"),
        ("Judges are lenient with men who interfere with children.", "interfere with"),
    ],
)
def test_interfered_with_a_person_is_reported(config, text, match) -> None:
    assert reported(config, text) == [match]


def test_interfering_with_a_thing_is_no_euphemism(config) -> None:
    text = "Street children are abused, and seen as pests interfering with trade."
    assert reported(config, text, "molest-euphemism") == []


def test_a_department_named_on_a_line_of_its_own_is_a_name(config) -> None:
    text = (
        "Help for adult survivors of child abuse.\n\n"
        "Resource:\nUnited States Department of Veteran\u2019s Affairs\n\n"
        "Children who were abused may need help as adults.\n"
    )
    assert reported(config, text) == []


def test_a_quoted_term_called_a_euphemism_is_a_mention(config) -> None:
    text = "As I learned, \u201cchild pornography\u201d is a euphemism. It hides abuse."
    assert reported(config, text) == []


def test_porn_of_a_child_is_slang(config) -> None:
    text = "The filter cannot tell when an image is porn of a child."
    assert reported(config, text) == ["porn of a child"]


def test_a_belief_the_author_rejects_is_no_consent_framing(config) -> None:
    text = (
        "He lives in delusion, pretending to himself that children are beings who "
        "willingly engage in acts with adults."
    )
    assert reported(config, text) == []
    assert reported(config, "He said the girl of 14 willingly went with him.") == ["willingly"]


def test_an_adult_couples_break_up_is_no_relationship_with_the_child(config) -> None:
    text = (
        "The teacher had sex with the boy, 16. The judge said they grew close after "
        "her partner ended their relationship."
    )
    assert reported(config, text) == ["had sex with"]


def test_a_readers_comment_introduced_with_a_colon_dash_is_a_quotation(config) -> None:
    text = (
        "I found this comment, sent in by a reader, on a news website:-\n\n"
        "Judges are too lenient with every paedophile in this country.\n"
    )
    assert reported(config, text) == []


def test_child_molestation_in_narrative_and_as_an_offence(config) -> None:
    text = (
        "The clinic works at preventing child molestation.\n\n"
        "The priest was convicted of child molestation in 2004.\n"
    )
    assert [(t, s) for t, s, _ in notes(config, text)] == [
        ("child molestation", "suggestion"),
        ("child molestation", "info"),
    ]


def test_images_counted_in_a_charge_are_narrative(config) -> None:
    text = (
        "Police say he is accused of possessing thousands of child pornography images.\n\n"
        "He is accused of possessing child pornography.\n"
    )
    assert [(t, s) for t, s, _ in notes(config, text)] == [
        ("child pornography", "error"),
        ("child pornography", "info"),
    ]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("Many of the chowkri (bonded sex workers) are underage.", "sex workers"),
        ("He listed every sexual relation he had with the girl, who was 14.", "sexual relation"),
        (
            "The girl, 17, said she had engaged in consensual sexual relations with him.",
            "consensual sexual relations",
        ),
    ],
)
def test_prostitution_and_consent_framing_in_more_forms(config, text, match) -> None:
    assert match in reported(config, text)


def test_boys_and_girls_sleeping_together_are_peers(config) -> None:
    text = "I saw boys and girls of ten and twelve sleeping together in the lodging house."
    assert reported(config, text) == []
    assert reported(config, "The teacher and the pupil, 15, were sleeping together.") == [
        "sleeping together"
    ]


def test_a_closing_mark_followed_by_its_source_ends_a_quotation(config) -> None:
    text = (
        "What is grooming?\n\n"
        "A course of conduct by a suspected paedophile that gives cause for concern.\u201d "
        "From the Example Offences Act 2003\n"
    )
    assert [(t, s) for t, s, _ in notes(config, text)] == [("paedophile", "info")]


def test_a_child_word_said_to_be_an_adult_further_on_is_no_child(config) -> None:
    text = (
        "The panel heard that he began a sexual relationship with a girl, identified only "
        "as pupil A, when she was 18."
    )
    assert reported(config, text) == []
    assert reported(config, text.replace("18.", "15.")) == ["sexual relationship with"]


def test_a_title_after_a_colon_inside_a_sentence_is_a_title(config) -> None:
    text = (
        "The charity hosted a briefing for Safer Internet Day: Unmasking the Sextortion "
        "Crisis Online. Sextortion is rising."
    )
    assert reported(config, text) == ["Sextortion"]
    assert reported(config, "# Police Warn: Sextortion Cases Rise Among Teens\n") == ["Sextortion"]


def test_a_dateline_is_no_reference_list_entry(config) -> None:
    text = "WASHINGTON, D.C., Feb. 11, 2025 \u2013 The group held a briefing on sextortion."
    assert reported(config, text) == ["sextortion"]


def test_a_youth_group_names_children(config) -> None:
    text = "The pastor engaged in a sexual relationship with a member of the youth group."
    assert reported(config, text) == ["sexual relationship with"]


def test_a_sexual_relationship_is_reported_once(config) -> None:
    text = "He had a sexual relationship with a pupil, 15, at the school."
    assert [(t, s) for t, s, _ in notes(config, text)] == [("sexual relationship with", "warning")]


def test_a_match_inside_a_longer_note_of_its_rule_is_not_reported(config) -> None:
    text = "The priest, who coached boys, was convicted of child molestation in 2004."
    assert [(t, s) for t, s, _ in notes(config, text)] == [("child molestation", "info")]


def test_the_statutory_sexual_intercourse_in_a_charge_is_a_note(config) -> None:
    text = "A teacher has been charged with engaging in sexual intercourse with a minor."
    assert [(t, s) for t, s, _ in notes(config, text)] == [
        ("engaging in sexual intercourse with", "info")
    ]
    text = "The teacher had sex with a pupil and was charged with soliciting sex with a minor."
    assert reported(config, text) == ["had sex with"]
    text = "Police are working to identify child sex victims from the photographs."
    assert reported(config, text) == []


def test_tampered_with_a_child_and_not_with_things(config) -> None:
    assert reported(config, "It was alleged that he tampered with a child of six.") == [
        "tampered with"
    ]
    text = "Tools let images of girls be tampered with and exploited, the report on children said."
    assert reported(config, text) == []


def test_child_coordinated_with_another_adjective_is_reported_not_rewritten(run, write) -> None:
    path = write("note.txt", "They could access child and deviant pornography with ease.\n")
    run("fix", "note.txt")
    assert "child and deviant pornography" in path.read_text(encoding="utf-8")
    found = json.loads(run("check", "--format", "json", "note.txt").out)["findings"]
    assert [(f["rule"], f["fixable"]) for f in found] == [("child-pornography", False)]


@pytest.mark.parametrize(
    "text",
    [
        "After his computer was seized, he voluntarily appeared for an interview with a "
        "juvenile investigator.",
        "The initiative led to the conviction of 510 people for child sex related crimes.",
    ],
)
def test_a_juvenile_investigator_and_child_sex_related_crimes_stay_silent(config, text) -> None:
    assert reported(config, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "You will go on to call it CP because you avoid calling it abuse.",
        "The law banned images that only appeared to depict children engaged in sex.",
    ],
)
def test_a_name_given_and_images_described_stay_silent(config, text) -> None:
    assert reported(config, text) == []


def test_kiddie_pornographers_are_reported(config) -> None:
    text = "None of the money went into the pockets of the kiddie pornographers."
    assert reported(config, text) == ["kiddie pornographers"]


def test_a_forum_name_in_quotation_marks_is_a_name(config) -> None:
    assert reported(config, 'The forum "/r/jailbait" was closed in 2011.') == []
    assert reported(config, "The forum \u201cr/jailbait\u201d was closed in 2011.") == []


def test_a_former_pupil_said_to_be_over_18_is_no_child(config) -> None:
    text = (
        "Is it wrong for a teacher to have a sexual relationship with a former pupil?\n\n"
        "The pupil was over 18 years old when it started, the panel heard.\n"
    )
    assert reported(config, text) == []


def test_a_title_over_a_vancouver_style_reference_is_a_title(config) -> None:
    text = (
        "The full citation follows.\n\n"
        "Juvenile Prostitution as Maltreatment: Findings From a National Study.\n\n"
        "Doe JA, Roe R, Poe K. Child Welfare 2009; 14: 18-30.\n"
    )
    assert reported(config, text) == []


def test_a_term_shortened_to_slang_is_a_mention(config) -> None:
    text = "'Child pornography' is long to say, so it is often shortened to \"child porn.\""
    assert reported(config, text) == []


def test_a_definition_quoted_after_a_colon_with_a_single_curly_mark(config) -> None:
    text = (
        "The charity offers a definition: \u2018Child sex tourism is the exploitation of "
        "children by people who travel.\n\nOther text follows.\n"
    )
    assert reported(config, text) == []


def test_the_cli_gives_a_bare_relationship_as_a_hint_and_a_sexual_one_in_full(run, write) -> None:
    write("bare.txt", "The coach had a relationship with a 15-year-old pupil.\n")
    result = run("check", "--format", "json", "bare.txt")
    assert result.code == 0  # a hint does not fail the check
    found = json.loads(result.out)["findings"]
    assert [(f["rule"], f["severity"]) for f in found] == [("relationship-hint", "info")]
    write("sexual.txt", "The coach had a sexual relationship with a 15-year-old pupil.\n")
    result = run("check", "--format", "json", "sexual.txt")
    assert result.code == 1
    found = json.loads(result.out)["findings"]
    assert [(f["rule"], f["severity"]) for f in found] == [("relationship-framing", "warning")]


# ------------------------------------------------------------- seventh session


def test_an_event_named_in_title_case_before_its_noun_is_a_name(config) -> None:
    text = "During a Safe Phones and Sextortion webinar last month, police spoke of sextortion."
    assert reported(config, text) == ["sextortion"]
    text = "The Sextortion Awareness Week starts today; sextortion is rising."
    assert reported(config, text) == ["sextortion"]


def test_a_bill_whose_long_title_is_written_in_lower_case(config) -> None:
    text = (
        "The bill, now Bill C-99, is an act to stop the use of websites to spread "
        "pornographic material involving children."
    )
    assert reported(config, text) == []
    text = "Posting it is an act to spread pornographic material involving children."
    assert reported(config, text) == ["pornographic material involving children"]


@pytest.mark.parametrize(
    "text",
    [
        "We protect children from online sexual exploitation and abuse (OCSEA). OCSEA grows.",
        "Schools teach about the sexual abuse of children (CSA). CSA is common.",
        "They hold child sexual abuse material (also know as \u201cCSAM\u201d). CSAM spreads.",
    ],
)
def test_an_acronym_defined_with_its_words_reordered_or_a_typo(config, text) -> None:
    assert [f.rule for f in lint_text(text, config=config)] == []


def test_a_pronoun_in_the_match_refers_back_to_the_child(config) -> None:
    text = (
        "The abuse began with B, aged five, the niece of his wife's brother. She often "
        "stayed at the flat. Over the years he touched her inappropriately."
    )
    assert reported(config, text) == ["touched her inappropriately"]
    text = "His wife stayed at the flat. Over the years he touched her inappropriately."
    assert reported(config, text) == []


def test_they_refers_back_across_a_hyphenated_word(config) -> None:
    text = (
        "A schoolgirl is drawn to her tutor. He is drawn to her too. "
        "They have a short-lived affair, then part."
    )
    assert reported(config, text) == ["affair"]


def test_the_offence_as_the_subject_of_a_legal_predicate_is_a_note(config) -> None:
    text = "Child pornography is punishable by up to ten years in prison."
    assert [(t, s) for t, s, _ in notes(config, text)] == [("Child pornography", "info")]
    assert reported(config, "Child pornography is everywhere online.") == ["Child pornography"]


def test_relationships_between_adolescents_are_peers(config) -> None:
    text = "The law was not written to punish romantic relationships between adolescents."
    assert notes(config, text) == []


def test_a_hint_under_a_warning_of_its_category_is_dropped(config) -> None:
    text = "The teacher had a romantic relationship with a 15-year-old pupil."
    assert [(f.rule, f.severity) for f in lint_text(text, config=config)] == [
        ("relationship-framing", "warning")
    ]


def test_a_count_of_reports_is_no_attribution_and_a_quoted_term_defined_is_a_mention(
    config,
) -> None:
    text = "The hotline had more reports of \u2018sextortion\u2019 this year than last."
    assert reported(config, text) == ["sextortion"]
    text = "\u2018Sextortion\u2019 here refers to threats to share a child's images."
    assert reported(config, text) == []


def test_a_young_player_is_a_child_referent(config) -> None:
    text = "A coach who starts a sexual relationship with a young player breaks the code."
    assert reported(config, text) == ["sexual relationship with"]
    text = "A coach who starts a sexual relationship with a player breaks the code."
    assert reported(config, text) == []


def test_an_unclosed_quotation_ends_with_its_line_in_a_text_of_one_line_paragraphs(
    config,
) -> None:
    first = (
        "The agency defines the crime as \u201cthreats made to a child to obtain images or money "
        "from the child, usually by someone met online."
    )
    second = (
        "Police said parents should watch for signs of sextortion and talk often with their "
        "children about what they share and with whom they share it."
    )
    assert reported(config, f"{first}\n{second}\n") == ["sextortion"]
    # a hard-wrapped paragraph (short lines) runs on: the quotation goes on too
    wrapped = (
        "The agency defines it as \u201cthreats made to a child\nto obtain images, "
        "which is sextortion,\nsaid by someone met online.\n"
    )
    assert reported(config, wrapped) == []


def test_an_adult_partner_after_the_match_vetoes_that_match_only(config) -> None:
    text = "The study looks at travellers who have sex with children and those who have sex with adults."
    found = [(f.text, f.offset) for f in lint_text(text, config=config) if f.severity != "info"]
    assert found == [("have sex with", text.index("have sex with"))]
    text = (
        "He started a sexual relationship with a 15-year-old in May, and later had sex with "
        "a 19-year-old as well."
    )
    assert reported(config, text) == ["sexual relationship with"]
    text = "When I was 15, I was having sex with a 40-year-old coach."
    assert reported(config, text) == ["having sex with"]


def test_such_affairs_refers_back_to_the_child(config) -> None:
    text = (
        "A coach began a relationship with a sixth-former. It happens often. "
        "Many such affairs end in court."
    )
    assert "affairs" in reported(config, text)


@pytest.mark.parametrize(
    "text",
    [
        "Girls whom officials label as \u201cchild prostitutes\u201d say otherwise.",
        "Pupils don\u2019t have \u2018affairs\u2019 with teachers.",
        "Use the new words rather than child pornography.",
    ],
)
def test_a_label_given_or_denied_is_a_mention(config, text) -> None:
    assert reported(config, text) == []


def test_rather_than_before_another_verb_names_no_word(config) -> None:
    text = "Rather than treating child pornography as one thing, the study sorts it."
    assert reported(config, text) == ["child pornography"]


def test_a_house_pack_context_rule_takes_unless_after_through_the_cli(run, write) -> None:
    rule = (
        "rules:\n  - id: house.fling\n    kind: context\n    severity: warning\n"
        "    terms: [fling with]\n    context:\n      near: [pupil]\n"
        "      unless-after: [{}]\n    rationale: House style.\n"
    )
    write("house.yaml", rule.format("'\\s+(?:a|an|his|her)?\\s*colleague\\b'"))
    write("termlint.yaml", "extends: [./house.yaml]\n")
    text = "The pupil said he had a fling with her, and a fling with a colleague.\n"
    result = run("check", "-", "--format", "json", input=text)
    found = json.loads(result.out)["findings"]
    assert [(f["rule"], f["column"]) for f in found] == [("house.fling", 25)]
    # a broken pattern is a one-line error naming the pack, not a traceback
    write("house.yaml", rule.format("'(oops'"))
    result = run("check", "-", input=text)
    assert result.code == 2
    assert "Traceback" not in result.err
    (line,) = result.err.strip().splitlines()
    assert "house.yaml:8:23: invalid pattern '(oops'" in line
