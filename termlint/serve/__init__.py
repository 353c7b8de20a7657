"""``termlint serve``: termlint over HTTP, for a team or a browser.

A Starlette application (:mod:`.app`) served by uvicorn: a browser page, a
JSON API described by OpenAPI (:mod:`.openapi`) and LanguageTool's HTTP API
(:mod:`.languagetool`), all on one :class:`termlint.service.Service`. The
command itself is :mod:`termlint.serve_command`.
"""

from __future__ import annotations

from .app import ServeOptions, create_app

__all__ = ["ServeOptions", "create_app"]
