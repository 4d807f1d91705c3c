"""Counts that describe the knowledge base (`nrkb stats`). No printing."""

from __future__ import annotations

import sqlite3
from typing import Any

Row = dict[str, Any]

_TOTALS = ("events", "institutions", "recommendations", "actors", "sources")

_BREAKDOWNS: dict[str, str] = {
    "events_by_year": (
        "SELECT substr(date_start, 1, 4) AS year, COUNT(*) AS count FROM events "
        "GROUP BY year ORDER BY year"
    ),
    "events_by_type": (
        "SELECT type, COUNT(*) AS count FROM events GROUP BY type ORDER BY count DESC, type"
    ),
    "events_by_topic": (
        "SELECT topic, COUNT(*) AS count FROM record_topics WHERE record_kind = 'event' "
        "GROUP BY topic ORDER BY count DESC, topic"
    ),
    "events_by_actor": (
        "SELECT a.id AS actor, a.name, COUNT(*) AS count FROM event_actors ea "
        "JOIN actors a ON a.id = ea.actor_id GROUP BY a.id ORDER BY count DESC, a.id LIMIT 25"
    ),
    "events_by_precision": (
        "SELECT precision, COUNT(*) AS count FROM events GROUP BY precision ORDER BY count DESC"
    ),
    "institutions_by_current_status": (
        "SELECT s.status, COUNT(*) AS count FROM status_changes s WHERE s.until_start IS NULL "
        "GROUP BY s.status ORDER BY count DESC, s.status"
    ),
    "recommendations_by_outcome": (
        "SELECT outcome_status AS outcome, COUNT(*) AS count FROM recommendations "
        "GROUP BY outcome_status ORDER BY count DESC, outcome_status"
    ),
    "sources_by_kind": (
        "SELECT kind, COUNT(*) AS count FROM sources GROUP BY kind ORDER BY count DESC, kind"
    ),
    "claims_by_verdict": (
        "SELECT verdict, COUNT(*) AS count FROM claims GROUP BY verdict ORDER BY count DESC"
    ),
}


def stats(connection: sqlite3.Connection) -> Row:
    """Totals, then each breakdown as a list of rows."""
    result: Row = {
        "totals": {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in _TOTALS
        }
    }
    span = connection.execute("SELECT MIN(date_start), MAX(date_end) FROM events").fetchone()
    result["totals"]["first_event"], result["totals"]["last_event"] = span[0], span[1]
    for name, sql in _BREAKDOWNS.items():
        result[name] = [dict(row) for row in connection.execute(sql)]
    return result
