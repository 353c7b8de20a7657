"""Stage 3: load YAML rule packs, validate them, apply ``extends`` and overrides.

A pack is a YAML mapping (see ``docs/rules.md``). Packs shipped with termlint
are found by name (``default``, ``sources``); other packs are local files,
resolved relative to the file that names them. URLs are never fetched.

Every problem is a :class:`~termlint.errors.RuleError` carrying the
``file:line:column`` of the offending YAML node.
"""

from __future__ import annotations

import dataclasses
import os
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine.kinds import Acronym, Kind, kinds
from .errors import Location, RuleError, did_you_mean, shown
from .findings import SEVERITIES
from .terms import TermSyntaxError, expand_term
from .yamlpos import YList, YMap, load_yaml

PACK_KEYS = (
    "pack",
    "description",
    "language",
    "extends",
    "sources",
    "names",
    "exemptions",
    "not-flagged",
    "acronyms",
    "child-referent",
    "rules",
    "overrides",
    "disable",
)
RULE_KEYS = (
    "id",
    "kind",
    "category",
    "severity",
    "message",
    "summary",
    "terms",
    "patterns",
    "replacements",
    "replacements-in-context",
    "rationale",
    "rationale-local",
    "sources",
    "evidence",
    "review",
    "exceptions",
    "fixable",
    "case-sensitive",
    "url",
    "examples",
)
OVERRIDE_KEYS = tuple(k for k in RULE_KEYS if k not in ("id", "kind"))
SOURCE_KEYS = ("title", "author", "publisher", "year", "url", "note", "evidence")
EVIDENCE_TAGS = ("V", "S", "K", "D")
MESSAGE_FIELDS = ("match", "replacement", "replacements", "id")
#: What a rule may be waiting for (``review:``), and how ``explain`` says it.
REVIEWS = {"native-speaker": "Awaits a native speaker's review."}
#: The ISO 639-1 language codes (``language:`` of a pack).
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu""".split()
)
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_CATEGORY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_BACKREF_RE = re.compile(r"\\[1-9]|\\g<|\(\?P=")
MAX_PACK_BYTES = 5_000_000


@dataclass(frozen=True)
class Example:
    text: str
    #: For ``bad`` examples: the text the rule must match (optional).
    match: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    message: str
    summary: str
    terms: tuple[str, ...]
    patterns: tuple[str, ...]
    replacements: tuple[str, ...]
    rationale: str
    sources: tuple[str, ...]
    evidence: tuple[str, ...]
    exceptions: tuple[str, ...]
    fixable: bool
    case_sensitive: bool
    url: str | None
    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    options: dict[str, Any]
    origin: Location
    #: Where each field was last set (for error messages after overrides).
    locs: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    #: The validated field values, kept so that overrides can be re-validated.
    base: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: The rationale in the language of the rule's pack (``rationale-local``).
    rationale_local: str | None = None
    #: What the rule awaits (``review``: a key of :data:`REVIEWS`), or None.
    review: str | None = None
    #: The ISO 639-1 code of the language the rule's pack is written for
    #: (the pack's ``language``), or None.
    language: str | None = None
    #: The kind of wording the rule is about (``category``: the categories of
    #: the annotation guide, e.g. ``child-pornography``), or None; audits
    #: count findings per category.
    category: str | None = None

    def format_message(
        self, match: str, replacements: tuple[str, ...] | None = None, template: str | None = None
    ) -> str:
        """The message for a match, naming ``replacements`` (default: the
        rule's), from ``template`` (default: the rule's message)."""
        chosen = self.replacements if replacements is None else replacements
        return (self.message if template is None else template).format_map(
            {
                "match": match,
                "replacement": chosen[0] if chosen else "",
                "replacements": ", ".join(chosen),
                "id": self.id,
            }
        )

    def kind_impl(self) -> Kind:
        """The compiled behaviour of this rule (one instance per rule)."""
        return kinds()[self.kind](self)


@dataclass(frozen=True)
class SourceRef:
    key: str
    title: str
    author: str | None = None
    publisher: str | None = None
    year: str | None = None
    url: str | None = None
    note: str | None = None
    evidence: str | None = None

    def citation(self) -> str:
        parts = [p for p in (self.author, self.publisher) if p]
        head = ", ".join(parts)
        text = f"{head}, {self.title}" if head else self.title
        if self.year:
            text += f" ({self.year})"
        if self.url:
            text += f" <{self.url}>"
        return text


@dataclass(frozen=True)
class Name:
    """A protected proper name (statute, treaty, organisation...)."""

    phrase: str
    loc: Location
    #: The group the name was listed under (``names: {taxonomy: [...]}``).
    label: str = "name"


@dataclass(frozen=True)
class DetectorSpec:
    """The settings of one exemption detector (see termlint.engine.exemptions)."""

    effect: str
    cues: tuple[str, ...] = ()
    window: int = 8
    rules: tuple[str, ...] | None = None
    sentence: bool = False
    loc: Location | None = None
    cue_patterns: tuple[str, ...] = ()
    #: Regular expressions for the text right before / right after a match
    #: (the match's frame: "charged with possession of" ___, ___ "laws").
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    #: Only matches that are one of these phrases (term syntax); empty: any.
    terms: tuple[str, ...] = ()
    #: A document whose whole register is the detector's: at least ``cues``
    #: cue occurrences, one per ``per_words`` words or more; never in a
    #: sentence holding one of ``unless``. ``None``: no register.
    register: Register | None = None
    #: Regular expressions for the text right before a match's last word that
    #: veto the detector there ("convicted ___", "online ___": an offender,
    #: whatever the cues near it say).
    unless_before: tuple[str, ...] = ()
    #: The same for the text right after a match ("___ images": material
    #: counted, not an offence named).
    unless_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Register:
    cues: int = 3
    per_words: int = 150
    unless: tuple[str, ...] = ()


SIMPLE_DETECTORS = ("quotations", "titles", "proper-names", "title-line")
DETECTOR_KEYS = (
    "effect",
    "cues",
    "cue-patterns",
    "before",
    "after",
    "terms",
    "register",
    "window",
    "rules",
    "sentence",
    "unless-before",
    "unless-after",
)


@dataclass(frozen=True)
class PackInfo:
    """What a pack file says of itself: ``pack``, ``description``, ``language``."""

    name: str
    description: str | None = None
    #: The ISO 639-1 code of the language its rules are written for, or None.
    language: str | None = None


@dataclass
class RuleSet:
    rules: dict[str, Rule] = field(default_factory=dict)
    sources: dict[str, SourceRef] = field(default_factory=dict)
    names: list[Name] = field(default_factory=list)
    exemptions: dict[str, DetectorSpec] = field(default_factory=dict)
    acronyms: dict[str, Acronym] = field(default_factory=dict)
    #: What makes a context a child's: (words, patterns, except); see engine.referents.
    child_referent: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = ((), (), ())
    #: Terms deliberately not flagged, with the reason (documentation only).
    not_flagged: dict[str, str] = field(default_factory=dict)
    #: Files that make up this rule set (for caching and reload).
    files: list[str] = field(default_factory=list)
    #: Each pack file of the set (a path of ``files``) -> what it says of itself.
    packs: dict[str, PackInfo] = field(default_factory=dict)


# --------------------------------------------------------------------------- helpers


def packaged_dir() -> Path:
    """The directory of the packs shipped with termlint.

    In a wheel the packs are inside the package (``termlint/_rules``); in a
    source checkout they are the top-level ``rules/`` directory.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError("termlint's packaged rule packs are missing from this installation")


