"""The ASGI application of ``termlint serve`` (Starlette).

:func:`create_app` wraps one :class:`termlint.service.Service` (its
configuration found and its engine compiled once, shared by every request)
in these endpoints:

* ``GET /`` and ``/static/...``: the browser page;
* ``POST /api/check``, ``/api/fix``, ``/api/file``, ``/api/review``,
  ``GET /api/rules``, ``/api/rules/{id}``: the JSON API, described by the
  OpenAPI document at ``GET /openapi.json`` (:mod:`.openapi`);
* ``POST /v2/check``, ``GET /v2/languages``: LanguageTool's API
  (:mod:`.languagetool`).

Every answer carries a strict Content-Security-Policy and
``X-Content-Type-Options: nosniff``. Errors are JSON, ``{"error": {"code",
"message"}}``, or under ``/v2`` plain ``Error: message`` as LanguageTool
answers; never a traceback. Request bodies over ``max_bytes`` are refused
(413), by their Content-Length and by counting what arrives; each check runs
in a worker thread with a time limit (503 when it runs out); a request from a
web page of another origin is refused (403) unless that origin is
configured, and then answered with CORS headers. With a token, ``/api/*``
needs ``Authorization: Bearer TOKEN`` and ``/v2/check`` the token as its
``apiKey`` field (or the same header).
"""

from __future__ import annotations

import functools
import hmac
import json
import os
import re
import sys
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import ConfigError, RunawayPattern, TermlintError, did_you_mean
from ..language import AUTO
from ..service import Checked, Service, _safe_name
from . import languagetool as lt
from .forms import MULTIPART, Form, FormError, media_type, parse_form

STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_TIMEOUT = 30.0

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; object-src 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
#: Fields of the JSON body of /api/check and /api/fix.
TEXT_FIELDS = ("text", "filename", "format", "select", "ignore", "language")
MAX_AUTHOR = 100


@dataclass(frozen=True)
class ServeOptions:
    """What ``termlint serve`` was asked for, beyond the configuration."""

    token: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    cors_origins: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServeOptions:
        data = json.loads(text)
        data["cors_origins"] = tuple(data.get("cors_origins", ()))
        return cls(**data)


