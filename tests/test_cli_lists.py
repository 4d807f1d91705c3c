"""Institutions with status on a day, recommendations, actors, sources, --version, python -m."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import Run
from nrkb import __version__

pytestmark = pytest.mark.usefixtures("prebuilt")  # every test reads the bundled data


def institutions_on(run: Run, day: str) -> dict[str, dict[str, object]]:
    code, out, err = run("institutions", "--on", day, "--format", "json")
    assert code == 0, err
    return {row["id"]: row for row in json.loads(out)}


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2001-01-01", None),  # before the Rome Declaration
        ("2002-06-01", "active"),
        ("2008-10-01", "suspended"),
        ("2010-01-01", "active"),
        ("2015-01-01", "inactive"),
        ("2017-01-01", "restricted"),
        ("2023-01-01", "inactive"),
    ],
)
def test_the_nato_russia_council_status_on_a_day(run: Run, day: str, status: str | None) -> None:
    assert institutions_on(run, day)["nato-russia-council"]["status_on_day"] == status


def test_status_filter_and_history(run: Run) -> None:
    code, out, _ = run(
        "institutions", "--on", "2008-10-01", "--status", "suspended", "--format", "json"
    )
    rows = json.loads(out)
    assert code == 0 and "nato-russia-council" in [row["id"] for row in rows]
    assert all(row["status_on_day"] == "suspended" for row in rows)
    council = next(row for row in rows if row["id"] == "nato-russia-council")
    history = [(change["status"], change["since"]) for change in council["status"]]
    assert ("suspended", "2008-08-19") in history and ("active", "2002-05-28") in history
    assert history[0] == ("proposed", "2001-12-07")


def test_recommendations_of_the_2014_brief_with_outcomes(run: Run) -> None:
    code, out, _ = run("recommendations", "--format", "json")
    rows = {row["id"]: row for row in json.loads(out)}
    assert code == 0 and len(rows) >= 12
    arms = rows["csernatoni-2014-freeze-arms-sales-to-russia"]
    assert arms["outcome"]["status"] == "adopted"
    assert arms["source"]["quote"] == "NATO should also freeze sales of armaments to Russia."
    assert "2014-07-31-eu-sectoral-sanctions-arms-embargo-russia" in arms["outcome"]["events"]
    assert all(row["outcome"]["sources"] for row in rows.values())


def test_recommendations_filter_by_outcome_and_topic(run: Run) -> None:
    out = run(
        "recommendations",
        "--outcome",
        "not-adopted",
        "--topic",
        "missile-defence",
        "--format",
        "json",
    )[1]
    rows = json.loads(out)
    assert rows and all(row["outcome"]["status"] == "not-adopted" for row in rows)
    assert all("missile-defence" in row["topics"] for row in rows)


def test_actors_and_sources_list_what_the_data_cites(run: Run) -> None:
    actors = {row["id"]: row for row in json.loads(run("actors", "--format", "json")[1])}
    assert actors["norway"]["country_code"] == "NO"  # not YAML 1.1's false
    assert actors["russia"]["kind"] == "state"
    sources = json.loads(run("sources", "--format", "json")[1])
    assert all(row["url"].startswith("http") for row in sources)
    assert all(row["cited_by_count"] >= 1 for row in sources)


def test_version(run: Run) -> None:
    assert run("--version")[1].strip() == f"nrkb {__version__}"


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nrkb", "events", "--since", "2024", "--format", "csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("id,title,date")
    assert "2024-03-07" in result.stdout  # Sweden's accession