def packaged_names() -> list[str]:
    return sorted(p.stem for p in packaged_dir().glob("*.yaml"))


def _type_name(value: Any) -> str:
    return {
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true/false",
        type(None): "empty",
    }.get(type(value), "a list" if isinstance(value, list) else "a mapping")


def _expect_map(value: Any, loc: Location, what: str) -> YMap:
    if not isinstance(value, dict):
        raise RuleError(f"{what} must be a mapping, not {_type_name(value)}", loc)
    return value  # type: ignore[return-value]


def _expect_str(value: Any, loc: Location, what: str, *, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise RuleError(f"{what} must be a string, not {_type_name(value)}", loc)
    if not empty and not value.strip():
        raise RuleError(f"{what} must not be empty", loc)
    return value


def _expect_bool(value: Any, loc: Location, what: str) -> bool:
    if not isinstance(value, bool):
        raise RuleError(f"{what} must be true or false, not {_type_name(value)}", loc)
    return value


def _expect_str_list(value: Any, loc: Location, what: str) -> tuple[list[str], list[Location]]:
    """A string or a list of strings -> (strings, their locations)."""
    if isinstance(value, str):
        return [_expect_str(value, loc, what)], [loc]
    if not isinstance(value, list):
        raise RuleError(f"{what} must be a list of strings, not {_type_name(value)}", loc)
    locs = value.item_locs if isinstance(value, YList) else [loc] * len(value)
    out = [_expect_str(v, locs[i], f"each item of {what}") for i, v in enumerate(value)]
    return out, list(locs)


def _check_keys(mapping: YMap, allowed: tuple[str, ...] | list[str], what: str) -> None:
    for key in mapping:
        if key not in allowed:
            raise RuleError(
                f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}", mapping.key_loc(key)
            )


def check_terms(terms: list[str], locs: list[Location], what: str) -> None:
    for term, loc in zip(terms, locs, strict=True):
        try:
            expand_term(term)
        except TermSyntaxError as exc:
            # Point at the character inside a plain (unquoted, single-line) scalar.
            col = loc.column + exc.index if loc.column else loc.column
            raise RuleError(
                f"invalid {what} {shown(term)}: {exc}", Location(loc.path, loc.line, col)
            ) from None


def _check_message(message: str, loc: Location) -> None:
    try:
        parsed = list(string.Formatter().parse(message))
    except ValueError as exc:
        raise RuleError(f"invalid message template: {exc}", loc) from None
    for _, name, _, _ in parsed:
        if name is not None and name not in MESSAGE_FIELDS:
            raise RuleError(
                f"unknown message field '{{{name}}}'{did_you_mean(name, MESSAGE_FIELDS)}; "
                f"use {', '.join('{' + f + '}' for f in MESSAGE_FIELDS)}",
                loc,
            )


