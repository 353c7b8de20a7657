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
* ``language``: English (``en``, ``en-US``, ``en-GB``... or ``auto``); other
  languages are refused, as LanguageTool refuses unknown ones.
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

#: What ``/v2/languages`` lists: LanguageTool's names of the English variants.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("English", "en"),
    ("English (US)", "en-US"),
    ("English (GB)", "en-GB"),
    ("English (Australian)", "en-AU"),
    ("English (Canadian)", "en-CA"),
    ("English (New Zealand)", "en-NZ"),
    ("English (South African)", "en-ZA"),
)
_NAMES = {code.lower(): name for name, code in LANGUAGES}

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


def languages() -> list[dict[str, str]]:
    """The answer of ``GET /v2/languages``."""
    return [{"name": name, "code": "en", "longCode": code} for name, code in LANGUAGES]


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
    language: str
    enabled_rules: frozenset[str] = frozenset()
    disabled_rules: frozenset[str] = frozenset()
    enabled_categories: frozenset[str] = frozenset()
    disabled_categories: frozenset[str] = frozenset()
    enabled_only: bool = False
    picky: bool = False


def _ids(value: str | None) -> frozenset[str]:
    return frozenset(v.strip() for v in (value or "").split(",") if v.strip())


def _flag(fields: dict[str, str], name: str) -> bool:
    value = fields.get(name, "false").strip().lower()
    if value not in ("true", "false", ""):
        raise LTError(f"'{name}' must be 'true' or 'false', not '{value}'")
    return value == "true"


def read_request(fields: dict[str, str]) -> Request:
    """A ``/v2/check`` form, read as LanguageTool reads it."""
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
    if code.lower() != "auto" and code.lower().split("-")[0] != "en":
        raise LTError(
            f"'{language}' is not a language termlint checks: it checks English "
            f"({', '.join(code for _, code in LANGUAGES)} or auto)"
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
    )
    if request.enabled_only and not (request.enabled_rules or request.enabled_categories):
        raise LTError("'enabledOnly=true' needs 'enabledRules' or 'enabledCategories'")
    return request


# ---------------------------------------------------------------- answers


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
) -> dict[str, Any]:
    """The answer to ``/v2/check``: ``findings`` are (start, end, JSON
    finding), start and end in the plain text; ``sentence_of`` gives the
    sentence around a plain-text offset."""
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
    code = request.language
    if code.lower() in ("auto", "en"):
        code = "en-US" if code.lower() == "auto" else "en"
    name = _NAMES.get(code.lower(), "English")
    code = next((c for _, c in LANGUAGES if c.lower() == code.lower()), code)
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
        "language": {
            "name": name,
            "code": code,
            "detectedLanguage": {"name": name, "code": code, "confidence": 1.0},
        },
        "matches": matches,
    }
