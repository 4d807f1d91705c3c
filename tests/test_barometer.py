"""`nrkb barometer` and `nrkb periods`: the tone of the relationship period by period."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, FIXTURES, Run
from nrkb.agreement import draw_sample, weighted_kappa
from nrkb.tone import DEFAULT_TONE, SCALE
from nrkb.vocab import EventType

MINIMAL = str(FIXTURES / "minimal")


def barometer(run: Run, *args: str) -> dict[str, dict[str, object]]:
    code, out, err = run("barometer", "--data", MINIMAL, "--format", "json", *args)
    assert code == 0, err
    return {row["period"]: row for row in json.loads(out)}


def test_a_year_of_cooperation_scores_above_a_year_of_conflict(run: Run) -> None:
    years = barometer(run)
    # 2008: the Georgia war (-3) and the NRC suspension (-2); 2009: the resumption (+2).
    assert years["2008"]["conflictual"] == 2 and years["2008"]["cooperative"] == 0
    assert years["2009"]["cooperative"] == 1 and years["2009"]["conflictual"] == 0
    assert years["2009"]["mean_tone"] > 0 > years["2008"]["mean_tone"]
    assert years["2008"]["mean_tone"] == -2.5 and years["2008"]["net_tone"] == -5


def test_years_without_events_are_rows_without_a_mean(run: Run) -> None:
    years = barometer(run)
    assert list(years) == [str(year) for year in range(1991, 2010)]
    assert years["2005"]["event_count"] == 0 and years["2005"]["mean_tone"] is None


def test_each_row_names_the_period_it_falls_in(run: Run) -> None:
    years = barometer(run, "--since", "2007")
    assert years["2007"]["named_period"] == "founding-act-years"
    assert years["2009"]["named_period"] == "reset"


def test_the_filters_change_the_series(run: Run) -> None:
    everything = barometer(run)
    # The war names no institution: with --institution only the NRC suspension is left in 2008.
    council = barometer(run, "--institution", "nato-russia-council")
    assert everything["2008"]["event_count"] == 2 and council["2008"]["event_count"] == 1
    assert council["2008"]["mean_tone"] == -2.0 and "1997" in council
    assert council["1997"]["event_count"] == 0  # the Founding Act is not an NRC event
    georgia = barometer(run, "--topic", "georgia-conflict")
    assert [period for period, row in georgia.items() if row["event_count"]] == ["2008"]
    window = barometer(run, "--since", "2008", "--until", "2008")
    assert list(window) == ["2008"]
    with_russia = barometer(run, "--actor", "russia")
    # The resumption of 2009 names NATO alone: the series ends with Russia's last event.
    assert "2009" not in with_russia and with_russia["1997"]["event_count"] == 1


def test_by_quarter_and_month(run: Run) -> None:
    quarters = barometer(run, "--by", "quarter", "--since", "2008", "--until", "2009")
    assert list(quarters)[:3] == ["2008-Q1", "2008-Q2", "2008-Q3"]
    assert quarters["2008-Q3"]["event_count"] == 2 and quarters["2009-Q1"]["event_count"] == 1
    months = barometer(run, "--by", "month", "--since", "2008-08", "--until", "2009-03")
    assert months["2008-08"]["event_count"] == 2 and months["2008-09"]["event_count"] == 0
    assert months["2009-03"]["date_start"] == "2009-03-01"
    assert months["2009-03"]["date_end"] == "2009-03-31"


def test_an_event_known_only_to_the_year_is_left_out_by_month_and_said_so(
    run: Run, minimal_data: Path
) -> None:
    events = minimal_data / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace('date: "2008-08"', 'date: "2008"'), "utf-8"
    )
    code, out, err = run(
        "barometer", "--data", str(minimal_data), "--by", "month", "--format", "csv"
    )
    assert code == 0 and "1 event dated less precisely than a month left out" in err
    code, out, err = run("barometer", "--data", str(minimal_data), "--format", "json")
    assert {row["period"]: row for row in json.loads(out)}["2008"]["event_count"] == 2 and err == ""


def test_the_terminal_view_has_a_sparkline_and_a_gauge(run: Run) -> None:
    code, out, _ = run("barometer", "--data", MINIMAL, "--format", "table", "--since", "2008")
    assert code == 0
    spark = out.splitlines()[1].split()
    assert spark[0] == "2008" and spark[-1] == "2009" and spark[1] == "▁█"
    assert "███│" in out and "│██" in out  # 2008 left of the centre, 2009 right of it


def test_periods_lists_the_named_periods_with_their_sources_and_tone(run: Run) -> None:
    code, out, _ = run("periods", "--data", MINIMAL, "--format", "json")
    assert code == 0
    periods = {row["id"]: row for row in json.loads(out)}
    assert list(periods) == ["founding-act-years", "georgia-rupture", "reset"]
    rupture = periods["georgia-rupture"]
    assert rupture["start"] == "2008-08" and rupture["end"] == "2009-03"
    assert rupture["event_count"] == 2 and rupture["mean_tone"] == -2.5
    assert rupture["sources"][0]["quote"] == "suspension of formal meetings"
    assert periods["reset"]["end"] is None


def test_show_finds_a_period_by_its_id(run: Run) -> None:
    code, out, _ = run("show", "georgia-rupture", "--data", MINIMAL, "--format", "json")
    assert code == 0
    period = json.loads(out)
    assert period["record_kind"] == "period" and period["name"] == "The 2008 rupture"


def test_the_plot_is_written_and_not_blank(run: Run, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.image import imread

    target = tmp_path / "barometer.png"
    code, out, _ = run("barometer", "--data", MINIMAL, "--plot", str(target))
    assert code == 0 and "19 years, 5 events" in out
    pixels = imread(target)
    # Width fits a page (6.9 inches at 300 dpi) and a good part of the picture is drawn on.
    assert pixels.shape[1] == 2070
    drawn = (pixels[:, :, :3].sum(axis=2) < 2.9).mean()
    assert drawn > 0.05
    for suffix, magic in ((".pdf", b"%PDF"), (".svg", b"<?xml")):
        other = tmp_path / f"barometer{suffix}"
        assert run("barometer", "--data", MINIMAL, "--plot", str(other))[0] == 0
        assert other.read_bytes().startswith(magic)


def test_the_plot_refuses_an_unknown_file_type(run: Run, tmp_path: Path) -> None:
    code, _, err = run("barometer", "--data", MINIMAL, "--plot", str(tmp_path / "b.gif"))
    assert code == 1 and ".png, .svg or .pdf" in err


def test_the_turning_points_open_the_named_periods() -> None:
    from nrkb.barometer import periods, turning_points
    from nrkb.db import connect
    from nrkb.locations import locate
    from nrkb.query import EventFilter, events

    with connect(locate(Path(MINIMAL))) as connection:
        named = periods(connection)
        turning = turning_points(events(connection, EventFilter()), named)
    assert [event["id"] for event in turning] == [
        "1997-05-27-founding-act-signed",
        "2008-08-war-in-georgia",
        "2009-03-05-nrc-resumption-agreed",
    ]


def test_the_tone_is_required_and_bounded(run: Run, minimal_data: Path) -> None:
    events = minimal_data / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("  tone: -2\n", "", 1), "utf-8")
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1 and "2008-08-19-nrc-meetings-suspended: tone: required field is missing" in out
    events.write_text(text.replace("  tone: -2\n", "  tone: -4\n", 1), "utf-8")
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1 and "tone: Input should be greater than or equal to -3" in out


def test_periods_must_follow_one_another(run: Run, minimal_data: Path) -> None:
    periods = minimal_data / "periods.yaml"
    text = periods.read_text(encoding="utf-8")
    periods.write_text(text.replace('start: "2009-03"', 'start: "2008-01"'), "utf-8")
    code, out, _ = run("validate", "--data", str(minimal_data))
    assert code == 1 and "reset: start: starts (2008-01) before the previous period" in out


def test_every_event_type_has_a_usual_tone_and_every_anchor_example_has_its_tone() -> None:
    from nrkb.validate import load_dataset

    assert sorted(DEFAULT_TONE) == sorted(member.value for member in EventType)
    tones = {event.id: event.tone for event in load_dataset(DATA, "data").events}
    for anchor in SCALE:
        for example in anchor.examples:
            assert tones[example] == anchor.tone, example


def test_weighted_kappa_matches_a_value_worked_by_hand() -> None:
    # Observed disagreement 0.5/4, expected 0.4375 from the marginals: kappa = 1 - 0.125/0.4375.
    assert weighted_kappa([0, 0, 1, 2], [0, 1, 1, 2]) == pytest.approx(5 / 7)
    assert weighted_kappa([-3, 0, 3], [-3, 0, 3]) == 1.0
    # Disagreeing more than chance would gives a negative kappa.
    assert weighted_kappa([-3, 3, -3, 3], [3, -3, 3, -3]) < 0
    # A one-step slip costs less than a three-step one.
    near = weighted_kappa([-2, -1, 0, 1, 2], [-2, -1, 0, 1, 1])
    far = weighted_kappa([-2, -1, 0, 1, 2], [-2, -1, 0, 1, -1])
    assert near > far


def test_the_sample_is_stratified_by_decade_and_reproducible() -> None:
    events = [
        {"id": f"e{decade}{n}", "date_start": f"{decade}5-01-01"}
        for decade, count in (("199", 30), ("200", 50), ("201", 20))
        for n in range(count)
    ]
    sample = draw_sample(events, size=10, seed=1)
    decades = [event["date_start"][:3] for event in sample]
    assert (decades.count("199"), decades.count("200"), decades.count("201")) == (3, 5, 2)
    assert sample == draw_sample(events, size=10, seed=1)
    assert sample != draw_sample(events, size=10, seed=2)


def test_the_committed_sample_holds_sixty_events_without_tones() -> None:
    import csv

    sample = DATA.parent / "docs" / "barometer-sample.csv"
    with sample.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 60 and "tone" not in rows[0]
    assert {"id", "title", "date", "summary"} <= set(rows[0])