def _check_patterns(patterns: list[str], locs: list[Location], case_sensitive: bool) -> None:
    import regex

    from .regexcheck import catastrophic

    for pattern, loc in zip(patterns, locs, strict=True):
        if _BACKREF_RE.search(pattern):
            raise RuleError(f"pattern {shown(pattern)} uses a backreference (not supported)", loc)
        try:
            compiled = regex.compile(pattern, 0 if case_sensitive else regex.IGNORECASE)
        except regex.error as exc:
            raise RuleError(f"invalid pattern {shown(pattern)}: {exc}", loc) from None
        if compiled.match(""):
            raise RuleError(f"pattern {shown(pattern)} matches the empty string", loc)
        if catastrophic(pattern):
            raise RuleError(
                f"pattern {shown(pattern)} nests repetitions ambiguously and can take exponential "
                "time (write it without the inner or outer repetition, or use a possessive "
                "'++' or an atomic group)",
                loc,
            )


def _examples(value: Any, loc: Location) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    mapping = _expect_map(value, loc, "'examples'")
    _check_keys(mapping, ("bad", "good"), "'examples'")
    result: dict[str, list[Example]] = {"bad": [], "good": []}
    for which in ("bad", "good"):
        if which not in mapping:
            continue
        items = mapping[which]
        item_loc = mapping.value_loc(which)
        if not isinstance(items, list):
            raise RuleError(f"'examples.{which}' must be a list", item_loc)
        for i, item in enumerate(items):
            iloc = items.item_loc(i) if isinstance(items, YList) else item_loc
            if isinstance(item, str):
                result[which].append(Example(_expect_str(item, iloc, "an example")))
                continue
            emap = _expect_map(item, iloc, "an example")
            _check_keys(emap, ("text", "match"), "an example")
            if "text" not in emap:
                raise RuleError("an example needs 'text'", iloc)
            text = _expect_str(emap["text"], emap.value_loc("text"), "'text'")
            match = None
            if "match" in emap:
                if which == "good":
                    raise RuleError("'match' is only for bad examples", emap.key_loc("match"))
                match = _expect_str(emap["match"], emap.value_loc("match"), "'match'")
            result[which].append(Example(text, match))
    return tuple(result["bad"]), tuple(result["good"])


def _evidence(value: Any, loc: Location) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        tag = _expect_str(item, loc, "'evidence'").strip("[] ")
        if tag not in EVIDENCE_TAGS:
            raise RuleError(
                f"'evidence' must be one of {', '.join(EVIDENCE_TAGS)}, not {item!r}", loc
            )
        out.append(tag)
    return tuple(out)


def _language(value: Any, loc: Location) -> str:
    """A pack's ``language``: an ISO 639-1 code (two lower-case letters)."""
    code = _expect_str(value, loc, "'language'")
    if code not in ISO_639_1:
        lower = code.strip().lower()
        hint = f" (did you mean '{lower}'?)" if lower in ISO_639_1 else ""
        raise RuleError(
            f"'language' must be an ISO 639-1 code such as 'fr' or 'de', not {code!r}{hint}", loc
        )
    return code


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return m.group(1) if m else text


# --------------------------------------------------------------------------- rules


def _apply_fields(
    fields: YMap, base: dict[str, Any], locs: dict[str, Location], kind: type[Kind]
) -> None:
    """Validate rule fields from ``fields`` and store them in ``base``."""
    for key, value in fields.items():
        vloc = fields.value_loc(key)
        locs[key] = vloc
        if key in ("id", "kind"):
            continue
        if key == "severity":
            sev = _expect_str(value, vloc, "'severity'")
            if sev not in SEVERITIES:
                raise RuleError(
                    f"unknown severity '{sev}'{did_you_mean(sev, SEVERITIES)}; "
                    f"use one of {', '.join(SEVERITIES)}",
                    vloc,
                )
            base["severity"] = sev
        elif key in ("message", "rationale", "summary", "url"):
            base[key] = _expect_str(value, vloc, f"'{key}'")
        elif key == "category":
            category = _expect_str(value, vloc, "'category'")
            if not _CATEGORY_RE.match(category):
                raise RuleError(
                    f"invalid category '{category}': use lower-case letters, digits and '-'",
                    vloc,
                )
            base["category"] = category
        elif key == "rationale-local":
            base["rationale_local"] = _expect_str(value, vloc, "'rationale-local'")
        elif key == "review":
            review = _expect_str(value, vloc, "'review'")
            if review not in REVIEWS:
                raise RuleError(
                    f"unknown review '{review}'{did_you_mean(review, REVIEWS)}; "
                    f"use {', '.join(REVIEWS)}",
                    vloc,
                )
            base["review"] = review
        elif key in ("terms", "patterns", "replacements", "sources", "exceptions"):
            items, item_locs = _expect_str_list(value, vloc, f"'{key}'")
            base[key] = tuple(items)
            base[f"_{key}_locs"] = item_locs
        elif key == "fixable":
            base["fixable"] = _expect_bool(value, vloc, "'fixable'")
        elif key == "replacements-in-context":
            base["options"] = {**base.get("options", {}), key: _in_context(value, vloc)}
        elif key == "case-sensitive":
            base["case_sensitive"] = _expect_bool(value, vloc, "'case-sensitive'")
        elif key == "evidence":
            base["evidence"] = _evidence(value, vloc)
        elif key == "examples":
            base["bad"], base["good"] = _examples(value, vloc)
        elif key in kind.fields:
            try:
                base["options"] = {**base.get("options", {}), key: kind.fields[key](value, vloc)}
            except (TypeError, ValueError) as exc:
                raise RuleError(f"invalid '{key}': {exc}", vloc) from None


