"""Errors raised in a --jobs worker cross back to the parent process whole."""

import pickle

from termlint.errors import RunawayPattern


def test_a_runaway_pattern_error_survives_a_worker() -> None:
    error = pickle.loads(pickle.dumps(RunawayPattern(["my-rule"], 2.0)))
    assert error.rule_ids == ("my-rule",)
    assert "more than 2 s" in str(error)
