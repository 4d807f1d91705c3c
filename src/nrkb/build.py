"""A validated Dataset → a SQLite database, written atomically.

The schema is the DDL compiled from tables.py (compiled_schema.json; no SQLAlchemy here); rows
go in by column name with sqlite3 `executemany`, not one ORM object per row. The database is
written to a temporary file beside the target and renamed into place, so a reader sees the old
database or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from nrkb import compiled
from nrkb.kinds import KINDS, RecordKind
from nrkb.models import Citation, Claim, Event
from nrkb.problems import CannotWrite, NrkbError
from nrkb.record_tables import record_columns
from nrkb.search import search_fill
from nrkb.validate import Dataset
from nrkb.vocab import VOCABULARIES


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
                # The DDL compiled from tables.py (schemagen.py): the schema version is its hash.
                for statement in compiled.load()["ddl"]:
                    connection.execute(statement)
                _insert_all(connection, dataset, meta)
                for statement in search_fill():
                    connection.execute(statement)
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


Row = dict[str, Any]


def _insert(connection: sqlite3.Connection, table: str, rows: Iterable[Row]) -> None:
    """Insert rows given by column name: a column the rows do not name is an error here, not
    a value silently put in the wrong place."""
    columns = _table_columns()[table]
    named = ", ".join(f":{column}" for column in columns)
    connection.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({named})",
        (_complete(table, columns, row) for row in rows),
    )


@functools.cache
def _table_columns() -> dict[str, list[str]]:
    """Each table's columns, as the compiled DDL creates them."""
    return {
        table["name"]: [column["name"] for column in table["columns"]]
        for table in compiled.load()["tables"]
    }


def _complete(table: str, columns: list[str], row: Row) -> Row:
    if row.keys() != set(columns):
        differ = sorted(set(columns) ^ row.keys())
        raise NrkbError(f"internal error: {table} rows and columns differ on {differ}")
    return row


def _record_rows(dataset: Dataset, kind: RecordKind) -> Iterator[Row]:
    """The rows of a kind's table, each column's value read from the record by the column."""
    columns = record_columns(kind)
    for record in dataset.records[kind.table]:
        row = {column.name: column.value(record) for column in columns}
        if kind.table == "sources":
            publisher = dataset.publisher_of_source[record.id]
            row |= {"publisher_id": publisher.id, "publisher_class": publisher.class_.value}
        yield row


def _stored_records(dataset: Dataset) -> Iterator[Row]:
    for kind in KINDS:
        for record in dataset.records[kind.table]:
            yield {
                "record_kind": kind.name,
                "id": record.id,
                "record_json": record.model_dump_json(by_alias=True, exclude_defaults=True),
            }


def _insert_all(connection: sqlite3.Connection, dataset: Dataset, meta: dict[str, str]) -> None:
    longest = max(((e.date.end - e.date.start).days for e in dataset.events), default=0)
    coverage = dataset.metadata.coverage
    # Lets `--since` seek the date index: an event ending on or after D starts on or after
    # D minus the longest span of any event.
    meta_rows = {
        **meta,
        "longest_event_days": str(longest),
        "coverage_start": coverage.start.isoformat(),
        "coverage_end": coverage.end.isoformat(),
    }
    _insert(connection, "meta", ({"key": k, "value": v} for k, v in meta_rows.items()))
    _insert(
        connection,
        "vocabulary",
        (
            {"vocabulary": name, "code": member.value, "definition": member.definition}
            for name, vocabulary in VOCABULARIES.items()
            for member in vocabulary
        ),
    )
    for kind in KINDS:
        _insert(connection, kind.table, _record_rows(dataset, kind))
    _insert(connection, "records", _stored_records(dataset))
    _insert(
        connection,
        "institution_parties",
        (
            {"institution_id": i.id, "actor_id": party, "position": n}
            for i in dataset.institutions
            for n, party in enumerate(i.parties)
        ),
    )
    _insert(connection, "status_changes", _status_rows(dataset))
    _insert(
        connection,
        "event_actors",
        (
            {
                "event_id": e.id,
                "actor_id": ref.id,
                "role": ref.role.value if ref.role else None,
                "position": n,
                "event_start": e.date.start.isoformat(),
            }
            for e in dataset.events
            for n, ref in enumerate(e.actors)
        ),
    )
    _insert(
        connection,
        "event_institutions",
        (
            {
                "event_id": e.id,
                "institution_id": ref.id,
                "effect": ref.effect.value if ref.effect else None,
                "position": n,
                "event_start": e.date.start.isoformat(),
            }
            for e in dataset.events
            for n, ref in enumerate(e.institutions)
        ),
    )
    _insert(connection, "record_topics", _topic_rows(dataset))
    _insert(connection, "citations", _citation_rows(dataset))
    _insert(connection, "claims", _claim_rows(dataset))
    _insert(
        connection,
        "recommendation_addressees",
        (
            {"recommendation_id": r.id, "actor_id": actor, "position": n}
            for r in dataset.recommendations
            for n, actor in enumerate(r.addressee)
        ),
    )
    _insert(connection, "recommendation_events", _recommendation_event_rows(dataset))
    _insert(
        connection,
        "recommendation_institutions",
        (
            {"recommendation_id": r.id, "institution_id": institution, "position": n}
            for r in dataset.recommendations
            for n, institution in enumerate(r.institutions)
        ),
    )


