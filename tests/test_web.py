"""The web view (`nrkb serve`): one database named nrkb, documented from the codebook, record
pages with their evidence, canned questions that agree with the CLI, and a server that behaves."""

from __future__ import annotations

import json
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

pytest.importorskip("datasette")

from conftest import copy_of, invoke
from nrkb import descriptions, query
from nrkb.dates import parse
from nrkb.search import search
from nrkb.serve import datasette_instance, get

pytestmark = pytest.mark.slow  # a server in a subprocess, and pages rendered by Datasette


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, built_db: Path) -> Path:
    # Named like a cache file: the site must call it `nrkb` all the same.
    return copy_of(built_db, tmp_path_factory.mktemp("web"), "nrkb-0123456789abcdef.db")


@pytest.fixture(scope="module")
def site(database: Path) -> Any:
    return datasette_instance(database, None, allow_sql=False)


@pytest.fixture(scope="module")
def connection(database: Path) -> Iterator[sqlite3.Connection]:
    with sqlite3.connect(database) as opened:
        opened.row_factory = sqlite3.Row
        yield opened


def page(site: Any, path: str) -> str:
    status, text = get(site, path)
    assert status == 200, (path, text[:500])
    return text


def rows(site: Any, path: str) -> list[dict[str, Any]]:
    separator = "&" if "?" in path else "?"
    answer = json.loads(page(site, f"{path}{separator}_shape=array&_size=max"))
    assert isinstance(answer, list)
    return answer


# One database, documented


def test_one_database_named_nrkb_whatever_the_file_is_called(site: Any) -> None:
    databases = json.loads(page(site, "/-/databases.json"))
    assert [database["name"] for database in databases] == ["nrkb"]
    assert databases[0]["is_mutable"] is False
    event = rows(site, "/nrkb/events/2014-03-16-crimea-status-referendum.json")
    assert event[0]["date"] == "2014-03-16"


def test_metadata_says_what_the_site_is_and_describes_every_table_and_column(
    site: Any, connection: sqlite3.Connection
) -> None:
    metadata = json.loads(page(site, "/-/metadata.json"))
    assert metadata["title"].startswith("nrkb")
    assert "CC BY 4.0" in metadata["license"] and "MIT" in metadata["license"]
    assert metadata["license_url"].startswith("https://creativecommons.org/")
    assert re.search(r"from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d", metadata["description"])
    described = metadata["databases"]["nrkb"]["tables"]
    shown = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE '%fts%'"
        )
    ]
    assert set(described) == set(shown)
    for name in shown:
        assert described[name]["description"], name
        columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')]
        assert set(described[name]["columns"]) == set(columns), name
        # Written once: the codebook's own words.
        for column, text in described[name]["columns"].items():
            assert text == descriptions.COLUMN_DESCRIPTIONS[column]


def test_the_coverage_horizon_comes_from_dataset_yaml_when_there_is_one(
    database: Path, tmp_path: Path
) -> None:
    (tmp_path / "dataset.yaml").write_text("coverage: {start: 1991-12-20, end: 2025-12-31}\n")
    site = datasette_instance(database, tmp_path, allow_sql=False)
    metadata = json.loads(get(site, "/-/metadata.json")[1])
    assert "Coverage: 1991-12-20 to 2025-12-31." in metadata["description"]


def test_events_are_sorted_by_date_with_facets(site: Any, connection: sqlite3.Connection) -> None:
    answer = json.loads(page(site, "/nrkb/events.json?_size=max"))
    starts = [row[answer["columns"].index("date_start")] for row in answer["rows"]]
    assert starts == sorted(starts)
    assert {"type", "precision"} <= set(answer["facet_results"])
    flat = json.loads(page(site, "/nrkb/events_flat.json"))
    assert {"topic_codes", "actor_ids", "type"} <= set(flat["facet_results"])
    crimea = {
        value["value"]: value["count"] for value in flat["facet_results"]["topic_codes"]["results"]
    }
    (expected,) = connection.execute(
        "SELECT count(*) FROM record_topics WHERE topic = 'crimea' AND record_kind = 'event'"
    ).fetchone()
    assert crimea["crimea"] == expected


