"""``acronym``: acronyms defined on first use, spelled right, used consistently.

The glossary is the pack's ``acronyms:`` section (users extend it in their own
packs). One analysis per document finds every use of a glossary acronym and
every definition, in either order: ``child sexual abuse material (CSAM)`` or
``CSAM (child sexual abuse material)``. A rule's ``check`` picks what to
report:

``undefined``
    the first use of an acronym is not a definition;
``mismatch``
    the expansion does not spell the acronym (initial letters of the content
    words, hyphenated parts split: "AI-generated" gives A I G), or is another
    acronym's expansion: ``child sexual exploitation material (CSAM)``;
``two-expansions``
    one acronym defined with two different expansions;
``re-expanded``
    an acronym defined again after its definition;
``family-mix``
    members of one family (CSAM, CSEM, CAM, IIOC...) mixed in one document,
    measured against the rule's ``prefer`` (family -> acronym) or else the
    document's first choice; silent for a member the document explicitly
    distinguishes ("CSEM, a broader category than CSAM");
``case-drift``
    one acronym written in two forms (IIOC and IIoC, SG-CSAM and SG CSAM).

Languages. An acronym of a pack with a ``language`` (MASI in ``es``, MEASC in
``pt``) is checked in paragraphs of that language only, as the pack's rules
are: a French paragraph is never told to define MASI. Its expansion is read
with that language's little words left out ("material de abuso sexual
infantil": M A S I). ``same-as`` names the acronym of another language that
names the same thing (MASI: CSAM): an expansion of either defines the other
("material de abuso sexual infantil (CSAM, por sus siglas en inglés)" is a
definition, not a mismatch). Where a run tells languages apart
(termlint.language), each language's paragraphs are an editor's own section:
``family-mix`` and ``re-expanded``/``two-expansions`` compare uses in
paragraphs of one language only (CSAM in the English paragraphs and MASI in
the Spanish ones of one report is no mix; CSAM and MASI in Spanish
paragraphs is), and an acronym defined in one language may be defined again
in another. Acronyms of no language (the English glossary) are written as
they are in every language (Italian text writes CSAM): the English acronym
rules check them in every paragraph, and a definition in any paragraph
serves the whole document. A language pack's ``translation`` of such an
acronym gives the words of its language for it, which define it as the
English expansion does ("materiale di abuso sessuale su minori (CSAM)"),
and which the message of an undefined use in that language's paragraphs
suggests first.

Fails (mismatch)::

    child sexual exploitation material (CSAM)

Passes::

    child sexual abuse material (CSAM) ... CSAM
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from ...terms import Token, Variant, expand_term, variant_text
from ..matcher import TermMatcher
from ..prefilter import matches_at
from ..text import sentences
from . import LANGUAGE_AT, Acronym, AcrossDocuments, Env, Hit, register

if TYPE_CHECKING:
    from ...document import Document
    from ...errors import Location
    from ...ruleset import Rule
    from ..exemptions import Exemption

CHECKS = ("undefined", "mismatch", "two-expansions", "re-expanded", "family-mix", "case-drift")
STOPWORDS = frozenset("of and in the for to on a an".split())
#: The little words an expansion in each language leaves out of its letters
#: ("material de exploração e abuso sexual de crianças": M E A S C).
LANGUAGE_STOPWORDS = {
    "fr": frozenset("de d du des la le les l et en pour sur à au aux un une".split()),
    "es": frozenset("de del la el los las y e en para por con a al un una".split()),
    "pt": frozenset("de do da dos das o a os as e em no na para por com um uma".split()),
    "it": frozenset("di del della dei degli delle il lo la i gli le e ed in per su a al".split()),
    "de": frozenset("von vom der die das des den dem und in im für gegen an am zu zur zum".split()),
    "nl": frozenset("van de het en in voor tegen op aan".split()),
}
DISTINGUISH = re.compile(
    r"\b(?:broader|narrower|wider|distinct|differ\w*|different|unlike|whereas|as opposed to|"
    r"not the same|subset|includes?|including|legal category|rather than|in contrast|"
    # the other language's acronym named as such: "(CSAM, por sus siglas en inglés)"
    r"in English|en inglés|en ingles|em inglês|em ingles|en anglais|in inglese|"
    r"auf Englisch|in het Engels|siglas?|acronym in|"
    r"más ampli[oa]|distint[oa]|diferente|a diferencia de|mais ampl[oa]|"
    r"plus large|différent\w*|à la différence|più ampi[oa]|divers[oa])\b",
    re.IGNORECASE,
)


def initials(expansion: str, language: str | None = None) -> str:
    """The letters an expansion spells: content words' initials, hyphenated
    parts split, all-capital parts (AI) kept whole; the little words of
    English and of ``language`` left out."""
    stop = STOPWORDS | LANGUAGE_STOPWORDS.get(language or "", frozenset())
    out = []
    for word in re.split(r"\s+", expansion.strip()):
        word = re.sub(r"^(?:[dl]|qu)['\u2019]", "", word, flags=re.IGNORECASE)  # d'abus
        if not word or word.lower() in stop:
            continue
        for part in re.split(r"[-\u2010\u2011/]", word):
            if not part:
                continue
            out.append(part if part.isupper() and len(part) > 1 else part[0].upper())
    return "".join(out)


def _letters(acronym: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", acronym).upper()


def _normal(expansion: str) -> str:
    text = " ".join(expansion.lower().split()).replace("-", " ")
    return re.sub(r"s$", "", text)  # "materials" and "material" are one expansion


@dataclass
class Use:
    start: int
    end: int
    form: str
    acronym: str
    doc: Document
    #: For a definition: its span, its expansion, and whether it is wrong.
    def_span: tuple[int, int] | None = None
    expansion: str | None = None
    mismatch_of: str | None = None  # the acronym the expansion really spells, or "?"

    @property
    def is_definition(self) -> bool:
        return self.def_span is not None


@dataclass(frozen=True, slots=True)
class Seen:
    """A use as the judgement of the whole needs it (see
    :meth:`AcronymKind.observe`): positions from the start of the file, the
    line it stands on, whether it counts (no exemption), the language of its
    paragraph and of its definition's start (where the run tells languages
    apart), and whether its sentence says how it differs from another
    acronym. ``doc``: which of the documents checked together."""

    start: int
    end: int
    form: str
    acronym: str
    def_span: tuple[int, int] | None
    expansion: str | None
    mismatch_of: str | None
    counted: bool
    language: str | None
    def_language: str | None
    line: int
    distinguishes: bool
    doc: int = 0

    @property
    def is_definition(self) -> bool:
        return self.def_span is not None


class _Glossary:
    """Matchers built once per configuration from the acronym glossary."""

    def __init__(self, acronyms: dict[str, Acronym]) -> None:
        self.acronyms = acronyms
        self.form_of: dict[str, str] = {}
        for entry in acronyms.values():
            for form in entry.forms:
                self.form_of[form] = entry.acronym
        forms = sorted(self.form_of, key=len, reverse=True)
        body = "|".join(re.escape(f) for f in forms)
        self.pattern = (
            re.compile(rf"(?<![\w-])(?:{body})(?=s\b|'s\b|\u2019s\b|(?![\w-]))") if forms else None
        )
        self.expansions: TermMatcher[str] = TermMatcher(
            (v, entry.acronym)
            for entry in acronyms.values()
            for e in entry.expansions
            for v in expand_term(e)
        )
        #: The forms as phrases (and their plurals), for the engine's one pass:
        #: every match of ``pattern`` starts where one of them does.
        self.phrases: list[Variant] = []
        for form in forms:
            words = [w for w in _SEPARATORS.split(form) if w]
            if words:
                self.phrases.append(tuple(Token(w) for w in words))
                self.phrases.append((*(Token(w) for w in words[:-1]), Token(words[-1] + "s")))
        #: The words of the expansions, by the acronyms' language.
        self.vocabularies: dict[str | None, set[str]] = {}
        for entry in acronyms.values():
            words = self.vocabularies.setdefault(entry.language, set())
            words.update(w.lower() for e in entry.expansions for w in re.findall(r"\w+", e))
        #: Whether some acronym is written for one language.
        self.by_language = any(entry.language for entry in acronyms.values())
        #: The meanings two acronyms of different languages share (CSAM).
        self.shared = {entry.same_as for entry in acronyms.values() if entry.same_as}
        #: The words of a language for an acronym of another: (acronym,
        #: language) -> expansions (CSAM in Italian text).
        self.translations: dict[tuple[str, str | None], tuple[str, ...]] = {
            (entry.acronym, entry.language): entry.expansions
            for entry in acronyms.values()
            if entry.translation
        }

    def vocabulary(self, acronym: str) -> set[str]:
        """The words of the expansions of acronyms of ``acronym``'s language."""
        return self.vocabularies.get(self.acronyms[acronym].language, set())

    def language(self, acronym: str) -> str | None:
        return self.acronyms[acronym].language

    def same(self, one: str, other: str) -> bool:
        """Whether two acronyms name the same thing (one language's for another's)."""
        a, b = self.acronyms.get(one), self.acronyms.get(other)
        return a is not None and b is not None and a.meaning == b.meaning

    def group(self, acronym: str) -> str | None:
        """The family-mix group of an acronym: its family, or the meaning it
        shares with an acronym of another language."""
        entry = self.acronyms[acronym]
        if entry.family:
            return entry.family
        return entry.meaning if entry.meaning in self.shared else None


