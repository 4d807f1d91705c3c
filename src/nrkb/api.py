"""The Python API for notebooks and scripts: `kb = nrkb.open()`, then typed records.

It answers through the same query layer as the CLI and returns the same pydantic models that
validate the YAML (`nrkb.models.Event` …), so a record read back equals the record written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from nrkb import dates, query
from nrkb.columns import spread
from nrkb.db import connect
from nrkb.kinds import BY_NAME
from nrkb.locations import Location, locate
from nrkb.models import (
    RECORD_MODELS,
    Actor,
    Event,
    Institution,
    Period,
    Publisher,
    Recommendation,
    Source,
)
from nrkb.problems import NrkbError
from nrkb.search import search as search_rows
from nrkb.vocab import Status

Record = Event | Institution | Recommendation | Actor | Source | Publisher | Period
Table = Literal["events", "institutions", "recommendations", "actors", "sources", "publishers"]
DateLike = str | dates.PartialDate | None


@dataclass(frozen=True, slots=True)
class InstitutionOnDay:
    """An institution and the status it had on the day asked for (None: not yet in existence)."""

    institution: Institution
    status_on_day: Status | None
    status_on_day_since: dates.PartialDate | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    record_kind: str
    id: str
    title: str
    date: str | None
    snippet: str
    score: float


def open(data: str | Path | None = None, db: str | Path | None = None) -> KnowledgeBase:
    """Open the knowledge base: the bundled data and cache database unless paths are given."""
    return KnowledgeBase(locate(Path(data) if data else None, Path(db) if db else None))


class KnowledgeBase:
    """Read access to nrkb. Each call opens the (current) database read-only and closes it."""

    def __init__(self, location: Location) -> None:
        self.location = location

    def __repr__(self) -> str:
        return f"KnowledgeBase(data={str(self.location.data_dir)!r})"

    def events(
        self,
        since: DateLike = None,
        until: DateLike = None,
        type: str | Sequence[str] = (),  # the field is called `type` in the data
        actor: str | Sequence[str] = (),
        institution: str | Sequence[str] = (),
        topic: str | Sequence[str] = (),
        search: str | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        """Events in date order; the filters mean what the CLI's options of the same name mean."""
        event_filter = query.EventFilter(
            since=_date(since),
            until=_date(until),
            types=_many(type),
            actors=_many(actor),
            institutions=_many(institution),
            topics=_many(topic),
            search=search,
            limit=limit,
        )
        with self._connection() as connection:
            rows = query.events(connection, event_filter)
            return cast("list[Event]", stored(connection, "event", _ids(rows)))

    def institutions(
        self, on: DateLike = None, status: str | Sequence[str] = ()
    ) -> list[InstitutionOnDay]:
        """Every institution with its status on a day (today if none is given)."""
        with self._connection() as connection:
            rows = query.institutions(connection, _date(on), _many(status))
            records = cast("list[Institution]", stored(connection, "institution", _ids(rows)))
        return [
            InstitutionOnDay(
                institution=record,
                status_on_day=Status(row["status_on_day"]) if row["status_on_day"] else None,
                status_on_day_since=(
                    dates.parse(row["status_on_day_since"]) if row["status_on_day_since"] else None
                ),
            )
            for row, record in zip(rows, records, strict=True)
        ]

    def recommendations(
        self,
        topic: str | Sequence[str] = (),
        addressee: str | Sequence[str] = (),
        outcome: str | Sequence[str] = (),
    ) -> list[Recommendation]:
        with self._connection() as connection:
            rows = query.recommendations(connection, _many(topic), _many(addressee), _many(outcome))
            return cast("list[Recommendation]", stored(connection, "recommendation", _ids(rows)))

    def actors(self) -> list[Actor]:
        with self._connection() as connection:
            return cast("list[Actor]", stored(connection, "actor", _ids(query.actors(connection))))

    def sources(
        self, publisher_class: str | Sequence[str] = (), publisher: str | Sequence[str] = ()
    ) -> list[Source]:
        """The documents cited; the filters mean what `nrkb sources --class/--publisher` mean."""
        with self._connection() as connection:
            rows = query.sources(
                connection, classes=_many(publisher_class), publishers=_many(publisher)
            )
            return cast("list[Source]", stored(connection, "source", _ids(rows)))

    def publishers(self, publisher_class: str | Sequence[str] = ()) -> list[Publisher]:
        """The publishers of the sources, best class first."""
        with self._connection() as connection:
            rows = query.publishers(connection, _many(publisher_class))
            return cast("list[Publisher]", stored(connection, "publisher", _ids(rows)))

    def search(self, text: str, kind: str | Sequence[str] = (), limit: int = 20) -> list[SearchHit]:
        """Records matching `text`, best first (see `nrkb search`)."""
        with self._connection() as connection:
            rows = search_rows(connection, text, _many(kind), limit)
        return [SearchHit(**row) for row in rows]

    def get(self, record_id: str) -> Record:
        """The record with this id (or the short name, name or alias of an institution or actor:
        "NRC"), whatever its kind; NrkbError if there is none or the name is ambiguous."""
        from nrkb.detail import resolve

        with self._connection() as connection:
            kind, record_id = resolve(connection, record_id)
            return stored(connection, kind, [record_id])[0]

    def to_pandas(self, table: Table = "events") -> Any:
        """A pandas DataFrame of one table (needs pandas): the columns of `nrkb … --format csv`,
        named as everywhere else, with lists as Python lists (of ids, codes or records, as the
        JSON has them) and `date_start`/`date_end` as datetimes."""
        import importlib

        try:
            # Imported by name: pandas is optional and ships no type information.
            pandas: Any = importlib.import_module("pandas")
        except ImportError:
            raise NrkbError("to_pandas needs pandas: pip install pandas") from None
        readers: dict[str, Callable[[sqlite3.Connection], list[query.Row]]] = {
            "events": lambda c: query.events(c, query.EventFilter()),
            "institutions": lambda c: query.institutions(c),
            "recommendations": lambda c: query.recommendations(c),
            "actors": lambda c: query.actors(c),
            "sources": lambda c: query.sources(c),
            "publishers": lambda c: query.publishers(c),
        }
        if table not in readers:
            raise NrkbError(f"unknown table {table!r}; choose one of {', '.join(readers)}")
        with self._connection() as connection:
            rows = readers[table](connection)
        frame = pandas.DataFrame([spread(row) for row in rows])
        for column in ("date_start", "date_end"):
            if column in frame:
                frame[column] = pandas.to_datetime(frame[column])
        return frame

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        connection = connect(self.location)
        try:
            yield connection
        finally:
            connection.close()


def _many(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _ids(rows: Sequence[query.Row]) -> list[str]:
    return [row["id"] for row in rows]


def _date(value: DateLike) -> dates.PartialDate | None:
    if value is None or isinstance(value, dates.PartialDate):
        return value
    return dates.parse(str(value))


def stored(connection: sqlite3.Connection, kind: str, ids: Sequence[str]) -> list[Record]:
    """The records of one kind with these ids, in this order, as the build stored them: each
    record's canonical JSON, validated again by its model (no column is mapped back by hand)."""
    model = RECORD_MODELS[BY_NAME[kind].table]
    found: dict[str, str] = {}
    for chunk in query.chunks(ids):
        found.update(
            connection.execute(
                f"SELECT id, record_json FROM records WHERE record_kind = ? "
                f"AND id IN ({query.marks(chunk)})",
                (kind, *chunk),
            ).fetchall()
        )
    return [cast("Record", model.model_validate_json(found[record_id])) for record_id in ids]
