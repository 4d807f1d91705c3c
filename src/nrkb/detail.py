"""One record in full, with its relations both ways (`nrkb show ID`). No printing.

An event shows its actors, institutions and sources, and also the status changes it brought
about and the recommendations that cite it; an institution shows its status history and every
event that concerned it; an actor the events it took part in; a source every record citing it;
a publisher the sources on its hosts; a named period its dates, sources, events and mean tone.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from nrkb import query
from nrkb.kinds import NAMED, lookup_order
from nrkb.query import QueryError, Row

_TABLES = {kind.name: kind.table for kind in lookup_order()}


def kind_of(connection: sqlite3.Connection, record_id: str) -> str | None:
    for kind, table in _TABLES.items():
        if connection.execute(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)).fetchone():
            return kind
    return None


def resolve(connection: sqlite3.Connection, name: str) -> tuple[str, str]:
    """The kind and id of the record that `name` names: its id, or the short name, name or
    alias of an institution or actor ("NRC", "Russia", "Крым"). QueryError listing the
    candidates if the name is ambiguous, or the closest ids if nothing has it."""
    kind = kind_of(connection, name)
    if kind is not None:
        return kind, name
    candidates = [
        (kind, record_id)
        for kind, table in ((kind.name, kind.table) for kind in NAMED)
        for record_id in query.names_of(connection, table, name)
    ]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        listed = ", ".join(f"{record_id} ({kind})" for kind, record_id in candidates)
        raise QueryError(f"{name!r} names more than one record: {listed}; use the id")
    raise QueryError(f"no record has the id or name {name!r}{_suggestion(connection, name)}")


def record(connection: sqlite3.Connection, name: str) -> Row:
    """The record that `name` names (see `resolve`), whatever its kind, in full."""
    kind, record_id = resolve(connection, name)
    if kind == "event":
        row = query.events(connection, query.EventFilter(ids=(record_id,)))[0]
        row["status_changes"] = _rows(
            connection,
            "SELECT s.institution_id, i.name, s.status, s.since "
            "FROM status_changes s JOIN institutions i ON i.id = s.institution_id "
            "WHERE s.event_id = ? ORDER BY s.since_start, i.id",
            record_id,
        )
        row["recommendations"] = _rows(
            connection,
            "SELECT r.id, r.text, re.relation FROM recommendation_events re "
            "JOIN recommendations r ON r.id = re.recommendation_id WHERE re.event_id = ? "
            "ORDER BY r.id, re.relation",
            record_id,
        )
    elif kind == "institution":
        row = query.institutions(connection, ids=(record_id,))[0]
        row["events"] = _rows(
            connection,
            "SELECT e.id, e.date, e.title, ei.effect FROM event_institutions ei "
            "JOIN events e ON e.id = ei.event_id WHERE ei.institution_id = ? "
            "ORDER BY e.date_start, e.id",
            record_id,
        )
        row["recommendations"] = _rows(
            connection,
            "SELECT r.id, r.text FROM recommendation_institutions ri "
            "JOIN recommendations r ON r.id = ri.recommendation_id WHERE ri.institution_id = ? "
            "ORDER BY r.id",
            record_id,
        )
    elif kind == "recommendation":
        row = query.recommendations(connection, ids=(record_id,))[0]
        row["events"] = _event_summaries(connection, row["events"])
        row["outcome"]["events"] = _event_summaries(connection, row["outcome"]["events"])
    elif kind == "actor":
        row = query.actors(connection, ids=(record_id,))[0]
        row["events"] = _rows(
            connection,
            "SELECT e.id, e.date, e.title, ea.role FROM event_actors ea "
            "JOIN events e ON e.id = ea.event_id WHERE ea.actor_id = ? "
            "ORDER BY e.date_start, e.id",
            record_id,
        )
        row["institutions"] = _rows(
            connection,
            "SELECT i.id, i.name FROM institution_parties p "
            "JOIN institutions i ON i.id = p.institution_id WHERE p.actor_id = ? ORDER BY i.id",
            record_id,
        )
        row["recommendations"] = _rows(
            connection,
            "SELECT r.id, r.text FROM recommendation_addressees a "
            "JOIN recommendations r ON r.id = a.recommendation_id WHERE a.actor_id = ? "
            "ORDER BY r.id",
            record_id,
        )
    elif kind == "publisher":
        row = query.publishers(connection, ids=(record_id,))[0]
        row["sources"] = [
            {key: source[key] for key in ("id", "date", "title", "url")}
            for source in query.sources(connection, publishers=(record_id,))
        ]
    elif kind == "period":
        from nrkb.barometer import periods

        row = next(period for period in periods(connection) if period["id"] == record_id)
    elif kind == "source":
        row = query.sources(connection, ids=(record_id,))[0]
        row["cited_by"] = _rows(
            connection,
            "SELECT DISTINCT c.record_kind, c.record_id AS id, c.context, c.locator, "
            "c.quote FROM citations c WHERE c.source_id = ? "
            "UNION ALL SELECT record_kind, record_id, 'claim', locator, quote FROM claims "
            "WHERE source_id = ? "
            "UNION ALL SELECT 'recommendation', id, 'source', locator, quote FROM recommendations "
            "WHERE source_id = ? ORDER BY 1, 2",
            record_id,
            record_id,
            record_id,
        )
    else:
        row = _stored(connection, kind, record_id)
    return {"record_kind": kind, **row}


def _stored(connection: sqlite3.Connection, kind: str, record_id: str) -> Row:
    """A record of a kind with no view of its own here, as the build stored it (its fields
    as validated, in canonical JSON) with its sources' titles and URLs."""
    import json

    (text,) = connection.execute(
        "SELECT record_json FROM records WHERE record_kind = ? AND id = ?", (kind, record_id)
    ).fetchone()
    row: Row = json.loads(text)
    if "sources" in row:
        row["sources"] = query.citations_of(connection, [record_id]).get(record_id, [])
    return row


def _rows(connection: sqlite3.Connection, sql: str, *parameters: Any) -> list[Row]:
    return [dict(row) for row in connection.execute(sql, parameters)]


def _event_summaries(connection: sqlite3.Connection, ids: list[str]) -> list[Row]:
    found = {
        row["id"]: dict(row)
        for row in connection.execute(
            f"SELECT id, date, title FROM events WHERE id IN ({query.marks(ids)})", ids
        )
    }
    return [found[event_id] for event_id in ids if event_id in found]


def _suggestion(connection: sqlite3.Connection, record_id: str) -> str:
    import difflib  # only on this error path

    known = [
        row[0]
        for table in _TABLES.values()
        for row in connection.execute(f"SELECT id FROM {table}")
    ]
    close = difflib.get_close_matches(record_id, known, n=5, cutoff=0.6)
    if not close:
        close = [known_id for known_id in known if record_id in known_id][:5]
    return f"; closest: {', '.join(close)}" if close else "; try `nrkb search`"
