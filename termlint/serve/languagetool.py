"""LanguageTool's HTTP API (``/v2/check``, ``/v2/languages``) on termlint.

Clients written for a LanguageTool server (LibreOffice, the LanguageTool
browser extensions, LTeX, Obsidian's plugin, ``language_tool_python``...)
send a form and read matches in LanguageTool's JSON shape. This module turns
the form into a text to check and termlint's findings into such matches:

* ``text``, or ``data``: annotated text, ``{"annotation": [{"text": ...},
  {"markup": ..., "interpretAs": ...}]}``. Markup is not checked (its
  ``interpretAs``, if any, is, so that ``<p>`` may read as a paragraph
  break); offsets are in the whole original string, markup included, as
  LanguageTool gives them.
* ``offset`` and ``length`` (and ``context.offset``/``length``) count UTF-16
  code units, as LanguageTool (a Java program) does: an emoji counts two.
* ``language``: English (``en``, ``en-US``, ``en-GB``...) and the language
  of each pack in effect (``fr``, ``de-DE``, ``pt-BR``...: its ISO 639-1
  code, with or without a region). A language sets the run's language (see
  :mod:`termlint.language`): the packs of that language apply, and those
  that name none. ``auto`` keeps the configuration's setting (by default,
  each paragraph checked with the packs of its language, identified); the
  answer names the language identified for the text, among those served, as
  LanguageTool names the one it detects (``preferredVariants`` choosing
  the variant). Other languages are refused, as LanguageTool refuses
  unknown ones.
* ``enabledRules``, ``disabledRules``, ``enabledCategories``,
  ``disabledCategories``, ``enabledOnly``: exact rule ids and categories;
  ids termlint does not know (LanguageTool's own, which clients send) are
  ignored, as LanguageTool ignores them.
* ``level``: ``default`` leaves out findings of severity ``info`` (accepted
  uses, such as a quotation), ``picky`` reports them too.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import __version__

#: Characters of context on each side of a match, as LanguageTool's server.
CONTEXT_CHARS = 40
#: The most annotation parts a ``data`` field may hold.
MAX_PARTS = 200_000

#: LanguageTool's names and codes of the languages of termlint's packs, as
#: its ``/v2/languages`` lists them: per language (ISO 639-1), its variants.
VARIANTS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("English", "en"),
        ("English (US)", "en-US"),
        ("English (GB)", "en-GB"),
        ("English (Australian)", "en-AU"),
        ("English (Canadian)", "en-CA"),
        ("English (New Zealand)", "en-NZ"),
        ("English (South African)", "en-ZA"),
    ),
    "fr": (
        ("French", "fr"),
        ("French", "fr-FR"),
        ("French (Belgium)", "fr-BE"),
        ("French (Canada)", "fr-CA"),
        ("French (Switzerland)", "fr-CH"),
    ),
    "de": (
        ("German", "de"),
        ("German (Germany)", "de-DE"),
        ("German (Austria)", "de-AT"),
        ("German (Swiss)", "de-CH"),
        ("German", "de-LU"),
    ),
    "es": (("Spanish", "es"), ("Spanish", "es-ES"), ("Spanish (voseo)", "es-AR")),
    "nl": (("Dutch", "nl"), ("Dutch", "nl-NL"), ("Dutch (Belgium)", "nl-BE")),
    "pt": (
        ("Portuguese", "pt"),
        ("Portuguese (Portugal)", "pt-PT"),
        ("Portuguese (Brazil)", "pt-BR"),
        ("Portuguese (Angola preAO)", "pt-AO"),
        ("Portuguese (Moçambique preAO)", "pt-MZ"),
    ),
    "it": (("Italian", "it"), ("Italian", "it-IT")),
}
#: The variant LanguageTool answers with when it has identified a language
#: (``language=auto``), where it is not the language's plain code.
IDENTIFIED_AS = {"en": "en-US", "de": "de-DE", "pt": "pt-PT"}
#: The English variants (what a server with English packs only lists).
LANGUAGES: tuple[tuple[str, str], ...] = VARIANTS["en"]
_NAMES = {code.lower(): (name, code) for variants in VARIANTS.values() for name, code in variants}

#: LanguageTool's issue type and category of each kind of termlint rule.
_KINDS: dict[str, tuple[str, str, str]] = {
    "consistency": ("inconsistency", "CONSISTENCY", "Consistency (termlint)"),
    "proselint": ("style", "STYLE", "Style (proselint)"),
}
_TERMINOLOGY = ("terminology", "TERMINOLOGY", "Terminology (termlint)")


class LTError(ValueError):
    """A request LanguageTool would refuse: answered ``Error: message``."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def language_name(code: str) -> str:
    """LanguageTool's name of a language or variant (``fr-CA``: French
    (Canada)); for a variant it does not name, the language's name."""
    found = _NAMES.get(code.lower()) or _NAMES.get(code.split("-")[0].lower())
    if found is not None:
        return found[0]
    try:  # a pack in a language LanguageTool's list here does not have
        from lingua import IsoCode639_1, Language

        iso = getattr(IsoCode639_1, code.split("-")[0].upper())
        return Language.from_iso_code_639_1(iso).name.title()  # type: ignore[no-any-return]
    except (ImportError, AttributeError, ValueError):
        return code