def _in_context(
    value: Any, loc: Location
) -> tuple[tuple[str | None, str | None, str, bool | None], ...]:
    """``replacements-in-context``: replacements that read naturally next to
    certain words, each ``{before: PATTERN, use: TEXT}`` or ``{after: ...}``
    (the text right before the match ends with, or the text after it starts
    with, a match of the pattern), and optionally ``fixable`` (whether that
    replacement may be applied by ``fix``; default: the rule's ``fixable``)."""
    if not isinstance(value, list) or not value:
        raise RuleError("'replacements-in-context' must be a list of {before|after, use}", loc)
    out = []
    for i, item in enumerate(value):
        iloc = value.item_loc(i) if isinstance(value, YList) else loc
        entry = _expect_map(item, iloc, "a replacement in context")
        _check_keys(entry, ("before", "after", "use", "fixable"), "a replacement in context")
        if "use" not in entry or ("before" in entry) == ("after" in entry):
            raise RuleError(
                "a replacement in context needs 'use' and one of 'before', 'after'", iloc
            )
        use = _expect_str(entry["use"], entry.value_loc("use"), "'use'")
        side = "before" if "before" in entry else "after"
        pattern = _expect_str(entry[side], entry.value_loc(side), f"'{side}'")
        _check_patterns([pattern], [entry.value_loc(side)], case_sensitive=False)
        fixable = (
            _expect_bool(entry["fixable"], entry.value_loc("fixable"), "'fixable'")
            if "fixable" in entry
            else None
        )
        before, after = (pattern, None) if side == "before" else (None, pattern)
        out.append((before, after, use, fixable))
    return tuple(out)


def _finish_rule(
    base: dict[str, Any],
    locs: dict[str, Location],
    origin: Location,
    at: Location | None = None,
) -> Rule:
    """Check the cross-field constraints of a complete rule and build it.

    ``at`` is where problems without a field of their own are reported (the
    override being applied); it defaults to the rule's ``origin``.
    """
    kind = kinds()[base["kind"]]
    at = at or origin

    def where(key: str) -> Location:
        return locs.get(key, at)

    for required in ("severity", "rationale"):
        if required not in base:
            raise RuleError(f"rule '{base['id']}' is missing required key '{required}'", at)
    terms: tuple[str, ...] = base.get("terms", ())
    patterns: tuple[str, ...] = base.get("patterns", ())
    case_sensitive = base.get("case_sensitive", False)
    if kind.needs_terms and not terms and not patterns:
        raise RuleError(f"rule '{base['id']}' needs 'terms' or 'patterns'", where("terms"))
    if terms:
        check_terms(list(terms), base.get("_terms_locs", [where("terms")] * len(terms)), "term")
    if "exceptions" in base:
        exc = list(base["exceptions"])
        check_terms(
            exc, base.get("_exceptions_locs", [where("exceptions")] * len(exc)), "exception"
        )
    if patterns:
        _check_patterns(
            list(patterns),
            base.get("_patterns_locs", [where("patterns")] * len(patterns)),
            case_sensitive,
        )
    replacements: tuple[str, ...] = base.get("replacements", ())
    if replacements and not kind.allows_replacements:
        raise RuleError(f"a '{kind.name}' rule takes no 'replacements'", where("replacements"))
    if kind.requires_replacements and not replacements:
        raise RuleError(f"a '{kind.name}' rule needs 'replacements'", where("replacements"))
    fixable = base.get("fixable", False)
    if fixable and not replacements and not kind.replacements_per_match:
        raise RuleError("'fixable' needs at least one replacement", where("fixable"))
    message = base.get("message", kind.default_message)
    _check_message(message, where("message"))
    rule = Rule(
        id=base["id"],
        kind=base["kind"],
        severity=base["severity"],
        message=message,
        summary=base.get("summary") or _first_sentence(base["rationale"]),
        terms=terms,
        patterns=patterns,
        replacements=replacements,
        rationale=" ".join(base["rationale"].split()),
        sources=base.get("sources", ()),
        evidence=base.get("evidence", ()),
        exceptions=base.get("exceptions", ()),
        fixable=fixable,
        case_sensitive=case_sensitive,
        url=base.get("url"),
        bad=base.get("bad", ()),
        good=base.get("good", ()),
        options=base.get("options", {}),
        origin=origin,
        locs=dict(locs),
        base=base,
        rationale_local=(
            " ".join(base["rationale_local"].split()) if "rationale_local" in base else None
        ),
        review=base.get("review"),
        language=base.get("language"),
        category=base.get("category"),
    )
    problem = kind.validate(rule)
    if problem:
        raise RuleError(f"rule '{rule.id}': {problem}", at)
    return rule


def _parse_rule(raw: Any, loc: Location, language: str | None = None) -> Rule:
    mapping = _expect_map(raw, loc, "a rule")
    if "id" not in mapping:
        raise RuleError("a rule needs an 'id'", mapping.loc)
    rid = _expect_str(mapping["id"], mapping.value_loc("id"), "'id'")
    if not _ID_RE.match(rid):
        raise RuleError(
            f"invalid rule id '{rid}': use lower-case letters, digits, '.', '_' and '-'",
            mapping.value_loc("id"),
        )
    if "kind" not in mapping:
        raise RuleError(f"rule '{rid}' needs a 'kind'", mapping.loc)
    kind_name = _expect_str(mapping["kind"], mapping.value_loc("kind"), "'kind'")
    registry = kinds()
    if kind_name not in registry:
        raise RuleError(
            f"unknown kind '{kind_name}'{did_you_mean(kind_name, registry)}; "
            f"known kinds: {', '.join(sorted(registry))}",
            mapping.value_loc("kind"),
        )
    kind = registry[kind_name]
    _check_keys(mapping, (*RULE_KEYS, *kind.fields), f"rule '{rid}'")
    base: dict[str, Any] = {"id": rid, "kind": kind_name}
    if language is not None:
        base["language"] = language
    locs: dict[str, Location] = {}
    _apply_fields(mapping, base, locs, kind)
    return _finish_rule(base, locs, mapping.loc)


