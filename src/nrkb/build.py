"""A validated Dataset → a SQLite database, written atomically.

The schema comes from the SQLModel tables (tables.py); rows go in with sqlite3 `executemany`,
not one ORM object per row. The database is written to a temporary file beside the target and
renamed into place, so a reader sees the old database or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

from nrkb import tables
from nrkb.dates import PartialDate
from nrkb.models import Citation, Claim, Event
from nrkb.problems import CannotWrite, NrkbError
from nrkb.validate import Dataset
from nrkb.vocab import VOCABULARIES

Row = tuple[Any, ...]


def schema_statements() -> list[str]:
    dialect = sqlite_dialect.dialect()
    statements: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)))
        statements.extend(
            str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes
        )
    return statements


def write_database(dataset: Dataset, target: Path, meta: dict[str, str]) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_temporaries(target)
        handle, temporary_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise CannotWrite(f"cannot write the database beside {target}: {error}") from None
    temporary = Path(temporary_name)
    try:
        _write(handle, temporary, target, dataset, meta)
    except sqlite3.OperationalError as error:
        # A full disk, or an I/O error: for the cache this means "use the temporary directory".
        if error.sqlite_errorcode & 0xFF not in _CANNOT_WRITE_CODES:
            raise
        raise CannotWrite(f"cannot write the database beside {target}: {error}") from None
    except OSError as error:
        raise CannotWrite(f"cannot write the database {target}: {error.strerror}") from None


_CANNOT_WRITE_CODES = frozenset({13, 10, 14})  # SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN


def _write(
    handle: int, temporary: Path, target: Path, dataset: Dataset, meta: dict[str, str]
) -> None:
    try:
        # The lock says "a build is writing this file"; it dies with the process, so a temporary
        # file that nobody holds a lock on was left by a build that was killed.
        _lock(handle, blocking=True)
        connection = sqlite3.connect(temporary)
        try:
            # Nothing reads the temporary file before the rename, so no journal is needed.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            with connection:
                for statement in schema_statements():
                    connection.execute(statement)
                _insert_all(connection, dataset, meta)
                for statement in tables.search_statements():
                    connection.execute(statement)
                for name, select in tables.VIEWS.items():
                    connection.execute(f"CREATE VIEW {name} AS {select}")
            if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise NrkbError("internal error: the built database breaks a foreign key")
        finally:
            connection.close()
        if hasattr(os, "fchmod"):  # POSIX; elsewhere the temporary file's mode stays
            os.fchmod(handle, _mode_for(target))
        os.fsync(handle)
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    finally:
        os.close(handle)


def _mode_for(target: Path) -> int:
    """A rebuilt database keeps its file's mode; a new one gets the usual mode (0666 - umask),
    not the 0600 of a temporary file, so that others can read it as they could before."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)  # reading the umask means setting it: put it straight back
        os.umask(umask)
        return 0o666 & ~umask


