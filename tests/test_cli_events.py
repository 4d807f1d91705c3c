"""`nrkb events` on the bundled data: the analyst's main question."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import Run

pytestmark = pytest.mark.usefixtures("prebuilt")  # every test reads the bundled data


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
    starts = [(str(row["date_start"]), str(row["id"])) for row in rows]
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
        "date_start",
        "date_end",
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
    assert suspension["date_start"] == "2008-08-19"


def test_tsv_and_ndjson_are_complete_and_parseable(run: Run) -> None:
    tsv = run("events", "--format", "tsv", "--since", "2022")[1].splitlines()
    ndjson = run("events", "--format", "ndjson", "--since", "2022")[1].splitlines()
    assert len(tsv) - 1 == len(ndjson) > 10
    assert all(len(line.split("\t")) == len(tsv[0].split("\t")) for line in tsv)
    assert [json.loads(line)["id"] for line in ndjson] == [line.split("\t")[0] for line in tsv[1:]]


def test_piped_output_defaults_to_csv(run: Run) -> None:
    out = run("events", "--since", "2025")[1]
    assert out.startswith("id,title,date,date_start,date_end,precision,type,")


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


def test_an_unknown_actor_is_a_usage_error_with_a_suggestion(run: Run) -> None:
    code, out, err = run("events", "--actor", "rusia")
    assert code == 2 and out == ""
    assert err.strip() == "nrkb: error: unknown actor 'rusia'; did you mean 'russia'?"


def test_an_unknown_type_lists_the_valid_ones(run: Run) -> None:
    code, _, err = run("events", "--type", "war")
    assert code == 2 and "unknown event type 'war'; valid: accession, agreement" in err


def test_a_misspelt_type_gets_did_you_mean_and_names_the_value_once(run: Run) -> None:
    code, out, err = run("events", "--type", "sumit")
    assert code == 2 and out == ""
    assert "did you mean 'summit'?" in err and err.count("sumit") == 1


def test_a_type_may_be_typed_as_the_table_shows_it(run: Run) -> None:
    code, out, _ = run("events", "--type", "entry into force", "--format", "json")
    assert code == 0 and {row["type"] for row in json.loads(out)} == {"entry-into-force"}


def test_since_after_until_is_a_usage_error(run: Run) -> None:
    code, out, err = run("events", "--since", "2014", "--until", "2013")
    assert code == 2 and out == ""
    assert "2014 is after --until 2013" in err


def test_a_bad_format_names_the_valid_ones_without_internal_wording(run: Run) -> None:
    code, _, err = run("events", "--format", "xml")
    assert code == 2 and "'xml'; valid: table, csv, tsv, json, ndjson" in err
    assert "Value error" not in err


@pytest.mark.parametrize(
    ("option", "name", "expected"),
    [
        ("--institution", "NRC", "2008-08-19-nato-suspends-formal-nrc-meetings"),
        ("--institution", "Совет Россия–НАТО", "2008-08-19-nato-suspends-formal-nrc-meetings"),
        ("--actor", "Russia", "2008-08-19-nato-suspends-formal-nrc-meetings"),
    ],
)
def test_filters_take_short_names_and_aliases(
    run: Run, option: str, name: str, expected: str
) -> None:
    code, out, err = run("events", option, name, "--format", "json")
    assert code == 0, err
    assert expected in [row["id"] for row in json.loads(out)]