def variants(base: str) -> tuple[tuple[str, str], ...]:
    """The names and codes of a language's variants, the language first."""
    return VARIANTS.get(base, ((language_name(base), base),))


def languages(served: Iterable[str] = ("en",)) -> list[dict[str, str]]:
    """The answer of ``GET /v2/languages``: every variant of the languages
    ``served`` (ISO 639-1: those of the packs in effect)."""
    return [
        {"name": name, "code": base, "longCode": code}
        for base in served
        for name, code in variants(base)
    ]


# ---------------------------------------------------------------- offsets


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16:
    """Code-point offsets in one string to UTF-16 code units."""

    def __init__(self, text: str) -> None:
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset) if self._astral else offset


def utf16_len(text: str) -> int:
    """The length of ``text`` in UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text) + len(_ASTRAL.findall(text))


@dataclass
class Annotated:
    """The text to check and the original string it comes from, with the
    map from one to the other (part by part)."""

    plain: str
    original: str
    #: Per part, in order: start in the plain text, start and length in the
    #: original, and whether it is text (else markup, read as interpretAs).
    plain_starts: list[int] = field(default_factory=list)
    parts: list[tuple[int, int, bool]] = field(default_factory=list)

    def to_original(self, offset: int, *, end: bool = False) -> int:
        """Where a start (or, with ``end``, an end) ``offset`` of the plain
        text falls in the original string. A position inside a markup's
        interpretAs falls at the markup's start (or end)."""
        if not self.parts:
            return offset
        probe = offset - 1 if end and offset > 0 else offset
        i = max(bisect.bisect_right(self.plain_starts, probe) - 1, 0)
        plain_start = self.plain_starts[i]
        orig_start, orig_len, is_text = self.parts[i]
        if is_text:
            return orig_start + min(offset - plain_start, orig_len)
        return orig_start + orig_len if end else orig_start


def plain(text: str) -> Annotated:
    """A plain ``text``: the original is the text."""
    return Annotated(text, text)


