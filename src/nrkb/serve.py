"""`nrkb serve`: the database as a Datasette site, run in this process.

Datasette runs here rather than as a child, so SIGTERM and SIGINT reach the server itself
(uvicorn shuts down on either) and nothing is left holding the port. The listening socket is
bound before the server starts, so a port in use is a one-line error. Datasette's own `serve`
options are parsed by Datasette's own command line and passed through.
"""

from __future__ import annotations

import asyncio
import errno
import json
import socket
import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nrkb.problems import NrkbError

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

SQL_TIME_LIMIT_MS = 1000
"""Datasette's default; stated so the documentation and the setting agree."""

FACET_TIME_LIMIT_MS = 1000
"""Datasette's default (200 ms) drops the actor facet of events_flat, computed through the
view's subqueries, on a busy machine: a dropped facet is silently missing from the page."""


class DatasetteOptionError(NrkbError):
    """An option for Datasette that Datasette refuses, or that nrkb serve sets itself."""


_OURS = ("files", "immutable", "get", "host", "port", "reload", "uds", "open_browser", "root")
"""Datasette options that `nrkb serve` decides itself: given through, they are a usage error."""


def datasette_instance(
    db_path: Path,
    data_dir: Path | None,
    *,
    allow_sql: bool,
    datasette_args: Sequence[str] = (),
) -> Any:
    """A Datasette serving `db_path` as the database `nrkb`, configured by `web.py`."""
    import click
    from datasette import cli as datasette_cli
    from datasette import handle_exception
    from datasette.database import Database
    from datasette.plugins import pm

    from nrkb import web, webplugin

    # Datasette turns on tracebacks for exceptions in SQL functions; a bad date given to a
    # canned query is refused before it reaches SQL, and needs none in the log.
    sqlite3.enable_callback_tracebacks(False)
    # Datasette prints every 400 (a mistyped query, an unknown column) as a full `rich`
    # traceback with local variables, on the event loop; one line in the log is enough.
    handle_exception.rich = None
    if not pm.is_registered(webplugin):
        pm.register(webplugin, name="nrkb")

    connection = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    try:
        metadata = web.metadata(connection, data_dir)
    finally:
        connection.close()
    metadata_file = _metadata_file(metadata)
    ours = [
        "--metadata",
        str(metadata_file),
        "--template-dir",
        str(TEMPLATES),
        "--static",
        f"{web.STATIC_MOUNT}:{STATIC}",
        "--setting",
        "default_allow_sql",
        "on" if allow_sql else "off",
        "--setting",
        "truncate_cells_html",
        str(web.TRUNCATE_CELLS),
        "--setting",
        "sql_time_limit_ms",
        str(SQL_TIME_LIMIT_MS),
        "--setting",
        "facet_time_limit_ms",
        str(FACET_TIME_LIMIT_MS),
    ]
    try:
        try:
            context = datasette_cli.serve.make_context("nrkb serve", [*ours, *datasette_args])
        except click.ClickException as problem:
            raise DatasetteOptionError(problem.format_message()) from None
        _refuse_our_options(context)
        datasette = datasette_cli.serve.callback(**context.params, return_instance=True)
        context.params["metadata"].close()  # Datasette read it and left it open
    finally:
        metadata_file.unlink()
    datasette.add_database(
        Database(datasette, path=str(db_path), is_mutable=False), name=web.DATABASE
    )
    # Datasette adds an empty in-memory database when given no files; the site has one.
    datasette.remove_database("_memory")
    return datasette


def _refuse_our_options(context: Any) -> None:
    import click

    for name in _OURS:
        if context.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE:
            if name == "files":
                raise DatasetteOptionError("nrkb serve serves its own database, not FILE")
            raise DatasetteOptionError(f"nrkb serve sets --{name.replace('_', '-')} itself")


def _metadata_file(metadata: dict[str, Any]) -> Path:
    with tempfile.NamedTemporaryFile(
        "w", suffix=".json", prefix="nrkb-metadata-", delete=False, encoding="utf-8"
    ) as handle:
        json.dump(metadata, handle)
    return Path(handle.name)


def get(datasette: Any, path: str) -> tuple[int, str]:
    """One page, without a server: its status and text."""

    async def fetch() -> tuple[int, str]:
        await datasette.invoke_startup()
        response = await datasette.client.get(path)
        return response.status_code, response.text

    return asyncio.run(fetch())


def allowed_hosts(host: str, extra: Sequence[str]) -> set[str]:
    """The Host names answered: the bound address, `localhost` on loopback, and `extra`.

    `*` in `extra` allows any (an empty set)."""
    from nrkb.webplugin import host_name

    if "*" in extra:
        return set()
    names = {host_name(host), *(host_name(name) for name in extra)}
    if host in ("127.0.0.1", "::1", "localhost"):
        names |= {"localhost", "127.0.0.1", "::1"}
    return names


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or a one-line error if it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as problem:
        sock.close()
        if problem.errno == errno.EADDRINUSE:
            raise NrkbError(f"port {port} on {host} is in use (try --port N)") from None
        raise NrkbError(f"cannot listen on {host}:{port}: {problem.strerror}") from None
    return sock


def run(datasette: Any, sock: socket.socket, host: str, hosts: set[str]) -> None:
    """Serve until SIGTERM or SIGINT."""
    import uvicorn

    from nrkb import webplugin

    webplugin.ALLOWED_HOSTS.clear()
    webplugin.ALLOWED_HOSTS.update(hosts)
    shown = f"[{host}]" if ":" in host else host
    print(f"nrkb: serving http://{shown}:{sock.getsockname()[1]}/nrkb", file=sys.stderr)
    if hosts == {host}:
        # On every interface no request names 0.0.0.0: clients' names must be allowed.
        print(
            "nrkb: answering only requests for that address; "
            "add --allow-host NAME for each name clients use",
            file=sys.stderr,
        )
    config = uvicorn.Config(
        datasette.app(), log_level="warning", lifespan="on", timeout_graceful_shutdown=5
    )
    uvicorn.Server(config).run(sockets=[sock])
