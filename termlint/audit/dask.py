"""The audit on a Dask cluster (``pip install 'termlint[audit]'``).

:func:`audit_bag` and :func:`audit_dataframe` audit a Dask bag or DataFrame
where it lies: each partition is checked by a worker, which compiles the
rules once (per process, keyed by the configuration), and the partial
aggregates are merged exactly, in a tree. The configuration travels as data
in the task graph, once: workers need only termlint (the same version)
installed. See docs/scale.md.

:func:`audit_on_scheduler` is ``termlint audit --scheduler ADDRESS``: this
process reads the inputs and sends batches of documents to the cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .aggregate import Aggregate, AuditOptions
from .worker import AuditSpec, audit_items, audit_records, merge_all

if TYPE_CHECKING:
    from ..config import Config
    from .inputs import Item

INSTALL = "pip install 'termlint[audit]'"


def _need_dask() -> None:
    try:
        import dask
        import dask.bag  # noqa: F401
    except ImportError:
        raise InputError(f"auditing on Dask needs dask: {INSTALL}") from None


def _spec(
    config: Config | str | Path | None,
    options: AuditOptions | None,
    invalid_dates: str,
    input_format: str,
    overrides: dict[str, Any],
) -> AuditSpec:
    from ..config import Config, load_config

    if not isinstance(config, Config):
        config = load_config(config)
    base = options or AuditOptions()
    if overrides:
        import dataclasses

        base = dataclasses.replace(base, **overrides)
    _check_options(base, invalid_dates)
    return AuditSpec.of(config, base, invalid_dates=invalid_dates, input_format=input_format)


def _check_options(options: AuditOptions, invalid_dates: str) -> None:
    from ..errors import ConfigError
    from ..findings import SEVERITIES

    if options.period not in ("year", "month"):
        raise ConfigError(f"period must be 'year' or 'month', not {options.period!r}")
    if options.min_severity not in SEVERITIES:
        raise ConfigError(f"min_severity must be one of {', '.join(SEVERITIES)}")
    if invalid_dates not in ("error", "undated"):
        raise ConfigError(f"invalid_dates must be 'error' or 'undated', not {invalid_dates!r}")


def audit_bag(
    bag: Any,
    config: Config | str | Path | None = None,
    *,
    text: str = "text",
    id: str | None = "id",
    date: str | None = "date",
    source: str | None = "source",
    url: str | None = "url",
    options: AuditOptions | None = None,
    invalid_dates: str = "error",
    input_format: str = "text",
    split_every: int = 8,
    **option_values: Any,
) -> dict[str, Any]:
    """Audit a Dask bag of documents and return the report, as ``termlint
    audit --format json`` writes it.

    Each element is a mapping with the document's text under ``text`` and,
    optionally, its id, date, source and url under the keys named (None: no
    such key), or just a text. A document without an id is named ``record
    N`` by its place in its partition: give ids for a sample that does not
    depend on the partitioning. ``config`` is a loaded configuration, the
    path of a configuration file, or None (the one discovered from the
    current directory). ``options`` (or keyword arguments of the same names:
    ``period="month"``, ``sample=50``, ``top``, ``min_severity``,
    ``subject``) say what is counted; ``invalid_dates="undated"`` counts a
    document with an unreadable date as undated instead of stopping;
    ``input_format`` reads the texts as ``markdown``, ``html``... The bag is
    computed with the current Dask scheduler (a ``dask.distributed.Client``
    if one is active)."""
    _need_dask()
    import dask

    spec = _spec(config, options, invalid_dates, input_format, option_values)
    columns = {"text": text, "id": id, "date": date, "source": source, "url": url}
    shipped = dask.delayed(spec, pure=True, traverse=False)
    parts = bag.map_partitions(_partition, shipped, columns)
    merged = parts.reduction(_merge_partition, _merge_partition, split_every=split_every)
    result: Aggregate = merged.compute()
    return result.to_dict()


def audit_dataframe(
    df: Any,
    config: Config | str | Path | None = None,
    *,
    text: str = "text",
    id: str | None = None,
    date: str | None = None,
    source: str | None = None,
    url: str | None = None,
    **keywords: Any,
) -> dict[str, Any]:
    """Audit a Dask DataFrame with a text column ``text`` and optional
    ``id``, ``date``, ``source`` and ``url`` columns (by default those of
    these names that the frame has; a column named must exist). Without an
    id column a document's id is its index value. The other arguments are
    those of :func:`audit_bag`; the result is the same report.

    For example, straight from object storage (with s3fs installed)::

        import dask.dataframe as dd
        from dask.distributed import Client
        from termlint.audit import audit_dataframe

        client = Client("tcp://scheduler:8786")
        df = dd.read_parquet("s3://archive/stories/*.parquet", columns=["id", "body", "date"])
        report = audit_dataframe(df, text="body", period="month")
    """
    _need_dask()
    names = list(df.columns)
    chosen: dict[str, str | None] = {}
    given_columns = {"text": text, "id": id, "date": date, "source": source, "url": url}
    for field, given in given_columns.items():
        if given is not None:
            if given not in names:
                from ..errors import did_you_mean

                raise InputError(
                    f"no column '{given}'{did_you_mean(given, [str(n) for n in names])} "
                    f"(its columns: {', '.join(str(n) for n in names)})"
                )
            chosen[field] = given
        else:
            chosen[field] = field if field in names else None
    wanted = list(dict.fromkeys(c for c in chosen.values() if c is not None))
    frame = df[wanted]
    index_id = chosen["id"] is None
    if index_id:
        frame = frame.assign(__termlint_id__=frame.index)
        chosen["id"] = "__termlint_id__"
    bag = frame.to_bag(index=False, format="dict")
    return audit_bag(bag, config, **{k: v for k, v in chosen.items()}, **keywords)


def _partition(
    records: Iterable[Any], spec: AuditSpec, columns: dict[str, str | None]
) -> list[Aggregate]:
    return [audit_records(spec, records, columns)]


def _merge_partition(aggregates: Iterable[Aggregate]) -> Aggregate:
    found = list(aggregates)
    if not found:
        raise ValueError("an empty bag")
    return merge_all(found)


# --------------------------------------------------------------------------- the CLI


def connect(address: str) -> Any:
    """A client of the Dask scheduler at ``address``; a one-line error if
    Dask is not installed or the scheduler cannot be reached in Dask's
    connect timeout (``distributed.comm.timeouts.connect``, 30 s by default;
    ``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s`` changes it)."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise InputError(f"--scheduler needs dask.distributed: {INSTALL}") from None
    try:
        return Client(address)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"cannot reach the Dask scheduler at {address}: {message}") from None


def audit_on_scheduler(
    client: Any,
    spec: AuditSpec,
    batches: Iterator[list[Item]],
    *,
    on_done: Callable[[list[Item], Aggregate], None],
    in_flight: int | None = None,
) -> Aggregate:
    """Check ``batches`` on the cluster of ``client``, a few at a time (so
    that an archive of any size is never all in memory), and merge their
    aggregates as they come back."""
    from dask.distributed import wait

    workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
    limit = in_flight or 2 * workers
    [shipped] = client.scatter([spec], broadcast=True, hash=False)
    total = Aggregate(spec.options)
    pending: dict[Any, list[Item]] = {}

    def collect(done: Iterable[Any]) -> None:
        for future in done:
            batch = pending.pop(future)
            part = future.result()  # a worker's error is raised here
            total.merge(part)
            on_done(batch, part)

    for batch in batches:
        future = client.submit(audit_items, shipped, batch, pure=False)
        pending[future] = batch
        if len(pending) >= limit:
            collect(wait(list(pending), return_when="FIRST_COMPLETED").done)
    while pending:
        collect(wait(list(pending), return_when="FIRST_COMPLETED").done)
    return total
