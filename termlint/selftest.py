"""Run the ``examples`` of rules: every ``bad`` example must be flagged by its
rule, no ``good`` example may be. Used by ``termlint test-rules`` and the tests.

A finding that an exemption downgraded to ``info`` (a quotation, a legal
definition) does not count as flagged: such an example is ``good``."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Document
from .engine import Engine
from .errors import Location
from .ruleset import RuleSet


@dataclass(frozen=True)
class ExampleFailure:
    rule: str
    which: str
    text: str
    problem: str
    origin: Location

    def __str__(self) -> str:
        return f"{self.origin}: [{self.rule}] {self.which} example {self.text!r}: {self.problem}"


def run_examples(ruleset: RuleSet) -> tuple[int, list[ExampleFailure]]:
    """Return (number of examples run, failures)."""
    engine = Engine(
        list(ruleset.rules.values()),
        ruleset.names,
        ruleset.exemptions,
        acronyms=ruleset.acronyms,
        child_referent=ruleset.child_referent,
    )
    failures: list[ExampleFailure] = []
    count = 0
    # an example is written in its rule's language: no paragraph of it is identified
    by_language = {None: engine}
    for rule in ruleset.rules.values():
        origin = rule.locs.get("examples", rule.origin)
        if rule.language not in by_language:
            by_language[rule.language] = engine.with_language(rule.language)
        checker = by_language[rule.language]
        for which, examples in (("bad", rule.bad), ("good", rule.good)):
            for example in examples:
                count += 1
                doc = Document(path="<example>", source=example.text, text=example.text)
                mine = [f for f in checker.check(doc) if f.rule == rule.id and f.note is None]
                if which == "good" and mine:
                    found = ", ".join(repr(f.text) for f in mine)
                    failures.append(
                        ExampleFailure(rule.id, which, example.text, f"flagged {found}", origin)
                    )
                elif which == "bad" and not mine:
                    failures.append(
                        ExampleFailure(rule.id, which, example.text, "not flagged", origin)
                    )
                elif which == "bad" and example.match is not None:
                    texts = [" ".join(f.text.split()) for f in mine]
                    if example.match not in texts:
                        failures.append(
                            ExampleFailure(
                                rule.id,
                                which,
                                example.text,
                                f"expected a match of {example.match!r}, found "
                                + ", ".join(repr(t) for t in texts),
                                origin,
                            )
                        )
    return count, failures
