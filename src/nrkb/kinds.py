"""The registry of record kinds: one declaration per kind, from which every list is derived.

A kind is a data file (`data/<table>.yaml`), a pydantic model (named here, imported only by the
modules that validate or build: this module stays light for the read path), a database table of
the same name, a CLI command and export resource of that name, and a `record_kind` value
(`event`, `institution` …) in the tables shared by several kinds (citations, topics, claims).
Adding a kind means adding its model and one entry here; see docs/contributing.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RecordKind:
    """How nrkb keeps, names, dates, links and searches one kind of record."""

    name: str
    """The kind in the singular, as `record_kind` columns, `nrkb show` and `search --kind` say."""
    table: str
    """The data file's stem, the database table, the export resource and the list command."""
    model: str
    """The class in nrkb.models that validates one record (by name: models are heavy)."""
    label: str
    """The column that names the record in a list: title, name or text."""
    date: str | None
    """The field holding the record's date (EDTF), if it has one; its table also gets the
    date's `precision` when `precision` is set."""
    search: dict[str, float]
    """The columns of its full-text index and the bm25 weight of each: a match in a title or a
    name says most about a record."""
    names: tuple[str, ...]
    """Columns that name the record: a query matching one of them ranks the record first."""
    links: tuple[str, ...] = ()
    """Fields kept in link tables (actors of an event, sources, claims, topics …), not as
    columns of the record's own table; every other field is a column."""
    flatten: dict[str, str] = field(default_factory=dict)
    """Columns taken from a part of the record, by dotted path: `outcome_status: outcome.status`."""
    precision: bool = False
    """Whether its table records the precision of its date (day, month, year …)."""
    also_names: tuple[str, ...] = ()
    """Columns that count as naming the record in the ranking, though no one calls the record by
    them alone (an event's type)."""
    other_names: bool = False
    """Whether a user may name it by its name, short name or an alias instead of its id."""
    document: bool = False
    """A document about other records (a source): in search it comes after the records."""
    own_ids: bool = False
    """Whether its ids are a namespace of their own (a publisher `nato` is not the actor)."""
    indexes: tuple[tuple[str, ...], ...] = ()
    """Indexes of its table beyond the primary key, as column tuples."""
    references: dict[str, str] = field(default_factory=dict)
    """Columns that hold another table's id: `source_id: sources.id`."""


KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        name="event",
        table="events",
        model="Event",
        label="title",
        date="date",
        precision=True,
        # An event is named by its title and its type: "the Wales summit", "the NRC suspension".
        search={"title": 8.0, "type": 4.0, "summary": 3.0, "notes": 1.0},
        names=("title",),
        also_names=("type",),
        links=("actors", "institutions", "topics", "sources", "claims"),
        indexes=(("date_start", "id"), ("type", "date_start", "id"), ("date_end",), ("tone",)),
    ),
    RecordKind(
        name="institution",
        table="institutions",
        model="Institution",
        label="name",
        date="established",
        search={
            "name": 8.0,
            "short_name": 8.0,
            "aliases": 6.0,
            "description": 3.0,
            "notes": 1.0,
        },
        names=("name", "short_name", "aliases"),
        other_names=True,
        links=("parties", "status", "topics", "sources", "claims"),
        indexes=(("kind",),),
    ),
    RecordKind(
        name="recommendation",
        table="recommendations",
        model="Recommendation",
        label="text",
        date="date",
        precision=True,
        search={"text": 6.0, "quote": 3.0, "outcome_summary": 3.0, "notes": 1.0},
        names=("text",),
        links=("addressee", "topics", "events", "institutions"),
        flatten={
            "source_id": "source.id",
            "locator": "source.locator",
            "quote": "source.quote",
            "outcome_status": "outcome.status",
            "outcome_as_of": "outcome.as_of",
            "outcome_summary": "outcome.summary",
        },
        indexes=(("outcome_status",),),
        references={"source_id": "sources.id"},
    ),
    RecordKind(
        name="actor",
        table="actors",
        model="Actor",
        label="name",
        date=None,
        search={"name": 8.0, "aliases": 6.0, "description": 2.0, "notes": 1.0},
        names=("name", "aliases"),
        other_names=True,
        links=("sources", "claims"),
        indexes=(("kind",),),
    ),
    RecordKind(
        name="source",
        table="sources",
        model="Source",
        label="title",
        date="date",
        precision=True,
        search={"title": 6.0, "author": 1.0, "publisher": 1.0, "notes": 1.0},
        names=("title",),
        document=True,
        indexes=(("kind",),),
    ),
    RecordKind(
        name="period",
        table="periods",
        model="Period",
        label="name",
        date="start",
        search={"name": 8.0, "characterisation": 3.0, "notes": 1.0},
        names=("name",),
        links=("sources",),
    ),
    RecordKind(
        name="publisher",
        table="publishers",
        model="Publisher",
        label="name",
        date=None,
        search={},
        names=("name",),
        own_ids=True,
        indexes=(("class",),),
    ),
)
"""Every kind of record, in the order lists, counts and exports show them: the events first.
Nothing depends on the order in which the files are read (references are checked once every
file is read, and a source's publisher is found after the publishers are)."""

BY_NAME: dict[str, RecordKind] = {kind.name: kind for kind in KINDS}
BY_TABLE: dict[str, RecordKind] = {kind.table: kind for kind in KINDS}

SEARCHED: tuple[RecordKind, ...] = tuple(
    sorted((kind for kind in KINDS if kind.search), key=lambda kind: kind.document)
)
"""The kinds `nrkb search` finds (`--kind`): every kind with a full-text index, documents
last."""

NAMED: tuple[RecordKind, ...] = tuple(kind for kind in KINDS if kind.other_names)
"""The kinds a user may name by name or alias ("NRC", "Russia") instead of by id."""


def lookup_order() -> tuple[RecordKind, ...]:
    """The kinds in the order an id is looked up: kinds sharing one id space first, then those
    with ids of their own (the actor `nato` wins over the publisher `nato`)."""
    return tuple(sorted(KINDS, key=lambda kind: kind.own_ids))