def log(message: str) -> None:
    """One line on the server's standard error."""
    print(f"termlint serve: {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------- errors


class ApiError(Exception):
    """A request refused, with its HTTP status and a one-line message."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


class BodyTooLarge(Exception):
    """The request body ran over the limit while it was read."""


def json_error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def lt_error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    """An error as LanguageTool's server answers one: plain text."""
    return PlainTextResponse(f"Error: {message}", status_code=status, headers=headers)


def _renderer(path: str) -> Callable[..., Response]:
    return lt_error if path.startswith("/v2/") else json_error


def _too_large(limit: int, size: int | None = None) -> str:
    got = f" ({size:,} bytes)" if size is not None else ""
    return f"the request body{got} is larger than this server's limit of {limit:,} bytes"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------- middleware


class Guard:
    """The outermost layer: security headers on every answer, and requests
    from web pages of origins that are not allowed refused (403)."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        self.app = app
        self.origins = frozenset(origins)
        self.any_origin = "*" in self.origins
        self._logged: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0] not in _SECURITY_NAMES]
                headers += SECURITY_HEADERS
                if scope["path"].startswith(("/api/", "/v2/")):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        origin = _header(scope, b"origin")
        if origin is not None and not self._allowed(origin, _header(scope, b"host")):
            if origin not in self._logged and len(self._logged) < 100:
                self._logged.add(origin)
                log(
                    f"refused a request from the web origin {origin!r}; "
                    f"to allow it, start the server with --cors-origin {origin}"
                )
            render = _renderer(scope["path"])
            response = render(
                403,
                "origin_not_allowed",
                f"requests from the web origin '{_one_line(origin)}' are not allowed "
                "by this server (see --cors-origin)",
            )
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _allowed(self, origin: str, host: str | None) -> bool:
        if self.any_origin or origin in self.origins:
            return True
        # the server's own page: same host and port
        return host is not None and urlsplit(origin).netloc.lower() == host.lower()


_SECURITY_NAMES = frozenset(name for name, _ in SECURITY_HEADERS)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")  # type: ignore[no-any-return]
    return None


class BodyLimit:
    """Bodies over ``limit`` bytes: refused by their Content-Length before
    they are read, else stopped (:class:`BodyTooLarge`) as soon as what
    has arrived passes the limit, a chunked body as much as any."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        render = _renderer(scope["path"])
        length = _header(scope, b"content-length")
        if length is not None:
            if not length.strip().isdigit():
                await render(400, "bad_request", "the Content-Length header is not a number")(
                    scope, receive, send
                )
                return
            if int(length) > self.limit:
                response = render(413, "too_large", _too_large(self.limit, int(length)))
                await response(scope, receive, send)
                return
        seen = 0
        limit = self.limit

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    await _drain(receive, message, limit)
                    raise BodyTooLarge(_too_large(limit))
            return message

        await self.app(scope, counted, send)


async def _drain(receive: Receive, message: Message, budget: int) -> None:
    """Read and drop what is left of a body refused for its size, up to
    ``budget`` bytes more, so that the client, still sending, reads the
    answer rather than a reset connection."""
    while message.get("more_body") and budget > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        budget -= len(message.get("body", b""))


# --------------------------------------------------------------------- app


@dataclass
class _State:
    service: Service
    options: ServeOptions
    rule_infos: dict[str, lt.RuleInfo] = field(default_factory=dict)
    #: The languages of the packs in effect (ISO 639-1), English first.
    languages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.languages = self.service.languages()

    def identify(self, text: str) -> tuple[str, float] | None:
        """The language of ``text`` among those served, and the confidence;
        None when English is the only one (nothing to tell apart) or when
        the text's words say nothing."""
        if len(self.languages) < 2:
            return None
        found = _identifier(tuple(self.languages)).confidences(text)
        return found[0] if found and found[0][1] > 0 else None


@functools.cache
def _identifier(languages: tuple[str, ...]) -> Any:
    from ..language import Identifier

    return Identifier(languages)


def create_app(service: Service, options: ServeOptions | None = None) -> ASGIApp:
    """The ASGI application serving ``service``."""
    options = options or ServeOptions()
    state = _State(service, options)
    api = functools.partial(_endpoint, state, json_error, auth=_bearer)
    routes = [
        Route("/", _index, methods=["GET"]),
        Route("/openapi.json", _openapi, methods=["GET"]),
        Route("/api/check", api(_api_check), methods=["POST"]),
        Route("/api/fix", api(_api_fix), methods=["POST"]),
        Route("/api/rules", api(_api_rules), methods=["GET"]),
        Route("/api/rules/{rule_id}", api(_api_rule), methods=["GET"]),
        Route("/api/file", api(_api_file), methods=["POST"]),
        Route("/api/review", api(_api_review), methods=["POST"]),
        Route("/v2/check", _endpoint(state, lt_error, _lt_check), methods=["POST"]),
        Route("/v2/languages", _endpoint(state, lt_error, _lt_languages), methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
    )
    limited = BodyLimit(app, options.max_bytes)
    cors = CORSMiddleware(
        limited,
        allow_origins=list(options.cors_origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type"],
        max_age=600,
    )
    return Guard(cors, options.cors_origins)


def app_from_environment() -> ASGIApp:
    """The application of each worker process of ``termlint serve
    --workers N``: the configuration and options the command passed in
    ``TERMLINT_SERVE``, loaded once per process."""
    settings = json.loads(os.environ["TERMLINT_SERVE"])
    service = Service.load(settings["config"], with_packs=tuple(settings["with"]))
    return create_app(service, ServeOptions.from_json(settings["options"]))


Handler = Callable[[_State, Request], Awaitable[Response]]


def _endpoint(
    state: _State,
    render: Callable[..., Response],
    handler: Handler,
    *,
    auth: Callable[[_State, Request], None] | None = None,
) -> Callable[[Request], Awaitable[Response]]:
    """``handler`` with every error it may meet answered by ``render``."""

    async def endpoint(request: Request) -> Response:
        try:
            if auth is not None:
                auth(state, request)
            return await handler(state, request)
        except ApiError as exc:
            return render(exc.status, exc.code, exc.message, exc.headers)
        except lt.LTError as exc:
            return render(exc.status, "bad_request", str(exc))
        except BodyTooLarge as exc:
            return render(413, "too_large", str(exc))
        except CheckTimeout:
            return render(
                503,
                "timeout",
                f"the check took longer than this server's limit of {state.options.timeout:g} s; "
                "send a shorter text",
            )
        except RunawayPattern as exc:
            message = str(exc).replace("this file was not checked", "the text was not checked")
            return render(422, "runaway_pattern", message)
        except TermlintError as exc:
            return render(422, "invalid_input", _api_message(str(exc)))
        except ClientDisconnect:
            return Response(status_code=400)
        except Exception as exc:
            _log_internal(exc)
            return render(
                500, "internal_error", "internal error (the server's log has the details)"
            )

    return endpoint


def _api_message(message: str) -> str:
    """A service message as the API names its fields (``select``, not
    ``--select``)."""
    return re.sub(r"^--(select|ignore):", r"\1:", message)


def _log_internal(exc: BaseException) -> None:
    if os.environ.get("TERMLINT_DEBUG"):
        traceback.print_exception(exc)
    log(
        f"internal error: {type(exc).__name__}: {_one_line(str(exc))} "
        "(set TERMLINT_DEBUG=1 for a traceback, and please report it)"
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    codes = {404: "not_found", 405: "method_not_allowed"}
    messages = {
        404: f"no such page: {request.url.path}",
        405: f"{request.method} is not allowed on {request.url.path}",
    }
    message = messages.get(exc.status_code, _one_line(str(exc.detail)))
    return _renderer(request.url.path)(
        exc.status_code, codes.get(exc.status_code, "bad_request"), message, exc.headers
    )


async def _internal_error(request: Request, exc: Exception) -> Response:
    _log_internal(exc)
    return _renderer(request.url.path)(
        500, "internal_error", "internal error (the server's log has the details)"
    )


# ---------------------------------------------------------------- helpers


class CheckTimeout(Exception):
    """A check ran past the time limit."""


async def _run(state: _State, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``func`` in a worker thread, within the time limit. Past it, the
    request is answered at once; the thread is left to finish on its own
    (a pattern that runs away is stopped by the engine's own limit)."""
    call = functools.partial(func, *args, **kwargs)
    with anyio.move_on_after(state.options.timeout) as scope:
        return await anyio.to_thread.run_sync(call, abandon_on_cancel=True)
    assert scope.cancelled_caught
    raise CheckTimeout


def _bearer(state: _State, request: Request) -> None:
    """With a token, the request must carry ``Authorization: Bearer TOKEN``."""
    if state.options.token and not _token_matches(state, _bearer_token(request)):
        raise ApiError(
            401,
            "unauthorized",
            "this server needs its access token: send 'Authorization: Bearer TOKEN'",
            {"WWW-Authenticate": 'Bearer realm="termlint"'},
        )


def _bearer_token(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _token_matches(state: _State, given: str | None) -> bool:
    token = state.options.token or ""
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _no_surrogates(value: str, name: str) -> str:
    """``value``, if it is text: JSON may name a lone UTF-16 surrogate
    (``"\\ud800"``), which is no character and cannot be answered."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ApiError(
            400,
            "bad_encoding",
            f"'{name}' holds a lone surrogate (U+{ord(value[exc.start]):04X} at character "
            f"{exc.start}), which is not a character",
        ) from None
    return value


async def _json_body(request: Request) -> dict[str, Any]:
    kind = media_type(request.headers.get("content-type"))
    if kind != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            "send the body as JSON, with 'Content-Type: application/json'",
        )
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(
            400,
            "bad_encoding",
            f"the body is not UTF-8 (byte 0x{body[exc.start]:02x} at byte {exc.start})",
        ) from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise ApiError(400, "invalid_json", "the body is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ApiError(
            400,
            "invalid_json",
            f"the body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
        ) from None
    if not isinstance(value, dict):
        raise ApiError(400, "bad_request", 'the body must be a JSON object, e.g. {"text": "..."}')
    return value


def _text_request(body: dict[str, Any]) -> dict[str, Any]:
    """The arguments of the service's ``check``/``fix`` from a JSON body."""
    for key in body:
        if key not in TEXT_FIELDS:
            raise ApiError(
                400,
                "bad_request",
                f"unknown field '{_one_line(str(key))}'{did_you_mean(str(key), TEXT_FIELDS)}; "
                f"the fields are {', '.join(TEXT_FIELDS)}",
            )
    text = body.get("text")
    if not isinstance(text, str):
        raise ApiError(400, "bad_request", "'text' is required, and must be a string")
    args: dict[str, Any] = {"text": _no_surrogates(text, "text")}
    for key, name in (("filename", "filename"), ("format", "fmt")):
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            raise ApiError(400, "bad_request", f"'{key}' must be a string")
        args[name] = _no_surrogates(value, key) if value else None
    for key in ("select", "ignore"):
        value = body.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ApiError(400, "bad_request", f"'{key}' must be a list of rule ids (strings)")
        args[key] = tuple(_no_surrogates(v, key).strip() for v in value if v.strip())
    args["language"] = _language(body.get("language"))
    return args


def _language(value: Any) -> str | None:
    """The ``language`` of a request: ``auto`` or an ISO 639-1 code (None:
    the configuration's setting)."""
    from ..config import check_language

    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > 20:
        raise ApiError(
            400, "bad_request", "'language' must be 'auto' or an ISO 639-1 code such as 'fr'"
        )
    try:
        return check_language(value.strip(), "'language'", None)
    except ConfigError as exc:
        raise ApiError(400, "bad_request", _one_line(str(exc))) from None


def findings_json(checked: Checked) -> list[dict[str, Any]]:
    """The CLI's JSON findings, each with ``offset_utf16`` and
    ``end_offset_utf16``: where it starts and ends in the text, in UTF-16
    code units (as JavaScript counts)."""
    units = lt.Utf16(checked.doc.source)
    out = []
    for finding, shown in zip(checked.findings, checked.json, strict=True):
        out.append(
            {
                **shown,
                "offset_utf16": units(finding.offset),
                "end_offset_utf16": units(finding.end_offset),
            }
        )
    return out


async def _form(request: Request, *, multipart_only: bool = False) -> Form:
    kind = media_type(request.headers.get("content-type"))
    if multipart_only and kind != MULTIPART:
        raise ApiError(
            415, "unsupported_media_type", "send the file as multipart/form-data, field 'file'"
        )
    body = await request.body()
    try:
        return parse_form(body, request.headers.get("content-type"))
    except FormError as exc:
        status = 415 if "send a form" in str(exc) else 400
        code = "unsupported_media_type" if status == 415 else "bad_request"
        raise ApiError(status, code, str(exc)) from None


def _upload(form: Form) -> tuple[str, bytes]:
    upload = form.files.get("file")
    if upload is None:
        raise ApiError(400, "bad_request", "send the file in a multipart field named 'file'")
    return _safe_name(_no_surrogates(upload.filename, "filename")), upload.data


# ---------------------------------------------------------------- endpoints


async def _index(request: Request) -> Response:
    page = STATIC / "index.html"
    if not page.is_file():
        raise HTTPException(404)
    return FileResponse(page, media_type="text/html; charset=utf-8")


async def _openapi(request: Request) -> Response:
    from .openapi import spec

    return JSONResponse(spec())


def _json_answer(value: Any) -> Response:
    """A JSON answer, from a value or from bytes already encoded."""
    body = value if isinstance(value, bytes) else _encode(value)
    return Response(body, media_type="application/json")


def _encode(value: Any) -> bytes:
    """JSON as Starlette writes it (compact, UTF-8); called in the worker
    thread, so that a large answer is encoded within the time limit and
    without holding up other requests."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode(
        "utf-8"
    )


async def _api_check(state: _State, request: Request) -> Response:
    args = _text_request(await _json_body(request))
    text = args.pop("text")

    def work() -> bytes:
        checked = state.service.check(text, **args)
        return _encode({"version": 1, "findings": findings_json(checked)})

    return _json_answer(await _run(state, work))


async def _api_fix(state: _State, request: Request) -> Response:
    args = _text_request(await _json_body(request))
    text = args.pop("text")

    def work() -> bytes:
        fixed = state.service.fix(text, **args)
        return _encode(
            {
                "version": 1,
                "text": fixed.text,
                "fixes": fixed.fixes,
                "findings": findings_json(fixed.remaining),
            }
        )

    return _json_answer(await _run(state, work))


async def _api_rules(state: _State, request: Request) -> Response:
    return JSONResponse({"version": 1, "rules": state.service.rules()})


async def _api_rule(state: _State, request: Request) -> Response:
    rule_id = request.path_params["rule_id"]
    try:
        return JSONResponse(state.service.explain(rule_id))
    except ConfigError as exc:
        raise ApiError(404, "unknown_rule", str(exc)) from None


async def _api_file(state: _State, request: Request) -> Response:
    from ..formats import PACKAGES
    from ..source import decode

    form = await _form(request, multipart_only=True)
    name, data = _upload(form)
    language = _language(form.fields.get("language"))
    fmt = state.service.format_of(name)

    def work() -> bytes:
        if fmt in PACKAGES:
            checked = state.service.check_package(data, name, language=language)
        else:
            source = decode(data, name)
            if source.lossy:
                line, column, message = source.lossy
                raise ApiError(422, "invalid_input", f"{name}:{line}:{column}: {message}")
            checked = state.service.check(source.text, filename=name, language=language)
        return _encode(
            {
                "version": 1,
                "filename": name,
                "format": fmt,
                "text": checked.doc.source,
                "findings": findings_json(checked),
            }
        )

    return _json_answer(await _run(state, work))


async def _api_review(state: _State, request: Request) -> Response:
    from ..review import reviewed_path

    form = await _form(request, multipart_only=True)
    name, data = _upload(form)
    author = _no_surrogates(form.fields.get("author", ""), "author").strip() or "termlint"
    if len(author) > MAX_AUTHOR or not author.isprintable():
        raise ApiError(
            400,
            "bad_request",
            f"'author' must be a printable name of at most {MAX_AUTHOR} characters",
        )
    language = _language(form.fields.get("language"))
    reviewed, _ = await _run(
        state, state.service.review_package, data, name, author=author, language=language
    )
    out = reviewed_path(name)
    fmt = state.service.format_of(name)
    return Response(
        reviewed,
        media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"),
        headers={"Content-Disposition": _attachment(out)},
    )


def _attachment(name: str) -> str:
    """``attachment; filename="..."``, with the name also in RFC 5987 form
    when it is not plain ASCII."""
    fallback = "".join(ch if " " <= ch < "\x7f" and ch not in '"\\' else "_" for ch in name)
    value = f'attachment; filename="{fallback}"'
    if fallback != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


# ------------------------------------------------------------ LanguageTool


async def _lt_languages(state: _State, request: Request) -> Response:
    return JSONResponse(lt.languages(state.languages))


async def _lt_check(state: _State, request: Request) -> Response:
    form = await _form(request)
    if state.options.token:
        given = form.fields.get("apiKey") or _bearer_token(request)
        if not _token_matches(state, given):
            raise ApiError(
                401,
                "unauthorized",
                "this server needs its access token: set it as the API key "
                "(the 'apiKey' field) in your LanguageTool client",
            )
    ask = lt.read_request(form.fields, state.languages)
    _no_surrogates(ask.text.original, "data")
    _no_surrogates(ask.text.plain, "data")
    info_of = functools.partial(_rule_info, state)
    # a language asked for is the run's; auto, the configuration's setting
    configured = state.service.config.language
    language = ask.base

    def work() -> bytes:
        from ..engine.text import sentences

        checked = state.service.check(ask.text.plain, language=language)
        if ask.auto and configured != AUTO:
            detected: tuple[str, float] | None = (configured, 1.0)  # the language set
        else:
            detected = state.identify(ask.text.plain)
        bounds = sentences(checked.doc)

        def sentence_of(offset: int) -> str:
            start, end = bounds.span(offset)
            return checked.doc.source[start:end].strip()

        found = [
            (f.offset, f.end_offset, shown)
            for f, shown in zip(checked.findings, checked.json, strict=True)
        ]
        return _encode(lt.response(ask, found, sentence_of, info_of, detected))

    return _json_answer(await _run(state, work))


def _rule_info(state: _State, rule_id: str) -> lt.RuleInfo:
    info = state.rule_infos.get(rule_id)
    if info is None:
        try:
            info = lt.rule_info(state.service.explain(rule_id))
        except ConfigError:
            info = lt.rule_info({"id": rule_id})
        state.rule_infos[rule_id] = info
    return info
