"""The relationship barometer: the tones of events summed up by year, quarter or month.

On the read path: it reads the database through `query` and imports nothing heavy. An event
counts in the period (year, quarter, month) of its first day; an event dated less precisely
than the period asked for (`2008` when counting by month) is left out and reported, never
guessed into one month.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from nrkb import query, tone
from nrkb.dates import parse

Row = dict[str, Any]

DEFAULT_SINCE = "1991"
"""The barometer starts with the relationship, in 1991, unless `--since` says otherwise."""

_SPARKS = "▁▂▃▄▅▆▇█"


class Resolution(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


# The date precisions (dates.Precision) fine enough to place an event in one period.
_PLACEABLE = {
    Resolution.YEAR: frozenset({"day", "month", "season", "year"}),
    Resolution.QUARTER: frozenset({"day", "month"}),
    Resolution.MONTH: frozenset({"day", "month"}),
}


@dataclass(frozen=True, slots=True)
class Series:
    """One row per period from the first to the last, and the events too vague to place."""

    rows: list[Row]
    unplaced: list[str]


def series(
    connection: sqlite3.Connection, event_filter: query.EventFilter, by: Resolution
) -> Series:
    """Count events and sum their tones per period; periods without events have no mean."""
    if event_filter.since is None:
        event_filter = replace(event_filter, since=parse(DEFAULT_SINCE))
    events = query.events(connection, event_filter)
    placed: dict[date, list[int]] = {}
    unplaced: list[str] = []
    for event in events:
        if event["precision"] not in _PLACEABLE[by]:
            unplaced.append(event["id"])
            continue
        first = _period_start(date.fromisoformat(event["date_start"]), by)
        placed.setdefault(first, []).append(int(event["tone"]))
    if not placed:
        return Series([], unplaced)
    lower = min(placed)
    if event_filter.since is not None:
        lower = min(lower, _period_start(event_filter.since.start, by))
    upper = max(placed)
    if event_filter.until is not None and event_filter.until.end < date.today():
        upper = max(upper, _period_start(event_filter.until.end, by))
    named = periods(connection)
    rows = []
    start = lower
    while start <= upper:
        following = _next_period(start, by)
        tones = placed.get(start, [])
        middle = start + (following - start) / 2
        rows.append(
            {
                "period": _label(start, by),
                "date_start": start.isoformat(),
                "date_end": (following - timedelta(days=1)).isoformat(),
                "event_count": len(tones),
                "cooperative": sum(1 for value in tones if tone.is_cooperative(value)),
                "neutral": sum(1 for value in tones if value == 0),
                "conflictual": sum(1 for value in tones if tone.is_conflictual(value)),
                "mean_tone": round(sum(tones) / len(tones), 2) if tones else None,
                "net_tone": sum(tones),
                "named_period": _containing(named, middle),
            }
        )
        start = following
    return Series(rows, unplaced)


def periods(connection: sqlite3.Connection) -> list[Row]:
    """The named periods in order, each with its sources and the events that fall in it."""
    rows = [
        dict(row)
        for row in connection.execute(
            "SELECT p.id, p.name, p.start, p.end, p.start_start, p.end_start, "
            "p.characterisation, p.notes, "
            "(SELECT COUNT(*) FROM events e WHERE e.date_start >= p.start_start "
            " AND (p.end_start IS NULL OR e.date_start < p.end_start)) AS event_count, "
            "(SELECT ROUND(AVG(e.tone), 2) FROM events e WHERE e.date_start >= p.start_start "
            " AND (p.end_start IS NULL OR e.date_start < p.end_start)) AS mean_tone "
            "FROM periods p ORDER BY p.start_start"
        )
    ]
    sources = query.citations_of(connection, [row["id"] for row in rows])
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "start": row["start"],
            "end": row["end"],
            "start_start": row["start_start"],
            "end_start": row["end_start"],
            "event_count": row["event_count"],
            "mean_tone": row["mean_tone"],
            "characterisation": row["characterisation"],
            "sources": sources.get(row["id"], []),
            "notes": row["notes"],
        }
        for row in rows
    ]


def turning_points(events: Sequence[Row], named: Sequence[Row], window_days: int = 92) -> list[Row]:
    """For each named period, its strongest-toned event in the first three months (the earliest
    on a tie): the event that turned the relationship into that period."""
    chosen = []
    for period in named:
        opening = date.fromisoformat(period["start_start"])
        closing = opening + timedelta(days=window_days)
        candidates = [
            event
            for event in events
            if opening <= date.fromisoformat(event["date_start"]) < closing and event["tone"] != 0
        ]
        if candidates:
            chosen.append(
                min(
                    candidates,
                    key=lambda event: (-abs(event["tone"]), event["date_start"], event["id"]),
                )
            )
    return chosen


def scale(rows: Sequence[Row]) -> float:
    """The largest mean tone either way: the terminal views span -scale..+scale, so that the
    curve fills the line while zero stays in the middle."""
    return (
        max((abs(row["mean_tone"]) for row in rows if row["mean_tone"] is not None), default=1.0)
        or 1.0
    )


def sparkline(rows: Sequence[Row], span: float) -> str:
    """The mean tones as block characters from -span (lowest) to +span; a space for no events."""
    marks = []
    for row in rows:
        mean = row["mean_tone"]
        if mean is None:
            marks.append(" ")
            continue
        share = (mean + span) / (2 * span)
        marks.append(_SPARKS[max(0, min(len(_SPARKS) - 1, int(share * len(_SPARKS))))])
    return "".join(marks)


def sparkline_lines(rows: Sequence[Row], span: float, width: int = 60) -> list[str]:
    """The sparkline in lines of at most `width` periods, each between its first and last label."""
    return [
        f"{chunk[0]['period']} {sparkline(chunk, span)} {chunk[-1]['period']}"
        for chunk in (rows[n : n + width] for n in range(0, len(rows), width))
    ]


def gauge(mean: float | None, span: float, width: int = 6) -> str:
    """A diverging bar: conflict left of the centre line, cooperation right, full at `span`."""
    if mean is None:
        return " " * width + "┊" + " " * width
    cells = min(width, round(abs(mean) / span * width))
    left = " " * (width - cells) + "█" * cells if mean < 0 else " " * width
    right = "█" * cells + " " * (width - cells) if mean > 0 else " " * width
    return left + "│" + right


def _period_start(day: date, by: Resolution) -> date:
    if by is Resolution.YEAR:
        return date(day.year, 1, 1)
    if by is Resolution.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, day.month, 1)


def _next_period(start: date, by: Resolution) -> date:
    months = {Resolution.YEAR: 12, Resolution.QUARTER: 3, Resolution.MONTH: 1}[by]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def _label(start: date, by: Resolution) -> str:
    if by is Resolution.YEAR:
        return str(start.year)
    if by is Resolution.QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def _containing(named: Sequence[Row], day: date) -> str | None:
    for period in named:
        if date.fromisoformat(period["start_start"]) <= day and (
            period["end_start"] is None or day < date.fromisoformat(period["end_start"])
        ):
            return str(period["id"])
    return None
