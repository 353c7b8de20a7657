"""The general mechanisms behind the default pack's policy, in packs of our
own: detector frames and terms, the document-level register, the
child-referent model, ``child: sentence`` and ``unless-in-document`` in
context rules, spelling judged per word or per axis, and the names of files,
paths and tags, which are not prose."""

from __future__ import annotations

import pytest
from helpers import config_from, lint, rule_pack, spans

from termlint.errors import RuleError

SOURCES = "sources:\n  S: {title: A source}\n"

WIDGET = """\
- id: widget
  kind: substitute
  severity: error
  terms: [blue widget, blue gadget]
  replacements: [red widget]
  rationale: r
  sources: [S]
"""


def pack(tmp_path, exemptions: str, *rules: str, extra: str = ""):
    return config_from(tmp_path, SOURCES + extra + exemptions + rule_pack(*rules))


def test_frames_and_terms_of_a_detector(tmp_path) -> None:
    config = pack(
        tmp_path,
        "exemptions:\n"
        "  legal:\n"
        "    effect: info\n"
        "    terms: [blue widget]\n"
        "    before: ['\\bcharged\\s+with\\s+$']\n"
        "    after: ['\\s+laws?\\b']\n",
        WIDGET,
    )
    found = lint(config, "He was charged with blue widget. Blue widget laws. A blue widget.")
    assert [(f.text, f.severity) for f in found] == [
        ("blue widget", "info"),
        ("Blue widget", "info"),
        ("blue widget", "error"),
    ]
    # the terms limit the detector: another phrase of the rule keeps its severity
    (f,) = lint(config, "He was charged with blue gadget.")
    assert f.severity == "error"


def test_a_detector_needs_cues_or_frames(tmp_path) -> None:
    with pytest.raises(RuleError, match="needs 'cues', 'cue-patterns', 'before' or 'after'"):
        pack(tmp_path, "exemptions:\n  mine: {effect: info, terms: [blue widget]}\n", WIDGET)
    with pytest.raises(RuleError, match="missing"):
        pack(tmp_path, "exemptions:\n  mine: {effect: info, before: ['(unclosed']}\n", WIDGET)


def test_a_register_covers_the_whole_document(tmp_path) -> None:
    config = pack(
        tmp_path,
        "exemptions:\n"
        "  shop:\n"
        "    effect: ignore\n"
        "    cues: [catalogue, price list]\n"
        "    window: 2\n"
        "    register: {cues: 2, per-words: 20, unless: [stolen]}\n",
        WIDGET,
    )
    text = "The catalogue lists items. A price list follows. We sell the blue widget here."
    assert lint(config, text) == []  # no cue within two words, but a shop's register
    assert spans(lint(config, text + " A stolen blue widget.")) == [("widget", "blue widget")]
    # too few cues for the document's length: no register
    long = "The catalogue lists items. " + "Words go on. " * 30 + "We sell the blue widget here."
    assert spans(lint(config, long)) == [("widget", "blue widget")]


def shop(tmp_path, *extra: str):
    """A pack whose "shop" detector ignores widgets near "catalogue", with
    ``extra`` lines of its settings."""
    lines = "".join(f"    {line}\n" for line in extra)
    return pack(
        tmp_path,
        f"exemptions:\n  shop:\n    effect: ignore\n    cues: [catalogue]\n{lines}",
        WIDGET,
    )


def test_unless_before_vetoes_a_detector(tmp_path) -> None:
    config = shop(
        tmp_path,
        "window: 6",
        "register: {cues: 1, per-words: 1000}",
        "unless-before: ['\\bstolen\\s+$']",
    )
    text = "The catalogue lists the blue widget. A stolen blue widget. A stolen, blue widget."
    assert spans(lint(config, text)) == [("widget", "blue widget")]
    # the veto also reads the words before the match's last one: "blue ___"
    config = shop(tmp_path, "unless-before: ['\\bblue\\s+$']")
    assert spans(lint(config, "The catalogue lists a blue widget.")) == [("widget", "blue widget")]
    # and unless-after: the text right after the match
    config = shop(tmp_path, "unless-after: ['\\s+parts\\b']")
    text = "The catalogue lists blue widget parts. The catalogue lists a blue widget."
    assert spans(lint(config, text)) == [("widget", "blue widget")]
    with pytest.raises(RuleError, match="missing"):
        pack(
            tmp_path,
            "exemptions:\n  mine: {effect: info, cues: [x], unless-before: ['(unclosed']}\n",
            WIDGET,
        )


CHILD_RULE = """\
- id: hug
  kind: context
  severity: warning
  terms: [hugged]
  context:
    child: true
  rationale: r
  sources: [S]
"""

