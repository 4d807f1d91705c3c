"""The series docs/data.md declares complete: researchers count them, so each is counted here.

Each series is defined by a rule on the data (what a researcher would filter on) and checked
against the list of its members established by the research passes. A new record that joins a
series, or one that falls out of it, fails here until docs/data.md and this list agree.
"""

from __future__ import annotations

import pytest

from conftest import DATA
from nrkb.models import Event
from nrkb.validate import Dataset, load_dataset

NRC = "nato-russia-council"
OFFICES = {
    "russia-mission-to-nato",
    "nato-information-office-moscow",
    "nato-military-liaison-mission-moscow",
}

# Every NATO summit (heads of state and government, including the extraordinary ones) from
# 1991 to the latest held before the coverage horizon, by first day.
NATO_SUMMITS = [
    "1991-11-07",  # Rome
    "1994-01-10",  # Brussels
    "1997-07-08",  # Madrid
    "1999-04-23",  # Washington
    "2001-06-13",  # Brussels
    "2002-11-21",  # Prague
    "2004-06-28",  # Istanbul
    "2005-02-22",  # Brussels
    "2006-11-28",  # Riga
    "2008-04-03",  # Bucharest
    "2009-04-03",  # Strasbourg/Kehl
    "2010-11-20",  # Lisbon
    "2012-05-20",  # Chicago
    "2014-09-04",  # Wales
    "2016-07-08",  # Warsaw
    "2017-05-25",  # Brussels
    "2018-07-11",  # Brussels
    "2019-12-04",  # London
    "2021-06-14",  # Brussels
    "2022-02-25",  # extraordinary, by video
    "2022-03-24",  # extraordinary, Brussels
    "2022-06-29",  # Madrid
    "2023-07-11",  # Vilnius
    "2024-07-09",  # Washington
    "2025-06-24",  # The Hague
]
NEXT_SUMMIT_ANNOUNCED = "2025-08-19-nato-announces-2026-summit-in-ankara"

# NATO-Russia Council meetings at ministerial or summit level while the Council worked
# (2002-2013), including the informal ministerials.
NRC_HIGH_LEVEL_2002_2013 = [
    "2002-05-28", "2002-06-06", "2002-11-22",
    "2003-06-04", "2003-06-13", "2003-12-01", "2003-12-04",
    "2004-06-28", "2004-10-14", "2004-12-09",
    "2005-04-21", "2005-06-09", "2005-09-14", "2005-12-08",
    "2006-02-10", "2006-04-28",
    "2007-02-09", "2007-04-26", "2007-06-14", "2007-10-25", "2007-12-07",
    "2008-04-04", "2008-06-13",
    "2009-06-27", "2009-12-04",
    "2010-09-22", "2010-11-20",
    "2011-04-15", "2011-06", "2011-12",
    "2012-04-19", "2012-12-04",
    "2013-04-23", "2013-10-23", "2013-12-04",
]  # fmt: skip

# Every NATO-Russia Council meeting, at any level, after NATO suspended practical cooperation.
NRC_AFTER_APRIL_2014 = [
    "2014-06",
    "2016-04-20", "2016-07-13", "2016-12-19",
    "2017-03-30", "2017-07-13", "2017-10-26",
    "2018-05-31", "2018-10-31",
    "2019-01-25", "2019-07-05",
    "2022-01-12",
]  # fmt: skip

# Every signature, entry into force, suspension, restriction, withdrawal and end of the
# treaties nrkb follows, as (date, effect).
TREATY_MILESTONES = {
    "abm-treaty": [
        ("1972-05-26", "signed"),
        ("1972-10-03", "entered-into-force"),
        ("2001-12-13", "withdrawn"),
        ("2002-06-13", "ended"),
    ],
    "inf-treaty": [
        ("1987-12-08", "signed"),
        ("1988-06-01", "entered-into-force"),
        ("2019-02-02", "suspended"),
        ("2019-03-04", "suspended"),
        ("2019-08-02", "ended"),
    ],
    "cfe-treaty": [
        ("1990-11-19", "signed"),
        ("1992-11-09", "entered-into-force"),
        ("2007-12-12", "suspended"),
        ("2011-11-22", "restricted"),
        ("2015-03-11", "restricted"),
        ("2023-11-07", "withdrawn"),
        ("2023-12-07", "suspended"),
    ],
    "adapted-cfe-treaty": [("1999-11-19", "signed"), ("2023-11-07", "ended")],
    "open-skies-treaty": [
        ("1992-03-24", "signed"),
        ("2002-01-01", "entered-into-force"),
        ("2020-11-22", "restricted"),
        ("2021-12-18", "withdrawn"),
    ],
    "sort-moscow-treaty": [
        ("2002-05-24", "signed"),
        ("2003-06-01", "entered-into-force"),
        ("2011-02-05", "ended"),
    ],
    "new-start-treaty": [
        ("2010-04-08", "signed"),
        ("2011-02-05", "entered-into-force"),
        ("2022-08-08", "restricted"),
        ("2023-02-28", "suspended"),
        ("2026-02-05", "ended"),
    ],
}
MILESTONE_EFFECTS = {
    "signed",
    "entered-into-force",
    "suspended",
    "restricted",
    "withdrawn",
    "ended",
}

