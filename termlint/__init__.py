"""termlint: a terminology and style linter for writing about child sexual
abuse and exploitation.

Python API::

    import termlint

    config = termlint.load_config()            # discovered, or the default pack
    for f in termlint.lint_text("Child pornography is...", config=config):
        print(f.line, f.column, f.rule, f.message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .config import Config, load_config
    from .findings import Finding
    from .linter import lint_file, lint_text

__all__ = ["Config", "Finding", "__version__", "lint_file", "lint_text", "load_config"]

_LAZY = {
    "Config": "config",
    "load_config": "config",
    "Finding": "findings",
    "lint_text": "linter",
    "lint_file": "linter",
}


def __getattr__(name: str) -> Any:
    # Imported lazily so that ``termlint --version`` and start-up stay fast.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'termlint' has no attribute {name!r}")
