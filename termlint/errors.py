"""Error types. Every error a user can cause is a :class:`TermlintError` and is
printed as one line by the CLI (exit code 2), never as a traceback."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Location(NamedTuple):
    """A position in a rule pack or configuration file (1-based). (A named
    tuple: a compiled configuration holds many, and loads them at start.)"""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class TermlintError(Exception):
    """A user-facing error: bad input, bad configuration, bad rule pack."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(str(self))

    def __str__(self) -> str:
        # Never let a multi-line message through: the CLI promises one line.
        msg = " ".join(self.message.split())
        return f"{self.location}: {msg}" if self.location else msg


class RuleError(TermlintError):
    """A malformed rule pack."""


class ConfigError(TermlintError):
    """A malformed configuration file or option."""


class RunawayPattern(TermlintError):
    """A rule's regular expression ran past its time limit on one document.
    The document is not checked; other documents are."""

    def __init__(self, rule_ids: Iterable[str], seconds: float) -> None:
        self.rule_ids = tuple(rule_ids)
        self.seconds = seconds
        names = ", ".join(f"'{r}'" for r in self.rule_ids) or "(unknown)"
        which = "rule" if len(self.rule_ids) == 1 else "one of the rules"
        super().__init__(
            f"{which} {names}: a pattern ran for more than {round(seconds, 1):g} s "
            "(a runaway regular expression?); this file was not checked"
        )

    def __reduce__(self) -> tuple[type[RunawayPattern], tuple[tuple[str, ...], float]]:
        # raised in a --jobs worker, it crosses back to the parent whole
        return (type(self), (self.rule_ids, self.seconds))


class InputError(TermlintError):
    """A file that cannot be checked: missing, binary, undecodable."""


def shown(text: str) -> str:
    """``text`` in single quotes as its author wrote it (a pattern's
    backslashes are not doubled, so positions in a message count the same
    characters), with only line breaks and other control characters escaped
    to keep a message on one line."""
    return "'" + "".join(_escaped(ch) for ch in text) + "'"


def _escaped(ch: str) -> str:
    if ch.isprintable() or ch == " ":
        return ch
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or f"\\u{ord(ch):04x}"


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest valid name, or ``""``."""
    import difflib  # only for a mistake: not at start-up

    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""
