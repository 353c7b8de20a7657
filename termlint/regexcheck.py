"""Refuse rule patterns that can backtrack catastrophically.

A pattern such as ``(a+)+b`` or ``(?:\\w+\\s?)*x`` takes exponential time on
a line that almost matches: the outer repetition can split a run of
characters among the inner one's iterations in exponentially many ways. Rule
packs are data that anyone may share, so such patterns are rejected when the
pack is loaded, with their location, rather than left to hang an editor.

The check looks at the parsed pattern for a repetition without a small upper
bound (more than :data:`MAX_SAFE_REPEAT`) whose body is *ambiguous*: it
contains a repetition without a small bound, and everything else in the body
can match the empty string (``(a+)+``, ``(\\w+\\s?)*``, ``(a*b?)+``), or one
of its alternatives is such a body (``(a+|b)+``). Possessive repetitions and
atomic groups never backtrack and are accepted. ``(?:\\s+\\w+)*`` is accepted:
each iteration must hold both parts.

The check is a heuristic: patterns whose alternatives overlap (``(a|ab)*``)
pass it. Those are stopped at run time, when matching one document takes
longer than the time limit (see :mod:`termlint.engine`).
"""

from __future__ import annotations

from typing import Any

try:
    from re import _constants as C
    from re import _parser
except ImportError:  # pragma: no cover - another Python implementation
    _parser = None  # type: ignore[assignment]

#: Repetitions with at most this many iterations are bounded enough.
MAX_SAFE_REPEAT = 10


def _unbounded(op: Any, av: Any) -> bool:
    return op in (C.MAX_REPEAT, C.MIN_REPEAT) and (av[1] == C.MAXREPEAT or av[1] > MAX_SAFE_REPEAT)


def _items(sub: Any) -> list[tuple[Any, Any]]:
    """The items of a body, looking through a single capturing or plain group."""
    items = list(sub)
    while len(items) == 1 and items[0][0] is C.SUBPATTERN:
        items = list(items[0][1][-1])
    return items


def _min_width(sub: Any, items: list[tuple[Any, Any]]) -> int:
    return int(_parser.SubPattern(sub.state, items).getwidth()[0])


def _ambiguous(body: Any) -> bool:
    items = _items(body)
    if len(items) == 1 and items[0][0] is C.BRANCH:
        return any(_ambiguous(branch) for branch in items[0][1][1])
    for i, (op, av) in enumerate(items):
        if _unbounded(op, av) and _min_width(body, items[:i] + items[i + 1 :]) == 0:
            return True
    return False


def _walk(sub: Any) -> bool:
    for op, av in sub:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            if _unbounded(op, av) and _ambiguous(av[2]):
                return True
            if _walk(av[2]):
                return True
        elif op is C.SUBPATTERN:
            if _walk(av[-1]):
                return True
        elif op is C.BRANCH:
            if any(_walk(branch) for branch in av[1]):
                return True
        elif op in (C.ASSERT, C.ASSERT_NOT) and _walk(av[1]):
            return True
        # possessive repetitions and atomic groups never backtrack
    return False


def catastrophic(pattern: str) -> bool:
    """Whether ``pattern`` has a nested, ambiguous repetition. Patterns that
    Python's ``re`` cannot parse (``regex``-only syntax) are not judged."""
    if _parser is None:
        return False
    try:
        tree = _parser.parse(pattern)
    except Exception:  # regex-only syntax: left to the time limit
        return False
    return _walk(tree)
