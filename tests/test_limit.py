"""--limit N prints the first N records of the same list without it, filters included: the
database stops at the limit, so a filter applied after it would cut the list short."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest

from conftest import Run
from nrkb import query
from nrkb.db import connect
from nrkb.locations import locate

pytestmark = pytest.mark.usefixtures("prebuilt")  # every test reads the bundled data

LISTS = [
    ["institutions"],
    ["institutions", "--status", "suspended"],
    ["institutions", "--on", "2010", "--status", "active"],
    ["status-changes"],
    ["status-changes", "--status", "suspended"],
    ["recommendations"],
    ["recommendations", "--outcome", "not-adopted"],
    ["actors"],
    ["sources"],
    ["sources", "--class", "wire"],
    ["publishers"],
    ["publishers", "--class", "newspaper"],
    ["events", "--since", "2014"],
]


@pytest.mark.parametrize("command", LISTS, ids=" ".join)
@pytest.mark.parametrize("limit", [0, 1, 3])
def test_the_limited_list_is_the_start_of_the_whole_list(
    run: Run, command: list[str], limit: int
) -> None:
    code, whole, err = run(*command, "--format", "json")
    assert code == 0, err
    rows = json.loads(whole)
    assert len(rows) > 3  # long enough for the limit to cut it
    code, limited, err = run(*command, "--format", "json", "--limit", str(limit))
    assert code == 0, err
    assert json.loads(limited) == rows[:limit]


@pytest.fixture
def connection() -> Iterator[sqlite3.Connection]:
    database = connect(locate())
    yield database
    database.close()


def test_a_status_filter_is_applied_before_the_limit(connection: sqlite3.Connection) -> None:
    # The first institutions by date are mostly still active: were the filter applied after
    # the limit, the first two suspended ones would be missed.
    suspended = query.institutions(connection, statuses=("suspended",))
    assert len(suspended) > 2
    assert query.institutions(connection, statuses=("suspended",), limit=2) == suspended[:2]
    assert {row["status_on_day"] for row in suspended} == {"suspended"}


def test_publishers_stay_best_class_first(connection: sqlite3.Connection) -> None:
    classes = [
        row[0]
        for row in connection.execute(
            "SELECT code FROM vocabulary WHERE vocabulary = 'publisher_class' ORDER BY rowid"
        )
    ]
    rows = query.publishers(connection)
    ranks = [(classes.index(row["class"]), row["id"]) for row in rows]
    assert ranks == sorted(ranks)
    assert query.publishers(connection, limit=5) == rows[:5]
