"""The compiled schema, `compiled_schema.json`: what every command needs to know about the
database and the data files, read without the modules that declare them.

The tables (SQLModel, SQLAlchemy), the models (pydantic) and the vocabularies are the sources of
truth; `python -m nrkb.schemagen` compiles them into this one JSON file, shipped in the package
and tested up to date. Reading it costs a JSON parse, so the export, the codebook and the web
view stay on the light read path. The database's schema version is the file's hash: a change to
a table, a column, a description or a vocabulary changes it, and every cached database is
rebuilt; nobody bumps a number.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict, cast

PATH = Path(__file__).with_name("compiled_schema.json")
"""The compiled file, beside this module (in the checkout and in an installed package)."""


class Column(TypedDict):
    name: str
    type: Literal["string", "integer", "date"]
    """The Frictionless field type: ISO day bounds (`*_start`, `*_end`) are dates."""
    required: bool
    description: str | None
    vocabulary: str | None
    """The controlled vocabulary (vocab.py) its values come from, if any."""
    references: str | None
    """The column it refers to, as `table.column`, if it is a foreign key."""
    minimum: NotRequired[int]
    maximum: NotRequired[int]


class Table(TypedDict):
    name: str
    kind: Literal["table", "view"]
    description: str
    export: bool
    """Whether `nrkb export` writes it (as `<name>.csv`)."""
    primary_key: list[str]
    columns: list[Column]


class Field(TypedDict):
    name: str
    """As the YAML writes it."""
    type: str
    """A reader's name for the type: text, id, URL, date (EDTF), code (topic), list of …"""
    required: bool
    meaning: str


class Model(TypedDict):
    name: str
    """The pydantic model's class name."""
    file: str | None
    """The data file it validates (`events.yaml`); None for a part of a record."""
    doc: str
    fields: list[Field]


class Code(TypedDict):
    code: str
    definition: str


class Compiled(TypedDict):
    ddl: list[str]
    """The statements that create the empty database, in order (tables, indexes, full-text
    indexes, views); the build fills the search indexes once the rows are in."""
    tables: list[Table]
    """Every table and view but the full-text indexes: the exported tables first, in export
    order, then the others, then the views."""
    data_files: list[Model]
    """The model of each data file, `dataset.yaml` last."""
    parts: list[Model]
    """The models of the parts of records (a citation, an actor's role in an event …)."""
    json_schemas: dict[str, dict[str, Any]]
    """The JSON Schema of each data file (`nrkb schema`, docs/schema/)."""
    vocabularies: dict[str, list[Code]]
    """Every code of every controlled vocabulary: the database's `vocabulary` table."""


@functools.cache
def _content() -> bytes:
    return PATH.read_bytes()


@functools.cache
def load() -> Compiled:
    """The compiled schema (read once per process)."""
    return cast("Compiled", json.loads(_content()))


@functools.cache
def version() -> str:
    """The schema version of a database built by this code: the compiled file's hash."""
    return hashlib.sha256(_content()).hexdigest()[:16]


def exported() -> list[Table]:
    """The tables `nrkb export` writes, in order."""
    return [table for table in load()["tables"] if table["export"]]
