"""The database is built atomically, rebuilt when data change, never replaced by bad data."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from conftest import Run
from nrkb.db import ensure_current
from nrkb.freshness import SCHEMA_VERSION, read_meta
from nrkb.locations import locate


def test_build_writes_a_database_with_the_records(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kb.db"
    code, out, _ = run("build", "--data", str(minimal_data), "--db", str(db))
    assert code == 0 and str(db) in out
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM events").fetchone() == (5,)
        row = connection.execute(
            "SELECT date, date_start, date_end, precision FROM events "
            "WHERE id = '2008-08-war-in-georgia'"
        ).fetchone()
    assert row == ("2008-08", "2008-08-01", "2008-08-31", "month")
    assert read_meta(db)["schema_version"] == SCHEMA_VERSION  # type: ignore[index]


def test_dates_are_stored_as_text_so_comparisons_are_lexical(
    minimal_data: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kb.db"
    ensure_current(locate(minimal_data, db))
    with sqlite3.connect(db) as connection:
        assert {row[0] for row in connection.execute("SELECT typeof(date_start) FROM events")} == {
            "text"
        }
        # A column with DATE affinity would make this match every row.
        assert connection.execute(
            "SELECT COUNT(*) FROM events WHERE date_end >= '2008'"
        ).fetchone() == (3,)


def test_invalid_data_leaves_the_existing_database_byte_identical(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kb.db"
    assert run("build", "--data", str(minimal_data), "--db", str(db))[0] == 0
    before = db.read_bytes()
    events = minimal_data / "events.yaml"
    events.write_text(events.read_text().replace("type: suspension", "type: suspendedd"))
    code, out, err = run("events", "--data", str(minimal_data), "--db", str(db))
    assert code == 1 and out == ""
    assert "events.yaml:" in err and "'suspendedd' is not a known code" in err
    assert "nothing was built" in err and "Traceback" not in err
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_changed_data_file_triggers_a_rebuild(run: Run, minimal_data: Path) -> None:
    assert "Rome Declaration" in run("events", "--data", str(minimal_data), "--format", "csv")[1]
    events = minimal_data / "events.yaml"
    events.write_text(
        events.read_text().replace("Rome Declaration establishes", "Rome summit founds")
    )
    out = run("events", "--data", str(minimal_data), "--format", "csv")[1]
    assert "Rome summit founds" in out and "Rome Declaration establishes" not in out


def test_touching_the_data_without_changing_it_does_not_rebuild(minimal_data: Path) -> None:
    location = locate(minimal_data, None)
    ensure_current(location)
    built = location.db_path.stat().st_mtime_ns, location.db_path.stat().st_ino
    for path in minimal_data.iterdir():
        os.utime(path, ns=(1, 1))
    ensure_current(location)
    assert (location.db_path.stat().st_mtime_ns, location.db_path.stat().st_ino)[1] == built[1]
    assert read_meta(location.db_path)["data_stats"].count(":1|") >= 4  # type: ignore[index]


def test_a_database_from_another_schema_version_is_rebuilt(minimal_data: Path) -> None:
    location = locate(minimal_data, None)
    ensure_current(location)
    with sqlite3.connect(location.db_path) as connection:
        connection.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    ensure_current(location)
    assert read_meta(location.db_path)["schema_version"] == SCHEMA_VERSION  # type: ignore[index]


def test_a_garbage_database_file_is_replaced(minimal_data: Path) -> None:
    location = locate(minimal_data, None)
    location.db_path.parent.mkdir(parents=True, exist_ok=True)
    location.db_path.write_bytes(b"not a database at all")
    ensure_current(location)
    assert read_meta(location.db_path) is not None


def test_the_default_database_lives_in_the_cache_directory(
    minimal_data: Path, isolated_cache: Path
) -> None:
    location = locate(minimal_data, None)
    assert location.db_path.parent == isolated_cache
    assert location.db_path.name.startswith("nrkb-") and location.db_path.suffix == ".db"


def test_environment_variables_choose_data_and_database(
    run: Run, minimal_data: Path, tmp_path: Path, monkeypatch
) -> None:
    db = tmp_path / "from-env.db"
    monkeypatch.setenv("NRKB_DATA", str(minimal_data))
    monkeypatch.setenv("NRKB_DB", str(db))
    code, out, _ = run("events", "--format", "csv")
    assert code == 0 and "2008-08-19-nrc-meetings-suspended" in out
    assert db.is_file()


def test_nrkb_tables_and_a_users_sqlmodel_tables_stay_apart(minimal_data: Path) -> None:
    """nrkb declares its tables in a registry of its own: a script's SQLModel table is not
    created in nrkb's database, and SQLModel's global metadata holds none of nrkb's tables."""
    from sqlmodel import Field, SQLModel

    from nrkb import tables

    class Note(SQLModel, table=True):
        __tablename__ = "user_notes"
        id: int = Field(primary_key=True)

    try:
        location = locate(minimal_data, None)
        ensure_current(location)
        with sqlite3.connect(location.db_path) as connection:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert "user_notes" not in names and "events" in names
        assert not set(SQLModel.metadata.tables) & set(tables.metadata.tables)
    finally:
        SQLModel.metadata.remove(Note.__table__)  # type: ignore[attr-defined]
