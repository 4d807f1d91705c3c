"""The SQLite schema as SQLAlchemy tables: the record tables, whose columns record_tables.py
derives from the models, and the link tables, declared once below with SQLModel.

Each kind of record (kinds.py) gets a table of the same name. The link tables have meaning of
their own (an actor's role in an event, a status history). Every table lives in nrkb's own
SQLAlchemy registry (`metadata`), not SQLModel's global one: a user's SQLModel tables never land
in nrkb's database, nor nrkb's in theirs. Only the schema generator (schemagen.py) imports this
module: it compiles the DDL that the build runs. Dates are stored as ISO TEXT: a column declared
DATE would get NUMERIC affinity, and `date >= '2008'` would then match every row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from nrkb.descriptions import COLUMN_DESCRIPTIONS, TABLE_DESCRIPTIONS
from nrkb.kinds import BY_TABLE, KINDS, RecordKind
from nrkb.models import RECORD_MODELS
from nrkb.record_tables import DERIVED_COLUMNS, record_columns


class NrkbTable(SQLModel, registry=registry()):
    """Base of nrkb's declared tables: nrkb's own registry and metadata."""


metadata = NrkbTable.metadata
"""Every table of nrkb's database, and nothing else."""


def _record_table(kind: RecordKind) -> Table:
    columns: list[Column[Any]] = []
    for column in record_columns(kind):
        reference = kind.references.get(column.name)
        columns.append(
            Column(
                column.name,
                Integer if column.integer else String,
                *([ForeignKey(reference)] if reference else []),
                primary_key=column.name == "id",
                nullable=column.nullable,
            )
        )
    for name in DERIVED_COLUMNS.get(kind.table, ()):
        columns.append(
            Column(
                name,
                String,
                *([ForeignKey("publishers.id")] if name == "publisher_id" else []),
                nullable=False,
                index=True,
            )
        )
    indexes = [Index(f"ix_{kind.table}_{'_'.join(on)}", *on) for on in kind.indexes]
    return Table(kind.table, metadata, *columns, *indexes)


RECORD_TABLES: dict[str, Table] = {kind.table: _record_table(kind) for kind in KINDS}
"""The table of each kind of record, by name."""


def table_description(table: str) -> str:
    """What a table holds: TABLE_DESCRIPTIONS, else the first line of its model's docstring."""
    if table in TABLE_DESCRIPTIONS:
        return TABLE_DESCRIPTIONS[table]
    model = RECORD_MODELS.get(table)
    return (model.__doc__ or "").strip().split("\n")[0] if model is not None else ""


def column_description(table: str, column: str) -> str | None:
    """What a column means: COLUMN_DESCRIPTIONS (one meaning per name across tables), else, in
    a record table, its model field's description."""
    if column in COLUMN_DESCRIPTIONS:
        return COLUMN_DESCRIPTIONS[column]
    kind = BY_TABLE.get(table)
    found = [c for c in record_columns(kind) if c.name == column] if kind else []
    return found[0].description if found else None


def column_vocabulary(table: str, column: str) -> str | None:
    """The vocabulary of a column's codes: from its model field's type in a record table, else
    from COLUMN_VOCABULARIES (link tables)."""
    kind = BY_TABLE.get(table)
    found = [c for c in record_columns(kind) if c.name == column] if kind else []
    if found and found[0].vocabulary:
        return found[0].vocabulary
    return COLUMN_VOCABULARIES.get((table, column))


