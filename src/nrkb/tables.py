"""The SQLite schema: the record tables derived from the models, the link tables declared here.

Each kind of record (kinds.py) gets a table of the same name whose columns follow from its
pydantic model: every field that is not kept in a link table is a column, named as the YAML
names it; a date gives three (`date`, `date_start`, `date_end`: as written, earliest and latest
day); a list of names is joined with '; '. A new field in a model is thus a new column with no
edit here, and build.py fills it by name. The link tables, which have meaning of their own
(an actor's role in an event, a status history), are declared once below with SQLModel.

Every table lives in nrkb's own SQLAlchemy registry (`metadata`), not SQLModel's global one: a
user's SQLModel tables never land in nrkb's database, nor nrkb's in theirs. Only building and
the schema generator import this module (SQLAlchemy is heavy); the read path reads the database
with plain sqlite3. Dates are stored as ISO TEXT: a column declared DATE would get NUMERIC
affinity, and `date >= '2008'` would then match every row.
"""

from __future__ import annotations

import enum
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from nrkb.dates import PartialDate
from nrkb.descriptions import COLUMN_DESCRIPTIONS, TABLE_DESCRIPTIONS
from nrkb.kinds import BY_TABLE, KINDS, RecordKind
from nrkb.models import RECORD_MODELS
from nrkb.search import SEARCH_INDEXES, SEARCH_TOKENIZER, SEARCH_WORDS_TABLE, vocabulary_statements
from nrkb.vocab import VOCABULARIES


class NrkbTable(SQLModel, registry=registry()):
    """Base of nrkb's declared tables: nrkb's own registry and metadata."""


metadata = NrkbTable.metadata
"""Every table of nrkb's database, and nothing else."""

Part = Literal["value", "start", "end", "precision"]


@dataclass(frozen=True, slots=True)
class RecordColumn:
    """A column of a record table and where its value is in the record."""

    name: str
    path: tuple[str, ...]
    """Attribute path in the record: ("date",) or ("outcome", "status")."""
    part: Part = "value"
    """For a date: the text as written, its earliest or latest day, or its precision."""
    integer: bool = False
    nullable: bool = True
    description: str | None = None
    """The model field's own description (COLUMN_DESCRIPTIONS may say it for every table)."""
    vocabulary: str | None = None
    """The controlled vocabulary of its codes, if any (vocab.py)."""

    def value(self, record: BaseModel) -> Any:
        """The cell for this column: codes as their code, dates as ISO text, lists joined."""
        value: Any = record
        for attribute in self.path:
            value = getattr(value, attribute)
            if value is None:
                return None
        if isinstance(value, PartialDate):
            if self.part == "start":
                return value.start.isoformat()
            if self.part == "end":
                return value.end.isoformat()
            if self.part == "precision":
                return value.precision.value
            return value.text
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, list):
            return "; ".join(str(item) for item in value) or None
        return value


def record_columns(kind: RecordKind) -> list[RecordColumn]:
    """The columns of a kind's table, in the order of its model's fields."""
    model = RECORD_MODELS[kind.table]
    flattened: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for column, dotted in kind.flatten.items():
        path = tuple(dotted.split("."))
        flattened.setdefault(path[0], []).append((column, path))
    columns: list[RecordColumn] = []
    for name, info in model.model_fields.items():
        if name in kind.links:
            continue
        if name in flattened:
            for column, path in flattened[name]:
                part = _field_at(model, path)
                columns += _columns(column, path, part.annotation, description=part.description)
            continue
        added = _columns(
            info.alias or name,
            (name,),
            info.annotation,
            min_length(info),
            description=info.description,
        )
        columns += added
        if name == kind.date and kind.precision:
            columns.append(
                RecordColumn("precision", (name,), "precision", nullable=added[0].nullable)
            )
    return columns


def min_length(info: Any) -> int:
    return max((getattr(item, "min_length", 0) or 0 for item in info.metadata), default=0)


def _field_at(model: type[BaseModel], path: tuple[str, ...]) -> Any:
    """The pydantic FieldInfo at a dotted path through the model's parts."""
    annotation: Any = model
    info: Any = None
    for attribute in path:
        part, _ = _optional(annotation)
        info = part.model_fields[attribute]
        annotation = info.annotation
    return info


def _optional(annotation: Any) -> tuple[Any, bool]:
    """The annotation without `| None`, and whether it allowed None."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        present = [a for a in typing.get_args(annotation) if a is not type(None)]
        return present[0], len(present) < len(typing.get_args(annotation))
    return annotation, False


def _columns(
    name: str,
    path: tuple[str, ...],
    annotation: Any,
    minimum: int = 0,
    description: str | None = None,
) -> list[RecordColumn]:
    base, nullable = _optional(annotation)
    if typing.get_origin(base) is typing.Annotated:
        base = typing.get_args(base)[0]
    if isinstance(base, type) and issubclass(base, PartialDate):
        return [
            RecordColumn(name, path, "value", nullable=nullable, description=description),
            RecordColumn(
                f"{name}_start",
                path,
                "start",
                nullable=nullable,
                description=f"Earliest day of `{name}` (ISO 8601).",
            ),
            RecordColumn(
                f"{name}_end",
                path,
                "end",
                nullable=nullable,
                description=f"Latest day of `{name}` (ISO 8601).",
            ),
        ]
    if typing.get_origin(base) is list:
        return [
            RecordColumn(
                name,
                path,
                nullable=nullable or minimum == 0,
                description=description and f"{description} Joined with '; '.",
            )
        ]
    if isinstance(base, type) and issubclass(base, BaseModel):
        raise TypeError(
            f"{'.'.join(path)} is a part of a record: list it in its kind's `links` or "
            "`flatten` (kinds.py)"
        )
    return [
        RecordColumn(
            name,
            path,
            integer=base is int,
            nullable=nullable,
            description=description,
            vocabulary=_VOCABULARY_NAMES.get(base) if isinstance(base, type) else None,
        )
    ]


_VOCABULARY_NAMES: dict[type, str] = {vocabulary: name for name, vocabulary in VOCABULARIES.items()}


DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {"sources": ("publisher_id", "publisher_class")}
"""Columns that follow from other records, not from the record's own fields: a source's
publisher is the one on whose host its URL is (publishers.py). build.py gives their values."""


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


# Full-text search: an external-content FTS5 table `<table>_fts` over each table's own text
# columns (the convention of sqlite-utils, which Datasette detects to offer `?_search=`).
# Quotes are searched through citations_fts and claims_fts and lead back to their record. The
# columns and tokenizer are declared in search.py, which reads them at query time.


def search_tables() -> list[str]:
    """The full-text indexes and the word list, created with the other tables (empty)."""
    return [
        *(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5({', '.join(weights)}, "
            f"content=\"{table}\", content_rowid='rowid', tokenize='{SEARCH_TOKENIZER}')"
            for table, weights in SEARCH_INDEXES.items()
        ),
        SEARCH_WORDS_TABLE,
    ]


def search_fill() -> list[str]:
    """Fill the full-text indexes and the word list from the rows: run once the rows are in."""
    return [
        *(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')" for table in SEARCH_INDEXES),
        *vocabulary_statements(),
    ]


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
