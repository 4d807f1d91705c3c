"""What a bare `nrkb` prints: what the knowledge base holds, how far it reaches, how to ask."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nrkb.kinds import KINDS
from nrkb.locations import display_path

EXAMPLES = (
    ("nrkb events --since 2022", "events from 2022 on, in date order"),
    ('nrkb search "missile defence"', "records named by the words first"),
    ("nrkb show NRC", "one record in full (ids, short names and aliases work)"),
    ("nrkb status-changes --status suspended", "every suspension, with the event behind it"),
    ("nrkb institutions --on 2008-10-01", "each institution's status on that day"),
)


def coverage(data_dir: Path) -> tuple[str, str] | None:
    """The coverage horizon declared in `data/dataset.yaml` (`coverage: {start, end}`), if any."""
    path = data_dir / "dataset.yaml"
    if not path.is_file():
        return None
    import yaml  # only here: a bare `nrkb` is not a query

    try:
        declared = yaml.safe_load(path.read_text(encoding="utf-8"))
        horizon = declared["coverage"]
        return str(horizon["start"]), str(horizon["end"])
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return None


def overview(connection: sqlite3.Connection, data_dir: Path) -> str:
    counts = {
        table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in (kind.table for kind in KINDS if not kind.own_ids)
    }
    first, last = connection.execute("SELECT MIN(date_start), MAX(date_end) FROM events").fetchone()
    lines = [
        "nrkb: a sourced knowledge base of NATO–Russia relations since 1991.",
        "",
        "Holds "
        + ", ".join(f"{count} {table}" for table, count in counts.items())
        + (f"; events from {first} to {last}." if first else "."),
    ]
    horizon = coverage(data_dir)
    if horizon is not None:
        lines.append(f"Coverage: {horizon[0]} to {horizon[1]}.")
    lines += [f"Data: {display_path(data_dir)}", "", "Try:"]
    width = max(len(command) for command, _ in EXAMPLES)
    lines += [f"  {command:<{width}}  # {meaning}" for command, meaning in EXAMPLES]
    lines += ["", "Every command: nrkb --help; each one: nrkb COMMAND --help."]
    return "\n".join(lines) + "\n"
