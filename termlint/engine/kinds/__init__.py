"""Rule kinds. Each kind is one module in this package that defines a
:class:`Kind` subclass decorated with :func:`register`; adding a kind means
adding a module, nothing else. Modules are discovered with :mod:`pkgutil`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ...document import Document
    from ...errors import Location
    from ...ruleset import Rule
    from ...terms import Variant
    from ..exemptions import Exemption

_KINDS: dict[str, type[Kind]] = {}
_loaded = False


class Kind:
    """The behaviour of one rule of this kind; the engine makes one instance
    per rule when it compiles a configuration.

    ``fields`` names the rule keys this kind accepts beyond the common ones,
    each with a validator that takes the raw value and its location and
    returns the stored one (raising ``RuleError`` or ``ValueError``).
    """

    name: ClassVar[str]
    summary: ClassVar[str] = ""
    #: Whether the rule needs ``terms`` and/or ``patterns``.
    needs_terms: ClassVar[bool] = True
    #: Whether the rule may carry replacements, and whether it must.
    allows_replacements: ClassVar[bool] = True
    requires_replacements: ClassVar[bool] = False
    #: Whether each match brings its own replacement (so that a rule may be
    #: ``fixable`` without ``replacements`` of its own).
    replacements_per_match: ClassVar[bool] = False
    #: Whether a finding inside a longer, at-least-as-severe finding of
    #: another such rule is dropped as redundant (phrases within phrases).
    nests_with_others: ClassVar[bool] = True
    default_message: ClassVar[str] = "Avoid '{match}'."
    fields: ClassVar[dict[str, Callable[[Any, Location], Any]]] = {}
    #: Whether exemptions about how a term is used (a legal definition,
    #: clinical use) apply, or only those that protect wording (names,
    #: titles, quotations, mentions).
    usage_exemptions: ClassVar[bool] = True
    #: Whether the kind decides itself in which paragraphs' languages it
    #: judges (acronyms: each acronym's own); its hits then name their
    #: language (``Hit.language``) and the engine does not filter them by
    #: the rule's.
    own_language: ClassVar[bool] = False

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    @classmethod
    def validate(cls, rule: Rule) -> str | None:
        """Return a problem with a loaded rule, or ``None``."""
        return None

    def accept(self, doc: Document, start: int, end: int) -> bool:
        """Decide whether a term or pattern match of the rule is a finding."""
        return True

    def terms(self) -> tuple[str, ...]:
        """The phrases this rule gives to the one matcher (by default its ``terms``)."""
        return self.rule.terms

    def starts(self) -> dict[Hashable, list[Variant]]:
        """Phrases whose starts this rule wants from the engine's one phrase
        pass, by key. The engine leaves each key's starts, in order, in
        ``doc.cache[("starts", key)]`` (an empty list when there are none);
        rules that share a key share the phrases."""
        return {}

    def document_phrases(self) -> dict[Hashable, Any]:
        """Phrases the rule looks for anywhere in the document (a
        ``TermMatcher`` each), by the key under which ``doc.cache`` holds
        whether the document has one: a piece of a larger document is told
        its whole's answer there."""
        return {}

    def bind(self, env: Env) -> None:
        """Receive what the whole configuration knows (glossary, locale)."""
        self.env = env

    def check_document(
        self, doc: Document, exempt: Callable[[int, int], Exemption | None]
    ) -> list[Hit]:
        """Findings that come from the document as a whole (document-level kinds).

        ``exempt(start, end)`` says whether a span is protected (a name, a
        title, a quotation...) and why, so that it can be left out of counts."""
        return []

    def check_documents(
        self,
        docs: Sequence[Document],
        exempt: Callable[[Document, int, int], Exemption | None],
    ) -> list[list[Hit]]:
        """Findings for documents checked as one whole; by default each
        document on its own (kinds that compare across files override this)."""
        return [
            self.check_document(doc, lambda s, e, doc=doc: exempt(doc, s, e))  # type: ignore[misc]
            for doc in docs
        ]


