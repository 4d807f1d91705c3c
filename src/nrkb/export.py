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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nrkb import about, compiled, query
from nrkb.barometer import periods
from nrkb.compiled import Column, Table
from nrkb.dates import Precision
from nrkb.formats import EXPORT, Format
from nrkb.kinds import KINDS
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
    written = [write_csv(connection, table, out_dir, excel) for table in compiled.exported()]
    if export_format is Format.DATAPACKAGE:
        target = out_dir / "datapackage.json"
        descriptor = package_descriptor(connection, excel)
        target.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", "utf-8")
        written.append(target)
    return written


def write_csv(connection: sqlite3.Connection, table: Table, out_dir: Path, excel: bool) -> Path:
    columns = [column["name"] for column in table["columns"]]
    keys = ", ".join(table["primary_key"])
    select = f"SELECT {', '.join(columns)} FROM {table['name']} ORDER BY {keys}"
    target = out_dir / f"{table['name']}.csv"
    encoding, newline = ("utf-8-sig", "\r\n") if excel else ("utf-8", "\n")
    with target.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, lineterminator=newline)
        writer.writerow(columns)
        for row in connection.execute(select):
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
        "resources": [_resource(table, excel) for table in compiled.exported()],
    }


def _resource(table: Table, excel: bool) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(column) for column in table["columns"]],
        "primaryKey": table["primary_key"],
        "missingValues": [""],
    }
    exported = {other["name"] for other in compiled.exported()}
    foreign_keys = [
        {
            "fields": column["name"],
            "reference": {"resource": resource, "fields": field},
        }
        for column in sorted(table["columns"], key=lambda column: column["name"])
        if column["references"] is not None
        for resource, field in [column["references"].split(".")]
        if resource in exported
    ]
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "name": table["name"],
        "path": f"{table['name']}.csv",
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


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column["name"], "type": column["type"]}
    if column["description"]:
        field["description"] = column["description"]
    constraints: dict[str, Any] = {}
    if column["required"]:
        constraints["required"] = True
    codes = _enum(column)
    if codes:
        constraints["enum"] = codes
    if "minimum" in column:
        constraints["minimum"] = column["minimum"]
    if "maximum" in column:
        constraints["maximum"] = column["maximum"]
    if constraints:
        field["constraints"] = constraints
    return field


def _enum(column: Column) -> list[str]:
    if column["name"] == "precision":
        return [precision.value for precision in Precision]
    vocabulary = column["vocabulary"]
    if vocabulary is None:
        return []
    return [code["code"] for code in compiled.load()["vocabularies"][vocabulary]]


_LISTED: dict[str, Callable[[sqlite3.Connection], list[query.Row]]] = {
    "events": lambda connection: query.events(connection, query.EventFilter()),
    "institutions": query.institutions,
    "recommendations": query.recommendations,
    "actors": query.actors,
    "sources": query.sources,
    "periods": periods,
    "publishers": query.publishers,
}
"""The kinds with a list command: the document has their records as that command prints them."""


def _records(connection: sqlite3.Connection, table: str, kind: str) -> list[query.Row]:
    """A kind's records as its list command prints them, or, for a kind without one, as the
    build stored them (their fields as validated), by id."""
    if table in _LISTED:
        return _LISTED[table](connection)
    return [
        json.loads(text)
        for (text,) in connection.execute(
            "SELECT record_json FROM records WHERE record_kind = ? ORDER BY id", (kind,)
        )
    ]


def document(connection: sqlite3.Connection) -> dict[str, Any]:
    """Everything in one JSON document, each record as `nrkb … --format json` prints it."""
    return {
        "name": "nrkb",
        "version": about.VERSION,
        "released": about.RELEASED,
        "description": about.DESCRIPTION,
        "license": DATA_LICENCE,
        **{kind.table: _records(connection, kind.table, kind.name) for kind in KINDS},
        "vocabularies": {
            name: [{"code": member.value, "definition": member.definition} for member in vocab]
            for name, vocab in VOCABULARIES.items()
        },
    }
