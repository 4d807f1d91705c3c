"""`nrkb sql`: reading works; every way of writing is refused and the database is unchanged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import Run, copy_of


@pytest.fixture
def database(built_db: Path, tmp_path: Path) -> Path:
    return copy_of(built_db, tmp_path)  # the tests try to write to it


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_select_answers_in_any_format(run: Run, database: Path) -> None:
    code, out, _ = run(
        "sql",
        "SELECT id, date FROM events WHERE type = 'accession' ORDER BY date_start",
        "--db",
        str(database),
        "--format",
        "json",
    )
    rows = json.loads(out)
    assert code == 0 and rows[0] == {
        "id": "1999-03-12-poland-czech-hungary-join-nato",
        "date": "1999-03-12",
    }


def test_full_text_search_and_read_only_pragmas_work(run: Run, database: Path) -> None:
    code, out, _ = run(
        "sql",
        "SELECT e.id FROM events_fts f JOIN events e ON e.rowid = f.rowid "
        "WHERE events_fts MATCH 'Dmytrivka'",
        "--db",
        str(database),
    )
    assert code == 0 and "2014-07-23-two-ukrainian-su-25-shot-down-savur-mohyla" in out
    code, out, _ = run("sql", "PRAGMA table_info(events)", "--db", str(database))
    assert code == 0 and "date_start" in out


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM events",
        "UPDATE events SET title = 'x'",
        "INSERT INTO actors (id, name, kind, aliases) VALUES ('x', 'x', 'state', '')",
        "DROP TABLE events",
        "CREATE TABLE t (x)",
        "CREATE TEMP TABLE t (x)",
        "ALTER TABLE events ADD COLUMN x",
        "ATTACH DATABASE ':memory:' AS other",
        "PRAGMA query_only = OFF",
        "PRAGMA journal_mode = WAL",
        "PRAGMA writable_schema = ON",
        "PRAGMA user_version = 7",
        "VACUUM",
        "VACUUM INTO '/tmp/nrkb-copy.db'",
        "SELECT load_extension('libevil')",
        "INSERT INTO events_fts(events_fts) VALUES ('delete-all')",
        "REINDEX",
        "ANALYZE",
    ],
)
def test_every_way_of_writing_is_refused(run: Run, database: Path, statement: str) -> None:
    before = digest(database)
    code, out, err = run("sql", statement, "--db", str(database))
    assert code == 1 and out == ""
    assert err.startswith("nrkb: error: ") and "Traceback" not in err
    assert digest(database) == before
    assert not Path("/tmp/nrkb-copy.db").exists()


def test_a_runaway_query_is_stopped(run: Run, database: Path) -> None:
    code, _, err = run(
        "sql",
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT COUNT(*) FROM n",
        "--db",
        str(database),
        "--timeout",
        "0.5",
    )
    assert code == 1 and "ran longer than 0.5 s and was stopped" in err


def test_too_many_rows_are_refused_not_truncated(run: Run, database: Path) -> None:
    code, out, err = run("sql", "SELECT * FROM events", "--db", str(database), "--max-rows", "10")
    assert code == 1 and out == "" and "more than 10 rows; add a LIMIT" in err


def test_two_statements_at_once_are_refused(run: Run, database: Path) -> None:
    code, _, err = run("sql", "SELECT 1; DELETE FROM events", "--db", str(database))
    assert code == 1 and "one statement at a time" in err


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT zeroblob(900000000) FROM events LIMIT 50",
        "SELECT randomblob(200000000)",
        "SELECT length(zeroblob(100000000) || 'x')",
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 300000) "
        "SELECT group_concat(printf('%.200c', 'x')) FROM n",
    ],
)
def test_a_value_larger_than_the_limit_is_one_line_not_a_memory_error(
    run: Run, database: Path, statement: str
) -> None:
    code, out, err = run("sql", statement, "--db", str(database))
    assert code == 1 and out == ""
    assert err == "nrkb: error: a value would be longer than the limit of 16,777,216 bytes\n"


def test_a_result_larger_than_the_limit_is_refused_not_cut_short(run: Run, database: Path) -> None:
    statement = (
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 40) "
        "SELECT x, zeroblob(2000000) FROM n"
    )
    code, out, err = run("sql", statement, "--db", str(database))
    assert code == 1 and out == ""
    assert "the result holds more than 67,108,864 bytes" in err


def test_a_flood_of_numbers_counts_against_the_result_limit(run: Run, database: Path) -> None:
    statement = (
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 500000) "
        f"SELECT {', '.join(['x'] * 20)} FROM n"
    )
    options = ("--max-rows", "1000000", "--timeout", "120")  # the size, not the time, must stop it
    code, out, err = run("sql", statement, "--db", str(database), *options)
    assert code == 1 and out == ""
    assert "the result holds more than 67,108,864 bytes" in err


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT fts3_tokenizer('simple')",
        "SELECT fts3_tokenizer('simple', x'0000000000000000')",
        "SELECT FTS3_TOKENIZER('porter', zeroblob(8))",
    ],
)
def test_fts3_tokenizer_is_denied(run: Run, database: Path, statement: str) -> None:
    before = digest(database)
    code, out, err = run("sql", statement, "--db", str(database))
    assert code == 1 and out == ""
    assert "not authorized to use function: fts3_tokenizer" in err.lower()
    assert digest(database) == before


@pytest.mark.parametrize("value", ["3000000000", str(10**20)])
def test_an_enormous_max_rows_is_a_usage_error(run: Run, database: Path, value: str) -> None:
    code, out, err = run("sql", "SELECT 1", "--db", str(database), "--max-rows", value)
    assert code == 2 and out == ""
    assert "Invalid value for '--max-rows'" in err and "Traceback" not in err


def test_the_largest_max_rows_allowed_still_answers(run: Run, database: Path) -> None:
    code, out, _ = run("sql", "SELECT 7 AS n", "--db", str(database), "--max-rows", "2147483647")
    assert code == 0 and out == "n\n7\n"