REFERENT = """\
child-referent:
  words: [child, pupil(s)]
  except: [child protection]
  patterns:
    - '\\b(?:[1-9]|1[0-7])-year-old\\b'
    - '(?-i:\\b(?P<name>[A-Z][a-z]+)),\\s+(?:[1-9]|1[0-7]),'
"""


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The coach hugged a pupil.", True),
        ("A pupil came in. The coach hugged him.", True),  # the sentence before
        ("A pupil came in. It rained. The coach hugged him.", False),  # two sentences before
        ("The coach hugged a 12-year-old.", True),
        ("The coach hugged a 40-year-old.", False),
        ("The child protection officer hugged her.", False),  # an excepted compound
        ("Ann, 12, joined the club in May. Much later, the coach hugged Ann.", True),
        ("Ann, 32, joined the club in May. Much later, the coach hugged Ann.", False),
    ],
)
def test_the_child_referent_model(tmp_path, text: str, found: bool) -> None:
    config = pack(tmp_path, "", CHILD_RULE, extra=REFERENT)
    assert bool(lint(config, text)) is found


SEX_RULE = """\
- id: sex
  kind: context
  severity: warning
  terms: [had sex( with|), affair]
  context:
    child: true
  rationale: r
  sources: [S]
"""

FAR = "A pupil joined the club. It rained. The coach drove home. Weeks passed. "


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # the child is four sentences back; the participants are referred back to
        (FAR + "They had sex in his car.", True),
        (FAR + "The pair had sex in his car.", True),
        (FAR + "He had sex with her in his car.", True),
        (FAR + "Nobody knew about the affair.", True),
        (FAR + "Nobody knew about their affair.", True),
        # participants named in the sentence: a person, not a referent back
        (FAR + "He had sex with a neighbour.", False),
        (FAR + "Nobody knew about an affair.", False),
        # an adult in the sentence, or between the child and the match
        (FAR + "He had sex with her and his wife.", False),
        (
            "A pupil joined the club. It rained. His wife came home. Weeks passed. "
            "They had sex in his car.",
            False,
        ),
        # the abuser's adult age before the child is no veto
        (
            "Ann was a 25-year-old coach and Bo a 15-year-old pupil. It rained. The coach drove "
            "home. Weeks passed. Nobody knew about the affair.",
            True,
        ),
        # an adult's age that qualifies the child word: no child
        ("The coach had an affair with a former pupil who was 22.", False),
        ("The coach had an affair with a 19-year-old pupil.", False),
        ("The coach had an affair with a pupil, 20, from the club.", False),
        ("The coach had an affair with a pupil, 15, from the club.", True),
        # a former pupil is a child unless the text around says someone was an adult
        ("The coach had an affair with a former pupil.", True),
        ("The coach had an affair with a former pupil. She had turned 18 in May.", False),
        ("The coach had an affair with an ex-pupil who had joined an adult choir.", False),
        # further back than the model reaches
        ("A pupil joined the club. " + "It rained. " * 5 + "They had sex in his car.", False),
    ],
)
def test_a_child_referred_back_to(tmp_path, text: str, found: bool) -> None:
    config = pack(tmp_path, "", SEX_RULE, extra=REFERENT)
    assert bool(lint(config, text)) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a headline over the lede that names the child
        ("Coach jailed over affair\n\nA coach who abused a 15-year-old pupil was jailed.", True),
        # a standfirst under the title; the child in the lede's second sentence
        (
            "Night Drive\nThe coach and the affair.\nA film about a town, its people and its "
            "long winters, told over many years by those who stayed behind in it, and by "
            "those who left it for the city and came back every summer to the lake. "
            "It follows a pupil.",
            True,
        ),
        # three short lines of a draft, no headline over a lede
        ("The coach and the affair.\nIt was named.\nA pupil spoke.", False),
        # an adult in the headline: the affair is an adult's
        ("Coach's affair with colleague\n\nA coach whose son is a pupil was fired.", False),
        # too far below: the lede's third sentence
        ("Coach jailed over affair\n\nIt rained. The town was quiet. A pupil spoke.", False),
        # no headline: a long paragraph's sentence, not the document's top lines
        ("Intro.\n\nMore.\n\nYet more.\n\nCoach jailed over affair.\nA pupil spoke.", False),
    ],
)
def test_a_headline_and_the_child_of_its_lede(tmp_path, text: str, found: bool) -> None:
    config = pack(tmp_path, "", SEX_RULE, extra=REFERENT)
    assert bool(lint(config, text)) is found


def test_child_sentence_and_unless_in_document(tmp_path) -> None:
    rule = CHILD_RULE.replace("child: true", "child: sentence\n    unless-in-document: [fiction]")
    config = pack(tmp_path, "", rule, extra=REFERENT)
    assert lint(config, "A pupil came in. The coach hugged him.") == []
    assert spans(lint(config, "The coach hugged a pupil.")) == [("hug", "hugged")]
    assert lint(config, "This is fiction. The coach hugged a pupil.") == []


