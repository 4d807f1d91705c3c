"""How a record becomes flat columns: one rule for CSV, TSV, the terminal table and pandas.

Every output names a field as the record does (`nrkb … --format json`); a flat output spreads a
nested mapping into columns named `key_inner` (a recommendation's `outcome.status` becomes
`outcome_status`, as the database and the data package call it). Lists stay lists where the
format has them (JSON, pandas); in a text cell they are joined with `; `, a record by its label.
Light: the read path and the Python API import it, so it imports nothing.
"""

from __future__ import annotations

import json
from typing import Any

Row = dict[str, Any]

LIST_SEPARATOR = "; "


def spread(row: Row) -> Row:
    """The row with each nested mapping spread into `key_inner` columns; lists kept as lists."""
    flat: Row = {}
    for key, value in row.items():
        if isinstance(value, dict):
            for inner_key, inner_value in value.items():
                flat[f"{key}_{inner_key}"] = inner_value
        else:
            flat[key] = value
    return flat


def cell(value: Any) -> str:
    """A value as one text cell: nothing for None, a list's items joined with `; `."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(
            label(item) if isinstance(item, dict) else str(item) for item in value
        )
    return str(value)


def label(record: Row) -> str:
    """A record inside a list, in a few words: its id (a source, an actor); a status change as
    `since status`; a claim as `source verdict`; anything else as JSON."""
    if record.get("id"):
        return str(record["id"])
    if "since" in record and "status" in record:
        return f"{record['since']} {record['status']}"
    if "verdict" in record and isinstance(record.get("source"), dict):
        return f"{record['source'].get('id')} {record['verdict']}"
    return json.dumps(record, ensure_ascii=False)
