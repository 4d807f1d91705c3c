"""The SQLite schema, declared once with SQLModel: tables, keys, foreign keys and indexes.

Only the build imports this module (SQLAlchemy is heavy); the query side reads the database
with plain sqlite3 and the column names declared here. Dates are stored as ISO TEXT: a column
declared DATE would get NUMERIC affinity, and `date >= '2008'` would then match every row.
"""

from __future__ import annotations

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from nrkb.search import SEARCH_INDEXES, SEARCH_TOKENIZER, vocabulary_statements


class Meta(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class VocabularyCode(SQLModel, table=True):
    __tablename__ = "vocabulary"
    vocabulary: str = Field(primary_key=True)
    code: str = Field(primary_key=True)
    definition: str


class PublisherRow(SQLModel, table=True):
    __tablename__ = "publishers"
    id: str = Field(primary_key=True)
    name: str
    country: str | None = None
    # `class` is what the YAML calls it, and a Python keyword: the column keeps the YAML's name.
    class_: str = Field(sa_column_kwargs={"name": "class"}, index=True)
    hosts: str
    refused: str | None = None
    notes: str | None = None


class SourceRow(SQLModel, table=True):
    __tablename__ = "sources"
    id: str = Field(primary_key=True)
    title: str
    author: str | None = None
    publisher: str
    publisher_id: str = Field(foreign_key="publishers.id", index=True)
    publisher_class: str = Field(index=True)
    date: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    precision: str | None = None
    url: str
    kind: str = Field(index=True)
    language: str
    notes: str | None = None


class ActorRow(SQLModel, table=True):
    __tablename__ = "actors"
    id: str = Field(primary_key=True)
    name: str
    kind: str = Field(index=True)
    country_code: str | None = None
    aliases: str = Field(description="Aliases joined with '; '.")
    description: str | None = None
    notes: str | None = None


class InstitutionRow(SQLModel, table=True):
    __tablename__ = "institutions"
    id: str = Field(primary_key=True)
    name: str
    short_name: str | None = None
    aliases: str | None = Field(default=None, description="Aliases joined with '; '.")
    kind: str = Field(index=True)
    established: str | None = None
    established_start: str | None = None
    established_end: str | None = None
    description: str
    notes: str | None = None


class InstitutionParty(SQLModel, table=True):
    __tablename__ = "institution_parties"
    institution_id: str = Field(primary_key=True, foreign_key="institutions.id")
    actor_id: str = Field(primary_key=True, foreign_key="actors.id", index=True)
    position: int


class StatusChangeRow(SQLModel, table=True):
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
    until_start: str | None = Field(
        default=None, description="First day of the next status, if any (derived)."
    )
    event_id: str = Field(foreign_key="events.id", index=True)
    note: str | None = None


class EventRow(SQLModel, table=True):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_start_id", "date_start", "id"),
        Index("ix_events_type_start", "type", "date_start", "id"),
    )
    id: str = Field(primary_key=True)
    title: str
    date: str
    date_start: str
    date_end: str = Field(index=True)
    precision: str
    type: str
    tone: int = Field(index=True)
    tone_note: str | None = None
    summary: str
    location: str | None = None
    notes: str | None = None


class PeriodRow(SQLModel, table=True):
    """A named phase of the relationship; its sources are in `citations` (record_kind period)."""

    __tablename__ = "periods"
    id: str = Field(primary_key=True)
    name: str
    start: str
    start_start: str
    start_end: str
    end: str | None = None
    end_start: str | None = None
    end_end: str | None = None
    characterisation: str
    notes: str | None = None


# The link tables repeat the event's first day (`event_start`): with it an index answers
# "this actor's events in date order" by walking, and stops at the limit, even at a million.


class EventActor(SQLModel, table=True):
    __tablename__ = "event_actors"
    __table_args__ = (Index("ix_event_actors_actor_date", "actor_id", "event_start", "event_id"),)
    event_id: str = Field(primary_key=True, foreign_key="events.id")
    actor_id: str = Field(primary_key=True, foreign_key="actors.id")
    role: str | None = None
    position: int
    event_start: str


class EventInstitution(SQLModel, table=True):
    __tablename__ = "event_institutions"
    __table_args__ = (
        Index("ix_event_institutions_date", "institution_id", "event_start", "event_id"),
    )
    event_id: str = Field(primary_key=True, foreign_key="events.id")
    institution_id: str = Field(primary_key=True, foreign_key="institutions.id")
    effect: str | None = None
    position: int
    event_start: str


class RecordTopic(SQLModel, table=True):
    __tablename__ = "record_topics"
    __table_args__ = (
        Index("ix_record_topics_topic", "topic", "record_kind", "event_start", "record_id"),
    )
    record_id: str = Field(primary_key=True)
    topic: str = Field(primary_key=True)
    record_kind: str
    position: int
    event_start: str | None = None


