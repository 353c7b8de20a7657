"""Protected spans: places where a match is acceptable.

One general mechanism serves every rule. A protected span comes from

* a protected **name** of a pack (``names:``: statutes, treaties,
  organisations, units, operations, titles); it protects matches of every rule;
* a rule's own **exceptions** (``exceptions:``); they protect that rule only.

A match is silenced only when a protected span covers it entirely; other uses
of the same term in the same sentence are still reported.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..document import Document
from .matcher import TermMatcher


@dataclass
class Protected:
    """The protected spans found in one document."""

    #: (start, end, rule id or None for every rule, label), sorted by start.
    spans: list[tuple[int, int, str | None, str]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _longest: int = 0

    def finish(self) -> Protected:
        self.spans.sort(key=lambda s: (s[0], -s[1]))
        self._starts = [s[0] for s in self.spans]
        self._longest = max((s[1] - s[0] for s in self.spans), default=0)
        return self

    def covering(self, start: int, end: int, rule_id: str) -> str | None:
        """A label for the span protecting ``[start, end)`` for ``rule_id``, or None."""
        if not self.spans:
            return None
        i = bisect.bisect_right(self._starts, start) - 1
        while i >= 0:
            s, e, scope, label = self.spans[i]
            if s < start - self._longest:
                break
            if e >= end and (scope is None or scope == rule_id):
                return label
            i -= 1
        return None


class Exemptions:
    def __init__(self, phrases: TermMatcher[tuple[str | None, str]]) -> None:
        self._phrases = phrases

    def scan(self, doc: Document) -> Protected:
        found = Protected()
        for start, end, payloads in self._phrases.finditer(doc.text):
            for scope, phrase in payloads:
                label = f"name: {phrase}" if scope is None else f"exception: {phrase}"
                found.spans.append((start, end, scope, label))
        return found.finish()
