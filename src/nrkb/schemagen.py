"""Compile the schema into `compiled_schema.json` (compiled.py reads it on the light path).

The sources of truth are the tables (tables.py), the record models (models.py) and the
vocabularies (vocab.py); this module, build-side like them, turns them into plain data: the
DDL of the database, each table's and view's columns as SQLite sees them once the DDL has run,
each data file's fields as the codebook describes them, and every code. Regenerate with

    python -m nrkb.schemagen

and commit the file: a test fails while it differs from what this module produces.
"""

from __future__ import annotations

import argparse
import datetime
import inspect
import json
import sqlite3
import sys
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable

from nrkb import compiled, tables, tone
from nrkb.compiled import Column, Compiled, Field, Model, Table
from nrkb.dates import PartialDate
from nrkb.locations import METADATA_FILE
from nrkb.models import (
    HOST_PATTERN,
    ID_PATTERN,
    RECORD_MODELS,
    ActorRef,
    Citation,
    Claim,
    Coverage,
    DatasetMetadata,
    InstitutionRef,
    Outcome,
    StatusChange,
)
from nrkb.search import SEARCH_INDEXES, search_tables
from nrkb.views import VIEWS
from nrkb.vocab import VOCABULARIES, Vocabulary

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Models that YAML may write as a bare id string.
_BARE_ID_MODELS = ("Citation", "ActorRef", "InstitutionRef")

PARTS: tuple[type[BaseModel], ...] = (
    Citation,
    ActorRef,
    InstitutionRef,
    StatusChange,
    Claim,
    Outcome,
    Coverage,
)
"""The parts of records the codebook describes, in its order."""

REGENERATE = "python -m nrkb.schemagen"

_VOCABULARY_NAMES = {vocabulary: name for name, vocabulary in VOCABULARIES.items()}


def compiled_schema() -> Compiled:
    """The compiled schema, from the tables, the models and the vocabularies."""
    ddl = ddl_statements()
    return {
        "ddl": ddl,
        "tables": described_tables(ddl),
        "data_files": [
            *(_model(model, f"{kind}.yaml") for kind, model in RECORD_MODELS.items()),
            _model(DatasetMetadata, METADATA_FILE),
        ],
        "parts": [_model(part, None) for part in PARTS],
        "json_schemas": {kind: json_schema(kind) for kind in RECORD_MODELS},
        "vocabularies": {
            name: [{"code": member.value, "definition": member.definition} for member in vocab]
            for name, vocab in VOCABULARIES.items()
        },
    }


def text() -> str:
    """The compiled file's content: stable, so that only a change of schema changes it."""
    return json.dumps(compiled_schema(), ensure_ascii=False, indent=1) + "\n"


def ddl_statements() -> list[str]:
    """CREATE statements of every table and index, the empty search tables, then the views."""
    dialect = sqlite_dialect.dialect()
    statements: list[str] = []
    for table in tables.metadata.sorted_tables:
        statements.append(_one_line(str(CreateTable(table).compile(dialect=dialect))))
        statements.extend(
            _one_line(str(CreateIndex(index).compile(dialect=dialect)))
            for index in sorted(table.indexes, key=lambda index: str(index.name))
        )
    statements += search_tables()
    statements += [f"CREATE VIEW {name} AS {select}" for name, select in VIEWS.items()]
    return statements


def _one_line(statement: str) -> str:
    """SQLAlchemy's DDL on one line (it has no string literals, so no whitespace is lost)."""
    return " ".join(statement.split()).replace("( ", "(").replace(" )", ")")


def described_tables(ddl: Sequence[str]) -> list[Table]:
    """Every table and view the DDL creates, but the full-text indexes, as SQLite reports it."""
    connection = sqlite3.connect(":memory:")
    try:
        for statement in ddl:
            connection.execute(statement)
        created = connection.execute(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY rowid"
        ).fetchall()
        searched = tuple(f"{table}_fts" for table in SEARCH_INDEXES)
        kinds = {name: kind for name, kind in created if not name.startswith(searched)}
        others = [name for name in kinds if name not in tables.EXPORT_TABLES]
        return [_table(connection, name, kinds[name]) for name in (*tables.EXPORT_TABLES, *others)]
    finally:
        connection.close()


def _table(connection: sqlite3.Connection, name: str, kind: str) -> Table:
    info = connection.execute(f'PRAGMA table_info("{name}")').fetchall()
    references = {
        column: f"{target}.{target_column}"
        for _, _, target, column, target_column, *_ in connection.execute(
            f'PRAGMA foreign_key_list("{name}")'
        )
    }
    return {
        "name": name,
        "kind": "view" if kind == "view" else "table",
        # A table without a description is compiled with none, and a test says which.
        "description": tables.table_description(name),
        "export": name in tables.EXPORT_TABLES,
        "primary_key": [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]],
        "columns": [
            _column(name, column, declared, bool(not_null), references.get(column))
            for _, column, declared, not_null, _, _ in info
        ],
    }