def override_rule(rule: Rule, fields: YMap) -> Rule:
    """Return ``rule`` with the validated ``fields`` changed."""
    kind = kinds()[rule.kind]
    _check_keys(fields, (*OVERRIDE_KEYS, *kind.fields), f"the override of '{rule.id}'")
    base = dict(rule.base)
    locs = dict(rule.locs)
    override_locs: dict[str, Location] = {}
    _apply_fields(fields, base, override_locs, kind)
    return _finish_rule(base, {**locs, **override_locs}, rule.origin, at=fields.loc)


def with_severity(rule: Rule, severity: str) -> Rule:
    return dataclasses.replace(rule, severity=severity, base={**rule.base, "severity": severity})


# --------------------------------------------------------------------------- packs


def _parse_sources(value: Any, loc: Location) -> dict[str, SourceRef]:
    mapping = _expect_map(value, loc, "'sources'")
    out: dict[str, SourceRef] = {}
    for key, entry in mapping.items():
        eloc = mapping.value_loc(key)
        if isinstance(entry, str):
            out[key] = SourceRef(key=key, title=_expect_str(entry, eloc, f"source '{key}'"))
            continue
        emap = _expect_map(entry, eloc, f"source '{key}'")
        _check_keys(emap, SOURCE_KEYS, f"source '{key}'")
        if "title" not in emap:
            raise RuleError(f"source '{key}' needs a 'title'", eloc)
        values = {}
        for skey in SOURCE_KEYS:
            if skey in emap:
                v = emap[skey]
                if isinstance(v, int) and skey == "year":
                    v = str(v)
                values[skey] = _expect_str(v, emap.value_loc(skey), f"'{skey}'")
        out[key] = SourceRef(key=key, **values)
    return out


def _parse_names(value: Any, loc: Location) -> list[Name]:
    """``names`` is a list of phrases, or a mapping of group label -> list."""
    groups: list[tuple[str, Any, Location]] = []
    if isinstance(value, dict):
        for label, items in value.items():
            groups.append((label, items, value.value_loc(label)))
    else:
        groups.append(("name", value, loc))
    out: list[Name] = []
    for label, items, gloc in groups:
        phrases, locs = _expect_str_list(items, gloc, "'names'")
        check_terms(phrases, locs, "name")
        out.extend(Name(p, pl, label) for p, pl in zip(phrases, locs, strict=True))
    return out


def _parse_exemptions(
    value: Any, loc: Location, inherited: dict[str, DetectorSpec] | None = None
) -> dict[str, DetectorSpec]:
    """The ``exemptions`` section. A cue detector the pack inherits may be
    given only the settings that change (``clinical: {effect: flag}``, or
    just ``clinical: flag``): the rest, its cues included, are inherited."""
    from .engine.exemptions import EFFECTS

    inherited = inherited or {}
    mapping = _expect_map(value, loc, "'exemptions'")
    out: dict[str, DetectorSpec] = {}
    for name, spec in mapping.items():
        sloc = mapping.value_loc(name)
        parent = inherited.get(name)
        if name in SIMPLE_DETECTORS or (parent is not None and isinstance(spec, str)):
            effect = _expect_str(spec, sloc, f"'exemptions.{name}'")
            if effect not in EFFECTS:
                raise RuleError(
                    f"'exemptions.{name}' must be one of {', '.join(EFFECTS)}, not {effect!r}"
                    f"{did_you_mean(effect, EFFECTS)}",
                    sloc,
                )
            if name in SIMPLE_DETECTORS or parent is None:
                out[name] = DetectorSpec(effect=effect, loc=sloc)
            else:  # an inherited cue detector, its effect alone changed
                out[name] = dataclasses.replace(parent, effect=effect, loc=sloc)
            continue
        smap = _expect_map(spec, sloc, f"'exemptions.{name}'")
        _check_keys(smap, DETECTOR_KEYS, f"'exemptions.{name}'")
        base = parent or DetectorSpec(effect="ignore")
        effect = _expect_str(smap.get("effect", base.effect), smap.value_loc("effect"), "'effect'")
        if effect not in EFFECTS:
            raise RuleError(
                f"'effect' must be one of {', '.join(EFFECTS)}, not {effect!r}"
                f"{did_you_mean(effect, EFFECTS)}",
                smap.value_loc("effect"),
            )
        if parent is None and not any(
            k in smap for k in ("cues", "cue-patterns", "before", "after")
        ):
            raise RuleError(
                f"'exemptions.{name}' needs 'cues', 'cue-patterns', 'before' or 'after' "
                "(no inherited detector has this name)",
                sloc,
            )
        cues = base.cues
        if "cues" in smap:
            cue_list, cue_locs = _expect_str_list(smap["cues"], smap.value_loc("cues"), "'cues'")
            check_terms(cue_list, cue_locs, "cue")
            cues = tuple(cue_list)
        patterns = base.cue_patterns
        if "cue-patterns" in smap:
            pattern_list, pattern_locs = _expect_str_list(
                smap["cue-patterns"], smap.value_loc("cue-patterns"), "'cue-patterns'"
            )
            _check_patterns(pattern_list, pattern_locs, case_sensitive=False)
            patterns = tuple(pattern_list)
        frames = {
            "before": base.before,
            "after": base.after,
            "unless-before": base.unless_before,
            "unless-after": base.unless_after,
        }
        for key in frames:
            if key in smap:
                frame_list, frame_locs = _expect_str_list(
                    smap[key], smap.value_loc(key), f"'{key}'"
                )
                _check_patterns(frame_list, frame_locs, case_sensitive=False)
                frames[key] = tuple(frame_list)
        terms = base.terms
        if "terms" in smap:
            term_list, term_locs = _expect_str_list(
                smap["terms"], smap.value_loc("terms"), "'terms'"
            )
            check_terms(term_list, term_locs, "term")
            terms = tuple(term_list)
        register = base.register
        if "register" in smap:
            register = _parse_register(smap["register"], smap.value_loc("register"))
        window = smap.get("window", base.window)
        if not isinstance(window, int) or isinstance(window, bool) or not 0 <= window <= 100:
            raise RuleError(
                "'window' must be a whole number from 0 to 100", smap.value_loc("window")
            )
        rules = base.rules
        if "rules" in smap:
            rules = tuple(_expect_str_list(smap["rules"], smap.value_loc("rules"), "'rules'")[0])
        sentence = _expect_bool(
            smap.get("sentence", base.sentence), smap.value_loc("sentence"), "'sentence'"
        )
        out[name] = DetectorSpec(
            effect,
            cues,
            window,
            rules,
            sentence,
            sloc,
            patterns,
            frames["before"],
            frames["after"],
            terms,
            register,
            frames["unless-before"],
            frames["unless-after"],
        )
    return out


