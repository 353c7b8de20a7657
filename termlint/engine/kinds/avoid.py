"""``avoid``: a phrase to flag, with no drop-in replacement.

Fails::

    He described the child as a willing participant.

Passes::

    He groomed the child.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import Kind, register

if TYPE_CHECKING:
    from ...ruleset import Rule


@register
class Avoid(Kind):
    name = "avoid"
    summary = "a phrase to flag; the writer must rephrase"
    allows_replacements = False
    default_message = "Avoid '{match}'."

    @classmethod
    def validate(cls, rule: Rule) -> str | None:
        if rule.fixable:
            return "an 'avoid' rule cannot be fixable (it has no drop-in replacement)"
        return None
