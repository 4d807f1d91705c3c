"""Typed filters → parameterised SQL → rows (plain dicts, ready to render). No printing.

Reads only the database, with sqlite3: nothing here may import what only building needs.
Partial dates filter by their bounds (DESIGN.md): `since` keeps what ends on or after the first
day of the given date, `until` keeps what starts on or before its last day.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from nrkb.dates import PartialDate
from nrkb.kinds import NAMED
from nrkb.problems import UsageProblem
from nrkb.search import fold, match_expression

Row = dict[str, Any]


class QueryError(UsageProblem):
    """A filter or an argument names something the knowledge base does not have."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    since: PartialDate | None = None
    until: PartialDate | None = None
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    search: str | None = None
    ids: tuple[str, ...] = ()
    limit: int | None = None


def events(connection: sqlite3.Connection, query: EventFilter) -> list[Row]:
    """Events matching every filter given, in date order, with actors, institutions and sources."""
    types = check_codes(connection, "event_type", query.types, "event type")
    check_codes(connection, "topic", query.topics, "topic")
    actor_ids = resolve_ids(connection, "actors", query.actors)
    institution_ids = resolve_ids(connection, "institutions", query.institutions)
    where: list[str] = []
    params: list[Any] = []
    if query.since is not None:
        where.append("e.date_end >= ? AND e.date_start >= ?")
        days = min(_longest_event_days(connection), (query.since.start - date.min).days)
        earliest = query.since.start - timedelta(days=days)
        params.extend((query.since.start.isoformat(), earliest.isoformat()))
    if query.until is not None:
        where.append("e.date_start <= ?")
        params.append(query.until.end.isoformat())
    matching(where, params, ("e.type", types))
    source = "events e"
    order = "e.date_start, e.id"
    links = [
        ("event_actors", "event_id", "actor_id", actor_ids),
        ("event_institutions", "event_id", "institution_id", institution_ids),
        ("record_topics", "record_id", "topic", query.topics),
    ]
    driving = next((link for link in links if len(link[3]) == 1), None)
    if driving is not None:
        # Walk this link's (value, event_start, event) index in date order: the result is
        # in order already and the walk stops at the limit, however many events match.
        table, key, column, (value,) = driving
        source = f"{table} l JOIN events e ON e.id = l.{key}"
        order = f"l.event_start, l.{key}"
        where.append(
            f"l.{column} = ?" + (" AND l.record_kind = 'event'" if key == "record_id" else "")
        )
        params.append(value)
    for table, key, column, values in links:
        if values and (table, key, column, values) != driving:
            where.append(f"e.id IN (SELECT {key} FROM {table} WHERE {column} IN ({marks(values)}))")
            params.extend(values)
    matching(where, params, ("e.id", query.ids))
    if query.search:
        # The event's own text, or the quotes of the sources it cites.
        where.append(
            "(e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?) OR e.id IN "
            "(SELECT record_id FROM citations WHERE rowid IN "
            "(SELECT rowid FROM citations_fts WHERE citations_fts MATCH ?)))"
        )
        match = match_expression(connection, query.search)
        params.extend((match, match))
    limit_sql, limit_params = limited(query.limit)
    sql = (
        # Every column of the table: a new field of the model is listed with no edit here.
        f"SELECT e.* FROM {source}"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY {order}"
        + limit_sql
    )
    rows = [dict(row) for row in connection.execute(sql, [*params, *limit_params])]
    ids = [row["id"] for row in rows]
    actors = grouped(
        connection,
        ids,
        "event_id",
        (
            "SELECT ea.event_id, a.id, a.name, ea.role FROM event_actors ea "
            "JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id IN ({}) ORDER BY ea.position"
        ),
    )
    institutions = grouped(
        connection,
        ids,
        "event_id",
        (
            "SELECT ei.event_id, i.id, i.name, ei.effect FROM event_institutions ei "
            "JOIN institutions i ON i.id = ei.institution_id WHERE ei.event_id IN ({}) "
            "ORDER BY ei.position"
        ),
    )
    topics = topics_of(connection, ids)
    sources = citations_of(connection, ids)
    claims = claims_of(connection, ids)
    ordered: list[Row] = []
    for row in rows:
        event_id = row["id"]
        notes = row.pop("notes")
        location = row.pop("location")
        ordered.append(
            {
                **row,
                "actors": actors.get(event_id, []),
                "institutions": institutions.get(event_id, []),
                "topics": topics.get(event_id, []),
                "location": location,
                "sources": sources.get(event_id, []),
                "claims": claims.get(event_id, []),
                "notes": notes,
            }
        )
    return ordered