def _parse_register(value: Any, loc: Location) -> Register:
    mapping = _expect_map(value, loc, "'register'")
    _check_keys(mapping, ("cues", "per-words", "unless"), "'register'")
    numbers = {}
    for key, default in (("cues", 3), ("per-words", 150)):
        n = mapping.get(key, default)
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 100_000:
            raise RuleError(
                f"'{key}' must be a whole number from 1 to 100000", mapping.value_loc(key)
            )
        numbers[key] = n
    unless: tuple[str, ...] = ()
    if "unless" in mapping:
        items, locs = _expect_str_list(mapping["unless"], mapping.value_loc("unless"), "'unless'")
        check_terms(items, locs, "phrase")
        unless = tuple(items)
    return Register(numbers["cues"], numbers["per-words"], unless)


def _parse_child_referent(
    value: Any, loc: Location, inherited: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The ``child-referent`` section: ``words`` and ``except`` (term syntax)
    and ``patterns``; a key left out is inherited."""
    mapping = _expect_map(value, loc, "'child-referent'")
    _check_keys(mapping, ("words", "patterns", "except"), "'child-referent'")
    words, patterns, excepted = inherited
    if "words" in mapping:
        items, locs = _expect_str_list(mapping["words"], mapping.value_loc("words"), "'words'")
        check_terms(items, locs, "child word")
        words = tuple(items)
    if "except" in mapping:
        items, locs = _expect_str_list(mapping["except"], mapping.value_loc("except"), "'except'")
        check_terms(items, locs, "phrase")
        excepted = tuple(items)
    if "patterns" in mapping:
        items, locs = _expect_str_list(
            mapping["patterns"], mapping.value_loc("patterns"), "'patterns'"
        )
        _check_patterns(items, locs, case_sensitive=False)
        patterns = tuple(items)
    return words, patterns, excepted


ACRONYM_KEYS = (
    "expansion",
    "family",
    "forms",
    "proper-name",
    "same-as",
    "translation",
    "sources",
    "evidence",
    "review",
)


def _parse_acronyms(value: Any, loc: Location, language: str | None = None) -> dict[str, Acronym]:
    """A pack's ``acronyms:`` section; a pack with a ``language`` writes its
    acronyms for that language (checked in its paragraphs only)."""
    mapping = _expect_map(value, loc, "'acronyms'")
    out: dict[str, Acronym] = {}
    for acronym, spec in mapping.items():
        aloc = mapping.value_loc(acronym)
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(?:[- ][A-Za-z0-9]+)*", acronym):
            raise RuleError(f"invalid acronym '{acronym}'", mapping.key_loc(acronym))
        smap = _expect_map(spec, aloc, f"acronym '{acronym}'")
        _check_keys(smap, ACRONYM_KEYS, f"acronym '{acronym}'")
        if "expansion" not in smap:
            raise RuleError(f"acronym '{acronym}' needs an 'expansion'", aloc)
        expansions, exp_locs = _expect_str_list(
            smap["expansion"], smap.value_loc("expansion"), "'expansion'"
        )
        check_terms(expansions, exp_locs, "expansion")
        forms: tuple[str, ...] = (acronym,)
        if "forms" in smap:
            forms = tuple(_expect_str_list(smap["forms"], smap.value_loc("forms"), "'forms'")[0])
            if acronym not in forms:
                forms = (acronym, *forms)
        family = None
        if "family" in smap:
            family = _expect_str(smap["family"], smap.value_loc("family"), "'family'")
        proper = _expect_bool(
            smap.get("proper-name", False), smap.value_loc("proper-name"), "'proper-name'"
        )
        same_as = None
        if "same-as" in smap:
            same_as = _expect_str(smap["same-as"], smap.value_loc("same-as"), "'same-as'")
        sources: tuple[str, ...] = ()
        if "sources" in smap:
            sources = tuple(
                _expect_str_list(smap["sources"], smap.value_loc("sources"), "'sources'")[0]
            )
        evidence: tuple[str, ...] = ()
        if "evidence" in smap:
            evidence = _evidence(smap["evidence"], smap.value_loc("evidence"))
        review = None
        if "review" in smap:
            review = _expect_str(smap["review"], smap.value_loc("review"), "'review'")
            if review not in REVIEWS:
                raise RuleError(
                    f"unknown review '{review}'{did_you_mean(review, REVIEWS)}; "
                    f"use {', '.join(REVIEWS)}",
                    smap.value_loc("review"),
                )
        translation = _expect_bool(
            smap.get("translation", False), smap.value_loc("translation"), "'translation'"
        )
        if translation:
            # the pack's words for an acronym of another language (CSAM in Italian)
            if language is None:
                raise RuleError(
                    f"acronym '{acronym}': a translation gives the words of the pack's "
                    "language for it; the pack needs a 'language'",
                    smap.value_loc("translation"),
                )
            extra = [k for k in ("family", "forms", "proper-name", "same-as") if k in smap]
            if extra:
                raise RuleError(
                    f"acronym '{acronym}': a translation gives expansions only, not "
                    f"'{extra[0]}' (the acronym's own entry does)",
                    smap.key_loc(extra[0]),
                )
            forms = ()
        entry = Acronym(
            acronym,
            tuple(expansions),
            family,
            forms,
            proper,
            language=language,
            same_as=same_as,
            sources=sources,
            evidence=evidence,
            review=review,
            translation=translation,
        )
        out[f"{acronym}/{language}" if translation else acronym] = entry
    return out


class Loader:
    """Loads packs with ``extends``, detecting cycles and loading each file once."""

    def __init__(self) -> None:
        self._done: dict[str, RuleSet] = {}
        self._stack: list[str] = []

    def resolve(self, ref: str, base_dir: Path | None, loc: Location | None) -> Path:
        if "://" in ref:
            raise RuleError(f"cannot extend '{ref}': only packaged packs and local files", loc)
        looks_like_path = "/" in ref or os.sep in ref or ref.endswith((".yaml", ".yml"))
        if not looks_like_path:
            candidate = packaged_dir() / f"{ref}.yaml"
            if candidate.is_file():
                return candidate
            names = packaged_names()
            raise RuleError(f"unknown pack '{ref}'{did_you_mean(ref, names)}", loc)
        path = Path(os.path.expanduser(ref))
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not path.is_file():
            raise RuleError(f"pack file '{ref}' not found", loc)
        return path.resolve()

    def load_file(self, path: Path, loc: Location | None = None) -> RuleSet:
        key = str(path)
        if key in self._stack:
            cycle = " -> ".join([*self._stack[self._stack.index(key) :], key])
            raise RuleError(f"circular 'extends': {cycle}", loc)
        if key in self._done:
            return self._done[key]
        self._stack.append(key)
        try:
            data = read_yaml_file(path)
            result = self.load_mapping(data, path, PACK_KEYS, "a rule pack")
        finally:
            self._stack.pop()
        self._done[key] = result
        return result

    def load_mapping(
        self, data: Any, path: Path, allowed: tuple[str, ...] | list[str], what: str
    ) -> RuleSet:
        shown = str(path)
        if data is None:
            raise RuleError("empty file: expected a mapping", Location(shown, 1, 1))
        mapping = _expect_map(data, Location(shown, 1, 1), what)
        _check_keys(mapping, allowed, what)
        result = RuleSet(files=[str(path)])
        base_dir = path.parent

        if "extends" in mapping:
            refs, ref_locs = _expect_str_list(
                mapping["extends"], mapping.value_loc("extends"), "'extends'"
            )
            for ref, rloc in zip(refs, ref_locs, strict=True):
                parent = self.load_file(self.resolve(ref, base_dir, rloc), rloc)
                merge_into(result, parent, rloc)
        info: dict[str, str] = {}
        for key in ("pack", "description"):
            if key in mapping:
                info[key] = _expect_str(mapping[key], mapping.value_loc(key), f"'{key}'")
        language = None
        if "language" in mapping:
            language = _language(mapping["language"], mapping.value_loc("language"))
        result.packs[str(path)] = PackInfo(
            info.get("pack", path.stem), info.get("description"), language
        )
        if "sources" in mapping:
            result.sources.update(_parse_sources(mapping["sources"], mapping.value_loc("sources")))
        if "names" in mapping:
            result.names.extend(_parse_names(mapping["names"], mapping.value_loc("names")))
        if "not-flagged" in mapping:
            notes = _expect_map(
                mapping["not-flagged"], mapping.value_loc("not-flagged"), "'not-flagged'"
            )
            for key, reason in notes.items():
                result.not_flagged[key] = _expect_str(reason, notes.value_loc(key), f"'{key}'")
        if "acronyms" in mapping:
            result.acronyms.update(
                _parse_acronyms(mapping["acronyms"], mapping.value_loc("acronyms"), language)
            )
        if "child-referent" in mapping:
            result.child_referent = _parse_child_referent(
                mapping["child-referent"],
                mapping.value_loc("child-referent"),
                result.child_referent,
            )
        if "exemptions" in mapping:
            result.exemptions.update(
                _parse_exemptions(
                    mapping["exemptions"], mapping.value_loc("exemptions"), result.exemptions
                )
            )
        if "rules" in mapping:
            rules = mapping["rules"]
            rloc = mapping.value_loc("rules")
            if not isinstance(rules, list):
                raise RuleError(f"'rules' must be a list, not {_type_name(rules)}", rloc)
            for i, raw in enumerate(rules):
                iloc = rules.item_loc(i) if isinstance(rules, YList) else rloc
                rule = _parse_rule(raw, iloc, language)
                if rule.id in result.rules:
                    prev = result.rules[rule.id].origin
                    hint = (
                        ""
                        if prev.path == shown
                        else "; use 'overrides' to change an inherited rule"
                    )
                    raise RuleError(f"duplicate rule id '{rule.id}' (first at {prev}){hint}", iloc)
                result.rules[rule.id] = rule
        if "overrides" in mapping:
            overrides = _expect_map(
                mapping["overrides"], mapping.value_loc("overrides"), "'overrides'"
            )
            for rid, fields in overrides.items():
                if rid not in result.rules:
                    raise RuleError(
                        f"cannot override unknown rule '{rid}'{did_you_mean(rid, result.rules)}",
                        overrides.key_loc(rid),
                    )
                fmap = _expect_map(fields, overrides.value_loc(rid), f"the override of '{rid}'")
                result.rules[rid] = override_rule(result.rules[rid], fmap)
        if "disable" in mapping:
            ids, id_locs = _expect_str_list(
                mapping["disable"], mapping.value_loc("disable"), "'disable'"
            )
            for rid, iloc in zip(ids, id_locs, strict=True):
                if rid not in result.rules:
                    raise RuleError(
                        f"cannot disable unknown rule '{rid}'{did_you_mean(rid, result.rules)}",
                        iloc,
                    )
                del result.rules[rid]
                # an inherited detector that names the rule no longer applies to it
                for name, spec in result.exemptions.items():
                    if spec.rules and rid in spec.rules:
                        kept = tuple(r for r in spec.rules if r != rid)
                        result.exemptions[name] = dataclasses.replace(spec, rules=kept)
        check_sources(result)
        check_detector_rules(result)
        return result


def check_detector_rules(ruleset: RuleSet) -> None:
    """Rule ids named by exemption detectors must exist (once rules are known)."""
    if not ruleset.rules:
        return
    for name, spec in ruleset.exemptions.items():
        for rid in spec.rules or ():
            if rid not in ruleset.rules:
                raise RuleError(
                    f"'exemptions.{name}' names unknown rule '{rid}'"
                    f"{did_you_mean(rid, ruleset.rules)}",
                    spec.loc,
                )


def merge_into(target: RuleSet, parent: RuleSet, loc: Location | None) -> None:
    for rid, rule in parent.rules.items():
        existing = target.rules.get(rid)
        if existing is not None and existing is not rule:
            raise RuleError(
                f"rule '{rid}' is defined by two extended packs "
                f"({existing.origin.path} and {rule.origin.path})",
                loc,
            )
        target.rules[rid] = rule
    target.sources.update(parent.sources)
    target.exemptions.update(parent.exemptions)
    target.not_flagged.update(parent.not_flagged)
    target.acronyms.update(parent.acronyms)
    if any(parent.child_referent):
        target.child_referent = parent.child_referent
    seen = {(n.phrase, n.loc) for n in target.names}
    target.names.extend(n for n in parent.names if (n.phrase, n.loc) not in seen)
    target.files.extend(f for f in parent.files if f not in target.files)
    for key, info in parent.packs.items():
        target.packs.setdefault(key, info)


def check_sources(ruleset: RuleSet) -> None:
    """Every source key a rule cites must be defined; free text (with a space) is allowed."""
    for rule in ruleset.rules.values():
        for i, key in enumerate(rule.sources):
            if key not in ruleset.sources:
                locs = rule.base.get("_sources_locs")
                loc = locs[i] if locs and i < len(locs) else rule.locs.get("sources", rule.origin)
                # A source may be free text rather than a key (it contains a space).
                if " " in key:
                    continue
                raise RuleError(
                    f"rule '{rule.id}' cites unknown source '{key}'"
                    f"{did_you_mean(key, ruleset.sources)}",
                    loc,
                )


def read_yaml_file(path: Path) -> Any:
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RuleError(f"cannot read ({exc.strerror})", Location(shown, 1, 1)) from None
    if len(data) > MAX_PACK_BYTES:
        raise RuleError(
            f"file is larger than {MAX_PACK_BYTES // 1_000_000} MB", Location(shown, 1, 1)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RuleError("file is not valid UTF-8", Location(shown, line, col)) from None
    return load_yaml(text, shown)


def load_pack(ref: str) -> RuleSet:
    """Load a packaged pack by name, or a pack file by path."""
    loader = Loader()
    return loader.load_file(loader.resolve(ref, Path.cwd(), None))
