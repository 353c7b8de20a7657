"""``termlint audit``: how an archive speaks of child sexual abuse, counted.

The audit reads documents (files, directories, and tables of documents:
:mod:`termlint.audit.inputs`), checks each with the configuration's
compiled engine (:mod:`termlint.audit.worker`), counts the findings in a
mergeable :class:`Aggregate` (:mod:`termlint.audit.aggregate`) and writes
the report as text, JSON, CSV tables or HTML (:mod:`termlint.audit.outputs`).
On a Dask cluster: :func:`audit_bag` and :func:`audit_dataframe`
(:mod:`termlint.audit.dask`), the same report. See docs/scale.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .aggregate import Aggregate, AuditOptions
    from .dask import audit_bag, audit_dataframe

__all__ = ["Aggregate", "AuditOptions", "audit_bag", "audit_dataframe"]

_LAZY = {
    "Aggregate": "aggregate",
    "AuditOptions": "aggregate",
    "audit_bag": "dask",
    "audit_dataframe": "dask",
}


def __getattr__(name: str) -> Any:
    # Dask and pandas are imported only by an audit that uses them.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'termlint.audit' has no attribute {name!r}")
