"""The audit on a real Dask cluster: a ``dask.distributed`` LocalCluster of
two worker processes on 127.0.0.1. The report of :func:`audit_dataframe`,
of :func:`audit_bag` and of ``termlint audit --scheduler`` (the installed
CLI) equals the single-process audit of the same table, compared as whole
JSON; the rules are compiled once per worker process."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_audit import _many_rows, write_parquet

if os.environ.get("CI"):
    import dask  # noqa: F401 - a test dependency: must be there in CI
    import distributed  # noqa: F401
else:
    pytest.importorskip("distributed")
    pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        ) as local,
        Client(local) as client,
    ):
        yield local, client


def test_dask_audits_equal_the_single_process_audit(cluster, run, tmp_path: Path) -> None:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    from termlint.audit import audit_bag, audit_dataframe

    local, client = cluster
    rows = _many_rows(400)
    write_parquet(tmp_path / "archive.parquet", rows)
    single = run("audit", "archive.parquet", "--format", "json", "-j", "1", "--period", "month")
    assert single.code == 0, single.err
    expected = json.loads(single.out)
    assert expected["totals"]["documents"] == 400 and expected["totals"]["findings"] > 300

    frame = pd.DataFrame(rows)
    for partitions in (1, 3, 7):
        got = audit_dataframe(dd.from_pandas(frame, npartitions=partitions), period="month")
        assert got == expected, partitions
    # straight from the table, by the workers
    got = audit_dataframe(dd.read_parquet(str(tmp_path / "archive.parquet")), period="month")
    assert got == expected
    assert audit_bag(db.from_sequence(rows, npartitions=5), period="month") == expected

    # the CLI, sending batches to the cluster
    result = run(
        "audit",
        "archive.parquet",
        "--format",
        "json",
        "--period",
        "month",
        "--scheduler",
        local.scheduler_address,
    )
    assert result.code == 0, result.err
    assert json.loads(result.out) == expected

    # each worker process compiled each configuration (the CLI's, run from
    # another directory, is another) once, however many partitions it checked
    def compiled() -> dict[str, int]:
        from termlint.audit import worker

        return dict(worker.COMPILED)

    per_worker = client.run(compiled)
    assert len(per_worker) == 2
    for counts in per_worker.values():
        assert counts and set(counts.values()) == {1}, per_worker


def test_a_worker_error_is_one_line(cluster, run, tmp_path: Path) -> None:
    import dask.dataframe as dd
    import pandas as pd

    from termlint.audit import audit_dataframe
    from termlint.errors import TermlintError

    frame = pd.DataFrame({"text": ["One.", "Two."], "date": ["2020-01-01", "yesterday"]})
    with pytest.raises(TermlintError, match=r"^1: not an ISO date: 'yesterday'"):
        audit_dataframe(dd.from_pandas(frame, npartitions=2))
    with pytest.raises(TermlintError, match="no column 'body'"):
        audit_dataframe(dd.from_pandas(frame, npartitions=1), text="body")
    report = audit_dataframe(dd.from_pandas(frame, npartitions=2), invalid_dates="undated")
    assert report["totals"]["invalid_dates"] == 1


def test_an_unreachable_scheduler(run, tmp_path: Path) -> None:
    (tmp_path / "t.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    result = run(
        "audit",
        "t.jsonl",
        "--scheduler",
        "tcp://127.0.0.1:9",
        env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"},
    )
    assert result.code == 2
    assert result.err.startswith(
        "termlint: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: "
    )
    assert result.err.count("\n") == 1