_GLOSSARIES: dict[int, _Glossary] = {}
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011]+")
#: quotation marks around an expansion, and those that close one
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
_CLOSING = "\"'\u201d\u2019\u00bb"
_AFTER = re.compile(r"\s*\(\s*([^()\r\n]{3,160}?)\s*\)")
# "expansion (ACR)", "expansion (hereafter ACR)", "expansion (hereinafter 'ACR')"
_BEFORE_OPEN = re.compile(
    r"\(\s*(?:(?:(?:hereafter|hereinafter|herein|henceforth|thereafter)(?:\s+(?:called|referred\s+to\s+as|as))?"
    r"|(?:also\s+)?(?:known?|referred\s+to|abbreviated|shortened)(?:\s+as|\s+to)?|(?:also\s+)?called|or"
    r"|i\.\s?e\.|abbr\.|short\s+for)[,:]?\s+)?[\"'\u201c\u2018]?\s*$",
    re.IGNORECASE,
)
# "child sexual abuse material, or CSAM", "... known as CSAM"
_BEFORE_WORDS = re.compile(
    r"(?:,\s*|\s+)(?:or|also\s+known\s+as|known\s+as|hereafter(?:\s+called)?|abbreviated(?:\s+as|\s+to)?|"
    r"referred\s+to\s+as|shortened\s+to|"
    # es, pt, fr, it: "material de abuso sexual infantil, o MASI"
    r"o|ou|conocid[oa]\s+como|conhecid[oa]\s+como|en\s+adelante|doravante|"
    r"dit|appelé|noto\s+come|detto)\s+[\"'\u201c\u2018\u00ab]?\s?$"
)
# "CSAM, or child sexual abuse material", "CSAM stands for ..."
# "CSAM — child sexual abuse material —", "CSAM refers to ...", "CSAM: child sexual
# abuse material", "CSAM is child sexual abuse material"
_AFTER_WORDS = re.compile(
    r"[\"'\u201d\u2019]?(?:(?:,\s*|\s+)(?:or|short\s+for|(?:which\s+)?stands?\s+for|meaning|means|i\.e\.,?|"
    r"(?:which\s+|that\s+)?refers?\s+to|is\s+short\s+for|is\s+an?\s+(?:abbreviation|acronym)\s+(?:of|for)|"
    r"is|are|"
    r"that\s+is,?|o|ou|es\s+decir,?|ou\s+seja,?|o\s+sea,?|c'est-à-dire|cioè)\s+"
    r"|\s*[\u2014\u2013:]\s*|\s+--?\s+)"
    r"[\"'\u201c\u2018\u00ab]?\s?([^.;:()\r\n\"\u201d\u00bb]{3,160})"
)
# what may open "ACR (i.e. expansion)" before the expansion
_INNER_LEAD = re.compile(
    r"(?:i\.\s?e\.|that\s+is|or|short\s+for|meaning|abbr\.|standing\s+for)[,:]?\s+", re.IGNORECASE
)