def annotated(data: str) -> Annotated:
    """The ``data`` field: annotated text as LanguageTool reads it."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise LTError("'data' is nested too deeply to be annotated text") from None
    except ValueError as exc:
        raise LTError(f"'data' is not valid JSON: {exc}") from None
    items = value.get("annotation") if isinstance(value, dict) else None
    if not isinstance(items, list):
        raise LTError(
            "'data' must be a JSON object with an \"annotation\" list, e.g. "
            '{"annotation": [{"text": "A "}, {"markup": "<b>"}, {"text": "test"}]}'
        )
    if len(items) > MAX_PARTS:
        raise LTError(
            f"'data' has {len(items):,} annotation parts; at most {MAX_PARTS:,} are accepted",
            status=413,
        )
    plain_pieces: list[str] = []
    original_pieces: list[str] = []
    result = Annotated("", "")
    plain_at = orig_at = 0
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise LTError(f"'data': annotation part {i} is not an object")
        text, markup = item.get("text"), item.get("markup")
        if (text is None) == (markup is None):
            raise LTError(f"'data': annotation part {i} needs either 'text' or 'markup'")
        if text is not None:
            if not isinstance(text, str):
                raise LTError(f"'data': the 'text' of annotation part {i} is not a string")
            shown, source = text, text
        else:
            read_as = item.get("interpretAs", "")
            if not isinstance(markup, str) or not isinstance(read_as, str):
                raise LTError(
                    f"'data': the 'markup' and 'interpretAs' of annotation part {i} must be strings"
                )
            shown, source = read_as, markup
        result.plain_starts.append(plain_at)
        result.parts.append((orig_at, len(source), text is not None))
        plain_pieces.append(shown)
        original_pieces.append(source)
        plain_at += len(shown)
        orig_at += len(source)
    result.plain = "".join(plain_pieces)
    result.original = "".join(original_pieces)
    _drop_empty(result)
    return result


def _drop_empty(a: Annotated) -> None:
    """Parts that are nothing in the plain text (markup read as nothing,
    empty text) hold no position; they would hide the part that follows."""
    keep = [i for i in range(len(a.parts)) if _plain_len(a, i)]
    if len(keep) != len(a.parts):
        a.plain_starts = [a.plain_starts[i] for i in keep]
        a.parts = [a.parts[i] for i in keep]


def _plain_len(a: Annotated, i: int) -> int:
    end = a.plain_starts[i + 1] if i + 1 < len(a.plain_starts) else len(a.plain)
    return end - a.plain_starts[i]


# ---------------------------------------------------------------- requests


@dataclass
class Request:
    """A ``/v2/check`` request, read."""

    text: Annotated
    #: The language as asked (``auto``, ``fr``, ``en-GB``...), ``_`` read as ``-``.
    language: str
    enabled_rules: frozenset[str] = frozenset()
    disabled_rules: frozenset[str] = frozenset()
    enabled_categories: frozenset[str] = frozenset()
    disabled_categories: frozenset[str] = frozenset()
    enabled_only: bool = False
    picky: bool = False
    #: Variants preferred where a language is identified (``preferredVariants``).
    preferred_variants: tuple[str, ...] = ()

    @property
    def auto(self) -> bool:
        return self.language.lower() == "auto"

    @property
    def base(self) -> str | None:
        """The ISO 639-1 code of the language asked for; None for ``auto``."""
        return None if self.auto else self.language.split("-")[0].lower()


#: A language code as LanguageTool's clients send them: ``fr``, ``en-GB``,
#: ``ca-ES-valencia``.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def _unserved(language: str, base: str, served: list[str]) -> str:
    """Why a language is refused: the languages this server checks, and
    the pack that would add it, if termlint has one."""
    from ..language import LANGUAGES as PACKS

    shown = language if language.isprintable() and len(language) <= 40 else "that value"
    checked = ", ".join(f"{language_name(b)} ({b}, {b}-XX)" for b in served)
    hint = (
        f"; termlint's pack for it is added with --with {base} or 'extends: [default, {base}]'"
        if base in PACKS and base not in served
        else ""
    )
    return (
        f"'{shown}' is not a language termlint checks on this server: "
        f"it checks {checked} or auto{hint}"
    )


def _ids(value: str | None) -> frozenset[str]:
    return frozenset(v.strip() for v in (value or "").split(",") if v.strip())


def _flag(fields: dict[str, str], name: str) -> bool:
    value = fields.get(name, "false").strip().lower()
    if value not in ("true", "false", ""):
        raise LTError(f"'{name}' must be 'true' or 'false', not '{value}'")
    return value == "true"


def read_request(fields: dict[str, str], served: Iterable[str] = ("en",)) -> Request:
    """A ``/v2/check`` form, read as LanguageTool reads it; ``served``: the
    languages (ISO 639-1) of the packs in effect. English is always
    accepted (the rules of packs that name no language apply to it)."""
    has_text, has_data = "text" in fields, "data" in fields
    if has_text == has_data:
        raise LTError(
            "send either a 'text' or a 'data' field"
            if not has_text
            else "send 'text' or 'data', not both"
        )
    text = plain(fields["text"]) if has_text else annotated(fields["data"])
    language = fields.get("language", "").strip()
    if not language:
        raise LTError("missing 'language' parameter, e.g. 'en-US' or 'auto'")
    code = language.replace("_", "-")
    served = list(dict.fromkeys(("en", *served)))
    base = code.split("-")[0].lower()
    if code.lower() != "auto" and (base not in served or not _LANGUAGE_TAG.fullmatch(code)):
        raise LTError(_unserved(language, base, served))
    preferred = tuple(
        dict.fromkeys(
            v.strip().replace("_", "-")
            for v in fields.get("preferredVariants", "").split(",")
            if v.strip()
        )
    )
    level = fields.get("level", "default").strip().lower() or "default"
    if level not in ("default", "picky"):
        raise LTError(f"'level' must be 'default' or 'picky', not '{level}'")
    request = Request(
        text=text,
        language=code,
        enabled_rules=_ids(fields.get("enabledRules")),
        disabled_rules=_ids(fields.get("disabledRules")),
        enabled_categories=_ids(fields.get("enabledCategories")),
        disabled_categories=_ids(fields.get("disabledCategories")),
        enabled_only=_flag(fields, "enabledOnly"),
        picky=level == "picky",
        preferred_variants=preferred,
    )
    if request.enabled_only and not (request.enabled_rules or request.enabled_categories):
        raise LTError("'enabledOnly=true' needs 'enabledRules' or 'enabledCategories'")
    return request


# ---------------------------------------------------------------- answers


def _identified(request: Request, base: str) -> tuple[str, str]:
    """The name and code LanguageTool gives a language it identified: the
    variant the client prefers, else the language's usual one."""
    for variant in request.preferred_variants:
        if variant.split("-")[0].lower() == base:
            return language_name(variant), _spelt(variant)
    code = IDENTIFIED_AS.get(base, base)
    return language_name(code), code