def _column(table: str, name: str, declared: str, required: bool, references: str | None) -> Column:
    column: Column = {
        "name": name,
        "type": _field_type(name, declared),
        "required": required,
        "description": tables.column_description(table, name),
        "vocabulary": tables.column_vocabulary(table, name),
        "references": references,
    }
    if name == "tone":
        column |= {"minimum": tone.LOWEST, "maximum": tone.HIGHEST}
    return column


def _field_type(name: str, declared: str) -> typing.Literal["string", "integer", "date"]:
    if declared.upper() == "INTEGER":
        return "integer"
    # ISO day bounds of partial dates: real dates for R, Stata, pandas and Excel.
    if name.endswith(("_start", "_end")):
        return "date"
    return "string"


def _model(model: type[BaseModel], file: str | None) -> Model:
    fields: list[Field] = [
        {
            "name": info.alias or name,
            "type": type_label(info.annotation, info.metadata),
            "required": info.is_required(),
            "meaning": info.description or "",
        }
        for name, info in model.model_fields.items()
    ]
    return {
        "name": model.__name__,
        "file": file,
        "doc": inspect.cleandoc(model.__doc__ or ""),
        "fields": fields,
    }


def type_label(annotation: Any, metadata: Sequence[Any] = ()) -> str:
    """A reader's name for a field's type: text, id, URL, date (EDTF), code (topic), list of …"""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return type_label(base, [*metadata, *extra])
    arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return " or ".join(type_label(argument, metadata) for argument in arguments)
    if origin is list:
        return f"list of {type_label(arguments[0])}"
    if isinstance(annotation, type):
        if issubclass(annotation, Vocabulary):
            return f"code ({_VOCABULARY_NAMES[annotation]})"
        if issubclass(annotation, PartialDate):
            return "date (EDTF)"
        if issubclass(annotation, datetime.date):
            return "day (ISO 8601)"
        if issubclass(annotation, BaseModel):
            return annotation.__name__
    if annotation is int:
        return "integer"
    if annotation is str:
        patterns = {getattr(item, "pattern", None) for item in metadata}
        if ID_PATTERN in patterns:
            return "id"
        if HOST_PATTERN in patterns:
            return "host"
        if r"^[A-Z]{2}$" in patterns:
            return "country code"
        if r"^[a-z]{2,3}$" in patterns:
            return "language code"
        if any("_check_url" in repr(item) for item in metadata):
            return "URL"
        return "text"
    return getattr(annotation, "__name__", str(annotation))


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of `data/<kind>.yaml`: a list of records. It says what the YAML may say,
    a little more than the model's own JSON form: a reference may be a bare id instead of
    `{id: ...}`, and a recommendation's `addressee` may be one id instead of a list."""
    model = RECORD_MODELS[kind]
    record_schema = model.model_json_schema(ref_template="#/$defs/{model}")
    definitions: dict[str, Any] = record_schema.pop("$defs", {})
    definitions[model.__name__] = record_schema
    for name in _BARE_ID_MODELS:
        if name in definitions:
            definitions[name] = {
                "anyOf": [{"type": "string", "pattern": ID_PATTERN}, definitions[name]],
                "description": definitions[name].get("description", ""),
            }
    if model.__name__ == "Recommendation":
        addressee = definitions["Recommendation"]["properties"]["addressee"]
        definitions["Recommendation"]["properties"]["addressee"] = {
            "anyOf": [{"type": "string", "pattern": ID_PATTERN}, addressee],
            "description": addressee.get("description", ""),
        }
    return {
        "$schema": SCHEMA_DIALECT,
        "title": f"nrkb data/{kind}.yaml",
        "description": f"A list of {model.__name__} records. {model.__doc__ or ''}".strip(),
        "type": "array",
        "items": {"$ref": f"#/$defs/{model.__name__}"},
        "$defs": definitions,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nrkb.schemagen",
        description=f"Write {compiled.PATH.name} from the tables, the models and the vocabularies.",
    )
    parser.add_argument(
        "--check", action="store_true", help="Only say whether the file is up to date (exit 1)."
    )
    parser.add_argument("--out", type=Path, default=compiled.PATH, help="Where to write it.")
    arguments = parser.parse_args(argv)
    wanted = text()
    current = arguments.out.read_text(encoding="utf-8") if arguments.out.is_file() else None
    if arguments.check:
        if current != wanted:
            print(f"{arguments.out}: out of date; regenerate with: {REGENERATE}", file=sys.stderr)
            return 1
        print(f"{arguments.out}: up to date")
        return 0
    if current != wanted:
        arguments.out.write_text(wanted, encoding="utf-8")
        print(f"{arguments.out}: written")
    else:
        print(f"{arguments.out}: unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