class Meta(NrkbTable, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class VocabularyCode(NrkbTable, table=True):
    __tablename__ = "vocabulary"
    vocabulary: str = Field(primary_key=True)
    code: str = Field(primary_key=True)
    definition: str


class StoredRecord(NrkbTable, table=True):
    """Each record as validated, in its canonical JSON: what the Python API returns, so that
    no code maps columns back to fields by hand."""

    __tablename__ = "records"
    record_kind: str = Field(primary_key=True)
    id: str = Field(primary_key=True)
    record_json: str


class InstitutionParty(NrkbTable, table=True):
    __tablename__ = "institution_parties"
    institution_id: str = Field(primary_key=True, foreign_key="institutions.id")
    actor_id: str = Field(primary_key=True, foreign_key="actors.id", index=True)
    position: int


class StatusChangeRow(NrkbTable, table=True):
    __tablename__ = "status_changes"
    __table_args__ = (
        Index("ix_status_changes_institution_since", "institution_id", "since_start"),
    )
    institution_id: str = Field(primary_key=True, foreign_key="institutions.id")
    position: int = Field(primary_key=True)
    status: str
    since: str
    since_start: str
    since_end: str
    precision: str
    until_start: str | None = None
    event_id: str = Field(foreign_key="events.id", index=True)
    note: str | None = None


# The link tables repeat the event's first day (`event_start`): with it an index answers
# "this actor's events in date order" by walking, and stops at the limit, even at a million.


class EventActor(NrkbTable, table=True):
    __tablename__ = "event_actors"
    __table_args__ = (Index("ix_event_actors_actor_date", "actor_id", "event_start", "event_id"),)
    event_id: str = Field(primary_key=True, foreign_key="events.id")
    actor_id: str = Field(primary_key=True, foreign_key="actors.id")
    role: str | None = None
    position: int
    event_start: str


class EventInstitution(NrkbTable, table=True):
    __tablename__ = "event_institutions"
    __table_args__ = (
        Index("ix_event_institutions_date", "institution_id", "event_start", "event_id"),
    )
    event_id: str = Field(primary_key=True, foreign_key="events.id")
    institution_id: str = Field(primary_key=True, foreign_key="institutions.id")
    effect: str | None = None
    position: int
    event_start: str


class RecordTopic(NrkbTable, table=True):
    __tablename__ = "record_topics"
    __table_args__ = (
        Index("ix_record_topics_topic", "topic", "record_kind", "event_start", "record_id"),
    )
    record_id: str = Field(primary_key=True)
    topic: str = Field(primary_key=True)
    record_kind: str
    position: int
    event_start: str | None = None


class CitationRow(NrkbTable, table=True):
    __tablename__ = "citations"
    record_id: str = Field(primary_key=True)
    context: str = Field(primary_key=True)
    position: int = Field(primary_key=True)
    record_kind: str
    source_id: str = Field(foreign_key="sources.id", index=True)
    locator: str | None = None
    quote: str | None = None


class ClaimRow(NrkbTable, table=True):
    __tablename__ = "claims"
    record_id: str = Field(primary_key=True)
    position: int = Field(primary_key=True)
    record_kind: str
    source_id: str = Field(foreign_key="sources.id")
    locator: str | None = None
    quote: str | None = None
    says: str
    verdict: str
    finding: str


class RecommendationAddressee(NrkbTable, table=True):
    __tablename__ = "recommendation_addressees"
    recommendation_id: str = Field(primary_key=True, foreign_key="recommendations.id")
    actor_id: str = Field(primary_key=True, foreign_key="actors.id", index=True)
    position: int


class RecommendationEvent(NrkbTable, table=True):
    __tablename__ = "recommendation_events"
    recommendation_id: str = Field(primary_key=True, foreign_key="recommendations.id")
    relation: str = Field(primary_key=True)
    event_id: str = Field(primary_key=True, foreign_key="events.id", index=True)
    position: int


class RecommendationInstitution(NrkbTable, table=True):
    __tablename__ = "recommendation_institutions"
    recommendation_id: str = Field(primary_key=True, foreign_key="recommendations.id")
    institution_id: str = Field(primary_key=True, foreign_key="institutions.id", index=True)
    position: int


COLUMN_VOCABULARIES: dict[tuple[str, str], str] = {
    ("event_actors", "role"): "actor_role",
    ("event_institutions", "effect"): "institution_effect",
    ("status_changes", "status"): "status",
    ("sources", "publisher_class"): "publisher_class",
    ("claims", "verdict"): "claim_verdict",
    ("record_topics", "topic"): "topic",
}
"""Columns of codes that no model field types (link tables, derived columns); a record table's
vocabularies follow from its model (`column_vocabulary`)."""

EXPORT_TABLES = (
    *(kind.table for kind in KINDS),
    "status_changes",
    "event_actors",
    "event_institutions",
    "institution_parties",
    "record_topics",
    "citations",
    "claims",
    "recommendation_addressees",
    "recommendation_events",
    "recommendation_institutions",
    "vocabulary",
)
"""The tables of the CSV export and the data package: every kind's records, then the links."""
