"""What one audit worker does per second, and what the reading side costs.

A table of documents is built from the passages of ``../shared/devcorpus``
(each passage one document, repeated with ids, sources and dates until the
table holds ``--documents`` rows), written as JSON Lines and Parquet under
``bench/out/`` (not committed). Then, each measured ``--repeat`` times (the
best run is kept):

* **worker**: :func:`termlint.audit.worker.audit_items` in this process, the
  work a Dask worker or a ``--jobs`` process does on a batch (build each
  document, check it, count it), in documents and MB of text per second;
* **read**: the reader of ``termlint audit`` going through the table (JSON
  Lines, Parquet), without checking: what the process that sends batches
  to a cluster does per second;
* **cli -j 1**: the whole ``termlint audit --format json -j 1`` command
  on the Parquet table (start-up, reading, checking and the report);
* **cluster** (``--cluster``): ``termlint audit --scheduler`` on a
  LocalCluster of two worker processes of one thread each.

    python bench/bench_audit.py [--documents 20000] [--repeat 3] [--cluster]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEVCORPUS = HERE.parent.parent / "shared" / "devcorpus"
OUT = HERE / "out"


def build_table(documents: int, seed: int = 11) -> tuple[Path, Path, int]:
    """The JSON Lines and Parquet tables, and the bytes of text in them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    passages = [p.read_text(encoding="utf-8") for p in sorted(DEVCORPUS.glob("*.txt"))]
    if not passages:
        sys.exit(f"no passages in {DEVCORPUS}")
    rng = random.Random(seed)
    sources = [f"outlet-{k}" for k in range(12)]
    rows = [
        {
            "id": f"doc-{i}",
            "text": passages[i % len(passages)],
            "date": f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "source": rng.choice(sources),
        }
        for i in range(documents)
    ]
    OUT.mkdir(exist_ok=True)
    jsonl = OUT / "audit-table.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    parquet = OUT / "audit-table.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet, row_group_size=4096)
    text_bytes = sum(len(r["text"].encode("utf-8")) for r in rows)
    return jsonl, parquet, text_bytes


def best(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cluster", action="store_true")
    args = parser.parse_args()

    from termlint.audit.aggregate import AuditOptions
    from termlint.audit.inputs import Reader
    from termlint.audit.worker import AuditSpec, audit_items
    from termlint.config import load_config

    jsonl, parquet, text_bytes = build_table(args.documents)
    mb = text_bytes / 1e6
    n = args.documents
    print(f"table: {n:,} documents, {mb:.1f} MB of text ({DEVCORPUS.name} passages repeated)")
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}"
    )

    reader = Reader()
    items = list(reader.items((str(parquet),)))
    spec = AuditSpec.of(load_config(), AuditOptions())
    spec.config().engine()
    seconds = best(args.repeat, lambda: audit_items(spec, items))
    print(
        f"worker (audit_items, one process): {n / seconds:,.0f} documents/s, "
        f"{mb / seconds:.2f} MB/s"
    )
    for table in (jsonl, parquet):
        seconds = best(args.repeat, lambda t=table: sum(1 for _ in Reader().items((str(t),))))
        size = table.stat().st_size / 1e6
        print(
            f"read {table.suffix[1:]} ({size:.1f} MB file): {n / seconds:,.0f} documents/s, "
            f"{mb / seconds:.1f} MB of text/s"
        )
    termlint = shutil.which("termlint", path=os.path.dirname(sys.executable)) or "termlint"
    command = [termlint, "audit", str(parquet), "--format", "json", "-j", "1"]
    seconds = best(args.repeat, lambda: subprocess.run(command, check=True, capture_output=True))
    print(
        f"cli -j 1 (whole command): {seconds:.2f} s, {n / seconds:,.0f} documents/s, "
        f"{mb / seconds:.2f} MB/s"
    )
    if args.cluster:
        from dask.distributed import LocalCluster

        with LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster:
            command = [termlint, "audit", str(parquet), "--format", "json"]
            command += ["--scheduler", cluster.scheduler_address]
            seconds = best(
                args.repeat, lambda: subprocess.run(command, check=True, capture_output=True)
            )
            print(
                f"cli --scheduler (LocalCluster, 2 worker processes): {seconds:.2f} s, "
                f"{n / seconds:,.0f} documents/s, {mb / seconds:.2f} MB/s"
            )


if __name__ == "__main__":
    main()