# Search


@pytest.mark.parametrize(
    ("view", "table"),
    [
        ("events_flat", "events"),
        ("recommendation_outcomes", "recommendations"),
    ],
)
def test_search_works_on_the_flattened_views_too(site: Any, view: str, table: str) -> None:
    word = "crimea" if table == "events" else "dialogue"
    in_view = {row["id"] for row in rows(site, f"/nrkb/{view}.json?_search={word}")}
    in_table = {row["id"] for row in rows(site, f"/nrkb/{table}.json?_search={word}")}
    assert in_view == in_table and in_view


def test_institution_status_periods_are_searched_by_institution(site: Any) -> None:
    found = {
        row["institution_id"]
        for row in rows(site, "/nrkb/institution_status_periods.json?_search=council")
    }
    assert "nato-russia-council" in found


@pytest.mark.parametrize(
    "text", ["missile defence", "crimea", "crimea AND (", "Founding Act", "nato*"]
)
def test_the_search_query_ranks_as_nrkb_search(
    site: Any, connection: sqlite3.Connection, text: str
) -> None:
    from urllib.parse import quote

    answer = rows(site, f"/nrkb/search.json?q={quote(text)}")
    # A page holds at most Datasette's max_returned_rows (1,000); "nato*" matches more.
    expected = search(connection, text, limit=None)[:1000]
    assert [(row["record_kind"], row["id"]) for row in answer] == [
        (row["record_kind"], row["id"]) for row in expected
    ]
    assert [row["score"] for row in answer] == [row["score"] for row in expected]


# Canned questions agree with the CLI's answers


@pytest.mark.parametrize("day", ["2008-10-01", "2014-04", "2022", "1999", ""])
def test_status_of_every_institution_on_a_date(
    site: Any, connection: sqlite3.Connection, day: str
) -> None:
    answer = {
        row["institution_id"]: row["status_on_day"]
        for row in rows(site, f"/nrkb/institutions_on.json?on={day}")
    }
    on = parse(day) if day else None  # empty: the current status, as without --on
    expected = {row["id"]: row["status_on_day"] for row in query.institutions(connection, on)}
    assert answer == expected


@pytest.mark.parametrize(("since", "until"), [("2008", "2008"), ("2014-03", ""), ("", "1995")])
def test_events_in_a_date_window_with_partial_dates(
    site: Any, connection: sqlite3.Connection, since: str, until: str
) -> None:
    answer = [
        row["event_id"]
        for row in rows(site, f"/nrkb/events_between.json?since={since}&until={until}")
    ]
    window = query.EventFilter(
        since=parse(since) if since else None, until=parse(until) if until else None
    )
    assert answer == [row["id"] for row in query.events(connection, window)]
    assert answer


def test_a_date_the_cli_would_refuse_is_a_clear_error_not_a_crash(site: Any) -> None:
    status, text = get(site, "/nrkb/institutions_on.json?on=2008-13")
    assert status == 400
    assert text.startswith("on: ") and "month" in text
    status, text = get(site, "/nrkb/events_between?since=2008&until=Y7E9")
    assert status == 400 and text.startswith("until: ")


def test_every_nrc_meeting(site: Any, connection: sqlite3.Connection) -> None:
    answer = [row["event_id"] for row in rows(site, "/nrkb/nrc_meetings.json")]
    meetings = connection.execute(
        "SELECT event_id FROM event_institutions WHERE institution_id = 'nato-russia-council' "
        "AND effect = 'meeting'"
    ).fetchall()
    assert sorted(answer) == sorted(row[0] for row in meetings) and answer
    dates = [row["date"] for row in rows(site, "/nrkb/nrc_meetings.json")]
    assert dates == sorted(dates)


