"""`nrkb timeline` (terminal and picture) and `nrkb stats`."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from conftest import Run

pytestmark = pytest.mark.usefixtures("prebuilt")  # every test reads the bundled data


def test_the_terminal_timeline_groups_events_by_year(run: Run) -> None:
    code, out, _ = run(
        "timeline",
        "--since",
        "2008-08",
        "--until",
        "2009-12",
        "--institution",
        "nato-russia-council",
    )
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    suspension = next(i for i, line in enumerate(lines) if line.startswith("2008-08-19"))
    assert lines.index("2008") < suspension < lines.index("2009")
    assert "events" in lines[-1]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_timeline_plot_is_a_real_png_of_report_size(run: Run, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "timeline.png"
    code, out, err = run("timeline", "--plot", str(target))
    assert code == 0, err
    assert "events" in out
    width, height = png_size(target)
    assert 1500 <= width <= 4000 and 1000 <= height <= 6000
    assert target.stat().st_size > 50_000  # a drawing, not an empty canvas


def test_the_plot_can_be_svg_with_lanes_by_type(run: Run, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "nrc.svg"
    code, _, err = run(
        "timeline", "--institution", "nato-russia-council", "--lanes", "type", "--plot", str(target)
    )
    assert code == 0, err
    svg = target.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "NRC" in svg and "suspension" in svg


def test_a_plot_file_of_another_kind_is_refused(run: Run, tmp_path: Path) -> None:
    code, _, err = run("timeline", "--plot", str(tmp_path / "timeline.gif"))
    assert code == 1 and "must end in .png or .svg" in err


def test_stats_count_what_the_data_holds(run: Run) -> None:
    code, out, _ = run("stats", "--format", "json")
    assert code == 0
    counts = json.loads(out)
    totals = counts["totals"]
    assert totals["events"] == sum(row["count"] for row in counts["events_by_year"])
    assert totals["recommendations"] == sum(
        row["count"] for row in counts["recommendations_by_outcome"]
    )
    years = {row["year"] for row in counts["events_by_year"]}
    assert {str(year) for year in range(1991, 2026)} <= years
    assert {row["actor"] for row in counts["events_by_actor"][:2]} == {"nato", "russia"}
    assert {row["kind"] for row in counts["sources_by_kind"]} >= {"news-report", "official-text"}


def test_stats_as_a_table(run: Run) -> None:
    code, out, _ = run("stats", "--format", "table")
    assert code == 0 and "events by year" in out and "recommendations by outcome" in out


def test_the_terminal_timeline_shows_status_changes_and_a_one_year_header(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run("timeline", "--since", "2014", "--until", "2014-12")
    assert code == 0
    assert out.splitlines()[0] == "NATO–Russia relations, 2014"
    assert "→ suspended" in out and "HMTF: suspended (nrc-helicopter-maintenance-trust-fund)" in out


def test_every_suspension_is_listed_with_the_event_behind_it(run: Run) -> None:
    code, out, err = run("status-changes", "--status", "suspended", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert {row["status"] for row in rows} == {"suspended"}
    pairs = {(row["institution_id"], row["event_id"]) for row in rows}
    assert ("nato-russia-council", "2008-08-19-nato-suspends-formal-nrc-meetings") in pairs
    assert [row["since_start"] for row in rows] == sorted(row["since_start"] for row in rows)


def test_status_changes_of_one_institution_in_a_period(run: Run) -> None:
    code, out, _ = run(
        "status-changes",
        "--institution",
        "NRC",
        "--since",
        "2008",
        "--until",
        "2009",
        "--format",
        "json",
    )
    assert code == 0
    statuses = [(row["since"], row["status"]) for row in json.loads(out)]
    assert statuses[0] == ("2008-08-19", "suspended")
    assert all(row["since"][:4] in ("2008", "2009") for row in json.loads(out))


def test_institutions_on_a_day_mark_what_did_not_yet_exist(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run("institutions", "--on", "2001-01-01", "--format", "table")
    assert code == 0
    row = next(line for line in out.splitlines() if "nato-russia-council" in line)
    assert "not yet" in row
    assert "did not yet exist on 2001-01-01" in out
