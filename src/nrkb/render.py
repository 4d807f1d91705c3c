"""Rows → table / csv / tsv / json / ndjson. The only module that knows Rich.

JSON keeps the nested structure; CSV, TSV and the terminal table flatten it as `columns` says:
a nested mapping becomes columns prefixed with its key (`outcome_status`), a list becomes its
items joined with `; ` (a record by its id, a status change as `since status`).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from nrkb.columns import cell, spread
from nrkb.controls import visible
from nrkb.formats import Format

if TYPE_CHECKING:
    from rich.text import Text

Row = dict[str, Any]


def _shown(text: str, style: str = "") -> Text:
    """Text as a terminal shows it: never read as Rich markup (data like "[missile]"), and with
    any control character or bidirectional override that slipped past validation shown as its
    escape (`\\x1b`), so that the terminal displays it instead of obeying it."""
    from rich.text import Text

    return Text(visible(text, newlines=True), style=style)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the terminal table: the row key, its heading, and how much room it may take."""

    key: str
    heading: str
    max_width: int | None = None
    no_wrap: bool = False
    """Never broken: ids, URLs, codes. The column is left out rather than broken if the
    terminal is too narrow for it (see `priority`)."""
    priority: int = 0
    """0: always shown; otherwise left out, highest first, when the terminal is too narrow."""
    compact_date: bool = False
    """Show a date interval with what its end shares with its start left out: 2008-08-07/12."""
    code: bool = False
    """A vocabulary code, shown as words (entry into force) so that it wraps between them."""
    empty: str = ""
    """What an empty cell says (an institution with no status yet: "not yet")."""


def render(
    rows: Sequence[Row],
    output_format: Format,
    stream: TextIO,
    *,
    columns: Sequence[Column] = (),
    title: str | None = None,
    notes: Sequence[str] = (),
) -> None:
    if output_format is Format.JSON:
        json.dump(list(rows), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif output_format is Format.NDJSON:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif output_format in (Format.CSV, Format.TSV):
        _write_delimited(rows, stream, "," if output_format is Format.CSV else "\t")
    elif output_format is Format.TABLE:
        _write_table(rows, stream, columns, title, notes)
    else:
        raise ValueError(f"rows cannot be written as {output_format}")


def flatten(row: Row) -> dict[str, str]:
    """One row as flat text cells (see `columns`): mappings spread into `key_inner` columns,
    lists joined with `; `."""
    return {key: cell(value) for key, value in spread(row).items()}


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


def compact_date(text: str) -> str:
    """An EDTF interval without the part its end repeats: 2008-08-07/2008-08-12 → 2008-08-07/12."""
    start, slash, end = text.partition("/")
    if not slash or len(start) != len(end):
        return text
    parts_start, parts_end = start.split("-"), end.split("-")
    shared = 0
    while shared < len(parts_end) - 1 and parts_start[shared] == parts_end[shared]:
        shared += 1
    return f"{start}/{'-'.join(parts_end[shared:])}"


_MIN_TEXT = 16
"""The narrowest a wrapping column may get before optional columns are left out."""


def fitting(
    rows: Sequence[Row], columns: Sequence[Column], width: int
) -> list[tuple[Column, list[str]]]:
    """The columns that fit `width` with their cells: optional columns are left out, highest
    priority number first, until unbreakable columns and a readable text column fit."""
    flat_rows = [spread(row) for row in rows]
    cells = [(column, [_table_cell(column, row) for row in flat_rows]) for column in columns]

    def needed(chosen: Sequence[tuple[Column, list[str]]]) -> int:
        total = 1
        for column, texts in chosen:
            longest = max((len(text) for text in [column.heading, *texts]), default=0)
            total += 3 + (longest if column.no_wrap else min(longest, _MIN_TEXT))
        return total

    optional = sorted((c for c, _ in cells if c.priority), key=lambda c: -c.priority)
    for column in optional:
        if needed(cells) <= width:
            break
        cells = [(c, texts) for c, texts in cells if c is not column]
    return cells


def _table_cell(column: Column, row: Row) -> str:
    text = cell(row.get(column.key)) or column.empty
    if column.compact_date:
        return compact_date(text)
    if column.code:
        return text.replace("-", " ")
    return text


def _write_table(
    rows: Sequence[Row],
    stream: TextIO,
    columns: Sequence[Column],
    title: str | None,
    notes: Sequence[str] = (),
) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream)
    if not rows:
        console.print("[dim]No records match.[/dim]")
        for note in notes:
            console.print(_shown(note, style="dim"))
        return
    chosen = fitting(rows, columns, console.width)
    table = Table(title=title, show_lines=False, header_style="bold", expand=False)
    for column, _ in chosen:
        table.add_column(
            column.heading,
            max_width=column.max_width,
            no_wrap=column.no_wrap,
            overflow="ignore" if column.no_wrap else "fold",
        )
    for values in zip(*(texts for _, texts in chosen), strict=True):
        # _shown(), not str: data like "[missile]" must not be read as Rich markup.
        table.add_row(*(_shown(value) for value in values))
    console.print(table)
    count = len(rows)
    console.print(f"[dim]{count} record{'s' if count != 1 else ''}[/dim]")
    left_out = [column.heading for column in columns if column not in {c for c, _ in chosen}]
    if left_out:
        notes = [
            *notes,
            f"left out for width: {', '.join(left_out)} (a wider terminal or --format csv "
            "shows them)",
        ]
    for note in notes:
        console.print(_shown(note, style="dim"))


