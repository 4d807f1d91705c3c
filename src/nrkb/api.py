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
from typing import Any, Literal

from nrkb import dates, query
from nrkb.columns import spread
from nrkb.db import connect
from nrkb.locations import Location, locate
from nrkb.models import Actor, Event, Institution, Publisher, Recommendation, Source
from nrkb.problems import NrkbError
from nrkb.search import search as search_rows
from nrkb.vocab import Status

Record = Event | Institution | Recommendation | Actor | Source | Publisher
Table = Literal["events", "institutions", "recommendations", "actors", "sources", "publishers"]
DateLike = str | dates.PartialDate | None


@dataclass(frozen=True, slots=True)
class InstitutionOnDay:
    """An institution and the status it had on the day asked for (None: not yet in existence)."""

    institution: Institution
    status: Status | None
    since: dates.PartialDate | None


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
            return [_event(row) for row in query.events(connection, event_filter)]

    def institutions(
        self, on: DateLike = None, status: str | Sequence[str] = ()
    ) -> list[InstitutionOnDay]:
        """Every institution with its status on a day (today if none is given)."""
        with self._connection() as connection:
            rows = query.institutions(connection, _date(on), _many(status))
        return [
            InstitutionOnDay(
                institution=_institution(row),
                status=Status(row["status_on_day"]) if row["status_on_day"] else None,
                since=(
                    dates.parse(row["status_on_day_since"]) if row["status_on_day_since"] else None
                ),
            )
            for row in rows
        ]

    def recommendations(
        self,
        topic: str | Sequence[str] = (),
        addressee: str | Sequence[str] = (),
        outcome: str | Sequence[str] = (),
    ) -> list[Recommendation]:
        with self._connection() as connection:
            rows = query.recommendations(connection, _many(topic), _many(addressee), _many(outcome))
        return [_recommendation(row) for row in rows]

    def actors(self) -> list[Actor]:
        with self._connection() as connection:
            return [_actor(row) for row in query.actors(connection)]

    def sources(
        self, publisher_class: str | Sequence[str] = (), publisher: str | Sequence[str] = ()
    ) -> list[Source]:
        """The documents cited; the filters mean what `nrkb sources --class/--publisher` mean."""
        with self._connection() as connection:
            rows = query.sources(
                connection, classes=_many(publisher_class), publishers=_many(publisher)
            )
        return [_source(row) for row in rows]

    def publishers(self, publisher_class: str | Sequence[str] = ()) -> list[Publisher]:
        """The publishers of the sources, best class first."""
        with self._connection() as connection:
            rows = query.publishers(connection, _many(publisher_class))
        return [_publisher(row) for row in rows]

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
            if kind == "event":
                return _event(query.events(connection, query.EventFilter(ids=(record_id,)))[0])
            if kind == "institution":
                return _institution(query.institutions(connection, ids=(record_id,))[0])
            if kind == "recommendation":
                return _recommendation(query.recommendations(connection, ids=(record_id,))[0])
            if kind == "actor":
                return _actor(query.actors(connection, ids=(record_id,))[0])
            if kind == "source":
                return _source(query.sources(connection, ids=(record_id,))[0])
            if kind == "publisher":
                return _publisher(query.publishers(connection, ids=(record_id,))[0])
        raise NrkbError(f"no record has the id {record_id!r}")

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


def _date(value: DateLike) -> dates.PartialDate | None:
    if value is None or isinstance(value, dates.PartialDate):
        return value
    return dates.parse(str(value))


def _citations(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": row["id"], "locator": row["locator"], "quote": row["quote"]} for row in rows]


def _claims(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "source": _citations([claim["source"]])[0],
            "says": claim["says"],
            "verdict": claim["verdict"],
            "finding": claim["finding"],
            "evidence": _citations(claim["evidence"]),
        }
        for claim in rows
    ]


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _event(row: dict[str, Any]) -> Event:
    return Event.model_validate(
        _without_none(
            {
                "id": row["id"],
                "title": row["title"],
                "date": row["date"],
                "type": row["type"],
                "tone": row["tone"],
                "tone_note": row["tone_note"],
                "actors": [{"id": a["id"], "role": a["role"]} for a in row["actors"]],
                "institutions": [
                    {"id": i["id"], "effect": i["effect"]} for i in row["institutions"]
                ],
                "topics": row["topics"],
                "summary": row["summary"],
                "location": row["location"],
                "sources": _citations(row["sources"]),
                "claims": _claims(row["claims"]),
                "notes": row["notes"],
            }
        )
    )


def _institution(row: dict[str, Any]) -> Institution:
    return Institution.model_validate(
        _without_none(
            {
                "id": row["id"],
                "name": row["name"],
                "short_name": row["short_name"],
                "aliases": row["aliases"],
                "kind": row["kind"],
                "established": row["established"],
                "parties": row["parties"],
                "description": row["description"],
                "status": [
                    _without_none(
                        {key: change[key] for key in ("status", "since", "event", "note")}
                    )
                    for change in row["status"]
                ],
                "topics": row["topics"],
                "sources": _citations(row["sources"]),
                "claims": _claims(row["claims"]),
                "notes": row["notes"],
            }
        )
    )


def _recommendation(row: dict[str, Any]) -> Recommendation:
    source = row["source"]
    return Recommendation.model_validate(
        _without_none(
            {
                "id": row["id"],
                "text": row["text"],
                "addressee": row["addressee"],
                "source": {
                    "id": source["id"],
                    "locator": source["locator"],
                    "quote": source["quote"],
                },
                "date": row["date"],
                "topics": row["topics"],
                "events": row["events"],
                "institutions": row["institutions"],
                "outcome": {
                    **row["outcome"],
                    "sources": _citations(row["outcome"]["sources"]),
                },
                "notes": row["notes"],
            }
        )
    )


def _actor(row: dict[str, Any]) -> Actor:
    return Actor.model_validate(
        _without_none(
            {
                "id": row["id"],
                "name": row["name"],
                "kind": row["kind"],
                "country_code": row["country_code"],
                "aliases": row["aliases"],
                "description": row["description"],
                "sources": _citations(row["sources"]),
                "claims": _claims(row["claims"]),
                "notes": row["notes"],
            }
        )
    )


def _source(row: dict[str, Any]) -> Source:
    return Source.model_validate(
        _without_none(
            {
                key: row[key]
                for key in (
                    "id",
                    "title",
                    "author",
                    "publisher",
                    "date",
                    "url",
                    "kind",
                    "language",
                    "notes",
                )
            }
        )
    )


def _publisher(row: dict[str, Any]) -> Publisher:
    return Publisher.model_validate(
        _without_none(
            {key: row[key] for key in ("id", "name", "class", "hosts", "refused", "notes")}
        )
        | {"country": row["country"]}
    )
