"""The ``serve`` command: termlint over HTTP (see :mod:`termlint.serve`).

``termlint serve`` loads the configuration as ``termlint check`` would (the
one discovered from the current directory, or ``--config``, plus ``--with``
packs), compiles its engine, binds the address, prints it on standard
output (``termlint serve: listening on http://127.0.0.1:8077``; with
``--port 0``, the port the system chose) and serves until interrupted.
With ``--workers N``, N processes share the socket, each with its own
engine. A configuration that cannot be loaded, or an address that cannot
be bound, is one line on standard error and exit code 2, before anything
listens.
"""

from __future__ import annotations

import inspect
import ipaddress
import json
import os
import socket
import sys
from urllib.parse import urlsplit

import click

from .errors import ConfigError, InputError
from .serve.app import ServeOptions, create_app

#: Environment variable that passes the settings to worker processes.
SETTINGS_VARIABLE = "TERMLINT_SERVE"


def check_origin(origin: str) -> str:
    """A ``--cors-origin`` value as browsers send it (``scheme://host[:port]``),
    or ``*`` for any origin; a trailing ``/`` is dropped."""
    value = origin.strip()
    if value in ("*", "null"):
        return value
    value = value[:-1] if value.endswith("/") else value
    parts = urlsplit(value)
    if not (parts.scheme and parts.netloc) or parts.path or parts.query or parts.fragment:
        raise ConfigError(
            f"--cors-origin: '{origin}' is not a web origin; write scheme://host[:port], "
            "e.g. moz-extension://0a1b2c3d-... or https://docs.example.org"
        )
    return value


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: one the system chooses)."""
    try:
        infos = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        try:
            if os.name != "nt":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen(2048)
        except OSError:
            sock.close()
            raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"cannot listen on {host}:{port}: {reason}") from None
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve_command(
    *,
    host: str,
    port: int,
    config_path: str | None,
    with_packs: tuple[str, ...],
    workers: int,
    options: ServeOptions,
) -> int:
    """Serve until interrupted; the exit code."""
    import uvicorn

    from .service import Service

    service = Service.load(config_path, with_packs=with_packs)
    sock = bind(host, port)
    if "*" in options.cors_origins:
        _warn(
            "--cors-origin '*': web pages of any origin may use this server "
            "(and read what it answers)"
        )
    if not is_loopback(host):
        reach = "from other machines" if options.token else "by anyone on the network"
        _warn(
            f"listening on {host}, which can be reached {reach}"
            + ("" if options.token else "; set --token (or TERMLINT_TOKEN) to require a token")
            + "; texts travel unencrypted unless a TLS proxy stands in front"
        )
    click.echo(f"termlint serve: listening on {url_of(sock)}")
    sys.stdout.flush()
    settings = {
        "log_level": "warning",
        "access_log": False,
        "lifespan": "off",
        "server_header": False,
        "proxy_headers": False,
        "timeout_graceful_shutdown": 5,
    }
    if workers == 1:
        app = create_app(service, options)
        server = uvicorn.Server(uvicorn.Config(app, **settings))  # type: ignore[arg-type]
        server.run(sockets=[sock])
        return 0
    from uvicorn.supervisors import Multiprocess

    del service  # each worker loads its own (from the cache just written)
    os.environ[SETTINGS_VARIABLE] = json.dumps(
        {
            "config": os.path.abspath(config_path) if config_path else None,
            "with": list(with_packs),
            "options": options.to_json(),
        }
    )
    config = uvicorn.Config(
        "termlint.serve.app:app_from_environment",
        factory=True,
        workers=workers,
        **settings,  # type: ignore[arg-type]
    )
    server = uvicorn.Server(config)
    # older uvicorn releases take the target of each worker as an argument
    extra = {"target": server.run} if "target" in inspect.signature(Multiprocess).parameters else {}
    Multiprocess(config, sockets=[sock], **extra).run()
    return 0


def _warn(message: str) -> None:
    click.echo(f"termlint serve: warning: {message}", err=True)
