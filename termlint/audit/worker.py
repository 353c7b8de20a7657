"""Checking documents for an audit, in this process, in worker processes, or
on the workers of a Dask cluster.

An :class:`AuditSpec` is everything a worker needs: the configuration as
data (the loaded rule packs, pickled: a worker on another machine needs only
termlint installed, not the packs' files) and the audit's options. Each
process compiles the rules of a configuration once and keeps the engine,
keyed by a digest of the configuration (:func:`config_of`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..config import Config
from ..errors import ConfigError, RunawayPattern, TermlintError
from ..formats import to_document
from .aggregate import Aggregate, AuditOptions, RuleInfo
from .inputs import Item, parse_date, period_of

#: Compiled configurations of this process, by digest, and how many times
#: each was compiled here (once).
_CONFIGS: dict[str, Config] = {}
COMPILED: Counter[str] = Counter()
_LOCK = threading.Lock()


@dataclass(frozen=True)
class AuditSpec:
    """A configuration (as bytes) and the options of an audit."""

    config_data: bytes
    digest: str
    options: AuditOptions
    version: str = __version__
    #: ``error`` or ``undated``: what a date that cannot be read does (for
    #: rows read by the workers themselves, see termlint.audit.dask).
    invalid_dates: str = "error"
    #: The format of texts that come without one.
    input_format: str = "text"
    _subject: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def of(
        cls,
        config: Config,
        options: AuditOptions,
        *,
        invalid_dates: str = "error",
        input_format: str = "text",
    ) -> AuditSpec:
        """The spec of an audit with ``config``, which this process keeps
        (already compiled, if it is)."""
        for pattern in options.subject:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(
                    f"--subject: invalid regular expression {pattern!r}: {exc}"
                ) from None
        data = pickle.dumps(dataclasses.replace(config, _engine=None), protocol=5)
        digest = hashlib.sha256(data).hexdigest()
        with _LOCK:
            _CONFIGS.setdefault(digest, config)
        return cls(data, digest, options, invalid_dates=invalid_dates, input_format=input_format)

    def __getstate__(self) -> dict[str, Any]:
        state = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        state["_subject"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)

    def config(self) -> Config:
        return config_of(self)

    def rules(self) -> dict[str, RuleInfo]:
        from .aggregate import OTHER

        return {
            r.id: RuleInfo(r.category or OTHER, r.severity) for r in self.config().active_rules()
        }

    def subject(self) -> Any:
        """The subject's patterns as one compiled expression, or None."""
        if not self.options.subject:
            return None
        if self._subject is None:
            joined = "|".join(f"(?:{p})" for p in self.options.subject)
            object.__setattr__(self, "_subject", re.compile(joined, re.IGNORECASE))
        return self._subject


def config_of(spec: AuditSpec) -> Config:
    """The configuration of ``spec``, compiled once in this process."""
    found = _CONFIGS.get(spec.digest)
    if found is None:
        if spec.version != __version__:
            raise ConfigError(
                f"this worker runs termlint {__version__}, the audit was started with "
                f"termlint {spec.version}: install the same version everywhere"
            )
        with _LOCK:
            found = _CONFIGS.get(spec.digest)
            if found is None:
                found = pickle.loads(spec.config_data)
                found.engine()
                _CONFIGS[spec.digest] = found
                COMPILED[spec.digest] += 1
    return found


def audit_items(spec: AuditSpec, items: Iterable[Item]) -> Aggregate:
    """Check ``items`` and count them in a new :class:`Aggregate`."""
    config = config_of(spec)
    engine = config.engine()
    rules = spec.rules()
    subject = spec.subject()
    options = spec.options
    aggregate = Aggregate(options)
    for item in items:
        if item.bad_date:
            aggregate.invalid_dates += 1
        doc = item.doc
        if doc is None:
            if item.text is None or not item.text.strip():
                aggregate.add_document_without_text()
                continue
            doc = to_document(item.id, item.text, item.fmt, front_matter=config.front_matter)
        try:
            findings = engine.check(doc)
        except RunawayPattern as exc:
            aggregate.add_error(f"{item.id}: {exc}")
            continue
        aggregate.add(
            doc_id=item.id,
            source=item.source,
            period=period_of(item.date, options.period),
            date=item.date,
            url=item.url,
            text=doc.source,
            checked_text=doc.text,
            findings=findings,
            rules=rules,
            on_subject=subject is None or subject.search(doc.text) is not None,
        )
    return aggregate


def audit_records(
    spec: AuditSpec, records: Iterable[Any], columns: dict[str, str | None]
) -> Aggregate:
    """Check records (dicts, or texts) as a Dask worker receives them:
    ``columns`` names the record keys of ``text``, ``id``, ``date``,
    ``source`` and ``url`` (None: none)."""

    def get(record: Any, field_name: str) -> Any:
        key = columns.get(field_name)
        return record.get(key) if key is not None else None

    def items() -> Iterable[Item]:
        from .inputs import NO_SOURCE, _label, _text_value

        for n, record in enumerate(records):
            if isinstance(record, str):
                record = {columns["text"]: record}
            if not isinstance(record, dict):
                raise TermlintError(
                    f"a record must be a text or a mapping, not {type(record).__name__}"
                )
            doc_id = _label(get(record, "id")) or f"record {n + 1}"
            bad = False
            try:
                date = parse_date(get(record, "date"))
            except ValueError as exc:
                if spec.invalid_dates != "undated":
                    raise TermlintError(
                        f"{doc_id}: {exc} (dates are ISO 8601, e.g. 2019-05-03, 2019-05 or "
                        "2019; invalid_dates='undated' counts such documents as undated)"
                    ) from None
                date, bad = None, True
            text = _text_value(get(record, "text"), lambda doc_id=doc_id: doc_id)
            yield Item(
                id=doc_id,
                source=_label(get(record, "source")) or NO_SOURCE,
                date=date,
                url=_label(get(record, "url")),
                text=text,
                fmt=spec.input_format,
                bad_date=bad,
            )

    return audit_items(spec, items())


def merge_all(aggregates: Iterable[Aggregate]) -> Aggregate:
    """One aggregate of many (their order does not matter)."""
    total: Aggregate | None = None
    for one in aggregates:
        if total is None:
            total = Aggregate(one.options)
        total.merge(one)
    if total is None:
        raise ValueError("nothing to merge")
    return total