def _status_rows(dataset: Dataset) -> Iterator[Row]:
    for institution in dataset.institutions:
        history = institution.status
        for n, change in enumerate(history):
            following = history[n + 1].since.start.isoformat() if n + 1 < len(history) else None
            yield {
                "institution_id": institution.id,
                "position": n,
                "status": change.status.value,
                "since": change.since.text,
                "since_start": change.since.start.isoformat(),
                "since_end": change.since.end.isoformat(),
                "precision": change.since.precision.value,
                "until_start": following,
                "event_id": change.event,
                "note": change.note,
            }


def _linked(dataset: Dataset, link: str) -> Iterator[tuple[RecordKind, Any]]:
    """Every record of every kind that keeps `link` (topics, sources, claims) in a link table."""
    for kind in KINDS:
        if link in kind.links:
            for record in dataset.records[kind.table]:
                yield kind, record


def _topic_rows(dataset: Dataset) -> Iterator[Row]:
    for kind, record in _linked(dataset, "topics"):
        start = record.date.start.isoformat() if isinstance(record, Event) else None
        for n, topic in enumerate(dict.fromkeys(record.topics)):
            yield {
                "record_id": record.id,
                "topic": topic.value,
                "record_kind": kind.name,
                "position": n,
                "event_start": start,
            }


def _cite(kind: str, record_id: str, context: str, citations: Iterable[Citation]) -> Iterator[Row]:
    for n, citation in enumerate(citations):
        yield {
            "record_id": record_id,
            "context": context,
            "position": n,
            "record_kind": kind,
            "source_id": citation.id,
            "locator": citation.locator,
            "quote": citation.quote,
        }


def _citation_rows(dataset: Dataset) -> Iterator[Row]:
    for kind, record in _linked(dataset, "sources"):
        yield from _cite(kind.name, record.id, "record", record.sources)
    for kind, record in _linked(dataset, "claims"):
        for n, claim in enumerate(record.claims):
            yield from _cite(kind.name, record.id, f"claim-{n}", claim.evidence)
    for recommendation in dataset.recommendations:
        yield from _cite(
            "recommendation", recommendation.id, "outcome", recommendation.outcome.sources
        )


def _claim_rows(dataset: Dataset) -> Iterator[Row]:
    for kind, record in _linked(dataset, "claims"):
        claims: list[Claim] = record.claims
        for n, claim in enumerate(claims):
            yield {
                "record_id": record.id,
                "position": n,
                "record_kind": kind.name,
                "source_id": claim.source.id,
                "locator": claim.source.locator,
                "quote": claim.source.quote,
                "says": claim.says,
                "verdict": claim.verdict.value,
                "finding": claim.finding,
            }


def _recommendation_event_rows(dataset: Dataset) -> Iterator[Row]:
    for recommendation in dataset.recommendations:
        for relation, ids in (
            ("related", recommendation.events),
            ("evidence", recommendation.outcome.events),
        ):
            for n, event_id in enumerate(dict.fromkeys(ids)):
                yield {
                    "recommendation_id": recommendation.id,
                    "relation": relation,
                    "event_id": event_id,
                    "position": n,
                }
