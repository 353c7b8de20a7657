"""Precision and recall on the annotated development set must not fall below
the figures recorded in docs/quality.md."""

from __future__ import annotations

import pytest
from conftest import CORPUS, ROOT
from devset import family_of, load_annotations, run_termlint, score

#: (precision, recall) reached, per family; see docs/quality.md.
THRESHOLDS = {
    "all": (0.97, 1.00),
    "material": (0.97, 1.00),
    "people": (0.96, 1.00),
    "acts": (1.00, 1.00),
    "spelling": (1.00, 1.00),
}

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo"
)


@needs_corpus
def test_quality_on_the_development_set() -> None:
    scores = score(run_termlint(CORPUS), load_annotations())
    for family, (precision, recall) in THRESHOLDS.items():
        s = scores[family]
        assert s.precision >= precision, (family, s.precision, s.false_positives)
        assert s.recall >= recall, (family, s.recall, s.false_negatives)


def test_annotations_are_well_formed() -> None:
    annotations = load_annotations()
    assert len(annotations) > 500
    assert {a.file[:3] for a in annotations} == {"000", "001", "002", "003", "004"}
    for a in annotations:
        assert a.label in ("flag", "ok"), a
        assert a.family == family_of(a.rule), a
        assert a.label == "flag" or a.reason, a


def test_scorer_counts_what_it_should() -> None:
    from devset import Annotation

    annotations = [
        Annotation(
            "x.txt", 1, 1, "child-pornography", "material", "flag", "prose", "child pornography"
        ),
        Annotation(
            "x.txt", 2, 1, "child-pornography", "material", "ok", "name", "Child Pornography"
        ),
        Annotation(
            "x.txt", 3, 1, "child-pornography", "material", "flag", "prose", "child pornography"
        ),
    ]
    findings = [
        {
            "path": "x.txt",
            "line": 1,
            "column": 1,
            "rule": "child-pornography",
            "severity": "error",
            "text": "a",
        },
        {
            "path": "x.txt",
            "line": 2,
            "column": 1,
            "rule": "child-pornography",
            "severity": "error",
            "text": "b",
        },
        {
            "path": "x.txt",
            "line": 4,
            "column": 1,
            "rule": "child-pornography",
            "severity": "info",
            "text": "c",
        },
    ]
    s = score(findings, annotations)["material"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert (s.precision, s.recall) == (0.5, 0.5)


def test_quality_doc_records_the_thresholds() -> None:
    text = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    for family in THRESHOLDS:
        assert f"| {family} |" in text