def _known_at_end(glossary: _Glossary, text: str) -> tuple[str, str] | None:
    """An expansion that ends ``text``: (acronym, expansion text)."""
    best = None
    for s, e, acronyms in glossary.expansions.finditer(text):
        if text[e:].strip() == "" and (best is None or s < best[0]):
            best = (s, acronyms[0])
    if best is None:
        return None
    return best[1], text[best[0] :].strip()


def _known_whole(glossary: _Glossary, text: str) -> str | None:
    for s, e, acronyms in glossary.expansions.finditer(text):
        if s == 0 and text[e:].strip() == "":
            return acronyms[0]
    return None


def other_meaning(glossary: _Glossary, known: str, acronym: str) -> bool:
    """Whether ``known`` (whose expansion was written) names another thing
    than ``acronym``."""
    return _letters(known) != _letters(acronym) and not glossary.same(known, acronym)


def _tail(words: list[str], n: int, language: str | None = None) -> list[str]:
    """The shortest run of last words that holds ``n`` content words."""
    stop = STOPWORDS | LANGUAGE_STOPWORDS.get(language or "", frozenset())
    tail: list[str] = []
    count = 0
    for w in reversed(words):
        tail.insert(0, w)
        if re.sub(r"^(?:[dl]|qu)['\u2019]", "", w.lower()) not in stop:
            count += 1
        if count == n:
            return tail
    return []


