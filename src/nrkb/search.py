"""Ranked full-text search over every kind of record, with highlighted snippets.

The `<table>_fts` indexes (tables.py) share their columns, so one query ranks events,
institutions, recommendations, actors and sources together with bm25. Users type FTS5 syntax
(words, "phrases", prefix*, OR, NOT); text that is not valid FTS5 is searched as plain words
instead of failing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

Row = dict[str, Any]

_RECORDS: dict[str, tuple[str, str, str, float]] = {
    # kind: (table, title expression, date expression, weight). A source's title often
    # repeats the words of the event it documents; the event is the better answer.
    "event": ("events", "r.title", "r.date", 1.0),
    "institution": ("institutions", "r.name", "r.established", 1.0),
    "recommendation": ("recommendations", "r.text", "r.date", 1.0),
    "actor": ("actors", "r.name", "NULL", 0.8),
    "source": ("sources", "r.title", "r.date", 0.3),
}

# Quotes and claims lead back to the record that cites them, at a little less weight.
_QUOTED: dict[str, float] = {"citations": 0.7, "claims": 0.7}

_TITLE_OF = (
    "CASE q.record_kind "
    "WHEN 'event' THEN (SELECT title FROM events WHERE id = q.record_id) "
    "WHEN 'institution' THEN (SELECT name FROM institutions WHERE id = q.record_id) "
    "WHEN 'actor' THEN (SELECT name FROM actors WHERE id = q.record_id) "
    "WHEN 'recommendation' THEN (SELECT text FROM recommendations WHERE id = q.record_id) "
    "WHEN 'period' THEN (SELECT name FROM periods WHERE id = q.record_id) END"
)
_DATE_OF = (
    "CASE q.record_kind "
    "WHEN 'event' THEN (SELECT date FROM events WHERE id = q.record_id) "
    "WHEN 'institution' THEN (SELECT established FROM institutions WHERE id = q.record_id) "
    "WHEN 'recommendation' THEN (SELECT date FROM recommendations WHERE id = q.record_id) "
    "WHEN 'period' THEN (SELECT start FROM periods WHERE id = q.record_id) END"
)

_WORD = re.compile(r"\w+", re.UNICODE)
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def fts_query(connection: sqlite3.Connection, text: str) -> str:
    """The query as typed if FTS5 accepts it, else its words, each quoted, all required."""
    try:
        # The expression is only parsed when the query runs, so run it (one row is enough).
        connection.execute(
            "SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT 1", (text,)
        ).fetchone()
    except sqlite3.OperationalError:
        # Operators typed in the wrong place ("crimea AND (") become plain words, but "AND",
        # "OR", "NOT" and "NEAR" alone carry no meaning as words, so they are dropped.
        words = [word for word in _WORD.findall(text) if word not in _OPERATORS]
        return " ".join(f'"{word}"' for word in words) if words else '""'
    return text


def search(
    connection: sqlite3.Connection,
    text: str,
    kinds: Sequence[str] = (),
    limit: int | None = 20,
) -> list[Row]:
    """Records matching `text`, best first: kind, id, title, date, snippet, score."""
    sql = ranked_search_sql(kinds=kinds)
    parameters: dict[str, Any] = {"match": fts_query(connection, text)}
    if limit is not None:
        sql += " LIMIT :limit"
        parameters["limit"] = limit
    rows = [dict(row) for row in connection.execute(sql, parameters)]
    for row in rows:
        row["score"] = round(-row["score"], 3)  # bm25 is lower-is-better; show higher-is-better
    return rows


def ranked_search_sql(match: str = ":match", kinds: Sequence[str] = ()) -> str:
    """The ranking query of `search`, matching the FTS5 expression `match`; also the web
    view's canned search. `kinds` must be known kinds (the caller checks)."""
    from nrkb.tables import SEARCH_INDEXES

    def weights(table: str) -> str:
        return ", ".join(str(weight) for weight in SEARCH_INDEXES[table].values())

    selects = []
    for kind, (table, title, date, weight) in _RECORDS.items():
        if kinds and kind not in kinds:
            continue
        selects.append(
            f"SELECT '{kind}' AS kind, r.id AS id, {title} AS title, {date} AS date, "
            f"snippet({table}_fts, -1, '[', ']', '…', 16) AS snippet, "
            f"{weight} * bm25({table}_fts, {weights(table)}) AS score "
            f"FROM {table}_fts JOIN {table} r ON r.rowid = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH {match}"
        )
    for table, weight in _QUOTED.items():
        wanted = "" if not kinds else f"AND q.record_kind IN ({', '.join(map(repr, kinds))}) "
        selects.append(
            f"SELECT q.record_kind, q.record_id, {_TITLE_OF}, {_DATE_OF}, "
            f"snippet({table}_fts, -1, '[', ']', '…', 16), "
            f"{weight} * bm25({table}_fts, {weights(table)}) "
            f"FROM {table}_fts JOIN {table} q ON q.rowid = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH {match} {wanted}"
        )
    # One row per record: its best match (SQLite takes bare columns from the MIN row).
    return (
        "SELECT kind, id, title, date, snippet, MIN(score) AS score FROM ("
        + " UNION ALL ".join(selects)
        + ") GROUP BY kind, id ORDER BY score, kind, id"
    )
