"""Datasette plugin hooks of the web view: the evidence on record pages, and safeguards.

- `extra_template_vars` gives the row templates in `templates/` (row-nrkb-events.html …) what a
  record's page shows beyond its own row: sources, actors, institutions, claims, status history,
  outcome evidence.
- `prepare_connection` bounds the size of any value SQLite makes (a `zeroblob(900000000)` once
  took gigabytes and held a worker thread for good) and adds the SQL functions of the canned
  queries: the CLI's partial-date bounds, and `nrkb_search`, which runs `nrkb search` itself on a
  read-only connection and returns its ranked hits as JSON.
- `asgi_wrapper` answers only requests whose Host header names the bound address (DNS
  rebinding: a web page elsewhere cannot make the browser read the site under its own name),
  and refuses a canned query's impossible date with the CLI's message (SQLite would only say
  "user-defined function raised exception").
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from datasette import hookimpl

from nrkb.dates import parse
from nrkb.kinds import KINDS
from nrkb.search import search
from nrkb.web import DATABASE, DATE_PARAMETERS, SEARCH_COLUMNS

MAX_VALUE_BYTES = 5_000_000
"""Largest string or blob SQLite may make: well above any record (the data total about 1 MB)."""

ALLOWED_HOSTS: set[str] = set()
"""Host names (without port) the server answers to; empty: any. Set by `serve.py`."""

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def _first_day(text: str) -> str:
    return parse(text).start.isoformat()


def _last_day(text: str) -> str:
    return parse(text).end.isoformat()


def _date_function(bound: Callable[[str], str]) -> Callable[[object], str | None]:
    def function(value: object) -> str | None:
        if value is None or not str(value).strip():
            return None  # an empty form field: no bound
        try:
            return bound(str(value))
        except (ValueError, OverflowError) as problem:
            # A backstop: `asgi_wrapper` refuses bad dates with a message before any query
            # runs; here SQLite can only say "user-defined function raised exception".
            raise ValueError(f"not a date: {value!r}: {problem}") from None

    return function


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str) -> None:
    if database != DATABASE:
        return
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.create_function("nrkb_first_day", 1, _date_function(_first_day), deterministic=True)
    conn.create_function("nrkb_last_day", 1, _date_function(_last_day), deterministic=True)
    # nrkb_search ranks as `nrkb search` does, on a private read-only connection to the same
    # file, so that its queries never run inside the statement that calls it.
    path = next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main")
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    reader.row_factory = sqlite3.Row
    conn.create_function("nrkb_search", 1, lambda text: _search_json(reader, text))


def _search_json(reader: sqlite3.Connection, text: object) -> str:
    hits = search(reader, str(text or ""), limit=None)
    return json.dumps(
        [{key: hit.get(key) for key in SEARCH_COLUMNS} for hit in hits], ensure_ascii=False
    )


@hookimpl
def asgi_wrapper() -> Callable[[App], App]:
    def wrap(app: App) -> App:
        async def only_our_host(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http" and ALLOWED_HOSTS:
                host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
                if host_name(host) not in ALLOWED_HOSTS:
                    body = f"Host {host!r} is not served here (nrkb serve --allow-host NAME)."
                    await _plain(send, 421, body)
                    return
            if scope["type"] == "http":
                problem = _date_problem(scope)
                if problem is not None:
                    await _plain(send, 400, problem)
                    return
            await app(scope, receive, send)

        return only_our_host

    return wrap


def host_name(host: str) -> str:
    """`127.0.0.1:8001` → `127.0.0.1`, `[::1]:8001` → `::1`, `Example.org` → `example.org`."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _date_problem(scope: Scope) -> str | None:
    """What is wrong with a date given to a canned query, if anything."""
    from urllib.parse import parse_qsl

    parts = str(scope.get("path", "")).strip("/").split("/")
    if len(parts) != 2 or parts[0] != DATABASE:
        return None
    names = DATE_PARAMETERS.get(parts[1].removesuffix(".json").removesuffix(".csv"), ())
    arguments = dict(parse_qsl(bytes(scope.get("query_string", b"")).decode("latin-1")))
    for name in names:
        value = arguments.get(name, "").strip()
        if value:
            try:
                parse(value)
            except (ValueError, OverflowError) as problem:  # DateError, or edtf's own failures
                return f"{name}: {value!r} is not a date ({problem})"
    return None