#: Words between the reordered words of an expansion that spell no letter:
#: "children from online sexual exploitation and abuse (OCSEA)".
_LINKS = frozenset("from against with by into among at".split())


def _reordered(words: list[str], letters: str, language: str | None) -> list[str] | None:
    """The last words of ``words`` whose initials are ``letters`` in another
    order ("sexual abuse of children (CSA)"), little words and prepositions
    left out; at least three letters."""
    if len(letters) < 3:
        return None
    stop = STOPWORDS | LANGUAGE_STOPWORDS.get(language or "", frozenset()) | _LINKS
    tail: list[str] = []
    content: list[str] = []
    for w in reversed(words):
        tail.insert(0, w)
        if w.lower() not in stop:
            content.append(w)
            if len(content) == len(letters):
                spelled = initials(" ".join(content), language)
                return tail if sorted(spelled) == sorted(letters) else None
    return None


def analyse(doc: Document, glossary: _Glossary) -> list[Use]:
    key = ("acronyms", id(glossary))
    cached = doc.cache.get(key)
    if isinstance(cached, list):
        return cached
    uses: list[Use] = []
    text = doc.text
    if glossary.pattern is not None:
        starts = doc.cache.get(("starts", glossary))  # from the engine's one pass
        if isinstance(starts, list):
            spans = matches_at(glossary.pattern, text, starts)
        else:
            spans = [m.span() for m in glossary.pattern.finditer(text)]
        for start, end in spans:
            form = text[start:end]
            use = Use(start, end, form, glossary.form_of[form], doc)
            _definition(use, doc, glossary)
            uses.append(use)
    doc.cache[key] = uses
    return uses