class CitationRow(SQLModel, table=True):
    __tablename__ = "citations"
    record_id: str = Field(primary_key=True)
    context: str = Field(primary_key=True)
    position: int = Field(primary_key=True)
    record_kind: str
    source_id: str = Field(foreign_key="sources.id", index=True)
    locator: str | None = None
    quote: str | None = None


class ClaimRow(SQLModel, table=True):
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


class RecommendationRow(SQLModel, table=True):
    __tablename__ = "recommendations"
    id: str = Field(primary_key=True)
    text: str
    source_id: str = Field(foreign_key="sources.id")
    locator: str | None = None
    quote: str | None = None
    date: str
    date_start: str
    date_end: str
    precision: str
    outcome_status: str = Field(index=True)
    outcome_as_of: str
    outcome_summary: str
    notes: str | None = None


class RecommendationAddressee(SQLModel, table=True):
    __tablename__ = "recommendation_addressees"
    recommendation_id: str = Field(primary_key=True, foreign_key="recommendations.id")
    actor_id: str = Field(primary_key=True, foreign_key="actors.id", index=True)
    position: int


class RecommendationEvent(SQLModel, table=True):
    __tablename__ = "recommendation_events"
    recommendation_id: str = Field(primary_key=True, foreign_key="recommendations.id")
    relation: str = Field(primary_key=True)
    event_id: str = Field(primary_key=True, foreign_key="events.id", index=True)
    position: int


class RecommendationInstitution(SQLModel, table=True):
    __tablename__ = "recommendation_institutions"
    recommendation_id: str = Field(primary_key=True, foreign_key="recommendations.id")
    institution_id: str = Field(primary_key=True, foreign_key="institutions.id", index=True)
    position: int


# Full-text search: an external-content FTS5 table `<table>_fts` over each table's own text
# columns (the convention of sqlite-utils, which Datasette detects to offer `?_search=`).
# Quotes are searched through citations_fts and claims_fts and lead back to their record. The
# columns and tokenizer are declared in search.py, which reads them at query time.