def test_sources_of_a_record(site: Any, connection: sqlite3.Connection) -> None:
    record = "nato-russia-council"
    answer = rows(site, f"/nrkb/sources_of_record.json?record_id={record}")
    cited = connection.execute(
        "SELECT s.url FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.record_id = ?",
        (record,),
    ).fetchall()
    assert sorted(row["url"] for row in answer) == sorted(row[0] for row in cited)
    assert answer[0]["context"] == "record"


def test_recommendations_and_what_became_of_them(site: Any, connection: sqlite3.Connection) -> None:
    everything = rows(site, "/nrkb/recommendations_and_outcomes.json?outcome=")
    (count,) = connection.execute("SELECT count(*) FROM recommendations").fetchone()
    assert len(everything) == count
    status = everything[0]["outcome_status"]
    chosen = rows(site, f"/nrkb/recommendations_and_outcomes.json?outcome={status}")
    assert chosen and {row["outcome_status"] for row in chosen} == {status}
    assert any(row["evidence"] for row in everything)


# Record pages show the evidence


def test_an_event_page_shows_sources_actors_institutions_and_claims(
    site: Any, connection: sqlite3.Connection
) -> None:
    (event,) = connection.execute(
        "SELECT record_id FROM claims WHERE record_kind = 'event' LIMIT 1"
    ).fetchone()
    html = page(site, f"/nrkb/events/{event}")
    for source in connection.execute(
        "SELECT s.url, s.publisher FROM citations c JOIN sources s ON s.id = c.source_id "
        "WHERE c.record_id = ?",
        (event,),
    ):
        assert f'href="{_html(source["url"])}"' in html
        assert _html(source["publisher"]) in html
    for actor in connection.execute(
        "SELECT a.name, ea.role FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
        "WHERE ea.event_id = ?",
        (event,),
    ):
        assert f"{_html(actor['name'])}</a> — {actor['role']}" in html
    for institution in connection.execute(
        "SELECT i.name, ei.effect FROM event_institutions ei JOIN institutions i "
        "ON i.id = ei.institution_id WHERE ei.event_id = ?",
        (event,),
    ):
        assert f"{_html(institution['name'])}</a> — {institution['effect']}" in html
    for claim in connection.execute("SELECT verdict FROM claims WHERE record_id = ?", (event,)):
        assert f"<strong>{claim['verdict']}</strong>" in html


def test_an_institution_page_shows_its_status_history_with_the_events(
    site: Any, connection: sqlite3.Connection
) -> None:
    html = page(site, "/nrkb/institutions/nato-russia-council")
    history = connection.execute(
        "SELECT status, event_id FROM status_changes WHERE institution_id = "
        "'nato-russia-council' ORDER BY position"
    ).fetchall()
    assert len(history) >= 3
    section = html[html.index("Status history") :]
    positions = [section.index(f'/nrkb/events/{change["event_id"]}"') for change in history]
    assert positions == sorted(positions)
    assert [status for status in re.findall(r"<td><strong>([a-z-]+)</strong>", section)][
        : len(history)
    ] == [change["status"] for change in history]


def test_a_recommendation_page_shows_its_outcome_and_evidence(
    site: Any, connection: sqlite3.Connection
) -> None:
    recommendation = connection.execute(
        "SELECT r.id, r.outcome_status, r.outcome_summary, re.event_id FROM recommendations r "
        "JOIN recommendation_events re ON re.recommendation_id = r.id "
        "WHERE re.relation = 'evidence' LIMIT 1"
    ).fetchone()
    html = page(site, f"/nrkb/recommendations/{recommendation['id']}")
    assert f"Outcome: {recommendation['outcome_status']}" in html
    assert _html(recommendation["outcome_summary"]) in html
    assert f'/nrkb/events/{recommendation["event_id"]}"' in html


def test_ids_in_views_and_search_results_link_to_their_records(site: Any) -> None:
    html = page(site, "/nrkb/search?q=crimea")
    assert 'href="/nrkb/events/2014-03-16-crimea-status-referendum"' in html
    html = page(site, "/nrkb/institution_status_periods?institution_id=nato-russia-council")
    assert 'href="/nrkb/institutions/nato-russia-council"' in html


