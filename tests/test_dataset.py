"""The shipped dataset: everything `validate` checks, plus the rules a careful editor keeps."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from conftest import DATA, REPO
from nrkb.dates import parse
from nrkb.validate import Dataset, load_dataset

BRIEF = REPO.parent / "shared" / "sources" / "csernatoni-2014-nato-russia-brief.txt"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(DATA, "data")


def test_the_shipped_data_validates(dataset: Dataset) -> None:
    assert len(dataset.events) >= 200
    assert len(dataset.institutions) >= 25
    assert len(dataset.actors) >= 60
    assert len(dataset.sources) >= 150
    assert len(dataset.recommendations) >= 12


def test_every_source_is_cited_by_something(dataset: Dataset) -> None:
    cited: set[str] = set()
    for record in (*dataset.events, *dataset.institutions, *dataset.actors):
        cited.update(citation.id for citation in record.sources)
        for claim in record.claims:
            cited.add(claim.source.id)
            cited.update(citation.id for citation in claim.evidence)
    for recommendation in dataset.recommendations:
        cited.add(recommendation.source.id)
        cited.update(citation.id for citation in recommendation.outcome.sources)
    for period in dataset.periods:
        cited.update(citation.id for citation in period.sources)
    assert sorted(source.id for source in dataset.sources if source.id not in cited) == []


def test_every_year_from_1991_to_2025_has_events(dataset: Dataset) -> None:
    years = Counter(
        year
        for event in dataset.events
        for year in range(event.date.start.year, event.date.end.year + 1)
    )
    assert [year for year in range(1991, 2026) if years[year] == 0] == []


def test_no_date_lies_in_the_future_or_before_1991_without_a_reason(dataset: Dataset) -> None:
    today = date.today()
    for event in dataset.events:
        assert event.date.start <= today, event.id
        if event.date.start.year < 1991:
            # Only the Cold War treaties that nrkb follows into the 1990s start earlier.
            assert event.institutions and event.type.value in ("agreement", "entry-into-force"), (
                event.id
            )


def test_event_ids_start_with_their_date(dataset: Dataset) -> None:
    # Ids never change, so an event dated more precisely after it was published keeps the
    # coarser date it was first given (1996-03-... dated 1996-03-21): a prefix of the date.
    for event in dataset.events:
        first = event.date.text.split("/")[0].rstrip("~?%")
        in_id = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", event.id)
        assert in_id is not None and first.startswith(in_id.group()), event.id


def test_every_institution_history_starts_before_or_at_today_and_is_ordered(
    dataset: Dataset,
) -> None:
    for institution in dataset.institutions:
        starts = [change.since.start for change in institution.status]
        assert starts == sorted(starts), institution.id


# Anchor dates checked against the sources cited in data/: an edit that breaks one fails here.
KEY_DATES = {
    "1991-12-20-nacc-inaugural-meeting": "1991-12-20",
    "1994-06-22-russia-signs-pfp-framework-document": "1994-06-22",
    "1997-05-27-nato-russia-founding-act-signed-paris": "1997-05-27",
    "1999-03-12-poland-czech-hungary-join-nato": "1999-03-12",
    "1999-03-24-nato-launches-operation-allied-force": "1999-03-24",
    "2002-05-28-rome-declaration-establishes-nrc": "2002-05-28",
    "2004-03-29-seven-countries-join-nato": "2004-03-29",
    "2007-02-10-putin-munich-speech": "2007-02-10",
    "2007-12-12-russia-cfe-suspension-takes-effect": "2007-12-12",
    "2008-08-19-nato-suspends-formal-nrc-meetings": "2008-08-19",
    "2008-08-26-russia-recognises-abkhazia-south-ossetia": "2008-08-26",
    "2009-03-05-nato-agrees-to-resume-formal-nrc-meetings": "2009-03-05",
    "2009-09-17-obama-announces-european-phased-adaptive-approach": "2009-09-17",
    "2012-05-20-chicago-summit-declares-interim-bmd-capability": "2012-05-20",
    "2014-03-16-crimea-status-referendum": "2014-03-16",
    "2014-04-01-nato-suspends-practical-cooperation-with-russia": "2014-04-01",
    "2014-07-17-mh17-shot-down": "2014-07-17",
    "2014-07-23-two-ukrainian-su-25-shot-down-savur-mohyla": "2014-07-23",
    "2014-09-04-wales-summit": "2014-09-04/2014-09-05",
    "2014-10-01-stoltenberg-takes-office": "2014-10-01",
    "2016-05-12-deveselu-aegis-ashore-declared-operational": "2016-05-12",
    "2017-06-05-montenegro-joins-nato": "2017-06-05",
    "2019-08-02-inf-treaty-terminated": "2019-08-02",
    "2020-03-27-north-macedonia-accedes-to-nato": "2020-03-27",
    "2021-10-18-russia-suspends-mission-to-nato-and-closes-nato-offices-in-moscow": "2021-10-18",
    "2022-01-12-nrc-meeting-on-russian-build-up-around-ukraine": "2022-01-12",
    "2022-02-24-russia-launches-full-scale-invasion-of-ukraine": "2022-02-24",
    "2023-04-04-finland-accedes-to-nato": "2023-04-04",
    "2023-11-07-russia-withdrawal-from-cfe-takes-effect": "2023-11-07",
    "2024-03-07-sweden-accedes-to-nato": "2024-03-07",
}


@pytest.mark.parametrize(("event_id", "expected"), sorted(KEY_DATES.items()))
def test_key_dates(dataset: Dataset, event_id: str, expected: str) -> None:
    events = {event.id: event for event in dataset.events}
    assert event_id in events, f"anchor event {event_id} is missing"
    assert events[event_id].date == parse(expected) or events[event_id].date.text == expected


def test_the_brief_is_recorded_with_what_it_got_wrong(dataset: Dataset) -> None:
    actors = {actor.id: actor for actor in dataset.actors}
    claims = actors["anders-fogh-rasmussen"].claims
    assert any(
        claim.verdict.value == "inaccurate" and "Andres" in (claim.source.quote or "")
        for claim in claims
    )
    institutions = {i.id: i for i in dataset.institutions}
    poland = institutions["aegis-ashore-poland"]
    assert any(claim.verdict.value == "plan-delayed" for claim in poland.claims)


@pytest.mark.skipif(not BRIEF.is_file(), reason="the brief is kept in shared/, beside the checkout")
def test_recommendation_quotes_are_the_briefs_own_words(dataset: Dataset) -> None:
    brief = BRIEF.read_text(encoding="utf-8")
    for recommendation in dataset.recommendations:
        if recommendation.source.id == "csernatoni-2014-nato-russia-brief":
            assert recommendation.source.quote and recommendation.source.quote in brief, (
                recommendation.id
            )


def test_a_tone_that_departs_from_the_usual_one_for_its_type_says_why(dataset: Dataset) -> None:
    from nrkb.tone import DEFAULT_TONE

    unexplained = [
        event.id
        for event in dataset.events
        if event.tone != DEFAULT_TONE[event.type.value] and not event.tone_note
    ]
    assert unexplained == []
