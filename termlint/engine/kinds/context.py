"""``context``: a phrase that is a problem only in a given context.

The rule's ``context`` says what must (or must not) be around a match:

``near`` / ``near-patterns``
    phrases (term syntax) or regular expressions, one of which must occur
    within ``window`` words (default 8) before or after the match, or inside
    it, in the same sentence; with ``scope: paragraph``, anywhere in the
    match's paragraph;
``child``
    ``true``: alternatively, a child referent (a child word, an age under 18,
    a person named as a child) in the match's sentence or the one before it
    satisfies the context, or a child a few sentences further back where the
    match's participants are only referred back to ("They had sex", "the
    affair"); ``sentence``: in the match's own sentence only (for
    wording also common about adults) (the pack's ``child-referent`` model, see
    :mod:`~termlint.engine.referents`);
``in-document``
    alternatively, phrases one of which anywhere in the document satisfies
    the context (for example, a document that uses "child pornography"
    elsewhere gives "CP" its meaning);
``unless`` / ``unless-patterns``
    phrases or regular expressions that, anywhere in the same sentence, mean
    the match is not a finding (lawful or clinical use);
``unless-after``
    regular expressions that, matching the text right after the match (read
    up to 200 characters on), mean this match is not a finding, whatever the rest of the
    sentence says ("travellers who have sex with children and those who have
    sex with adults": only the second is about adults);
``unless-in-document``
    phrases that, anywhere in the document, mean no match is a finding (a
    document that defines "CP" as cerebral palsy);
``if-in-document``
    phrases one of which must occur somewhere in the document for any match
    to be a finding, whatever else holds (a bare "the relationship" frames
    abuse only in a document that speaks of a sexual relationship or of sex).

Fails (near: [child, minor(s), N-year-old])::

    He had sex with a 14-year-old.

Passes (unless: [over the age of consent])::

    A minor who is over the age of consent can legally have sex with a person of the same age.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ...errors import RunawayPattern
from ..matcher import TermMatcher, time_limit
from ..text import paragraph, sentences, window
from ..userpattern import UserPattern
from . import Kind, register

if TYPE_CHECKING:
    from ...document import Document
    from ...errors import Location
    from ...ruleset import Rule
    from ...terms import Variant

CONTEXT_KEYS = (
    "near",
    "near-patterns",
    "child",
    "window",
    "scope",
    "in-document",
    "unless",
    "unless-patterns",
    "unless-after",
    "unless-in-document",
    "if-in-document",
)


@dataclass(frozen=True)
class ContextSpec:
    near: tuple[str, ...] = ()
    near_patterns: tuple[str, ...] = ()
    window: int = 8
    scope: str = "sentence"
    in_document: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    unless_patterns: tuple[str, ...] = ()
    unless_after: tuple[str, ...] = ()
    child: bool | str = False
    unless_in_document: tuple[str, ...] = ()
    if_in_document: tuple[str, ...] = ()


def _parse_context(value: Any, loc: Location) -> ContextSpec:
    from ...errors import RuleError
    from ...ruleset import _check_keys, _check_patterns, _expect_map, _expect_str_list, check_terms

    mapping = _expect_map(value, loc, "'context'")
    _check_keys(mapping, CONTEXT_KEYS, "'context'")
    out: dict[str, Any] = {}
    for key in CONTEXT_KEYS:
        if key not in mapping:
            continue
        vloc = mapping.value_loc(key)
        if key == "window":
            size = mapping[key]
            if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= 100:
                raise RuleError("'window' must be a whole number from 0 to 100", vloc)
            out["window"] = size
            continue
        if key == "child":
            if mapping[key] not in (True, False, "sentence"):
                raise RuleError("'child' must be true, false or sentence", vloc)
            out["child"] = mapping[key]
            continue
        if key == "scope":
            if mapping[key] not in ("sentence", "paragraph"):
                raise RuleError("'scope' must be sentence or paragraph", vloc)
            out["scope"] = mapping[key]
            continue
        items, locs = _expect_str_list(mapping[key], vloc, f"'context.{key}'")
        if key.endswith("patterns") or key == "unless-after":
            _check_patterns(items, locs, case_sensitive=False)
        else:
            check_terms(items, locs, "context phrase")
        out[key.replace("-", "_")] = tuple(items)
    spec = ContextSpec(**out)
    if not (
        spec.near
        or spec.near_patterns
        or spec.child
        or spec.in_document
        or spec.unless
        or spec.unless_patterns
        or spec.unless_after
        or spec.unless_in_document
        or spec.if_in_document
    ):
        raise RuleError(
            "'context' needs at least one of near, near-patterns, child, in-document, "
            "unless, unless-patterns, unless-after, unless-in-document, if-in-document",
            loc,
        )
    return spec


def _phrases(phrases: tuple[str, ...]) -> TermMatcher[bool] | None:
    from ...terms import expand_term

    if not phrases:
        return None
    return TermMatcher((v, True) for p in phrases for v in expand_term(p))


def _patterns(patterns: tuple[str, ...]) -> UserPattern | None:
    if not patterns:
        return None
    return UserPattern.ignoring_case("|".join(f"(?:{p})" for p in patterns))


def _found(
    text: str, start: int, end: int, phrases: TermMatcher[bool] | None, pattern: Any
) -> bool:
    """Whether a phrase or pattern occurs in ``text[start:end]``;
    ``TimeoutError`` when the pattern runs past its time limit."""
    piece = text[start:end]
    if phrases is not None and next(phrases.finditer(piece), None) is not None:
        return True
    return pattern is not None and pattern.search(piece, timeout=time_limit(piece)) is not None


#: How far after a match ``unless-after`` patterns read (characters).
_AFTER_REACH = 200


@register
class Context(Kind):
    name = "context"
    summary = "a phrase that is a problem only near (or away from) other words"
    fields: ClassVar[dict[str, Callable[[Any, Location], Any]]] = {"context": _parse_context}

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        spec: ContextSpec = rule.options["context"]
        self.spec = spec
        self._near = _phrases(spec.near)
        self._near_re = _patterns(spec.near_patterns)
        self._doc = _phrases(spec.in_document)
        self._unless = _phrases(spec.unless)
        self._unless_re = _patterns(spec.unless_patterns)
        self._unless_after = _patterns(spec.unless_after)
        self._unless_doc = _phrases(spec.unless_in_document)
        self._if_doc = _phrases(spec.if_in_document)

    @classmethod
    def validate(cls, rule: Rule) -> str | None:
        if "context" not in rule.options:
            return "a 'context' rule needs a 'context' mapping"
        return None

    def _document_phrases(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each kind of document-wide phrases (``in-document``,
        ``unless-in-document``, ``if-in-document``) with the rule's phrases."""
        spec = self.spec
        return (
            ("in-document", spec.in_document),
            ("unless-in-document", spec.unless_in_document),
            ("if-in-document", spec.if_in_document),
        )

    def _start_key(self, which: str) -> Hashable:
        """Where the engine's phrase pass leaves the starts of one kind of
        document-wide phrases."""
        return ("context-in-document", which, dict(self._document_phrases())[which])

    def starts(self) -> dict[Hashable, list[Variant]]:
        # Whether the document holds an ``in-document`` phrase is read from
        # the engine's one phrase pass, not from a pass of its own.
        from ...terms import expand_term

        return {
            self._start_key(which): [v for p in phrases for v in expand_term(p)]
            for which, phrases in self._document_phrases()
            if phrases
        }

    def document_phrases(self) -> dict[Hashable, Any]:
        found: dict[Hashable, Any] = {}
        if self._doc is not None:
            found[("in-document", self.rule.id)] = self._doc
        if self._unless_doc is not None:
            found[("unless-in-document", self.rule.id)] = self._unless_doc
        if self._if_doc is not None:
            found[("if-in-document", self.rule.id)] = self._if_doc
        return found

    def _in_document(self, doc: Document, which: str, phrases: TermMatcher[bool]) -> bool:
        key = (which, self.rule.id)
        if key not in doc.cache:
            found = doc.cache.get(("starts", self._start_key(which)))
            if isinstance(found, list):
                doc.cache[key] = bool(found)
            else:  # checked outside the engine's pass
                doc.cache[key] = next(phrases.finditer(doc.text), None) is not None
        return bool(doc.cache[key])

    def accept(self, doc: Document, start: int, end: int) -> bool:
        try:
            return self._accept(doc, start, end)
        except TimeoutError:
            raise RunawayPattern([self.rule.id], time_limit("")) from None

    def _accept(self, doc: Document, start: int, end: int) -> bool:
        spec = self.spec
        if self._unless_doc is not None and self._in_document(
            doc, "unless-in-document", self._unless_doc
        ):
            return False
        if self._if_doc is not None and not self._in_document(doc, "if-in-document", self._if_doc):
            return False
        if self._unless_after is not None:
            # (read a little way on: a pattern about what follows the match
            # is short, and the sentence need not be found for it)
            hi = min(len(doc.text), end + _AFTER_REACH)
            limit = time_limit(doc.text[end:hi])
            if self._unless_after.match(doc.text, end, hi, timeout=limit) is not None:
                return False
        needs = (
            self._near is not None
            or self._near_re is not None
            or self._doc is not None
            or spec.child
        )
        ok = not needs
        if not ok and (self._near is not None or self._near_re is not None):
            if spec.scope == "paragraph":
                # one answer per paragraph (a long one may hold many matches)
                lo, hi = paragraph(doc, start)
                answers = doc.cache.setdefault(("near-paragraph", self.rule.id), {})
                assert isinstance(answers, dict)
                if lo not in answers:
                    answers[lo] = _found(doc.text, lo, hi, self._near, self._near_re)
                ok = answers[lo]
            else:
                lo, hi = window(doc, start, end, spec.window)
                ok = _found(doc.text, lo, hi, self._near, self._near_re)
        if not ok and spec.child and self.env.child_referent is not None:
            ok = self.env.child_referent.near(doc, start, end, previous=spec.child is True)
            if not ok and spec.child is True:
                referent = self.env.child_referent
                ok = referent.earlier(doc, start, end) or referent.below(doc, start, end)
        if not ok and self._doc is not None:
            ok = self._in_document(doc, "in-document", self._doc)
        if ok and (self._unless is not None or self._unless_re is not None):
            s_start, s_end = sentences(doc).span(start)
            ok = not _found(doc.text, s_start, max(s_end, end), self._unless, self._unless_re)
        return ok