def search_statements() -> list[str]:
    statements = []
    for table, weights in SEARCH_INDEXES.items():
        columns = ", ".join(weights)
        statements.append(
            f'CREATE VIRTUAL TABLE {table}_fts USING fts5({columns}, content="{table}", '
            f"content_rowid='rowid', tokenize='{SEARCH_TOKENIZER}')"
        )
        statements.append(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    return [*statements, *vocabulary_statements()]


COLUMN_VOCABULARIES: dict[tuple[str, str], str] = {
    ("events", "type"): "event_type",
    ("event_actors", "role"): "actor_role",
    ("event_institutions", "effect"): "institution_effect",
    ("institutions", "kind"): "institution_kind",
    ("status_changes", "status"): "status",
    ("actors", "kind"): "actor_kind",
    ("sources", "kind"): "source_kind",
    ("sources", "publisher_class"): "publisher_class",
    ("publishers", "class"): "publisher_class",
    ("recommendations", "outcome_status"): "outcome_status",
    ("claims", "verdict"): "claim_verdict",
    ("record_topics", "topic"): "topic",
}
"""Columns whose values come from a controlled vocabulary (vocab.py), for the export's enums."""

EXPORT_TABLES = (
    "events",
    "institutions",
    "status_changes",
    "recommendations",
    "actors",
    "sources",
    "publishers",
    "event_actors",
    "event_institutions",
    "institution_parties",
    "record_topics",
    "citations",
    "claims",
    "recommendation_addressees",
    "recommendation_events",
    "recommendation_institutions",
    "periods",
    "vocabulary",
)
"""The tables of the CSV export and the data package, main records first."""

TABLE_DESCRIPTIONS: dict[str, str] = {
    "events": "Dated events: summits, declarations, signings, suspensions, invasions, incidents.",
    "institutions": "Councils, agreements, treaties, programmes, offices and capabilities.",
    "status_changes": "Each institution's status history: from `since` on, `status`, "
    "brought about by `event_id`.",
    "recommendations": "Policy recommendations made by analysts, with what became of them.",
    "actors": "States, alliances, organisations, bodies, people, armed groups, territories.",
    "sources": "Every document cited: title, author, publisher, date, URL, publisher class.",
    "publishers": "Who publishes the sources, each with its class, country and hosts; a "
    "source's class is its publisher's.",
    "event_actors": "The actors of each event, with their roles.",
    "event_institutions": "The institutions each event touched, with the effect on them.",
    "institution_parties": "The parties to each institution.",
    "record_topics": "Topics of events, institutions and recommendations.",
    "citations": "A source cited by a record; `context` says for what (the record, its "
    "outcome, a claim).",
    "claims": "What a source said, beside what happened; its evidence is in `citations`.",
    "recommendation_addressees": "The actors each recommendation addresses.",
    "recommendation_events": "An event related to a recommendation (`related`) or showing its "
    "outcome (`evidence`).",
    "recommendation_institutions": "The institutions each recommendation concerns.",
    "periods": "Named periods of the relationship (the early partnership … the war), one after "
    "another; their sources are in `citations`.",
    "vocabulary": "Every code of every controlled vocabulary, with its definition.",
    "search_words": "Every word of the search indexes, for the search's 'did you mean'.",
    "meta": "How and from what data the database was built.",
    "events_flat": "Events with their tone, actors, institutions, topics and source URLs on one "
    "row.",
    "institution_status_periods": "Each status period of each institution, with the event "
    "behind it.",
    "recommendation_outcomes": "Recommendations with their outcome and evidence events on one row.",
}
"""What each table and view holds; the codebook's and the web view's table descriptions."""


COLUMN_DESCRIPTIONS: dict[str, str] = {
    "word": "A word of the search indexes, folded as the search folds it.",
    "records": "How many indexed records contain the word.",
    "id": "Stable identifier of the record (lower-case kebab-case).",
    "title": "Title of the event or document.",
    "name": "Name of the institution, actor or named period.",
    "short_name": "Short name or abbreviation.",
    "date": "Date as written, in EDTF (2014-03-16, 2008-08, 2008, 2008-08-07/2008-08-12, 2015~).",
    "date_start": "Earliest day the date may denote (ISO 8601).",
    "date_end": "Latest day the date may denote (ISO 8601).",
    "precision": "How precisely the date is known: day, month, season, year, decade, century.",
    "type": "Event type (vocabulary event_type).",
    "tone": "Effect on the NATO-Russia relationship: -3 open conflict ... +3 founding cooperation.",
    "tone_note": "Why the tone departs from the usual one for the event's type.",
    "start": "When the period began, as written (EDTF).",
    "start_start": "Earliest day the period may have begun (ISO 8601).",
    "start_end": "Latest day the period may have begun (ISO 8601).",
    "end": "When the period ended, as written (EDTF); empty while it lasts.",
    "end_start": "Earliest day the period may have ended (ISO 8601).",
    "end_end": "Latest day the period may have ended (ISO 8601).",
    "characterisation": "The period in one line.",
    "kind": "Kind of record within its table (see the vocabulary table).",
    "summary": "A factual summary in the knowledge base's own words.",
    "description": "A description in the knowledge base's own words.",
    "location": "Where the event took place.",
    "notes": "Caveats, disagreements between sources, precision reasons.",
    "note": "A note on this status change.",
    "established": "Founding, signing or opening date as written (EDTF).",
    "established_start": "Earliest day of the founding date (ISO 8601).",
    "established_end": "Latest day of the founding date (ISO 8601).",
    "status": "Status of the institution from `since` on (vocabulary status).",
    "since": "Date from which the status held, as written (EDTF).",
    "since_start": "Earliest day of `since` (ISO 8601).",
    "since_end": "Latest day of `since` (ISO 8601).",
    "until_start": "Earliest day of the next status change, empty if the status still holds.",
    "event_id": "The event (events.id).",
    "actor_id": "The actor (actors.id).",
    "institution_id": "The institution (institutions.id).",
    "source_id": "The source cited (sources.id).",
    "recommendation_id": "The recommendation (recommendations.id).",
    "record_id": "The record concerned: an event, institution, recommendation or actor id.",
    "record_kind": "Kind of record concerned: event, institution, recommendation, actor, period.",
    "position": "Order within the record, as written in the YAML (0 first).",
    "event_start": "The event's earliest day (ISO 8601), repeated here for date-ordered lookups.",
    "role": "The actor's part in the event (vocabulary actor_role).",
    "effect": "What the event did to the institution (vocabulary institution_effect).",
    "topic": "Topic (vocabulary topic).",
    "context": "What the citation supports: record, outcome or claim-N.",
    "locator": "Where in the source: page, paragraph, section.",
    "quote": "The source's own words, verbatim.",
    "says": "What the source claimed, paraphrased.",
    "verdict": "How the claim compares with what happened (vocabulary claim_verdict).",
    "finding": "What happened or what is right instead.",
    "url": "Address of the document as read.",
    "author": "Author(s) of the document.",
    "publisher": "Publisher or issuing body, as the source names it (printed in citations).",
    "publisher_id": "The publisher (publishers.id) on whose host the source's URL is.",
    "publisher_class": "Class of the source's publisher (vocabulary publisher_class).",
    "class": "Class of the publisher (vocabulary publisher_class).",
    "hosts": "Hosts the publisher publishes on, joined with '; '; each covers its subdomains.",
    "refused": "Why no source may cite the publisher; empty if it may be cited.",
    "country": "ISO 3166-1 alpha-2 code of the publisher's country; empty for an "
    "international body.",
    "language": "Language of the document (ISO 639).",
    "country_code": "ISO 3166-1 alpha-2 country code.",
    "aliases": "Other names, joined with '; '.",
    "text": "The recommendation, faithfully paraphrased.",
    "outcome_status": "What became of the recommendation (vocabulary outcome_status).",
    "outcome_as_of": "Date the outcome assessment holds for (EDTF).",
    "outcome_summary": "The outcome, as later events show it.",
    "relation": "related: an event the recommendation concerns; evidence: shows its outcome.",
    "vocabulary": "Name of the controlled vocabulary.",
    "code": "A code of the vocabulary.",
    "definition": "What the code means.",
    "key": "Build metadata key.",
    "value": "Build metadata value.",
    # Columns of the views only.
    "actors": "The event's actors as `actor-id (role)`, joined with '; '.",
    "institutions": "The institutions touched as `institution-id (effect)`, joined with '; '.",
    "topics": "Topics, joined with '; '.",
    "source_urls": "URLs of the sources cited for the record, joined with '; '.",
    "event_title": "Title of the event.",
    "outcome_events": "Events showing the outcome (events.id), joined with '; '.",
    "topic_codes": "Topics as a JSON array (for facets).",
    "actor_ids": "Actors (actors.id) as a JSON array (for facets).",
    "rowid": "Row number of the record in its table (links the view to the search index).",
}
"""What each column means, by column name; the export's field descriptions."""


def _joined(sql: str) -> str:
    """A correlated subquery joining the values of `sql`, in order, with '; '."""
    return f"(SELECT group_concat(value, '; ') FROM ({sql}))"


VIEWS: dict[str, str] = {
    # Events with their links flattened, for Datasette and spreadsheets.
    "events_flat": (
        "SELECT e.id, e.date, e.date_start, e.date_end, e.precision, e.type, e.tone, e.tone_note, "
        "e.title, e.summary, e.location, "
        + _joined(
            "SELECT actor_id || coalesce(' (' || role || ')', '') AS value FROM event_actors "
            "WHERE event_id = e.id ORDER BY position"
        )
        + " AS actors, "
        + _joined(
            "SELECT institution_id || coalesce(' (' || effect || ')', '') AS value "
            "FROM event_institutions WHERE event_id = e.id ORDER BY position"
        )
        + " AS institutions, "
        + _joined(
            "SELECT topic AS value FROM record_topics WHERE record_id = e.id ORDER BY position"
        )
        + " AS topics, "
        + _joined(
            "SELECT s.url AS value FROM citations c JOIN sources s ON s.id = c.source_id "
            "WHERE c.record_id = e.id AND c.context = 'record' ORDER BY c.position"
        )
        + " AS source_urls, e.notes, "
        # JSON arrays of codes, for Datasette's array facets.
        + "(SELECT json_group_array(topic) FROM (SELECT topic FROM record_topics "
        "WHERE record_id = e.id ORDER BY position)) AS topic_codes, "
        "(SELECT json_group_array(actor_id) FROM (SELECT actor_id FROM event_actors "
        "WHERE event_id = e.id ORDER BY position)) AS actor_ids, "
        "e.rowid AS rowid FROM events e"
    ),
    # Each status period of each institution, with the event behind it.
    "institution_status_periods": (
        "SELECT i.id AS institution_id, i.name, s.status, s.since, s.since_start, "
        "s.until_start, e.id AS event_id, e.title AS event_title, s.note, "
        "i.rowid AS rowid "
        "FROM status_changes s JOIN institutions i ON i.id = s.institution_id "
        "JOIN events e ON e.id = s.event_id"
    ),
    # Recommendations with their outcome evidence flattened.
    "recommendation_outcomes": (
        "SELECT r.id, r.text, r.quote, r.date, r.outcome_status, r.outcome_as_of, "
        "r.outcome_summary, "
        + _joined(
            "SELECT event_id AS value FROM recommendation_events WHERE recommendation_id = r.id "
            "AND relation = 'evidence' ORDER BY position"
        )
        + " AS outcome_events, r.rowid AS rowid FROM recommendations r"
    ),
}
"""Views created in every database (Datasette shows them beside the tables). Each ends with the
`rowid` of the table its search index covers, so that `?_search=` works on the view too."""
