"""One name per field: the CLI's JSON and CSV, the JSON export, pandas and the database agree.

A field has the same name, and means the same thing, wherever it appears: a column the CLI
shares with the database's table holds the same values; the CSV is the JSON with mappings
spread into `key_inner` columns; the export and `to_pandas` use the CLI's names.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import nrkb
from conftest import copy_of, invoke
from nrkb.columns import cell, spread

# command: (its table in the database, the columns that identify a row there)
COMMANDS = {
    "events": ("events", ("id",)),
    "institutions": ("institutions", ("id",)),
    "status-changes": ("status_changes", ("institution_id", "since")),
    "recommendations": ("recommendations", ("id",)),
    "actors": ("actors", ("id",)),
    "sources": ("sources", ("id",)),
    "publishers": ("publishers", ("id",)),
    "periods": ("periods", ("id",)),
}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, built_db: Path) -> Path:
    return copy_of(built_db, tmp_path_factory.mktemp("names"))


@pytest.fixture(scope="module")
def connection(database: Path) -> Iterator[sqlite3.Connection]:
    with sqlite3.connect(database) as opened:
        opened.row_factory = sqlite3.Row
        yield opened


def nrkb_out(database: Path, *args: str) -> str:
    result = invoke([*args, "--db", str(database)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def as_json(database: Path, command: str) -> list[dict[str, Any]]:
    rows = json.loads(nrkb_out(database, command, "--format", "json"))
    assert isinstance(rows, list) and rows
    return rows


def as_csv(database: Path, command: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(nrkb_out(database, command, "--format", "csv"))))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_column_shared_with_the_database_holds_the_same_values(
    database: Path, connection: sqlite3.Connection, command: str
) -> None:
    table, keys = COMMANDS[command]
    stored = {
        tuple(row[key] for key in keys): dict(row)
        for row in connection.execute(f"SELECT * FROM {table}")
    }
    rows = as_csv(database, command)
    shared = set(rows[0]) & set(next(iter(stored.values())))
    assert set(keys) <= shared
    for row in rows:
        record = stored[tuple(row[key] for key in keys)]
        assert {name: row[name] for name in shared} == {name: cell(record[name]) for name in shared}


def test_events_are_dated_by_date_start_and_date_end_as_in_the_database(database: Path) -> None:
    row = as_json(database, "events")[0]
    assert {"date", "date_start", "date_end", "precision"} <= set(row)
    assert not {"start", "end"} & set(row)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_csv_is_the_json_with_mappings_spread_into_columns(
    database: Path, command: str
) -> None:
    records = as_json(database, command)
    rows = as_csv(database, command)
    assert list(rows[0]) == list(spread(records[0]))
    assert rows == [{key: cell(value) for key, value in spread(r).items()} for r in records]


def test_an_institution_status_is_its_history_and_the_day_has_its_own_names(
    database: Path,
) -> None:
    council = next(
        row for row in as_json(database, "institutions") if row["id"] == "nato-russia-council"
    )
    assert isinstance(council["status"], list) and council["status"][0]["status"] == "proposed"
    assert {"since", "event", "note"} <= set(council["status"][0])
    assert council["status_on_day"] == council["status"][-1]["status"]
    assert council["status_on_day_since"] == council["status"][-1]["since"]
    # The CSV writes the history readably, each change as `since status`.
    flat = next(row for row in as_csv(database, "institutions") if row["id"] == council["id"])
    assert flat["status"].split("; ")[0] == f"{council['status'][0]['since']} proposed"


def test_a_recommendation_outcome_is_nested_in_json_and_spread_in_csv(database: Path) -> None:
    record = as_json(database, "recommendations")[0]
    assert set(record["outcome"]) == {"status", "as_of", "summary", "events", "sources"}
    flat = as_csv(database, "recommendations")[0]
    assert flat["outcome_status"] == record["outcome"]["status"]
    assert flat["outcome_events"] == "; ".join(record["outcome"]["events"])


def test_the_json_export_holds_each_record_as_the_cli_prints_it(
    database: Path, tmp_path: Path
) -> None:
    nrkb_out(database, "export", "--format", "json", "--out", str(tmp_path))
    document = json.loads((tmp_path / "nrkb.json").read_text("utf-8"))
    for kind in ("events", "institutions", "recommendations", "actors", "sources", "publishers"):
        assert document[kind] == as_json(database, kind), kind
    assert document["periods"] == as_json(database, "periods")


@pytest.mark.parametrize(
    "table", ["events", "institutions", "recommendations", "actors", "sources", "publishers"]
)
def test_to_pandas_has_the_csv_columns_with_lists_as_lists(database: Path, table: str) -> None:
    pytest.importorskip("pandas")
    frame = nrkb.open(db=database).to_pandas(table)  # type: ignore[arg-type]
    assert list(frame.columns) == list(as_csv(database, table)[0])
    records = {record["id"]: spread(record) for record in as_json(database, table)}
    for name in frame.columns:
        if isinstance(next(iter(records.values()))[name], list):
            assert all(
                value == records[record_id][name]
                for record_id, value in zip(frame["id"], frame[name], strict=True)
            ), name


def field_names(value: Any) -> set[str]:
    """Every key of a JSON value, at any depth."""
    if isinstance(value, dict):
        return set(value) | {name for inner in value.values() for name in field_names(inner)}
    if isinstance(value, list):
        return {name for item in value for name in field_names(item)}
    return set()


def test_every_field_of_every_output_is_in_the_codebook(database: Path) -> None:
    codebook = (Path(__file__).parent.parent / "docs" / "codebook.md").read_text("utf-8")
    commands = [[command] for command in COMMANDS]
    commands += [["barometer"], ["search", "crimea"]]
    commands += [
        ["show", record]
        for record in (
            "nato-russia-council",
            "csernatoni-2014-freeze-arms-sales-to-russia",
            "csernatoni-2014-nato-russia-brief",
            "2014-04-01-nato-suspends-practical-cooperation-with-russia",
            "nato",
            "reuters",
            "reset",
        )
    ]
    names = {
        name
        for command in commands
        for name in field_names(json.loads(nrkb_out(database, *command, "--format", "json")))
    }
    assert {"status_on_day", "record_kind", "cited_by", "date_start"} <= names
    assert sorted(name for name in names if f"`{name}`" not in codebook) == []


def test_the_python_api_names_its_columns_without_the_presentation_layer() -> None:
    import subprocess
    import sys

    probe = "import sys, nrkb.api; print([m for m in ('nrkb.render', 'rich') if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