def _lock(handle: int, *, blocking: bool) -> bool:
    """Take an exclusive advisory lock on an open file; False if another process holds it."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no cleanup of abandoned files, nothing else changes
        return not blocking
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _remove_abandoned_temporaries(target: Path) -> None:
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            handle = os.open(leftover, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _lock(handle, blocking=False):
                leftover.unlink(missing_ok=True)
        finally:
            os.close(handle)


def _insert(connection: sqlite3.Connection, table: type[SQLModel], rows: Iterable[Row]) -> None:
    columns = list(SQLModel.metadata.tables[str(table.__tablename__)].columns.keys())
    placeholders = ", ".join("?" for _ in columns)
    connection.executemany(
        f"INSERT INTO {table.__tablename__} ({', '.join(columns)}) VALUES ({placeholders})",
        rows,
    )


def _bounds(value: PartialDate | None) -> tuple[str | None, str | None, str | None, str | None]:
    if value is None:
        return None, None, None, None
    return value.text, value.start.isoformat(), value.end.isoformat(), value.precision.value


def _insert_all(connection: sqlite3.Connection, dataset: Dataset, meta: dict[str, str]) -> None:
    longest = max(((e.date.end - e.date.start).days for e in dataset.events), default=0)
    coverage = dataset.metadata.coverage
    # Lets `--since` seek the date index: an event ending on or after D starts on or after
    # D minus the longest span of any event.
    _insert(
        connection,
        tables.Meta,
        [
            *meta.items(),
            ("longest_event_days", str(longest)),
            ("coverage_start", coverage.start.isoformat()),
            ("coverage_end", coverage.end.isoformat()),
        ],
    )
    _insert(
        connection,
        tables.VocabularyCode,
        (
            (name, member.value, member.definition)
            for name, vocabulary in VOCABULARIES.items()
            for member in vocabulary
        ),
    )
    _insert(
        connection,
        tables.PublisherRow,
        (
            (p.id, p.name, p.country, p.class_.value, "; ".join(p.hosts), p.refused, p.notes)
            for p in dataset.publishers
        ),
    )
    _insert(
        connection,
        tables.SourceRow,
        (
            (
                s.id,
                s.title,
                s.author,
                s.publisher,
                dataset.publisher_of_source[s.id].id,
                dataset.publisher_of_source[s.id].class_.value,
                *_bounds(s.date),
                s.url,
                s.kind.value,
                s.language,
                s.notes,
            )
            for s in dataset.sources
        ),
    )
    _insert(
        connection,
        tables.ActorRow,
        (
            (
                a.id,
                a.name,
                a.kind.value,
                a.country_code,
                "; ".join(a.aliases),
                a.description,
                a.notes,
            )
            for a in dataset.actors
        ),
    )
    _insert(
        connection,
        tables.InstitutionRow,
        (
            (
                i.id,
                i.name,
                i.short_name,
                "; ".join(i.aliases) or None,
                i.kind.value,
                *_bounds(i.established)[:3],
                i.description,
                i.notes,
            )
            for i in dataset.institutions
        ),
    )
    _insert(
        connection,
        tables.InstitutionParty,
        ((i.id, party, n) for i in dataset.institutions for n, party in enumerate(i.parties)),
    )
    _insert(connection, tables.StatusChangeRow, _status_rows(dataset))
    _insert(
        connection,
        tables.EventRow,
        (
            (
                e.id,
                e.title,
                *_bounds(e.date),
                e.type.value,
                e.tone,
                e.tone_note,
                e.summary,
                e.location,
                e.notes,
            )
            for e in dataset.events
        ),
    )
    _insert(
        connection,
        tables.EventActor,
        (
            (e.id, ref.id, ref.role.value if ref.role else None, n, e.date.start.isoformat())
            for e in dataset.events
            for n, ref in enumerate(e.actors)
        ),
    )
    _insert(
        connection,
        tables.EventInstitution,
        (
            (e.id, ref.id, ref.effect.value if ref.effect else None, n, e.date.start.isoformat())
            for e in dataset.events
            for n, ref in enumerate(e.institutions)
        ),
    )
    _insert(
        connection,
        tables.PeriodRow,
        (
            (p.id, p.name, *_bounds(p.start)[:3], *_bounds(p.end)[:3], p.characterisation, p.notes)
            for p in dataset.periods
        ),
    )
    _insert(connection, tables.RecordTopic, _topic_rows(dataset))
    _insert(connection, tables.CitationRow, _citation_rows(dataset))
    _insert(connection, tables.ClaimRow, _claim_rows(dataset))
    _insert(
        connection,
        tables.RecommendationRow,
        (
            (
                r.id,
                r.text,
                r.source.id,
                r.source.locator,
                r.source.quote,
                *_bounds(r.date),
                r.outcome.status.value,
                r.outcome.as_of.text,
                r.outcome.summary,
                r.notes,
            )
            for r in dataset.recommendations
        ),
    )
    _insert(
        connection,
        tables.RecommendationAddressee,
        ((r.id, actor, n) for r in dataset.recommendations for n, actor in enumerate(r.addressee)),
    )
    _insert(
        connection,
        tables.RecommendationEvent,
        _recommendation_event_rows(dataset),
    )
    _insert(
        connection,
        tables.RecommendationInstitution,
        (
            (r.id, institution, n)
            for r in dataset.recommendations
            for n, institution in enumerate(r.institutions)
        ),
    )


def _status_rows(dataset: Dataset) -> Iterator[Row]:
    for institution in dataset.institutions:
        history = institution.status
        for n, change in enumerate(history):
            following = history[n + 1].since.start.isoformat() if n + 1 < len(history) else None
            text, start, end, precision = _bounds(change.since)
            yield (
                institution.id,
                n,
                change.status.value,
                text,
                start,
                end,
                precision,
                following,
                change.event,
                change.note,
            )


def _topic_rows(dataset: Dataset) -> Iterator[Row]:
    for kind, records in (
        ("event", dataset.events),
        ("institution", dataset.institutions),
        ("recommendation", dataset.recommendations),
    ):
        for record in records:
            start = record.date.start.isoformat() if isinstance(record, Event) else None
            for n, topic in enumerate(dict.fromkeys(record.topics)):
                yield record.id, topic.value, kind, n, start


def _cite(kind: str, record_id: str, context: str, citations: Iterable[Citation]) -> Iterator[Row]:
    for n, citation in enumerate(citations):
        yield record_id, context, n, kind, citation.id, citation.locator, citation.quote


def _citation_rows(dataset: Dataset) -> Iterator[Row]:
    for kind, records in (
        ("event", dataset.events),
        ("institution", dataset.institutions),
        ("actor", dataset.actors),
    ):
        for record in records:
            yield from _cite(kind, record.id, "record", record.sources)
            for n, claim in enumerate(record.claims):
                yield from _cite(kind, record.id, f"claim-{n}", claim.evidence)
    for recommendation in dataset.recommendations:
        yield from _cite(
            "recommendation", recommendation.id, "outcome", recommendation.outcome.sources
        )
    for period in dataset.periods:
        yield from _cite("period", period.id, "record", period.sources)


def _claim_rows(dataset: Dataset) -> Iterator[Row]:
    records: list[tuple[str, str, list[Claim]]] = [
        *(("event", e.id, e.claims) for e in dataset.events),
        *(("institution", i.id, i.claims) for i in dataset.institutions),
        *(("actor", a.id, a.claims) for a in dataset.actors),
    ]
    for kind, record_id, claims in records:
        for n, claim in enumerate(claims):
            yield (
                record_id,
                n,
                kind,
                claim.source.id,
                claim.source.locator,
                claim.source.quote,
                claim.says,
                claim.verdict.value,
                claim.finding,
            )


def _recommendation_event_rows(dataset: Dataset) -> Iterator[Row]:
    for recommendation in dataset.recommendations:
        for relation, ids in (
            ("related", recommendation.events),
            ("evidence", recommendation.outcome.events),
        ):
            for n, event_id in enumerate(dict.fromkeys(ids)):
                yield recommendation.id, relation, event_id, n
