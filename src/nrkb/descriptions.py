"""What each table, view and column of the database means: the codebook's, the data package's
and the web view's descriptions, written once here (compiled into compiled_schema.json).

A column is described by its name, once for every table that has it: one name, one meaning.
A record table's column that is not described here takes its model field's description
(tables.column_description).
"""

from __future__ import annotations

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
    "records": "Every record as validated, in canonical JSON, by kind and id.",
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
    "outcome_as_of_start": "Earliest day of `outcome_as_of` (ISO 8601).",
    "outcome_as_of_end": "Latest day of `outcome_as_of` (ISO 8601).",
    "record_json": "The record as validated, in canonical JSON (what the Python API returns).",
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