def _longest_event_days(connection: sqlite3.Connection) -> int:
    row = connection.execute("SELECT value FROM meta WHERE key = 'longest_event_days'").fetchone()
    return int(row[0]) if row else 3_650_000  # an older database: no useful bound


def institutions(
    connection: sqlite3.Connection,
    on: PartialDate | None = None,
    statuses: Sequence[str] = (),
    ids: Sequence[str] = (),
    limit: int | None = None,
) -> list[Row]:
    """Every institution with its status history (`status`, as in the data) and the status in
    force on a day (the last day of `on`, else today): `status_on_day`, `status_on_day_since`,
    `status_on_day_event`, all None before the institution's first status; with `statuses`,
    only those whose status on that day is one of them."""
    check_codes(connection, "status", statuses, "status")
    ids = resolve_ids(connection, "institutions", ids)
    day = on.end.isoformat() if on is not None else date.max.isoformat()
    where: list[str] = []
    params: list[Any] = [day, day]
    matching(where, params, ("i.id", ids), ("s.status", statuses))
    limit_sql, limit_params = limited(limit)
    rows = [
        dict(row)
        for row in connection.execute(
            "SELECT i.*, s.status AS status_on_day, s.since AS status_on_day_since, "
            "s.event_id AS status_on_day_event "
            "FROM institutions i LEFT JOIN status_changes s ON s.institution_id = i.id "
            "AND s.since_start <= ? AND (s.until_start IS NULL OR s.until_start > ?) "
            + ("WHERE " + " AND ".join(where) + " " if where else "")
            + "ORDER BY COALESCE(i.established_start, '9999'), i.id"
            + limit_sql,
            [*params, *limit_params],
        )
    ]
    ids = [row["id"] for row in rows]
    parties = grouped(
        connection,
        ids,
        "institution_id",
        (
            "SELECT institution_id, actor_id AS id FROM institution_parties "
            "WHERE institution_id IN ({}) ORDER BY position"
        ),
    )
    topics = topics_of(connection, ids)
    sources = citations_of(connection, ids)
    claims = claims_of(connection, ids)
    history = grouped(
        connection,
        ids,
        "institution_id",
        (
            "SELECT institution_id, status, since, event_id AS event, note FROM status_changes "
            "WHERE institution_id IN ({}) ORDER BY position"
        ),
    )
    for row in rows:
        row["aliases"] = row["aliases"].split("; ") if row["aliases"] else []
        row["parties"] = [party["id"] for party in parties.get(row["id"], [])]
        row["topics"] = topics.get(row["id"], [])
        row["sources"] = sources.get(row["id"], [])
        row["claims"] = claims.get(row["id"], [])
        changes = history.get(row["id"], [])
        for change, following in zip(changes, [*changes[1:], None], strict=True):
            change["until"] = following["since"] if following else None
        row["status"] = changes
        row["notes"] = row.pop("notes")
    return rows


def status_changes(
    connection: sqlite3.Connection,
    statuses: Sequence[str] = (),
    institutions: Sequence[str] = (),
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    limit: int | None = None,
) -> list[Row]:
    """Every change of an institution's status, in date order: which status, from when, until
    when, and the event that brought it about ("every suspension": statuses=("suspended",))."""
    check_codes(connection, "status", statuses, "status")
    ids = resolve_ids(connection, "institutions", institutions)
    where: list[str] = []
    params: list[Any] = []
    matching(where, params, ("s.status", statuses), ("s.institution_id", ids))
    if since is not None:
        where.append("s.since_end >= ?")
        params.append(since.start.isoformat())
    if until is not None:
        where.append("s.since_start <= ?")
        params.append(until.end.isoformat())
    limit_sql, limit_params = limited(limit)
    return [
        dict(row)
        for row in connection.execute(
            "SELECT s.since, s.since_start, s.institution_id, "
            "i.name, i.short_name, s.status, s.until_start, s.event_id, "
            "e.title AS event_title, s.note FROM status_changes s "
            "JOIN institutions i ON i.id = s.institution_id JOIN events e ON e.id = s.event_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY s.since_start, s.institution_id, s.position"
            + limit_sql,
            [*params, *limit_params],
        )
    ]


