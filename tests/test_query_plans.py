"""Every filter of `nrkb events` is answered through an index, as EXPLAIN QUERY PLAN shows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import copy_of
from nrkb import dates, query


@pytest.fixture(scope="module")
def connection(
    tmp_path_factory: pytest.TempPathFactory, built_db: Path
) -> Iterator[sqlite3.Connection]:
    with sqlite3.connect(copy_of(built_db, tmp_path_factory.mktemp("plans"))) as opened:
        opened.row_factory = sqlite3.Row
        yield opened


def plan(connection: sqlite3.Connection, event_filter: query.EventFilter) -> list[str]:
    """The plan of the first statement `query.events` runs for this filter."""
    statements: list[tuple[str, tuple[object, ...]]] = []

    class Recorder:
        def __init__(self, inner: sqlite3.Connection) -> None:
            self.inner = inner

        def execute(self, sql: str, parameters: tuple[object, ...] = ()) -> sqlite3.Cursor:
            if sql.lstrip().startswith("SELECT e.*"):
                statements.append((sql, tuple(parameters)))
            return self.inner.execute(sql, parameters)

    query.events(Recorder(connection), event_filter)  # type: ignore[arg-type]
    sql, parameters = statements[0]
    return [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", parameters)]


@pytest.mark.parametrize(
    ("event_filter", "expected"),
    [
        (query.EventFilter(since=dates.parse("2008")), "ix_events_date_start_id (date_start>?"),
        (query.EventFilter(until=dates.parse("1995")), "ix_events_date_start_id (date_start<?)"),
        (
            query.EventFilter(since=dates.parse("2014-03"), until=dates.parse("2014-04")),
            "ix_events_date_start_id (date_start>? AND date_start<?)",
        ),
        (query.EventFilter(types=("accession",)), "ix_events_type_date_start_id (type=?)"),
        (query.EventFilter(actors=("finland",)), "ix_event_actors_actor_date (actor_id=?)"),
        (
            query.EventFilter(institutions=("nato-russia-council",)),
            "ix_event_institutions_date (institution_id=?)",
        ),
        (
            query.EventFilter(topics=("crimea",)),
            "ix_record_topics_topic (topic=? AND record_kind=?)",
        ),
        (query.EventFilter(search="Crimea"), "events_fts VIRTUAL TABLE INDEX"),
        # Two values of one filter: both looked up through the index, then sorted.
        (
            query.EventFilter(actors=("finland", "sweden")),
            "ix_event_actors_actor_date (actor_id=?)",
        ),
    ],
    ids=["since", "until", "window", "type", "actor", "institution", "topic", "search", "two"],
)
def test_each_filter_uses_an_index(
    connection: sqlite3.Connection, event_filter: query.EventFilter, expected: str
) -> None:
    steps = plan(connection, event_filter)
    assert any(expected in step for step in steps), steps
    if event_filter.actors != ("finland", "sweden") and not event_filter.search:
        # Already in date order from the index: no sort of everything that matched.
        assert "USE TEMP B-TREE FOR ORDER BY" not in steps, steps
    # No table is read from end to end.
    assert not [step for step in steps if step.startswith("SCAN") and "INDEX" not in step], steps