def test_if_in_document(tmp_path) -> None:
    rule = CHILD_RULE.replace("child: true", "child: true\n    if-in-document: [sex, affair(s)]")
    config = pack(tmp_path, "", rule, extra=REFERENT)
    # a child, but the document speaks of no sex or affair: no finding
    assert lint(config, "The coach hugged a pupil.") == []
    # the phrase anywhere in the document, before or after the match
    assert spans(lint(config, "The coach hugged a pupil. It was no affair.")) == [("hug", "hugged")]
    assert spans(lint(config, "Sex was never spoken of.\n\nThe coach hugged a pupil.")) == [
        ("hug", "hugged")
    ]
    # the rest of the context must still hold: no child, no finding
    assert lint(config, "The coach hugged a man. It was no affair.") == []


def test_a_child_rule_without_a_referent_model_finds_nothing(tmp_path) -> None:
    config = pack(tmp_path, "", CHILD_RULE)
    assert lint(config, "The coach hugged a child.") == []


def test_child_referent_section_is_validated(tmp_path) -> None:
    with pytest.raises(RuleError, match="unknown key 'word'"):
        pack(tmp_path, "", CHILD_RULE, extra="child-referent:\n  word: [child]\n")
    with pytest.raises(RuleError, match="'child' must be true, false or sentence"):
        pack(tmp_path, "", CHILD_RULE.replace("child: true", "child: maybe"), extra=REFERENT)


SPELLING = """\
- id: spell
  kind: consistency
  severity: suggestion
  columns: [-ise, -ize]
  pairs:
    - ["(organ|real)is(e|ed|ation)", "(organ|real)iz(e|ed|ation)"]
  rationale: r
  sources: [S]
"""


def test_spelling_is_judged_per_word_by_default(tmp_path) -> None:
    config = pack(tmp_path, "", SPELLING)
    # organise x2 against organized x1: the word itself is mixed
    text = "They organised it. Organisation matters. It was organized. They realized it."
    assert spans(lint(config, text)) == [("spell", "organized")]
    # realise and organize are two words, each spelled one way: no mix
    assert lint(config, "They realise it. It was organized.") == []


def test_spelling_per_axis_is_a_setting(tmp_path) -> None:
    config = pack(tmp_path, "", SPELLING.replace("columns:", "group: axis\n  columns:"))
    text = "They realise it. We realised it. It was organized."
    assert spans(lint(config, text)) == [("spell", "organized")]
    with pytest.raises(RuleError, match="stem"):
        pack(tmp_path, "", SPELLING.replace("columns:", "group: word\n  columns:"))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The blue-widget.png file is large.", False),  # a file name
        ("Open img/blue-widget.jpg now.", False),
        ("Open blue-widget.JPG now.", False),
        ("Open /srv/blue-widget/ now.", False),  # a path
        ("Open ~/blue-widget now.", False),
        ("See example.org/blue-widget now.", False),  # an address without its scheme
        ("Open C:\\data\\blue-widget now.", False),
        ("The tag #blue-widget trends.", False),  # a hashtag
        ("Ask @blue-widget about it.", False),  # a handle
        ("Run it with --name=blue-widget today.", False),  # an option's value
        ("He sold the blue widget.", True),
        ("He sold the blue widget. Then he left.", True),
        ("He sold the blue widget.Then he left.", True),  # no space, not a file name
        ("He sold the blue widget.12 Then he left.", True),  # a footnote's number
        ("He sold a red/blue widget today.", True),  # words joined by a slash
        ("He sold the blue widget/gadget/toy range.", True),
        ("#Blue widget sales rose.", True),  # two words: not a tag
        ("===Blue widget===", True),  # not an option
    ],
)
def test_names_of_files_paths_and_tags_are_not_prose(tmp_path, text: str, found: bool) -> None:
    config = pack(tmp_path, "", WIDGET)
    assert bool(lint(config, text)) is found


def test_spelling_asks_about_exemptions_only_where_a_word_is_spelled_both_ways(monkeypatch) -> None:
    """Whether a use is in a name, a title or a quotation matters only where
    its word is spelled both ways (or, with a house locale, outside the
    locale's column): in ordinary prose most spellings are asked nothing."""
    from termlint.config import default_config
    from termlint.linter import lint_text

    config = default_config()
    engine = config.engine()
    asked: list[str] = []
    decide = engine._exemptions.decide

    def counting(doc, protected, start, end, rule_id, **kw):
        if rule_id.startswith("spelling"):
            asked.append(doc.text[start:end])
        return decide(doc, protected, start, end, rule_id, **kw)

    monkeypatch.setattr(engine._exemptions, "decide", counting)
    # the -our/-or axis is used both ways, but each word one way only
    text = "The colour of the sky. Labor unions met. Labor law changed.\n"
    assert [f.rule for f in lint_text(text, config=config) if f.rule.startswith("spell")] == []
    assert asked == []
    # a word spelled both ways: its uses are asked about, and the minority reported
    text = "We organised it. They organised it. We organized it.\n"
    found = [f.text for f in lint_text(text, config=config) if f.rule.startswith("spell")]
    assert found == ["organized"]
    assert sorted(asked) == ["organised", "organised", "organized"]
