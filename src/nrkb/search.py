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

# bm25 weights for (title, body, notes, quotes): a match in a title says most about a record.
_WEIGHTS = "8.0, 3.0, 1.0, 1.0"

_KINDS: dict[str, tuple[str, str, float]] = {
    # kind: (table, the SQL expression of the record's date, weight). A source's title often
    # repeats the words of the event it documents; the event is the better answer.
    "event": ("events", "r.date", 1.0),
    "institution": ("institutions", "r.established", 1.0),
    "recommendation": ("recommendations", "r.date", 1.0),
    "actor": ("actors", "NULL", 0.8),
    "source": ("sources", "r.date", 0.3),
}

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
    match = fts_query(connection, text)
    selects = []
    for kind, (table, date, weight) in _KINDS.items():
        if kinds and kind not in kinds:
            continue
        title = (
            "r.name"
            if table in ("institutions", "actors")
            else ("r.text" if table == "recommendations" else "r.title")
        )
        selects.append(
            f"SELECT '{kind}' AS kind, r.id AS id, {title} AS title, {date} AS date, "
            f"snippet({table}_fts, -1, '[', ']', '…', 16) AS snippet, "
            f"{weight} * bm25({table}_fts, {_WEIGHTS}) AS score "
            f"FROM {table}_fts JOIN {table} r ON r.rowid = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH :match"
        )
    if not selects:
        return []
    sql = " UNION ALL ".join(selects) + " ORDER BY score, kind, id"
    parameters: dict[str, Any] = {"match": match}
    if limit is not None:
        sql += " LIMIT :limit"
        parameters["limit"] = limit
    rows = [dict(row) for row in connection.execute(sql, parameters)]
    for row in rows:
        row["score"] = round(-row["score"], 3)  # bm25 is lower-is-better; show higher-is-better
    return rows