#: Where the engine leaves, in a document's cache, before document-level kinds
#: run, the language of the paragraph at an offset (``fn(doc, offset)``), or
#: None when the run does not tell languages apart.
LANGUAGE_AT = "language-at"


@dataclass(frozen=True)
class Acronym:
    """A glossary entry: the acronym, its accepted expansions and forms."""

    acronym: str
    expansions: tuple[str, ...]
    family: str | None = None
    forms: tuple[str, ...] = ()
    proper_name: bool = False
    #: The language (ISO 639-1) of the pack that declares it: the acronym is
    #: checked in paragraphs of that language only. None: everywhere.
    language: str | None = None
    #: The acronym of another language that names the same thing (MASI:
    #: CSAM): its expansion defines this one, and the reverse.
    same_as: str | None = None
    sources: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    review: str | None = None
    #: Not an acronym of its own: the words of ``language`` for ``acronym``
    #: (an acronym of another language, used as it is: CSAM in Italian
    #: text), which define it ("materiale di abuso sessuale su minori (CSAM)").
    translation: bool = False

    @property
    def meaning(self) -> str:
        """What the acronym names: the acronym it is the same as, or itself."""
        return self.same_as or self.acronym


@dataclass
class Env:
    """Configuration-wide data that some kinds need."""

    acronyms: dict[str, Acronym] = field(default_factory=dict)
    locale: str | None = None
    #: The child-referent model (see termlint.engine.referents), or None.
    child_referent: Any = None


class AcrossDocuments(Kind):
    """A kind whose judgement can span several documents (acronyms, spelling):
    one document is a list of one.

    The judgement comes in two steps, so that a large file can be read in
    pieces (``--jobs``): :meth:`observe` notes, of one document or one piece
    of it, what the judgement needs (compact and picklable: it travels
    between processes), and :meth:`judge` decides from the observations of
    every document, in order. The observations of the pieces of one
    document are joined by :meth:`merge`. Positions in observations and in
    the hits of :meth:`judge` count from the start of the whole file
    (``Document.base``)."""

    usage_exemptions = False

    def check_document(
        self, doc: Document, exempt: Callable[[int, int], Exemption | None]
    ) -> list[Hit]:
        return self.check_documents([doc], lambda _doc, s, e: exempt(s, e))[0]

    def check_documents(
        self,
        docs: Sequence[Document],
        exempt: Callable[[Document, int, int], Exemption | None],
    ) -> list[list[Hit]]:
        observed = [
            self.observe(doc, lambda s, e, doc=doc: exempt(doc, s, e))  # type: ignore[misc]
            for doc in docs
        ]
        return self.judge(observed, [doc.path for doc in docs])

    def observe(
        self,
        doc: Document,
        exempt: Callable[[int, int], Exemption | None],
        core: tuple[int, int] | None = None,
    ) -> Any:
        """What :meth:`judge` needs to know of ``doc``: of its uses that
        start in ``core`` (a span of ``doc``; None: all of it)."""
        raise NotImplementedError

    def merge(self, observed: Sequence[Any]) -> Any:
        """The observation of a document from those of its pieces, in order."""
        raise NotImplementedError

    def judge(self, observed: Sequence[Any], paths: Sequence[str]) -> list[list[Hit]]:
        """The hits of each document (``paths``: their names), from what
        :meth:`observe` saw of each."""
        raise NotImplementedError


@dataclass(frozen=True)
class Hit:
    """A finding of a document-level kind, before positions are computed.

    ``message``, ``replacements`` and ``severity`` default to the rule's own.
    """

    start: int
    end: int
    message: str | None = None
    replacements: tuple[str, ...] | None = None
    severity: str | None = None
    #: Whether the finding is fixable, where the rule's ``fixable`` does not say.
    fixable: bool | None = None
    #: The language of the paragraph it stands in, for a kind that judges
    #: languages itself (``own_language``): kept whatever the rule's language.
    language: str | None = None


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