def recommendations(
    connection: sqlite3.Connection,
    topics: Sequence[str] = (),
    addressees: Sequence[str] = (),
    outcomes: Sequence[str] = (),
    ids: Sequence[str] = (),
    limit: int | None = None,
) -> list[Row]:
    check_codes(connection, "topic", topics, "topic")
    check_codes(connection, "outcome_status", outcomes, "outcome")
    addressees = resolve_ids(connection, "actors", addressees)
    where: list[str] = []
    params: list[Any] = []
    matching(where, params, ("r.id", ids), ("r.outcome_status", outcomes))
    if topics:
        where.append(
            "r.id IN (SELECT record_id FROM record_topics WHERE record_kind = "
            f"'recommendation' AND topic IN ({marks(topics)}))"
        )
        params.extend(topics)
    if addressees:
        where.append(
            "r.id IN (SELECT recommendation_id FROM recommendation_addressees "
            f"WHERE actor_id IN ({marks(addressees)}))"
        )
        params.extend(addressees)
    limit_sql, limit_params = limited(limit)
    rows = [
        dict(row)
        for row in connection.execute(
            "SELECT r.id, r.text, r.date, r.outcome_status, r.outcome_as_of, r.outcome_summary, "
            "r.source_id, s.title AS source_title, s.url AS source_url, r.locator, r.quote, "
            "r.notes "
            "FROM recommendations r JOIN sources s ON s.id = r.source_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY r.date_start, r.id"
            + limit_sql,
            [*params, *limit_params],
        )
    ]
    ids = [row["id"] for row in rows]
    addressed = grouped(
        connection,
        ids,
        "recommendation_id",
        (
            "SELECT recommendation_id, actor_id AS id FROM recommendation_addressees "
            "WHERE recommendation_id IN ({}) ORDER BY position"
        ),
    )
    linked_events = grouped(
        connection,
        ids,
        "recommendation_id",
        (
            "SELECT recommendation_id, relation, event_id AS id FROM recommendation_events "
            "WHERE recommendation_id IN ({}) ORDER BY relation, position"
        ),
    )
    linked_institutions = grouped(
        connection,
        ids,
        "recommendation_id",
        (
            "SELECT recommendation_id, institution_id AS id FROM recommendation_institutions "
            "WHERE recommendation_id IN ({}) ORDER BY position"
        ),
    )
    topic_map = topics_of(connection, ids)
    outcome_sources = citations_of(connection, ids, context="outcome")
    result: list[Row] = []
    for row in rows:
        rec_id = row["id"]
        related = linked_events.get(rec_id, [])
        result.append(
            {
                "id": rec_id,
                "text": row["text"],
                "addressee": [a["id"] for a in addressed.get(rec_id, [])],
                "date": row["date"],
                "topics": topic_map.get(rec_id, []),
                "source": _cited_source(row),
                "events": [e["id"] for e in related if e["relation"] == "related"],
                "institutions": [i["id"] for i in linked_institutions.get(rec_id, [])],
                # Nested as in the data; flat outputs spread it into the database's columns
                # (outcome_status, outcome_as_of …).
                "outcome": {
                    "status": row["outcome_status"],
                    "as_of": row["outcome_as_of"],
                    "summary": row["outcome_summary"],
                    "events": [e["id"] for e in related if e["relation"] == "evidence"],
                    "sources": outcome_sources.get(rec_id, []),
                },
                "notes": row["notes"],
            }
        )
    return result


def actors(
    connection: sqlite3.Connection, ids: Sequence[str] = (), limit: int | None = None
) -> list[Row]:
    limit_sql, limit_params = limited(limit)
    rows = [
        dict(row)
        for row in connection.execute(
            "SELECT * FROM actors "
            + (f"WHERE id IN ({marks(ids)}) " if ids else "")
            + "ORDER BY kind, name"
            + limit_sql,
            (*ids, *limit_params),
        )
    ]
    ids = [row["id"] for row in rows]
    sources = citations_of(connection, ids)
    claims = claims_of(connection, ids)
    for row in rows:
        row["aliases"] = row["aliases"].split("; ") if row["aliases"] else []
        row["sources"] = sources.get(row["id"], [])
        row["claims"] = claims.get(row["id"], [])
    return rows


def sources(
    connection: sqlite3.Connection,
    ids: Sequence[str] = (),
    classes: Sequence[str] = (),
    publishers: Sequence[str] = (),
    limit: int | None = None,
) -> list[Row]:
    """The documents cited, oldest first, with their publisher's id and class."""
    check_codes(connection, "publisher_class", classes, "publisher class")
    check_ids(connection, "publishers", publishers, "publisher")
    where: list[str] = []
    params: list[Any] = []
    matching(
        where, params, ("s.id", ids), ("s.publisher_class", classes), ("s.publisher_id", publishers)
    )
    limit_sql, limit_params = limited(limit)
    rows = [
        dict(row)
        for row in connection.execute(
            "SELECT s.*, "
            "(SELECT COUNT(*) FROM (SELECT record_id FROM citations WHERE source_id = s.id "
            "UNION SELECT record_id FROM claims WHERE source_id = s.id "
            "UNION SELECT id FROM recommendations WHERE source_id = s.id)) AS cited_by_count "
            "FROM sources s "
            + ("WHERE " + " AND ".join(where) + " " if where else "")
            + "ORDER BY COALESCE(s.date_start, '9999'), s.id"
            + limit_sql,
            [*params, *limit_params],
        )
    ]
    for row in rows:
        row["notes"] = row.pop("notes")
    return rows