def _spelt(code: str) -> str:
    """A code as LanguageTool spells it (``en_gb``, ``EN-gb``: ``en-GB``)."""
    known = _NAMES.get(code.lower())
    return known[1] if known is not None else code


def _answered(request: Request, detected: tuple[str, float] | None) -> tuple[str, str]:
    """The name and code of the answer's ``language``."""
    if request.auto:
        return _identified(request, detected[0] if detected else "en")
    return language_name(request.language), _spelt(request.language)


@dataclass(frozen=True)
class RuleInfo:
    """What a match says of its rule."""

    id: str
    description: str
    issue_type: str
    category: tuple[str, str]
    url: str | None = None


def rule_info(rule: dict[str, Any]) -> RuleInfo:
    """LanguageTool's view of a rule, from the service's ``explain`` dict."""
    issue_type, category_id, category_name = _KINDS.get(rule.get("kind", ""), _TERMINOLOGY)
    return RuleInfo(
        id=rule["id"],
        description=rule.get("summary") or rule["id"],
        issue_type=issue_type,
        category=(category_id, category_name),
        url=rule.get("url"),
    )


def _wanted(request: Request, finding: dict[str, Any], info: RuleInfo) -> bool:
    rule, category = finding["rule"], info.category[0]
    if rule in request.disabled_rules or category in request.disabled_categories:
        return False
    enabled = rule in request.enabled_rules or category in request.enabled_categories
    if request.enabled_only and not enabled:
        return False
    return request.picky or enabled or finding["severity"] != "info"


_BREAKS = re.compile(r"[\r\n]")


def _context(original: str, start: int, end: int) -> dict[str, Any]:
    """LanguageTool's context: up to 40 characters on each side, ``...``
    where it is cut, line breaks shown as spaces."""
    left = max(0, start - CONTEXT_CHARS)
    right = min(len(original), end + CONTEXT_CHARS)
    before = ("..." if left else "") + _BREAKS.sub(" ", original[left:start])
    span = _BREAKS.sub(" ", original[start:end])
    after = _BREAKS.sub(" ", original[end:right]) + ("..." if right < len(original) else "")
    return {"text": before + span + after, "offset": utf16_len(before), "length": utf16_len(span)}


def response(
    request: Request,
    findings: Iterable[tuple[int, int, dict[str, Any]]],
    sentence_of: Callable[[int], str],
    info_of: Callable[[str], RuleInfo],
    detected: tuple[str, float] | None = None,
) -> dict[str, Any]:
    """The answer to ``/v2/check``: ``findings`` are (start, end, JSON
    finding), start and end in the plain text; ``sentence_of`` gives the
    sentence around a plain-text offset; ``detected``, the language
    identified for the text (ISO 639-1) and the confidence, if it was.

    As LanguageTool answers: ``language`` is the language asked for, or,
    for ``auto``, the one identified (``en-US`` when none was);
    ``detectedLanguage`` the one identified (the language asked for when the
    text was not identified)."""
    text = request.text
    units = Utf16(text.original)
    matches = []
    for start, end, finding in findings:
        info = info_of(finding["rule"])
        if not _wanted(request, finding, info):
            continue
        o_start = text.to_original(start)
        o_end = max(o_start, text.to_original(end, end=True))
        offset = units(o_start)
        rule: dict[str, Any] = {
            "id": info.id,
            "description": info.description,
            "issueType": info.issue_type,
            "category": {"id": info.category[0], "name": info.category[1]},
        }
        if info.url:
            rule["urls"] = [{"value": info.url}]
        matches.append(
            {
                "message": finding["message"],
                "shortMessage": info.description,
                "replacements": [{"value": r} for r in finding["replacements"]],
                "offset": offset,
                "length": units(o_end) - offset,
                "context": _context(text.original, o_start, o_end),
                "sentence": sentence_of(start),
                "type": {"typeName": "Other"},
                "rule": rule,
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
            }
        )
    name, code = _answered(request, detected)
    if detected is None:
        found = {"name": name, "code": code, "confidence": 1.0}
    else:
        found_name, found_code = _identified(request, detected[0])
        found = {"name": found_name, "code": found_code, "confidence": round(detected[1], 4)}
    return {
        "software": {
            "name": "termlint",
            "version": __version__,
            "buildDate": "",
            "apiVersion": 1,
            "status": "",
            "premium": False,
        },
        "warnings": {"incompleteResults": False},
        "language": {"name": name, "code": code, "detectedLanguage": found},
        "matches": matches,
    }