# Every accession to NATO since 1999, with the states that joined.
ACCESSIONS = {
    "1999-03-12": {"poland", "czech-republic", "hungary"},
    "2004-03-29": {"bulgaria", "estonia", "latvia", "lithuania", "romania", "slovakia", "slovenia"},
    "2009-04-01": {"albania", "croatia"},
    "2017-06-05": {"montenegro"},
    "2020-03-27": {"north-macedonia"},
    "2023-04-04": {"finland"},
    "2024-03-07": {"sweden"},
}

# Every expulsion from, restriction or closure of a NATO or Russian mission or office.
OFFICE_MEASURES = [
    "2009-04-29",  # NATO withdraws the accreditation of two Russian diplomats
    "2009-05-06",  # Russia expels two officials of the NATO Information Office
    "2014-04-08",  # access of Russia's mission to NATO headquarters restricted
    "2015-04",  # Russia's mission capped at 30
    "2018-03-27",  # seven accreditations withdrawn, cap of 20
    "2021-10-06",  # eight accreditations withdrawn, cap of 10
    "2021-10-18",  # Russia suspends its mission and closes NATO's offices in Moscow
]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(DATA, "data")


def first_day(event: Event) -> str:
    return event.date.text.split("/")[0].rstrip("~?%")


def effects(event: Event) -> dict[str, str | None]:
    return {ref.id: ref.effect for ref in event.institutions}


def test_every_nato_summit_is_recorded_once_as_a_summit(dataset: Dataset) -> None:
    summits = [
        event
        for event in dataset.events
        if event.type == "summit"
        # NATO took part (not a bilateral summit about NATO), and not the NRC's own summits
        and any(
            actor.id == "nato" and actor.role in ("initiator", "host", "participant")
            for actor in event.actors
        )
        and effects(event).get(NRC) != "meeting"
    ]
    assert sorted(first_day(event) for event in summits) == NATO_SUMMITS


def test_the_next_summit_is_recorded_as_announced_not_held(dataset: Dataset) -> None:
    announcement = next(event for event in dataset.events if event.id == NEXT_SUMMIT_ANNOUNCED)
    assert announcement.type == "statement" and "Ankara" in announcement.title


def test_every_nrc_meeting_at_ministerial_or_summit_level_2002_2013(dataset: Dataset) -> None:
    # Ambassadorial meetings are typed "meeting"; summits and ministerials (some typed by the
    # agreement signed there) are the rest.
    high_level = [
        first_day(event)
        for event in dataset.events
        if effects(event).get(NRC) in ("meeting", "established")
        and event.type != "meeting"
        and "2002" <= first_day(event)[:4] <= "2013"
    ]
    assert sorted(high_level) == NRC_HIGH_LEVEL_2002_2013


def test_every_nrc_meeting_after_april_2014(dataset: Dataset) -> None:
    meetings = [
        first_day(event)
        for event in dataset.events
        if effects(event).get(NRC) == "meeting" and first_day(event) >= "2014-04-02"
    ]
    assert sorted(meetings) == NRC_AFTER_APRIL_2014


@pytest.mark.parametrize("treaty", sorted(TREATY_MILESTONES))
def test_every_milestone_of_the_treaties_followed(dataset: Dataset, treaty: str) -> None:
    milestones = sorted(
        (first_day(event), effect)
        for event in dataset.events
        for institution, effect in effects(event).items()
        if institution == treaty and effect in MILESTONE_EFFECTS
    )
    assert milestones == TREATY_MILESTONES[treaty]


def test_every_treaty_nrkb_follows_has_its_milestones_listed(dataset: Dataset) -> None:
    treaties = {
        institution.id for institution in dataset.institutions if institution.kind == "treaty"
    }
    assert treaties == set(TREATY_MILESTONES)


def test_every_accession_since_1999_with_the_states_that_joined(dataset: Dataset) -> None:
    accessions = {
        first_day(event): {actor.id for actor in event.actors if actor.role == "subject"}
        for event in dataset.events
        if event.type == "accession"
    }
    assert {day: states - {"russia", "nato"} for day, states in accessions.items()} == ACCESSIONS


def test_every_expulsion_restriction_or_closure_of_a_mission_or_office(dataset: Dataset) -> None:
    measures = [
        first_day(event)
        for event in dataset.events
        if any(
            institution in OFFICES and effect in ("restricted", "suspended", "ended")
            for institution, effect in effects(event).items()
        )
        or (event.type == "expulsion" and OFFICES & set(effects(event)))
    ]
    assert sorted(measures) == OFFICE_MEASURES
