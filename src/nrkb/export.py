"""Whole-dataset exports: a Frictionless data package, plain CSV files, or one JSON document.

CSV follows RFC 4180: UTF-8 without BOM, `\\n` line ends, quotes only where needed, lists kept
relational (one row per link in the link tables), dates as written plus ISO start and end
columns. The Excel preset adds a BOM and CRLF line ends and neutralises text cells that a
spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Integer
from sqlmodel import SQLModel

from nrkb import about, query, tables
from nrkb.barometer import periods
from nrkb.dates import Precision
from nrkb.formats import EXPORT, Format
from nrkb.tone import HIGHEST as HIGHEST_TONE
from nrkb.tone import LOWEST as LOWEST_TONE
from nrkb.vocab import VOCABULARIES

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

DATA_LICENCE = {
    "name": about.DATA_LICENCE.spdx,
    "path": about.DATA_LICENCE.url,
    "title": f"{about.DATA_LICENCE.title} (the compilation); quotations remain their "
    "authors' and are short and attributed",
}


def export(
    connection: sqlite3.Connection, out_dir: Path, export_format: Format, excel: bool = False
) -> list[Path]:
    """Write the export into `out_dir` (created if needed); return the files written."""
    if export_format not in EXPORT.accepted:
        raise ValueError(f"export writes {', '.join(EXPORT.accepted)}, not {export_format}")
    out_dir.mkdir(parents=True, exist_ok=True)
    if export_format is Format.JSON:
        target = out_dir / "nrkb.json"
        with target.open("w", encoding="utf-8") as stream:
            json.dump(document(connection), stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        return [target]
    written = [write_csv(connection, table, out_dir, excel) for table in tables.EXPORT_TABLES]
    if export_format is Format.DATAPACKAGE:
        target = out_dir / "datapackage.json"
        descriptor = package_descriptor(connection, excel)
        target.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", "utf-8")
        written.append(target)
    return written


def write_csv(connection: sqlite3.Connection, table: str, out_dir: Path, excel: bool) -> Path:
    columns = list(_table(table).columns.keys())
    keys = ", ".join(column.name for column in _table(table).primary_key.columns)
    target = out_dir / f"{table}.csv"
    encoding, newline = ("utf-8-sig", "\r\n") if excel else ("utf-8", "\n")
    with target.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, lineterminator=newline)
        writer.writerow(columns)
        for row in connection.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {keys}"):
            cells = ["" if value is None else value for value in row]
            writer.writerow([_neutralised(cell) for cell in cells] if excel else cells)
    return target


def _neutralised(cell: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if not isinstance(cell, str) or not cell.startswith(_FORMULA_STARTS):
        return cell
    try:
        float(cell)  # "-5" is a number, not a formula
    except ValueError:
        return "'" + cell
    return cell


def package_descriptor(connection: sqlite3.Connection, excel: bool = False) -> dict[str, Any]:
    """The datapackage.json: every table with its schema, keys, foreign keys and enums."""
    meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    return {
        "profile": "tabular-data-package",
        "name": "nrkb",
        "title": about.TITLE,
        "description": about.DESCRIPTION,
        "version": about.VERSION,
        "keywords": list(about.KEYWORDS),
        "licenses": [DATA_LICENCE],
        "sources": [
            {
                "title": "The documents cited by the knowledge base, one per row",
                "path": "sources.csv",
            }
        ],
        # The coverage horizon: complete within scope from start to end (docs/data.md).
        "temporal": {"start": meta.get("coverage_start"), "end": meta.get("coverage_end")},
        "nrkb": {
            "released": about.RELEASED,
            "data_hash": meta.get("data_hash"),
            "schema_version": meta.get("schema_version"),
        },
        "resources": [_resource(table, excel) for table in tables.EXPORT_TABLES],
    }


def _resource(table: str, excel: bool) -> dict[str, Any]:
    sql_table = _table(table)
    model = _models().get(table)
    fields = []
    for column in sql_table.columns:
        field: dict[str, Any] = {"name": column.name, "type": _field_type(column)}
        info = model.model_fields.get(column.name) if model is not None else None
        description = (info.description if info is not None else None) or (
            tables.COLUMN_DESCRIPTIONS.get(column.name)
        )
        if description:
            field["description"] = description
        constraints: dict[str, Any] = {}
        if not column.nullable:
            constraints["required"] = True
        codes = _enum(table, column.name)
        if codes:
            constraints["enum"] = codes
        if column.name == "tone":
            constraints.update(minimum=LOWEST_TONE, maximum=HIGHEST_TONE)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict[str, Any] = {
        "fields": fields,
        "primaryKey": [column.name for column in sql_table.primary_key.columns],
        "missingValues": [""],
    }
    foreign_keys = [
        {
            "fields": key.parent.name,
            "reference": {"resource": key.column.table.name, "fields": key.column.name},
        }
        for key in sorted(sql_table.foreign_keys, key=lambda key: key.parent.name)
        if key.column.table.name in tables.EXPORT_TABLES
    ]
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "name": table,
        "path": f"{table}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig" if excel else "utf-8",
        "dialect": {
            "delimiter": ",",
            "lineTerminator": "\r\n" if excel else "\n",
            "quoteChar": '"',
            "doubleQuote": True,
            "header": True,
        },
        "schema": schema,
    }


def _field_type(column: Any) -> str:
    if isinstance(column.type, Integer):
        return "integer"
    # ISO day bounds of partial dates: real dates for R, Stata, pandas and Excel.
    if column.name.endswith(("_start", "_end")):
        return "date"
    return "string"


def _enum(table: str, column: str) -> list[str]:
    if column == "precision":
        return [precision.value for precision in Precision]
    vocabulary = tables.COLUMN_VOCABULARIES.get((table, column))
    return [member.value for member in VOCABULARIES[vocabulary]] if vocabulary else []


def _table(name: str) -> Any:
    return SQLModel.metadata.tables[name]


def _models() -> dict[str, type[SQLModel]]:
    return {
        str(getattr(model, "__tablename__", "")): model
        for model in vars(tables).values()
        if isinstance(model, type) and issubclass(model, SQLModel) and model is not SQLModel
    }


def document(connection: sqlite3.Connection) -> dict[str, Any]:
    """Everything in one JSON document, each record as `nrkb … --format json` prints it."""
    return {
        "name": "nrkb",
        "version": about.VERSION,
        "released": about.RELEASED,
        "description": about.DESCRIPTION,
        "license": DATA_LICENCE,
        "events": query.events(connection, query.EventFilter()),
        "institutions": query.institutions(connection),
        "recommendations": query.recommendations(connection),
        "actors": query.actors(connection),
        "sources": query.sources(connection),
        "periods": periods(connection),
        "publishers": query.publishers(connection),
        "vocabularies": {
            name: [{"code": member.value, "definition": member.definition} for member in vocab]
            for name, vocab in VOCABULARIES.items()
        },
    }
