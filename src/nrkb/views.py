"""The views every database has beside its tables (Datasette shows them; spreadsheets like
them): events with their links on one row, status periods, recommendations with their outcome.
"""

from __future__ import annotations


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