def publishers(
    connection: sqlite3.Connection,
    classes: Sequence[str] = (),
    ids: Sequence[str] = (),
    limit: int | None = None,
) -> list[Row]:
    """The publishers, best class first, each with its hosts and how many sources it has."""
    check_codes(connection, "publisher_class", classes, "publisher class")
    where: list[str] = []
    params: list[Any] = []
    matching(where, params, ("p.class", classes), ("p.id", ids))
    limit_sql, limit_params = limited(limit)
    rows = [
        dict(row)
        for row in connection.execute(
            "SELECT p.*, "
            "(SELECT COUNT(*) FROM sources s WHERE s.publisher_id = p.id) AS source_count "
            "FROM publishers p "
            + ("WHERE " + " AND ".join(where) + " " if where else "")
            # The codes were stored in the vocabulary's own order, best class first.
            + "ORDER BY (SELECT rowid FROM vocabulary WHERE vocabulary = 'publisher_class' "
            "AND code = p.class), p.id" + limit_sql,
            [*params, *limit_params],
        )
    ]
    for row in rows:
        row["hosts"] = row["hosts"].split("; ")
        row["notes"] = row.pop("notes")
    return rows


def check_codes(
    connection: sqlite3.Connection, vocabulary: str, values: Iterable[str], what: str
) -> tuple[str, ...]:
    """The codes asked for; QueryError for one not in the vocabulary, with the closest code and
    the valid ones. A code may be typed as a table shows it: "entry into force"."""
    wanted = tuple(value.strip().replace(" ", "-") for value in values)
    if not wanted:
        return wanted
    known = [
        row[0]
        for row in connection.execute(
            "SELECT code FROM vocabulary WHERE vocabulary = ? ORDER BY code", (vocabulary,)
        )
    ]
    for value in wanted:
        if value not in known:
            raise QueryError(
                f"unknown {what} {value!r}{did_you_mean(value, known)}; valid: {', '.join(known)}"
            )
    return wanted


def did_you_mean(value: str, known: Sequence[str], n: int = 1) -> str:
    """ "; did you mean 'x'?" for the closest of `known`, or nothing if none is close."""
    import difflib  # only on this error path: it costs ~5 ms to import

    close = difflib.get_close_matches(value.casefold(), known, n=n, cutoff=0.7)
    return f"; did you mean {' or '.join(map(repr, close))}?" if close else ""


_WHAT = {kind.table: kind.name for kind in NAMED}


def names_of(connection: sqlite3.Connection, table: str, name: str) -> list[str]:
    """Ids of the actors or institutions having `name` as id, name, short name or alias."""
    wanted = fold(name)
    short = "short_name" if table == "institutions" else "NULL"
    return [
        record_id
        for record_id, *names in connection.execute(
            f"SELECT id, name, {short}, aliases FROM {table} ORDER BY id"
        )
        if wanted
        in {
            fold(record_id),
            *(fold(one) for one in names[:2] if one),
            *(fold(alias) for alias in (names[2] or "").split("; ") if alias),
        }
    ]


def resolve_id(connection: sqlite3.Connection, table: str, name: str) -> str:
    """The id of the actor or institution that `name` names (its id, name, short name or an
    alias: "NRC", "Russia"); QueryError listing the candidates if it names several, or the
    closest ids if none."""
    if connection.execute(f"SELECT 1 FROM {table} WHERE id = ?", (name,)).fetchone():
        return name
    found = names_of(connection, table, name)
    if len(found) == 1:
        return found[0]
    what = _WHAT[table]
    if found:
        raise QueryError(f"{name!r} names more than one {what}: {', '.join(found)}; use the id")
    known = [row[0] for row in connection.execute(f"SELECT id FROM {table}")]
    hint = did_you_mean(name, known, n=3) or f" (see `nrkb {table}`)"
    raise QueryError(f"unknown {what} {name!r}{hint}")


def check_ids(connection: sqlite3.Connection, table: str, values: Iterable[str], what: str) -> None:
    """Refuse an id that is not in `table` (records named by id only, such as publishers),
    suggesting the closest ids."""
    for value in values:
        if connection.execute(f"SELECT 1 FROM {table} WHERE id = ?", (value,)).fetchone():
            continue
        known = [row[0] for row in connection.execute(f"SELECT id FROM {table}")]
        hint = did_you_mean(value, known, n=3) or f" (see `nrkb {table}`)"
        raise QueryError(f"unknown {what} {value!r}{hint}")


