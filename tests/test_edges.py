"""Edges that used to end in a traceback or a wrong exit code: enormous counts, a reader that
goes away in the middle of a table, a cache directory with no room left."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Run


@pytest.mark.parametrize(
    "command",
    [
        ["events"],
        ["institutions"],
        ["recommendations"],
        ["actors"],
        ["sources"],
        ["search", "nato"],
    ],
    ids=lambda command: command[0],
)
@pytest.mark.parametrize("value", [str(10**20), "2147483648"])
def test_an_enormous_limit_is_a_usage_error(run: Run, command: list[str], value: str) -> None:
    code, out, err = run(*command, "--limit", value)
    assert code == 2 and out == ""
    assert "Invalid value for '--limit'" in err and "Traceback" not in err


@pytest.mark.usefixtures("prebuilt")
def test_the_largest_limit_allowed_lists_everything(run: Run) -> None:
    code, out, _ = run("actors", "--limit", "2147483647", "--format", "csv")
    assert code == 0 and "norway,Kingdom of Norway" in out


@pytest.mark.parametrize(
    "command",
    [["events", "--format", "table"], ["timeline"], ["events", "--format", "csv"]],
    ids=" ".join,
)
@pytest.mark.usefixtures("prebuilt")
def test_a_reader_that_goes_away_ends_the_command_quietly(
    command: list[str], isolated_cache: Path
) -> None:
    # The database is already built (`prebuilt`): the pipe closes while the table is written.
    env = {**os.environ, "NRKB_CACHE_DIR": str(isolated_cache), "COLUMNS": "100"}
    process = subprocess.Popen(
        [sys.executable, "-m", "nrkb", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # `| head -1`
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 0, stderr
    assert first and stderr == b""


def test_a_full_cache_directory_falls_back_to_the_temporary_directory(
    run: Run, tmp_path: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite's page limit gives the same SQLITE_FULL ("database or disk is full") as a full disk.
    connect = sqlite3.connect

    def cramped(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = connect(database, *args, **kwargs)
        if str(database).startswith(str(isolated_cache)):
            connection.execute("PRAGMA max_page_count = 2")
        return connection

    monkeypatch.setattr(sqlite3, "connect", cramped)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    code, out, err = run("events", "--since", "2024", "--format", "csv")
    assert code == 0, err
    assert "2024-03-07-sweden-accedes-to-nato" in out
    assert list((tmp_path / "tmp").glob("nrkb-*/nrkb-*.db"))
    assert not list(isolated_cache.glob("*"))


def test_a_full_disk_for_a_named_database_is_one_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "kb.db"
    connect = sqlite3.connect

    def cramped(path: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = connect(path, *args, **kwargs)
        if str(path).startswith(str(tmp_path)):
            connection.execute("PRAGMA max_page_count = 2")
        return connection

    monkeypatch.setattr(sqlite3, "connect", cramped)
    code, out, err = run("build", "--db", str(database))
    assert code == 1 and out == ""
    assert err.startswith(f"nrkb: error: cannot write the database beside {database}: ")
    assert "database or disk is full" in err and len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