def _definition(use: Use, doc: Document, glossary: _Glossary) -> None:
    for start, end, expansion in doc.definitions:  # <abbr title="expansion">ACR</abbr>
        if start <= use.start and use.end <= end:
            use.def_span, use.expansion = (use.start, use.end), expansion
            known = _known_whole(glossary, expansion)
            if known is not None and other_meaning(glossary, known, use.acronym):
                use.mismatch_of = known
            return
    text = doc.text
    letters = _letters(use.acronym)
    language = glossary.language(use.acronym)
    vocabulary = glossary.vocabulary(use.acronym)

    def spells(expansion: str) -> bool:
        return initials(expansion, language) == letters

    def other(acronym: str) -> bool:
        """Whether a known expansion's acronym is another thing than the use's."""
        return (
            acronym != use.acronym
            and _letters(acronym) != letters
            and not glossary.same(acronym, use.acronym)
        )

    s_start, _ = sentences(doc).span(use.start)
    # "expansion (ACR)"
    before = text[s_start : use.start]
    # "(CSAM)", "(CSAMs)", "(CSEM, formerly called ...)"
    after_close = re.match(
        r"\s*(?:s|'s)?[\"'\u201d\u2019]?\s*(?:[,;][^()\r\n]{0,120})?\)",
        text[use.end : use.end + 130],
    )
    if _BEFORE_OPEN.search(before) and after_close:
        head = before[: _BEFORE_OPEN.search(before).start()]  # type: ignore[union-attr]
        # 'labelled "child sexual abuse material" (CSAM)': the quoted expansion's mark
        head = head.rstrip().rstrip(_CLOSING)
        words = [w.strip(_QUOTES) for w in head.split()]
        known = _known_at_end(glossary, head)
        if known is not None:
            acronym, expansion = known
            start = use.start - len(before) + head.rstrip().rfind(expansion)
            use.def_span = (start, use.end + after_close.end())
            use.expansion = expansion
            if other(acronym):
                use.mismatch_of = acronym
            return
        for n in range(len(letters), 0, -1):
            tail = _tail(words, n, language)
            if tail and spells(" ".join(tail)):
                break
        else:
            tail = _reordered(words, letters, language)
            if tail is None:
                tail = _tail(words, len(letters), language)
                # Not a correct expansion: a wrong one if it is made of glossary words.
                content = [w for w in tail if w.lower() not in STOPWORDS]
                if len(content) < 2 or not all(
                    w.lower().strip(",;:") in vocabulary for w in content
                ):
                    return
                use.mismatch_of = "?"
        candidate = " ".join(tail)
        start = use.start - len(before) + head.rfind(tail[0])
        use.def_span = (start, use.end + after_close.end())
        use.expansion = candidate
        return
    # "expansion, or ACR", "expansion, known as ACR"
    words_before = _BEFORE_WORDS.search(before, max(0, len(before) - 80))
    if words_before:
        # 'a phrase, "child sex exploitation material", abbreviated as CSEM',
        # 'Child Sexual Abuse Material — known as CSAM'
        head = before[: words_before.start()].rstrip(_CLOSING + " \t,\u2014\u2013-")
        known = _known_at_end(glossary, head)
        tail = None
        if known is not None:
            acronym, expansion = known
            if not other(acronym):
                tail = expansion
        else:
            words = [w.strip(_QUOTES) for w in head.split()]
            for n in range(len(letters), 0, -1):
                candidate = _tail(words, n, language)
                if candidate and spells(" ".join(candidate)):
                    tail = " ".join(candidate)
                    break
        if tail is not None:
            start = use.start - len(before) + head.rstrip().rfind(tail)
            use.def_span = (start, use.end)
            use.expansion = tail
            return
    # "ACR, or expansion", "ACR stands for expansion"
    m = _AFTER_WORDS.match(text, use.end)
    if m:
        words = m.group(1).split()
        for n in range(min(len(words), len(letters) + 4), 0, -1):
            candidate = " ".join(words[:n]).rstrip(",")
            known_acronym = _known_whole(glossary, candidate)
            if (known_acronym is not None and not other(known_acronym)) or (
                spells(candidate) and words[n - 1].lower() not in STOPWORDS
            ):
                use.def_span = (use.start, m.start(1) + len(candidate))
                use.expansion = candidate
                return
    # "ACR (expansion)"
    m = _AFTER.match(text, use.end)
    if m:
        inner = m.group(1).strip(" \"'“”")
        lead = _INNER_LEAD.match(inner)
        if lead:
            inner = inner[lead.end() :].strip(" \"'“”")
        if re.fullmatch(r"[\d\s,.;:-]+|[A-Z0-9-]+s?", inner):
            return  # a year, a page, another acronym
        known_acronym = _known_whole(glossary, inner)
        if spells(inner) or (known_acronym is not None and not other(known_acronym)):
            use.def_span = (use.start, m.end())
            use.expansion = inner
        elif known_acronym is not None:
            use.def_span = (use.start, m.end())
            use.expansion = inner
            use.mismatch_of = known_acronym
        else:
            content = [w for w in re.findall(r"[\w-]+", inner) if w.lower() not in STOPWORDS]
            if len(content) >= 2 and all(w.lower() in vocabulary for w in content):
                use.def_span = (use.start, m.end())
                use.expansion = inner
                use.mismatch_of = "?"


