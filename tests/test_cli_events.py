"""`nrkb events` on the bundled data: the analyst's main question."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import Run


def events_json(run: Run, *args: str) -> list[dict[str, object]]:
    code, out, err = run("events", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def ids(rows: list[dict[str, object]]) -> list[str]:
    return [str(row["id"]) for row in rows]


def test_events_since_2008_include_the_georgia_suspension_and_exclude_the_founding_act(
    run: Run,
) -> None:
    found = ids(events_json(run, "--since", "2008"))
    assert "2008-08-19-nato-suspends-formal-nrc-meetings" in found
    assert "1997-05-27-nato-russia-founding-act-signed-paris" not in found
    assert all(identifier >= "2008" for identifier in found)


def test_since_keeps_an_event_known_only_to_the_month(run: Run, minimal_data: Path) -> None:
    rows = events_json(run, "--data", str(minimal_data), "--since", "2008-08-15")
    assert "2008-08-war-in-georgia" in ids(rows)
    assert "2002-05-28-rome-declaration" not in ids(rows)
    rows = events_json(run, "--data", str(minimal_data), "--until", "2008-08-01")
    assert ids(rows)[-1] == "2008-08-war-in-georgia"


def test_events_are_in_date_order(run: Run) -> None:
    rows = events_json(run)
    starts = [(str(row["start"]), str(row["id"])) for row in rows]
    assert starts == sorted(starts)
    assert len(rows) >= 200


def test_json_has_the_contract_fields_with_sources_and_urls(run: Run) -> None:
    rows = events_json(run, "--since", "2014-04-01", "--until", "2014-04-01")
    suspension = next(
        r for r in rows if r["id"] == "2014-04-01-nato-suspends-practical-cooperation-with-russia"
    )
    for field in (
        "id",
        "title",
        "date",
        "start",
        "end",
        "precision",
        "type",
        "actors",
        "institutions",
        "topics",
        "summary",
        "sources",
    ):
        assert field in suspension
    assert suspension["date"] == "2014-04-01" and suspension["precision"] == "day"
    assert {
        "id": "nato-russia-council",
        "name": "NATO-Russia Council",
        "effect": "restricted",
    } in suspension["institutions"]  # type: ignore[operator]
    sources = suspension["sources"]
    assert isinstance(sources, list) and sources
    assert all(str(source["url"]).startswith("http") and source["title"] for source in sources)


@pytest.mark.parametrize(
    ("option", "value", "expected", "unexpected"),
    [
        (
            "--type",
            "accession",
            "2023-04-04-finland-accedes-to-nato",
            "2008-08-19-nato-suspends-formal-nrc-meetings",
        ),
        (
            "--actor",
            "finland",
            "2023-04-04-finland-accedes-to-nato",
            "1997-05-27-nato-russia-founding-act-signed-paris",
        ),
        (
            "--institution",
            "nato-russia-council",
            "2008-08-19-nato-suspends-formal-nrc-meetings",
            "2023-04-04-finland-accedes-to-nato",
        ),
        (
            "--topic",
            "crimea",
            "2014-03-16-crimea-status-referendum",
            "2008-08-19-nato-suspends-formal-nrc-meetings",
        ),
    ],
)
def test_filters_narrow_the_events(
    run: Run, option: str, value: str, expected: str, unexpected: str
) -> None:
    found = ids(events_json(run, option, value))
    assert expected in found
    assert unexpected not in found


def test_csv_joins_lists_with_semicolons_and_round_trips(run: Run) -> None:
    code, out, _ = run("events", "--format", "csv", "--institution", "nato-russia-council")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    suspension = next(r for r in rows if r["id"] == "2008-08-19-nato-suspends-formal-nrc-meetings")
    assert "nato-russia-council" in suspension["institutions"].split("; ")
    assert suspension["start"] == "2008-08-19"


def test_tsv_and_ndjson_are_complete_and_parseable(run: Run) -> None:
    tsv = run("events", "--format", "tsv", "--since", "2022")[1].splitlines()
    ndjson = run("events", "--format", "ndjson", "--since", "2022")[1].splitlines()
    assert len(tsv) - 1 == len(ndjson) > 10
    assert all(len(line.split("\t")) == len(tsv[0].split("\t")) for line in tsv)
    assert [json.loads(line)["id"] for line in ndjson] == [line.split("\t")[0] for line in tsv[1:]]


def test_piped_output_defaults_to_csv(run: Run) -> None:
    out = run("events", "--since", "2025")[1]
    assert out.startswith("id,title,date,start,end,precision,type,")


def test_limit_and_output_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "events.json"
    code, out, _ = run("events", "--limit", "3", "--output", str(target))
    assert code == 0 and out == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 3


def test_the_table_format_is_readable(run: Run) -> None:
    code, out, _ = run(
        "events", "--since", "2022-02-24", "--until", "2022-02-24", "--format", "table"
    )
    assert code == 0
    assert "Date" in out and "Event" in out and "2022-02-24" in out and "record" in out


def test_an_unknown_actor_gets_a_suggestion_and_exit_1(run: Run) -> None:
    code, out, err = run("events", "--actor", "rusia")
    assert code == 1 and out == ""
    assert err.strip() == "nrkb: error: unknown actor 'rusia'; did you mean russia?"


def test_an_unknown_type_lists_the_known_ones(run: Run) -> None:
    code, _, err = run("events", "--type", "war")
    assert code == 1 and "unknown event type 'war'; known: accession, agreement" in err


def test_a_bad_date_is_a_usage_error(run: Run) -> None:
    code, _, err = run("events", "--since", "2014-02-30")
    assert code == 2 and "--since" in err and "day is out of range" in err
