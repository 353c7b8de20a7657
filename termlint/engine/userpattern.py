"""User patterns (rules' ``patterns``, context and cue patterns), compiled with
:mod:`regex` on first use.

A configuration holds patterns that most documents never need: a pattern with
a literal start is tried only where that word occurs (see
:mod:`~termlint.engine.prefilter`), a context rule's patterns only around its
own matches. Compiling them all, and importing ``regex`` (10 to 15 ms), at
every start-up costs a short run more than its check. A :class:`UserPattern`
is pickled as its source and flags, so a cached configuration loads without
either; the first search compiles it.

Every pattern is compiled once when its configuration is built (which also
validates it), so a later compilation of the same source cannot fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import regex


class UserPattern:
    """A ``regex`` pattern, compiled when first searched with."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = int(flags)  # not a RegexFlag: loading one would import regex
        self._compiled: regex.Pattern[str] | None = None

    @classmethod
    def compile(cls, pattern: str, flags: int = 0) -> UserPattern:
        """A pattern compiled now: errors show when a configuration is built."""
        made = cls(pattern, flags)
        made.compiled()
        return made

    @classmethod
    def ignoring_case(cls, pattern: str) -> UserPattern:
        """:meth:`compile` with ``regex.IGNORECASE``, as termlint compiles
        every user pattern (a rule may turn it off inside with ``(?-i:...)``)."""
        import regex

        return cls.compile(pattern, regex.IGNORECASE)

    def compiled(self) -> regex.Pattern[str]:
        found = self._compiled
        if found is None:
            import regex

            found = self._compiled = regex.compile(self.pattern, self.flags)
        return found

    def search(self, string: str, *args: Any, **kwargs: Any) -> regex.Match[str] | None:
        return self.compiled().search(string, *args, **kwargs)

    def match(self, string: str, *args: Any, **kwargs: Any) -> regex.Match[str] | None:
        return self.compiled().match(string, *args, **kwargs)

    def finditer(self, string: str, *args: Any, **kwargs: Any) -> Iterator[regex.Match[str]]:
        return self.compiled().finditer(string, *args, **kwargs)

    def __reduce__(self) -> tuple[type[UserPattern], tuple[str, int]]:
        return UserPattern, (self.pattern, self.flags)

    def __repr__(self) -> str:
        return f"UserPattern({self.pattern!r}, {self.flags})"


class ShortPattern:
    """A user pattern searched only in short pieces of text (the frame of a
    match, a few dozen characters around it), compiled on first use with the
    standard library's :mod:`re` when its syntax means the same there (no
    ``regex`` import or compilation for a document that needs only these),
    else with ``regex`` as a :class:`UserPattern`. Patterns with ambiguous
    nested repetitions are refused when their pack is loaded, and the pieces
    are short, so ``re`` needs no time limit."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: Any = None

    def _get(self) -> Any:
        found = self._compiled
        if found is None:
            import re

            from .prefilter import REGEX_ONLY

            if not REGEX_ONLY.search(self.pattern):
                from .compiled import compile_cached

                try:
                    # (a large pattern's compiled program is kept between runs)
                    found = compile_cached(self.pattern, re.IGNORECASE, min_source=300)
                except (re.error, OverflowError, RecursionError):
                    found = None
            if found is None:
                found = UserPattern.ignoring_case(self.pattern)
            self._compiled = found
        return found

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        found = self._get()
        end = len(string) if endpos is None else endpos
        if isinstance(found, UserPattern):
            return found.search(string, pos, end, timeout=1.0)
        return found.search(string, pos, end)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        found = self._get()
        end = len(string) if endpos is None else endpos
        if isinstance(found, UserPattern):
            return found.match(string, pos, end, timeout=1.0)
        return found.match(string, pos, end)

    def __reduce__(self) -> tuple[type[ShortPattern], tuple[str]]:
        return ShortPattern, (self.pattern,)
