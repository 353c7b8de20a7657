"""``substitute``: a discouraged phrase with preferred replacements.

Fails::

    The police seized child pornography.      # -> child sexual abuse material

Passes::

    The police seized child sexual abuse material.
"""

from __future__ import annotations

from . import Kind, register


@register
class Substitute(Kind):
    name = "substitute"
    summary = "a discouraged phrase and its ordered replacements"
    requires_replacements = True
    default_message = "Use '{replacement}' instead of '{match}'."
