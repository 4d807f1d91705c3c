"""`import nrkb; kb = nrkb.open()`: typed records through the same query layer as the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import nrkb
from conftest import DATA
from nrkb.kinds import KINDS
from nrkb.models import Event, Institution, Recommendation
from nrkb.problems import NrkbError
from nrkb.validate import load_dataset
from nrkb.vocab import Status

pytestmark = pytest.mark.usefixtures("prebuilt")  # reads the bundled data


@pytest.mark.slow
def test_every_record_read_back_equals_the_record_written() -> None:
    """YAML → validation → SQLite → query → model gives the same model: nothing is lost."""
    kb = nrkb.open()
    dataset = load_dataset(DATA)
    for kind in KINDS:
        written = getattr(dataset, kind.table)
        assert written, kind.table
        if kind.own_ids:  # `kb.get("nato")` is the actor; the publisher is read by listing
            assert sorted(kb.publishers(), key=lambda p: p.id) == sorted(
                written, key=lambda p: p.id
            )
            continue
        for record in written:
            assert kb.get(record.id) == record, record.id


def test_events_take_the_cli_filters_and_return_models() -> None:
    kb = nrkb.open()
    found = kb.events(since="2008", until="2009", institution="nato-russia-council")
    assert found and all(isinstance(event, Event) for event in found)
    assert "2008-08-19-nato-suspends-formal-nrc-meetings" in [event.id for event in found]
    assert all(event.date.end >= date(2008, 1, 1) for event in found)
    assert [e.id for e in kb.events(search="Dmytrivka")] == [
        "2014-07-23-two-ukrainian-su-25-shot-down-savur-mohyla"
    ]


def test_institutions_on_a_day() -> None:
    kb = nrkb.open()
    on_day = {row.institution.id: row for row in kb.institutions(on="2008-10-01")}
    council = on_day["nato-russia-council"]
    assert isinstance(council.institution, Institution)
    assert council.status_on_day is Status.SUSPENDED
    assert str(council.status_on_day_since) == "2008-08-19"
    history = [change.status for change in council.institution.status]
    assert history[:3] == [Status.PROPOSED, Status.ACTIVE, Status.SUSPENDED]


def test_recommendations_and_search() -> None:
    kb = nrkb.open()
    rejected = kb.recommendations(outcome="not-adopted")
    assert rejected and all(isinstance(r, Recommendation) for r in rejected)
    assert {r.outcome.status.value for r in rejected} == {"not-adopted"}
    hits = kb.search("Founding Act", kind="institution")
    assert hits[0].id == "nato-russia-founding-act" and "[Founding" in hits[0].snippet


def test_to_pandas_gives_a_flat_frame_with_dates() -> None:
    pandas = pytest.importorskip("pandas")
    frame = nrkb.open().to_pandas("events")
    assert len(frame) >= 200
    assert str(frame["date_start"].dtype).startswith("datetime64")
    suspension = frame[frame["id"] == "2008-08-19-nato-suspends-formal-nrc-meetings"].iloc[0]
    assert "nato-russia-council" in [touched["id"] for touched in suspension["institutions"]]
    assert suspension["topics"] == ["nato-russia-dialogue", "georgia-conflict"]
    assert isinstance(frame, pandas.DataFrame)


def test_open_with_explicit_paths(tmp_path: Path) -> None:
    kb = nrkb.open(data=DATA, db=tmp_path / "kb.db")
    assert kb.get("nato").name == "North Atlantic Treaty Organization"  # type: ignore[union-attr]
    assert (tmp_path / "kb.db").is_file()
    with pytest.raises(NrkbError, match="no record has the id or name 'nope'"):
        kb.get("nope")


def test_get_takes_a_short_name_or_an_alias() -> None:
    kb = nrkb.open(data=DATA)
    assert kb.get("NRC").id == "nato-russia-council"
    assert kb.get("Крым").id == "crimea"