def _parse_check(value: Any, loc: Location) -> str:
    if value not in CHECKS:
        raise ValueError(f"must be one of {', '.join(CHECKS)}, not {value!r}")
    return str(value)


def _parse_prefer(value: Any, loc: Location) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError("must map family names to acronyms")
    return dict(value)


@register
class AcronymKind(AcrossDocuments):
    name = "acronym"
    summary = "acronyms defined on first use, spelled right and used consistently"
    needs_terms = False
    own_language = True
    fields: ClassVar[dict[str, Callable[[Any, Location], Any]]] = {
        "check": _parse_check,
        "prefer": _parse_prefer,
    }

    @classmethod
    def validate(cls, rule: Rule) -> str | None:
        if "check" not in rule.options:
            return f"an 'acronym' rule needs 'check' (one of {', '.join(CHECKS)})"
        if rule.terms or rule.patterns:
            return "an 'acronym' rule takes its acronyms from the glossary, not 'terms'"
        return None

    def bind(self, env: Env) -> None:
        super().bind(env)
        key = id(env.acronyms)
        if key not in _GLOSSARIES:
            _GLOSSARIES.clear()
            _GLOSSARIES[key] = _Glossary(env.acronyms)
        self.glossary = _GLOSSARIES[key]

    def starts(self) -> dict[Hashable, list[Variant]]:
        return {self.glossary: self.glossary.phrases} if self.glossary.pattern else {}

    def _relevant(self, use: Use) -> bool:
        """Whether this rule's check can report, or be decided by, ``use``
        (the others are not kept in its observations)."""
        check = self.rule.options["check"]
        if check == "mismatch":
            return use.mismatch_of is not None and use.def_span is not None
        if check in ("two-expansions", "re-expanded"):
            return use.is_definition and use.mismatch_of is None
        if check == "family-mix":
            return bool(self.glossary.group(use.acronym))
        return True  # undefined (its first use of each acronym), case-drift

    def observe(
        self,
        doc: Document,
        exempt: Callable[[int, int], Exemption | None],
        core: tuple[int, int] | None = None,
    ) -> tuple[bool, list[Seen]]:
        """Whether the run tells languages apart, and the uses this rule's
        check needs (in order), each as :class:`Seen`."""

        def counted(use: Use) -> bool:
            why = exempt(use.start, use.end)
            # An acronym standing after a name it abbreviates is still an acronym.
            return why is None or why.label.startswith("proper name")

        check = self.rule.options["check"]
        uses = [
            u for u in analyse(doc, self.glossary) if core is None or core[0] <= u.start < core[1]
        ]
        if check == "undefined":
            # the check for undefined acronyms also reads definitions in
            # quotations, and asks only until each acronym's first use
            found_in: list[tuple[Use, bool]] = [(u, False) for u in uses]
        else:
            # the other acronym rules share one list per document
            key = ("acronym-uses", id(self.glossary), core)
            if key not in doc.cache:
                doc.cache[key] = [(u, counted(u)) for u in uses]
            found_in = doc.cache[key]  # type: ignore[assignment]
        language_at = doc.cache.get(LANGUAGE_AT)
        told = callable(language_at)
        out: list[Seen] = []
        firsts: set[str] = set()
        for use, is_counted in found_in:
            if check == "undefined":
                if use.acronym in firsts:
                    continue  # only the first use of each acronym decides
                is_counted = counted(use)
                if not (is_counted or use.is_definition):
                    continue
            elif not is_counted:
                continue
            language = None
            if told:
                language = language_at(doc, use.start)  # type: ignore[misc]
                # an acronym of a language in its paragraphs (MASI in Spanish
                # ones); the glossary's others in every paragraph for the
                # English rules (CSAM is written as it is in Italian text),
                # where its rule's language is for a rule of another language;
                # any of them counts towards a mix of a paragraph's language
                wanted = self.glossary.language(use.acronym) or (
                    None if self.rule.language == "en" else self.rule.language
                )
                if not (wanted is None or wanted == language or check == "family-mix"):
                    continue
                if check == "family-mix" and self.glossary.language(use.acronym) not in (
                    None,
                    language,
                ):
                    continue
            firsts.add(use.acronym)
            if not self._relevant(use):
                continue
            def_language = language
            if told and use.def_span is not None and use.def_span[0] != use.start:
                def_language = language_at(doc, use.def_span[0])  # type: ignore[misc]
            distinguishes = False
            if check == "family-mix":
                s_start, s_end = sentences(doc).span(use.start)
                distinguishes = DISTINGUISH.search(doc.text, s_start, s_end) is not None
            base = doc.base
            out.append(
                Seen(
                    start=base + use.start,
                    end=base + use.end,
                    form=use.form,
                    acronym=use.acronym,
                    def_span=None
                    if use.def_span is None
                    else (base + use.def_span[0], base + use.def_span[1]),
                    expansion=use.expansion,
                    mismatch_of=use.mismatch_of,
                    counted=is_counted,
                    language=language,
                    def_language=def_language,
                    line=doc.base_lines + doc.index.position(use.start)[0],
                    distinguishes=distinguishes,
                )
            )
        return told, out

    def merge(self, observed: Sequence[tuple[bool, list[Seen]]]) -> tuple[bool, list[Seen]]:
        return any(told for told, _ in observed), [s for _, seen in observed for s in seen]

    def judge(
        self, observed: Sequence[tuple[bool, list[Seen]]], paths: Sequence[str]
    ) -> list[list[Hit]]:
        """One analysis over all documents in order: a definition in chapter 1
        serves chapter 2."""
        uses: list[Seen] = []
        for i, (_, seen) in enumerate(observed):
            uses.extend(replace(s, doc=i) for s in seen)
        check = self.rule.options["check"]
        if check == "undefined":
            found = self._undefined(uses)
        else:
            found = getattr(self, "_" + check.replace("-", "_"))(uses, paths)
        out: list[list[Hit]] = [[] for _ in observed]
        for use, hit in found:
            if observed[use.doc][0]:  # the run tells languages apart
                at_start = hit.start == use.start
                hit = replace(hit, language=use.language if at_start else use.def_language)
            out[use.doc].append(hit)
        return out

    # each check -------------------------------------------------------------

    def _undefined(self, uses: list[Seen]) -> list[tuple[Seen, Hit]]:
        """The first use of each acronym, unless it is a definition; a
        definition inside a quotation also defines it for the reader. The
        definition may be in English or in the words of the paragraph's
        language (a translation of the glossary)."""
        hits, seen = [], set()
        for use in uses:
            entry = self.glossary.acronyms[use.acronym]
            if use.acronym in seen or entry.proper_name:
                continue
            if not use.counted:
                seen.add(use.acronym)  # a quoted definition
                continue
            seen.add(use.acronym)
            if not use.is_definition:
                shortest = [
                    f"'{min((variant_text(v) for v in expand_term(e[0])), key=len)} "
                    f"({use.acronym})'"
                    for e in (
                        self.glossary.translations.get((use.acronym, use.language)),
                        entry.expansions,
                    )
                    if e
                ]
                hits.append(
                    (
                        use,
                        Hit(
                            use.start,
                            use.end,
                            message=f"'{use.form}' is used before it is defined; "
                            f"write {' or '.join(shortest)} on first use.",
                        ),
                    )
                )
        return hits

    def _mismatch(self, uses: list[Seen], paths: Sequence[str]) -> list[tuple[Seen, Hit]]:
        hits = []
        for use in uses:
            if use.mismatch_of is None or use.def_span is None:
                continue
            entry = self.glossary.acronyms[use.acronym]
            right = min((variant_text(v) for v in expand_term(entry.expansions[0])), key=len)
            really = (
                f" (that is {use.mismatch_of})" if use.mismatch_of not in ("?", use.acronym) else ""
            )
            hit = Hit(
                *use.def_span,
                message=f"'{use.expansion}' does not spell {use.acronym}{really}; "
                f"{use.acronym} is '{right}'.",
                replacements=(f"{right} ({use.acronym})",),
            )
            hits.append((use, hit))
        return hits

    def _redefinitions(self, uses: list[Seen]) -> Iterator[tuple[str, Seen, Seen, bool]]:
        """(acronym, first definition, later definition, same expansion?);
        a definition in paragraphs of another language is that language's
        own (a bilingual report defines CSAM in each)."""
        firsts: dict[tuple[str, str | None], Seen] = {}
        for use in uses:
            if use.def_span is None or use.mismatch_of is not None:
                continue
            first = firsts.setdefault((use.acronym, use.language), use)
            if first is not use:
                same = _normal(use.expansion or "") == _normal(first.expansion or "")
                yield use.acronym, first, use, same

    def _two_expansions(self, uses: list[Seen], paths: Sequence[str]) -> list[tuple[Seen, Hit]]:
        return [
            (
                later,
                Hit(
                    *later.def_span,  # type: ignore[misc]
                    message=f"{acronym} was defined as '{first.expansion}' "
                    f"{_where(first, later, paths)}; here it is '{later.expansion}'.",
                ),
            )
            for acronym, first, later, same in self._redefinitions(uses)
            if not same
        ]

    def _re_expanded(self, uses: list[Seen], paths: Sequence[str]) -> list[tuple[Seen, Hit]]:
        return [
            (
                later,
                Hit(
                    *later.def_span,  # type: ignore[misc]
                    message=f"{acronym} is already defined {_where(first, later, paths)}; "
                    f"use the acronym alone.",
                    replacements=(later.form,),
                ),
            )
            for acronym, first, later, same in self._redefinitions(uses)
            if same
        ]

    def _family_mix(self, uses: list[Seen], paths: Sequence[str]) -> list[tuple[Seen, Hit]]:
        """Members of one family mixed in the paragraphs of one language
        (each language's paragraphs are compared on their own); ``prefer``
        holds in the paragraphs its acronym is written for (an acronym of no
        language: English ones, or all where the run tells no languages
        apart)."""
        prefer: dict[str, str] = self.rule.options.get("prefer", {})
        by_family: dict[tuple[str, str | None], list[Seen]] = {}
        for use in uses:
            family = self.glossary.group(use.acronym)
            if family:
                by_family.setdefault((family, use.language), []).append(use)
        hits = []
        for (family, language), members in by_family.items():
            used = list(dict.fromkeys(u.acronym for u in members))
            preferred = prefer.get(family)
            if preferred is not None:
                entry = self.glossary.acronyms.get(preferred)
                written = entry.language if entry is not None else None
                if (
                    language is not None
                    and written != language
                    and not (written is None and language == "en")
                ):
                    preferred = None  # CSAM preferred says nothing of Spanish paragraphs
            if len(used) < 2 and not (preferred and used and used[0] != preferred):
                continue
            chosen = preferred or used[0]
            distinguished = set()
            for acronym in used:
                first = next(u for u in members if u.acronym == acronym)
                if first.distinguishes:
                    distinguished.add(acronym)
            for use in members:
                if use.acronym == chosen or use.acronym in distinguished:
                    continue
                hit = Hit(
                    use.start,
                    use.end,
                    message=f"This text uses {chosen} for the same kind of thing; "
                    f"use one acronym, or say how {use.acronym} differs.",
                    replacements=(chosen,),
                )
                hits.append((use, hit))
        return hits

    def _case_drift(self, uses: list[Seen], paths: Sequence[str]) -> list[tuple[Seen, Hit]]:
        first_form: dict[str, str] = {}
        hits = []
        for use in uses:
            chosen = first_form.setdefault(use.acronym, use.form)
            if use.form != chosen:
                hit = Hit(
                    use.start,
                    use.end,
                    message=f"'{use.form}' is written '{chosen}' elsewhere in this text.",
                    replacements=(chosen,),
                )
                hits.append((use, hit))
        return hits


def _where(first: Seen, later: Seen, paths: Sequence[str]) -> str:
    if first.doc == later.doc:
        return f"on line {first.line}"
    return f"in {paths[first.doc]} on line {first.line}"