async def _plain(send: Send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": (text + "\n").encode()})


_TABLE_OF_KIND = {kind.name: kind.table for kind in KINDS}
_LINKED_COLUMNS = {
    # column: table its values are ids of, wherever the column appears (views, canned queries)
    "event_id": "events",
    "status_on_day_event": "events",
    "institution_id": "institutions",
    "source_id": "sources",
    "actor_id": "actors",
    "recommendation_id": "recommendations",
}
_ROWS_OF_VIEW = {"events_flat": "events", "recommendation_outcomes": "recommendations"}
_VIEWS = {*_ROWS_OF_VIEW, "institution_status_periods"}
"""Views: Datasette links no foreign keys in them. (In tables it does, with the label.)"""


@hookimpl
def render_cell(
    row: Any, value: object, column: str, table: str | None, database: str, datasette: Any
) -> Any:
    """Ids in views and canned queries link to their record's page (tables link already)."""
    if database != DATABASE or not isinstance(value, str) or not value:
        return None
    target = None
    if column == "id" and table in _ROWS_OF_VIEW:
        target = _ROWS_OF_VIEW[table]
    # A search hit's `id` (a canned query: no table) or any `record_id`, beside its
    # `record_kind`. `row` is a sqlite3.Row: `in row` would search its values, not its columns.
    elif (column == "record_id" or (column == "id" and table is None)) and (
        "record_kind" in row.keys()  # noqa: SIM118
    ):
        target = _TABLE_OF_KIND.get(row["record_kind"])
    elif column in _LINKED_COLUMNS and (table is None or table in _VIEWS):
        target = _LINKED_COLUMNS[column]
    if target is None:
        return None
    from markupsafe import Markup, escape

    href = f"{datasette.urls.table(DATABASE, target)}/{value}"
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')


@hookimpl
def extra_template_vars(
    view_name: str, database: str | None, table: str | None, request: Any, datasette: Any
) -> Callable[[], Awaitable[dict[str, Any]]] | None:
    if view_name != "row" or database != DATABASE or table not in _EVIDENCE:
        return None

    async def evidence() -> dict[str, Any]:
        from datasette.utils import tilde_decode

        record_id = tilde_decode(request.url_vars["pks"])
        db = datasette.get_database(DATABASE)
        found: dict[str, Any] = {}
        for name, sql in _EVIDENCE[str(table)].items():
            result = await db.execute(sql, {"id": record_id})
            found[name] = [dict(row) for row in result.rows]
        return {"nrkb": found}

    return evidence


_SOURCES = (
    "SELECT c.context, c.locator, c.quote, s.id, s.title, s.author, s.publisher, s.date, s.url "
    "FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.record_id = :id "
    "ORDER BY c.context = 'record' DESC, c.context, c.position"
)
_CLAIMS = (
    "SELECT c.position, c.says, c.verdict, c.finding, c.quote, s.title AS source_title, "
    "s.url AS source_url FROM claims c JOIN sources s ON s.id = c.source_id "
    "WHERE c.record_id = :id ORDER BY c.position"
)
_TOPICS = "SELECT topic FROM record_topics WHERE record_id = :id ORDER BY position"

_EVIDENCE: dict[str, dict[str, str]] = {
    # table: {name in the template: query with :id}
    "events": {
        "sources": _SOURCES,
        "claims": _CLAIMS,
        "topics": _TOPICS,
        "actors": (
            "SELECT a.id, a.name, ea.role FROM event_actors ea JOIN actors a ON a.id = "
            "ea.actor_id WHERE ea.event_id = :id ORDER BY ea.position"
        ),
        "institutions": (
            "SELECT i.id, i.name, ei.effect FROM event_institutions ei JOIN institutions i "
            "ON i.id = ei.institution_id WHERE ei.event_id = :id ORDER BY ei.position"
        ),
        "recommendations": (
            "SELECT r.id, r.text, re.relation FROM recommendation_events re JOIN "
            "recommendations r ON r.id = re.recommendation_id WHERE re.event_id = :id "
            "ORDER BY r.date_start, r.id"
        ),
    },
    "institutions": {
        "sources": _SOURCES,
        "claims": _CLAIMS,
        "topics": _TOPICS,
        "history": (
            "SELECT s.status, s.since, s.until_start AS until, s.note, e.id AS event_id, "
            "e.title AS event_title FROM status_changes s JOIN events e ON e.id = s.event_id "
            "WHERE s.institution_id = :id ORDER BY s.position"
        ),
        "parties": (
            "SELECT a.id, a.name FROM institution_parties p JOIN actors a ON a.id = p.actor_id "
            "WHERE p.institution_id = :id ORDER BY p.position"
        ),
        "events": (
            "SELECT e.id, e.date, e.title, ei.effect FROM event_institutions ei JOIN events e "
            "ON e.id = ei.event_id WHERE ei.institution_id = :id ORDER BY e.date_start, e.id"
        ),
    },
    "recommendations": {
        "sources": _SOURCES,
        "claims": _CLAIMS,
        "topics": _TOPICS,
        "made_in": (
            "SELECT s.id, s.title, s.author, s.publisher, s.date, s.url, r.locator, r.quote "
            "FROM recommendations r JOIN sources s ON s.id = r.source_id WHERE r.id = :id"
        ),
        "outcome": (
            "SELECT outcome_status, outcome_as_of, outcome_summary FROM recommendations "
            "WHERE id = :id"
        ),
        "events": (
            "SELECT e.id, e.date, e.title, re.relation FROM recommendation_events re JOIN "
            "events e ON e.id = re.event_id WHERE re.recommendation_id = :id "
            "ORDER BY re.relation = 'evidence' DESC, re.position"
        ),
        "addressees": (
            "SELECT a.id, a.name FROM recommendation_addressees ra JOIN actors a ON a.id = "
            "ra.actor_id WHERE ra.recommendation_id = :id ORDER BY ra.position"
        ),
    },
    "actors": {"sources": _SOURCES},
}
"""What each kind of record's page shows beyond its row, each list from one query."""
