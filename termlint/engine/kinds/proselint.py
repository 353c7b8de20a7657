"""``proselint``: one of proselint's general style checks, run through termlint.

The packaged ``proselint`` pack (opt in with ``extends: [proselint]`` or
``--with proselint``) has one rule of this kind for each check that proselint
enables by default; the rule's ``check`` names it (``misc.phrasal_adjectives``)
and its id is ``proselint.`` followed by that name. The pack is generated
from the installed proselint::

    python -m termlint.engine.kinds.proselint > rules/proselint.yaml

What termlint does that proselint's own command does not:

* positions are exact: proselint pads the text with a line break at each end
  and reports spans in the padded text (one character late); termlint takes
  the padding off;
* checks run on termlint's masked text, so code, URLs and markup are not
  checked, and suppression comments, ``--select``/``--ignore`` (by id
  prefix), severities and every output format apply;
* every result is kept: proselint's command stops at ``max_errors``;
* the checks are called directly rather than through proselint's global
  registry, which a long-running process (the language server) would fill
  again on every run;
* replacements of proselint's preferred-forms checks become termlint
  replacements, and those rules are fixable; other checks' "replacements"
  (sometimes regular expressions) are not offered.

Like proselint, results that start inside quotation marks are left out,
except for checks that allow quotations. proselint is imported only when a
configuration uses this kind.

Fails (check: lexical_illusions)::

    The the cat sat.

Passes::

    The cat sat.
"""

from __future__ import annotations

import functools
import sys
from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from . import Hit, Kind, register

if TYPE_CHECKING:
    from ...document import Document
    from ...errors import Location
    from ...ruleset import Rule
    from ..exemptions import Exemption

#: Check types whose replacement is a drop-in text for the matched span.
FIXABLE_TYPES = ("PreferredForms", "PreferredFormsSimple")


@functools.cache
def all_checks() -> dict[str, tuple[Any, ...]]:
    """proselint's checks enabled by its default configuration, by path
    (several checks can share one path)."""
    from proselint.checks import __register__
    from proselint.config import DEFAULT

    enabled = sorted(DEFAULT["checks"].items(), key=lambda kv: -kv[0].count("."))
    out: dict[str, list[Any]] = {}
    for check in __register__:
        on = next((value for prefix, value in enabled if check.matches_partial(prefix)), False)
        if on:
            out.setdefault(check.path, []).append(check)
    return {path: tuple(checks) for path, checks in out.items()}


def _parse_check(value: Any, loc: Location) -> str:
    from ...errors import RuleError

    if not isinstance(value, str):
        raise RuleError("'check' must be the name of a proselint check", loc)
    try:
        known = all_checks()
    except ImportError:  # pragma: no cover - proselint is a dependency
        raise RuleError("the proselint pack needs proselint installed", loc) from None
    if value not in known:
        from ...errors import did_you_mean

        raise RuleError(f"unknown proselint check '{value}'{did_you_mean(value, known)}", loc)
    return value


class _Padded:
    """A document's text as proselint sees it (a line break at each end),
    and where its quotations are, worked out once per document."""

    def __init__(self, text: str) -> None:
        from proselint.tools import QUOTE_PATTERN, check_matching_quotes, find_spans

        self.text = f"\n{text}\n"
        self.quote_bounds = [
            bound
            for span in find_spans(self.text, QUOTE_PATTERN, check_matching_quotes)
            for bound in span
        ]

    def quoted(self, position: int) -> bool:
        # bounds come in pairs: an odd insertion point lies inside a span
        return bisect_left(self.quote_bounds, position) % 2 == 1


def _padded(doc: Document) -> _Padded:
    cached = doc.cache.get("proselint")
    if not isinstance(cached, _Padded):
        cached = _Padded(doc.text)
        doc.cache["proselint"] = cached
    return cached


@register
class Proselint(Kind):
    name = "proselint"
    summary = "one of proselint's general style checks"
    needs_terms = False
    allows_replacements = False
    replacements_per_match = True
    nests_with_others = False  # each check judges something else: keep them all
    usage_exemptions = False  # names, titles and quotations only
    default_message = "{match}"
    fields: ClassVar[dict[str, Callable[[Any, Location], Any]]] = {"check": _parse_check}

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.check_path: str = rule.options.get("check", "")

    @classmethod
    def validate(cls, rule: Rule) -> str | None:
        if "check" not in rule.options:
            return "a 'proselint' rule needs a 'check' (the name of a proselint check)"
        return None

    def check_document(
        self, doc: Document, exempt: Callable[[int, int], Exemption | None]
    ) -> list[Hit]:
        padded = _padded(doc)
        size = len(doc.text)
        hits = []
        for check in all_checks()[self.check_path]:
            offer = type(check.check_type).__name__ in FIXABLE_TYPES
            for result in check.check_with_flags(padded.text):
                if not check.flags.allow_quotes and padded.quoted(result.span[0]):
                    continue
                start = min(max(result.span[0] - 1, 0), size)  # the padding taken off
                end = min(max(result.span[1] - 1, start), size)
                if end <= start:
                    continue
                replacements = (result.replacements,) if offer and result.replacements else ()
                hits.append(Hit(start, end, message=result.message, replacements=replacements))
        return hits


def pack_yaml() -> str:
    """The ``proselint`` pack: one rule for each check proselint enables by default."""
    import json
    import re
    from importlib import metadata

    version = metadata.version("proselint")
    lines = [
        f"# Generated from proselint {version} by `python -m termlint.engine.kinds.proselint`;",
        "# regenerate it rather than editing it (tests/test_proselint.py checks it is current).",
        "pack: proselint",
        "description: >-",
        "  proselint's general style checks (cliches, redundancy, typography, jargon and",
        "  more), run through termlint: exact positions, markup masking, suppressions,",
        "  severities, every output format, the language server and fixes.",
        "sources:",
        "  proselint:",
        '    title: "proselint: a linter for prose"',
        "    author: Jordan Suchow, Michael Pacer and contributors",
        f"    note: The checks of proselint {version}; each rule's url is its check's source.",
        "    url: https://github.com/amperser/proselint",
        "    evidence: K",
        "rules:",
    ]
    for path, checks in sorted(all_checks().items()):
        check = checks[0]
        url = _source_url(checks) or "https://github.com/amperser/proselint"
        fixable = any(type(c.check_type).__name__ in FIXABLE_TYPES for c in checks)
        message = " ".join(re.sub(r"\{\d*\}", "...", check.message).split()) or path
        lines += [
            f"  - id: proselint.{path}",
            "    kind: proselint",
            f"    check: {path}",
            "    severity: suggestion",
            f"    fixable: {'true' if fixable else 'false'}",
            f"    rationale: {json.dumps(message, ensure_ascii=False)}",
            "    sources: [proselint]",
            f"    url: {json.dumps(url)}",
        ]
    return "\n".join(lines) + "\n"


def _source_url(checks: tuple[Any, ...]) -> str | None:
    """The ``source_url`` in the documentation of the module that defines a check."""
    import re
    from importlib import import_module

    # the most specific module first: packages gather their modules' checks
    for name in sorted(sys.modules, key=lambda n: (-n.count("."), n)):
        if not name.startswith("proselint.checks."):
            continue
        register = getattr(sys.modules[name], "__register__", ())
        if any(c in register for c in checks):
            doc = getattr(import_module(name), "__doc__", "") or ""
            m = re.search(r"^source_url:\s*(https?://\S+)", doc, re.MULTILINE)
            if m:
                return m.group(1)
    return None


if __name__ == "__main__":  # pragma: no cover - regenerates rules/proselint.yaml
    sys.stdout.write(pack_yaml())
