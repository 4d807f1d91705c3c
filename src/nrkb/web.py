"""The web view's configuration: Datasette metadata and canned queries, derived from the schema.

Titles, licences, table and column descriptions come from the compiled schema (compiled.py:
the codebook's own descriptions), so the site says what the codebook says. `serve.py` starts
the server with this configuration; `webplugin.py` adds the pages' evidence and the server's
safeguards.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from nrkb import __version__, compiled
from nrkb.kinds import KINDS

DATABASE = "nrkb"
"""The name the database is mounted under, whatever the cache file is called: stable URLs."""

STATIC_MOUNT = "nrkb-static"
"""Where `static/` (the site's stylesheet) is served."""

TITLE = "nrkb: NATO–Russia relations since 1991"
DESCRIPTION = (
    "A structured, sourced knowledge base of NATO–Russia relations: events, institutions with "
    "their status histories, policy recommendations with their outcomes, actors, and every "
    "document cited. Each record's page lists its sources with links and quotations."
)
CODE_LICENCE = "MIT"
DATA_LICENCE = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")

TRUNCATE_CELLS = 240
"""Characters of a long cell shown in tables (summaries run to paragraphs); a row shows all."""

_DATE_SORT = {
    **{kind.table: f"{kind.date}_start" for kind in KINDS if kind.date},
    "events_flat": "date_start",
    "status_changes": "since_start",
    "institution_status_periods": "since_start",
    "recommendation_outcomes": "date",
}
_FACETS: dict[str, list[Any]] = {
    "events": ["type", "tone", "precision"],
    "events_flat": ["type", "tone", {"array": "topic_codes"}, {"array": "actor_ids"}, "precision"],
    "institutions": ["kind"],
    "status_changes": ["status", "institution_id"],
    "institution_status_periods": ["status", "name"],
    "recommendations": ["outcome_status"],
    "recommendation_outcomes": ["outcome_status"],
    "actors": ["kind"],
    "sources": ["kind", "publisher", "language"],
    "event_actors": ["role", "actor_id"],
    "event_institutions": ["effect", "institution_id"],
    "record_topics": ["topic", "record_kind"],
    "citations": ["record_kind", "context"],
    "claims": ["verdict", "record_kind"],
    "vocabulary": ["vocabulary"],
}
_LABELS = {kind.table: kind.label for kind in KINDS}
_SEARCHED_THROUGH = {
    # view: the search index of the table whose rowid the view carries (views.VIEWS)
    "events_flat": "events_fts",
    "institution_status_periods": "institutions_fts",
    "recommendation_outcomes": "recommendations_fts",
}


DATE_PARAMETERS = {"institutions_on": ("on",), "events_between": ("since", "until")}
"""Canned queries' parameters that are dates: checked before the query runs (webplugin.py)."""

QUERIES: dict[str, dict[str, Any]] = {
    "search": {
        "title": "Search every record, best match first",
        "description": (
            "Events, institutions, recommendations, actors and sources matching the words, "
            "ranked as `nrkb search` ranks them (names and titles first, then phrases, then "
            "words anywhere; a quotation leads to the record citing it). FTS5 syntax works: "
            '"exact phrase", prefix*, OR, NOT.'
        ),
        "params": ["q"],
    },
    "institutions_on": {
        "title": "Status of every institution on a date",
        "description": (
            "The status in force on the last day of the date given, as `nrkb institutions "
            "--on`: 2008-10-01, 2014-04 or 2022 (the end of that month or year). Leave it "
            "empty for the current status."
        ),
        "params": ["on"],
        "sql": (
            "SELECT i.id AS institution_id, i.name, s.status AS status_on_day, "
            "s.since AS status_on_day_since, s.event_id AS status_on_day_event, "
            "e.title AS event_title FROM institutions i "
            "LEFT JOIN status_changes s ON s.institution_id = i.id "
            "AND s.since_start <= coalesce(nrkb_last_day(:on), '9999-12-31') "
            "AND (s.until_start IS NULL OR s.until_start > coalesce(nrkb_last_day(:on), "
            "'9999-12-31')) "
            "LEFT JOIN events e ON e.id = s.event_id "
            "ORDER BY COALESCE(i.established_start, '9999'), i.id"
        ),
    },
    "events_between": {
        "title": "Events in a date window",
        "description": (
            "Events that may fall in the window, as `nrkb events --since --until`: a partial "
            "date matches by its bounds, so since 2008 keeps an event dated 2008-08 and one "
            "spanning 2007/2009. Leave a field empty for an open end."
        ),
        "params": ["since", "until"],
        "sql": (
            "SELECT e.id AS event_id, e.date, e.type, e.title, e.location FROM events e "
            "WHERE (:since = '' OR e.date_end >= nrkb_first_day(:since)) "
            "AND (:until = '' OR e.date_start <= nrkb_last_day(:until)) "
            "ORDER BY e.date_start, e.id"
        ),
    },
    "nrc_meetings": {
        "title": "Every NATO-Russia Council meeting",
        "description": "Events recorded as meetings of the NATO-Russia Council, in date order.",
        "sql": (
            "SELECT e.id AS event_id, e.date, e.type, e.title, e.location FROM events e "
            "JOIN event_institutions ei ON ei.event_id = e.id "
            "WHERE ei.institution_id = 'nato-russia-council' AND ei.effect = 'meeting' "
            "ORDER BY e.date_start, e.id"
        ),
    },
    "sources_of_record": {
        "title": "Sources of a record",
        "description": (
            "Every document cited by an event, institution, recommendation or actor (by id), "
            "with what it supports, where in it and its own words."
        ),
        "params": ["record_id"],
        "sql": (
            "SELECT c.context, s.title, s.publisher, s.date, s.url, c.locator, c.quote, "
            "s.id AS source_id FROM citations c JOIN sources s ON s.id = c.source_id "
            "WHERE c.record_id = :record_id ORDER BY c.context = 'record' DESC, c.context, "
            "c.position"
        ),
    },
    "recommendations_and_outcomes": {
        "title": "Recommendations and what became of them",
        "description": (
            "Each recommendation with its outcome and the events that show it. Filter by "
            "outcome (adopted, partly-adopted, not-adopted …) or leave empty for all."
        ),
        "params": ["outcome"],
        "sql": (
            "SELECT r.id AS recommendation_id, r.text, r.outcome_status, r.outcome_as_of, "
            "r.outcome_summary, "
            "(SELECT group_concat(title, '; ') FROM (SELECT e.title FROM recommendation_events "
            "re JOIN events e ON e.id = re.event_id WHERE re.recommendation_id = r.id AND "
            "re.relation = 'evidence' ORDER BY re.position)) AS evidence FROM recommendations r "
            "WHERE :outcome = '' OR r.outcome_status = :outcome ORDER BY r.date_start, r.id"
        ),
    },
}


SEARCH_COLUMNS = ("record_kind", "id", "title", "date", "snippet", "score")
"""The columns of the canned search, as `nrkb search` gives them."""


def metadata(connection: sqlite3.Connection, data_dir: Path | None) -> dict[str, Any]:
    """Datasette metadata for the database behind `connection`."""
    queries = {name: dict(query) for name, query in QUERIES.items()}
    # The ranking is nrkb search's own (tiers by where the words are, then bm25), which is
    # Python, not one SQL statement: the plugin's nrkb_search() runs it and returns the rows as
    # JSON, which json_each turns back into rows in their order.
    queries["search"]["sql"] = (
        "SELECT json_extract(value, '$.record_kind') AS record_kind, "
        "json_extract(value, '$.id') AS id, "
        "json_extract(value, '$.title') AS title, json_extract(value, '$.date') AS date, "
        "json_extract(value, '$.snippet') AS snippet, json_extract(value, '$.score') AS score "
        "FROM json_each(nrkb_search(:q)) ORDER BY CAST(key AS INTEGER)"
    )
    description = f"{DESCRIPTION} {_coverage(connection, data_dir)}"
    return {
        "title": TITLE,
        "description": description,
        "license": f"Data: {DATA_LICENCE[0]} (code: {CODE_LICENCE})",
        "license_url": DATA_LICENCE[1],
        "source": f"nrkb {__version__}: every document cited",
        "source_url": f"/{DATABASE}/sources",
        "extra_css_urls": [f"/{STATIC_MOUNT}/nrkb.css"],
        "databases": {
            DATABASE: {
                "title": TITLE,
                "description": description,
                "tables": _tables(),
                "queries": queries,
            }
        },
    }


def _tables() -> dict[str, dict[str, Any]]:
    described: dict[str, dict[str, Any]] = {}
    for schema in compiled.load()["tables"]:
        name = schema["name"]
        table: dict[str, Any] = {
            "description": schema["description"],
            "columns": {
                column["name"]: column["description"]
                for column in schema["columns"]
                if column["description"]
            },
        }
        if name in _DATE_SORT:
            table["sort"] = _DATE_SORT[name]
        if name in _FACETS:
            table["facets"] = _FACETS[name]
        if name in _LABELS:
            table["label_column"] = _LABELS[name]
        if name in _SEARCHED_THROUGH:
            table["fts_table"] = _SEARCHED_THROUGH[name]
            table["fts_pk"] = "rowid"
        described[name] = table
    return described


def _coverage(connection: sqlite3.Connection, data_dir: Path | None) -> str:
    """The coverage horizon: `data/dataset.yaml`'s `coverage` if it exists, else the events'."""
    declared = _declared_coverage(data_dir) if data_dir is not None else None
    if declared is not None:
        return f"Coverage: {declared[0]} to {declared[1]}."
    first, last = connection.execute("SELECT min(date_start), max(date_end) FROM events").fetchone()
    return f"Events recorded from {first} to {last}." if first else ""


def _declared_coverage(data_dir: Path) -> tuple[str, str] | None:
    path = data_dir / "dataset.yaml"
    if not path.is_file():
        return None
    import yaml

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    coverage = document.get("coverage") if isinstance(document, dict) else None
    if not isinstance(coverage, dict) or "start" not in coverage:
        return None
    return str(coverage["start"]), str(coverage.get("end") or "the present")
