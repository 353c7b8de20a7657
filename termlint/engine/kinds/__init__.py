"""Rule kinds. Each kind is one module in this package that defines a
:class:`Kind` subclass decorated with :func:`register`; adding a kind means
adding a module, nothing else. Modules are discovered with :mod:`pkgutil`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ...document import Document
    from ...ruleset import Rule

_KINDS: dict[str, type[Kind]] = {}
_loaded = False


class Kind:
    """Behaviour shared by the rules of one kind.

    ``fields`` names the rule keys this kind accepts beyond the common ones,
    each with a validator that takes the raw value and returns the stored one
    (or raises ``ValueError`` with a message).
    """

    name: ClassVar[str]
    summary: ClassVar[str] = ""
    #: Whether the rule needs ``terms`` and/or ``patterns``.
    needs_terms: ClassVar[bool] = True
    #: Whether the rule may carry replacements, and whether it must.
    allows_replacements: ClassVar[bool] = True
    requires_replacements: ClassVar[bool] = False
    default_message: ClassVar[str] = "Avoid '{match}'."
    fields: ClassVar[dict[str, Callable[[Any], Any]]] = {}

    def validate(self, rule: Rule) -> str | None:
        """Return a problem with a loaded rule, or ``None``."""
        return None

    def accept(self, rule: Rule, doc: Document, start: int, end: int) -> bool:
        """Decide whether a term or pattern match of ``rule`` is a finding."""
        return True


def register(cls: type[Kind]) -> type[Kind]:
    """Class decorator: make a kind available under ``cls.name``."""
    _KINDS[cls.name] = cls
    return cls


def kinds() -> dict[str, type[Kind]]:
    """All registered kinds, importing every module of this package once."""
    global _loaded
    if not _loaded:
        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return _KINDS
