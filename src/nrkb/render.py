"""Rows → table / csv / tsv / json / ndjson. The only module that knows Rich.

JSON keeps the nested structure; CSV and TSV flatten it: a list becomes its items joined with
`; ` (records by their id), a nested mapping becomes columns prefixed with its key.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TextIO

Row = dict[str, Any]

LIST_SEPARATOR = "; "


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    NDJSON = "ndjson"


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the terminal table: the row key, its heading, and how much room it may take."""

    key: str
    heading: str
    max_width: int | None = None
    no_wrap: bool = False


def render(
    rows: Sequence[Row],
    output_format: OutputFormat,
    stream: TextIO,
    *,
    columns: Sequence[Column] = (),
    title: str | None = None,
) -> None:
    if output_format is OutputFormat.JSON:
        json.dump(list(rows), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif output_format is OutputFormat.NDJSON:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif output_format in (OutputFormat.CSV, OutputFormat.TSV):
        _write_delimited(rows, stream, "," if output_format is OutputFormat.CSV else "\t")
    else:
        _write_table(rows, stream, columns, title)


def flatten(row: Row) -> dict[str, str]:
    """One row as flat text cells: lists joined with `; `, mappings spread into columns."""
    flat: dict[str, str] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            for inner_key, inner_value in value.items():
                flat[f"{key}_{inner_key}"] = _cell(inner_value)
        else:
            flat[key] = _cell(value)
    return flat


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(
            str(item.get("id", "")) if isinstance(item, dict) else str(item) for item in value
        )
    return str(value)


def _write_delimited(rows: Sequence[Row], stream: TextIO, delimiter: str) -> None:
    flat_rows = [flatten(row) for row in rows]
    fieldnames: list[str] = []
    for flat in flat_rows:
        fieldnames.extend(key for key in flat if key not in fieldnames)
    if delimiter == "\t":
        # TSV has no quoting convention: tabs and line breaks inside a cell become spaces.
        for flat in flat_rows:
            for key, value in flat.items():
                flat[key] = value.replace("\t", " ").replace("\r\n", " ").replace("\n", " ")
        writer = csv.DictWriter(
            stream,
            fieldnames,
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
            escapechar="\\",
            lineterminator="\n",
        )
    else:
        writer = csv.DictWriter(stream, fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat_rows)


def _write_table(
    rows: Sequence[Row], stream: TextIO, columns: Sequence[Column], title: str | None
) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream)
    if not rows:
        console.print("[dim]No records match.[/dim]")
        return
    table = Table(title=title, show_lines=False, header_style="bold", expand=False)
    for column in columns:
        table.add_column(
            column.heading, max_width=column.max_width, no_wrap=column.no_wrap, overflow="fold"
        )
    for row in rows:
        table.add_row(*(_cell(row.get(column.key)) for column in columns))
    console.print(table)
    count = len(rows)
    console.print(f"[dim]{count} record{'s' if count != 1 else ''}[/dim]")


def error(message: str) -> None:
    """A one-line error on stderr, plain text so that scripts can read it."""
    sys.stderr.write(f"nrkb: error: {message}\n")
