"""The database is Datasette-ready: foreign keys, `<table>_fts` search, useful views."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run, copy_of


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, built_db: Path) -> Path:
    return copy_of(built_db, tmp_path_factory.mktemp("datasette"))


def datasette_get(database: Path, path: str) -> object:
    pytest.importorskip("datasette")
    tool = shutil.which("datasette") or str(Path(sys.executable).parent / "datasette")
    result = subprocess.run(
        [tool, str(database), "--get", path], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_datasette_searches_events_with_the_fts_index(database: Path) -> None:
    rows = datasette_get(database, "/kb/events.json?_search=crimea&_shape=array&_size=max")
    assert isinstance(rows, list) and len(rows) >= 10
    assert "2014-03-16-crimea-status-referendum" in {row["id"] for row in rows}
    for row in rows:
        text = " ".join(str(row[key] or "") for key in ("title", "summary", "notes")).lower()
        assert "crimea" in text


def test_datasette_shows_the_flattened_events_view(database: Path) -> None:
    rows = datasette_get(
        database,
        "/kb/events_flat.json?id=2008-08-19-nato-suspends-formal-nrc-meetings&_shape=array",
    )
    assert isinstance(rows, list) and len(rows) == 1
    assert "nato-russia-council (suspended)" in rows[0]["institutions"]
    assert rows[0]["source_urls"].startswith("http")


def test_foreign_keys_are_declared(database: Path) -> None:
    with sqlite3.connect(database) as connection:
        keys = connection.execute("PRAGMA foreign_key_list(event_actors)").fetchall()
    assert {(key[2], key[3], key[4]) for key in keys} == {
        ("events", "event_id", "id"),
        ("actors", "actor_id", "id"),
    }


def test_serve_passes_through_to_datasette(run: Run, database: Path) -> None:
    pytest.importorskip("datasette")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "nrkb",
            "serve",
            "--db",
            str(database),
            "--get",
            "/nrkb/institution_status_periods.json?institution_id=nato-russia-council&_shape=array",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    periods = json.loads(result.stdout)
    assert [p["status"] for p in periods][:3] == ["proposed", "active", "suspended"]
    assert periods[2]["until_start"] == "2009-03-05"