def render_document(document: Row, output_format: Format, stream: TextIO) -> None:
    """One nested document (a record for `show`, the counts of `stats`) as JSON or as tables."""
    if output_format in (Format.JSON, Format.NDJSON):
        indent = None if output_format is Format.NDJSON else 2
        stream.write(json.dumps(document, ensure_ascii=False, indent=indent) + "\n")
        return
    if output_format is not Format.TABLE:
        raise ValueError(f"{output_format} is not available here; use table or json")
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream)
    width = max(len(key) for key in document) if document else 0
    nested: list[tuple[str, list[Row]]] = []
    for key, value in document.items():
        if isinstance(value, dict):
            nested.append((key, [value]))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            nested.append((key, value))
        elif value not in (None, [], ""):
            _field(console, key, cell(value), width, 0)
    for key, rows in nested:
        console.print(_shown(key.replace("_", " "), style="bold"))
        if _is_short(rows):
            table = Table(header_style="bold", show_lines=False)
            columns = list(dict.fromkeys(column for row in rows for column in row))
            for column in columns:
                table.add_column(column, no_wrap=column == "id", overflow="fold")
            for row in rows:
                table.add_row(*(_shown(_nested_cell(row.get(column))) for column in columns))
            console.print(table)
            continue
        for row in rows:
            _block(console, row)


_SHORT = 40


def _is_short(rows: Sequence[Row]) -> bool:
    """Whether a list of records reads well as a table: short cells, no addresses."""
    return all(
        len(text) <= _SHORT and "://" not in text
        for row in rows
        for text in (_nested_cell(value) for value in row.values())
    )


def _block(console: Any, row: Row) -> None:
    """One record of a list as lines: its id, then each field indented (a cited source as its
    id, then its title, address and quote)."""

    console.print(_shown(f"- {row.get('id') or ''}".rstrip()), soft_wrap=True)
    lines: list[tuple[str, str]] = []
    for key, value in row.items():
        if key == "id" or value in (None, [], ""):
            continue
        if isinstance(value, dict):
            lines.append((key, cell(value.get("id") or value.get("title") or "")))
            lines += [
                (f"{key} {inner_key}", cell(inner))
                for inner_key, inner in value.items()
                if inner_key != "id" and inner not in (None, "")
            ]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for item in value:
                lines.append((key, cell(item.get("id") or "")))
                if item.get("url"):
                    lines.append(("", str(item["url"])))
        else:
            lines.append((key, cell(value)))
    width = max((len(key) for key, _ in lines), default=0)
    for key, value in lines:
        _field(console, key, value, width, 2)


def _field(console: Any, key: str, value: str, width: int, indent: int) -> None:
    """`key  value` with prose wrapped under itself; an id or a URL is never broken but left
    to run (the terminal wraps it, and a copy gets it whole)."""
    from rich.padding import Padding
    from rich.table import Table

    if not any(char.isspace() for char in value):
        console.print(_shown(" " * indent + f"{key:<{width}}  {value}"), soft_wrap=True)
        return
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold", min_width=width)
    grid.add_column(overflow="fold")
    grid.add_row(key, _shown(value))
    console.print(Padding(grid, (0, 0, 0, indent)))


def _nested_cell(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {cell(v)}" for k, v in value.items() if v)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "; ".join(str(item.get("id") or item.get("url") or item) for item in value)
    return cell(value)


def render_timeline(
    rows: Sequence[Row], changes: Sequence[Row], stream: TextIO, title: str
) -> None:
    """Events and status changes grouped by year, in date order: `nrkb timeline`."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream)
    if not rows and not changes:
        console.print("[dim]No events match.[/dim]")
        return
    entries = sorted(
        [
            *(
                (row["date_start"], compact_date(row["date"]), row["type"], row["title"])
                for row in rows
            ),
            *(
                (
                    change["since_start"],
                    compact_date(change["since"]),
                    f"→ {change['status']}",
                    f"{change['short_name'] or change['name']}: {change['status']} "
                    f"({change['institution_id']})",
                )
                for change in changes
            ),
        ],
        key=lambda entry: entry[0],
    )
    years = sorted({entry[0][:4] for entry in entries})
    span = years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
    console.print(_shown(f"{title}, {span}", style="bold"))
    year = None
    table: Table | None = None
    for start, day, kind, text in entries:
        if start[:4] != year:
            if table is not None:
                console.print(table)
            year = start[:4]
            table = Table(
                title=year,
                title_justify="left",
                title_style="bold cyan",
                show_header=False,
                box=None,
                pad_edge=False,
            )
            table.add_column(no_wrap=True, style="dim")
            table.add_column(no_wrap=True, style="magenta")
            table.add_column(overflow="fold")
        assert table is not None
        table.add_row(_shown(day), _shown(kind), _shown(text))
    if table is not None:
        console.print(table)
    counts = f"{len(rows)} events"
    if changes:
        counts += f", {len(changes)} status change{'s' if len(changes) != 1 else ''}"
    console.print(f"[dim]{counts}[/dim]")


def error(message: str) -> None:
    """A one-line error on stderr, plain text so that scripts can read it."""
    sys.stderr.write(f"nrkb: error: {message}\n")