def resolve_ids(
    connection: sqlite3.Connection, table: str, names: Iterable[str]
) -> tuple[str, ...]:
    return tuple(dict.fromkeys(resolve_id(connection, table, name) for name in names))


def limited(limit: int | None) -> tuple[str, tuple[int, ...]]:
    """` LIMIT ?` and its bound value, or nothing when every row is wanted: the database stops
    at the limit, and the rows after it are never read nor given their links."""
    return (" LIMIT ?", (limit,)) if limit is not None else ("", ())


def matching(where: list[str], params: list[Any], *filters: tuple[str, Sequence[Any]]) -> None:
    """For each (column, values) with values, `column IN (?, …)` into `where`, the values into
    `params`: the filters of a query, bound, never pasted."""
    for column, values in filters:
        if values:
            where.append(f"{column} IN ({marks(values)})")
            params.extend(values)


def marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


_CHUNK = 500  # stays under SQLite's limit on bound parameters


def chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    """`ids` in slices short enough to bind as parameters."""
    for offset in range(0, len(ids), _CHUNK):
        yield ids[offset : offset + _CHUNK]


def grouped(
    connection: sqlite3.Connection,
    ids: Sequence[str],
    key: str,
    sql: str,
    parameters: Sequence[str] = (),
) -> dict[str, list[Row]]:
    """Run `sql` (with `{}` for the id placeholders, then `?` for `parameters`) for `ids`,
    grouped by the column `key`."""
    by_key: dict[str, list[Row]] = defaultdict(list)
    for chunk in chunks(ids):
        for row in connection.execute(sql.format(marks(chunk)), (*chunk, *parameters)):
            item = dict(row)
            by_key[item.pop(key)].append(item)
    return by_key


def topics_of(connection: sqlite3.Connection, ids: Sequence[str]) -> dict[str, list[str]]:
    by_record = grouped(
        connection,
        ids,
        "record_id",
        ("SELECT record_id, topic FROM record_topics WHERE record_id IN ({}) ORDER BY position"),
    )
    return {key: [row["topic"] for row in rows] for key, rows in by_record.items()}


def citations_of(
    connection: sqlite3.Connection, ids: Sequence[str], context: str = "record"
) -> dict[str, list[Row]]:
    return grouped(
        connection,
        ids,
        "record_id",
        (
            "SELECT c.record_id, s.id, s.title, s.url, c.locator, c.quote FROM citations c "
            "JOIN sources s ON s.id = c.source_id WHERE c.record_id IN ({}) "
            "AND c.context = ? ORDER BY c.position"
        ),
        (context,),
    )


def _cited_source(row: Row) -> Row:
    """A source as a record cites it: from `source_*` columns and the citation's own."""
    return {
        "id": row["source_id"],
        "title": row["source_title"],
        "url": row["source_url"],
        "locator": row["locator"],
        "quote": row["quote"],
    }


def claims_of(connection: sqlite3.Connection, ids: Sequence[str]) -> dict[str, list[Row]]:
    """The claims recorded on each record: what a source said, the verdict, the evidence."""
    claims = grouped(
        connection,
        ids,
        "record_id",
        (
            "SELECT cl.record_id, cl.position, s.id AS source_id, s.title AS source_title, "
            "s.url AS source_url, cl.locator, cl.quote, cl.says, cl.verdict, cl.finding "
            "FROM claims cl JOIN sources s ON s.id = cl.source_id "
            "WHERE cl.record_id IN ({}) ORDER BY cl.position"
        ),
    )
    evidence = grouped(
        connection,
        list(claims),
        "record_id",
        (
            "SELECT c.record_id, c.context, s.id, s.title, s.url, c.locator, c.quote "
            "FROM citations c JOIN sources s ON s.id = c.source_id "
            "WHERE c.record_id IN ({}) AND c.context LIKE 'claim-%' ORDER BY c.position"
        ),
    )
    result: dict[str, list[Row]] = {}
    for record_id, rows in claims.items():
        result[record_id] = [
            {
                "source": _cited_source(row),
                "says": row["says"],
                "verdict": row["verdict"],
                "finding": row["finding"],
                "evidence": [
                    {key: value for key, value in item.items() if key != "context"}
                    for item in evidence.get(record_id, [])
                    if item["context"] == f"claim-{row['position']}"
                ],
            }
            for row in rows
        ]
    return result
