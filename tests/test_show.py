"""`nrkb show ID`: one record in full, with its relations both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run

pytestmark = pytest.mark.usefixtures("prebuilt")  # reads the bundled data


def show(run: Run, record_id: str) -> dict[str, object]:
    code, out, err = run("show", record_id, "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert isinstance(document, dict)
    return document


def test_an_institution_shows_its_status_history_and_the_events_that_changed_it(run: Run) -> None:
    council = show(run, "nato-russia-council")
    assert council["record_kind"] == "institution" and council["short_name"] == "NRC"
    history = council["status"]
    assert isinstance(history, list)
    suspension = next(change for change in history if change["status"] == "suspended")
    assert suspension == {
        "status": "suspended",
        "since": "2008-08-19",
        "event": "2008-08-19-nato-suspends-formal-nrc-meetings",
        "note": "formal meetings on hold",
        "until": "2009-03-05",
    }
    events = council["events"]
    assert isinstance(events, list)
    assert {"id": "2008-08-19-nato-suspends-formal-nrc-meetings"}.items() <= events[
        3
    ].items() or any(
        event["id"] == "2008-08-19-nato-suspends-formal-nrc-meetings" for event in events
    )


def test_show_finds_an_institution_by_its_short_name(run: Run) -> None:
    assert show(run, "NRC")["id"] == "nato-russia-council"


def test_an_event_shows_its_status_changes_recommendations_and_quoted_sources(run: Run) -> None:
    event = show(run, "2014-04-01-nato-suspends-practical-cooperation-with-russia")
    assert event["record_kind"] == "event"
    changes = event["status_changes"]
    assert isinstance(changes, list)
    assert any(
        change["institution_id"] == "nato-russia-council" and change["status"] == "restricted"
        for change in changes
    )
    recommendations = event["recommendations"]
    assert isinstance(recommendations, list)
    assert any(r["id"] == "csernatoni-2014-keep-political-dialogue-open" for r in recommendations)
    claims = event["claims"]
    assert isinstance(claims, list) and claims[0]["verdict"] == "accurate"
    assert claims[0]["source"]["id"] == "csernatoni-2014-nato-russia-brief"
    sources = event["sources"]
    assert isinstance(sources, list) and all(source["url"] for source in sources)


def test_a_recommendation_shows_its_outcome_evidence_with_titles(run: Run) -> None:
    recommendation = show(run, "csernatoni-2014-freeze-arms-sales-to-russia")
    outcome = recommendation["outcome"]
    assert isinstance(outcome, dict)
    evidence = outcome["events"]
    assert isinstance(evidence, list)
    assert evidence[0]["id"] == "2014-07-31-eu-sectoral-sanctions-arms-embargo-russia"
    assert evidence[0]["date"] == "2014-07-31" and evidence[0]["title"]


def test_an_actor_shows_its_claims_and_events(run: Run) -> None:
    rasmussen = show(run, "anders-fogh-rasmussen")
    claims = rasmussen["claims"]
    assert isinstance(claims, list) and claims[0]["verdict"] == "inaccurate"
    assert any(event["id"] == "2009-08-01-rasmussen-takes-office" for event in rasmussen["events"])  # type: ignore[union-attr]


def test_a_source_shows_every_record_citing_it(run: Run) -> None:
    brief = show(run, "csernatoni-2014-nato-russia-brief")
    cited_by = brief["cited_by"]
    assert isinstance(cited_by, list)
    kinds = {row["record_kind"] for row in cited_by}
    assert {"recommendation", "event", "actor", "institution"} <= kinds


def test_an_unknown_id_names_the_closest_ones(run: Run) -> None:
    code, out, err = run("show", "nato-russia-counsil")
    assert code == 2 and out == ""
    assert err.startswith(
        "nrkb: error: no record has the id or name 'nato-russia-counsil'; closest: "
    )
    assert "nato-russia-council" in err


def test_the_table_view_shows_the_history(run: Run) -> None:
    code, out, _ = run("show", "nato-russia-council", "--format", "table")
    assert code == 0
    assert "status" in out and "suspended" in out and "2008-08-19" in out


def test_a_name_two_records_share_is_refused_with_both_listed(run: Run, minimal_data: Path) -> None:
    actors = minimal_data / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    text = text.replace("aliases: [NATO, OTAN]", "aliases: [NATO, OTAN, The North]")
    text = text.replace("  country_code: NO\n", "  country_code: NO\n  aliases: [The North]\n")
    actors.write_text(text, encoding="utf-8")
    code, out, err = run("show", "the north", "--data", str(minimal_data))
    assert code == 2 and out == ""
    assert "'the north' names more than one record: nato (actor), norway (actor)" in err
    code, out, _ = run("show", "OTAN", "--data", str(minimal_data), "--format", "json")
    assert code == 0 and '"id": "nato"' in out