def _html(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


# Safety: no arbitrary SQL by default, bounded values, the right Host only


def test_arbitrary_sql_is_off_unless_asked_for(database: Path, site: Any) -> None:
    assert get(site, "/nrkb.json?sql=select+1")[0] == 403
    open_site = datasette_instance(database, None, allow_sql=True)
    assert get(open_site, "/nrkb.json?sql=select+1&_shape=array")[0] == 200


def test_a_huge_value_is_refused_quickly(database: Path) -> None:
    open_site = datasette_instance(database, None, allow_sql=True)
    status, text = get(open_site, "/nrkb.json?sql=select+zeroblob(900000000)")
    assert status == 400 and "too big" in text


# The server process


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, database: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "nrkb", "serve", "--db", str(database), "--port", "0", *args],
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        line = self.process.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/nrkb", line)
        assert found, line
        self.port = int(found.group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def fetch(self, path: str, host: str | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.url + path)
        if host is not None:
            request.add_header("Host", host)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as failure:
            return failure.code, failure.read().decode()

    def stop(self, how: signal.Signals = signal.SIGTERM) -> int:
        self.process.send_signal(how)
        return self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def server(database: Path) -> Iterator[Server]:
    running = Server(database, "--sql")
    yield running
    if running.process.poll() is None:
        running.stop()


def test_the_server_keeps_answering_after_failed_sql_requests(server: Server) -> None:
    failing = [
        "select+*+from+nosuch",
        "selec+x",
        "select+zeroblob(900000000)",
        "select+zeroblob(900000000)",
        "select+zeroblob(900000000)",
        "select+randomblob(900000000)",
        "with+recursive+c(x)+as+(select+1+union+all+select+x%2B1+from+c)+select+count(*)+from+c",
    ]
    for statement in failing:
        for suffix in (".json", ""):
            assert server.fetch(f"/nrkb{suffix}?sql={statement}")[0] == 400
    status, text = server.fetch("/nrkb/events/2014-03-16-crimea-status-referendum.json")
    assert status == 200 and "2014-03-16" in text


def test_only_the_bound_address_is_answered(server: Server) -> None:
    assert server.fetch("/nrkb", host="attacker.example")[0] == 421
    assert server.fetch("/nrkb", host=f"localhost:{server.port}")[0] == 200
    assert server.fetch("/nrkb")[0] == 200


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_server_and_frees_the_port(database: Path, how: signal.Signals) -> None:
    running = Server(database)
    assert running.fetch("/nrkb")[0] == 200
    running.stop(how)
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", running.port))  # nothing left holding it


def test_a_port_in_use_is_a_one_line_error(database: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "nrkb", "serve", "--db", str(database), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert f"port {port}" in result.stderr and "in use" in result.stderr


def nrkb_serve(database: Path, *args: str) -> Result:
    """`nrkb serve --get`, in process: it starts no server, so it needs no process of its own."""
    return invoke(["serve", "--db", str(database), *args])


def test_get_answers_without_a_server(database: Path) -> None:
    result = nrkb_serve(database, "--get", "/nrkb/events.json?_search=crimea&_shape=array")
    assert result.exit_code == 0, result.stderr
    assert "2014-03-16-crimea-status-referendum" in {row["id"] for row in json.loads(result.stdout)}
    missing = nrkb_serve(database, "--get", "/nrkb/no-such-table.json")
    assert missing.exit_code == 1
    assert "Traceback" not in missing.stderr and "╭" not in missing.stderr
    assert json.loads(missing.stdout)["status"] == 404


def test_datasette_options_pass_through(database: Path) -> None:
    result = nrkb_serve(
        database, "--get", "/nrkb/events.json?_shape=array", "--setting", "default_page_size", "3"
    )
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3
    refused = nrkb_serve(database, "--get", "/", "--immutable", str(database))
    assert refused.exit_code == 2
    assert "--immutable" in refused.stderr
