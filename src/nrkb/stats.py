"""Counts that describe the knowledge base (`nrkb stats`). No printing."""

from __future__ import annotations

import sqlite3
from typing import Any

from nrkb.kinds import KINDS

Row = dict[str, Any]

_TOTALS = tuple(kind.table for kind in KINDS)

_STRONG_CLASSES = ("official", "intergovernmental", "wire")
"""Publisher classes of first-hand texts and agency reports: what a careful reader checks for."""

# An event's own citations (not those of its claims), with the class of each source.
_EVENT_CLASSES = (
    "SELECT c.record_id AS event_id, s.publisher_class AS class FROM citations c "
    "JOIN sources s ON s.id = c.source_id WHERE c.record_kind = 'event' AND c.context = 'record'"
)

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
    "sources_by_class": (
        "SELECT publisher_class AS class, COUNT(*) AS count, "
        "ROUND(100.0 * COUNT(*) / (SELECT COUNT(*) FROM sources), 1) AS percent FROM sources "
        "GROUP BY publisher_class ORDER BY count DESC, publisher_class"
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
    meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    result["coverage"] = {"start": meta.get("coverage_start"), "end": meta.get("coverage_end")}
    result["event_sources"] = _event_sources(connection)
    for name, sql in _BREAKDOWNS.items():
        result[name] = [dict(row) for row in connection.execute(sql)]
    return result


def _event_sources(connection: sqlite3.Connection) -> Row:
    """How many events cite an official, intergovernmental or wire text, and how many rest on
    sources of the lowest class alone."""
    strong = ", ".join(f"'{code}'" for code in _STRONG_CLASSES)
    events, citing_strong, only_other = connection.execute(
        "SELECT COUNT(*), "
        f"SUM(EXISTS (SELECT 1 FROM ({_EVENT_CLASSES}) c WHERE c.event_id = e.id "
        f"AND c.class IN ({strong}))), "
        f"SUM(NOT EXISTS (SELECT 1 FROM ({_EVENT_CLASSES}) c WHERE c.event_id = e.id "
        "AND c.class != 'other')) FROM events e"
    ).fetchone()
    return {
        "events": events,
        "citing_official_intergovernmental_or_wire": citing_strong or 0,
        "percent_citing_official_intergovernmental_or_wire": (
            round(100 * (citing_strong or 0) / events, 1) if events else None
        ),
        "citing_only_other": only_other or 0,
    }
