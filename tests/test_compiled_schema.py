"""The compiled schema says what the database is, once, and is never out of date."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from conftest import Run
from nrkb import compiled, descriptions, schemagen, tables
from nrkb.search import SEARCH_INDEXES


def test_the_committed_compiled_schema_is_up_to_date() -> None:
    committed = compiled.PATH.read_text(encoding="utf-8")
    assert committed == schemagen.text(), f"regenerate with: {schemagen.REGENERATE}"


def test_the_schema_version_is_the_compiled_files_hash() -> None:
    assert compiled.version() == hashlib.sha256(compiled.PATH.read_bytes()).hexdigest()[:16]


@pytest.mark.parametrize(
    ("declarations", "key"),
    [(descriptions.COLUMN_DESCRIPTIONS, "notes"), (descriptions.TABLE_DESCRIPTIONS, "events")],
)
def test_a_changed_description_changes_the_compiled_file_and_so_the_version(
    monkeypatch: pytest.MonkeyPatch, declarations: dict[str, str], key: str
) -> None:
    monkeypatch.setitem(declarations, key, "Something else.")
    assert schemagen.text() != compiled.PATH.read_text(encoding="utf-8")


def test_a_built_database_has_exactly_the_compiled_tables_and_columns(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kb.db"
    assert run("build", "--data", str(minimal_data), "--db", str(db))[0] == 0
    searched = tuple(f"{table}_fts" for table in SEARCH_INDEXES)
    with sqlite3.connect(db) as connection:
        built = {
            name: [
                (column, bool(not_null))
                for _, column, _, not_null, _, _ in connection.execute(
                    f'PRAGMA table_info("{name}")'
                )
            ]
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            )
            if not name.startswith(searched)
        }
    declared = {
        table["name"]: [(column["name"], column["required"]) for column in table["columns"]]
        for table in compiled.load()["tables"]
    }
    assert built == declared


def test_every_table_and_column_is_described_and_every_description_is_used() -> None:
    schema = compiled.load()["tables"]
    undescribed = [
        f"{table['name']}.{column['name']}"
        for table in schema
        for column in table["columns"]
        if not column["description"]
    ]
    undescribed += [table["name"] for table in schema if not table["description"]]
    assert undescribed == [], "describe them in src/nrkb/descriptions.py"
    named = {column["name"] for table in schema for column in table["columns"]}
    assert set(descriptions.COLUMN_DESCRIPTIONS) - named == set()


def test_a_column_is_described_in_one_place() -> None:
    """COLUMN_DESCRIPTIONS, not also a `Field(description=...)` that the export would prefer."""
    described = [
        f"{table.__name__}.{name}"
        for table in vars(tables).values()
        if isinstance(table, type) and issubclass(table, SQLModel) and table is not SQLModel
        for name, info in table.model_fields.items()
        if info.description
    ]
    assert described == []


def test_the_exported_tables_are_the_declared_ones_with_their_keys_and_references() -> None:
    schema = compiled.load()["tables"]
    assert [table["name"] for table in compiled.exported()] == list(tables.EXPORT_TABLES)
    events = next(table for table in schema if table["name"] == "events")
    tone = next(column for column in events["columns"] if column["name"] == "tone")
    assert (tone["type"], tone["minimum"], tone["maximum"]) == ("integer", -3, 3)
    assert events["primary_key"] == ["id"]
    links = next(table for table in schema if table["name"] == "event_actors")
    references = {column["name"]: column["references"] for column in links["columns"]}
    assert references["event_id"] == "events.id" and references["actor_id"] == "actors.id"
    assert {c["name"]: c["vocabulary"] for c in links["columns"]}["role"] == "actor_role"


def test_schemagen_writes_the_file_and_check_says_when_it_is_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "compiled_schema.json"
    assert schemagen.main(["--check", "--out", str(target)]) == 1
    assert "regenerate with: python -m nrkb.schemagen" in capsys.readouterr().err
    assert schemagen.main(["--out", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["ddl"] == compiled.load()["ddl"]
    assert schemagen.main(["--check", "--out", str(target)]) == 0
